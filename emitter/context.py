"""Fields carried by the current execution context (contextvars): safe across threads and tasks.

    with emitter.context(order_id=42):
        logger.info("charged")            # has order_id=42

Each asyncio task runs in a copy of the context it was created in, so a `context()` in one task is
invisible to its siblings. Threads start with an empty context, and the stdlib's thread pool runs
all jobs of a thread in that one context: use `emitter.ThreadPoolExecutor` (emitter/pools.py),
whose jobs each run in a copy of their submitter's context, or wrap one function:

    pool.submit(emitter.wrap_context(work), item)
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType, TracebackType
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

EMPTY_CONTEXT: Mapping[str, Any] = MappingProxyType({})
_EMPTY = EMPTY_CONTEXT
_FIELDS: contextvars.ContextVar[Mapping[str, Any]] = contextvars.ContextVar(
    "emitter_context", default=_EMPTY
)
get_fields = _FIELDS.get  # the hot path calls this directly


class context:
    """Adds `fields` to every record logged in the `with` block (and its tasks), then drops them."""

    __slots__ = ("_fields", "_previous", "_token")

    def __init__(self, **fields: Any) -> None:
        self._fields = fields
        self._token: contextvars.Token[Mapping[str, Any]] | None = None
        self._previous: Mapping[str, Any] = _EMPTY

    def __enter__(self) -> context:
        self._previous = _FIELDS.get()
        self._token = _FIELDS.set(MappingProxyType({**self._previous, **self._fields}))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        token, self._token = self._token, None
        try:
            if token is not None:
                _FIELDS.reset(token)
        except ValueError:  # exited in another context (a generator moved between tasks)
            _FIELDS.set(self._previous)

    async def __aenter__(self) -> context:
        return self.__enter__()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.__exit__(exc_type, exc, tb)


def current_context() -> dict[str, Any]:
    """A copy of the fields the current context adds to records."""
    return dict(_FIELDS.get())


def bind_context(**fields: Any) -> None:
    """Add fields to the current context until `clear_context()` (no `with` block needed).

    They end with the context's unit of work: a task, a `to_thread` call, an
    `emitter.ThreadPoolExecutor` job, a `wrap_context` call (a raw pool thread has no such end).
    """
    _FIELDS.set(MappingProxyType({**_FIELDS.get(), **fields}))


def clear_context() -> None:
    """Remove every context field from the current context."""
    _FIELDS.set(_EMPTY)


def wrap_context(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn`, running in a copy of the caller's current context wherever (whichever thread) it runs.

    The context is captured when `wrap_context` is called; each call runs in a fresh copy of it,
    so the same wrapped function can run in several threads at once.
    """
    captured = contextvars.copy_context()

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return captured.copy().run(fn, *args, **kwargs)

    return run


def opentelemetry_ids() -> Callable[[], dict[str, str] | None] | None:
    """A function giving the current OpenTelemetry span's `trace.id`/`span.id` (or None; it
    never raises), or None.

    None when opentelemetry is not importable (it is optional: no dependency). It is installed
    in many services that never start a span (FastAPI requires the API), so the function first
    looks whether any OpenTelemetry context is set at all: an empty one holds no span, and
    that look is one contextvar read, not the API's call chain.
    """
    try:
        from opentelemetry import trace as otel_trace  # type: ignore[import-not-found]
    except Exception:
        return None
    get_span = otel_trace.get_current_span
    current = _otel_current_context()

    def ids() -> dict[str, str] | None:  # never raises: a broken tracer costs only the ids
        try:
            if current is None:
                span = get_span()
            else:
                otel_context = current()
                if not otel_context:  # nothing set: no span (what get_current_span would say)
                    return None
                span = get_span(otel_context)
            span_context = span.get_span_context()
            if not span_context.is_valid:
                return None
            return {
                "trace.id": format(span_context.trace_id, "032x"),
                "span.id": format(span_context.span_id, "016x"),
            }
        except Exception:
            return None

    return ids


def _otel_current_context() -> Callable[[], Mapping[str, Any]] | None:
    """OpenTelemetry's `context.get_current`, as the contextvar read it comes down to when the
    runtime context is the default (contextvars) one; None without the context API."""
    try:
        from opentelemetry import context as otel_context  # type: ignore[import-not-found]
    except Exception:
        return None
    runtime = getattr(otel_context, "_RUNTIME_CONTEXT", None)
    variable = getattr(runtime, "_current_context", None)
    if isinstance(variable, contextvars.ContextVar):
        return variable.get
    getter = getattr(otel_context, "get_current", None)
    return getter if callable(getter) else None
