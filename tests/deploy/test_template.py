"""template.yaml, checked offline: cfn-lint (and `sam validate --lint` when the SAM CLI is
installed), least privilege, and agreement with lambda_forwarder.config."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from cfnlint.decode import decode

from lambda_forwarder import config

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"
READ_ONLY_PREFIXES = ("Get", "List", "Describe")


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    """The template as plain data, short tags (!Ref, !Sub, ...) decoded to their long forms."""
    data, matches = decode(str(TEMPLATE))
    assert not matches, [str(match) for match in matches]
    assert data is not None
    return data


def _cfn_lint() -> list[str]:
    executable = Path(sys.executable).with_name("cfn-lint")
    return [str(executable)] if executable.exists() else [sys.executable, "-m", "cfnlint"]


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SAM_CLI_TELEMETRY": "0"}
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240, check=False
    )


# --- linters ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "parameters",
    [
        pytest.param([], id="defaults"),
        pytest.param(
            ["LogGroupNames=/aws/lambda/checkout,/ecs/fulfillment", "EnableAccountPolicy=true"],
            id="direct-with-groups-and-account-policy",
        ),
        pytest.param(
            [
                "LogGroupNames=/aws/lambda/checkout,/ecs/fulfillment",
                "EnableKinesis=true",
                "EnableAccountPolicy=true",
                "KinesisShardCount=2",
                "OpenSearchService=aoss",
                "ReservedConcurrency=-1",
            ],
            id="kinesis-serverless",
        ),
        pytest.param(
            [
                "IssueStore=dynamodb",
                "SlackBotTokenSecretArn=arn:aws:secretsmanager:eu-west-1:123456789012:secret:s-AbCdEf",
                "SlackChannel=C0123ABCD",
            ],
            id="dynamodb-issues-app-mode",
        ),
    ],
)
def test_cfn_lint_reports_nothing(parameters: list[str]) -> None:
    """cfn-lint (which runs the SAM translator and expands Fn::ForEach locally) finds no error,
    no warning and no informational finding, for the defaults and for the optional paths."""
    command = [*_cfn_lint(), "--include-checks", "I"]
    if parameters:
        command += ["--parameters", *parameters]
    result = _run([*command, "--", str(TEMPLATE)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


@pytest.mark.skipif(shutil.which("sam") is None, reason="the SAM CLI is not installed")
def test_sam_validate_lint() -> None:
    """`sam validate --lint` (offline: it runs cfn-lint, needs no credentials) accepts it."""
    result = _run(["sam", "validate", "--lint", "--region", "us-east-1", "-t", str(TEMPLATE)])
    assert result.returncode == 0, result.stdout + result.stderr


# --- least privilege ----------------------------------------------------------------------------


def _statements(node: Any) -> Iterator[Mapping[str, Any]]:
    """Every policy statement anywhere in the template, both branches of every Fn::If."""
    if isinstance(node, Mapping):
        if "Effect" in node and ("Action" in node or "NotAction" in node):
            yield node
        for value in node.values():
            yield from _statements(value)
    elif isinstance(node, list):
        for item in node:
            yield from _statements(item)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _is_write(action: str) -> bool:
    _, _, name = action.partition(":")
    return not name.startswith(READ_ONLY_PREFIXES)


def test_the_template_has_policy_statements(template: dict[str, Any]) -> None:
    """The walker finds the statements it is meant to check (no vacuous pass)."""
    sids = {statement.get("Sid") for statement in _statements(template["Resources"])}
    assert {"OwnLogs", "OpenSearchDomain", "OpenSearchServerless", "DeadLetters"} <= sids
    assert {"SlackWebhook", "OnFailureDestination", "PutRecords", "PassOwnRole"} <= sids


def test_no_write_action_on_every_resource(template: dict[str, Any]) -> None:
    """No Allow statement grants a write action (anything but Get*/List*/Describe*) on `*`, and
    none uses NotAction/NotResource or a service-wide action wildcard."""
    problems = []
    for statement in _statements(template["Resources"]):
        if statement["Effect"] != "Allow":
            continue  # Deny statements (the TLS-only bucket policy) only take away
        sid = statement.get("Sid", "<no Sid>")
        if "NotAction" in statement or "NotResource" in statement:
            problems.append(f"{sid}: NotAction/NotResource")
            continue
        actions = [a for a in _as_list(statement["Action"]) if isinstance(a, str)]
        if any(a == "*" or a.endswith(":*") for a in actions):
            problems.append(f"{sid}: wildcard action {actions}")
        if "Principal" in statement:
            continue  # trust policies name a service principal, not resources
        resources = _as_list(statement.get("Resource"))
        if any(_is_write(a) for a in actions) and "*" in resources:
            problems.append(f"{sid}: write actions {actions} on '*'")
    assert problems == []


def test_opensearch_access_is_scoped_to_the_given_resource(template: dict[str, Any]) -> None:
    """es:ESHttp* only on the domain's paths, aoss:APIAccessAll only on the collection."""
    by_sid = {s.get("Sid"): s for s in _statements(template["Resources"])}
    domain = by_sid["OpenSearchDomain"]
    assert sorted(domain["Action"]) == [
        "es:ESHttpGet",
        "es:ESHttpHead",
        "es:ESHttpPost",
        "es:ESHttpPut",
    ]
    assert domain["Resource"] == {"Fn::Sub": "${OpenSearchResourceArn}/*"}
    serverless = by_sid["OpenSearchServerless"]
    assert serverless["Action"] == "aoss:APIAccessAll"
    assert serverless["Resource"] == {"Ref": "OpenSearchResourceArn"}
    assert by_sid["SlackWebhook"]["Resource"] == {"Ref": "SlackWebhookSecretArn"}
    assert by_sid["DeadLetters"]["Action"] == "s3:PutObject"


