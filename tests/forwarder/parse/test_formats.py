"""RecordParser on every format, from the samples in events/."""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path

import pytest

from lambda_forwarder.config import ParseSettings
from lambda_forwarder.decode import decode_payload
from lambda_forwarder.model import NOTE_RENAMED, LogBatch, LogEvent
from lambda_forwarder.parse import FORWARDER_KEYS, RecordParser, log_id_for

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "events"))
from generate import read_messages  # noqa: E402


def _sample(name: str) -> LogBatch:
    return decode_payload(json.loads((ROOT / "events" / name).read_text())["awslogs"]["data"])


def _parse_all(name: str, settings: ParseSettings | None = None) -> list[dict]:
    batch = _sample(name)
    parser = RecordParser(settings or ParseSettings(region="eu-west-1"))
    return [parser(event, batch) for event in batch.events]


def _one(message: str, log_group: str = "/aws/lambda/report-builder", **settings: object) -> dict:
    batch = LogBatch("DATA_MESSAGE", "123456789012", log_group, "stream-1", ())
    parser = RecordParser(ParseSettings(region="us-east-1", **settings))  # type: ignore[arg-type]
    return parser(LogEvent("4" * 56, 1795601226123, message), batch)


class TestForwarderFields:
    def test_every_record_has_the_forwarder_keys(self) -> None:
        """Group, stream, event id, account, region and format on every record; no
        event.ingested (the indexer sets it)."""
        for name in ("cloudwatch-emitter.json", "cloudwatch-text.json"):
            batch = _sample(name)
            for event, record in zip(batch.events, _parse_all(name), strict=True):
                assert set(FORWARDER_KEYS) <= set(record)
                assert record["aws.cloudwatch.event_id"] == event.id
                assert record["aws.cloudwatch.log_group"] == batch.log_group
                assert record["aws.cloudwatch.log_stream"] == batch.log_stream
                assert record["cloud.account.id"] == "123456789012"
                assert record["cloud.region"] == "eu-west-1"
                assert "event.ingested" not in record
                for key in ("@timestamp", "log.level", "message", "service.name", "log_id"):
                    assert key in record

    def test_log_id_is_a_uuid5_of_the_event_id(self) -> None:
        """The same event always gets the same log_id; it is a real UUID."""
        first, second = _one("plain"), _one("plain")
        assert first["log_id"] == second["log_id"] == log_id_for("4" * 56)
        assert uuid.UUID(first["log_id"]).version == 5

    def test_timestamp_falls_back_to_the_event(self) -> None:
        """Without a time on the line, @timestamp is the CloudWatch event's (RFC 3339, Z)."""
        assert _one("no time here")["@timestamp"] == "2026-11-25T10:07:06.123000Z"


class TestEmitter:
    def test_records_are_kept_as_they_are(self) -> None:
        """Every key the emitter wrote survives with its value."""
        lines = [json.loads(m) for m in read_messages(ROOT / "events/lines/emitter.jsonl")]
        for line, record in zip(lines, _parse_all("cloudwatch-emitter.json"), strict=True):
            assert {key: record[key] for key in line} == line
            assert record["event.original_format"] == "emitter"

    def test_error_record(self) -> None:
        """The error sample keeps its error.* keys and its traceback."""
        record = _parse_all("cloudwatch-emitter.json")[3]
        assert record["log.level"] == "error"
        assert record["error.type"] == "requests.exceptions.Timeout"
        assert record["error.stack_trace"].startswith("Traceback (most recent call last)")

    def test_service_claim_is_kept_and_group_recorded(self) -> None:
        """A line naming its own service keeps it; the log group is still recorded."""
        record = _one('{"schema":"emitter/1","service.name":"billing","message":"m"}', "/ecs/x")
        assert record["service.name"] == "billing"
        assert record["aws.cloudwatch.log_group"] == "/ecs/x"

    def test_forged_forwarder_keys_are_moved_aside(self) -> None:
        """An emitter-looking line cannot plant aws.* values; they move to aws_.*."""
        record = _one('{"schema":"emitter/1","message":"m","aws.cloudwatch.log_group":"fake"}')
        assert record["aws.cloudwatch.log_group"] == "/aws/lambda/report-builder"
        assert record["aws_.cloudwatch.log_group"] == "fake"
        assert record[NOTE_RENAMED] == ["aws.cloudwatch.log_group -> aws_.cloudwatch.log_group"]

    def test_bad_timestamp_is_kept_aside(self) -> None:
        """An unparseable @timestamp is kept (renamed) and the event time used."""
        record = _one('{"schema":"emitter/1","message":"m","@timestamp":"yesterday"}')
        assert record["@timestamp"] == "2026-11-25T10:07:06.123000Z"
        assert record["@timestamp_"] == "yesterday"


