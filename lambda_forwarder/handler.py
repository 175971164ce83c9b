"""Lambda entry point: `lambda_forwarder.handler.lambda_handler(event, context)`.

Accepts CloudWatch Logs subscription events (`{"awslogs": {"data": ...}}`, from log-group and
account-level subscriptions) and Kinesis events whose records carry the same payload (answered
with `batchItemFailures`, so only failed records come back). Its own upkeep arrives through
EventBridge: `CreateLogGroup` calls (from CloudTrail) to subscribe new groups, and scheduled
rules whose constant input names a task (`{"logpipe_task": "redrive"}`, the dead-letter re-drive;
`{"logpipe_task": "subscription-sweep"}`, the daily catch-up of groups created while it was down).
Anything else is a clear error.

Before its first bulk request a container ensures the index template (and the retention policy
where the cluster has ISM): `lambda_forwarder.index.ensure`.

The pipeline is built once per container (settings read once, connections reused) and the
forwarder's own logs and EMF metrics go to stdout, that is, to its own log group, which it never
processes.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from msgspec.structs import replace

from lambda_forwarder.alerts.levels import any_alerting
from lambda_forwarder.config import DEFAULT_REDACT_FIELDS, Settings, load_settings
from lambda_forwarder.deadletter import build_store
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.errors import UnsupportedEventError
from lambda_forwarder.index.bulk import BulkIndexer
from lambda_forwarder.index.client import build_client
from lambda_forwarder.index.ensure import (
    SETUP_TIMEOUT_SECONDS,
    EnsuredIndexer,
    SetupOutcome,
    SetupStep,
    index_pattern_step,
)
from lambda_forwarder.logs import redact_handler
from lambda_forwarder.model import Document, InvocationReport
from lambda_forwarder.operations.tasks import (
    REDRIVE,
    SWEEP,
    TaskResult,
    Tasks,
    is_create_log_group_event,
    scheduled_task,
)
from lambda_forwarder.pipeline import Pipeline
from lambda_forwarder.sanitize import Redactor

if TYPE_CHECKING:  # boto3 and the Kinesis batch utility load when an invocation needs them
    import boto3
    from aws_lambda_powertools.utilities.batch import BatchProcessor
    from aws_lambda_powertools.utilities.data_classes.kinesis_stream_event import (
        KinesisStreamRecord,
    )

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

# A batch holds a few dicts per event in flight, all freed by reference counting at its end. At
# the stdlib's young-generation threshold of 700, one bench batch set off 13 young collections,
# one middle and one full, which walks every object in the process, the libraries' too; at
# 10,000, none. Instructions per invocation: 353 M -> 342 M (today's batch), 448 M -> 436 M
# (realistic). The Lambda process is this module's; the older generations keep their defaults.
YOUNG_COLLECTION_THRESHOLD = 10_000
gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])

_kinesis_processor: BatchProcessor | None = None
_pipeline: Pipeline | None = None
_tasks: Tasks | None = None


def setup_steps(settings: Settings) -> tuple[SetupStep, ...]:
    """Further objects ensured with the index template, once per container, in order: the
    Dashboards index pattern the Slack links open, and the alerts' issues index.

    A step takes the OpenSearch client, returns one line, and raises on failure (counted in
    `IndexSetupFailed`, never blocking indexing).
    """
    auth = None
    if settings.opensearch.auth == "sigv4":
        from lambda_forwarder.index.client import sigv4_auth

        auth = sigv4_auth(settings.region, settings.opensearch.aws_service)
    steps: list[SetupStep] = [index_pattern_step(settings.dashboards, auth)]
    alerts = settings.alerts
    if alerts.enabled and alerts.issues_enabled:
        from lambda_forwarder.alerts.issues import ensure_issues_index

        def issues_index(client: Any) -> str:
            created = ensure_issues_index(client, alerts.issues_index)
            return f"issues index {alerts.issues_index}: {'created' if created else 'present'}"

        steps.append(issues_index)
    return tuple(steps)


def _count_setup_failure(outcome: SetupOutcome) -> None:
    metrics.add_metric(name="IndexSetupFailed", unit=MetricUnit.Count, value=1)


def build_pipeline(
    settings: Settings | None = None, *, session: boto3.Session | None = None
) -> Pipeline:
    """Wire the stages to their edges: OpenSearch, the dead-letter store, Slack.

    The bulk indexer is wrapped so that the container's first bulk request is preceded by the
    index setup, on a client of its own with a short timeout.
    """
    settings = load_settings() if settings is None else settings
    setup_client = build_client(
        replace(
            settings.opensearch,
            timeout_seconds=min(settings.opensearch.timeout_seconds, SETUP_TIMEOUT_SECONDS),
        ),
        session=session,
    )
    indexer = EnsuredIndexer(
        BulkIndexer(
            build_client(settings.opensearch, session=session),
            settings.index,
            request_timeout=settings.opensearch.timeout_seconds,
        ),
        setup_client,
        settings.index,
        steps=setup_steps(settings),
        on_failure=_count_setup_failure,
    )
    return Pipeline(
        settings,
        indexer=indexer,  # type: ignore[arg-type]  # same `index` as BulkIndexer
        dead_letters=build_store(settings.dead_letter, session=session),
        alerter=LazyAlerter(settings, session) if settings.alerts.enabled else None,
    )


class LazyAlerter:
    """The alerts stage, loaded and built on the first batch that has something to alert on
    (the Slack, issues and Secrets Manager code: most invocations never need it)."""

    def __init__(self, settings: Settings, session: boto3.Session | None) -> None:
        self._settings = settings
        self._session = session
        self._levels = settings.alerts.levels
        self._dispatcher: Any = None

    def dispatch(
        self, documents: Sequence[Document], deadline: Deadline, *, not_indexed: Any = ()
    ) -> Any:
        sources = [d.source for d in documents]
        sources += [f.document.source for f in not_indexed if f.document is not None]
        if self._dispatcher is None:
            if not any_alerting(sources, self._levels):
                return None
            from lambda_forwarder.alerts import build_dispatcher

            self._dispatcher = build_dispatcher(self._settings, session=self._session)
        return self._dispatcher.dispatch(documents, deadline, not_indexed=not_indexed)

    def close(self) -> None:
        if self._dispatcher is not None:
            self._dispatcher.close()


def get_pipeline() -> Pipeline:
    """The container's pipeline, built on first use (configuration errors surface here)."""
    global _pipeline
    if _pipeline is None:
        _pipeline = build_pipeline()
        _log_stream.redactor = _pipeline.redactor
    return _pipeline