# --- wiring -------------------------------------------------------------------------------------


def test_transforms_in_the_order_fn_foreach_needs(template: dict[str, Any]) -> None:
    assert template["Transform"] == ["AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"]


def test_function_points_at_the_handler_and_the_build_artifact(template: dict[str, Any]) -> None:
    props = template["Resources"]["ForwarderFunction"]["Properties"]
    assert props["Handler"] == "lambda_forwarder.handler.lambda_handler"
    assert (ROOT / "lambda_forwarder" / "handler.py").exists()
    assert props["CodeUri"] == "build/lambda"
    assert props["Runtime"] == "python3.13"
    assert props["Architectures"] == ["arm64"]
    invoke = props["EventInvokeConfig"]
    assert invoke["MaximumRetryAttempts"] == 2
    assert invoke["DestinationConfig"]["OnFailure"] == {
        "Type": "SQS",
        "Destination": {"Fn::GetAtt": ["OnFailureQueue", "Arn"]},
    }


def test_own_log_group_is_declared_and_excluded(template: dict[str, Any]) -> None:
    """The forwarder's log group is the function's, has a retention, and the account policy
    excludes it."""
    resources = template["Resources"]
    group = resources["ForwarderLogGroup"]["Properties"]
    assert group["LogGroupName"] == {"Fn::Sub": "/aws/lambda/${FunctionName}"}
    assert "RetentionInDays" in group
    assert resources["ForwarderFunction"]["Properties"]["FunctionName"] == {"Ref": "FunctionName"}
    for name in ("AccountSubscriptionPolicy", "AccountSubscriptionPolicyViaKinesis"):
        props = resources[name]["Properties"]
        assert props["PolicyType"] == "SUBSCRIPTION_FILTER_POLICY"
        assert props["SelectionCriteria"] == {
            "Fn::Sub": 'LogGroupName NOT IN ["/aws/lambda/${FunctionName}"]'
        }


