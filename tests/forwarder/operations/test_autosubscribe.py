"""Auto-subscribe through the handler, on moto: a `CreateLogGroup` event subscribes a matching
group and skips the forwarder's own; the daily sweep subscribes what was missed; no group ever
gets more than CloudWatch Logs' two subscription filters."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.stub import Stubber

import lambda_forwarder.handler as handler_module
from lambda_forwarder.config import AutoSubscribeSettings, load_settings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.errors import ConfigError
from lambda_forwarder.handler import build_pipeline, handle_event
from lambda_forwarder.operations.autosubscribe import (
    AutoSubscriber,
    created_log_group,
    function_from_context,
    matches,
)
from lambda_forwarder.operations.subscriptions import FILTER_NAME, MAX_FILTERS_PER_GROUP
from lambda_forwarder.pipeline import Pipeline
from tests.cli import test_subscribe as moto_account
from tests.cli.test_subscribe import FUNCTION, OWN_GROUP, REGION, Aws

aws = moto_account.aws  # the moto account fixture: functions, log groups, foreign filters

EVENTS = Path(__file__).resolve().parents[3] / "events"
CREATE = json.loads((EVENTS / "eventbridge-create-log-group.json").read_text())
SWEEP = json.loads((EVENTS / "scheduled-subscription-sweep.json").read_text())


class Context:
    """What the Lambda runtime passes: the function's ARN and the time left."""

    def __init__(self, arn: str, remaining_ms: int = 60_000) -> None:
        self.invoked_function_arn = arn
        self._remaining = remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return self._remaining


@pytest.fixture
def pipeline(aws: Aws, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Pipeline]:
    """A pipeline configured to auto-subscribe `/ecs/shop-*` and everything under
    `/aws/lambda/`; a fresh container (no cached task clients)."""
    monkeypatch.setattr(handler_module, "_tasks", None)
    env = {
        "OPENSEARCH_URL": "http://127.0.0.1:9",
        "DEAD_LETTER_DIR": str(tmp_path / "dl"),
        "AWS_REGION": REGION,
        "AWS_LAMBDA_FUNCTION_NAME": FUNCTION,
        "AUTO_SUBSCRIBE_PREFIXES": "/aws/lambda/",
        "AUTO_SUBSCRIBE_PATTERNS": "/ecs/shop-*",
    }
    yield build_pipeline(load_settings(env))


def created(group: str, **detail: Any) -> dict[str, Any]:
    event = copy.deepcopy(CREATE)
    event["detail"]["requestParameters"]["logGroupName"] = group
    event["detail"].update(detail)
    return event


def run(pipeline: Pipeline, aws: Aws, event: dict[str, Any]) -> dict[str, Any]:
    context = Context(aws.function_arn)
    return handle_event(pipeline, event, context, Deadline.after(30))


def test_create_log_group_event_subscribes_a_matching_group(pipeline: Pipeline, aws: Aws) -> None:
    """The new group gets our filter, pointing at the function; the stack's account-wide
    permission is relied on, so no per-group statement is added."""
    aws.logs.create_log_group(logGroupName="/ecs/shop-payments")
    result = run(pipeline, aws, CREATE)
    assert result["subscribed"] == ["/ecs/shop-payments"]
    (only,) = aws.filters("/ecs/shop-payments")
    assert only["filterName"] == FILTER_NAME
    assert only["destinationArn"] == aws.function_arn
    assert aws.statements() == []
    again = run(pipeline, aws, CREATE)  # EventBridge delivers at least once
    assert again["actions"] == {"unchanged": 1} and len(aws.filters("/ecs/shop-payments")) == 1


def test_the_forwarders_own_group_is_skipped(pipeline: Pipeline, aws: Aws) -> None:
    """`/aws/lambda/` matches the forwarder's own group: it is still never subscribed."""
    result = run(pipeline, aws, created(OWN_GROUP))
    assert result["actions"] == {"skip-own-group": 1}
    assert aws.filters(OWN_GROUP) == []


def test_groups_that_match_nothing_and_failed_calls_are_left_alone(
    pipeline: Pipeline, aws: Aws
) -> None:
    """A group outside the prefixes and patterns, and a CreateLogGroup that failed."""
    result = run(pipeline, aws, created("/ecs/other-api"))
    assert result["not_matching"] == ["/ecs/other-api"] and result["actions"] == {}
    assert aws.filters("/ecs/other-api") == []
    failed = run(pipeline, aws, created("/ecs/shop-api", errorCode="ResourceAlreadyExists"))
    assert failed["actions"] == {} and aws.filters("/ecs/shop-api") == []