def get_tasks(settings: Settings) -> Tasks:
    """The container's upkeep tasks (their AWS clients), built on first use."""
    global _tasks
    if _tasks is None:
        _tasks = Tasks(settings)
    return _tasks


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
        from aws_lambda_powertools.utilities.batch import process_partial_response

        def record_handler(record: KinesisStreamRecord) -> None:
            report.add(pipeline.process_payload(record.kinesis.data, deadline))

        response = dict(
            process_partial_response(
                event=dict(event),
                record_handler=record_handler,
                processor=_kinesis(),
                context=context,
            )
        )
        response["report"] = report.as_dict()
    elif is_create_log_group_event(event):
        return _publish_task(get_tasks(pipeline.settings).on_create_log_group(event, context))
    elif (task := scheduled_task(event)) is not None:
        tasks = get_tasks(pipeline.settings)
        if task == REDRIVE:
            return _publish_task(tasks.redrive(pipeline, deadline))
        if task == SWEEP:
            return _publish_task(tasks.sweep(context, deadline))
        raise UnsupportedEventError([f"logpipe_task={task!r}"])
    else:
        raise UnsupportedEventError(list(event.keys()))
    _publish(report)
    return response


def _publish_task(result: TaskResult) -> dict[str, Any]:
    for name, unit, value in result.metrics:
        metrics.add_metric(name=name, unit=MetricUnit[unit], value=value)
    metrics.flush_metrics()
    log.info("task done", extra=result.response)
    return result.response


def _kinesis() -> BatchProcessor:
    """The container's Kinesis batch processor, built on the first Kinesis event."""
    global _kinesis_processor
    if _kinesis_processor is None:
        from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType

        _kinesis_processor = BatchProcessor(event_type=EventType.KinesisDataStreams)
    return _kinesis_processor


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
