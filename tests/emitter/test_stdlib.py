"""emitter.stdlib: records of stdlib loggers come out in the schema."""

import logging

import pytest

from emitter import EmitterHandler, capture_stdlib, release_stdlib


@pytest.fixture
def restore_root():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    release_stdlib()
    root.handlers[:] = handlers
    root.setLevel(level)


class TestEmitterHandler:
    def test_record_in_schema(self, captured):
        """A stdlib record becomes an emitter record: message, level, logger, extras."""
        log = logging.getLogger("third.party")
        log.propagate = False
        log.handlers[:] = [EmitterHandler(registry=captured.registry)]
        log.warning("retry %d of %d", 2, 5, extra={"host": "db", "service": "x"})
        record = captured.record()
        assert record["message"] == "retry 2 of 5" and record["log.level"] == "warning"
        assert record["log.logger"] == "third.party" and record["host"] == "db"
        assert record["service_"] == "x" and record["schema"] == "emitter/1"
        log.handlers[:] = []

    def test_exceptions_and_stack(self, captured):
        """exc_info and stack_info of stdlib records are kept."""
        log = logging.getLogger("third.party.exc")
        log.propagate = False
        log.handlers[:] = [EmitterHandler(registry=captured.registry)]
        try:
            raise OSError("disk")
        except OSError:
            log.exception("write failed", stack_info=True)
        record = captured.record()
        assert record["error.type"] == "OSError" and record["error.message"] == "disk"
        assert "raise OSError" in record["error.stack_trace"]
        assert record["log.stack_info"].startswith("Stack (most recent call last)")
        log.handlers[:] = []

    def test_bad_format_never_raises(self, captured):
        """A stdlib record whose %-formatting fails is still written, and says so."""
        log = logging.getLogger("third.party.bad")
        log.propagate = False
        log.handlers[:] = [EmitterHandler(registry=captured.registry)]
        log.error("%d", "x")
        record = captured.record()
        assert "emitter.error" in record and record["log.level"] == "error"
        log.handlers[:] = []


class TestCaptureStdlib:
    def test_installs_one_handler_on_root(self, captured, restore_root):
        """capture_stdlib replaces root handlers by one EmitterHandler and sets the level."""
        restore_root.addHandler(logging.StreamHandler())
        capture_stdlib(level="WARNING", registry=captured.registry)
        handler = capture_stdlib(level=logging.INFO, registry=captured.registry)
        assert restore_root.handlers == [handler] and restore_root.level == logging.INFO
        logging.getLogger("lib.a").info("hello from %s", "lib")
        logging.getLogger("lib.a").debug("filtered")
        assert [r["message"] for r in captured.records()] == ["hello from lib"]

    def test_keep_other_handlers(self, captured, restore_root):
        """replace_handlers=False keeps the root's other handlers."""
        other = logging.NullHandler()
        restore_root.addHandler(other)
        capture_stdlib(registry=captured.registry, replace_handlers=False)
        assert other in restore_root.handlers
