"""Slack alerts: Block Kit messages, Discover links (Rison), noise control, webhook delivery.

The handler needs only `build_dispatcher(settings)` once per container and
`dispatcher.dispatch(indexed_documents, deadline) -> AlertOutcome` per invocation.
"""

from lambda_forwarder.alerts.dispatcher import AlertDispatcher, AlertOutcome, build_dispatcher

__all__ = ["AlertDispatcher", "AlertOutcome", "build_dispatcher"]
