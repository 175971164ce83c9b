"""Producers a review found misread (M1-M17, F1-F2 of hunt_formats2): each read as its users
expect, and the near-misses beside it that keep their level."""

from __future__ import annotations

import json

import pytest

from lambda_forwarder.config import ParseSettings
from lambda_forwarder.model import LogBatch, LogEvent
from lambda_forwarder.parse import RecordParser, group_events, merged_event
from lambda_forwarder.parse.levels import MONOLOG_SCALE, infer_level, level_from_number

CW_MS = 1_795_601_226_123
BATCH = LogBatch("DATA_MESSAGE", "123456789012", "/ecs/app", "app/1", ())


def _read(lines: list[str]) -> list[dict]:
    """The records a run of events becomes, grouped as the pipeline groups them."""
    parser = RecordParser(ParseSettings(region="eu-west-1"))
    events = [LogEvent(f"{n:056d}", CW_MS, line) for n, line in enumerate(lines)]
    return [
        parser(merged_event(head, absorbed), BATCH, continued=bool(absorbed))
        for head, absorbed in group_events(events)
    ]


def _one(line: str) -> dict:
    (record,) = _read([line])
    return record


def _monolog(level: int, name: str, **extra: str) -> str:
    fields = "".join(f',"{key}":"{value}"' for key, value in extra.items())
    return (
        f'{{"message":"hello","context":{{}},"level":{level},"level_name":"{name}",'
        f'"channel":"app","datetime":"2026-11-25T10:07:06.123456+00:00","extra":{{}}{fields}}}'
    )


class TestMonolog:
    """M4: Monolog's JsonFormatter (Laravel, Symfony) counts 100 debug .. 600 emergency."""

    @pytest.mark.parametrize(
        ("level", "name", "expected"),
        [
            (100, "DEBUG", "debug"),
            (200, "INFO", "info"),
            (250, "NOTICE", "info"),
            (300, "WARNING", "warning"),
            (400, "ERROR", "error"),
            (500, "CRITICAL", "critical"),
            (550, "ALERT", "critical"),
            (600, "EMERGENCY", "critical"),
        ],
    )
    def test_levels(self, level: int, name: str, expected: str) -> None:
        record = _one(_monolog(level, name))
        assert record["log.level"] == expected
        assert record["message"] == "hello"
        assert record["@timestamp"] == "2026-11-25T10:07:06.123456Z"
        assert record["channel"] == "app"

    def test_the_scale(self) -> None:
        assert level_from_number(250, MONOLOG_SCALE) == "info"
        assert level_from_number(399, MONOLOG_SCALE) == "warning"
        assert level_from_number(100, MONOLOG_SCALE) == "debug"

    def test_level_name_alone(self) -> None:
        line = '{"message":"m","level_name":"ERROR","channel":"app"}'
        assert _one(line)["log.level"] == "error"

    def test_the_scale_needs_a_monolog_record(self) -> None:
        """Near-misses: a numeric level without Monolog's keys stays on Python's scale, pino's
        beside `msg`; `datetime` is only Monolog's time, elsewhere an application field."""
        assert _one('{"level": 40, "message": "m", "channel": "app"}')["log.level"] == "error"
        assert _one('{"level": 200, "message": "m"}')["log.level"] == "critical"
        assert _one('{"level": 30, "msg": "m"}')["log.level"] == "info"
        other = _one('{"level": "info", "message": "m", "datetime": "2026-11-24T10:00:00Z"}')
        assert other["datetime"] == "2026-11-24T10:00:00Z"
        assert other["@timestamp"] == "2026-11-25T10:07:06.123000Z"


