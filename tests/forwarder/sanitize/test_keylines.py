"""A private key logged one line per call, each line behind a logger's prefix: every output
masks its body (the documents, their events as dead letters and alerts show them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lambda_forwarder import pem
from lambda_forwarder.config import load_settings
from lambda_forwarder.decode import subscription_event
from lambda_forwarder.handler import build_pipeline
from lambda_forwarder.model import LogEvent
from lambda_forwarder.pipeline import Pipeline
from lambda_forwarder.sanitize import REDACTED, KeyLines, masked_within, spread
from tests.support.pipeline import batch_of, invoke, make_env, stored_letters

BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj"
TAIL = "AB12cd+/=="
PREFIX = "2026-12-01 10:00:00,{:03d} INFO "
LOGGED = [
    PREFIX.format(1) + "loading the signing key",
    PREFIX.format(2) + "-----BEGIN PRIVATE KEY-----",
    PREFIX.format(3) + BODY,
    PREFIX.format(4) + TAIL,
    PREFIX.format(5) + "-----END PRIVATE KEY----- loaded",
    PREFIX.format(6) + "key loaded",
]


class TestOpenBlock:
    def test_a_block_goes_on_through_body_lines_to_its_end(self) -> None:
        block = pem.OpenBlock()
        texts = ["-----BEGIN EC PRIVATE KEY-----", BODY, "", TAIL, "-----END EC PRIVATE KEY-----x"]
        taken = [block.take(text) for text in texts]
        end = len("-----END EC PRIVATE KEY-----")
        assert taken == [None, (0, len(BODY)), (0, 0), (0, len(TAIL)), (0, end)]
        assert not block.open

    def test_a_text_that_is_no_body_line_ends_it(self) -> None:
        """A stray BEGIN in a message does not mask the rest of a batch."""
        block = pem.OpenBlock()
        texts = ["see -----BEGIN RSA PRIVATE KEY-----", "ok then"]
        assert [block.take(t) for t in texts] == [None, None]
        assert not block.open and block.take("AB12") is None

    def test_to_end_takes_every_text_up_to_the_end_line(self) -> None:
        """Raw lines (dead letters): a prefix hides whether a line is a body line."""
        block = pem.OpenBlock(to_end=True)
        assert block.take("x -----BEGIN PRIVATE KEY-----") is None
        assert block.take("2026 INFO " + BODY) == (0, len(BODY) + 10) and block.open

    def test_a_text_of_several_body_lines_is_taken_whole(self) -> None:
        block = pem.OpenBlock()
        block.take("-----BEGIN PRIVATE KEY-----")
        assert block.take(f"{BODY}\n{TAIL}") == (0, len(BODY) + 1 + len(TAIL))
        assert block.take(f"{BODY}\nnot a key") is None and not block.open

    def test_a_text_that_ends_one_block_and_begins_another_leaves_it_open(self) -> None:
        block = pem.OpenBlock()
        block.take("-----BEGIN PRIVATE KEY-----")
        end = "-----END PRIVATE KEY-----"
        assert block.take(f"{end} -----BEGIN PRIVATE KEY-----") == (0, len(end)) and block.open

    @pytest.mark.parametrize("to_end", [False, True])
    def test_a_full_body_line_alone_opens_a_run_to_the_keys_end(self, to_end: bool) -> None:
        """The rest of a key whose BEGIN was in an earlier batch: full lines, the shorter last
        one, the END line; after the last line only the END line goes on (to_end or not)."""
        block = pem.OpenBlock(to_end=to_end)
        end = "-----END PRIVATE KEY-----"
        texts = [BODY, BODY, TAIL, f"{end} done", "AB12"]
        assert [block.take(t) for t in texts] == [
            (0, len(BODY)),
            (0, len(BODY)),
            (0, len(TAIL)),
            (0, len(end)),
            None,
        ]
        block.take(BODY)
        assert block.take(TAIL) == (0, len(TAIL)) and block.take("AB12") is None
        assert not block.open
        block.take(BODY)
        assert block.take("not a key") is None and not block.open

    @pytest.mark.parametrize(
        "prefix",
        [
            "[2026-12-01 10:00:00] INFO ",
            "Dec  1 10:00:00 host app[123]: ",
            "2026-12-01T10:00:00.123Z 6f1c2b9e-2d3a-4b5c-9d8e-7f6a5b4c3d2e INFO ",
            "2026-12-01T10:00:00.123Z\t6f1c2b9e-2d3a-4b5c-9d8e-7f6a5b4c3d2e\tINFO\t",
        ],
    )
    def test_body_lines_behind_a_prefix_the_parser_left_are_taken_after_it(
        self, prefix: str
    ) -> None:
        block = pem.OpenBlock()
        end = "-----END PRIVATE KEY-----"
        texts = [prefix + BODY, prefix + BODY + "\r", prefix + TAIL + " ", prefix + end]
        taken = [block.take(t) for t in texts]
        at = len(prefix)
        assert taken == [(at, at + 64), (at, at + 65), (at, at + len(TAIL) + 1), (0, len(texts[3]))]
        after = pem.OpenBlock()
        assert after.take(prefix + "-----BEGIN PRIVATE KEY-----") is None
        assert after.take(prefix + TAIL) == (at, at + len(TAIL))

    def test_a_stray_begin_behind_a_prefix_takes_one_last_word_at_most(self) -> None:
        block = pem.OpenBlock()
        prefix = "[2026-12-01 10:00:00] INFO "
        texts = ["see -----BEGIN RSA PRIVATE KEY----- in the docs", "request done", "GET 200"]
        taken = [block.take(prefix + text) for text in texts]
        assert taken == [None, (len(prefix) + 8, len(prefix) + 12), None] and not block.open

    @pytest.mark.parametrize(
        "text",
        [
            f"x {BODY}",  # a word in a sentence: no prefix
            f"loaded key {BODY} from disk",  # not the last word
            f"2026-12-01 10:00:00 INFO x{BODY}",  # not a word of its own
            f"2026-12-01 10:00:00 INFO {BODY[:63]}",  # not a full line
            "2026-12-01 10:00:00 INFO " + "9f86d081884c7d659a2feaa0c55ad015" * 2,  # a digest
            f"2026-12-01 10:00:00 ERROR failed\n  {BODY}",  # below a line: merging's to take
        ],
    )
    def test_other_texts_open_no_run(self, text: str) -> None:
        block = pem.OpenBlock()
        assert block.take(text) is None and not block.open


def test_masked_within_replaces_the_message_in_its_line_or_masks_the_line() -> None:
    assert masked_within("2026 INFO a b", "a b", "[REDACTED] b") == "2026 INFO [REDACTED] b"
    assert masked_within("\x1b[31ma\x1b[0m b", "a b", REDACTED) == REDACTED


class TestKeyLines:
    def _follow(self, records: list[dict], lines: list[str]) -> list[LogEvent]:
        keys = KeyLines()
        return [
            keys.follow(record, LogEvent(str(i), 0, line))
            for i, (record, line) in enumerate(zip(records, lines, strict=True))
        ]

    def test_the_body_and_end_of_a_logged_key_are_masked_in_record_and_event(self) -> None:
        lines = [PREFIX.format(1) + "-----BEGIN PRIVATE KEY-----", PREFIX.format(2) + BODY]
        lines.append(PREFIX.format(3) + "-----END PRIVATE KEY----- done")
        messages = ["-----BEGIN PRIVATE KEY-----", BODY, "-----END PRIVATE KEY----- done"]
        records = [
            {"message": m, "event.original": line} for m, line in zip(messages, lines, strict=True)
        ]
        shown = self._follow(records, lines)
        assert shown[0].message == lines[0] and records[0]["message"] == messages[0]
        assert records[1] == {
            "message": REDACTED,
            "event.original": PREFIX.format(2) + REDACTED,
            "logpipe.redacted": ["message", "event.original"],
        }
        assert shown[1] == LogEvent("1", 0, PREFIX.format(2) + REDACTED)
        assert records[2]["message"] == f"{REDACTED} done"
        assert shown[2].message == PREFIX.format(3) + f"{REDACTED} done"

    def test_a_message_that_is_a_body_line_whole_is_masked_in_its_line(self) -> None:
        line = PREFIX.format(1) + "key: " + BODY
        record = {"message": BODY, "event.original": line}
        (shown,) = self._follow([record], [line])
        assert BODY not in shown.message and BODY not in str(record)

    def test_other_records_are_left_as_they_are(self) -> None:
        """A message with a space cannot be a line of a key's body (a single word can)."""
        lines = ["see -----BEGIN PRIVATE KEY-----", "2026 INFO all good", BODY]
        records = [{"message": lines[0]}, {"message": "all good"}, {"message": BODY}]
        events = [LogEvent(str(i), 0, line) for i, line in enumerate(lines)]
        keys = KeyLines()
        assert [keys.follow(r, e) for r, e in zip(records, events, strict=True)] == events
        assert records == [{"message": lines[0]}, {"message": "all good"}, {"message": BODY}]