def test_subscriptions_per_log_group_come_after_their_permission(template: dict[str, Any]) -> None:
    identifier, collection, fragment = template["Resources"]["Fn::ForEach::DirectSubscriptions"]
    assert collection == {"Ref": "LogGroupNames"}
    permission = fragment[f"Perm&{{{identifier}}}"]["Properties"]
    assert permission["Principal"] == "logs.amazonaws.com"
    assert permission["SourceAccount"] == {"Ref": "AWS::AccountId"}
    assert permission["SourceArn"]["Fn::Sub"].endswith(f":log-group:${{{identifier}}}:*")
    subscription = fragment[f"Sub&{{{identifier}}}"]
    assert subscription["DependsOn"] == {"Fn::Sub": f"Perm&{{{identifier}}}"}
    assert subscription["Properties"]["FilterPattern"] == {"Ref": "FilterPattern"}


def test_kinesis_mapping_gives_up_eventually(template: dict[str, Any]) -> None:
    """Bisect on error, partial batch responses, finite retries and age, on-failure queue."""
    props = template["Resources"]["StreamMapping"]["Properties"]
    assert props["BisectBatchOnFunctionError"] is True
    assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert 0 <= props["MaximumRetryAttempts"] <= 10
    assert 60 <= props["MaximumRecordAgeInSeconds"] <= 604800
    assert props["DestinationConfig"]["OnFailure"]["Destination"] == {
        "Fn::GetAtt": ["OnFailureQueue", "Arn"]
    }