class TestLevelWordInText:
    """F2: in text without a known format an upper-case level word counts only where a level
    stands, not as a sentence's object, a value of `=` or a count."""

    @pytest.mark.parametrize(
        "line",
        [
            "Log level set to ERROR",
            "Starting server with LOG_LEVEL=ERROR on port 8080",
            "Processed 120 records: 120 OK, 0 ERROR",
            "Tests: 10 passed, Errors: 0, FATAL: 0",
            "upstream said ERROR twice",
            "2026-11-25 10:07:06,123 upstream said ERROR twice",
            "Running with --log-level ERROR",
            'the status was "ERROR" yesterday',
            "counts ERROR=3 WARN=1",
            "This is CRITICAL",
        ],
    )
    def test_no_level_in_a_sentence(self, line: str) -> None:
        assert _one(line)["log.level"] == "info"

    @pytest.mark.parametrize(
        ("line", "level"),
        [
            ("ERROR could not connect to redis", "error"),
            ("ERROR: 0 rows written", "error"),  # first: a header whatever follows
            ("ERROR 1045 (28000): Access denied for user 'app'", "error"),
            ("[main] ERROR com.acme.Api - boom", "error"),
            ("myapp | ERROR | boom", "error"),
            ("Dec 01 10:07:06 host app[123]: ERROR boom", "error"),
            ("[2026-11-25 10:07:06] local.ERROR: boom {} []", "error"),  # Laravel's line
            ("main ERROR Unable to locate appender", "error"),  # log4j2's status logger
            ("web.1 | 2026-11-25 10:07:06 ERROR boom", "error"),
            ("Deprecation WARNING: x is old", "warning"),
            ("Job status: ERROR", "error"),
            ("Log level set to ERROR, then FATAL: disk gone", "critical"),  # a later one stands
            ("[error] boom", "error"),
            ("level=warn something", "warning"),
        ],
    )
    def test_a_level_where_it_stands(self, line: str, level: str) -> None:
        assert _one(line)["log.level"] == level

    @pytest.mark.timeout(60)  # a hang guard, not a speed target (bench/ measures speed)
    def test_a_long_hostile_line_ends(self) -> None:
        assert infer_level(("to " * 40 + "ERROR ") * 20_000) is None
        assert infer_level("x" + " ERROR" * 100_000) == "error"  # after one token: a logger's


NODE_AT = [
    "    at Object.<anonymous> (/app/index.js:4:42)",
    "    at Module._compile (node:internal/modules/cjs/loader:1521:14)",
]


class TestNodeErrorAfterAMessage:
    """M1, M17: `console.error("message", err)` prints the message, then the error's first
    line, on one line above its frames."""

    @pytest.mark.parametrize(
        ("head", "kind", "message"),
        [
            ("Failed to process order Error: boom", "Error", "boom"),
            ("Error processing request: Error: boom", "Error", "boom"),
            (
                "Unhandled error TypeError: Cannot read properties of undefined (reading 'id')",
                "TypeError",
                "Cannot read properties of undefined (reading 'id')",
            ),
            ("(node:1) UnhandledPromiseRejectionWarning: Error: boom", "Error", "boom"),
            ("request failed AxiosError: Request failed with status code 500", "AxiosError",
             "Request failed with status code 500"),
            ("query failed MongoServerError", "MongoServerError", None),
        ],
    )  # fmt: skip
    def test_read_as_an_error(self, head: str, kind: str, message: str | None) -> None:
        (record,) = _read([head, *NODE_AT])
        assert record["log.level"] == "error"
        assert record["error.type"] == kind
        assert record.get("error.message") == message
        assert record["error.stack_trace"].startswith(kind)

    @pytest.mark.parametrize(
        "lines",
        [
            ["Failed to process order Error: boom"],  # no frames: no stack
            ["Failed to process order Error: boom\nnext line"],
            ["waiting for the Errors: none", *NODE_AT],  # `Errors` is no error's name
            ["see the Error page", *NODE_AT],  # an error's name must end the line or take `: `
        ],
    )
    def test_near_misses_stay_info(self, lines: list[str]) -> None:
        assert [record["log.level"] for record in _read(lines)] == ["info"]

    def test_an_error_first_keeps_its_header_reading(self) -> None:
        (record,) = _read(["TypeError: x is not a function", *NODE_AT])
        assert (record["log.level"], record["error.type"]) == ("error", "TypeError")
        assert record["error.stack_trace"].startswith("TypeError: x")

    @pytest.mark.timeout(60)  # a hang guard, not a speed target (bench/ measures speed)
    def test_a_long_hostile_line_ends(self) -> None:
        from lambda_forwarder.parse.crash import find_crash

        heads = (" a" * 200_000, " Error: " * 50_000, " a." * 100_000 + "b", "aError" * 70_000)
        found = [find_crash(f"m {head}\n    at x (/a.js:1:1)") for head in heads]
        assert [crash is not None and crash.level for crash in found] == [
            False,
            "error",
            False,
            "error",
        ]


