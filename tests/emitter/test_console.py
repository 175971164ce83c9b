"""emitter.console: LOG_FORMAT=console writes a readable line."""

import io

from emitter import Config, Registry
from emitter.diagnostics import Diagnostics


def _console(color):
    stream = io.StringIO()
    config = Config(stream=stream, format="console", color=color, opentelemetry=False)
    return Registry(config, diagnostics=Diagnostics(io.StringIO())).get_logger("shop"), stream


class TestConsole:
    def test_plain_line(self):
        """Level, logger, message and key=value pairs, no JSON, no color when disabled."""
        log, stream = _console(color=False)
        log.warning("stock low", item="apple", count=3, tags=["a"])
        line = stream.getvalue()
        assert "WARNING" in line and "shop" in line and "stock low" in line
        assert 'item=apple count=3 tags=["a"]' in line and "\x1b[" not in line

    def test_colors_and_trace(self):
        """With color on, ANSI codes appear; an exception's trace follows the line."""
        log, stream = _console(color=True)
        try:
            raise ValueError("bad")
        except ValueError:
            log.exception("failed")
        text = stream.getvalue()
        assert "\x1b[31m" in text and "ValueError: bad" in text
        assert text.count("\n") > 2
