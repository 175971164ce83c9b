"""The alerts stage: error issues, noise control, Discover links, and a notifier (Slack).

The handler needs only `build_dispatcher(settings)` once per container and
`dispatcher.dispatch(indexed_documents, deadline) -> AlertOutcome` per invocation. The names are
loaded on first use (PEP 562), so `lambda_forwarder.alerts.levels` stays cheap to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambda_forwarder.alerts.dispatcher import AlertDispatcher, AlertOutcome, build_dispatcher

__all__ = ["AlertDispatcher", "AlertOutcome", "build_dispatcher"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from lambda_forwarder.alerts import dispatcher

        return getattr(dispatcher, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
