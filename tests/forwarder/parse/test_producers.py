"""Producers a review found misread (M1-M17, F1-F2 of hunt_formats2): each read as its users
expect, and the near-misses beside it that keep their level."""

from __future__ import annotations

import json

import pytest

from lambda_forwarder.config import ParseSettings
from lambda_forwarder.model import LogBatch, LogEvent
from lambda_forwarder.parse import RecordParser, group_events, merged_event
from lambda_forwarder.parse.levels import MONOLOG_SCALE, infer_level, level_from_number
from tests.forwarder.parse.corpus import NPM6

CW_MS = 1_795_601_226_123
BATCH = LogBatch("DATA_MESSAGE", "123456789012", "/ecs/app", "app/1", ())


def _read(lines: list[str]) -> list[dict]:
    """The records a run of events becomes, grouped as the pipeline groups them."""
    parser = RecordParser(ParseSettings(region="eu-west-1"))
    events = [LogEvent(f"{n:056d}", CW_MS, line) for n, line in enumerate(lines)]
    return [
        parser(merged_event(head, absorbed), BATCH, continued=bool(absorbed))
        for head, absorbed in group_events(events, envelopes=parser.envelopes)
    ]


def _one(line: str) -> dict:
    (record,) = _read([line])
    return record


def _found(texts: tuple[str, ...], *fields: str) -> list[object]:
    """The `fields` of the crash `find_crash` finds in each of `texts`, False where it finds
    none (long hostile texts: each search must end)."""
    from lambda_forwarder.parse.crash import find_crash

    return [
        False if crash is None else tuple(getattr(crash, field) for field in fields)
        for crash in map(find_crash, texts)
    ]


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


# --- hunt_formats3: producers read wrong before ------------------------------------------------

KEYS = ("log.level", "message", "error.type", "error.message", "error.stack_trace")
JAVA_LINES = [
    "2026-11-25 10:07:05,171 ERROR [main] c.a.Api - request failed",
    "java.lang.IllegalStateException: pool exhausted",
    "\tat com.acme.db.Pool.acquire(Pool.java:88)",
    "Caused by: java.net.SocketTimeoutException: Read timed out",
    "\t... 12 more",
]
GO_LINES = ["panic: boom", "", "goroutine 1 [running]:", "main.main()", "\t/app/main.go:8 +0x1d"]
FIRELENS = {"container_id": "abc123", "container_name": "/ecs-app-1", "source": "stderr"}


def _docker(line: str, **fields: str) -> str:
    """Docker's json-file line (`log` ends with the newline the container wrote)."""
    return json.dumps({"log": line + "\n", "stream": "stderr", **fields})


def _firelens(line: str, **fields: str) -> str:
    """FireLens / Fluent Bit: the container's line without its newline, the task's fields."""
    return json.dumps({**FIRELENS, "log": line, **fields}, separators=(",", ":"))


