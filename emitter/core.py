"""The Logger: stdlib `logging.Logger` call shapes, plus keyword fields, writing schema v1 lines."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from emitter import errors
from emitter.context import EMPTY_CONTEXT, get_fields
from emitter.encoding import safe_str
from emitter.fields import CALL_OPTIONS
from emitter.levels import CRITICAL, DEBUG, ERROR, INFO, NOTSET, WARNING, parse_level
from emitter.schema import EMITTER_ERROR, SCHEMA, SCHEMA_VERSION

if TYPE_CHECKING:
    from emitter.registry import Registry

_EMPTY: dict[str, Any] = {}
_INTERNAL = ("emitter.", "logging.", "importlib.")  # packages, so `logging_helpers` is kept

# What a record that cannot be rendered at all still says, so the loss shows in the logs.
_LOST_LINE = f'{{"{SCHEMA}":"{SCHEMA_VERSION}","{EMITTER_ERROR}":"record lost"}}\n'


def render_message(msg: object, args: tuple[Any, ...]) -> tuple[str, str | None]:
    """The stdlib's `LogRecord.getMessage()`: `str(msg) % args`; a failure keeps both, says why."""
    text = msg if type(msg) is str else safe_str(msg)
    if not args:
        return text, None
    if len(args) == 1 and isinstance(args[0], Mapping) and args[0]:
        args = args[0]  # type: ignore[assignment]  # the stdlib's `%(name)s` convention
    try:
        return text % args, None
    except Exception as exc:
        return f"{text} {safe_str(args)}", f"message formatting failed: {safe_str(exc)}"


def _is_internal(module: str) -> bool:
    return module == "logging" or module.startswith(_INTERNAL)


def _caller_stack(stacklevel: int) -> str:
    frame = sys._getframe(1)
    while frame is not None and _is_internal(frame.f_globals.get("__name__", "")):
        frame = frame.f_back
    for _ in range(max(stacklevel, 1) - 1):
        if frame is None or frame.f_back is None:
            break
        frame = frame.f_back
    lines = traceback.format_stack(frame) if frame is not None else []
    return "Stack (most recent call last):\n" + "".join(lines).rstrip()


class Core:
    """Per-name state shared by a logger and every logger bound from it (level, static parts).

    The registry's parts the hot path needs are copied into slots (`configure` refreshes them),
    so a record costs no attribute chains.
    """

    __slots__ = (
        "clean",
        "effective",
        "level",
        "name",
        "part",
        "registry",
        "render",
        "safe",
        "trace_ids",
        "write",
    )

    def __init__(self, registry: Registry, name: str) -> None:
        self.registry = registry
        self.name = name
        self.level = NOTSET
        self.effective = registry.config.level
        self.refresh()

    def refresh(self) -> None:
        """Copy the registry's current renderer, sink and field-name checks into this core."""
        registry = self.registry
        self.part = registry.renderer.logger_part(self.name)
        self.render = registry.renderer.render
        self.write = registry.sink.write
        self.safe = registry.names.safe
        self.clean = registry.names.clean
        self.trace_ids = registry.trace_ids

    def emit(
        self, level: int, msg: object, args: tuple[Any, ...], kw: dict[str, Any], bound: dict
    ) -> None:
        """Build and write one record; never raises."""
        try:
            own = None
            if args or type(msg) is not str:
                msg, problem = render_message(msg, args)
                if problem is not None:
                    own = {EMITTER_ERROR: problem}
            if kw.keys() <= self.safe:
                error = None
                checked = True
            else:
                kw, error, stack = self._call_options(kw)
                checked = False
                if stack is not None:
                    own = {**(own or {}), "log.stack_info": stack}
            if error is None and level >= ERROR:
                error = errors.active()
            context = get_fields()
            if context is not EMPTY_CONTEXT or bound:
                kw = {**context, **bound, **kw}
                checked = False
            if self.trace_ids is not None:
                ids = self.trace_ids()
                if ids:
                    kw = {**ids, **kw}
                    checked = False
            if not checked and kw and not kw.keys() <= self.safe:
                kw = self.clean(kw)
            if own is not None:
                kw = {**kw, **own}
            line = self.render(level, msg, self.part, kw, error)
        except Exception as exc:
            line = self._fallback(level, msg, exc)
        self.write(line)

    def emit_prepared(
        self,
        level: int,
        msg: str,
        fields: dict[str, Any],
        error: dict[str, str] | None,
        own: dict[str, Any] | None = None,
    ) -> None:
        """Write a record whose message and error are already known (the stdlib bridge).

        `own` holds emitter-written keys (`log.stack_info`, `emitter.error`), added unrenamed.
        """
        try:
            context = get_fields()
            if context:
                fields = {**context, **fields}
            if self.trace_ids is not None:
                ids = self.trace_ids()
                if ids:
                    fields = {**ids, **fields}
            if fields and not fields.keys() <= self.safe:
                fields = self.clean(fields)
            if own:
                fields = {**fields, **own}
            line = self.render(level, msg, self.part, fields, error)
        except Exception as exc:
            line = self._fallback(level, msg, exc)
        self.write(line)

    def _fallback(self, level: int, msg: object, exc: Exception) -> str:
        self.registry.diagnostics.warn("render", f"a record could not be rendered: {exc!r}")
        try:
            return self.registry.renderer.fallback(level, msg, self.part, safe_str(exc))
        except Exception:
            return _LOST_LINE

    def _call_options(
        self, kw: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, str] | None, str | None]:
        """Split the call's own options off its fields: (fields, error or None, stack or None).

        An explicit `exc_info=False`/`None` returns `{}` as the error: no auto-capture.
        """
        if not kw.keys() & CALL_OPTIONS:
            return kw, None, None
        kw = dict(kw)
        explicit_no = "exc_info" in kw and not kw["exc_info"]
        exc_info = kw.pop("exc_info", None)
        exception = kw.pop("exception", None)
        trace = kw.pop("trace", None)
        stack_info = kw.pop("stack_info", False)
        stacklevel = kw.pop("stacklevel", 1)
        extra = kw.pop("extra", None)
        if isinstance(extra, Mapping) and extra:
            kw = {**extra, **kw}
        error = errors.from_call(exc_info=exc_info, exception=exception, trace=trace)
        if error is None and explicit_no:
            error = {}
        stack = None
        if stack_info:
            try:
                stack = _caller_stack(int(stacklevel))
            except Exception:
                stack = None
        return kw, error, stack


