"""The bridge from the stdlib: records of `logging` loggers come out in the same schema.

emitter.capture_stdlib(level=logging.INFO)   # boto3, urllib3, your old code: all JSON now
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from emitter import errors
from emitter.encoding import safe_str

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = frozenset(
    logging.LogRecord("", 0, "", 0, "", (), None).__dict__.keys()
    | {"message", "asctime", "taskName"}
)


class EmitterHandler(logging.Handler):
    """A `logging.Handler` writing each record as an emitter line (`extra=` keys become fields)."""

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
            try:
                message = record.getMessage()
            except Exception as exc:
                message = f"{safe_str(record.msg)} {safe_str(record.args)}"
                fields_problem: str | None = f"message formatting failed: {safe_str(exc)}"
            else:
                fields_problem = None
            fields = {k: v for k, v in record.__dict__.items() if k not in _STANDARD}
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


def capture_stdlib(
    level: int | str = logging.INFO, registry: Any = None, replace_handlers: bool = True
) -> EmitterHandler:
    """Send every stdlib `logging` record at `level` or above through emitter; returns the handler.

    Installs one `EmitterHandler` on the root logger and sets the root level. With
    `replace_handlers` (the default) the root's other handlers are removed, since each would
    print the same record a second time in another format (AWS Lambda's runtime installs one).
    Calling it again replaces the earlier handler.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if replace_handlers or isinstance(handler, EmitterHandler):
            root.removeHandler(handler)
    handler = EmitterHandler(registry=registry)
    root.addHandler(handler)
    root.setLevel(level)
    return handler
