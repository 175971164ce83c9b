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


class TestFieldExtractors:
    @pytest.fixture
    def make_logger(self, captured):
        made = []

        def make(name):
            log = logging.getLogger(name)
            made.append((log, log.level))
            log.propagate = False
            log.setLevel(logging.INFO)
            log.handlers[:] = [EmitterHandler(registry=captured.registry)]
            return log

        yield make
        for log, level in made:
            log.handlers[:] = []
            log.propagate = True
            log.setLevel(level)

    def test_uvicorn_access_arguments_become_fields(self, captured, make_logger):
        """uvicorn's access call shape, as uvicorn makes it: the request's parts as fields."""
        log = make_logger("uvicorn.access")
        log.info('%s - "%s %s HTTP/%s" %d', "[::1]:5123", "POST", "/a%20b?x=1&y=2", "1.1", 201)
        log.info('%s - "%s %s HTTP/%s" %d', "", "GET", "/", "2", 404)
        log.info("something else %s", "entirely")
        post, get, other = captured.records()
        assert post["message"] == '[::1]:5123 - "POST /a%20b?x=1&y=2 HTTP/1.1" 201'
        assert post["http.request.method"] == "POST" and post["url.path"] == "/a%20b"
        assert post["url.query"] == "x=1&y=2" and post["http.response.status_code"] == 201
        assert post["client.address"] == "::1" and post["client.port"] == 5123
        assert post["http.version"] == "1.1"
        assert get["url.path"] == "/" and "url.query" not in get and "client.address" not in get
        assert "url.path" not in other and other["message"] == "something else entirely"

    def test_extra_wins_and_a_failing_extractor_adds_nothing(self, captured, make_logger):
        """`extra=` beats extracted fields; an extractor that raises loses no record."""
        from emitter.stdlib import set_field_extractor

        log = make_logger("lib.args")

        def broken(record):
            raise ValueError("no")

        set_field_extractor("lib.args", lambda record: {"a": record.args[0], "b": "x"})
        try:
            log.info("%s", 1, extra={"b": "extra"})
            set_field_extractor("lib.args", broken)
            log.info("%s", 2)
        finally:
            set_field_extractor("lib.args", None)
        first, second = captured.records()
        assert (first["a"], first["b"]) == (1, "extra")
        assert second["message"] == "2" and "a" not in second