class TestForeignJson:
    def test_powertools(self) -> None:
        """Powertools' keys land on the schema's; no `service`/`level` strings remain."""
        records = _parse_all("cloudwatch-powertools.json")
        first = records[0]
        assert first["service.name"] == "payment"
        assert first["log.level"] == "info"
        assert first["@timestamp"] == "2026-11-25T10:08:01.494000Z"
        assert first["request_id"] == "52fdfc07-2182-454f-963f-5f0f9a621d72"
        assert first["trace.id"] == "1-6565c0a1-bd862e3fe1be46a994272793"
        assert first["aws.lambda.cold_start"] is True
        assert first["aws.lambda.memory_size_mb"] == 512
        assert first["log.origin.function"] == "collect.handler:12"
        assert first["event.original_format"] == "json"
        for record in records:
            assert not {"service", "level", "timestamp", "location"} & set(record)
        assert json.loads(records[1]["message"])["event"] == "payment received"
        error = records[3]
        assert (error["log.level"], error["error.type"]) == ("error", "ClientError")
        assert error["error.stack_trace"].startswith("Traceback")

    def test_python_json_logger_and_others(self) -> None:
        """levelname/name/asctime, level/msg/time, ts epochs, severity: all normalized."""
        records = _parse_all("cloudwatch-json.json")
        assert records[0]["log.logger"] == "billing.worker"
        assert records[0]["@timestamp"] == "2026-11-25T10:09:14.120000Z"
        assert records[0]["service.name"] == "billing"  # from /ecs/billing
        assert records[1]["service_"] == {"tier": "enterprise"}
        assert records[2]["error.type"] == "KeyError"
        assert records[2]["log.level"] == "error"
        assert (records[3]["log.level"], records[3]["message"]) == (
            "warning",
            "retrying upstream call",
        )
        assert records[3]["log_"] == {"origin": "http.go:112"}
        assert records[4]["@timestamp"] == "2026-11-25T10:09:16.900000Z"
        assert records[4]["error.message"].startswith("dial tcp")
        assert records[5]["log.level"] == "critical"
        assert records[5]["@timestamp"] == "2026-11-25T09:09:17.001000Z"  # +01:00 -> UTC

    def test_without_message_the_line_is_the_message(self) -> None:
        """A JSON object with no message key is still readable in Discover."""
        record = _one('{"user": "bob", "action": "login"}')
        assert record["message"] == '{"user": "bob", "action": "login"}'
        assert record["user"] == "bob"

    @pytest.mark.parametrize("line", ["42", '"text"', "[1, 2]", "null", "{broken", "{}x"])
    def test_non_object_json_is_text(self, line: str) -> None:
        """A bare number, string, list or broken JSON line is a text line."""
        record = _one(line)
        assert record["event.original_format"] == "text"
        assert record["message"] == line

    def test_numeric_levels(self) -> None:
        """Python levelno, and pino's scale when `msg` is beside it."""
        assert _one('{"level": 40, "message": "m"}')["log.level"] == "error"
        assert _one('{"level": 30, "msg": "m"}')["log.level"] == "info"
        assert _one('{"level": 60, "msg": "m"}')["log.level"] == "critical"

    def test_big_integers_are_exact(self) -> None:
        """Integers beyond 64 bits keep every digit (orjson would round them)."""
        assert _one('{"n": 123456789012345678901234567890}')["n"] == 123456789012345678901234567890