def _pipeline(tmp_path: Path, **extra: str) -> Pipeline:
    env = make_env("http://127.0.0.1:9", "keylines", tmp_path, BULK_MAX_RETRIES="0", **extra)
    return build_pipeline(load_settings(env))


def test_no_document_and_no_shown_event_holds_the_key(tmp_path: Path) -> None:
    documents = [d for docs, _ in _pipeline(tmp_path).transform(batch_of(LOGGED)) for d in docs]
    assert len(documents) == len(LOGGED)  # each line its own record (timed: none merged)
    for document in documents:
        assert BODY not in str(document.source) and TAIL not in str(document.source)
        assert BODY not in document.event.message and TAIL not in document.event.message
    assert [d.source["message"] for d in documents] == [
        "loading the signing key",
        REDACTED,  # the BEGIN line: a secret's shape on its own
        REDACTED,
        REDACTED,
        f"{REDACTED} loaded",
        "key loaded",
    ]


@pytest.mark.parametrize(
    "lines", [LOGGED, [PREFIX.format(1) + BODY]], ids=["a logged key", "a body line alone"]
)
def test_dead_letters_do_not_hold_the_key(tmp_path: Path, lines: list[str]) -> None:
    counts = invoke(_pipeline(tmp_path), subscription_event(batch_of(lines)))
    assert counts["dead_lettered"] == len(lines)
    letters = [event.message for letter in stored_letters(tmp_path) for event in letter.events]
    assert len(letters) == len(lines)
    assert not any(BODY in line or TAIL in line for line in letters), letters


