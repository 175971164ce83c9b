"""Small handlers exercising what the harness reports: results, errors, timeouts, output."""

from __future__ import annotations

import os
import sys
import time
from typing import Any


def echo(event: Any, context: Any) -> dict[str, Any]:
    """Returns the event and what the runtime told the function about itself."""
    print(f"echo stdout {context.aws_request_id}", flush=True)
    print(f"echo stderr {context.aws_request_id}", file=sys.stderr, flush=True)
    return {
        "event": event,
        "request_id": context.aws_request_id,
        "function_name": context.function_name,
        "trace": os.environ.get("_X_AMZN_TRACE_ID"),
        "marker": os.environ.get("HARNESS_MARKER"),
        "leaked": os.environ.get("HARNESS_SHOULD_NOT_LEAK"),
        "remaining_ms": context.get_remaining_time_in_millis(),
        "pid": os.getpid(),
    }


def fail(event: Any, context: Any) -> None:
    """Raises, so the runtime reports a function error."""
    raise ValueError(f"failing on purpose: {event.get('why')}")


def sleep(event: Any, context: Any) -> str:
    """Sleeps for event["seconds"]; longer than the timeout, RIE cuts it."""
    time.sleep(float(event["seconds"]))
    return "slept"