class TestStructlogConsole:
    """M3: structlog's default ConsoleRenderer pads the level inside its brackets."""

    @pytest.mark.parametrize(
        ("line", "level", "message"),
        [
            ("2026-11-25 10:07:06 [error    ] payment failed                 order_id=42",
             "error", "payment failed                 order_id=42"),
            ("2026-11-25 10:07:06 [critical ] db down", "critical", "db down"),
            ("2026-11-25 10:07:06 [warning  ] slow query                     ms=900",
             "warning", "slow query                     ms=900"),
            ("2026-11-25 10:07:06 [info     ] started", "info", "started"),
            ("2026-11-25 10:07:06 [debug    ] cache miss", "debug", "cache miss"),
            ("\x1b[2m2026-11-25 10:07:06\x1b[0m [\x1b[31m\x1b[1merror    \x1b[0m] \x1b[1mboom",
             "error", "boom"),
            ("[error    ] no timestamper", "error", None),  # untimed: the bracketed level
        ],
    )  # fmt: skip
    def test_the_padded_level(self, line: str, level: str, message: str | None) -> None:
        record = _one(line)
        assert record["log.level"] == level
        if message is not None:
            assert record["message"] == message
        if line[:1].isdigit():
            assert record["@timestamp"] == "2026-11-25T10:07:06.000000Z"

    @pytest.mark.parametrize(
        ("line", "thread"),
        [
            ("2026-11-25 10:07:06 [errors   ] hello", "errors"),  # no level's name
            ("2026-11-25 10:07:06 [main thread] hello", "main thread"),
        ],
    )
    def test_near_misses_are_threads(self, line: str, thread: str) -> None:
        record = _one(line)
        assert (record["log.level"], record["process.thread.name"]) == ("info", thread)


TB = [
    "Traceback (most recent call last):",
    '  File "/app/main.py", line 4, in f',
    '    raise ValueError("boom")',
    "ValueError: boom",
]
HIKARI = [
    "2026-11-25T10:07:06.123Z  WARN 1 --- [demo] [nio-8080-exec-1] "
    "com.zaxxer.hikari.pool.ProxyConnection   : HikariPool-1 - Connection marked as broken",
    "java.sql.SQLTransientConnectionException: timeout",
    "\tat com.zaxxer.hikari.pool.HikariPool.get(HikariPool.java:1)",
]


class TestEscalation:
    """F1: a crash merged from several events raises the level of a head line at info or
    below, or without a level (it may be unrelated to the crash); a head that says warning
    logged its own stack and stays a warning, unless the crash is critical."""

    @pytest.mark.parametrize(
        ("lines", "level", "kind"),
        [
            (["WARNING:app:retrying in 5s", *TB], "warning", "ValueError"),
            (["2026-11-25 10:07:06,123 WARNING [app] retrying", *TB], "warning", "ValueError"),
            (HIKARI, "warning", "java.sql.SQLTransientConnectionException"),
            (["WARNING:app:retrying in 5s\n" + "\n".join(TB)], "warning", "ValueError"),
            # the escalation stays for what is not a warning
            (["INFO:app:request done", *TB], "error", "ValueError"),
            (["DEBUG:app:cache miss", *TB], "error", "ValueError"),
            (["request done", *TB], "error", "ValueError"),  # no level
            ([HIKARI[0].replace(" WARN ", " INFO "), *HIKARI[1:]], "error",
             "java.sql.SQLTransientConnectionException"),
            (["ERROR:app:charge failed", *TB], "error", "ValueError"),
        ],
    )  # fmt: skip
    def test_levels(self, lines: list[str], level: str, kind: str) -> None:
        (record,) = _read(lines)
        assert (record["log.level"], record["error.type"]) == (level, kind)

    @pytest.mark.parametrize(("head", "written"), [("WARN", "warning"), ("ERROR", "error")])
    def test_a_critical_crash_raises_even_a_warning(self, head: str, written: str) -> None:
        from lambda_forwarder.parse.text import parse_text

        text = f"{head} draining\npanic: boom\n\ngoroutine 1 [running]:\nmain.main()"
        assert parse_text(text, CW_MS, escalate=True)["log.level"] == "critical"
        assert parse_text(text, CW_MS)["log.level"] == written  # written whole: its own level


