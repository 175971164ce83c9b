"""`forwarder subscribe` / `unsubscribe` and lambda_forwarder.operations.subscriptions, on moto
(functions are created, never invoked: invoking needs Docker)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from lambda_forwarder.cli.main import main
from lambda_forwarder.operations.subscriptions import (
    FILTER_NAME,
    resolve_function,
    statement_id,
    subscribe,
    unsubscribe,
)

REGION = "eu-west-1"
FUNCTION = "logpipe-forwarder"
OWN_GROUP = f"/aws/lambda/{FUNCTION}"
GROUPS = (
    OWN_GROUP,
    "/aws/lambda/checkout",
    "/aws/lambda/fulfillment",
    "/ecs/shop-api",
    "/ecs/shop-worker",
    "/ecs/other-api",
)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("handler.py", "def lambda_handler(event, context):\n    return None\n")
    return buffer.getvalue()


class Aws:
    """The moto account: clients and the two functions' ARNs."""

    def __init__(self) -> None:
        self.logs = boto3.client("logs", region_name=REGION)
        self.lambda_ = boto3.client("lambda", region_name=REGION)
        iam = boto3.client("iam", region_name=REGION)
        role = iam.create_role(
            RoleName="forwarder",
            AssumeRolePolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                }
            ),
        )["Role"]["Arn"]
        self.function_arn = self._function(FUNCTION, role)
        self.other_arn = self._function("someone-elses-shipper", role)
        for group in GROUPS:
            self.logs.create_log_group(logGroupName=group)

    def _function(self, name: str, role: str) -> str:
        return self.lambda_.create_function(
            FunctionName=name,
            Runtime="python3.13",
            Role=role,
            Handler="handler.lambda_handler",
            Code={"ZipFile": _zip()},
            Architectures=["arm64"],
        )["FunctionArn"]

    def filters(self, group: str) -> list[dict[str, Any]]:
        return self.logs.describe_subscription_filters(logGroupName=group)["subscriptionFilters"]

    def statements(self) -> list[dict[str, Any]]:
        try:
            policy = self.lambda_.get_policy(FunctionName=FUNCTION)["Policy"]
        except ClientError as error:
            assert error.response["Error"]["Code"] == "ResourceNotFoundException"
            return []
        return json.loads(policy)["Statement"]

    def add_foreign_filter(self, group: str, name: str) -> None:
        self.lambda_.add_permission(
            FunctionName="someone-elses-shipper",
            StatementId=f"x{len(self.filters(group))}{statement_id(group)}",
            Action="lambda:InvokeFunction",
            Principal="logs.amazonaws.com",
        )
        self.logs.put_subscription_filter(
            logGroupName=group, filterName=name, filterPattern="", destinationArn=self.other_arn
        )


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[Aws]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        yield Aws()


