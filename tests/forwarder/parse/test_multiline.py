"""Multi-line merging: grouping rules, and end to end through the pipeline on the real node
(one document per record, dead letters keep every event, counts add up in events)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from lambda_forwarder.config import ParseSettings, load_settings
from lambda_forwarder.decode import subscription_event
from lambda_forwarder.handler import build_pipeline
from lambda_forwarder.model import LogBatch, LogEvent
from lambda_forwarder.parse import RecordParser, group_events, merge_plan, merged_event
from tests.forwarder.parse.corpus import (
    CROSS,
    NEXT_ERROR,
    NODE_REJECTION_EXIT,
    PY_TB_FRAMES,
    RAILS_REPORT,
    RID,
    RUBY_CRASH,
    RUBY_LAMBDA_ERROR,
    RUBY_REPORT,
    SQLALCHEMY_ERROR,
)
from tests.support.pipeline import balanced, batch_of, documents, invoke, make_env, stored_letters

TRACEBACK = [
    "2026-11-25 10:07:05,170 ERROR [app.pay] charge failed",
    "Traceback (most recent call last):",
    '  File "/app/pay.py", line 12, in charge',
    "    total = order['amount']",
    "KeyError: 'amount'",
]
JAVA = [
    "2026-11-25 10:07:05,171 ERROR [main] c.a.Api - request failed",
    "java.lang.IllegalStateException: pool exhausted",
    "\tat com.acme.db.Pool.acquire(Pool.java:88)",
    "Caused by: java.net.SocketTimeoutException: Read timed out",
    "\t... 12 more",
]
GO = [
    "panic: boom",
    "",
    "goroutine 1 [running]:",
    "main.main()",
    "\t/app/main.go:8 +0x1d",
    "exit status 2",
]
PEM_BODY = [
    "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw",
    "7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFc",
    "Kx1uA0o=",
]
PEM = ["-----BEGIN RSA PRIVATE KEY-----", *PEM_BODY, "-----END RSA PRIVATE KEY-----"]
GIN_HEAD = "\x1b[31m2026/11/25 10:07:06 [Recovery] 2026/11/25 - 10:07:06 panic recovered:"


def _docker(line: str, **fields: str) -> str:
    """Docker's json-file line around a container's line (and its newline)."""
    return json.dumps({"log": line + "\n", "stream": "stderr", **fields})


def _firelens(line: str, **fields: str) -> str:
    """FireLens / Fluent Bit's envelope around a container's line."""
    envelope = {"container_id": "abc123", "container_name": "/ecs-app", "source": "stderr"}
    return json.dumps({**envelope, "log": line, **fields}, separators=(",", ":"))


def _events(lines: list[str]) -> list[LogEvent]:
    return [LogEvent(f"{n:056d}", 1_795_601_226_123 + n, line) for n, line in enumerate(lines)]


def _shape(lines: list[str]) -> list[int]:
    return [1 + len(absorbed) for _, absorbed in group_events(_events(lines))]


def _levels(lines: list[str]) -> list[tuple[str, str | None]]:
    """Each record's level and `error.type`, read as the pipeline reads them."""
    parser = RecordParser(ParseSettings(region="eu-west-1"))
    batch = LogBatch("DATA_MESSAGE", "123456789012", "/ecs/app", "app/1", ())
    records = [
        parser(merged_event(head, absorbed), batch, continued=bool(absorbed))
        for head, absorbed in group_events(_events(lines), envelopes=parser.envelopes)
    ]
    return [(record["log.level"], record.get("error.type")) for record in records]