def test_the_sweep_subscribes_what_was_missed_within_the_filter_limit(
    pipeline: Pipeline, aws: Aws
) -> None:
    """Groups created while the forwarder was down are subscribed by the daily sweep, except
    its own and one already holding two other filters; no group exceeds two filters."""
    aws.add_foreign_filter("/aws/lambda/fulfillment", "shipper-a")
    aws.add_foreign_filter("/aws/lambda/fulfillment", "shipper-b")
    aws.add_foreign_filter("/ecs/shop-worker", "shipper-a")  # one slot left: ours fits
    result = run(pipeline, aws, SWEEP)
    assert sorted(result["subscribed"]) == [
        "/aws/lambda/checkout",
        "/ecs/shop-api",
        "/ecs/shop-worker",
    ]
    assert result["actions"]["skip-own-group"] == 1
    assert result["actions"]["skip-limit"] == 1
    groups = [g["logGroupName"] for g in aws.logs.describe_log_groups()["logGroups"]]
    for group in groups:
        assert len(aws.filters(group)) <= MAX_FILTERS_PER_GROUP
    assert {f["filterName"] for f in aws.filters("/aws/lambda/fulfillment")} == {
        "shipper-a",
        "shipper-b",
    }
    assert aws.filters("/ecs/other-api") == [] and aws.filters(OWN_GROUP) == []
    second = run(pipeline, aws, SWEEP)
    assert second["subscribed"] == []  # idempotent


def test_auto_subscribe_without_prefixes_is_a_clear_error(
    aws: Aws, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Invoked by the rule, but nothing configured: an error naming the variable."""
    monkeypatch.setattr(handler_module, "_tasks", None)
    env = {"OPENSEARCH_URL": "http://127.0.0.1:9", "DEAD_LETTER_DIR": str(tmp_path)}
    pipeline = build_pipeline(load_settings(env | {"AWS_REGION": REGION}))
    with pytest.raises(ConfigError, match="AUTO_SUBSCRIBE_PREFIXES"):
        run(pipeline, aws, CREATE)


# --- pieces ---------------------------------------------------------------------------------


def test_matching_and_event_parsing() -> None:
    """Prefixes and fnmatch patterns; the group from the CloudTrail detail; the own identity
    from the context ARN (an alias qualifier dropped)."""
    settings = AutoSubscribeSettings(prefixes=("/aws/lambda/",), patterns=("/ecs/*-api",))
    assert matches(settings, "/aws/lambda/x") and matches(settings, "/ecs/shop-api")
    assert not matches(settings, "/ecs/shop-worker")
    found = created_log_group(CREATE)
    assert found is not None and found.log_group == "/ecs/shop-payments"
    function = function_from_context(
        Context("arn:aws:lambda:eu-west-1:123456789012:function:fwd:live"), None
    )
    assert function.arn == "arn:aws:lambda:eu-west-1:123456789012:function:fwd"
    assert function.log_group == "/aws/lambda/fwd"


def _stubbed_logs() -> tuple[Any, Stubber]:
    client = boto3.client(
        "logs",
        region_name=REGION,
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )
    return client, Stubber(client)


def test_throttling_ends_the_run_and_leaves_the_rest_for_later() -> None:
    """Still throttled after botocore's retries: the group is reported `throttled`, the run
    stops, nothing raises."""
    logs, stub = _stubbed_logs()
    stub.add_response("describe_subscription_filters", {"subscriptionFilters": []})
    stub.add_client_error("put_subscription_filter", "ThrottlingException", "Rate exceeded")
    function = function_from_context(
        Context("arn:aws:lambda:eu-west-1:123456789012:function:fwd"), None
    )
    subscriber = AutoSubscriber(
        AutoSubscribeSettings(prefixes=("/ecs/",)), function, logs, lambda_client=None
    )
    with stub:
        report = subscriber._subscribe("sweep", ["/ecs/a", "/ecs/b"], None)
    assert [o.action for o in report.outcomes] == ["throttled"]
    assert report.stopped.startswith("throttled: 1 groups left")


def test_a_filter_that_appears_meanwhile_is_a_limit_skip() -> None:
    """Between our look and our put, the group reached its limit (or an account-level policy
    holds a slot): CloudWatch refuses, and the group is skipped, not failed."""
    logs, stub = _stubbed_logs()
    stub.add_response(
        "describe_subscription_filters",
        {"subscriptionFilters": [{"filterName": "a", "destinationArn": "arn:aws:x"}]},
    )
    stub.add_client_error("put_subscription_filter", "LimitExceededException", "limit")
    function = function_from_context(
        Context("arn:aws:lambda:eu-west-1:123456789012:function:fwd"), None
    )
    subscriber = AutoSubscriber(
        AutoSubscribeSettings(prefixes=("/ecs/",)), function, logs, lambda_client=None
    )
    with stub:
        report = subscriber._subscribe("sweep", ["/ecs/a"], None)
    assert [o.action for o in report.outcomes] == ["skip-limit"]