class TestLambdaPlatform:
    def test_platform_lines(self) -> None:
        """START/END/REPORT/timeout/INIT_* parsed; numbers under aws.lambda.*."""
        records = _parse_all("cloudwatch-lambda-platform.json")
        kinds = [r.get("aws.lambda.platform_event") for r in records]
        assert kinds == [
            "init_start",
            "start",
            None,
            None,
            "end",
            "report",
            "start",
            "timeout",
            "end",
            "report",
            "init_report",
            "restore_report",
            "extension",
            "report",
        ]
        report = records[5]
        assert report["event.original_format"] == "lambda_platform"
        assert report["request_id"] == "52fdfc07-2182-454f-963f-5f0f9a621d72"
        assert report["aws.lambda.duration_ms"] == 412.87
        assert report["aws.lambda.billed_duration_ms"] == 413.0
        assert report["aws.lambda.memory_size_mb"] == 512
        assert report["aws.lambda.max_memory_used_mb"] == 94
        assert report["aws.lambda.init_duration_ms"] == 871.34
        assert report["log.level"] == "info"
        assert report["service.name"] == "report-builder"
        timeout = records[7]
        assert timeout["log.level"] == "error"
        assert timeout["aws.lambda.timeout_seconds"] == 30.03
        assert timeout["@timestamp"] == "2026-11-25T10:10:33.517000Z"
        assert records[9]["log.level"] == "error"  # REPORT ... Status: timeout
        assert records[10]["log.level"] == "error"  # INIT_REPORT ... Status: timeout
        assert records[0]["aws.lambda.runtime_version"] == "python:3.12.v38"
        assert records[11]["aws.lambda.restore_duration_ms"] == 571.67
        json_report = records[13]
        assert json_report["aws.lambda.duration_ms"] == 18.22
        assert json_report["@timestamp"] == "2026-11-25T10:10:40.001000Z"

    def test_runtime_default_text_format(self) -> None:
        """[LEVEL]\\t<time>\\t<request id>\\t<message>: each part in its place."""
        records = _parse_all("cloudwatch-lambda-platform.json")
        info, warning = records[2], records[3]
        assert info["message"] == "Processing 12 records"
        assert info["@timestamp"] == "2026-11-25T10:10:01.203000Z"
        assert info["request_id"] == "52fdfc07-2182-454f-963f-5f0f9a621d72"
        assert info["event.original_format"] == "text"
        assert warning["log.level"] == "warning"

    def test_report_with_xray(self) -> None:
        """The X-Ray part of a REPORT line gives trace.id."""
        record = _one(
            "REPORT RequestId: r1\tDuration: 1.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB"
            "\tMax Memory Used: 40 MB\t\nXRAY TraceId: 1-5e34a614-10bd\tSegmentId: 07f5\t"
            "Sampled: true\t\n"
        )
        assert record["trace.id"] == "1-5e34a614-10bd"
        assert record["aws.lambda.xray_sampled"] is True

    def test_runtime_exit(self) -> None:
        """`RequestId: ... Error: Runtime exited ...` is an error."""
        record = _one(
            "RequestId: abc Error: Runtime exited with error: signal: killed\nRuntime.ExitError"
        )
        assert (record["log.level"], record["error.type"]) == ("error", "Runtime.ExitError")


class TestText:
    def test_text_samples(self) -> None:
        """Levels from tokens, [error], tracebacks; leading timestamps used."""
        records = _parse_all("cloudwatch-text.json")
        assert [r["log.level"] for r in records] == [
            "info",
            "warning",
            "error",
            "error",
            "error",
            "error",
            "info",
            "info",
            "info",
            "info",
        ]
        assert records[0]["@timestamp"] == "2026-11-25T10:11:02.114000Z"
        assert records[0]["service.name"] == "/ec2/legacy-worker"
        traceback = records[4]
        assert traceback["error.type"] == "KeyError"
        assert traceback["error.stack_trace"].startswith("Traceback (most recent call last):")
        assert records[5]["error.type"] == "Runtime.ImportModuleError"
        assert "\r" not in records[5]["message"]

    def test_service_mapping(self) -> None:
        """A configured prefix wins over the built-in rules."""
        mapping = (("/aws/lambda/report-", "reports"),)
        assert _one("x", service_mapping=mapping)["service.name"] == "reports"
        assert _one("x", "/ecs/orders/web")["service.name"] == "orders"
        assert _one("x", "/custom/group")["service.name"] == "/custom/group"