class TestGrouping:
    def test_python_traceback_below_a_log_line_is_one_group(self) -> None:
        """The log line, the traceback header, its frames and its final line: one record."""
        assert _shape([*TRACEBACK, "next line"]) == [5, 1]

    def test_java_stack_with_causes_is_one_group(self) -> None:
        """Exception header (its frames follow), `at`, `Caused by:`, `... N more`."""
        assert _shape([*JAVA, "2026-11-25 10:07:06,000 INFO [main] c.a.Api - ok"]) == [5, 1]

    def test_go_panic_with_goroutine_dump_is_one_group(self) -> None:
        assert _shape([*GO, "restarting"]) == [6, 1]

    def test_ruby_uncaught_exception_and_its_from_frames_are_one_error(self) -> None:
        assert _levels([*RUBY_CRASH.split("\n"), "next"]) == [
            ("error", "RuntimeError"),
            ("info", None),
        ]

    def test_node_unhandled_rejection_is_one_error_up_to_its_closing_brace(self) -> None:
        """As for Node's uncaught `Error:`: the preamble and `Node.js vN` stay records apart."""
        lines = NODE_REJECTION_EXIT.split("\n")
        assert _shape(lines) == [3, 1, 3, 1, 1]
        assert _levels(lines)[2] == ("error", "UnhandledPromiseRejection")
        assert _levels(["[Error: boom] {", "  code: 'E1'", "}", "}"]) == [("info", None)] * 2

    def test_only_node_error_properties_absorb_a_closing_brace(self) -> None:
        assert _shape(["config {", "  a: 1", "}", "next"]) == [2, 1, 1]

    def test_a_nextjs_error_opens_its_own_record_below_status_lines(self) -> None:
        lines = [
            " ✓ Ready in 312ms",
            *NEXT_ERROR.split("\n"),
            f" {CROSS} plain note",
            "    more",
        ]
        assert _shape(lines) == [1, 2, 2]
        assert _levels(lines) == [("info", None), ("error", "Error"), ("info", None)]

    def test_the_lambda_ruby_error_and_its_json_are_one_error(self) -> None:
        """The header line, `{`, the members, `}`: one record; the line after it stays apart."""
        lines = [*RUBY_LAMBDA_ERROR.split("\n"), "next"]
        assert _shape(lines) == [9, 1]
        assert _levels(lines) == [("error", "Function<RuntimeError>"), ("info", None)]

    def test_the_lambda_ruby_error_json_whole_in_the_next_event_joins_its_header(self) -> None:
        """Pretty-printed or on one line, between JSON lines or not: one error record."""
        header, pretty = RUBY_LAMBDA_ERROR.split("\n", 1)
        compact = json.dumps(json.loads(pretty))
        init = "Init error when loading handler lambda_function.lambda_handler"
        assert _shape([header, pretty, "next"]) == [2, 1]
        assert _shape(['{"a": 1}', header, compact, '{"b": 2}']) == [1, 2, 1]
        assert _shape(["before", header, compact]) == [1, 2]
        assert _levels([header, compact, "next"]) == [
            ("error", "Function<RuntimeError>"),
            ("info", None),
        ]
        assert _levels([init, compact]) == [("error", "Function<RuntimeError>")]

    def test_only_error_json_right_below_a_header_line_alone_joins_it(self) -> None:
        header, pretty = RUBY_LAMBDA_ERROR.split("\n", 1)
        compact = json.dumps(json.loads(pretty))
        assert _shape([header, '{"errorCount": 1}']) == [1, 1]  # no error JSON
        assert _shape([header, "{broken", "next"]) == [1, 1, 1]
        assert _shape(["not the header", compact]) == [1, 1]
        assert _shape([header, "next", compact]) == [1, 1, 1]
        assert _shape([RUBY_LAMBDA_ERROR, compact]) == [1, 1]  # the header had its JSON
        events = _events([header, compact])
        assert [1 + len(a) for _, a in group_events(events, max_bytes=len(compact))] == [1, 1]

    def test_a_rails_exception_report_line_by_line_is_one_critical_error(self) -> None:
        """The tagged Logger line and the lines below it with the same tags: one record."""
        following = f"I, [2026-11-25T10:07:07.000000 #1]  INFO -- : [{RID}] Started GET /"
        lines = [*RAILS_REPORT.split("\n"), following]
        assert _shape(lines) == [4, 1]
        assert _levels(lines) == [("critical", "NoMethodError"), ("info", None)]

    def test_only_lines_with_the_same_tags_join_a_tagged_logger_line(self) -> None:
        head, *rest = RAILS_REPORT.split("\n")
        other = "[11111111-2222-3333-4444-555555555555] NoMethodError (x):"
        assert _shape([head, other]) == [1, 1]  # another request's tag
        assert _shape([head, "[INFO]\t2026-11-25T10:07:06.000Z\trid\tmsg"]) == [1, 1]
        untagged = "F, [2026-11-25T10:07:06.123456 #1] FATAL -- :   "
        assert _shape([untagged, *rest]) == [1, 1, 1, 1]  # no tags to follow
        assert _shape(["INFO start", *rest]) == [1, 1, 1, 1]  # no Logger line above
        assert _shape([head, head, *rest]) == [1, 4]  # each Logger line opens its own

    def test_a_ruby_report_alone_is_one_error(self) -> None:
        assert _levels([RUBY_REPORT, "next"]) == [("error", "RuntimeError"), ("info", None)]

    def test_a_lone_brace_opens_nothing_and_joins_nothing(self) -> None:
        """Only the Ruby runtime's header takes a `{` line; elsewhere it stays a record."""
        assert _shape(["config", "{", '  "a": 1', "}", "next"]) == [1, 1, 1, 1, 1]
        assert _shape([*TRACEBACK[1:4], "{", '  "a": 1', "}"]) == [3, 1, 1, 1]
        assert _shape(["Error raised from handler method", '{"a": 1}', "}"]) == [1, 1, 1]

    def test_an_exception_message_of_several_lines_joins_its_traceback(self) -> None:
        """Message lines (`DETAIL:`, `[SQL: ...]`, a name above indented lines) join; a line
        with a time or a level first, a JSON line or a plain line do not."""
        raised = ("sqlalchemy.exc.IntegrityError: " + SQLALCHEMY_ERROR).split("\n")
        frames = PY_TB_FRAMES.rstrip().split("\n")
        assert _shape([*frames, *raised, "2026-11-25 10:07:07,000 INFO next"]) == [8, 1]
        assert _shape([*frames, *raised, "INFO: next"]) == [8, 1]
        assert _shape([*frames, *raised, '{"msg": "next"}']) == [8, 1]
        pydantic = ["ValidationError: 1 validation error for User", "email", "  Field required"]
        assert _shape([*frames, *pydantic, "next"]) == [6, 1]
        assert _shape([*TRACEBACK, "next line", "  indented"]) == [5, 2]
        assert _shape([*TRACEBACK, "ERROR:app", "  indented"]) == [5, 2]

    @pytest.mark.parametrize("wrap", [_docker, _firelens])
    def test_a_routers_envelopes_group_as_the_lines_inside_them(self, wrap) -> None:
        """The rules are those of the same lines plain; the merged text is the envelopes'."""
        for lines in (TRACEBACK, JAVA, GO, PEM, [*TRACEBACK, "next line", "  indented"]):
            assert _shape([wrap(line) for line in [*lines, "next"]]) == _shape([*lines, "next"])
        events = _events([wrap(line) for line in TRACEBACK])
        ((head, absorbed),) = group_events(events)
        assert merged_event(head, absorbed).message == "\n".join(e.message for e in events)

    def test_envelopes_merge_only_with_envelopes_of_their_stream(self) -> None:
        head, frame = TRACEBACK[1], TRACEBACK[2]
        stdout = _docker(frame, stream="stdout")
        assert _shape([_docker(head), stdout, _docker(frame)]) == [1, 1, 1]
        assert _shape([_docker(head), _docker(frame), stdout]) == [2, 1]
        assert _shape([_firelens(head), _firelens(frame, container_id="other")]) == [1, 1]
        assert _shape([_firelens(head), frame]) == [1, 1]  # an envelope, then a plain line
        assert _shape([head, _firelens(frame)]) == [1, 1]
        assert _shape([_docker(head), _docker('{"msg": "json inside"}'), _docker(frame)]) == [
            1,
            1,
            1,
        ]

    def test_nothing_to_merge_costs_the_batchs_own_sequence(self) -> None:
        """Envelopes of ordinary lines and JSON lines: no group, the batch's own events."""
        events = _events([_firelens("INFO a"), '{"log": "x"}', _docker("INFO b"), '{"a": 1}'])
        heads, merges = merge_plan(events)
        assert heads is events and merges == {}

    def test_a_group_of_envelopes_stops_at_the_size_cap_of_their_text(self) -> None:
        """The cap counts the envelopes (the merged message), not only the lines inside."""
        lines = [
            _firelens(line) for line in [TRACEBACK[1], *[f'  File "f{n}.py"' for n in range(50)]]
        ]
        groups = group_events(_events(lines), max_bytes=400)
        assert len(groups) > 1
        assert all(len(merged_event(h, a).message.encode()) <= 400 for h, a in groups)
        assert sum(1 + len(a) for _, a in groups) == len(lines)

    @pytest.mark.parametrize(
        "lines",
        [
            ["", "", GIN_HEAD, "boom", "GET / HTTP/1.1", "/app/main.go:42 (0x6b1c4a)"],
            [GIN_HEAD, "GET / HTTP/1.1", "Host: x", "2026/11/25 10:07:07 request: done"],
            ["npm ERR! code E404", "npm error 404"],  # npm 6's label, then npm 9's
            ["** (RuntimeError) boom", "", "next"],
            ["Kernel pid terminated (application_controller) (x)", "", "restarting"],
        ],
    )  # fmt: skip
    def test_reports_end_where_their_lines_do(self, lines: list[str]) -> None:
        assert sum(_shape(lines)) == len(lines)
        assert len(_shape(lines)) > 1
        assert _shape([*lines, "next"])[-1] == 1

    def test_json_and_platform_lines_are_never_merged(self) -> None:
        """Indented or not, a JSON line is a whole record; so are START/END/REPORT."""
        lines = ['{"msg": "a"}', "    at x", "END RequestId: 1", "    at y", '  {"msg": "b"}']
        assert _shape(lines) == [1, 1, 1, 1, 1]

    def test_plain_lines_stay_apart(self) -> None:
        assert _shape(["one", "two", "Error: not followed by frames", "three"]) == [1, 1, 1, 1]

    def test_merged_text_is_every_line_in_order(self) -> None:
        """The merged event has the first event's id and time and every line, joined."""
        events = _events(TRACEBACK)
        ((head, absorbed),) = group_events(events)
        merged = merged_event(head, absorbed)
        assert (merged.id, merged.timestamp) == (events[0].id, events[0].timestamp)
        assert merged.message == "\n".join(TRACEBACK)

    def test_a_group_stops_at_the_size_cap(self) -> None:
        """No merged message grows past the per-value cap (so none is cut)."""
        lines = ["Traceback (most recent call last):"] + [f'  File "f{n}.py"' for n in range(50)]
        groups = group_events(_events(lines), max_bytes=200)
        assert len(groups) > 1
        assert all(len(merged_event(h, a).message.encode()) <= 200 for h, a in groups)
        assert sum(1 + len(a) for _, a in groups) == len(lines)

    def test_the_middle_of_a_key_is_one_group_up_to_its_shorter_last_line(self) -> None:
        """A batch between a key's BEGIN and its END: its body lines from a full one on."""
        full = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj"
        assert _shape([full, full, "AB12cd==", "2026-11-25 10:07:06 INFO next"]) == [3, 1]
        assert _shape(["INFO start", full, full]) == [1, 2]

    def test_a_key_printed_line_by_line_is_one_group(self) -> None:
        """Its body lines look like no secret alone: they stay with the BEGIN line, up to END."""
        assert _shape(["INFO loading the signing key", *PEM, "INFO key loaded"]) == [6, 1]
        assert _shape([*PEM, "next"]) == [5, 1]

    def test_a_key_below_a_traceback_stays_with_it(self) -> None:
        assert _shape([*TRACEBACK, *PEM, "next"]) == [10, 1]

    def test_an_encrypted_keys_headers_are_part_of_its_body(self) -> None:
        lines = [PEM[0], "Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-128-CBC,3F1A", "", *PEM[1:]]
        assert _shape(lines) == [len(lines)]

    def test_a_block_without_its_end_stops_at_a_line_that_is_no_body(self) -> None:
        assert _shape([*PEM[:-1], "2026-11-25 10:07:06 INFO next", "more"]) == [4, 1, 1]

    def test_a_key_block_grows_past_the_size_cap(self) -> None:
        """Cut at the cap, the rest of a key would be records that no longer look secret."""
        lines = ["-----BEGIN PRIVATE KEY-----", *(["A" * 64] * 40), "-----END PRIVATE KEY-----"]
        assert [1 + len(a) for _, a in group_events(_events(lines), max_bytes=200)] == [42]
        assert _shape(["x" * 190, *PEM]) == [1 + len(PEM)]

    def test_the_rest_of_a_key_an_earlier_batch_began_is_one_group(self) -> None:
        """CloudWatch cut the key: this batch starts with its body and an END without BEGIN."""
        assert _shape([*PEM[1:], "2026-11-25 10:07:06 INFO next"]) == [len(PEM) - 1, 1]
        assert _shape(["2026-11-25 10:07:05 INFO x", *PEM[2:], "next"]) == [1, len(PEM) - 2, 1]

    def test_an_end_line_alone_absorbs_nothing(self) -> None:
        assert _shape(["2026-11-25 10:07:05 INFO x", PEM[-1], "2026 INFO y"]) == [1, 1, 1]


