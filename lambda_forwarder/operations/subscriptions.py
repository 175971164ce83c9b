"""Subscribe CloudWatch Logs log groups to the forwarder function, and undo it.

Rules this module keeps (see facts-cloudwatch-lambda.md):
- the forwarder's own log group is never subscribed (its logs would feed it: a loop that Lambda's
  recursion detection does not catch);
- a log group has at most two subscription filters: a group with two that are not ours is skipped
  with the names of the filters in the way;
- the `lambda:AddPermission` for logs.amazonaws.com (SourceArn the group, SourceAccount the
  account) is created before the filter, because putting the filter test-invokes the function;
- everything is idempotent: our filter has a fixed name and our statement id derives from the
  group, so running twice changes nothing the second time.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

from botocore.exceptions import ClientError
from msgspec import Struct

from lambda_forwarder.errors import ForwarderError

FILTER_NAME = "logpipe-forwarder"
STATEMENT_PREFIX = "logpipe-"
ACCOUNT_STATEMENT_ID = "logpipe-logs-account"
MAX_FILTERS_PER_GROUP = 2
_WILDCARDS = re.compile(r"[*?\[]")

Action = Literal[
    "subscribe",
    "update",
    "unchanged",
    "unsubscribe",
    "absent",
    "skip-own-group",
    "skip-limit",
    "skip-other-function",
    "skip-missing",
    "throttled",
]
# "existing": the invoke permission is in place already (the stack's account-wide statement for
# the forwarder's self-subscription), so none is added.
PermissionScope = Literal["group", "account", "existing"]


class SubscriptionError(ForwarderError):
    """The forwarder function or the log groups cannot be worked with as asked."""


class ForwarderFunction(Struct, frozen=True):
    """The destination: identity and the log group it writes to (never to be subscribed)."""

    name: str
    arn: str
    partition: str
    region: str
    account: str
    log_group: str

    def log_group_arn(self, log_group: str) -> str:
        """The SourceArn CloudWatch Logs invokes with for `log_group`."""
        return f"arn:{self.partition}:logs:{self.region}:{self.account}:log-group:{log_group}:*"

    @property
    def any_log_group_arn(self) -> str:
        return f"arn:{self.partition}:logs:{self.region}:{self.account}:log-group:*"


class Outcome(Struct, frozen=True):
    """What happened (or, in a dry run, would happen) to one log group."""

    log_group: str
    action: Action
    detail: str = ""
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        """False when the operator asked for something that could not be done."""
        return self.action not in ("skip-limit", "skip-other-function", "skip-missing", "throttled")

    @property
    def changed(self) -> bool:
        return self.action in ("subscribe", "update", "unsubscribe") and not self.dry_run

    def describe(self) -> str:
        verb = {
            "subscribe": "would subscribe" if self.dry_run else "subscribed",
            "update": "would update" if self.dry_run else "updated",
            "unsubscribe": "would unsubscribe" if self.dry_run else "unsubscribed",
            "unchanged": "unchanged",
            "absent": "not subscribed",
            "skip-own-group": "skipped",
            "skip-limit": "skipped",
            "skip-other-function": "skipped",
            "skip-missing": "skipped",
            "throttled": "not yet",
        }[self.action]
        return f"{verb:<18} {self.log_group}" + (f"  ({self.detail})" if self.detail else "")


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


# --- the function ------------------------------------------------------------------------------


def resolve_function(lambda_client: Any, function: str) -> ForwarderFunction:
    """Look the function up by name or ARN; its ARN gives partition, Region and account."""
    try:
        configuration = lambda_client.get_function(FunctionName=function)["Configuration"]
    except ClientError as error:
        if _code(error) == "ResourceNotFoundException":
            raise SubscriptionError(f"function {function!r} not found") from None
        raise
    arn = configuration["FunctionArn"]
    parts = arn.split(":")
    if len(parts) < 7 or parts[2] != "lambda":
        raise SubscriptionError(f"unexpected function ARN {arn!r}")
    name = configuration["FunctionName"]
    logging = configuration.get("LoggingConfig") or {}
    return ForwarderFunction(
        name=name,
        arn=":".join(parts[:7]),  # without a version or alias qualifier
        partition=parts[1],
        region=parts[3],
        account=parts[4],
        log_group=logging.get("LogGroup") or f"/aws/lambda/{name}",
    )


def statement_id(log_group: str) -> str:
    """The policy statement id for `log_group`: stable, unique, [A-Za-z0-9-_.]{1,100}."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", log_group).strip("-")[:60]
    digest = hashlib.sha256(log_group.encode("utf-8")).hexdigest()[:12]
    return f"{STATEMENT_PREFIX}{slug}-{digest}"


