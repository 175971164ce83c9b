"""Drop-in compatibility: the same calls on `logging.getLogger` and on emitter give the same
messages and levels."""

import logging

import pytest

LEVEL_NAMES = {10: "debug", 20: "info", 30: "warning", 40: "error", 50: "critical"}


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def _calls(log):
    """Every stdlib call shape, run against `log` (a stdlib or an emitter logger)."""
    log.debug("debug %s", "arg")
    log.info("info %d%%", 50)
    log.warning("warning %(who)s", {"who": "w"})
    log.warn("warn plain")
    log.error("error %s %s", "a", "b")
    log.critical("critical")
    log.fatal("fatal")
    log.log(logging.WARNING, "log %s", "level")
    log.log(25, "custom level")
    log.info("with extra", extra={"order_id": 7})
    log.info("with stack", stack_info=True, stacklevel=1)
    log.info(12345)
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("exception %s", "call")
        log.error("exc_info", exc_info=True)
    log.info("not enabled? %s", log.isEnabledFor(logging.DEBUG))
    log.getChild("sub").info("child")


@pytest.fixture
def stdlib_logger():
    log = logging.getLogger("compat.stdlib")
    handler = ListHandler()
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.DEBUG)
    log.getChild("sub").propagate = True
    yield log, handler
    log.handlers[:] = []


@pytest.mark.filterwarnings("ignore:The 'warn' method is deprecated:DeprecationWarning")
class TestSameCallsSameResult:
    def test_messages_and_levels_match(self, stdlib_logger, captured):
        """Rendered messages and levels are the same for every call shape."""
        std_log, handler = stdlib_logger
        _calls(std_log)
        _calls(captured.logger("compat.stdlib"))
        expected = [
            (r.getMessage(), LEVEL_NAMES.get(r.levelno, "info"), r.name) for r in handler.records
        ]
        actual = [(r["message"], r["log.level"], r["log.logger"]) for r in captured.records()]
        assert actual == expected

    def test_exceptions_match(self, stdlib_logger, captured):
        """Records the stdlib gives exc_info have error.* keys in emitter, and only those."""
        std_log, handler = stdlib_logger
        _calls(std_log)
        _calls(captured.logger("compat.stdlib"))
        expected = [r.exc_info is not None for r in handler.records]
        actual = ["error.type" in r for r in captured.records()]
        assert actual == expected

    def test_level_api_matches(self, stdlib_logger, captured):
        """setLevel/isEnabledFor/getEffectiveLevel answer the same."""
        std_log, _ = stdlib_logger
        ours = captured.logger("compat.levels")
        for log in (std_log, ours):
            log.setLevel(logging.WARNING)
        for level in (10, 20, 30, 40, 50):
            assert ours.isEnabledFor(level) == std_log.isEnabledFor(level)
        assert ours.getEffectiveLevel() == std_log.getEffectiveLevel() == logging.WARNING