class TestShippedLineByLine:
    """A log router ships a container's traceback one envelope per line: the lines inside
    the envelopes are merged as the same lines written plain are, the router's fields kept."""

    @pytest.mark.parametrize("wrap", [_docker, _firelens])
    @pytest.mark.parametrize("lines", [TB, ["request done", *TB], JAVA_LINES, GO_LINES])
    def test_read_as_the_same_lines_plain(self, wrap, lines: list[str]) -> None:
        shipped = [wrap(line) for line in lines]
        (record,) = _read(shipped)
        (plain,) = _read(lines)
        assert {key: record.get(key) for key in KEYS} == {key: plain.get(key) for key in KEYS}
        assert record["log.level"] in ("error", "critical")
        assert record["error.type"] is not None
        assert record["event.original"] == "\n".join(shipped)  # every envelope, as received
        assert (record.get("stream"), record.get("source")) in (("stderr", None), (None, "stderr"))

    def test_a_traceback_is_one_error_with_the_routers_fields(self) -> None:
        (record,) = _read([_firelens(line) for line in TB])
        assert (record["log.level"], record["error.type"], record["error.message"]) == (
            "error",
            "ValueError",
            "boom",
        )
        assert record["message"] == "\n".join(TB)
        assert (record["container_id"], record["container_name"]) == ("abc123", "/ecs-app-1")

    def test_the_first_envelopes_time_where_the_line_has_none(self) -> None:
        lines = [
            _docker(line, time=f"2026-11-25T10:07:06.{n}Z") for n, line in enumerate(TB, start=5)
        ]
        (record,) = _read(lines)
        assert record["@timestamp"] == "2026-11-25T10:07:06.500000Z"
        assert record["error.type"] == "ValueError"

    def test_ordinary_envelopes_stay_one_record_each(self) -> None:
        lines = ["INFO started", "INFO request done", "WARNING slow"]
        records = _read([_firelens(line) for line in lines])
        assert [(r["log.level"], r["message"]) for r in records] == [
            ("info", "INFO started"),
            ("info", "INFO request done"),
            ("warning", "WARNING slow"),
        ]
        assert all("container_id" in record for record in records)

    @pytest.mark.parametrize(
        "events",
        [
            # another container's or another stream's envelope is no continuation
            [_firelens("request failed"), _firelens("    at f (/a.js:1:1)", container_id="x")],
            [_docker("request failed"), _docker("    at f (/a.js:1:1)", stream="stdout")],
            # an envelope and a plain line (or the other way round) are never one record
            [_firelens("request failed"), "    at f (/a.js:1:1)"],
            ["request failed", _firelens("    at f (/a.js:1:1)")],
            # a JSON line inside an envelope is a record of its own, as a JSON line is
            [_firelens("request failed"), _firelens('  {"msg": "x"}')],
            # `log` without a router's field is an application's field, no envelope
            [json.dumps({"log": "request failed"}), json.dumps({"log": "    at f (/a.js:1:1)"})],
        ],
    )
    def test_near_misses_are_not_merged(self, events: list[str]) -> None:
        records = _read(events)
        assert len(records) == 2
        assert [record["log.level"] for record in records] == ["info", "info"]

    def test_a_router_line_between_ends_the_record(self) -> None:
        """stdout's line between stderr's traceback lines: the traceback is cut there."""
        lines = [_docker(TB[0]), _docker("hello", stream="stdout"), *map(_docker, TB[1:])]
        records = _read(lines)
        assert [r["message"] for r in records] == [TB[0], "hello", "\n".join(TB[1:])]

    @pytest.mark.timeout(60)  # a hang guard, not a speed target (bench/ measures speed)
    def test_long_hostile_envelopes_end(self) -> None:
        long = "  " + "x" * 400_000  # past the size cap: not merged, each read alone
        records = _read([_firelens(TB[0]), _firelens(long), _firelens("ValueError: " + long)])
        assert [record["message"][:12] for record in records] == [TB[0][:12], "  xxxxxxxxxx",
                                                                  "ValueError: "]  # fmt: skip
        assert len(_read([_firelens('"log"' * 80_000)] * 3)) == 3
        (record,) = _read([_firelens(TB[0]), _firelens("  " + "x" * 20_000), _firelens("E: x")])
        assert (record["error.type"], len(record["message"])) == ("E", 20_042)


# gin's Recovery(): log.New(stderr, "\n\n\x1b[31m", log.LstdFlags), then
# "[Recovery] %s panic recovered:\n%s\n%s%s" (time, the panic's value, stack, reset); in debug
# mode the request's dump comes before the value. The awslogs driver gives a line per event.
GIN_HEAD = "\x1b[31m2026/11/25 10:07:06 [Recovery] 2026/11/25 - 10:07:06 panic recovered:"
GIN_STACK = [
    "/app/main.go:42 (0x6b1c4a)",
    "\tmain.main.func1: return items[3]",
    "/root/go/pkg/mod/github.com/gin-gonic/gin@v1.10.0/context.go:185 (0x6a5f0e)",
    "\t(*Context).Next: c.handlers[c.index](c)",
    "/usr/local/go/src/runtime/asm_amd64.s:1695 (0x472a20)",
    "\x1b[0m",
]
GIN_VALUE = "runtime error: index out of range [3] with length 3"
GIN_DUMP = "GET /orders/3 HTTP/1.1\r\nHost: localhost:8080\r\nAuthorization: *\r\n\r\n"
GIN_REQUEST = [f"{line}\r" for line in GIN_DUMP.split("\r\n")[:-1]]  # a line per event
GIN_ACCESS = (
    '[GIN] 2026/11/25 - 10:07:06 | 500 |     1.204ms |       10.0.0.1 | GET      "/orders/3"'
)


