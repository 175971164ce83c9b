"""The alert stage end to end against the loopback receiver: storms, caps, hangs, 429s."""

from __future__ import annotations

import json
import logging
import re
import statistics
import time
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from moto import mock_aws
from msgspec.structs import replace

from devtools.slack_receiver import Hang, Ok, RateLimited, SlackReceiver
from lambda_forwarder.alerts import AlertDispatcher, AlertOutcome, build_dispatcher
from lambda_forwarder.alerts.links import LinkBuilder
from lambda_forwarder.alerts.slack import (
    MAIN,
    SlackNotifier,
    WebhookDestination,
    build_slack_notifier,
)
from lambda_forwarder.alerts.slack.secrets import WebhookUrlSource
from lambda_forwarder.alerts.slack.webhook import WebhookClient
from lambda_forwarder.config import AlertSettings, DashboardsSettings, load_settings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.model import Document
from tests.support.discover import parse_discover_url

COUNT = re.compile("\u00d7([\\d,]+) in this batch")
SUPPRESSED = re.compile(r"\(([\d,]+) more suppressed since last alert\)")


def make_dispatcher(
    url: str,
    clock: Callable[[], float] = time.time,
    *,
    critical_url: str | None = None,
    **alerts: Any,
) -> AlertDispatcher:
    settings = AlertSettings(webhook_url=url, critical_webhook_url=critical_url, **alerts)
    links = LinkBuilder(DashboardsSettings(url="http://127.0.0.1:5601"), "eu-west-1")
    return AlertDispatcher(settings, links, build_slack_notifier(settings), clock=clock)


def counts(message: dict) -> tuple[int, int]:
    """(records in this batch, suppressed since last alert) as the message states them."""
    text = json.dumps(message, ensure_ascii=False)
    batch = COUNT.search(text)
    before = SUPPRESSED.search(text)
    as_int = lambda m: int(m.group(1).replace(",", "")) if m else 0  # noqa: E731
    return (as_int(batch) if batch else 1), as_int(before)


def alerting_count(documents: list[Document]) -> int:
    return sum(d.source["log.level"] in ("error", "critical") for d in documents)


def test_selects_levels_and_posts_one_message(
    receiver: SlackReceiver, document_factory: Callable[..., Document]
) -> None:
    docs = [
        document_factory("fine", level="info"),
        document_factory("hmm", level="warning"),
        document_factory("charge failed", level="error"),
    ]
    outcome = make_dispatcher(receiver.url).dispatch(docs, Deadline.after(10))
    assert outcome == AlertOutcome(posted=1, suppressed=0, failed=0)
    assert len(receiver.messages) == 1 and receiver.rejected == []
    message = receiver.messages[0]
    assert message["text"].startswith("Error in payments")
    view = next(
        b["url"]
        for block in message["blocks"]
        if block["type"] == "actions"
        for b in block["elements"]
        if b["action_id"] == "view_full_log"
    )
    link = parse_discover_url(view)
    assert link.filters[0]["query"]["match_phrase"]["log_id"] == docs[2].source["log_id"]


def test_nothing_to_alert_posts_nothing(
    receiver: SlackReceiver, document_factory: Callable[..., Document]
) -> None:
    outcome = make_dispatcher(receiver.url).dispatch(
        [document_factory(level="info")], Deadline.after(5)
    )
    assert outcome == AlertOutcome() and receiver.requests == []