GO_HTTP = [
    "2026/11/25 10:07:06 http: panic serving 10.0.0.1:5678: runtime error: invalid memory "
    "address or nil pointer dereference",
    "goroutine 23 [running]:",
    "net/http.(*conn).serve.func1()",
    "\t/usr/local/go/src/net/http/server.go:1898 +0xbe",
    "panic({0x6b1c40?, 0x8d1b40?})",
    "\t/usr/local/go/src/runtime/panic.go:770 +0x132",
    "main.handler({0x7a0f28, 0xc0000a80e0}, 0xc0000b2000)",
    "\t/app/main.go:12 +0x1c",
]


class TestGoHttpPanic:
    """M5: net/http recovers a handler's panic and logs it with the goroutine's stack: an
    error (the process lives on), one record."""

    def test_line_by_line_is_one_error(self) -> None:
        (record,) = _read(GO_HTTP)
        assert record["log.level"] == "error"
        assert record["error.type"] == "runtime.Error"
        assert record["error.message"].startswith("runtime error: invalid memory address")
        assert record["@timestamp"] == "2026-11-25T10:07:06.000000Z"
        assert record["message"] == "\n".join(GO_HTTP)[20:]
        assert record["error.stack_trace"].startswith("http: panic serving 10.0.0.1:5678")

    @pytest.mark.parametrize(
        "lines", [["\n".join(GO_HTTP)], [GO_HTTP[0][20:], *GO_HTTP[1:]], [GO_HTTP[0]]]
    )
    def test_whole_untimed_or_alone(self, lines: list[str]) -> None:
        (record,) = _read(lines)
        assert (record["log.level"], record["error.type"]) == ("error", "runtime.Error")

    @pytest.mark.parametrize(
        ("lines", "level"),
        [
            (["2026/11/25 10:07:06 http: TLS handshake error from 10.0.0.1:5678: EOF"], "info"),
            (["http: GET /orders 200 12ms"], "info"),  # winston's `http` level
            (["2026/11/25 10:07:06 http: superfluous response.WriteHeader call"], "info"),
        ],
    )
    def test_near_misses(self, lines: list[str], level: str) -> None:
        assert [record["log.level"] for record in _read(lines)] == [level]

    def test_an_ipv6_client(self) -> None:
        record = _one("2026/11/25 10:07:06 http: panic serving [::1]:5678: boom")
        assert (record["log.level"], record["error.message"]) == ("error", "boom")

    def test_other_lines_after_it_stay_apart(self) -> None:
        records = _read([*GO_HTTP, "2026/11/25 10:07:07 request done"])
        assert [record["log.level"] for record in records] == ["error", "info"]


RUST = [
    "thread 'main' panicked at src/main.rs:2:5:",
    "boom",
    "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
]


