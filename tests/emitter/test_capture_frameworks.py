"""capture_stdlib holds whatever logging configuration comes after it (in-process checks)."""

from __future__ import annotations

import io
import json
import logging
import logging.config

import pytest

from emitter import EmitterHandler, capture_stdlib, release_stdlib


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    release_stdlib()
    root.handlers[:] = handlers
    root.setLevel(level)
    for name in ("fw", "fw.access", "fw.child"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
        logger.setLevel(logging.NOTSET)


def test_propagate_false_loggers_configured_later_come_out_once(captured, restore_logging):
    """A dictConfig after the capture (uvicorn's shape) neither hides nor doubles records."""
    capture_stdlib(registry=captured.registry)
    text = io.StringIO()
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "handlers": {"console": {"class": "logging.StreamHandler", "stream": text}},
            "loggers": {
                "fw": {"handlers": ["console"], "level": "INFO", "propagate": False},
                "fw.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
            },
            "root": {"handlers": ["console"], "level": "INFO"},
        }
    )
    logging.getLogger("fw").info("started %s", "server", extra={"color_message": "\x1b[1m%s"})
    logging.getLogger("fw.access").info("GET / 200")
    logging.getLogger("fw.child").warning("from a child")
    logging.getLogger("other").error("from root's side")
    records = captured.records()
    assert [r["message"] for r in records] == [
        "started server",
        "GET / 200",
        "from a child",
        "from root's side",
    ]
    assert all("color_message" not in r for r in records)
    assert text.getvalue() == ""  # no text copy


def test_log_level_governs_captured_records(make_captured, restore_logging):
    """With the registry at error, third-party info and warning records are not written."""
    captured = make_captured(level=logging.ERROR)
    capture_stdlib(registry=captured.registry)
    lib = logging.getLogger("fw")
    lib.setLevel(logging.DEBUG)
    lib.info("noise")
    lib.warning("more noise")
    lib.error("kept")
    assert [r["message"] for r in captured.records()] == ["kept"]


def test_other_handlers_still_get_records(captured, restore_logging):
    """File, memory and test handlers keep working; only console text is replaced."""
    capture_stdlib(registry=captured.registry)
    memory: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            memory.append(record.getMessage())

    logging.getLogger("fw").addHandler(Keep())
    logging.getLogger("fw").warning("both")
    assert memory == ["both"]
    assert captured.record()["message"] == "both"


def test_a_record_dispatched_twice_is_written_once(captured, restore_logging):
    """Re-dispatching a record (queue listeners, log servers) does not repeat its line."""
    capture_stdlib(registry=captured.registry)
    record = logging.LogRecord("fw", logging.WARNING, __file__, 1, "once", (), None)
    logging.getLogger("fw").handle(record)
    logging.getLogger("fw").handle(record)
    assert len(captured.records()) == 1


def test_release_restores_the_stdlib(captured, restore_logging):
    """After release_stdlib, records go through the stdlib's own dispatch again."""
    capture_stdlib(registry=captured.registry)
    release_stdlib()
    assert not any(isinstance(h, EmitterHandler) for h in logging.getLogger().handlers)
    text = io.StringIO()
    logging.getLogger("fw").addHandler(logging.StreamHandler(text))
    logging.getLogger("fw").warning("plain")
    assert text.getvalue() == "plain\n" and captured.lines() == []


def test_stack_info_keeps_modules_named_logging_something(captured):
    """Frames of `logging_helpers` are the caller's, not the logging package's."""
    namespace = {"__name__": "logging_helpers"}
    exec("def helper(log):\n    log.info('m', stack_info=True)\n", namespace)
    namespace["helper"](captured.logger())
    assert "in helper" in captured.record()["log.stack_info"]


class TestLineCap:
    def test_big_values_are_cut_largest_first_and_the_schema_kept(self, make_captured):
        """A record over max_line is cut to it; the largest values go first, marked and named."""
        captured = make_captured(max_line=20000)
        captured.logger().info("big", small="s", large="x" * 15000, larger=["y" * 10000] * 3)
        line = captured.lines()[0]
        record = json.loads(line)
        assert len(line.encode()) + 1 <= 20000
        assert record["small"] == "s" and record["message"] == "big"
        assert (
            set(record["emitter.cut"]) <= {"large", "larger"} and "larger" in record["emitter.cut"]
        )
        for key in ("@timestamp", "log.level", "log.logger", "log_id", "schema", "service.name"):
            assert key in record

    def test_a_traceback_keeps_its_end(self, make_captured):
        """Cutting error.stack_trace keeps the exception line at its end."""
        captured = make_captured(max_line=8000)
        try:
            raise ValueError("the cause")
        except ValueError as exc:
            captured.logger().error(
                "failed", trace="frame\n" * 5000 + "ValueError: the cause", exception=exc
            )
        record = captured.record()
        assert record["error.stack_trace"].endswith("ValueError: the cause")
        assert "error.stack_trace" in record["emitter.cut"]

    def test_too_many_fields_are_dropped_with_a_note(self, make_captured):
        """Thousands of small fields that cannot fit: schema kept, fields dropped, said so."""
        captured = make_captured(max_line=8000)
        captured.logger().info("many", **{f"f{i}": "v" * 20 for i in range(2000)})
        record = captured.record()
        assert record["message"] == "many" and "f1" not in record
        assert "too many" in record["emitter.error"]

    def test_default_cap_is_well_under_cloudwatchs_event_limit(self, captured):
        """The default cap keeps a huge record far below CloudWatch's 1 MB."""
        captured.logger().info("huge", **{f"k{i}": "z" * 30000 for i in range(40)})
        assert len(captured.lines()[0].encode()) <= 256 * 1024


def test_a_huge_integer_degrades_alone(captured):
    """An int over Python's digit limit becomes a marker; the record's other fields stay."""
    captured.logger().info("m", n=10**5000, ok=1, nested={"n": 10**6000})
    record = captured.record()
    assert record["ok"] == 1
    assert record["n"].startswith("[emitter: integer of about 5001 digits")
    assert record["nested"]["n"].startswith("[emitter: integer")
