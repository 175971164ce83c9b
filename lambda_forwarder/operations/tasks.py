"""The forwarder's own upkeep, run by EventBridge: the scheduled dead-letter re-drive, the daily
subscription sweep, and subscribing a group on its `CreateLogGroup` event.

Scheduled rules invoke the function with a constant input naming the task,
`{"logpipe_task": "redrive"}` or `{"logpipe_task": "subscription-sweep"}` (template.yaml).
Each task returns a JSON-able result and the metrics to publish; the handler publishes them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from msgspec import Struct

from lambda_forwarder.config import Settings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.errors import ConfigError

logger = logging.getLogger(__name__)

TASK_KEY = "logpipe_task"
REDRIVE = "redrive"
SWEEP = "subscription-sweep"
TASKS = (REDRIVE, SWEEP)

CREATE_LOG_GROUP = "CreateLogGroup"


def is_create_log_group_event(event: Mapping[str, Any]) -> bool:
    """An EventBridge event of a CloudTrail-recorded `CreateLogGroup` call."""
    detail = event.get("detail")
    return (
        event.get("source") == "aws.logs"
        and isinstance(detail, Mapping)
        and detail.get("eventName") == CREATE_LOG_GROUP
    )


class TaskResult(Struct, frozen=True):
    """A task's answer (the invocation's return value) and its metrics: (name, unit, value)."""

    response: dict[str, Any]
    metrics: tuple[tuple[str, str, float], ...] = ()


def scheduled_task(event: Mapping[str, Any]) -> str | None:
    """The task a scheduled rule's constant input names, or None if the event is not one."""
    task = event.get(TASK_KEY)
    return task if isinstance(task, str) else None


class Tasks:
    """Built once per container on first use: the dead-letter store, a health probe client,
    the CloudWatch Logs and Lambda clients."""

    def __init__(self, settings: Settings, *, session: Any = None) -> None:
        self._settings = settings
        self._session = session
        self._store: Any = None
        self._probe: Any = None
        self._clients: dict[str, Any] = {}

    def _client(self, service: str, config: Any = None) -> Any:
        if service not in self._clients:
            import boto3

            session = self._session or boto3.Session()
            self._clients[service] = session.client(
                service, region_name=self._settings.region, config=config
            )
        return self._clients[service]

    # --- dead letters ------------------------------------------------------------------------

    def redrive(self, pipeline: Any, deadline: Deadline) -> TaskResult:
        """Re-drive dead letters if the cluster is healthy, oldest first, within the budget."""
        from lambda_forwarder.deadletter import build_store
        from lambda_forwarder.index.health import cluster_problem
        from lambda_forwarder.operations.redrive import RedriveReport, redrive

        if self._store is None:
            self._store = build_store(self._settings.dead_letter, session=self._session)
        if self._probe is None:
            from msgspec.structs import replace

            from lambda_forwarder.index.client import build_client

            self._probe = build_client(replace(self._settings.opensearch, timeout_seconds=3.0))
        limits = self._settings.redrive
        max_age = timedelta(hours=limits.max_age_hours)
        problem = cluster_problem(self._probe)
        if problem is not None:
            # Nothing is re-sent; the backlog is still measured, so the alarm sees it grow.
            from datetime import UTC, datetime

            now = datetime.now(UTC)
            backlog = self._store.backlog(older_than=now - max_age)
            report = RedriveReport(
                stopped=f"cluster not healthy: {problem}",
                backlog=backlog.units,
                expired=backlog.expired,
                oldest_age_seconds=None
                if backlog.oldest is None
                else backlog.oldest_age_seconds(now),
            )
        else:
            report = redrive(
                self._store,
                pipeline,
                limit=limits.max_units,
                max_age=max_age,
                deadline=deadline,
                stop_on_failed_unit=True,
            )
        if report.expired:
            logger.error(
                "%d dead-letter unit(s) in %s are older than %d h: kept, no longer re-driven "
                "automatically; inspect them and run `forwarder replay`",
                report.expired,
                self._store.target,
                limits.max_age_hours,
            )
        logger.info("redrive: %s", report.as_dict())
        metrics = [
            ("Redriven", "Count", report.indexed),
            ("RedriveStillFailing", "Count", report.still_failing),
            ("DeadLetterBacklog", "Count", report.backlog or 0),
            ("DeadLetterExpired", "Count", report.expired),
        ]
        if report.oldest_age_seconds is not None or report.backlog == 0:
            metrics.append(("DeadLetterOldestAge", "Seconds", report.oldest_age_seconds or 0.0))
        return TaskResult({"task": REDRIVE, **report.as_dict()}, tuple(metrics))

    # --- subscriptions -----------------------------------------------------------------------

    def _subscriber(self, context: Any) -> Any:
        from lambda_forwarder.operations.autosubscribe import (
            AutoSubscriber,
            function_from_context,
            logs_client_config,
        )

        if not self._settings.auto_subscribe.enabled:
            raise ConfigError(
                "AUTO_SUBSCRIBE_PREFIXES",
                "auto-subscribe was invoked but no AUTO_SUBSCRIBE_PREFIXES or "
                "AUTO_SUBSCRIBE_PATTERNS are configured",
            )
        function = function_from_context(context, self._settings.self_log_group)
        return AutoSubscriber(
            self._settings.auto_subscribe,
            function,
            self._client("logs", logs_client_config()),
            self._client("lambda"),
        )

    def sweep(self, context: Any, deadline: Deadline) -> TaskResult:
        """Subscribe every matching group that is not yet (the daily catch-up)."""
        report = self._subscriber(context).sweep(deadline)
        return TaskResult(report.as_dict(), _subscription_metrics(report))

    def on_create_log_group(self, event: Mapping[str, Any], context: Any) -> TaskResult:
        """Subscribe the group a `CreateLogGroup` event announces, if it matches."""
        from lambda_forwarder.operations.autosubscribe import AutoSubscribeReport, created_log_group

        created = created_log_group(event)
        if created is None:
            report = AutoSubscribeReport("create-log-group", stopped="the call failed: nothing")
        else:
            report = self._subscriber(context).on_created(created)
        return TaskResult(report.as_dict(), _subscription_metrics(report))


def _subscription_metrics(report: Any) -> tuple[tuple[str, str, float], ...]:
    skipped_limit = sum(1 for outcome in report.outcomes if outcome.action == "skip-limit")
    throttled = sum(1 for outcome in report.outcomes if outcome.action == "throttled")
    return (
        ("LogGroupsSubscribed", "Count", report.subscribed),
        ("LogGroupsSkippedLimit", "Count", skipped_limit),
        ("LogGroupsThrottled", "Count", throttled),
    )
