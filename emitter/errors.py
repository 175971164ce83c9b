"""The three `error.*` keys, from any of the four ways a call can carry an exception."""

from __future__ import annotations

import re
import sys
import traceback
from types import TracebackType
from typing import Any

from emitter.encoding import safe_str
from emitter.schema import ERROR_MESSAGE, ERROR_TYPE
from emitter.schema import ERROR_STACK_TRACE as ERROR_STACK

_LAST_LINE = re.compile(r"^([A-Za-z_][\w.]*)(?::\s?(.*))?$", re.DOTALL)


def qualified_name(cls: type) -> str:
    """`requests.exceptions.Timeout`; builtins stay bare (`ValueError`)."""
    try:
        module = cls.__module__
        name = cls.__qualname__
    except Exception:
        return safe_str(cls)
    if module in ("builtins", "__builtin__", None):
        return name
    return f"{module}.{name}"


def _format(exc: BaseException) -> str:
    try:
        return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip()
    except Exception:
        return f"{qualified_name(type(exc))}: {safe_str(exc)}"


def from_exception(exc: BaseException) -> dict[str, str]:
    """error.type / error.message / error.stack_trace of an exception, chained causes included."""
    return {
        ERROR_TYPE: qualified_name(type(exc)),
        ERROR_MESSAGE: safe_str(exc),
        ERROR_STACK: _format(exc),
    }


def from_trace(trace: object) -> dict[str, str]:
    """The three keys from a preformatted traceback; type and message come from its last line."""
    text = trace if isinstance(trace, str) else safe_str(trace)
    last = ""
    for line in reversed(text.strip().splitlines()):
        if line.strip() and not line.startswith((" ", "\t")):
            last = line.strip()
            break
    match = _LAST_LINE.match(last)
    if match is not None and match.group(1) != "Traceback":
        kind, message = match.group(1), match.group(2) or ""
    else:
        kind, message = "unknown", last
    return {ERROR_TYPE: kind, ERROR_MESSAGE: message, ERROR_STACK: text.rstrip()}


def from_exc_info(exc_info: Any) -> dict[str, str] | None:
    """The stdlib's `exc_info=`: True (the active exception), an exception, or an exc_info tuple.

    Returns None when there is no exception to describe: nothing is invented.
    """
    if exc_info is None or exc_info is False:
        return None
    if isinstance(exc_info, BaseException):
        return from_exception(exc_info)
    if isinstance(exc_info, tuple):
        if len(exc_info) == 3 and isinstance(exc_info[1], BaseException):
            return _from_tuple(exc_info)
        return None
    if exc_info:  # True, or any truthy value as the stdlib treats it
        current = sys.exc_info()[1]
        return from_exception(current) if current is not None else None
    return None


def _from_tuple(exc_info: tuple[type, BaseException, TracebackType | None]) -> dict[str, str]:
    exc = exc_info[1]
    if exc_info[2] is not None and exc.__traceback__ is None:
        exc = exc.with_traceback(exc_info[2])
    return from_exception(exc)


def from_call(
    exc_info: Any = None, exception: Any = None, trace: Any = None
) -> dict[str, str] | None:
    """Combine a call's options: the exception's type and message win, `trace` supplies the text."""
    fields: dict[str, str] | None = None
    if exception is not None:
        if isinstance(exception, BaseException):
            fields = from_exception(exception)
        else:
            fields = {
                ERROR_TYPE: qualified_name(type(exception)),
                ERROR_MESSAGE: safe_str(exception),
                ERROR_STACK: "",
            }
    if fields is None and exc_info is not None:
        fields = from_exc_info(exc_info)
    if trace is not None:
        traced = from_trace(trace)
        if fields is None:
            fields = traced
        else:
            fields[ERROR_STACK] = traced[ERROR_STACK]
    return fields


def active() -> dict[str, str] | None:
    """The exception being handled right now (inside an `except` block), else None."""
    current = sys.exc_info()[1]
    return from_exception(current) if current is not None else None