class TestGinRecovery:
    """gin's Recovery() middleware reports a recovered panic: an error (the server lives on)
    with the panic's value as its message, one record whole or line by line."""

    @pytest.mark.parametrize(
        ("lines", "kind", "message"),
        [
            ([GIN_HEAD, GIN_VALUE, *GIN_STACK], "runtime.Error", GIN_VALUE),
            (["", "", GIN_HEAD, GIN_VALUE, *GIN_STACK], "runtime.Error", GIN_VALUE),
            ([GIN_HEAD, "boom", *GIN_STACK[:2]], "panic", "boom"),
            ([GIN_HEAD, *GIN_REQUEST, GIN_VALUE, *GIN_STACK], "runtime.Error", GIN_VALUE),
            ([GIN_HEAD], "panic", None),  # its value in the next batch
            (["\n".join([GIN_HEAD, GIN_VALUE, *GIN_STACK])], "runtime.Error", GIN_VALUE),
            ([f"{GIN_HEAD}\n{GIN_DUMP}\n{GIN_VALUE}\n" + "\n".join(GIN_STACK)], "runtime.Error",
             GIN_VALUE),
            (["[Recovery] 2026/11/25 - 10:07:06 panic recovered:\n" + GIN_VALUE
              + "\n/app/main.go:42 (0x6b1c4a)\n"], "runtime.Error", GIN_VALUE),
        ],
    )  # fmt: skip
    def test_one_error(self, lines: list[str], kind: str, message: str | None) -> None:
        *blank, record = _read(lines)
        assert [r["message"] for r in blank] == [""] * len(blank)
        assert (record["log.level"], record["error.type"]) == ("error", kind)
        assert record.get("error.message") == message
        assert record["message"].startswith("[Recovery] 2026/11/25 - 10:07:06 panic recovered:")
        assert record["error.stack_trace"].startswith("[Recovery] ")
        assert "\x1b" not in record["message"]

    def test_written_whole_with_its_loggers_prefix(self) -> None:
        """`\\n\\n\\x1b[31m`, Go's log time, then the report, in one event."""
        (record,) = _read(["\n\n" + "\n".join([GIN_HEAD, GIN_VALUE, *GIN_STACK])])
        assert (record["log.level"], record["error.type"]) == ("error", "runtime.Error")
        assert record["error.message"] == GIN_VALUE
        assert record["error.stack_trace"].startswith("2026/11/25 10:07:06 [Recovery] ")

    def test_the_go_log_time_and_the_line_as_received(self) -> None:
        (record,) = _read([GIN_HEAD, GIN_VALUE, *GIN_STACK])
        assert record["@timestamp"] == "2026-11-25T10:07:06.000000Z"
        assert record["event.original"] == "\n".join([GIN_HEAD, GIN_VALUE, *GIN_STACK])

    def test_the_access_line_after_it_stays_apart(self) -> None:
        records = _read([GIN_HEAD, GIN_VALUE, *GIN_STACK, GIN_ACCESS])
        assert [r["log.level"] for r in records] == ["error", "info"]
        assert records[1]["message"] == GIN_ACCESS

    @pytest.mark.parametrize(
        "lines",
        [
            [GIN_ACCESS],
            ["2026/11/25 10:07:06 worker: panic recovered: restarting the loop"],
            ["2026/11/25 10:07:06 [Recovery] middleware installed"],
            ["INFO saw [Recovery] 2026/11/25 - 10:07:06 panic recovered: in the test output"],
            ["[Recovery] 2026/11/25 - 10:07:06 panic recovered: all good"],  # not its end
            ["2026/11/25 10:07:06 listening on :8080", "/app/main.go:42 (0x6b1c4a)"],
        ],
    )
    def test_near_misses_stay_info(self, lines: list[str]) -> None:
        assert {record["log.level"] for record in _read(lines)} == {"info"}

    @pytest.mark.timeout(60)  # a hang guard, not a speed target (bench/ measures speed)
    def test_a_long_hostile_line_ends(self) -> None:
        texts = (
            "[Recovery] " * 40_000 + "\n",
            ("[Recovery] 2026/11/25 - 10:07:06 panic recovered:" + " " * 100) * 3_000,
            "[Recovery] 2026/11/25 - 10:07:06 panic recovered:\n" + "GET / HTTP/1.1\n" * 30_000,
        )
        # the request never ended: no value
        assert _found(texts, "type", "message") == [False, False, ("panic", None)]
        frames = [GIN_HEAD, GIN_VALUE, *(["a:1" * 100_000 + " (0x1)"] * 3)]
        assert len(_read(frames)) == 4


