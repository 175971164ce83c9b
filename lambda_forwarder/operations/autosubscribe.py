"""The forwarder subscribes new log groups itself: on a `CreateLogGroup` event (EventBridge, from
CloudTrail) and in a daily sweep that catches the groups created while it was down.

Everything that decides about one group is `operations.subscriptions` (own group skipped, the
two-filter limit, idempotence); this module only chooses the groups (configured prefixes and
fnmatch patterns), identifies the function from its own invocation context, and keeps within
CloudWatch Logs' API rates: the logs client uses botocore's adaptive retry mode (client-side rate
limiting on throttles), and a group still throttled after those retries ends the run with a
`throttled` outcome; the next sweep picks it up. No group is ever unsubscribed here.
"""

from __future__ import annotations

import fnmatch
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from botocore.exceptions import ClientError
from msgspec import Struct, field

from lambda_forwarder.config import AutoSubscribeSettings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.operations.subscriptions import (
    ForwarderFunction,
    Outcome,
    SubscriptionError,
    select_log_groups,
    subscribe,
)

logger = logging.getLogger(__name__)

CLOUDTRAIL_DETAIL_TYPE = "AWS API Call via CloudTrail"
MIN_GROUP_SECONDS = 2.0  # a sweep stops this long before the deadline
_THROTTLED = frozenset({"ThrottlingException", "TooManyRequestsException", "Throttling"})


class AutoSubscribeReport(Struct, frozen=True):
    """What one event or sweep did, group by group."""

    kind: str  # "create-log-group" or "sweep"
    outcomes: tuple[Outcome, ...] = ()
    not_matching: tuple[str, ...] = ()
    stopped: str = ""
    matched: int = 0

    def as_dict(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for outcome in self.outcomes:
            counts[outcome.action] = counts.get(outcome.action, 0) + 1
        return {
            "task": self.kind,
            "matched": self.matched,
            "actions": counts,
            "subscribed": [o.log_group for o in self.outcomes if o.action == "subscribe"],
            "not_matching": list(self.not_matching),
            "stopped": self.stopped,
        }

    @property
    def subscribed(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == "subscribe")


class CreatedLogGroup(Struct, frozen=True):
    """A `CreateLogGroup` call seen through CloudTrail."""

    log_group: str
    region: str | None = None
    account: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


def created_log_group(event: Mapping[str, Any]) -> CreatedLogGroup | None:
    """The group a successful `CreateLogGroup` created; None for a failed call (errorCode)."""
    detail = event.get("detail") or {}
    if detail.get("errorCode"):
        return None
    parameters = detail.get("requestParameters") or {}
    name = parameters.get("logGroupName")
    if not isinstance(name, str) or not name:
        return None
    return CreatedLogGroup(name, event.get("region"), event.get("account"))


def function_from_context(context: Any, log_group: str | None) -> ForwarderFunction:
    """The forwarder's own identity from its invocation context: no `lambda:GetFunction`."""
    arn = str(getattr(context, "invoked_function_arn", "") or "")
    parts = arn.split(":")
    if len(parts) < 7 or parts[2] != "lambda":
        raise SubscriptionError(f"cannot tell the function from its context ARN {arn!r}")
    name = parts[6]
    return ForwarderFunction(
        name=name,
        arn=":".join(parts[:7]),  # unqualified: the filter targets the function, not an alias
        partition=parts[1],
        region=parts[3],
        account=parts[4],
        log_group=log_group or f"/aws/lambda/{name}",
    )


def matches(settings: AutoSubscribeSettings, log_group: str) -> bool:
    """Whether a configured prefix or fnmatch pattern selects `log_group`."""
    return any(log_group.startswith(prefix) for prefix in settings.prefixes) or any(
        fnmatch.fnmatchcase(log_group, pattern) for pattern in settings.patterns
    )


class AutoSubscriber:
    """Set up once per container with the clients; `on_created` per event, `sweep` per schedule."""

    def __init__(
        self,
        settings: AutoSubscribeSettings,
        function: ForwarderFunction,
        logs_client: Any,
        lambda_client: Any,
    ) -> None:
        self._settings = settings
        self._function = function
        self._logs = logs_client
        self._lambda = lambda_client

    def on_created(self, created: CreatedLogGroup) -> AutoSubscribeReport:
        """Subscribe the new group if it matches; the own group is skipped by `subscribe`."""
        if not matches(self._settings, created.log_group):
            return AutoSubscribeReport("create-log-group", not_matching=(created.log_group,))
        return self._subscribe("create-log-group", [created.log_group], None)

    def sweep(self, deadline: Deadline | None = None) -> AutoSubscribeReport:
        """Every existing group that matches and is not subscribed yet."""
        if not self._settings.enabled:
            return AutoSubscribeReport("sweep", stopped="no prefixes or patterns configured")
        groups, _ = select_log_groups(
            self._logs, prefixes=self._settings.prefixes, patterns=self._settings.patterns
        )
        return self._subscribe("sweep", groups, deadline)

    def _subscribe(
        self, kind: str, groups: Sequence[str], deadline: Deadline | None
    ) -> AutoSubscribeReport:
        outcomes: list[Outcome] = []
        stopped = ""
        for group in groups:
            if deadline is not None and deadline.remaining() < MIN_GROUP_SECONDS:
                stopped = f"deadline: {len(groups) - len(outcomes)} groups left for the next sweep"
                break
            try:
                outcomes += subscribe(
                    self._logs,
                    self._lambda,
                    self._function,
                    [group],
                    filter_pattern=self._settings.filter_pattern,
                    permission_scope=self._settings.permission_scope,
                )
            except ClientError as error:
                code = str(error.response.get("Error", {}).get("Code", ""))
                if code in _THROTTLED:
                    outcomes.append(Outcome(group, "throttled", "throttled after retries"))
                    stopped = f"throttled: {len(groups) - len(outcomes)} groups left for later"
                    break
                if code == "ResourceNotFoundException":  # deleted since it was listed
                    outcomes.append(Outcome(group, "skip-missing", "deleted meanwhile"))
                    continue
                raise
        report = AutoSubscribeReport(kind, tuple(outcomes), stopped=stopped, matched=len(groups))
        for outcome in outcomes:
            if outcome.action != "unchanged":
                logger.info("auto-subscribe: %s", outcome.describe())
        return report


def logs_client_config() -> Any:
    """Adaptive retries: botocore rate-limits the client itself once CloudWatch Logs throttles."""
    from botocore.config import Config

    return Config(
        connect_timeout=3, read_timeout=10, retries={"mode": "adaptive", "max_attempts": 8}
    )
