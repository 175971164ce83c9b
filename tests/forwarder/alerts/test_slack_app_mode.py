"""Slack app mode end to end: separate processes (each its own forwarder, its own slack_sdk
WebClient) racing on the real node, posting through the Web API of one loopback receiver."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from devtools.slack_receiver import ApiError, RateLimited, SlackReceiver
from lambda_forwarder.alerts.issues import OpenSearchIssueStore
from tests.support.containers import error_line, run_containers
from tests.support.pipeline import make_env

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHANNEL = "C0ALERTS1"
TOTAL = re.compile(r"([\d,]+) occurrences?, first seen")


@pytest.fixture
def env(opensearch_url: str, prefix: str, tmp_path: Path, receiver: SlackReceiver) -> dict:
    return make_env(
        opensearch_url,
        prefix,
        tmp_path / "dl",
        SLACK_BOT_TOKEN=receiver.token,
        SLACK_CHANNEL=CHANNEL,
        SLACK_API_URL=receiver.api_url,
        ALERT_ISSUES_INDEX=f"{prefix}-issues",
    )


def declined(n: int, **kwargs: str) -> str:
    return error_line(f"card declined for order {n} (user 'u{n}')", **kwargs)


def header(payload: dict) -> str:
    return payload["blocks"][0]["text"]["text"]


def stated_total(payload: dict) -> int:
    found = TOTAL.search(json.dumps(payload, ensure_ascii=False))
    assert found, payload
    return int(found.group(1).replace(",", ""))


def issues(client: OpenSearch, prefix: str) -> list[dict]:
    return OpenSearchIssueStore(client, index=f"{prefix}-issues").list()


def test_new_issue_one_post_later_ones_in_its_thread_parent_refreshed(
    env: dict, receiver: SlackReceiver, opensearch_client: OpenSearch, prefix: str
) -> None:
    """New -> one chat.postMessage (the channel's line for the issue, its thread stored);
    an Ongoing window later -> a reply in that thread and the parent edited to the true total;
    a new version -> a Regressed reply (broadcast) and the parent edited again."""
    reports = run_containers(env, [[declined(n) for n in range(30)]])
    assert reports[0]["alerts_posted"] == 1 and reports[0]["indexed"] == 30
    (parent,) = receiver.channel(CHANNEL)
    assert header(parent.payload).startswith("Issue: error in checkout")
    assert stated_total(parent.payload) == 30
    (issue,) = issues(opensearch_client, prefix)
    assert issue["thread"] == f"{CHANNEL}/{parent.ts}"

    run_containers(env, [[declined(100 + n) for n in range(20)]] * 3)  # inside the window: quiet
    assert len(receiver.calls("chat.postMessage")) == 1

    later = run_containers(env, [[declined(200 + n) for n in range(10)]], clock_offset=1801)
    assert later[0]["alerts_posted"] == 1
    (parent,) = receiver.channel(CHANNEL)  # still one line in the channel
    (reply,) = parent.replies
    assert header(reply.payload).startswith("Ongoing")
    assert "70 since" in json.dumps(reply.payload)  # the quiet 60 and these 10
    assert stated_total(parent.payload) == 100 and len(parent.edits) == 1
    assert not reply.broadcast

    run_containers(env, [[declined(300, version="2.0.2")]], clock_offset=1802)
    (parent,) = receiver.channel(CHANNEL)
    assert [header(r.payload).split(":")[0] for r in parent.replies] == [
        "Ongoing",
        "Regressed in 2.0.2",
    ]
    assert parent.replies[1].broadcast
    assert stated_total(parent.payload) == 101 and len(parent.edits) == 2
    (issue,) = issues(opensearch_client, prefix)
    assert issue["count"] == 101
    assert receiver.rejected == []
    assert all(r.payload.get("channel") == CHANNEL for r in receiver.calls("chat.update"))


def test_racing_containers_one_parent_message(
    env: dict, receiver: SlackReceiver, opensearch_client: OpenSearch, prefix: str
) -> None:
    """Eight containers see the same brand-new error at once: exactly one parent message,
    and the issue's thread is the one that was posted."""
    reports = run_containers(env, [[declined(c * 50 + n) for n in range(50)] for c in range(8)])
    assert sum(r["alerts_posted"] for r in reports) == 1
    assert sum(r["indexed"] for r in reports) == 400
    (parent,) = receiver.channel(CHANNEL)
    assert parent.replies == []
    assert len(receiver.calls("chat.postMessage")) == 1
    (issue,) = issues(opensearch_client, prefix)
    assert issue["count"] == 400 and issue["thread"] == f"{CHANNEL}/{parent.ts}"

    late = run_containers(env, [[declined(900 + c)] for c in range(4)], clock_offset=1801)
    assert sum(r["alerts_posted"] for r in late) == 1  # one Ongoing reply among four racers
    (parent,) = receiver.channel(CHANNEL)
    # the winner's write landed first: the parent states the count as of its claim; the
    # three that lost are counted in the issue and reported by its next message
    assert len(parent.replies) == 1 and stated_total(parent.payload) == 401
    (issue,) = issues(opensearch_client, prefix)
    assert issue["count"] == 404


def test_rate_limit_past_the_budget_fails_the_message_not_indexing(
    env: dict, receiver: SlackReceiver, opensearch_client: OpenSearch, prefix: str
) -> None:
    """429 with a Retry-After longer than the alert budget: no sleep past the budget, the
    message counts as failed, every record is indexed, and the claim is handed back so the
    next batch announces the issue as New."""
    env = {**env, "SLACK_BUDGET_SECONDS": "2"}
    receiver.respond(RateLimited(retry_after=30))
    started = time.monotonic()
    (report,) = run_containers(env, [[declined(n) for n in range(5)]])
    assert report["indexed"] == 5 and report["alerts_failed"] == 1
    assert report["alerts_posted"] == 0
    assert time.monotonic() - started < 25  # nobody slept the 30 s
    assert receiver.channel(CHANNEL) == []
    (issue,) = issues(opensearch_client, prefix)
    assert issue.get("last_alerted_at") is None  # handed back

    (report,) = run_containers(env, [[declined(10)]])
    assert report["alerts_posted"] == 1
    (parent,) = receiver.channel(CHANNEL)
    assert stated_total(parent.payload) == 6


def test_rate_limit_within_the_budget_is_retried_by_the_sdk(
    env: dict, receiver: SlackReceiver
) -> None:
    receiver.respond(RateLimited(retry_after=1))
    (report,) = run_containers(env, [[declined(1)]])
    assert report["alerts_posted"] == 1
    posts = receiver.calls("chat.postMessage")
    assert [p.status for p in posts] == [429, 200]
    assert posts[1].received_at - posts[0].received_at >= 1.0  # Retry-After was honoured


@pytest.mark.parametrize("error", ["channel_not_found", "not_in_channel", "invalid_auth"])
def test_ok_false_is_a_rejected_message_and_indexing_goes_on(
    env: dict, receiver: SlackReceiver, error: str
) -> None:
    receiver.respond(ApiError(error))
    (report,) = run_containers(env, [[declined(n) for n in range(3)]])
    assert report["indexed"] == 3
    assert report["alerts_failed"] == 1 and report["alerts_posted"] == 0
    (call,) = receiver.calls("chat.postMessage")
    assert call.answer == error


def test_real_refusals_from_the_receiver(
    opensearch_url: str, prefix: str, tmp_path: Path, opensearch_client: OpenSearch
) -> None:
    """Not scripted: a wrong token, and a channel the bot is not in, as the receiver judges."""
    with SlackReceiver(channels={"C0ALERTS1": ("alerts", False)}) as receiver:
        base = make_env(
            opensearch_url,
            prefix,
            tmp_path / "dl",
            SLACK_CHANNEL="#alerts",
            SLACK_API_URL=receiver.api_url,
            ALERT_ISSUES_INDEX=f"{prefix}-issues",
        )
        (report,) = run_containers({**base, "SLACK_BOT_TOKEN": "xoxb-wrong"}, [[declined(1)]])
        assert report["alerts_failed"] == 1 and report["indexed"] == 1
        (report,) = run_containers({**base, "SLACK_BOT_TOKEN": receiver.token}, [[declined(2)]])
        assert report["alerts_failed"] == 1 and report["indexed"] == 1
        assert [c.answer for c in receiver.calls("chat.postMessage")] == [
            "invalid_auth",
            "not_in_channel",
        ]