@pytest.mark.parametrize(
    "line",
    [
        '{"schema": "emitter/1", "@timestamp": null, "service.name": null, "log_id": null}',
        '{"@timestamp": null, "message": "foreign json with explicit nulls"}',
    ],
)
def test_explicit_nulls_are_filled_like_missing_keys(line: str) -> None:
    """Found by the property test: `"@timestamp": null` must not survive as null."""
    parser = RecordParser(ParseSettings(region="eu-west-1"))
    batch = LogBatch("DATA_MESSAGE", "123456789012", "/ecs/checkout", "s1", ())
    record = parser(LogEvent("42", 1_795_607_279_919, line), batch)
    assert record["@timestamp"] == "2026-11-25T11:47:59.919000Z"
    assert record["service.name"] == "checkout"
    assert record["log_id"] == log_id_for("42")


E = "\x1b"
LINE_TIME = "2026-11-25T10:07:06.123000Z"


class TestTextLevelPositions:
    """Level words where loggers print them, not only first after the time (review F1-F4,
    F9, F10); ordinary text gets no level it does not say."""

    @pytest.mark.parametrize(
        ("line", "level", "at", "message"),
        [
            # F1: the level after a logger's name or a caller
            ("2026-11-25 10:07:06,123 app.db ERROR query failed", "error", LINE_TIME,
             "query failed"),
            ("2026-11-25 10:07:06,123 | app.db | ERROR | query failed", "error", LINE_TIME,
             "query failed"),
            ("2026-11-25 10:07:06,123 com.acme.App ERROR - payment failed", "error", LINE_TIME,
             "payment failed"),
            ("2026/11/25 10:07:06 main.go:10: ERROR: payment failed", "error",
             "2026-11-25T10:07:06.000000Z", "payment failed"),
            ("2026-11-25 10:07:06,123 root WARNING disk low", "warning", LINE_TIME, "disk low"),
            # a timed line whose level word stands later, as a header's, still gets it (as
            # untimed text does); a level word in a sentence does not (`TestLevelWordInText`)
            ("2026-11-25 10:07:06,123 Upstream ERROR: boom", "error", LINE_TIME,
             "Upstream ERROR: boom"),
            # F2: Serilog's console default
            ("[10:07:06 ERR] Payment failed for order 42", "error", LINE_TIME[:20] + "000000Z",
             "Payment failed for order 42"),
            ("[10:07:06 FTL] Host terminated unexpectedly", "critical", None, None),
            ("[10:07:06 WRN] slow", "warning", None, "slow"),
            ("[10:07:06 INF] ok", "info", None, "ok"),
            ("[10:07:06 DBG] x", "debug", None, "x"),
            ("[10:07:06 VRB] x", "debug", None, "x"),
            # F4: zerolog's ConsoleWriter
            ("10:07AM ERR payment failed error=boom", "error", None, "payment failed error=boom"),
            ("3:07PM FTL cannot start error=boom", "critical", None, "cannot start error=boom"),
            ("3:07PM PNC oops", "critical", None, "oops"),
            ("3:07PM WRN slow", "warning", None, "slow"),
            ("3:07PM TRC x", "debug", None, "x"),
            # F3: winston's format.simple()
            ('error: payment failed {"service":"billing"}', "error", None,
             'payment failed {"service":"billing"}'),
            ("warn: retrying", "warning", None, "retrying"),
            ("info: started", "info", None, "started"),
            # F10: slog's levels between the named ones
            ('time=2026-11-25T10:07:06.123Z level=ERROR+4 msg="really bad"', "error", LINE_TIME,
             "really bad"),
            ("time=2026-11-25T10:07:06.123Z level=WARN+2 msg=m", "warning", LINE_TIME, "m"),
            ("time=2026-11-25T10:07:06.123Z level=INFO-4 msg=m", "info", LINE_TIME, "m"),
            ("time=2026-11-25T10:07:06.123Z level=DEBUG-4 msg=m", "debug", LINE_TIME, "m"),
            ('{"time": "2026-11-25T10:07:06.123Z", "level": "ERROR+4", "msg": "m"}', "error",
             LINE_TIME, "m"),
        ],
    )  # fmt: skip
    def test_level_read(self, line: str, level: str, at: str | None, message: str | None) -> None:
        record = _one(line)
        assert record["log.level"] == level
        if at is not None:
            assert record["@timestamp"] == at
        if message is not None:
            assert record["message"] == message

    def test_logger_and_caller_before_the_level(self) -> None:
        assert _one("2026-11-25 10:07:06,123 app.db ERROR query failed")["log.logger"] == "app.db"
        go = _one("2026/11/25 10:07:06 main.go:10: ERROR: payment failed")
        assert (go["log.origin.file.name"], go["log.origin.file.line"]) == ("main.go", 10)

    @pytest.mark.parametrize(
        ("line", "level"),
        [
            ("the ERR count rose", "info"),  # an abbreviation only in a level position
            ("Got ERR from upstream", "info"),
            ("2026-11-25 10:07:06,123 Got ERR from upstream", "info"),
            ("2026-11-25 10:07:06,123 the query failed with error code 7", "info"),
            ("2026-11-25 10:07:06,123 app.db INFO retry after ERROR", "info"),  # the first wins
            ("2026-11-25 10:07:06,123 app.db Error in the text", "info"),
            ("payment failed: error: boom", "info"),  # `error:` only opening the line
            ("errors: 3 retries", "info"),
            ("Error: boom", "error"),  # not winston's (lower case): Node's error line alone
            ("[10:07:06 err] lower case", "info"),
            ("[10:07:06 ABC] not a level", "info"),
            ("10:07AM ERRORS piled up", "info"),
            ("10:07AM we saw ERR", "info"),
            ("time=2026-11-25T10:07:06.123Z level=error+x msg=m", "info"),
            ("[2026-11-25 10:07:06 +0000] [7] [WARNING] slow worker", "warning"),  # unchanged
            ("2026-11-25 10:07:06,123 - app.db - ERROR - query failed", "error"),  # unchanged
        ],
    )
    def test_near_misses_keep_their_level(self, line: str, level: str) -> None:
        assert _one(line)["log.level"] == level

    def test_colour_codes_are_read_past(self) -> None:
        """F9: a coloured line reads as the same line without its SGR codes; the message is
        stored without them, `event.original` keeps the line as received."""
        coloured = (
            f"{E}[2m2026-11-25T10:07:06.123456Z{E}[0m {E}[31mERROR{E}[0m "
            f"{E}[2morders::handler{E}[0m{E}[2m:{E}[0m payment failed"
        )
        plain = "2026-11-25T10:07:06.123456Z ERROR orders::handler: payment failed"
        record, expected = _one(coloured), _one(plain)
        for key in ("log.level", "@timestamp", "message"):
            assert record[key] == expected[key]
        assert record["log.level"] == "error"
        assert record["@timestamp"] == "2026-11-25T10:07:06.123456Z"
        assert record["event.original"] == coloured
        winston = _one(f"{E}[31merror{E}[39m: payment failed")
        assert (winston["log.level"], winston["message"]) == ("error", "payment failed")
        assert winston["event.original"] == f"{E}[31merror{E}[39m: payment failed"

    def test_colour_codes_alone_give_no_level(self) -> None:
        record = _one(f"{E}[32mall good{E}[0m, nothing failed")
        assert record["log.level"] == "info"
        assert record["message"] == "all good, nothing failed"
        assert record["event.original"] == f"{E}[32mall good{E}[0m, nothing failed"