class TestRustPanic:
    """M6: a panic of Rust's main thread ends the process (critical); another thread's is
    caught by its runtime (error). Its message and notes are one record with it."""

    @pytest.mark.parametrize(
        ("lines", "level", "message"),
        [
            (RUST, "critical", "boom"),
            (["\n".join(RUST)], "critical", "boom"),
            (["thread 'main' panicked at 'boom', src/main.rs:2:5", RUST[2]], "critical", "boom"),
            (["thread 'main' panicked at 'a, b', c', src/main.rs:2:5"], "critical", "a, b', c"),
            (["thread 'tokio-runtime-worker' panicked at src/handler.rs:40:18:",
              "called `Option::unwrap()` on a `None` value"], "error",
             "called `Option::unwrap()` on a `None` value"),
            (["thread '<unnamed>' panicked at src/lib.rs:1:1:", "boom"], "error", "boom"),
            ([RUST[0]], "critical", None),  # its message in the next batch
            ([RUST[0], RUST[1], "stack backtrace:", "   0: rust_begin_unwind",
              "             at /rustc/abc/library/std/src/panicking.rs:652:5",
              "note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose "
              "backtrace."], "critical", "boom"),
        ],
    )  # fmt: skip
    def test_one_record(self, lines: list[str], level: str, message: str | None) -> None:
        (record,) = _read(lines)
        assert (record["log.level"], record["error.type"]) == (level, "panic")
        assert record.get("error.message") == message
        assert record["message"] == "\n".join(lines)

    def test_the_next_log_line_stays_apart(self) -> None:
        records = _read([*RUST, "2026-11-25 10:07:07 INFO restarted"])
        assert [record["log.level"] for record in records] == ["critical", "info"]

    @pytest.mark.parametrize(
        "line",
        [
            "thread 'main' finished at src/main.rs:2:5:",
            "the thread 'main' panicked at src/main.rs:2:5: said the test",
            "thread 'main' panicked at src/main.rs: really now",  # no location's end
        ],
    )
    def test_near_misses_stay_info(self, line: str) -> None:
        assert _one(line)["log.level"] == "info"

    @pytest.mark.timeout(60)  # a hang guard, not a speed target (bench/ measures speed)
    def test_a_long_hostile_line_ends(self) -> None:
        from lambda_forwarder.parse.crash import find_crash

        texts = (
            "thread 'a' panicked at '" + "', " * 100_000 + "x y",
            ("thread 'a" + "' panicked at " * 30_000 + "\n") * 3,
            "thread 'a' panicked at " + "x:" * 200_000 + " y",
        )
        assert [find_crash(text) for text in texts] == [None, None, None]


class TestJvmOutOfMemory:
    """M8: the JVM ending itself on an OutOfMemoryError is critical."""

    @pytest.mark.parametrize(
        ("line", "message"),
        [
            ("Terminating due to java.lang.OutOfMemoryError: Java heap space", "Java heap space"),
            ("Aborting due to java.lang.OutOfMemoryError: Java heap space", "Java heap space"),
            ("Terminating due to java.lang.OutOfMemoryError: Metaspace", "Metaspace"),
        ],
    )
    def test_critical(self, line: str, message: str) -> None:
        record = _one(line)
        assert record["log.level"] == "critical"
        assert record["error.type"] == "java.lang.OutOfMemoryError"
        assert record["error.message"] == message
        assert record["message"] == line

    @pytest.mark.parametrize(
        "line",
        [
            "Terminating due to user request",
            "Worker said: Terminating due to java.lang.OutOfMemoryError: x",  # not its start
        ],
    )
    def test_near_misses_stay_info(self, line: str) -> None:
        assert _one(line)["log.level"] == "info"


SYNTAX = [
    '  File "/app/main.py", line 3',
    "    def f(",
    "         ^",
    "SyntaxError: '(' was never closed",
]


class TestPythonSyntaxError:
    """M11: a SyntaxError in the main script is reported without a `Traceback` line."""

    @pytest.mark.parametrize(
        ("lines", "kind", "message"),
        [
            (SYNTAX, "SyntaxError", "'(' was never closed"),
            (["\n".join(SYNTAX)], "SyntaxError", "'(' was never closed"),
            (['  File "/app/main.py", line 2', "    return 1",
              "IndentationError: unexpected indent"], "IndentationError", "unexpected indent"),
            # the rest of a traceback whose first line came in another batch
            (['  File "/app/pay.py", line 12, in charge', "    total = order['amount']",
              "KeyError: 'amount'"], "KeyError", "'amount'"),
        ],
    )  # fmt: skip
    def test_one_error(self, lines: list[str], kind: str, message: str) -> None:
        (record,) = _read(lines)
        assert (record["log.level"], record["error.type"]) == ("error", kind)
        assert record["error.message"] == message
        assert record["message"] == "\n".join(lines)

    @pytest.mark.parametrize(
        "lines",
        [
            ['  File "/app/main.py", line 3', "    def f("],  # no final line
            ['  File "/app/main.py" was not found', "next line"],  # no frame
            ['  File "/app/main.py", line 3', "    def f(", "all good now"],  # no exception
        ],
    )
    def test_near_misses_stay_info(self, lines: list[str]) -> None:
        assert {record["log.level"] for record in _read(lines)} == {"info"}

    def test_the_next_log_line_stays_apart(self) -> None:
        records = _read([*SYNTAX, "2026-11-25 10:07:07,000 INFO restarted"])
        assert [record["log.level"] for record in records] == ["error", "info"]