@pytest.mark.integration
class TestThroughThePipeline:
    def test_split_records_are_indexed_as_one_document_each(
        self, opensearch_url: str, opensearch_client: OpenSearch, prefix: str, tmp_path: Path
    ) -> None:
        """Counts are in events; each merged document has the whole text and its level."""
        pipeline = build_pipeline(load_settings(make_env(opensearch_url, prefix, tmp_path)))
        lines = [*TRACEBACK, '{"msg": "between"}', *JAVA, *GO, "INFO:     done"]
        counts = invoke(pipeline, subscription_event(batch_of(lines)))
        assert balanced(counts)
        assert counts["received"] == counts["indexed"] == len(lines)
        docs = {d["message"].split("\n", 1)[0]: d for d in documents(opensearch_client, prefix)}
        assert len(docs) == 5
        python = docs["charge failed"]
        assert python["message"] == "charge failed\n" + "\n".join(TRACEBACK[1:])
        assert (python["log.level"], python["error.type"]) == ("error", "KeyError")
        assert python["log.logger"] == "app.pay"
        java = docs["request failed"]
        assert java["error.type"] == "java.lang.IllegalStateException"
        assert java["message"].endswith("\t... 12 more")
        go = docs["panic: boom"]
        assert (go["log.level"], go["message"]) == ("critical", "\n".join(GO))
        assert docs["done"]["log.level"] == "info"

    def test_a_routers_traceback_is_one_error_document_and_its_dead_letter_every_event(
        self, opensearch_url: str, opensearch_client: OpenSearch, prefix: str, tmp_path: Path
    ) -> None:
        """FireLens ships each line of a traceback as an envelope: one document, the router's
        fields on it; with the cluster unreachable, every envelope is dead-lettered as received."""
        lines = [_firelens(line) for line in TRACEBACK] + [_firelens("INFO next")]
        pipeline = build_pipeline(load_settings(make_env(opensearch_url, prefix, tmp_path)))
        counts = invoke(pipeline, subscription_event(batch_of(lines)))
        assert balanced(counts) and counts["indexed"] == len(lines)
        docs = {d["message"].split("\n", 1)[0]: d for d in documents(opensearch_client, prefix)}
        assert len(docs) == 2
        error = docs["charge failed"]
        assert (error["log.level"], error["error.type"]) == ("error", "KeyError")
        assert error["message"] == "charge failed\n" + "\n".join(TRACEBACK[1:])
        assert (error["container_name"], error["log.logger"]) == ("/ecs-app", "app.pay")
        assert docs["INFO next"]["log.level"] == "info"

        env = make_env("http://127.0.0.1:9", prefix, tmp_path / "dead", BULK_MAX_RETRIES="0")
        batch = batch_of(lines)
        counts = invoke(build_pipeline(load_settings(env)), subscription_event(batch))
        assert balanced(counts) and counts["dead_lettered"] == len(lines)
        stored = [e for letter in stored_letters(tmp_path / "dead") for e in letter.events]
        assert [e.id for e in stored] == [e.id for e in batch.events]
        assert [e.message for e in stored] == lines

    def test_a_key_shipped_line_by_line_reaches_no_document_and_no_dead_letter(
        self, opensearch_url: str, opensearch_client: OpenSearch, prefix: str, tmp_path: Path
    ) -> None:
        """A key printed line by line in a container, each line in an envelope."""
        lines = [_docker(line) for line in ["INFO loading the signing key", *PEM, "INFO done"]]
        _key_reaches_no_output([lines], opensearch_url, opensearch_client, prefix, tmp_path)

    def test_dead_letters_keep_every_merged_event(self, prefix: str, tmp_path: Path) -> None:
        """With the cluster unreachable, every event (absorbed ones too) is dead-lettered."""
        env = make_env("http://127.0.0.1:9", prefix, tmp_path, BULK_MAX_RETRIES="1")
        pipeline = build_pipeline(load_settings(env))
        lines = [*TRACEBACK, *GO]
        batch = batch_of(lines)
        counts = invoke(pipeline, subscription_event(batch))
        assert balanced(counts) and counts["dead_lettered"] == len(lines) == counts["received"]
        stored = [event for letter in stored_letters(tmp_path) for event in letter.events]
        assert [event.id for event in stored] == [event.id for event in batch.events]
        assert [event.message for event in stored] == lines

    def test_a_key_printed_line_by_line_reaches_no_document_and_no_dead_letter(
        self, opensearch_url: str, opensearch_client: OpenSearch, prefix: str, tmp_path: Path
    ) -> None:
        """Indexed: one document, the block masked. Dead-lettered: every event kept, each line
        of the block masked."""
        lines = [
            "2026-11-25 10:07:05 INFO loading the signing key",
            *PEM,
            "2026-11-25 10:07:06 INFO key loaded",
        ]
        pipeline = build_pipeline(load_settings(make_env(opensearch_url, prefix, tmp_path)))
        counts = invoke(pipeline, subscription_event(batch_of(lines)))
        assert balanced(counts) and counts["indexed"] == len(lines)
        docs = documents(opensearch_client, prefix)
        messages = sorted(d["message"] for d in docs)
        assert messages == ["key loaded", "loading the signing key\n[REDACTED]"]

        env = make_env("http://127.0.0.1:9", prefix, tmp_path / "dead", BULK_MAX_RETRIES="0")
        counts = invoke(build_pipeline(load_settings(env)), subscription_event(batch_of(lines)))
        assert balanced(counts) and counts["dead_lettered"] == len(lines)
        stored = [e.message for letter in stored_letters(tmp_path / "dead") for e in letter.events]
        assert stored == [lines[0], *(["[REDACTED]"] * len(PEM)), lines[-1]]

    def test_a_key_cut_between_two_batches_reaches_no_document_and_no_dead_letter(
        self, opensearch_url: str, opensearch_client: OpenSearch, prefix: str, tmp_path: Path
    ) -> None:
        """The first batch ends inside the key, the next one starts with the rest of it."""
        first = ["2026-11-25 10:07:05 INFO loading the signing key", *PEM[:2]]
        second = [*PEM[2:], "2026-11-25 10:07:06 INFO key loaded"]
        _key_reaches_no_output([first, second], opensearch_url, opensearch_client, prefix, tmp_path)