# npm reports a failure as many lines, each after its label: `npm ERR! ` (npmlog, npm 6-8,
# `npm ERR! ` with nothing after it for a blank line: NPM6, in the corpus), `npm error ` (npm
# 9+, `npm error` alone).
NPM10 = [
    "npm error code 1",
    "npm error path /app",
    "npm error command failed",
    "npm error command sh -c node index.js",
    "npm error A complete log of this run can be found in: "
    "/root/.npm/_logs/2026-11-25T10_07_06_123Z-debug-0.log",
]
NPM_404 = [
    "npm error code E404",
    "npm error 404 Not Found - GET https://registry.npmjs.org/left-padd - Not found",
    "npm error 404",
    "npm error 404  'left-padd@*' is not in this registry.",
    "npm error",
    "npm error Note that you can also install from a",
    "npm error tarball, folder, http url, or git url.",
]


class TestNpm:
    """npm's failure: one error record for its lines (one alert, not one per line)."""

    @pytest.mark.parametrize(
        ("lines", "kind", "message"),
        [
            (NPM6, "ELIFECYCLE", "app@1.0.0 start: `node index.js`"),
            (NPM10, None, "command failed"),  # a script's exit status is no error code
            (NPM_404, "E404", NPM_404[1].removeprefix("npm error ")),
            (['npm ERR! Missing script: "start"'], None, 'Missing script: "start"'),
            (["\n".join(NPM6)], "ELIFECYCLE", "app@1.0.0 start: `node index.js`"),
        ],
    )  # fmt: skip
    def test_one_error(self, lines: list[str], kind: str | None, message: str) -> None:
        (record,) = _read(lines)
        assert record["log.level"] == "error"
        assert (record.get("error.type"), record["error.message"]) == (kind, message)
        assert record["message"] == "\n".join(lines)

    def test_the_lines_around_it_stay_apart(self) -> None:
        lines = [
            "npm WARN deprecated left-pad@1.3.0: use String.prototype.padStart()",
            *NPM10,
            "npm notice New major version of npm available!",
            "server listening on :3000",
        ]
        records = _read(lines)
        assert [r["log.level"] for r in records] == ["warning", "error", "info", "info"]

    def test_two_failures_are_two_records(self) -> None:
        assert [r["log.level"] for r in _read([*NPM6, "restarting", *NPM6])] == [
            "error",
            "info",
            "error",
        ]

    @pytest.mark.parametrize(
        ("line", "level"),
        [
            ("npm WARN config production Use `--omit=dev` instead.", "warning"),
            ("npm warn deprecated inflight@1.0.6: This module is not supported", "warning"),
            ("npm notice", "info"),
            ("npm http fetch GET 200 https://registry.npmjs.org/x 12ms", "info"),
            ("npm info it worked if it ends with ok", "info"),
            ("npm verb exit 0", "debug"),
            ("npm timing command:install Completed in 312ms", "debug"),
            ("npm sill logfile done cleaning log files", "debug"),
        ],
    )
    def test_other_labels(self, line: str, level: str) -> None:
        assert _one(line)["log.level"] == level

    @pytest.mark.parametrize(
        "lines",
        [
            ["build step said npm ERR! code E404 earlier"],  # quoted inside a message
            ['{"level": "info", "msg": "npm ERR! code E404 was retried"}'],
            ["npm errored out last time, retrying"],
            ["npm ERR!code"],
            ["npm install finished", "see npm ERR! lines above for the failure"],
            ["npm run build", "npm info ok"],
        ],
    )
    def test_near_misses_keep_their_level(self, lines: list[str]) -> None:
        assert {record["log.level"] for record in _read(lines)} == {"info"}

    @pytest.mark.timeout(60)  # a hang guard, not a speed target (bench/ measures speed)
    def test_a_long_hostile_line_ends(self) -> None:
        record = _one("npm ERR! " * 45_000)
        assert record["log.level"] == "error"
        assert _one("npm error code " + "E" * 400_000)["error.type"].startswith("EEE")
        assert len(_read(["npm ERR! x"] + ["npm ERR! " + "y" * 2_000] * 30)) > 1  # size cap