# --- selecting log groups ----------------------------------------------------------------------


def _groups_with_prefix(logs_client: Any, prefix: str) -> Iterator[str]:
    paginator = logs_client.get_paginator("describe_log_groups")
    arguments = {"logGroupNamePrefix": prefix} if prefix else {}
    for page in paginator.paginate(**arguments):
        for group in page.get("logGroups", []):
            yield group["logGroupName"]


def select_log_groups(
    logs_client: Any,
    *,
    names: Sequence[str] = (),
    prefixes: Sequence[str] = (),
    patterns: Sequence[str] = (),
) -> tuple[list[str], list[str]]:
    """Existing log groups matching exact names, prefixes or fnmatch patterns, sorted, once
    each; and the exact names that do not exist (for the caller to report)."""
    selected: set[str] = set()
    missing: list[str] = []
    for name in names:
        if name in set(_groups_with_prefix(logs_client, name)):
            selected.add(name)
        else:
            missing.append(name)
    for prefix in prefixes:
        selected.update(_groups_with_prefix(logs_client, prefix))
    for pattern in patterns:
        literal = _WILDCARDS.split(pattern, maxsplit=1)[0]  # narrow the listing server-side
        selected.update(
            group
            for group in _groups_with_prefix(logs_client, literal)
            if fnmatch.fnmatchcase(group, pattern)
        )
    return sorted(selected), missing


# --- subscribe / unsubscribe -------------------------------------------------------------------


def _filters(logs_client: Any, log_group: str) -> list[dict[str, Any]]:
    paginator = logs_client.get_paginator("describe_subscription_filters")
    return [
        item
        for page in paginator.paginate(logGroupName=log_group)
        for item in page.get("subscriptionFilters", [])
    ]


def _same_function(destination: str, function: ForwarderFunction) -> bool:
    return destination == function.arn or destination.startswith(function.arn + ":")


def _statement_ids(lambda_client: Any, function: ForwarderFunction) -> set[str]:
    try:
        policy = lambda_client.get_policy(FunctionName=function.arn)["Policy"]
    except ClientError as error:
        if _code(error) == "ResourceNotFoundException":
            return set()  # no resource policy yet
        raise
    return {statement.get("Sid", "") for statement in json.loads(policy).get("Statement", [])}


def _add_permission(
    lambda_client: Any, function: ForwarderFunction, log_group: str, scope: PermissionScope
) -> None:
    if scope == "account":
        sid, source_arn = ACCOUNT_STATEMENT_ID, function.any_log_group_arn
    else:
        sid, source_arn = statement_id(log_group), function.log_group_arn(log_group)
    if sid in _statement_ids(lambda_client, function):
        return
    try:
        lambda_client.add_permission(
            FunctionName=function.arn,
            StatementId=sid,
            Action="lambda:InvokeFunction",
            Principal="logs.amazonaws.com",
            SourceArn=source_arn,
            SourceAccount=function.account,
        )
    except ClientError as error:
        code = _code(error)
        if code == "ResourceConflictException":
            return  # added meanwhile (or a concurrent policy update: the filter put will tell)
        if code == "PolicyLengthExceededException":
            raise SubscriptionError(
                "the function's resource policy is full (about 20 KB, one statement per group): "
                "use --permission-scope account, the account-level policy or the Kinesis path"
            ) from None
        raise


