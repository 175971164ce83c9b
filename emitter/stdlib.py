"""The bridge from the stdlib: records of every `logging` logger come out once, in the schema.

emitter.capture_stdlib()       # boto3, urllib3, uvicorn, gunicorn, Django, your old code: all JSON

Frameworks configure logging after the service's code has run (uvicorn's and gunicorn's
`dictConfig`, Django's `LOGGING`, Flask's handler on `app.logger`): loggers with their own stream
handlers and `propagate=False`. A handler on the root logger alone never sees their records. So the
capture sits at the one place every record passes, `logging.Logger.callHandlers`: each record is
written once as an emitter line (if at or above the level), then handed to the logger's other
handlers, except the ones printing text to the console (plain `StreamHandler`s, and stream
handlers on stdout/stderr), which would print it a second time. File, mail, queue and test
handlers still get every record.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import sys
import threading
from collections.abc import Callable
from typing import Any

from emitter import errors
from emitter.encoding import safe_str
from emitter.levels import parse_level

# Fields frameworks attach for their own text formatters: ANSI-colored copies of the message.
NOISE_FIELDS = frozenset({"color_message"})
_DONE = "_emitter_written"  # set on a record once written, so re-dispatch cannot repeat it

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = frozenset(
    logging.LogRecord("", 0, "", 0, "", (), None).__dict__.keys()
    | {"message", "asctime", "taskName", _DONE}
    | NOISE_FIELDS
)

FieldExtractor = Callable[[logging.LogRecord], "dict[str, Any] | None"]

# Loggers that put their data only in the message's `args` (no `extra=`), each with the function
# turning a record into fields, as "module:function"; imported on that logger's first record.
_EXTRACTOR_PATHS: dict[str, str] = {
    "uvicorn.access": "emitter.integrations.uvicorn:access_fields",
}
_extractors: dict[str, FieldExtractor | None] = {}


def set_field_extractor(logger_name: str, extractor: FieldExtractor | None) -> None:
    """Give records of `logger_name` (exactly that name) the fields `extractor(record)` returns.

    For libraries that log their data only as `%` arguments; `extra=` fields still win. None
    removes it. An extractor that raises or returns None adds nothing.
    """
    _EXTRACTOR_PATHS.pop(logger_name, None)
    _extractors[logger_name] = extractor


def _extractor(name: str) -> FieldExtractor | None:
    try:
        return _extractors[name]
    except KeyError:
        pass
    found: FieldExtractor | None = None
    path = _EXTRACTOR_PATHS.get(name)
    if path is not None:
        module, _, function = path.partition(":")
        with contextlib.suppress(Exception):
            found = getattr(importlib.import_module(module), function)
    _extractors[name] = found
    return found


def _extracted(record: logging.LogRecord) -> dict[str, Any] | None:
    extractor = _extractor(record.name)
    if extractor is None:
        return None
    try:
        fields = extractor(record)
    except Exception:
        return None
    return fields if isinstance(fields, dict) else None


class EmitterHandler(logging.Handler):
    """A `logging.Handler` writing each record as an emitter line (`extra=` keys become fields).

    Without a level of its own (NOTSET), records below the registry's level (`LOG_LEVEL`) are
    dropped, so LOG_LEVEL governs third-party records as it governs emitter's own.
    """

    def __init__(self, level: int = logging.NOTSET, registry: Any = None) -> None:
        super().__init__(level)
        self._registry = registry

    @property
    def registry(self) -> Any:
        if self._registry is None:
            from emitter import default_registry

            self._registry = default_registry()
        return self._registry

    def emit(self, record: logging.LogRecord) -> None:
        """Write `record`; never raises (a failing record is reported once on stderr)."""
        try:
            if self.level == logging.NOTSET and record.levelno < self.registry.config.level:
                return
            try:
                message = record.getMessage()
            except Exception as exc:
                message = f"{safe_str(record.msg)} {safe_str(record.args)}"
                fields_problem: str | None = f"message formatting failed: {safe_str(exc)}"
            else:
                fields_problem = None
            fields = {k: v for k, v in record.__dict__.items() if k not in _STANDARD}
            if record.name in _EXTRACTOR_PATHS or record.name in _extractors:
                extracted = _extracted(record)
                if extracted:
                    fields = {**extracted, **fields}
            own = {}
            if fields_problem is not None:
                own["emitter.error"] = fields_problem
            if record.stack_info:
                own["log.stack_info"] = record.stack_info
            error = None
            if record.exc_info and record.exc_info[1] is not None:
                error = errors.from_exc_info(record.exc_info)
            elif record.exc_text:
                error = errors.from_trace(record.exc_text)
            core = self.registry.core(record.name)
            core.emit_prepared(record.levelno, message, fields, error, own)
        except Exception as exc:  # never into the application, never into logging's handleError
            with contextlib.suppress(Exception):
                self.registry.diagnostics.warn("stdlib", f"a stdlib record was lost: {exc!r}")


def _prints_text(handler: logging.Handler) -> bool:
    """True for handlers the capture replaces: console text, and emitter's own handler."""
    if isinstance(handler, EmitterHandler):
        return True
    if not isinstance(handler, logging.StreamHandler) or isinstance(handler, logging.FileHandler):
        return False
    if type(handler) is logging.StreamHandler:
        return True
    stream = getattr(handler, "stream", None)
    if stream is None:
        return False
    if stream is sys.stdout or stream is sys.stderr:
        return True
    if stream is sys.__stdout__ or stream is sys.__stderr__:
        return True
    try:
        return stream.fileno() in (1, 2)
    except Exception:
        return False