def forwarder(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def _line(output: str, group: str) -> str:
    (line,) = [line for line in output.splitlines() if re.search(rf"\s{re.escape(group)}\b", line)]
    return line


# --- subscribe ----------------------------------------------------------------------------------


def test_subscribe_twice_leaves_one_filter_and_one_permission(
    aws: Aws, capsys: pytest.CaptureFixture[str]
) -> None:
    """Idempotent: the second run reports `unchanged` and adds nothing."""
    assert forwarder(capsys, "subscribe", "/aws/lambda/checkout")[0] == 0
    code, output = forwarder(capsys, "subscribe", "/aws/lambda/checkout")
    assert code == 0
    assert _line(output, "/aws/lambda/checkout").startswith("unchanged")
    (only,) = aws.filters("/aws/lambda/checkout")
    assert only["filterName"] == FILTER_NAME
    assert only["destinationArn"] == aws.function_arn
    (statement,) = aws.statements()
    assert statement["Sid"] == statement_id("/aws/lambda/checkout")
    assert statement["Principal"] == {"Service": "logs.amazonaws.com"}
    condition = statement["Condition"]
    assert condition["ArnLike"]["AWS:SourceArn"] == (
        f"arn:aws:logs:{REGION}:123456789012:log-group:/aws/lambda/checkout:*"
    )
    assert condition["StringEquals"]["AWS:SourceAccount"] == "123456789012"


def test_own_log_group_is_skipped_and_said_so(aws: Aws, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = forwarder(capsys, "subscribe", "--prefix", "/aws/lambda/")
    assert code == 0
    assert "own log group" in _line(output, OWN_GROUP)
    assert aws.filters(OWN_GROUP) == []
    assert [f["filterName"] for f in aws.filters("/aws/lambda/fulfillment")] == [FILTER_NAME]
    assert len(aws.statements()) == 2  # checkout and fulfillment, not the own group


def test_two_filter_limit_is_respected(aws: Aws, capsys: pytest.CaptureFixture[str]) -> None:
    """A group with two foreign filters is skipped (exit 1, their names shown), the others are
    subscribed, and nothing is created for the skipped group."""
    aws.add_foreign_filter("/ecs/shop-api", "siem")
    aws.add_foreign_filter("/ecs/shop-api", "archive")
    code, output = forwarder(capsys, "subscribe", "/ecs/shop-api", "/ecs/shop-worker")
    assert code == 1
    line = _line(output, "/ecs/shop-api")
    assert "2 subscription filters" in line and "'siem'" in line and "'archive'" in line
    assert sorted(f["filterName"] for f in aws.filters("/ecs/shop-api")) == ["archive", "siem"]
    assert [s["Sid"] for s in aws.statements()] == [statement_id("/ecs/shop-worker")]


def test_one_foreign_filter_leaves_room_for_ours(
    aws: Aws, capsys: pytest.CaptureFixture[str]
) -> None:
    aws.add_foreign_filter("/ecs/shop-api", "siem")
    assert forwarder(capsys, "subscribe", "/ecs/shop-api")[0] == 0
    assert sorted(f["filterName"] for f in aws.filters("/ecs/shop-api")) == [FILTER_NAME, "siem"]


def test_dry_run_changes_nothing(aws: Aws, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = forwarder(capsys, "subscribe", "--dry-run", "--prefix", "/ecs/")
    assert code == 0
    assert _line(output, "/ecs/shop-api").startswith("would subscribe")
    assert all(aws.filters(group) == [] for group in GROUPS)
    assert aws.statements() == []
    forwarder(capsys, "subscribe", "/ecs/shop-api")
    code, output = forwarder(capsys, "unsubscribe", "--dry-run", "/ecs/shop-api")
    assert code == 0
    assert _line(output, "/ecs/shop-api").startswith("would unsubscribe")
    assert len(aws.filters("/ecs/shop-api")) == 1
    assert len(aws.statements()) == 1


def test_pattern_selects_by_glob(aws: Aws, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = forwarder(capsys, "subscribe", "--pattern", "/ecs/*-api")
    assert code == 0
    assert "/ecs/shop-worker" not in output
    subscribed = {g for g in GROUPS if aws.filters(g)}
    assert subscribed == {"/ecs/shop-api", "/ecs/other-api"}


def test_changed_filter_pattern_updates_the_filter(
    aws: Aws, capsys: pytest.CaptureFixture[str]
) -> None:
    forwarder(capsys, "subscribe", "/ecs/shop-api")
    pattern = '{ $.level = "error" }'
    code, output = forwarder(capsys, "subscribe", "/ecs/shop-api", "--filter-pattern", pattern)
    assert code == 0
    assert _line(output, "/ecs/shop-api").startswith("updated")
    (only,) = aws.filters("/ecs/shop-api")
    assert only["filterPattern"] == pattern
    assert len(aws.statements()) == 1


def test_missing_group_is_reported_and_fails_the_run(
    aws: Aws, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = forwarder(capsys, "subscribe", "/nope", "/ecs/shop-api")
    assert code == 1
    assert "no such log group" in _line(output, "/nope")
    assert len(aws.filters("/ecs/shop-api")) == 1


def test_a_filter_of_ours_name_to_another_function_is_left_alone(
    aws: Aws, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another deployment's filter with our name is neither overwritten nor deleted."""
    aws.add_foreign_filter("/ecs/shop-api", FILTER_NAME)
    code, output = forwarder(capsys, "subscribe", "/ecs/shop-api")
    assert code == 1
    assert "someone-elses-shipper" in _line(output, "/ecs/shop-api")
    code, _ = forwarder(capsys, "unsubscribe", "/ecs/shop-api")
    assert code == 1
    (kept,) = aws.filters("/ecs/shop-api")
    assert kept["destinationArn"] == aws.other_arn


def test_permission_is_created_before_the_filter(aws: Aws) -> None:
    calls: list[str] = []

    class Recorder:
        def __init__(self, client: Any) -> None:
            self._client = client

        def __getattr__(self, name: str) -> Any:
            attribute = getattr(self._client, name)
            if name in ("add_permission", "put_subscription_filter"):

                def call(**kwargs: Any) -> Any:
                    calls.append(name)
                    return attribute(**kwargs)

                return call
            return attribute

    function = resolve_function(aws.lambda_, FUNCTION)
    subscribe(Recorder(aws.logs), Recorder(aws.lambda_), function, ["/ecs/shop-api"])
    assert calls == ["add_permission", "put_subscription_filter"]


def test_account_scope_uses_one_statement_for_every_group(
    aws: Aws, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = forwarder(capsys, "subscribe", "--prefix", "/ecs/", "--permission-scope", "account")
    assert code == 0
    (statement,) = aws.statements()
    assert statement["Condition"]["ArnLike"]["AWS:SourceArn"].endswith(":log-group:*")
    assert all(len(aws.filters(g)) == 1 for g in GROUPS if g.startswith("/ecs/"))


# --- unsubscribe --------------------------------------------------------------------------------


def test_unsubscribe_undoes_subscribe(aws: Aws, capsys: pytest.CaptureFixture[str]) -> None:
    aws.add_foreign_filter("/ecs/shop-api", "siem")
    forwarder(capsys, "subscribe", "--prefix", "/ecs/")
    code, output = forwarder(capsys, "unsubscribe", "--prefix", "/ecs/")
    assert code == 0
    assert _line(output, "/ecs/shop-worker").startswith("unsubscribed")
    assert [f["filterName"] for f in aws.filters("/ecs/shop-api")] == ["siem"]
    assert all(aws.filters(g) == [] for g in ("/ecs/shop-worker", "/ecs/other-api"))
    assert aws.statements() == []
    code, output = forwarder(capsys, "unsubscribe", "--prefix", "/ecs/")
    assert code == 0
    assert _line(output, "/ecs/shop-worker").startswith("not subscribed")


def test_unsubscribe_through_the_operations_api(aws: Aws) -> None:
    function = resolve_function(aws.lambda_, aws.function_arn)
    assert function.name == FUNCTION and function.log_group == OWN_GROUP
    subscribe(aws.logs, aws.lambda_, function, ["/aws/lambda/checkout"])
    (outcome,) = unsubscribe(aws.logs, aws.lambda_, function, ["/aws/lambda/checkout"])
    assert outcome.action == "unsubscribe" and outcome.changed
    assert aws.filters("/aws/lambda/checkout") == []


# --- arguments ----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["subscribe", "unsubscribe"])
def test_every_subcommand_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--dry-run" in out and "--function" in out and "--region" in out


def test_no_selection_is_a_clear_error(aws: Aws, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["subscribe"]) == 2
    assert "LOG_GROUP, --prefix or --pattern" in capsys.readouterr().err


def test_unknown_function_is_a_clear_error(aws: Aws, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["subscribe", "/ecs/shop-api", "--function", "nope"]) == 2
    assert "function 'nope' not found" in capsys.readouterr().err


def test_region_must_match_the_function_arn(aws: Aws, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["subscribe", "/ecs/shop-api", "--function", aws.function_arn, "--region", "us-east-1"]
    assert main(argv) == 2
    assert "its own Region" in capsys.readouterr().err
    assert aws.filters("/ecs/shop-api") == []


@pytest.mark.parametrize(
    "group",
    ["/aws/lambda/checkout", "/a.b", "/a-b", "/a_b", "x" * 512, "/aws/ecs/#weird/name"],
)
def test_statement_ids_are_valid_and_distinct(group: str) -> None:
    sid = statement_id(group)
    assert re.fullmatch(r"[A-Za-z0-9_.-]{1,100}", sid)
    assert sid == statement_id(group)
    assert sid != statement_id(group + "x")