def _remove_permission(lambda_client: Any, function: ForwarderFunction, log_group: str) -> None:
    try:
        lambda_client.remove_permission(
            FunctionName=function.arn, StatementId=statement_id(log_group)
        )
    except ClientError as error:
        if _code(error) != "ResourceNotFoundException":
            raise


def subscribe(
    logs_client: Any,
    lambda_client: Any,
    function: ForwarderFunction,
    log_groups: Iterable[str],
    *,
    filter_pattern: str = "",
    dry_run: bool = False,
    permission_scope: PermissionScope = "group",
) -> list[Outcome]:
    """Subscribe each group to the function: permission first, then our filter."""
    if len(filter_pattern) > 1024:
        raise SubscriptionError("a filter pattern has at most 1024 characters")
    outcomes = []
    for group in log_groups:
        outcome = _plan_subscribe(logs_client, function, group, filter_pattern, dry_run)
        if outcome.action in ("subscribe", "update") and not dry_run:
            if permission_scope != "existing":
                _add_permission(lambda_client, function, group, permission_scope)
            try:
                logs_client.put_subscription_filter(
                    logGroupName=group,
                    filterName=FILTER_NAME,
                    filterPattern=filter_pattern,
                    destinationArn=function.arn,
                )
            except ClientError as error:
                if _code(error) != "LimitExceededException":
                    raise
                # A filter appeared since we looked, or an account-level policy holds a slot.
                outcome = Outcome(
                    group, "skip-limit", "CloudWatch Logs refused a third subscription filter"
                )
        outcomes.append(outcome)
    return outcomes


def _plan_subscribe(
    logs_client: Any, function: ForwarderFunction, group: str, pattern: str, dry_run: bool
) -> Outcome:
    if group == function.log_group:
        return Outcome(group, "skip-own-group", "the forwarder's own log group: it would loop")
    filters = _filters(logs_client, group)
    ours = next((f for f in filters if f["filterName"] == FILTER_NAME), None)
    if ours is not None:
        if not _same_function(ours["destinationArn"], function):
            return Outcome(
                group,
                "skip-other-function",
                f"filter {FILTER_NAME} sends to {ours['destinationArn']}; unsubscribe it there",
            )
        if ours.get("filterPattern", "") == pattern:
            return Outcome(group, "unchanged", "already subscribed")
        return Outcome(group, "update", f"filter pattern {pattern!r}", dry_run)
    others = [f for f in filters if _same_function(f["destinationArn"], function)]
    if others:
        return Outcome(
            group, "unchanged", f"already sent here by filter {others[0]['filterName']!r}"
        )
    if len(filters) >= MAX_FILTERS_PER_GROUP:
        names = ", ".join(repr(f["filterName"]) for f in filters)
        return Outcome(
            group, "skip-limit", f"already has {len(filters)} subscription filters ({names})"
        )
    return Outcome(group, "subscribe", f"filter pattern {pattern!r}" if pattern else "", dry_run)


def unsubscribe(
    logs_client: Any,
    lambda_client: Any,
    function: ForwarderFunction,
    log_groups: Iterable[str],
    *,
    dry_run: bool = False,
) -> list[Outcome]:
    """Delete our filter (only if it sends to this function) and the group's permission."""
    outcomes = []
    for group in log_groups:
        filters = _filters(logs_client, group)
        ours = next((f for f in filters if f["filterName"] == FILTER_NAME), None)
        if ours is None:
            outcome = Outcome(group, "absent")
        elif not _same_function(ours["destinationArn"], function):
            outcome = Outcome(
                group, "skip-other-function", f"filter {FILTER_NAME} sends to another function"
            )
        else:
            outcome = Outcome(group, "unsubscribe", dry_run=dry_run)
            if not dry_run:
                logs_client.delete_subscription_filter(logGroupName=group, filterName=FILTER_NAME)
        if outcome.action in ("unsubscribe", "absent") and not dry_run:
            _remove_permission(lambda_client, function, group)  # also a leftover one
        outcomes.append(outcome)
    return outcomes