def _key_reaches_no_output(
    batches: list[list[str]],
    opensearch_url: str,
    opensearch_client: OpenSearch,
    prefix: str,
    tmp_path: Path,
) -> None:
    """The batches, in order, indexed by one pipeline, then dead-lettered by another (the
    cluster unreachable): every event counted and kept, the key masked in the documents, and
    no line of its body in a document or a dead letter."""
    pipeline = build_pipeline(load_settings(make_env(opensearch_url, prefix, tmp_path)))
    for lines in batches:
        counts = invoke(pipeline, subscription_event(batch_of(lines)))
        assert balanced(counts) and counts["indexed"] == len(lines)
    indexed = json.dumps(documents(opensearch_client, prefix))
    assert "[REDACTED]" in indexed
    assert not any(line in indexed for line in PEM_BODY), indexed

    env = make_env("http://127.0.0.1:9", prefix, tmp_path / "dead", BULK_MAX_RETRIES="0")
    pipeline = build_pipeline(load_settings(env))
    for lines in batches:
        counts = invoke(pipeline, subscription_event(batch_of(lines)))
        assert balanced(counts) and counts["dead_lettered"] == len(lines)
    stored = [e.message for letter in stored_letters(tmp_path / "dead") for e in letter.events]
    assert len(stored) == sum(map(len, batches))
    assert not any(line in message for line in PEM_BODY for message in stored), stored