# The BEAM: Elixir's exception banner and its frames, the Application's exit report, then the
# VM halting (its kernel's process died, or the boot failed) and its crash dump.
ELIXIR = [
    "** (RuntimeError) boom",
    "    (app 0.1.0) lib/app.ex:3: App.start/2",
    "    (elixir 1.16.0) lib/kernel/cli.ex:136: anonymous fn/3 in Kernel.CLI.exec_fun/2",
]
ELIXIR_ARGUMENT = [
    "** (ArgumentError) errors were found at the given arguments:",
    "",
    "  * 1st argument: not an already existing atom",
    "",
    '    :erlang.binary_to_existing_atom("nope", :utf8)',
    "    (app 0.1.0) lib/app.ex:9: App.lookup/1",
]
GENSERVER = [
    "10:07:06.123 [error] GenServer App.Worker terminating",
    "** (RuntimeError) boom",
    "    (app 0.1.0) lib/app/worker.ex:9: App.Worker.handle_call/3",
    "    (stdlib 5.2) gen_server.erl:1131: :gen_server.try_handle_call/4",
    "Last message (from #PID<0.250.0>): :work",
    "State: %{}",
    "Client #PID<0.250.0> is alive",
]
APP_EXIT = [
    "10:07:06.123 [notice] Application app exited: exited in: App.Application.start(:normal, [])",
    "    ** (EXIT) an exception was raised:",
    "        ** (RuntimeError) boom",
    "            (app 0.1.0) lib/app/application.ex:10: App.Application.start/2",
    "            (kernel 9.2) application_master.erl:293: :application_master.start_it_old/4",
]
KERNEL = (
    'Kernel pid terminated (application_controller) ("{application_start_failure,app,'
    "{bad_return,{{'Elixir.App.Application',start,[normal,[]]},{'EXIT',{#{'__exception__' => "
    "true,'__struct__' => 'Elixir.RuntimeError',message => <<\\\"boom\\\">>},[]}}}}}\")"
)
CRASH_DUMP = ["", "Crash dump is being written to: erl_crash.dump...done"]