RID = "8f507cfc-5d2e-4697-b07a-ac58fc914c95"
RAILS_HEADER = "F, [2026-11-25T10:07:06.123456 #1] FATAL -- : "


class TestRailsTaggedLogger:
    """Ruby's Logger with Rails' tags: a request id tag is `request_id`; an exception report
    written whole is one critical record with its `error.*`."""

    def test_a_request_id_tag_is_the_request_id(self) -> None:
        record = _one(f'I, [2026-11-25T10:07:05.623456 #1]  INFO -- : [{RID}] Started GET "/"')
        assert (record["request_id"], record["message"]) == (RID, 'Started GET "/"')
        assert record["log.level"] == "info"

    def test_the_request_id_among_other_tags(self) -> None:
        record = _one(f"I, [2026-11-25T10:07:05.623456 #1]  INFO -- : [www] [{RID}] Started")
        assert (record["request_id"], record["message"]) == (RID, "[www] Started")

    @pytest.mark.parametrize(
        "message",
        [
            "[www] Started GET /",  # a tag that is no request id
            "[1, 2, 3] values",  # brackets that are the message's own
            f"Started [{RID}]",  # a request id later in the message
        ],
    )
    def test_other_brackets_stay_in_the_message(self, message: str) -> None:
        record = _one(f"I, [2026-11-25T10:07:05.623456 #1]  INFO -- : {message}")
        assert record["message"] == message
        assert "request_id" not in record

    def test_an_exception_report_written_whole(self) -> None:
        text = (
            f"{RAILS_HEADER}[{RID}]   \n"
            f"[{RID}] ActiveRecord::RecordNotFound (Couldn't find Order with 'id'=7):\n"
            f"[{RID}]   \n"
            f"[{RID}] app/controllers/orders_controller.rb:5:in `show'\n"
            f"[{RID}] actionpack (7.1.2) lib/action_controller/metal/basic_implicit_render.rb:6:in"
            " `send_action'"
        )
        record = _one(text)
        assert record["log.level"] == "critical"
        assert record["error.type"] == "ActiveRecord::RecordNotFound"
        assert record["error.message"] == "Couldn't find Order with 'id'=7"
        assert record["request_id"] == RID
        assert record["message"] == record["error.stack_trace"]
        assert record["message"].startswith("ActiveRecord::RecordNotFound (Couldn't find")
        assert RID not in record["message"]
        assert record["event.original"] == text

    def test_an_error_level_report_is_an_error(self) -> None:
        """`debug_exception_log_level = :error`: the level the line says."""
        text = (
            f"E, [2026-11-25T10:07:06.123456 #1] ERROR -- : [{RID}]   \n"
            f"[{RID}] NoMethodError (undefined method 'name' for nil):\n"
            f"[{RID}] app/controllers/orders_controller.rb:5:in 'OrdersController#show'"
        )
        record = _one(text)
        assert (record["log.level"], record["error.type"]) == ("error", "NoMethodError")
        assert record["error.message"] == "undefined method 'name' for nil"

    def test_a_tagged_message_of_several_lines_is_no_crash(self) -> None:
        """`Name (detail):` without frames below it is no exception report."""
        text = (
            f"I, [2026-11-25T10:07:06.123456 #1]  INFO -- : [{RID}] Totals (3 items):\n[{RID}] a 1"
        )
        record = _one(text)
        assert record["log.level"] == "info"
        assert "error.type" not in record
        assert record["message"] == "Totals (3 items):\na 1"