class Logger:
    """A logger with the stdlib's methods. `bind()` returns a new logger; the level is shared.

    Keyword arguments other than the stdlib's (`exc_info`, `stack_info`, `stacklevel`, `extra`)
    and emitter's (`exception`, `trace`) become fields of the record.
    """

    __slots__ = ("_bound", "_core")

    def __init__(self, core: Core, bound: dict[str, Any] | None = None) -> None:
        self._core = core
        self._bound = bound or _EMPTY

    # -- the hot path: a filtered call is one comparison ----------------------------------------
    def debug(self, msg: object, *args: Any, **kw: Any) -> None:
        if self._core.effective <= DEBUG:
            self._core.emit(DEBUG, msg, args, kw, self._bound)

    def info(self, msg: object, *args: Any, **kw: Any) -> None:
        if self._core.effective <= INFO:
            self._core.emit(INFO, msg, args, kw, self._bound)

    def warning(self, msg: object, *args: Any, **kw: Any) -> None:
        if self._core.effective <= WARNING:
            self._core.emit(WARNING, msg, args, kw, self._bound)

    warn = warning

    def error(self, msg: object, *args: Any, **kw: Any) -> None:
        if self._core.effective <= ERROR:
            self._core.emit(ERROR, msg, args, kw, self._bound)

    def exception(self, msg: object, *args: Any, exc_info: Any = True, **kw: Any) -> None:
        """`error` with the active exception (the stdlib's `Logger.exception`)."""
        if self._core.effective <= ERROR:
            kw["exc_info"] = exc_info
            self._core.emit(ERROR, msg, args, kw, self._bound)

    def critical(self, msg: object, *args: Any, **kw: Any) -> None:
        if self._core.effective <= CRITICAL:
            self._core.emit(CRITICAL, msg, args, kw, self._bound)

    fatal = critical

    def log(self, level: int | str, msg: object, *args: Any, **kw: Any) -> None:
        """Log at a number or name; a level that is neither is logged at error, never raised."""
        if type(level) is not int:
            parsed = parse_level(level)
            if parsed is None:
                self._core.registry.diagnostics.warn(
                    "bad_level", f"log() called with level {safe_str(level)!r}; logged at error"
                )
                parsed = ERROR
            level = parsed
        if self._core.effective <= level:
            self._core.emit(level, msg, args, kw, self._bound)

    # -- levels ---------------------------------------------------------------------------------
    def isEnabledFor(self, level: int) -> bool:
        return self._core.effective <= level

    def setLevel(self, level: int | str) -> None:
        """Set this name's level (shared by loggers bound from it, inherited by its children)."""
        self._core.registry.set_level(self._core.name, level)

    def getEffectiveLevel(self) -> int:
        return self._core.effective

    @property
    def level(self) -> int:
        return self._core.level

    @property
    def name(self) -> str:
        return self._core.name

    # -- children and context -------------------------------------------------------------------
    def getChild(self, suffix: str) -> Logger:
        """The logger `<name>.<suffix>`, keeping this logger's bound fields."""
        child = self._core.registry.core(f"{self._core.name}.{suffix}")
        return Logger(child, self._bound)

    def bind(self, **fields: Any) -> Logger:
        """A new logger adding `fields` to every record; this one is unchanged."""
        return Logger(self._core, {**self._bound, **fields})

    def unbind(self, *keys: str) -> Logger:
        """A new logger without the bound fields `keys`."""
        return Logger(self._core, {k: v for k, v in self._bound.items() if k not in keys})

    @property
    def bound(self) -> dict[str, Any]:
        """A copy of the fields this logger adds to its records."""
        return dict(self._bound)

    # -- stdlib attributes some code touches ----------------------------------------------------
    disabled = False
    propagate = False

    def hasHandlers(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"<emitter.Logger {self._core.name} ({self._core.effective})>"