# The rest of a key whose BEGIN line was in an earlier batch, one record a line: the full lines,
# the shorter last one, the END line. `PREFIXES`: a logger's the parser reads off (Python's, the
# Lambda Node.js runtime's), and some it leaves in the message (a bracketed time, syslog's).
BODY2 = "Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm+/Qw8Er7Ty6Ui5Op4As3Df2Gh1"
LAST = "Kq7Zb2Xw9Lm4Np8Rt3Vy6Qs1=="
PREFIXES = {
    "python": "2026-12-01 10:00:00,{:03d} INFO ",
    "lambda node": "2026-12-01T10:00:00.{:03d}Z\t6f1c2b9e-2d3a-4b5c-9d8e-7f6a5b4c3d2e\tINFO\t",
    "lambda node, spaces": "2026-12-01T10:00:00.{:03d}Z 6f1c2b9e-2d3a-4b5c-9d8e-7f6a5b4c3d2e INFO ",
    "bracketed": "[2026-12-01 10:00:00.{:03d}] INFO ",
    "syslog": "Dec  1 10:00:{:02d} host app[123]: ",
}


def _rest_of_a_key(prefix: str, ending: str = "") -> list[str]:
    texts = [BODY, BODY2, LAST, "-----END PRIVATE KEY-----", "key loaded"]
    return [prefix.format(n) + text + (ending if n < 3 else "") for n, text in enumerate(texts)]