class TestBeam:
    """Elixir's uncaught exception is an error; the BEAM halting is critical."""

    @pytest.mark.parametrize(
        ("lines", "kind", "message"),
        [
            (ELIXIR, "RuntimeError", "boom"),
            (["\n".join(ELIXIR)], "RuntimeError", "boom"),
            (ELIXIR[:1], "RuntimeError", "boom"),  # its frames in the next batch
            (ELIXIR_ARGUMENT, "ArgumentError", "errors were found at the given arguments:"),
            (GENSERVER, "RuntimeError", "boom"),
            (APP_EXIT, "RuntimeError", "boom"),
            (["ERROR! Config provider Config.Reader failed with:", *ELIXIR[:2]], "RuntimeError",
             "boom"),
            (["** (Mix) Could not start application app: App.start(:normal, []) returned an "
              "error: :boom"], "Mix",
             "Could not start application app: App.start(:normal, []) returned an error: :boom"),
            (["** (Ecto.NoResultsError) expected at least one result but got none in query:"],
             "Ecto.NoResultsError", "expected at least one result but got none in query:"),
        ],
    )  # fmt: skip
    def test_an_exception_is_one_error(self, lines: list[str], kind: str, message: str) -> None:
        (record,) = _read(lines)
        assert (record["log.level"], record["error.type"]) == ("error", kind)
        assert record["error.message"] == message
        assert record["error.stack_trace"].lstrip().startswith("** (")

    @pytest.mark.parametrize(
        ("lines", "kind", "message"),
        [
            ([KERNEL, *CRASH_DUMP], "RuntimeError", "boom"),
            (["Kernel pid terminated (application_controller) ({application_start_failure,"
              "billing,{{shutdown,{failed_to_start_child,'Elixir.Billing.Repo',killed}}}})"],
             "application_start_failure", None),
            (["Runtime terminating during boot ({undef,[{main,main,[],[]},{init,start_it,1,[]}]})",
              *CRASH_DUMP], "undef", None),
            (["Runtime terminating during boot ({#{message=><<\"Failed to detect IP version for "
              "DB_HOST: nxdomain\">>,'__struct__'=>'Elixir.RuntimeError','__exception__'=>true},"
              "[{elixir_eval,'__FILE__',1,[]}]})"], "RuntimeError",
             "Failed to detect IP version for DB_HOST: nxdomain"),
            (["Runtime terminating during boot (terminating)"], "terminating", None),
            (["init terminating in do_boot ({undef,[{foo,start,[],[]}]})"], "undef", None),
            (['{"Kernel pid terminated",application_controller,"{application_terminated,'
              'overlord,killed}"}'], "application_terminated", None),
        ],
    )  # fmt: skip
    def test_the_vm_halting_is_critical(
        self, lines: list[str], kind: str, message: str | None
    ) -> None:
        (record,) = _read(lines)
        assert (record["log.level"], record["error.type"]) == ("critical", kind)
        if message is not None:
            assert record["error.message"] == message
        else:
            assert record["error.message"].startswith(("{", "terminating"))
        assert record["message"] == "\n".join(lines)

    def test_a_boot_failure_line_by_line(self) -> None:
        """The exit report (an error) and the halt (critical, with its crash dump line)."""
        records = _read([*APP_EXIT, KERNEL, *CRASH_DUMP, "next"])
        assert [(r["log.level"], r.get("error.type")) for r in records] == [
            ("error", "RuntimeError"),
            ("critical", "RuntimeError"),
            ("info", None),
        ]

    @pytest.mark.parametrize(
        "lines",
        [
            ["** (note) remember to set DATABASE_URL"],
            ["** (Important) read the docs"],
            ["** bold text **"],
            ["Kernel pid terminated is what the VM prints when its kernel dies"],
            ["the Runtime terminating during boot (x) message means a bad release"],
            ["    (app 0.1.0) lib/app.ex:3: App.start/2"],
            ["Crash dump is being written to: erl_crash.dump...done"],
            ["10:07:06.123 [info] Running App.Endpoint with cowboy 2.10.0", "** (stop) :normal"],
        ],
    )
    def test_near_misses_stay_info(self, lines: list[str]) -> None:
        assert {record["log.level"] for record in _read(lines)} == {"info"}

    @pytest.mark.timeout(60)  # a hang guard, not a speed target (bench/ measures speed)
    def test_a_long_hostile_line_ends(self) -> None:
        texts = (
            "** (" * 100_000 + "\n",
            "** (A" + "." * 400_000 + "\n",
            ("** (EXIT) x\n" * 30_000),
            "Kernel pid terminated (" + "(" * 400_000 + "\n",
            'Runtime terminating during boot ({#{message=><<"' + "a" * 400_000 + "\n",
            "Runtime terminating during boot (" + "'__struct__'=>'Elixir." * 20_000 + ")",
        )
        assert _found(texts, "level") == [False, False, False, False, False, ("critical",)]