class TestRubyReportAlone:
    """Ruby's uncaught exception report without `from` frames is an error; a line that only
    mentions a Ruby frame is not."""

    @pytest.mark.parametrize(
        ("line", "kind", "message"),
        [
            ("/app/main.rb:3:in `charge': card declined (RuntimeError)", "RuntimeError",
             "card declined"),
            ("main.rb:1:in '<main>': card declined (RuntimeError)", "RuntimeError",
             "card declined"),  # Ruby 3.4 quotes
            ("/app/lib/billing.rb:12:in 'Billing::Card#charge': declined (Billing::Declined)",
             "Billing::Declined", "declined"),
        ],
    )  # fmt: skip
    def test_the_report_line_alone(self, line: str, kind: str, message: str) -> None:
        record = _one(line)
        assert (record["log.level"], record["error.type"]) == ("error", kind)
        assert record["error.message"] == message
        assert record["message"] == line

    def test_the_report_is_the_line_above_its_from_frames(self) -> None:
        """With frames: the report line above the last `from` frame, message lines between."""
        text = (
            "/app/main.rb:3:in `charge': card declined (RuntimeError)\ncard ending 42\n"
            "\tfrom /app/main.rb:7:in `<main>'\n\tfrom /app/main.rb:9:in `<main>'"
        )
        record = _one(text)
        assert (record["error.type"], record["error.message"]) == ("RuntimeError", "card declined")
        below = "\tfrom /app/main.rb:7:in `<main>'\n/app/main.rb:3:in `charge': late (RuntimeError)"
        assert "error.type" not in _one(f"note\n{below}")

    @pytest.mark.parametrize(
        "line",
        [
            "retrying after /app/main.rb:3:in `charge' (attempt 2)",
            "/app/main.rb:3:in `charge': retrying (attempt 2)",
            "called from /app/main.rb:3:in `charge': card declined (RuntimeError)",
            "/app/main.rb:3:in `charge' took 12 ms (Fast)",
            "slow call (see /app/main.rb:3:in `charge')",
        ],
    )
    def test_a_line_that_mentions_a_frame_is_no_crash(self, line: str) -> None:
        record = _one(line)
        assert (record["log.level"], record.get("error.type")) == ("info", None)
        assert record["message"] == line