def test_storm_10000_identical_errors_over_20_invocations(
    receiver: SlackReceiver, document_factory: Callable[..., Document], clock: Any
) -> None:
    """20 invocations a minute apart, 500 identical errors each, 5-minute cool-down: a handful
    of messages whose stated counts, plus what still waits, add up to exactly 10,000."""
    dispatcher = make_dispatcher(receiver.url, clock, cooldown_seconds=300)
    outcomes = []
    for invocation in range(20):
        batch = [
            document_factory(f"charge failed for order {invocation * 500 + n}") for n in range(500)
        ]
        outcome = dispatcher.dispatch(batch, Deadline.after(10))
        assert outcome.posted + outcome.failed + outcome.suppressed == 500  # no summary here
        outcomes.append(outcome)
        clock.advance(60)
    messages = receiver.messages
    assert receiver.rejected == []
    assert len(messages) == 4  # t = 0, 5, 10, 15 minutes
    stated = [counts(m) for m in messages]
    assert stated[0] == (500, 0)
    assert all(s == (500, 2000) for s in stated[1:])
    fingerprint = dispatcher.store._entries  # type: ignore[attr-defined]
    pending = sum(int(entry[1]) for entry in fingerprint.values())
    assert pending == 2000  # the last four invocations, for the next alert to report
    assert sum(a + b for a, b in stated) + pending == 10_000
    assert sum(o.posted for o in outcomes) == 4
    assert sum(o.suppressed for o in outcomes) == 10_000 - 4
    assert sum(o.failed for o in outcomes) == 0
    print(f"\nstorm: 10,000 identical errors in 20 invocations -> {len(messages)} messages")


def test_storm_without_time_passing_is_one_message(
    receiver: SlackReceiver, document_factory: Callable[..., Document]
) -> None:
    dispatcher = make_dispatcher(receiver.url)
    for _ in range(20):
        dispatcher.dispatch(
            [document_factory(f"charge failed {n}") for n in range(500)], Deadline.after(10)
        )
    assert len(receiver.messages) == 1 and counts(receiver.messages[0]) == (500, 0)


def distinct_errors(document_factory: Callable[..., Document], n: int) -> list[Document]:
    return [
        document_factory(f"failure mode {n} happened", service=f"svc-{n % 7}", error_type=f"Err{n}")
        for n in range(n)
    ]


def test_50_distinct_errors_with_default_cap(
    receiver: SlackReceiver, document_factory: Callable[..., Document]
) -> None:
    """Cap 10: ten messages, then one summary that lists the other forty. Every error is seen."""
    docs = distinct_errors(document_factory, 50)
    outcome = make_dispatcher(receiver.url, max_messages_per_invocation=10).dispatch(
        docs, Deadline.after(20)
    )
    assert outcome == AlertOutcome(posted=11, suppressed=40, failed=0)
    messages = receiver.messages
    assert len(messages) == 11 and receiver.rejected == []
    individual, summary = messages[:10], messages[10]
    assert summary["blocks"][0]["text"]["text"] == "40 more distinct errors (40 records)"
    summary_text = json.dumps(summary)
    for n in range(50):
        in_individual = sum(f"`Err{n}`" in json.dumps(m) for m in individual)
        in_summary = f"* Err{n}:" in summary_text
        assert in_individual + in_summary == 1, n
    link = parse_discover_url(summary["blocks"][-1]["elements"][0]["url"])
    assert link.filters[0]["meta"]["params"] == ["critical", "error"]


def test_50_distinct_errors_with_cap_raised(
    receiver: SlackReceiver, document_factory: Callable[..., Document]
) -> None:
    docs = distinct_errors(document_factory, 50)
    outcome = make_dispatcher(receiver.url, max_messages_per_invocation=50).dispatch(
        docs, Deadline.after(30)
    )
    assert outcome == AlertOutcome(posted=50, suppressed=0, failed=0)
    types = {m["text"] for m in receiver.messages}
    assert len(receiver.messages) == 50 and len(types) == 50


