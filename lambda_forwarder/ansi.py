"""Terminal colour and style codes (SGR, `ESC[31m`), in one place; imports no stage.

Loggers colour their output on a terminal, and some by default (tracing-subscriber, winston's
colorize, structlog's console): the codes arrive in CloudWatch as they were written. The parser
reads a line without them, and the redactor masks through them (a code between a name and its
`=`, or between `Bearer` and its token, must not hide a secret)."""

from __future__ import annotations

import re

ESCAPE = "\x1b"  # every code starts with it: the cheap first look (one character: memchr)
SGR = re.compile(r"\x1b\[[0-9;]*m")


def without_codes(text: str) -> str:
    """`text` without its colour and style codes."""
    return SGR.sub("", text) if ESCAPE in text else text
