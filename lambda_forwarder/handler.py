"""Lambda entry point: `lambda_forwarder.handler.lambda_handler(event, context)`.

Accepts CloudWatch Logs subscription events (`{"awslogs": {"data": ...}}`, from log-group and
account-level subscriptions) and Kinesis events whose records carry the same payload (answered
with `batchItemFailures`, so only failed records come back). Anything else is a clear error.

The pipeline is built once per container (settings read once, connections reused) and the
forwarder's own logs and EMF metrics go to stdout, that is, to its own log group, which it never
processes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

import boto3
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.kinesis_stream_event import KinesisStreamRecord

from lambda_forwarder.alerts import build_dispatcher
from lambda_forwarder.config import DEFAULT_REDACT_FIELDS, Settings, load_settings
from lambda_forwarder.deadletter import build_store
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.errors import UnsupportedEventError
from lambda_forwarder.index.bulk import BulkIndexer
from lambda_forwarder.index.client import build_client
from lambda_forwarder.logs import redact_handler
from lambda_forwarder.model import InvocationReport
from lambda_forwarder.pipeline import Pipeline
from lambda_forwarder.sanitize import Redactor

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "logpipe-forwarder")
log = Logger(service=SERVICE)
metrics = Metrics(
    namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "logpipe"), service=SERVICE
)

# The stages log through stdlib loggers under "lambda_forwarder"; route them through Powertools'
# JSON handler so the forwarder's own logs share one format.
_package_logger = logging.getLogger("lambda_forwarder")
_package_logger.addHandler(log.registered_handler)
_package_logger.setLevel(os.environ.get("LOG_LEVEL", "INFO").upper())
_package_logger.propagate = False
# Every line the forwarder logs goes through the redactor (the configured terms once known).
_log_stream = redact_handler(log.registered_handler, Redactor(DEFAULT_REDACT_FIELDS))

_kinesis_processor = BatchProcessor(event_type=EventType.KinesisDataStreams)
_pipeline: Pipeline | None = None


def build_pipeline(
    settings: Settings | None = None, *, session: boto3.Session | None = None
) -> Pipeline:
    """Wire the stages to their edges: OpenSearch, the dead-letter store, Slack."""
    settings = load_settings() if settings is None else settings
    return Pipeline(
        settings,
        indexer=BulkIndexer(
            build_client(settings.opensearch),
            settings.index,
            request_timeout=settings.opensearch.timeout_seconds,
        ),
        dead_letters=build_store(settings.dead_letter, session=session),
        alerter=build_dispatcher(settings, session=session),
    )


def get_pipeline() -> Pipeline:
    """The container's pipeline, built on first use (configuration errors surface here)."""
    global _pipeline
    if _pipeline is None:
        _pipeline = build_pipeline()
        _log_stream.redactor = _pipeline.redactor
    return _pipeline


@log.inject_lambda_context(clear_state=True)
def lambda_handler(event: Mapping[str, Any], context: Any) -> dict[str, Any]:
    pipeline = get_pipeline()
    deadline = Deadline.from_context(context, pipeline.settings.index.deadline_margin_ms)
    return handle_event(pipeline, event, context, deadline)


def handle_event(
    pipeline: Pipeline, event: Mapping[str, Any], context: Any, deadline: Deadline
) -> dict[str, Any]:
    """Dispatch on the event's shape; publish the counts as metrics and return them."""
    report = InvocationReport()
    if not isinstance(event, Mapping):
        raise UnsupportedEventError([f"<{type(event).__name__}>"])
    if isinstance(event.get("awslogs"), Mapping) and "data" in event["awslogs"]:
        report.add(pipeline.process_payload(event["awslogs"]["data"], deadline))
        response: dict[str, Any] = report.as_dict()
    elif _is_kinesis(event):

        def record_handler(record: KinesisStreamRecord) -> None:
            report.add(pipeline.process_payload(record.kinesis.data, deadline))

        response = dict(
            process_partial_response(
                event=dict(event),
                record_handler=record_handler,
                processor=_kinesis_processor,
                context=context,
            )
        )
        response["report"] = report.as_dict()
    else:
        raise UnsupportedEventError(list(event.keys()))
    _publish(report)
    return response


def _is_kinesis(event: Mapping[str, Any]) -> bool:
    records = event.get("Records")
    return (
        isinstance(records, list)
        and bool(records)
        and all(isinstance(r, Mapping) and r.get("eventSource") == "aws:kinesis" for r in records)
    )


_METRICS = (
    ("Received", "received"),
    ("Indexed", "indexed"),
    ("Degraded", "degraded"),
    ("DeadLettered", "dead_lettered"),
    ("Skipped", "skipped"),
    ("BulkRetries", "bulk_retries"),
    ("AlertsPosted", "alerts_posted"),
    ("AlertsSuppressed", "alerts_suppressed"),
    ("AlertsFailed", "alerts_failed"),
    ("AlertIssueStoreFallbacks", "alerts_store_fallbacks"),
)


def _publish(report: InvocationReport) -> None:
    for metric, attribute in _METRICS:
        metrics.add_metric(name=metric, unit=MetricUnit.Count, value=getattr(report, attribute))
    if report.lag_ms_max:
        metrics.add_metric(
            name="IngestLagMax", unit=MetricUnit.Milliseconds, value=report.lag_ms_max
        )
    metrics.flush_metrics()
    if not report.balanced():
        log.error("counts do not add up", extra=report.as_dict())
    else:
        log.info("invocation done", extra=report.as_dict())