def test_hanging_webhook_stays_within_budget(
    receiver: SlackReceiver, document_factory: Callable[..., Document], clock: Any
) -> None:
    """A webhook that never answers: dispatch returns within the budget, posts are not repeated,
    and what was surely not sent is reported by the next alert."""
    receiver.set_default(Hang(30))
    dispatcher = make_dispatcher(receiver.url, clock, budget_seconds=2.0, http_timeout_seconds=3.0)
    docs = distinct_errors(document_factory, 5)
    started = time.monotonic()
    outcome = dispatcher.dispatch(docs, Deadline.after(60))
    elapsed = time.monotonic() - started
    assert elapsed < 5 * 2.0
    assert outcome == AlertOutcome(posted=0, suppressed=0, failed=5)
    assert len(receiver.requests) == 1  # the first post hung; nothing was resent
    receiver.set_default(Ok())
    clock.advance(10)
    again = dispatcher.dispatch(docs, Deadline.after(10))
    # the hung one may have been posted: its cool-down holds; the four surely unsent go out now
    assert again.posted == 4 and again.suppressed == 1
    assert [counts(m) for m in receiver.messages[1:]] == [(1, 1)] * 4


def test_hanging_webhook_bounded_by_invocation_deadline(
    receiver: SlackReceiver, document_factory: Callable[..., Document]
) -> None:
    receiver.set_default(Hang(30))
    dispatcher = make_dispatcher(receiver.url, budget_seconds=30.0, http_timeout_seconds=10.0)
    started = time.monotonic()
    outcome = dispatcher.dispatch(distinct_errors(document_factory, 3), Deadline.after(1.0))
    assert time.monotonic() - started < 5 * 1.0
    assert outcome.failed == 3 and outcome.posted == 0


def test_429_in_dispatch_is_honoured_without_duplicates(
    receiver: SlackReceiver, document_factory: Callable[..., Document]
) -> None:
    receiver.respond(RateLimited(retry_after=0.5))
    outcome = make_dispatcher(receiver.url).dispatch(
        distinct_errors(document_factory, 3), Deadline.after(10)
    )
    assert outcome == AlertOutcome(posted=3, suppressed=0, failed=0)
    texts = [m["text"] for m in receiver.messages]
    assert len(texts) == 3 and len(set(texts)) == 3
    assert len(receiver.requests) == 4


def test_critical_goes_to_its_webhook_with_mention(
    receiver: SlackReceiver, document_factory: Callable[..., Document]
) -> None:
    with SlackReceiver() as critical:
        dispatcher = make_dispatcher(
            receiver.url, critical_url=critical.url, critical_mention="S0ONCALL1"
        )
        outcome = dispatcher.dispatch(
            [
                document_factory("db down", level="critical", error_type="DbDown"),
                document_factory(),
            ],
            Deadline.after(10),
        )
        assert outcome.posted == 2
        assert len(critical.messages) == 1 and len(receiver.messages) == 1
        assert "<!subteam^S0ONCALL1>" in json.dumps(critical.messages[0])
        assert "subteam" not in json.dumps(receiver.messages[0])


def test_outcome_invariant(
    receiver: SlackReceiver, document_factory: Callable[..., Document]
) -> None:
    """alerting records == individual messages attempted + suppressed, whatever the mix."""
    docs = distinct_errors(document_factory, 14) + [document_factory("same 1")] * 30
    docs += [document_factory("noise", level="info")] * 5
    outcome = make_dispatcher(receiver.url, max_messages_per_invocation=10).dispatch(
        docs, Deadline.after(20)
    )
    summary = 1
    assert alerting_count(docs) == outcome.posted + outcome.failed - summary + outcome.suppressed