def test_dead_letter_bucket_is_private_encrypted_and_expiring(template: dict[str, Any]) -> None:
    resources = template["Resources"]
    bucket = resources["DeadLetterBucket"]["Properties"]
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert any("ExpirationInDays" in rule for rule in bucket["LifecycleConfiguration"]["Rules"])
    (deny,) = resources["DeadLetterBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert deny["Effect"] == "Deny"
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_alarms_watch_errors_throttles_dead_letters_and_the_queue(template: dict[str, Any]) -> None:
    alarms = {
        props["MetricName"]: props
        for resource in template["Resources"].values()
        if isinstance(resource, Mapping) and resource.get("Type") == "AWS::CloudWatch::Alarm"
        for props in [resource["Properties"]]
    }
    assert {"Errors", "Throttles", "DeadLettered", "ApproximateNumberOfMessagesVisible"} <= set(
        alarms
    )
    # The handler's Powertools metrics: namespace from the environment, dimension `service`.
    assert alarms["DeadLettered"]["Namespace"] == {"Ref": "MetricsNamespace"}
    assert alarms["DeadLettered"]["Dimensions"] == [
        {"Name": "service", "Value": {"Ref": "ServiceName"}}
    ]


# --- agreement with lambda_forwarder.config -------------------------------------------------------

_DIRECT_READ = re.compile(
    r'os\.(?:environ\.get|getenv)\(\s*"([A-Z0-9_]+)"|os\.environ\["([A-Z0-9_]+)"\]'
)


def _names_read_directly() -> set[str]:
    """Variables the package reads with os.environ/os.getenv (the handler's Powertools names)."""
    names: set[str] = set()
    for path in (ROOT / "lambda_forwarder").rglob("*.py"):
        for match in _DIRECT_READ.finditer(path.read_text(encoding="utf-8")):
            names.add(match.group(1) or match.group(2))
    return names


def test_readme_lists_every_variable() -> None:
    """README's configuration table is the one config.VARIABLES generates (`forwarder config
    --markdown`): no variable documented nowhere, none documented twice."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- config-table: forwarder config --markdown -->", "<!-- /config-table -->"
    assert start in readme and end in readme
    table = readme.split(start, 1)[1].split(end, 1)[0].strip()
    assert table == config.markdown_table()


def test_template_sets_only_known_variables(template: dict[str, Any]) -> None:
    variables = template["Resources"]["ForwarderFunction"]["Properties"]["Environment"]["Variables"]
    known = config.ENVIRONMENT_VARIABLES | _names_read_directly()
    assert {"POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE"} <= known
    assert set(variables) - known == set()


def _condition(node: Any, template: dict[str, Any], samples: Mapping[str, str]) -> Any:
    """Evaluate a Conditions entry (Equals, Not, And, Or, Condition) for given parameters."""
    if not isinstance(node, Mapping):
        return node
    ((name, args),) = node.items()
    if name == "Ref":
        return _resolve(node, template, samples)
    if name == "Condition":
        return _condition(template["Conditions"][args], template, samples)
    values = [_condition(arg, template, samples) for arg in _as_list(args)]
    if name == "Fn::Equals":
        return str(values[0]) == str(values[1])
    if name == "Fn::Not":
        return not values[0]
    if name == "Fn::And":
        return all(values)
    if name == "Fn::Or":
        return any(values)
    raise AssertionError(f"unexpected condition function {name}")


def _resolve(value: Any, template: dict[str, Any], samples: Mapping[str, str]) -> str | None:
    """A deployed value for an environment variable: parameter defaults, physical-id samples
    (None: the variable is left out, `AWS::NoValue`)."""
    if isinstance(value, Mapping) and set(value) == {"Fn::If"}:
        name, yes, no = value["Fn::If"]
        chosen = _condition(template["Conditions"][name], template, samples)
        return _resolve(yes if chosen else no, template, samples)
    if isinstance(value, Mapping) and value == {"Ref": "AWS::NoValue"}:
        return None
    if isinstance(value, Mapping) and set(value) == {"Ref"}:
        name = value["Ref"]
        if name in samples:
            return samples[name]
        return str(template["Parameters"][name].get("Default", ""))
    assert isinstance(value, str | int), f"unexpected intrinsic in an environment variable: {value}"
    return str(value)


def _environment(template: dict[str, Any], samples: Mapping[str, str]) -> dict[str, str]:
    variables = template["Resources"]["ForwarderFunction"]["Properties"]["Environment"]["Variables"]
    env = {name: _resolve(value, template, samples) for name, value in variables.items()}
    env = {name: value for name, value in env.items() if value is not None}
    return env | {"AWS_REGION": "eu-west-1", "AWS_LAMBDA_FUNCTION_NAME": "logpipe-forwarder"}


SAMPLES = {
    "OpenSearchUrl": "https://search-logs-abc.eu-west-1.es.amazonaws.com",
    "DashboardsUrl": "https://search-logs-abc.eu-west-1.es.amazonaws.com/_dashboards",
    "DeadLetterBucket": "logpipe-deadletterbucket-1a2b3c",
    "ForwarderLogGroup": "/aws/lambda/logpipe-forwarder",
    "IssuesTable": "logpipe-IssuesTable-1A2B3C",
}


@pytest.mark.parametrize(
    ("parameters", "table"),
    [
        pytest.param({}, None, id="domain-auto"),
        pytest.param(
            {"IssueStore": "dynamodb"}, "logpipe-IssuesTable-1A2B3C", id="domain-dynamodb"
        ),
        pytest.param(
            {
                "OpenSearchService": "aoss",
                "OpenSearchUrl": "https://abc123.eu-west-1.aoss.amazonaws.com",
            },
            "logpipe-IssuesTable-1A2B3C",
            id="serverless-auto",
        ),
        pytest.param(
            {
                "OpenSearchService": "aoss",
                "OpenSearchUrl": "https://abc123.eu-west-1.aoss.amazonaws.com",
                "IssueStore": "opensearch",
            },
            None,
            id="serverless-opensearch",
        ),
    ],
)
def test_issue_store_follows_the_parameter_and_the_endpoint(
    template: dict[str, Any], parameters: dict[str, str], table: str | None
) -> None:
    """The table exists (and the function is told its name) exactly when the condition says so;
    on Serverless without it the forwarder keeps no issues, with it the issues are on."""
    samples = {**SAMPLES, **parameters}
    settings = config.load_settings(_environment(template, samples))
    assert settings.alerts.issues_table == table
    condition = template["Resources"]["IssuesTable"]["Condition"]
    assert _condition(template["Conditions"][condition], template, samples) is (table is not None)
    assert settings.alerts.issues_enabled is (table is not None or "aoss" not in str(parameters))


def test_issues_table_is_on_demand_keyed_by_fingerprint_with_ttl(template: dict[str, Any]) -> None:
    from lambda_forwarder.alerts.issues import dynamo

    table = template["Resources"]["IssuesTable"]
    properties = table["Properties"]
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["KeySchema"] == [{"AttributeName": "fingerprint", "KeyType": "HASH"}]
    assert properties["AttributeDefinitions"] == [
        {"AttributeName": "fingerprint", "AttributeType": "S"}
    ]
    assert properties["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert properties["SSESpecification"] == {"SSEEnabled": True}
    assert dynamo.ISSUE_TTL_DAYS > 0  # the store writes the attribute the TTL reads
    outputs = template["Outputs"]["IssuesTableName"]
    assert outputs["Condition"] == table["Condition"]


def test_issues_table_rights_are_exactly_the_store_calls_on_that_table(
    template: dict[str, Any],
) -> None:
    """Least privilege: the three calls DynamoIssueStore makes in the Lambda, on the table's
    ARN only, and only when the table exists; no dynamodb right anywhere else."""
    statements = list(_statements(template["Resources"]["ForwarderRole"]))
    dynamo = [
        s for s in statements if any(str(a).startswith("dynamodb:") for a in _as_list(s["Action"]))
    ]
    assert len(dynamo) == 1
    (statement,) = dynamo
    assert statement["Sid"] == "IssuesTable"
    assert sorted(_as_list(statement["Action"])) == [
        "dynamodb:BatchGetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
    ]
    assert statement["Resource"] == {"Fn::GetAtt": ["IssuesTable", "Arn"]}
    policy = template["Resources"]["ForwarderRole"]["Properties"]["Policies"][0]
    wrapped = [
        node["Fn::If"]
        for node in policy["PolicyDocument"]["Statement"]
        if isinstance(node, Mapping) and "Fn::If" in node
    ]
    assert any(c == "UseDynamoIssues" and s is statement for c, s, _ in wrapped)
    calls = _store_calls()
    assert {f"dynamodb:{c}" for c in calls if c != "Scan"} == set(_as_list(statement["Action"]))


def _store_calls() -> set[str]:
    """The DynamoDB API calls alerts/issues/dynamo.py makes, from its source."""
    source = (ROOT / "lambda_forwarder" / "alerts" / "issues" / "dynamo.py").read_text()
    names = set(re.findall(r'"(put_item|update_item|batch_get_item|scan|get_item|query)"', source))
    names |= set(re.findall(r"self\._client\.(\w+)\(", source))
    return {"".join(part.title() for part in name.split("_")) for name in names}


def test_app_mode_token_secret_is_readable_only_when_given(template: dict[str, Any]) -> None:
    statements = list(_statements(template["Resources"]["ForwarderRole"]))
    (token,) = [s for s in statements if s.get("Sid") == "SlackBotToken"]
    assert token["Action"] == "secretsmanager:GetSecretValue"
    assert token["Resource"] == {"Ref": "SlackBotTokenSecretArn"}
    samples = {
        **SAMPLES,
        "SlackBotTokenSecretArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:s-AbCdEf",
        "SlackChannel": "C0123ABCD",
    }
    settings = config.load_settings(_environment(template, samples))
    assert settings.alerts.app_mode and settings.alerts.enabled
    assert settings.alerts.channel == "C0123ABCD"


def test_settings_load_from_the_template_environment(template: dict[str, Any]) -> None:
    """The environment the template gives the function (defaults plus the required endpoint)
    is accepted by load_settings, with the dead-letter bucket and the own log group set."""
    samples = {
        "OpenSearchUrl": "https://search-logs-abc.eu-west-1.es.amazonaws.com",
        "DashboardsUrl": "https://search-logs-abc.eu-west-1.es.amazonaws.com/_dashboards",
        "DeadLetterBucket": "logpipe-deadletterbucket-1a2b3c",
        "ForwarderLogGroup": "/aws/lambda/logpipe-forwarder",
    }
    settings = config.load_settings(_environment(template, samples))
    assert settings.opensearch.auth == "sigv4"
    assert settings.opensearch.aws_service == "es"
    assert settings.dead_letter.bucket == samples["DeadLetterBucket"]
    assert settings.self_log_group == "/aws/lambda/logpipe-forwarder"
    assert settings.alerts.levels == frozenset({"error", "critical"})
    assert not settings.alerts.enabled  # no webhook secret given: alerts off, not an error


# --- the forwarder's own upkeep: scheduled re-drive, auto-subscribe ---------------------------


def _resources(template: dict[str, Any], kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, resource in template["Resources"].items():
        if isinstance(resource, Mapping) and resource.get("Type") == kind:
            yield name, resource


def test_rules_invoke_the_function_with_their_task(template: dict[str, Any]) -> None:
    """The re-drive and sweep rules pass the task the handler dispatches on; the
    CreateLogGroup rule matches CloudTrail's call exactly."""
    rules = dict(_resources(template, "AWS::Events::Rule"))
    assert rules["RedriveRule"]["Properties"]["Targets"][0]["Input"] == (
        '{"logpipe_task": "redrive"}'
    )
    assert rules["SubscriptionSweepRule"]["Properties"]["Targets"][0]["Input"] == (
        '{"logpipe_task": "subscription-sweep"}'
    )
    pattern = rules["CreateLogGroupRule"]["Properties"]["EventPattern"]
    assert pattern["source"] == ["aws.logs"]
    assert pattern["detail"] == {
        "eventSource": ["logs.amazonaws.com"],
        "eventName": ["CreateLogGroup"],
    }
    assert rules["CreateLogGroupRule"]["Condition"] == "AutoSubscribeDirect"


def test_each_rule_may_invoke_only_through_its_own_permission(template: dict[str, Any]) -> None:
    """events.amazonaws.com may invoke the function only from these rules (SourceArn)."""
    permissions = {
        name: resource["Properties"]
        for name, resource in _resources(template, "AWS::Lambda::Permission")
        if resource["Properties"]["Principal"] == "events.amazonaws.com"
    }
    sources = {props["SourceArn"]["Fn::GetAtt"][0] for props in permissions.values()}
    assert sources == {"RedriveRule", "CreateLogGroupRule", "SubscriptionSweepRule"}


def test_upkeep_permissions_are_scoped(template: dict[str, Any]) -> None:
    """Auto-subscribe: only the three logs actions, on log groups of this account and Region,
    and an explicit Deny on the own group; the re-drive: read/delete/list under dead-letters/."""
    by_sid = {s.get("Sid"): s for s in _statements(template["Resources"])}
    auto = by_sid["AutoSubscribe"]
    assert sorted(auto["Action"]) == [
        "logs:DescribeLogGroups",
        "logs:DescribeSubscriptionFilters",
        "logs:PutSubscriptionFilter",
    ]
    assert auto["Resource"]["Fn::Sub"].endswith(":${AWS::AccountId}:log-group:*")
    deny = by_sid["NeverSubscribeOwnGroup"]
    assert deny["Effect"] == "Deny" and deny["Resource"] == {
        "Fn::GetAtt": ["ForwarderLogGroup", "Arn"]
    }
    redrive = by_sid["RedriveDeadLetters"]
    assert sorted(redrive["Action"]) == ["s3:DeleteObject", "s3:GetObject"]
    assert redrive["Resource"] == {"Fn::Sub": "${DeadLetterBucket.Arn}/dead-letters/*"}
    listing = by_sid["ListDeadLetters"]
    assert listing["Condition"] == {"StringLike": {"s3:prefix": ["dead-letters/*"]}}
    actions = {a for s in _statements(template["Resources"]) for a in _as_list(s.get("Action"))}
    assert not {"lambda:AddPermission", "lambda:GetFunction"} & actions


def test_the_backlog_has_alarms(template: dict[str, Any]) -> None:
    alarms = {
        resource["Properties"]["MetricName"]: resource["Properties"]
        for _, resource in _resources(template, "AWS::CloudWatch::Alarm")
    }
    assert {"DeadLetterOldestAge", "DeadLetterExpired", "IndexSetupFailed"} <= set(alarms)
    assert alarms["DeadLetterOldestAge"]["Namespace"] == {"Ref": "MetricsNamespace"}