def test_replayed_letters_merge_the_same_way() -> None:
    """Dead letters keep the original events, so a replay groups them as the first run did."""
    events = _events([*JAVA, json.dumps({"msg": "x"})])
    first = [(h.id, tuple(e.id for e in a)) for h, a in group_events(events)]
    again = [(h.id, tuple(e.id for e in a)) for h, a in group_events(list(events))]
    assert first == again


def test_a_timed_begin_line_opens_a_record_of_its_own() -> None:
    """A key logged through a logger: its BEGIN line is a timed line, not the line above's
    continuation (an untimed one still is: a key printed below a line)."""
    timed = [
        "2026-12-01 10:00:00,001 INFO loading",
        "2026-12-01 10:00:00,002 INFO -----BEGIN PRIVATE KEY-----",
    ]
    heads, merges = merge_plan([LogEvent(str(i), 0, line) for i, line in enumerate(timed)], 1 << 20)
    assert len(heads) == 2 and not merges
    untimed = [
        "loading the key:",
        "-----BEGIN PRIVATE KEY-----",
        "MIIB",
        "-----END PRIVATE KEY-----",
    ]
    heads, merges = merge_plan(
        [LogEvent(str(i), 0, line) for i, line in enumerate(untimed)], 1 << 20
    )
    assert len(heads) == 1 and len(merges[0]) == 3