_original_call_handlers = logging.Logger.callHandlers
_handler: EmitterHandler | None = None
_install_lock = threading.Lock()


def _call_handlers(self: logging.Logger, record: logging.LogRecord) -> None:
    """`Logger.callHandlers` while captured: the record once as a line, then non-text handlers."""
    handler = _handler
    if handler is None:
        _original_call_handlers(self, record)
        return
    if not record.__dict__.get(_DONE) and record.levelno >= handler.level:
        record.__dict__[_DONE] = True
        handler.handle(record)
    logger: logging.Logger | None = self
    while logger is not None:
        for other in logger.handlers:
            if record.levelno >= other.level and not _prints_text(other):
                other.handle(record)
        logger = logger.parent if logger.propagate else None


def capture_stdlib(
    level: int | str | None = None, registry: Any = None, replace_handlers: bool = True
) -> EmitterHandler:
    """Send every stdlib `logging` record at `level` or above through emitter; returns the handler.

    `level` None means the registry's level (`LOG_LEVEL`, followed when `configure` changes it).
    Holds through logging configured later (`dictConfig`, frameworks' own handlers). Installs
    one `EmitterHandler` on the root logger and sets the root level; with `replace_handlers`
    (the default) the root's other handlers are removed (AWS Lambda's runtime installs one).
    Calling it again replaces the earlier capture; `release_stdlib` undoes it.
    """
    global _handler
    number = None if level is None else parse_level(level)
    handler = EmitterHandler(level=number or logging.NOTSET, registry=registry)
    root = logging.getLogger()
    with _install_lock:
        for existing in list(root.handlers):
            if replace_handlers or isinstance(existing, EmitterHandler):
                root.removeHandler(existing)
        root.addHandler(handler)
        root.setLevel(number if number is not None else handler.registry.config.level)
        _handler = handler
        logging.Logger.callHandlers = _call_handlers  # type: ignore[method-assign]
    return handler


def release_stdlib() -> None:
    """Undo `capture_stdlib`: the stdlib's own dispatch again, emitter's root handler removed."""
    global _handler
    with _install_lock:
        handler, _handler = _handler, None
        logging.Logger.callHandlers = _original_call_handlers  # type: ignore[method-assign]
        if handler is not None:
            logging.getLogger().removeHandler(handler)
