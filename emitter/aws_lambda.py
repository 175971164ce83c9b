"""AWS Lambda: bind each invocation's `request_id` and X-Ray `trace.id` to every record."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

from emitter.context import context

R = TypeVar("R")


def xray_trace_id(header: str | None = None) -> str | None:
    """The `Root=` part of `_X_AMZN_TRACE_ID` (or of `header`): `1-5759e988-bd862e3f...`."""
    value = os.environ.get("_X_AMZN_TRACE_ID") if header is None else header
    if not value:
        return None
    for part in value.split(";"):
        key, _, item = part.strip().partition("=")
        if key == "Root" and item:
            return item
    return None


def _report_unhandled(handler: Callable[..., Any], exc: BaseException) -> None:
    """One critical record with the traceback, written before the runtime prints its own line."""
    try:
        from emitter import default_registry

        name = getattr(handler, "__module__", None) or "root"
        default_registry().get_logger(name).critical(
            "unhandled exception in Lambda handler", exception=exc
        )
    except Exception:  # the emitter never raises into the application
        pass


def lambda_handler(handler: Callable[[Any, Any], R]) -> Callable[[Any, Any], R]:
    """Decorate a Lambda handler: records in the invocation carry request_id and trace.id.

    @emitter.lambda_handler
    def handler(event, context): ...

    An exception escaping the handler is written as one critical record (its traceback in
    `error.stack_trace`, the invocation's request_id on it), then re-raised unchanged, so Lambda
    still reports the function error; the runtime's own `[ERROR]` text line follows it.
    """

    @functools.wraps(handler)
    def run(event: Any, lambda_context: Any = None, *args: Any, **kwargs: Any) -> R:
        fields: dict[str, Any] = {}
        request_id = getattr(lambda_context, "aws_request_id", None)
        if request_id:
            fields["request_id"] = str(request_id)
        trace_id = xray_trace_id()
        if trace_id:
            fields["trace.id"] = trace_id
        with context(**fields):
            try:
                return handler(event, lambda_context, *args, **kwargs)
            except Exception as exc:
                _report_unhandled(handler, exc)
                raise

    return run