CROSS = "\N{VECTOR OR CROSS PRODUCT}"


class TestNextErrorAlone:
    @pytest.mark.parametrize(
        ("line", "kind", "message"),
        [
            (f" {CROSS} Error: boom", "Error", "boom"),
            (f"{CROSS} TypeError: fetch failed", "TypeError", "fetch failed"),
            (f" {CROSS} unhandledRejection: TypeError: fetch failed", "TypeError", "fetch failed"),
            (f" {CROSS} uncaughtException: RangeError", "RangeError", None),
        ],
    )
    def test_the_error_line_without_frames(self, line: str, kind: str, message: str | None) -> None:
        record = _one(line)
        assert (record["log.level"], record["error.type"]) == ("error", kind)
        assert record.get("error.message") == message
        assert record["message"] == line

    @pytest.mark.parametrize(
        "line",
        [
            f"grid 3 {CROSS} 4",
            f" {CROSS} plain note",
            f" {CROSS} Error occurred prerendering page",  # no `Type: message`
            f" {CROSS} ./app/page.tsx",
            "Error occurred prerendering page",  # no cross (`Error: boom` alone: crash_line)
        ],
    )
    def test_near_misses_stay_info(self, line: str) -> None:
        record = _one(line)
        assert (record["log.level"], record.get("error.type")) == ("info", None)


class TestTracingTarget:
    """tracing-subscriber's default format: the target is the logger, spans stay in the
    message."""

    @pytest.mark.parametrize(
        ("line", "level", "logger", "message"),
        [
            ("2026-11-25T10:07:06.123456Z ERROR orders::handler: payment failed", "error",
             "orders::handler", "payment failed"),
            ("2026-11-25T10:07:06.123456Z  INFO orders::api::v1: listening on :8080", "info",
             "orders::api::v1", "listening on :8080"),
            ("2026-11-25T10:07:06.123456Z ERROR request{id=7}: orders::handler: payment failed",
             "error", "orders::handler", "request{id=7}: payment failed"),
            ("2026-11-25T10:07:06.123456Z  WARN request{id=7 method=GET}:db{q=1}: orders::db: "
             "slow", "warning", "orders::db", "request{id=7 method=GET}:db{q=1}: slow"),
            ("2026-11-25T10:07:06.123456Z  INFO orders: ready", "info", "orders", "ready"),
        ],
    )  # fmt: skip
    def test_target_is_the_logger(self, line: str, level: str, logger: str, message: str) -> None:
        record = _one(line)
        assert (record["log.level"], record["log.logger"], record["message"]) == (
            level,
            logger,
            message,
        )
        assert record["@timestamp"] == "2026-11-25T10:07:06.123456Z"
        assert record["event.original"] == line

    @pytest.mark.parametrize(
        ("line", "message"),
        [
            # a Ruby or C++ class after the level is no module path
            ("2026-11-25T10:07:06.123456Z ERROR Net::ReadTimeout: execution expired",
             "Net::ReadTimeout: execution expired"),
            # spans without a target after them
            ("2026-11-25T10:07:06.123456Z ERROR request{id=7}: payment failed",
             "request{id=7}: payment failed"),
            ("2026-11-25T10:07:06.123456Z ERROR config{a=1} not loaded", "config{a=1} not loaded"),
            ("2026-11-25T10:07:06.123456Z ERROR request{id=7}: Payment failed: card declined",
             "request{id=7}: Payment failed: card declined"),
        ],
    )  # fmt: skip
    def test_near_misses_keep_their_message(self, line: str, message: str) -> None:
        record = _one(line)
        assert record["message"] == message
        assert "log.logger" not in record