def test_never_raises_and_never_logs_the_url(
    document_factory: Callable[..., Document], caplog: pytest.LogCaptureFixture
) -> None:
    """Secret unreadable, store broken: counted as failed, logged without the URL, no raise."""
    caplog.set_level(logging.DEBUG)
    with mock_aws():
        session = boto3.Session(region_name="eu-west-1")
        source = WebhookUrlSource(
            url=None,
            secret_arn="arn:aws:secretsmanager:eu-west-1:123456789012:secret:missing",
            session=session,
        )
        settings = AlertSettings(webhook_secret_arn="arn:x")
        links = LinkBuilder(DashboardsSettings(), "eu-west-1")
        notifier = SlackNotifier({MAIN: WebhookDestination(source, WebhookClient)})
        outcome = AlertDispatcher(settings, links, notifier).dispatch(
            distinct_errors(document_factory, 2), Deadline.after(5)
        )
    assert outcome == AlertOutcome(posted=0, suppressed=0, failed=2)

    class BrokenStore:
        def acquire(self, *args: Any) -> Any:
            raise RuntimeError("bug")

    url = "http://127.0.0.1:9/services/T/B/s3cretpart"
    settings = AlertSettings(webhook_url=url)
    dispatcher = AlertDispatcher(
        settings,
        LinkBuilder(DashboardsSettings(), "eu-west-1"),
        build_slack_notifier(settings),
        store=BrokenStore(),  # type: ignore[arg-type]
    )
    assert dispatcher.dispatch([document_factory()], Deadline.after(5)).failed == 1
    unreachable = make_dispatcher(url)  # nothing listens on port 9
    assert unreachable.dispatch([document_factory()], Deadline.after(5)).failed == 1
    assert "s3cretpart" not in caplog.text


def test_build_dispatcher_from_settings(receiver: SlackReceiver) -> None:
    base = {"OPENSEARCH_URL": "http://127.0.0.1:9200", "DEAD_LETTER_DIR": "/tmp/dl"}
    assert build_dispatcher(load_settings(base)) is None
    settings = load_settings({**base, "SLACK_WEBHOOK_URL": receiver.url})
    assert isinstance(build_dispatcher(settings), AlertDispatcher)


def test_build_dispatcher_with_secret(
    receiver: SlackReceiver, document_factory: Callable[..., Document]
) -> None:
    """Deployed shape: URL from Secrets Manager (moto); no issue store reachable here, so the
    per-container cool-down decides and the fallback is counted."""
    with mock_aws():
        session = boto3.Session(region_name="eu-west-1")
        arn = session.client("secretsmanager").create_secret(
            Name="slack", SecretString=json.dumps({"url": receiver.url})
        )["ARN"]
        settings = load_settings(
            {
                "OPENSEARCH_URL": "http://127.0.0.1:9",  # nothing listens: the store is down
                "DEAD_LETTER_DIR": "/tmp/dl",
                "SLACK_WEBHOOK_SECRET_ARN": arn,
            }
        )
        one = build_dispatcher(settings, session=session)
        assert one is not None and one.tracker is not None
        doc = document_factory()
        outcome = one.dispatch([doc], Deadline.after(10))
        assert outcome == AlertOutcome(posted=1, suppressed=0, failed=0, store_fallbacks=1)
        assert one.dispatch([doc], Deadline.after(10)) == AlertOutcome(0, 1, 0, 1)
    assert len(receiver.messages) == 1


def test_latency_record_to_slack(
    receiver: SlackReceiver, document_factory: Callable[..., Document]
) -> None:
    """Measured, not asserted tightly: building an error record to the POST landing locally."""
    dispatcher = make_dispatcher(receiver.url, cooldown_seconds=0)
    samples = []
    for n in range(30):
        started = time.perf_counter()
        doc = document_factory(f"latency probe {n}", error_type=f"Probe{n}")
        outcome = dispatcher.dispatch([doc], Deadline.after(10))
        assert outcome.posted == 1
        samples.append(receiver.requests[-1].received_at - started)
    samples.sort()
    median, p95 = statistics.median(samples), samples[int(len(samples) * 0.95) - 1]
    print(
        f"\nrecord -> Slack POST received: median {median * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms"
    )
    assert median < 5.0  # sanity only: seconds, not milliseconds, would be a bug


def test_settings_replace_is_frozen() -> None:
    """AlertSettings stays a frozen value; tests derive variants with msgspec.structs.replace."""
    settings = AlertSettings()
    assert replace(settings, cooldown_seconds=1).cooldown_seconds == 1
