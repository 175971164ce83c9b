"""Slack faults: 429 storms, 500s, hangs and connection resets from the loopback receiver.

Indexing is never affected (every record indexed, none dead-lettered) and the invocation stays
bounded by the alert budget (SLACK_BUDGET_SECONDS): a generous bound, not a timing.
"""

from __future__ import annotations

import json
import time

import pytest

from devtools.slack_receiver import (
    Action,
    Hang,
    RateLimited,
    Reset,
    ServerError,
    SlackReceiver,
)
from lambda_forwarder.decode import subscription_event
from tests.faults.accounting import Scenario, event_ids
from tests.support.pipeline import batch_of, invoke

pytestmark = [pytest.mark.faults, pytest.mark.integration]

BUDGET_SECONDS = 2.0
TIMEOUT_SECONDS = 1.0
# Indexing 200 small records takes well under a second here; the rest is the alert budget.
# A client that waited out each fault would take 11 messages x 30-60 s.
BOUND_SECONDS = 5 * BUDGET_SECONDS + 10


def error_lines() -> list[str]:
    """180 info lines and 20 distinct errors (20 fingerprints: 10 messages + a summary)."""
    info = [json.dumps({"level": "info", "message": f"fine {n}"}) for n in range(180)]
    errors = [
        json.dumps(
            {
                "level": "error",
                "message": f"payment failed ({chr(65 + n)})",
                "error.type": f"checkout.Failure{chr(65 + n) * 3}",
            }
        )
        for n in range(20)
    ]
    return info + errors


@pytest.mark.parametrize(
    ("name", "fault"),
    [
        ("429 storm (Retry-After 1)", RateLimited(retry_after=1.0)),
        ("500 on every post", ServerError()),
        ("hang (answer after 60 s)", Hang(seconds=60.0)),
        ("connection reset", Reset()),
    ],
)
def test_slack_fault_never_hurts_indexing(
    name: str, fault: Action, scenario: Scenario, receiver: SlackReceiver
) -> None:
    receiver.set_default(fault)
    pipeline = scenario.pipeline(
        SLACK_WEBHOOK_URL=receiver.url,
        SLACK_BUDGET_SECONDS=str(BUDGET_SECONDS),
        SLACK_TIMEOUT_SECONDS=str(TIMEOUT_SECONDS),
    )
    batch = batch_of(error_lines())
    started = time.monotonic()
    counts = invoke(pipeline, subscription_event(batch))
    elapsed = time.monotonic() - started
    assert counts["indexed"] == counts["received"] == 200 and counts["dead_lettered"] == 0
    assert counts["alerts_posted"] == 0 and counts["alerts_failed"] >= 1, counts
    assert len(receiver.requests) >= 1, "the fault was never exercised"
    assert receiver.accepted == [] or isinstance(fault, Hang), receiver.accepted
    assert elapsed < BOUND_SECONDS, f"{name}: {elapsed:.1f}s"
    accounting = scenario.account(event_ids([batch]))
    assert accounting.indexed == accounting.sent and accounting.documents == 200
    scenario.report.check(
        "slack",
        f"{name}: {len(receiver.requests)} webhook requests, {counts['alerts_failed']} alerts "
        f"failed, {counts['indexed']}/{counts['received']} records indexed, 0 dead-lettered; "
        f"invocation {elapsed:.1f} s (bound {BOUND_SECONDS:.0f} s from SLACK_BUDGET_SECONDS="
        f"{BUDGET_SECONDS:g})",
    )