class TestRaisedAlone:
    """An error's own line in text that says no level (its frames in other events, or none):
    an error, its type `error.type`; an OutOfMemoryError, a signal's kill: critical."""

    @pytest.mark.parametrize(
        ("lines", "level", "kind", "message"),
        [
            (["ValueError: boom"], "error", "ValueError", "boom"),
            (["Exception: boom"], "error", "Exception", "boom"),
            (["KeyError: 'amount'"], "error", "KeyError", "'amount'"),
            (["KeyboardInterrupt"], "error", "KeyboardInterrupt", None),
            (["SystemExit: 1"], "error", "SystemExit", "1"),  # a class's name: no tally
            (["app.errors.PaymentDeclinedError: card declined"], "error",
             "app.errors.PaymentDeclinedError", "card declined"),
            (["Caused by: java.io.EOFException"], "error", "java.io.EOFException", None),
            (["Uncaught TypeError: x is not a function"], "error", "TypeError",
             "x is not a function"),
            (["Error: connect ECONNREFUSED 127.0.0.1:5432"], "error", "Error",
             "connect ECONNREFUSED 127.0.0.1:5432"),
            # a message of several lines, its later lines indented: merged, read by its first
            (["django.db.utils.OperationalError: could not connect to server: Connection refused",
              '\tIs the server running on host "db" and accepting'], "error",
             "django.db.utils.OperationalError", "could not connect to server: Connection refused"),
            (["Caused by: java.lang.OutOfMemoryError: Metaspace"], "critical",
             "java.lang.OutOfMemoryError", "Metaspace"),
            (["Killed"], "critical", "SIGKILL", "Killed"),
            (["Aborted (core dumped)"], "critical", "SIGABRT", "Aborted (core dumped)"),
            (["DeprecationWarning: pkg_resources is deprecated"], "warning",
             "DeprecationWarning", "pkg_resources is deprecated"),
        ],
    )  # fmt: skip
    def test_read(self, lines: list[str], level: str, kind: str, message: str | None) -> None:
        (record,) = _read(lines)
        assert (record["log.level"], record["error.type"]) == (level, kind)
        assert record.get("error.message") == message
        assert record["message"] == "\n".join(lines)

    @pytest.mark.parametrize(
        "line", ["2026-11-25 10:07:06,123 ValueError: boom", "\x1b[31mValueError: boom\x1b[0m"]
    )
    def test_after_a_time_or_in_colour(self, line: str) -> None:
        record = _one(line)
        assert (record["log.level"], record["error.type"]) == ("error", "ValueError")
        assert (record["message"], record["event.original"]) == ("ValueError: boom", line)

    @pytest.mark.parametrize(
        ("line", "level"),
        [
            ("2026-11-25 10:07:06,123 INFO ValueError: boom", "info"),  # the line's own level
            ("[WARNING] ValueError: retried", "warning"),
            ("warn: TypeError: retried", "warning"),
        ],
    )
    def test_a_level_the_line_says_is_kept(self, line: str, level: str) -> None:
        assert _one(line)["log.level"] == level

    @pytest.mark.parametrize(
        "line",
        [
            "Error",  # a word alone, no class
            "Error: 0",
            "Exceptions: 0, Warnings: 2",
            "ValueError handling enabled",
            "Error handling middleware registered",
            "Error count: 0",
            "valueError: camel case of a field",
            "MY_ERROR: a constant",
            "(node:7) not a name: boom",
            "java.lang.Object",
            "  ValueError: indented, part of a stack",
            "Segmentation fault handler installed",
            "Killed 3 idle workers",
        ],
    )
    def test_near_misses_stay_info(self, line: str) -> None:
        record = _one(line)
        assert (record["log.level"], record.get("error.type")) == ("info", None)

    def test_a_long_hostile_line_is_read(self) -> None:
        from lambda_forwarder.parse.crash import crash_line

        texts = ("a." * 100_000 + "Error: x", "A" * 300 + "Error: x", "Error" * 100_000)
        assert [crash_line(text) for text in texts] == [None, None, None]


class TestOwnLevelWords:
    """Producers whose level is a character or a message of their own: Redis, the Lambda
    runtimes' warning, Django's `django.request` under a bare format."""

    @pytest.mark.parametrize(
        ("line", "level", "message"),
        [
            ("1:M 25 Nov 2026 10:07:06.123 # Error accepting a client connection: reset",
             "warning", "Error accepting a client connection: reset"),
            ("1:M 25 Nov 2026 10:07:06.123 * Ready to accept connections tcp", "info",
             "Ready to accept connections tcp"),
            ("1:S 25 Nov 2026 10:07:06.123 - Accepted 10.0.0.7:6379", "debug",
             "Accepted 10.0.0.7:6379"),
            ("LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the "
             "function code.", "warning", None),
            ("Internal Server Error: /api/pay", "error", None),
            ("Service Unavailable: /health", "error", None),
            ("Not Found: /favicon.ico", "warning", None),
            ("Forbidden (CSRF cookie not set.): /pay", "warning", None),
        ],
    )  # fmt: skip
    def test_read(self, line: str, level: str, message: str | None) -> None:
        record = _one(line)
        assert record["log.level"] == level
        assert record["message"] == (message or line)

    def test_a_django_traceback_below_its_line(self) -> None:
        (record,) = _read(["Internal Server Error: /api/pay", *TB])
        assert (record["log.level"], record["error.type"]) == ("error", "ValueError")

    @pytest.mark.parametrize(
        "line",
        [
            "Not Found: /x for user 7",  # a path has no space
            "Internal Server Error: see the runbook",
            "1:M not a time # hello",
            "LAMBDA_WARNING is what the runtime prints",
        ],
    )
    def test_near_misses_stay_info(self, line: str) -> None:
        assert _one(line)["log.level"] == "info"