PHP_FATAL = [
    "PHP Fatal error:  Uncaught Exception: boom in /app/index.php:3",
    "Stack trace:",
    "#0 {main}",
    "  thrown in /app/index.php on line 3",
]


class TestPhp:
    """M9: PHP's errors: fatal and parse errors end the script (critical), warnings warn."""

    def test_an_uncaught_exception_line_by_line_is_one_critical_record(self) -> None:
        (record,) = _read(PHP_FATAL)
        assert record["log.level"] == "critical"
        assert (record["error.type"], record["error.message"]) == ("Exception", "boom")
        assert record["message"] == "\n".join(PHP_FATAL)[len("PHP Fatal error:  ") :]
        assert record["event.original"] == "\n".join(PHP_FATAL)

    @pytest.mark.parametrize(
        ("line", "level"),
        [
            ('PHP Parse error:  syntax error, unexpected token "}" in /app/index.php on line 5',
             "critical"),
            ("PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted", "critical"),
            ("[25-Nov-2026 10:07:06 UTC] PHP Fatal error:  Allowed memory size exhausted",
             "critical"),
            ('[25-Nov-2026 10:07:06] WARNING: [pool www] child 12 said into stderr: "PHP Fatal '
             'error:  Uncaught Exception: boom in /app/index.php:3"', "critical"),
            ("PHP Warning:  Undefined variable $x in /app/index.php on line 3", "warning"),
            ("PHP Deprecated:  Creation of dynamic property is deprecated", "warning"),
            ("PHP Notice:  Undefined index: id in /app/x.php on line 4", "info"),
            ("PHP Recoverable fatal error:  Object could not be converted", "error"),
        ],
    )  # fmt: skip
    def test_levels(self, line: str, level: str) -> None:
        assert _one(line)["log.level"] == level

    def test_a_namespaced_class(self) -> None:
        record = _one(r"PHP Fatal error:  Uncaught App\Errors\Boom: bad in /app/x.php:9")
        assert (record["error.type"], record["error.message"]) == (r"App\Errors\Boom", "bad")

    @pytest.mark.parametrize(
        ("line", "level"),
        [
            ("PHP is great", "info"),
            ("PHP Something else:  x", "info"),  # no PHP label
            ("[25-Nov-2026 10:07:06] NOTICE: fpm is running, pid 1", "info"),
            (
                "[25-Nov-2026 10:07:06] WARNING: [pool www] server reached pm.max_children",
                "warning",
            ),
        ],
    )
    def test_near_misses(self, line: str, level: str) -> None:
        assert _one(line)["log.level"] == level

    def test_the_next_line_stays_apart(self) -> None:
        records = _read([*PHP_FATAL, "PHP Warning:  later"])
        assert [record["log.level"] for record in records] == ["critical", "warning"]


class TestPinoWithoutItsBase:
    """F3: pino with `messageKey: "message"` and `base: null` writes neither `msg` nor
    `hostname`; its epoch-ms `time` still says pino's scale."""

    @pytest.mark.parametrize(
        ("level", "expected"), [(20, "debug"), (30, "info"), (40, "warning"), (50, "error"),
                                (60, "critical")]
    )  # fmt: skip
    def test_pino_scale(self, level: int, expected: str) -> None:
        record = _one(f'{{"level":{level},"time":1795601226123,"message":"hello"}}')
        assert (record["log.level"], record["message"]) == (expected, "hello")

    @pytest.mark.parametrize(
        ("line", "level"),
        [
            ('{"level": 30, "message": "m"}', "warning"),  # Python's levelno
            ('{"level": 30, "time": 1795601226.123, "message": "m"}', "warning"),  # seconds
            ('{"level": 30, "time": "2026-11-25T10:07:06Z", "message": "m"}', "warning"),
            ('{"level": 40, "time": 1795601226, "message": "m"}', "error"),  # epoch seconds
        ],
    )
    def test_near_misses_keep_pythons_scale(self, line: str, level: str) -> None:
        assert _one(line)["log.level"] == level


