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
        assert taken == [0, len(BODY), 0, len(TAIL), len("-----END EC PRIVATE KEY-----")]
        assert not block.open

    def test_a_text_that_is_no_body_line_ends_it(self) -> None:
        """A stray BEGIN in a message does not mask the rest of a batch."""
        block = pem.OpenBlock()
        assert [block.take(t) for t in ["see -----BEGIN RSA PRIVATE KEY-----", "ok then"]] == [0, 0]
        assert not block.open and block.take(BODY) == 0

    def test_to_end_takes_every_text_up_to_the_end_line(self) -> None:
        """Raw lines (dead letters): a prefix hides whether a line is a body line."""
        block = pem.OpenBlock(to_end=True)
        assert block.take("x -----BEGIN PRIVATE KEY-----") == 0
        assert block.take("2026 INFO " + BODY) == len(BODY) + 10 and block.open

    def test_a_text_of_several_body_lines_is_taken_whole(self) -> None:
        block = pem.OpenBlock()
        block.take("-----BEGIN PRIVATE KEY-----")
        assert block.take(f"{BODY}\n{TAIL}") == len(BODY) + 1 + len(TAIL)
        assert block.take(f"{BODY}\nnot a key") == 0 and not block.open

    def test_a_text_that_ends_one_block_and_begins_another_leaves_it_open(self) -> None:
        block = pem.OpenBlock()
        block.take("-----BEGIN PRIVATE KEY-----")
        end = "-----END PRIVATE KEY-----"
        assert block.take(f"{end} -----BEGIN PRIVATE KEY-----") == len(end) and block.open


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
