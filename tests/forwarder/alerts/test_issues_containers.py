"""Error issues across containers: separate processes, each its own forwarder, racing on the
real node, posting to one loopback Slack receiver."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from devtools.slack_receiver import SlackReceiver
from lambda_forwarder.alerts.issues import IssueStatus, OpenSearchIssueStore
from tests.support.containers import error_line, run_containers
from tests.support.pipeline import make_env

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SINCE = re.compile(r"(?:New issue|Ongoing|Regressed[^:]*): ([\d,]+) ")


@pytest.fixture
def env(opensearch_url: str, prefix: str, tmp_path: Path, receiver: SlackReceiver) -> dict:
    return make_env(
        opensearch_url,
        prefix,
        tmp_path / "dl",
        SLACK_WEBHOOK_URL=receiver.url,
        ALERT_ISSUES_INDEX=f"{prefix}-issues",
    )


def store(client: OpenSearch, prefix: str) -> OpenSearchIssueStore:
    return OpenSearchIssueStore(client, index=f"{prefix}-issues")


def headers(receiver: SlackReceiver) -> list[str]:
    return [m["blocks"][0]["text"]["text"] for m in receiver.messages]


def stated_since_last(message: dict) -> int:
    """The count a message states since the previous message of its issue."""
    found = SINCE.search(json.dumps(message, ensure_ascii=False))
    assert found, message
    return int(found.group(1).replace(",", ""))


def declined(n: int, **kwargs: str) -> str:
    return error_line(f"card declined for order {n} (user 'u{n}')", **kwargs)


def test_2000_identical_errors_over_10_invocations(
    env: dict, receiver: SlackReceiver, opensearch_client: OpenSearch, prefix: str
) -> None:
    """Nine containers race with 200 each; a tenth comes after the window: two messages, a New
    and an Ongoing, whose counts add up to all 2,000 occurrences."""
    batches = [[declined(i * 200 + n) for n in range(200)] for i in range(10)]
    reports = run_containers(env, batches[:9])
    assert sum(r["indexed"] for r in reports) == 1800
    late = run_containers(env, batches[9:], clock_offset=1801)  # past the 30-minute window
    assert late[0]["indexed"] == 200
    messages = receiver.messages
    assert receiver.rejected == []
    assert len(messages) <= 2
    assert [h.split(":")[0] for h in headers(receiver)] == ["New", "Ongoing"]
    assert sum(stated_since_last(m) for m in messages) == 2000
    (issue,) = store(opensearch_client, prefix).list()
    assert issue["count"] == 2000 and issue["alerted_count"] == 2000
    assert sum(r["alerts_posted"] for r in reports + late) == 2
    assert sum(r["alerts_store_fallbacks"] for r in reports + late) == 0


def test_8_concurrent_containers_one_new_error(
    env: dict, receiver: SlackReceiver, opensearch_client: OpenSearch, prefix: str
) -> None:
    """Eight containers see the same brand-new error at once: exactly one announces it."""
    batches = [[declined(c * 50 + n) for n in range(50)] for c in range(8)]
    reports = run_containers(env, batches)
    assert len(receiver.messages) == 1
    assert headers(receiver)[0].startswith("New")
    (issue,) = store(opensearch_client, prefix).list()
    assert issue["count"] == 400  # no container's occurrences lost in the race
    assert sum(r["alerts_posted"] for r in reports) == 1
    assert sum(r["alerts_suppressed"] for r in reports) == 399


def test_12_distinct_errors_12_messages(
    env: dict, receiver: SlackReceiver, opensearch_client: OpenSearch, prefix: str
) -> None:
    """Twelve different errors, each seen by four racing containers: one message each.
    (The per-invocation cap is raised to 20 here: one container may win all twelve.)"""
    env = {**env, "ALERT_MAX_MESSAGES": "20"}
    kinds = [f"payments.Failure{chr(65 + k)}" for k in range(12)]
    batch = [
        error_line(f"step {chr(65 + k)} broke", error_type=kind, function=f"step_{k}")
        for k, kind in enumerate(kinds)
        for _ in range(3)
    ]
    run_containers(env, [batch] * 4)
    assert len(receiver.messages) == 12
    assert all(h.startswith("New") for h in headers(receiver))
    issues = store(opensearch_client, prefix).list()
    assert len(issues) == 12 and {i["count"] for i in issues} == {12}


def test_resolved_issue_seen_again_regresses_once(
    env: dict, receiver: SlackReceiver, opensearch_client: OpenSearch, prefix: str
) -> None:
    run_containers(env, [[declined(1)]])
    issues = store(opensearch_client, prefix)
    (issue,) = issues.list()
    issues.set_status(issue["fingerprint"], IssueStatus.RESOLVED)
    assert issues.list() == []  # no open issue left
    run_containers(env, [[declined(10 + c)] for c in range(4)])
    assert [h.split(":")[0] for h in headers(receiver)] == ["New", "Regressed after being resolved"]
    (issue,) = issues.list()
    assert issue["status"] == "open" and issue["count"] == 5


def test_new_version_regresses_once(
    env: dict, receiver: SlackReceiver, opensearch_client: OpenSearch, prefix: str
) -> None:
    run_containers(env, [[declined(1, version="2.0.1")]])
    run_containers(env, [[declined(10 + c, version="2.0.2")] for c in range(4)])
    assert [h.split(":")[0] for h in headers(receiver)] == ["New", "Regressed in 2.0.2"]
    (issue,) = store(opensearch_client, prefix).list()
    assert issue["versions"] == ["2.0.1", "2.0.2"]
    message = receiver.messages[1]
    buttons = {
        b["action_id"]: b["url"]
        for block in message["blocks"]
        if block["type"] == "actions"
        for b in block["elements"]
    }
    assert {"view_full_log", "all_occurrences"} <= set(buttons)