def _mongo(severity: str) -> str:
    return (
        '{"t":{"$date":"2026-11-25T10:07:06.123+00:00"},"s":"' + severity + '","c":"NETWORK",'
        '"id":23023,"ctx":"conn1","msg":"Error receiving request from client"}'
    )


class TestMongodb:
    """M15: MongoDB's structured log: `s` is its severity, `t.$date` its time."""

    @pytest.mark.parametrize(
        ("severity", "level"),
        [("F", "critical"), ("E", "error"), ("W", "warning"), ("I", "info"), ("D1", "debug"),
         ("D5", "debug")],
    )  # fmt: skip
    def test_severity(self, severity: str, level: str) -> None:
        record = _one(_mongo(severity))
        assert record["log.level"] == level
        assert record["@timestamp"] == "2026-11-25T10:07:06.123000Z"
        assert record["message"] == "Error receiving request from client"
        assert record["c"] == "NETWORK"

    @pytest.mark.parametrize(
        ("line", "level"),
        [
            ('{"s": "E", "msg": "m"}', "info"),  # an application's `s`, no MongoDB line
            ('{"t": {"$date": "x"}, "s": "E", "msg": "m"}', "info"),
            ('{"t": 1, "s": "EE", "c": "x", "ctx": "y", "msg": "m"}', "info"),
        ],
    )
    def test_near_misses(self, line: str, level: str) -> None:
        record = _one(line)
        assert record["log.level"] == level
        assert record["s"] in ("E", "EE")


class TestSystemdPriority:
    """M14: sd-daemon's `<N>` priority prefix (0 emergency .. 7 debug), as .NET's systemd
    console writes it."""

    @pytest.mark.parametrize(
        ("line", "level", "message", "logger"),
        [
            ("<3>Microsoft.AspNetCore.Server.Kestrel[13] boom", "error", "boom",
             "Microsoft.AspNetCore.Server.Kestrel"),
            ("<2>cannot start", "critical", "cannot start", None),
            ("<0>down", "critical", "down", None),
            ("<4>slow", "warning", "slow", None),
            ("<6>Orders.Api[0] started", "info", "started", "Orders.Api"),
            ("<7>x", "debug", "x", None),
        ],
    )  # fmt: skip
    def test_levels(self, line: str, level: str, message: str, logger: str | None) -> None:
        record = _one(line)
        assert (record["log.level"], record["message"]) == (level, message)
        assert record.get("log.logger") == logger

    @pytest.mark.parametrize("line", ["<8>not a priority", "<html>", "<134>1 x", "<3", "<3 items>"])
    def test_near_misses_stay_info(self, line: str) -> None:
        record = _one(line)
        assert (record["log.level"], record["message"]) == ("info", line)


class TestJavaMessageOfSeveralLines:
    """M16: a Java exception whose message goes on over several lines before its frames."""

    def test_one_error(self) -> None:
        lines = [
            "com.acme.ValidationException: invalid order",
            "  field: amount",
            "\tat com.acme.Order.check(Order.java:3)",
        ]
        (record,) = _read(lines)
        assert record["log.level"] == "error"
        assert record["error.type"] == "com.acme.ValidationException"
        assert record["error.message"] == "invalid order"
        assert record["error.stack_trace"] == "\n".join(lines)

    def test_below_a_log_line(self) -> None:
        text = (
            "payment failed\ncom.acme.ValidationException: invalid order\n  field: amount\n"
            "\tat com.acme.Order.check(Order.java:3)"
        )
        record = _one(text)
        assert (record["log.level"], record["error.type"]) == (
            "error",
            "com.acme.ValidationException",
        )
        assert record["error.stack_trace"].startswith("com.acme.ValidationException")

    @pytest.mark.parametrize(
        "text",
        [
            "see com.acme.Order for details\n  field: amount\n\tat large",  # no qualified line
            "the plan\n  step: one\n\tattention",  # no frame
        ],
    )
    def test_near_misses_stay_info(self, text: str) -> None:
        record = _one(text)
        assert record["log.level"] == "info"
        assert "error.type" not in record