@pytest.mark.parametrize("ending", ["", "\r", " "], ids=["bare", "CR", "a space"])
@pytest.mark.parametrize("prefix", list(PREFIXES.values()), ids=list(PREFIXES))
def test_the_rest_of_a_key_in_a_batch_of_its_own_is_masked(
    tmp_path: Path, prefix: str, ending: str
) -> None:
    """Documents, the events they show and dead letters: none holds a line of the key, and
    the prefixes stay (the line after the key too)."""
    lines = _rest_of_a_key(prefix, ending)
    documents = [d for docs, _ in _pipeline(tmp_path).transform(batch_of(lines)) for d in docs]
    assert len(documents) == len(lines)
    for document in documents:
        for secret in (BODY, BODY2, LAST):
            assert secret not in str(document.source) and secret not in document.event.message
    shown = [document.event.message for document in documents]
    assert [line.startswith(prefix.format(n)) for n, line in enumerate(shown)][:3] == [True] * 3
    assert shown[4] == lines[4] and documents[4].source["message"].endswith("key loaded")
    counts = invoke(_pipeline(tmp_path / "down"), subscription_event(batch_of(lines)))
    assert counts["dead_lettered"] == len(lines)
    letters = [e.message for letter in stored_letters(tmp_path / "down") for e in letter.events]
    assert len(letters) == len(lines) and letters[4] == lines[4]
    assert not any(s in line for s in (BODY, BODY2, LAST) for line in letters), letters


@pytest.mark.parametrize("prefix", list(PREFIXES.values()), ids=list(PREFIXES))
def test_a_keys_last_line_alone_above_its_end_line_is_masked(tmp_path: Path, prefix: str) -> None:
    """The batch begins at the key's last line: nothing before it says that it is a key's; the
    END line after it does (`KeyLines.for_batch`). Documents and the events they show."""
    lines = _rest_of_a_key(prefix)[2:]
    documents = [d for docs, _ in _pipeline(tmp_path).transform(batch_of(lines)) for d in docs]
    assert len(documents) == len(lines)
    for document in documents:
        assert LAST not in str(document.source) and LAST not in document.event.message
    assert documents[0].event.message.startswith(prefix.format(2))
    assert documents[2].source["message"].endswith("key loaded")
    counts = invoke(_pipeline(tmp_path / "down"), subscription_event(batch_of(lines)))
    assert counts["dead_lettered"] == len(lines)
    letters = [e.message for letter in stored_letters(tmp_path / "down") for e in letter.events]
    assert len(letters) == len(lines) and not any(LAST in letter for letter in letters)


@pytest.mark.parametrize(
    "texts",
    [
        ["c2Vzc2lvbg==", "key loaded", "-----END PRIVATE KEY-----"],  # END not the second
        ["key loaded", "-----END PRIVATE KEY-----"],  # the first is no body line
    ],
    ids=["END third", "a sentence first"],
)
def test_the_first_record_is_kept_unless_an_end_line_follows_it(
    tmp_path: Path, texts: list[str]
) -> None:
    lines = [PREFIXES["python"].format(n) + text for n, text in enumerate(texts)]
    documents = [d for docs, _ in _pipeline(tmp_path).transform(batch_of(lines)) for d in docs]
    assert documents[0].source["message"] == texts[0]
    assert documents[0].event.message == lines[0]


class TestSpread:
    """A merged record's masked text put back into the events it was joined from."""

    @staticmethod
    def _events(*texts: str) -> tuple[LogEvent, ...]:
        return tuple(LogEvent(str(n), 1000 + n, text) for n, text in enumerate(texts))

    def test_unchanged_lines_stay_and_the_changed_run_goes_into_its_first_event(self) -> None:
        events = self._events("head\n", "MIIE-body", "    MIIE-more", "tail")
        out = spread(events, "head\n[REDACTED]\ntail")
        assert [e.message for e in out] == ["head\n", "[REDACTED]", "", "tail"]
        assert [(e.id, e.timestamp) for e in out] == [(e.id, e.timestamp) for e in events]

    def test_a_whole_text_masked_goes_into_the_head(self) -> None:
        out = spread(self._events("a secret", "b secret"), "[REDACTED]")
        assert [e.message for e in out] == ["[REDACTED]", ""]

    def test_nothing_changed_keeps_the_events(self) -> None:
        events = self._events("a", "b")
        assert spread(events, "a\nb") == events