SIDEKIQ = (
    "2026-11-25T10:07:06.123Z pid=1 tid=2l9 class=Billing::GenerateMonthlyStatementsJob "
    "jid=b4a577edbccf1d805744efa9 "
)


class TestSidekiq:
    """M13: Sidekiq's level follows its context pairs, often past 100 characters."""

    @pytest.mark.parametrize(
        ("tail", "level"),
        [
            ("ERROR: Stripe charge failed", "error"),
            ("WARN: retrying", "warning"),
            ("INFO: done", "info"),
            ("elapsed=2.1 FATAL: out of memory", "critical"),
        ],
    )
    def test_levels(self, tail: str, level: str) -> None:
        record = _one(SIDEKIQ + tail)
        assert record["log.level"] == level
        assert record["@timestamp"] == "2026-11-25T10:07:06.123000Z"
        assert record["message"] == (SIDEKIQ + tail)[25:]

    @pytest.mark.parametrize(
        "tail",
        ["retry count: ERROR: x", "Error: boom", "job said ERROR: x"],  # the first non-pair
    )
    def test_near_misses_stay_info(self, tail: str) -> None:
        assert _one(SIDEKIQ + tail)["log.level"] == "info"


class TestShippedByALogRouter:
    """M2: FireLens / Fluent Bit and Docker's json-file wrap the container's line in `log`: the
    line is read as any line, the router's fields kept beside it, the envelope as received."""

    SPRING = "2026-11-25T10:07:06.123Z ERROR 1 --- [demo] [main] o.s.boot.SpringApplication : boom"

    def test_firelens_text(self) -> None:
        line = json.dumps(
            {"container_id": "abc", "container_name": "app", "log": self.SPRING, "source": "stdout"}
        )
        record = _one(line)
        assert (record["log.level"], record["message"]) == ("error", "boom")
        assert record["log.logger"] == "o.s.boot.SpringApplication"
        assert (record["container_name"], record["source"]) == ("app", "stdout")
        assert record["event.original"] == line

    def test_json_inside(self) -> None:
        inner = json.dumps(
            {"level": 50, "time": 1764065226123, "pid": 1, "hostname": "h", "msg": "x"}
        )
        record = _one(json.dumps({"log": inner, "container_name": "app", "source": "stderr"}))
        assert (record["log.level"], record["message"], record["container_name"]) == (
            "error",
            "x",
            "app",
        )

    def test_an_emitter_record_inside_stays_one(self) -> None:
        inner = json.dumps(
            {"schema": "emitter/1", "log.level": "error", "message": "m", "service.name": "svc"}
        )
        record = _one(json.dumps({"log": inner, "container_id": "abc"}))
        assert record["event.original_format"] == "emitter"
        assert (record["log.level"], record["service.name"]) == ("error", "svc")

    def test_dockers_json_file_and_its_time(self) -> None:
        line = json.dumps(
            {"log": "payment failed\n", "stream": "stdout", "time": "2026-11-25T10:07:06.5Z"}
        )
        record = _one(line)
        assert (record["message"], record["stream"]) == ("payment failed", "stdout")
        assert record["@timestamp"] == "2026-11-25T10:07:06.500000Z"

    def test_a_log_field_without_a_router_is_an_applications_message(self) -> None:
        """Near-miss: `log` alone (Docker's alias of a message) and `log` as an object."""
        assert _one('{"log": "ERROR x", "level": "info"}')["log.level"] == "info"
        assert _one('{"log": {"level": "error"}, "message": "m"}')["message"] == "m"
