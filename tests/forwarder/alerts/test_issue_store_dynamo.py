"""The DynamoDB issue store under moto: the table exactly as template.yaml declares it, the
same rules as the OpenSearch store, and its conditional writes (two writers, one wins)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from cfnlint.decode import decode
from moto import mock_aws

from devtools.slack_receiver import SlackReceiver
from lambda_forwarder.alerts import AlertDispatcher, build_dispatcher
from lambda_forwarder.alerts.issues import IssueStatus, IssueStoreError, IssueTracker
from lambda_forwarder.alerts.issues.dynamo import DynamoIssueStore
from lambda_forwarder.alerts.issues.rules import IssueRules, Sighting
from lambda_forwarder.alerts.notifier import IssueKind
from lambda_forwarder.cli.main import main
from lambda_forwarder.config import load_settings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.model import Document

TABLE = "logpipe-issues-test"
T0 = 1_795_600_000.0
TEMPLATE = Path(__file__).resolve().parents[3] / "template.yaml"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A moto account with the issues table created from the template's own definition."""
    for name, value in (
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_DEFAULT_REGION", "eu-west-1"),
    ):
        monkeypatch.setenv(name, value)
    template, _ = decode(str(TEMPLATE))
    properties = template["Resources"]["IssuesTable"]["Properties"]
    with mock_aws():
        client = boto3.client("dynamodb", region_name="eu-west-1")
        client.create_table(
            TableName=TABLE,
            BillingMode=properties["BillingMode"],
            KeySchema=properties["KeySchema"],
            AttributeDefinitions=properties["AttributeDefinitions"],
        )
        client.update_time_to_live(
            TableName=TABLE, TimeToLiveSpecification=properties["TimeToLiveSpecification"]
        )
        yield client


def store(client: Any, **rules: float) -> DynamoIssueStore:
    return DynamoIssueStore(TABLE, client=client, rules=IssueRules(**rules))


def sighting(count: int = 1, *, version: str = "2.0.1", fp: str = "fp-declined") -> Sighting:
    at = datetime.fromtimestamp(T0, UTC)
    return Sighting(
        fingerprint=fp,
        count=count,
        first_at=at,
        last_at=at,
        level="error",
        error_type="payments.CardDeclined",
        message="card declined for order 1",
        log_id="log-1",
        services=("checkout",),
        environments=("prod",),
        versions=(version,),
    )


def budget() -> Deadline:
    return Deadline.after(10)


def test_new_then_quiet_then_ongoing_with_true_counts(aws: Any) -> None:
    issues = store(aws)
    (new,) = issues.record([sighting(5)], T0, budget()).values()
    assert new is not None and new.kind is IssueKind.NEW and new.total == 5
    assert issues.record([sighting(7)], T0 + 60, budget()) == {"fp-declined": None}
    (ongoing,) = issues.record([sighting(3)], T0 + 1801, budget()).values()
    assert ongoing is not None and ongoing.kind is IssueKind.ONGOING
    assert (ongoing.total, ongoing.since_last) == (15, 10)
    (item,) = issues.list()
    assert item["count"] == 15 and item["alerted_count"] == 15
    assert item["versions"] == ["2.0.1"] and item["services"] == ["checkout"]
    assert item["expires_at"] > T0 + 80 * 86_400  # the table's TTL attribute


def test_first_sighting_two_writers_one_wins(aws: Any) -> None:
    """Both read "no such issue"; both put with attribute_not_exists: one put lands and
    announces; the other loses, reads again, and adds its count to the issue."""
    a, b = store(aws), store(aws)
    seen_by_a = a._read(["fp-declined"], budget())
    assert seen_by_a == {}
    assert b.record([sighting(4)], T0, budget())["fp-declined"].kind is IssueKind.NEW
    decided: dict = {}
    assert a._apply(sighting(6), seen_by_a.get("fp-declined"), T0, budget(), decided) is False
    assert decided == {}  # the loser announced nothing
    assert a.record([sighting(6)], T0, budget()) == {"fp-declined": None}
    (item,) = a.list()
    assert item["count"] == 10 and item["alerted_count"] == 4


def test_claim_two_writers_one_wins_on_the_version(aws: Any) -> None:
    """After the window both decide Ongoing on the same version: B's claim lands, A's stale
    claim fails its `version = :read` condition; A decides again: quiet. One message."""
    a, b = store(aws), store(aws)
    a.record([sighting(2)], T0, budget())
    stale = a._read(["fp-declined"], budget())["fp-declined"]
    claimed = b.record([sighting(3)], T0 + 1801, budget())["fp-declined"]
    assert claimed is not None and claimed.kind is IssueKind.ONGOING
    decided: dict = {}
    assert a._apply(sighting(4), stale, T0 + 1801, budget(), decided) is False
    assert a.record([sighting(4)], T0 + 1801, budget()) == {"fp-declined": None}
    (item,) = a.list()
    assert item["count"] == 9 and item["alerted_count"] == 5 and item["version"] == 2


def test_quiet_additions_racing_a_claim_are_not_lost(aws: Any) -> None:
    """A quiet ADD lands between a claimer's read and its write: the claim still lands (quiet
    writes do not move the version) and its counts, computed by DynamoDB, include the ADD."""
    a, b = store(aws), store(aws)
    a.record([sighting(1)], T0, budget())
    read = a._read(["fp-declined"], budget())["fp-declined"]
    assert b.record([sighting(50)], T0 + 60, budget()) == {"fp-declined": None}  # quiet ADD
    decided: dict = {}
    assert a._apply(sighting(2), read, T0 + 1801, budget(), decided) is True
    context = decided["fp-declined"]
    assert context.kind is IssueKind.ONGOING and (context.total, context.since_last) == (53, 52)
    (item,) = a.list()
    assert item["count"] == 53 and item["alerted_count"] == 53


def test_resolved_regresses_new_version_regresses_muted_stays_quiet(aws: Any) -> None:
    issues = store(aws)
    issues.record([sighting()], T0, budget())
    issues.set_status("fp-declined", IssueStatus.RESOLVED)
    assert issues.list() == []
    (again,) = issues.record([sighting()], T0 + 10, budget()).values()
    assert again.kind is IssueKind.REGRESSED and again.reason == "after being resolved"
    (newer,) = issues.record([sighting(version="2.0.2")], T0 + 20, budget()).values()
    assert newer.kind is IssueKind.REGRESSED and newer.reason == "in 2.0.2"
    issues.set_status("fp-declined", IssueStatus.MUTED)
    assert issues.record([sighting(version="2.0.3")], T0 + 9999, budget()) == {"fp-declined": None}
    (item,) = issues.list(status="muted")
    assert item["count"] == 4 and item["versions"] == ["2.0.1", "2.0.2", "2.0.3"]
    with pytest.raises(IssueStoreError, match="no issue"):
        issues.set_status("fp-nope", IssueStatus.RESOLVED)


def test_resolve_bumps_the_version_so_a_stale_quiet_decision_cannot_claim(aws: Any) -> None:
    a = store(aws)
    a.record([sighting()], T0, budget())
    stale = a._read(["fp-declined"], budget())["fp-declined"]
    a.set_status("fp-declined", IssueStatus.RESOLVED)
    decided: dict = {}
    assert a._apply(sighting(), stale, T0 + 1801, budget(), decided) is False  # stale Ongoing
    (context,) = a.record([sighting()], T0 + 1801, budget()).values()
    assert context.kind is IssueKind.REGRESSED


def test_release_hands_the_claim_back_unless_claimed_again(aws: Any) -> None:
    issues = store(aws)
    issues.record([sighting(3)], T0, budget())
    issues.release("fp-declined", issues.last_claims["fp-declined"], budget())
    (again,) = issues.record([sighting(1)], T0 + 5, budget()).values()
    assert again.kind is IssueKind.NEW and again.since_last == 4  # nothing lost
    old_claim = {"mine": "2020-01-01T00:00:00.000Z", "previous": None, "previous_count": 0}
    issues.release("fp-declined", old_claim, budget())  # someone claimed since: no-op
    (item,) = issues.list()
    assert item["alerted_count"] == 4 and item.get("last_alerted_at")


def test_thread_is_kept_and_never_overwritten_by_a_claim(aws: Any) -> None:
    issues = store(aws)
    issues.record([sighting()], T0, budget())
    issues.set_thread("fp-declined", "C0ALERTS1/1700000001.000002", budget())
    (ongoing,) = issues.record([sighting()], T0 + 1801, budget()).values()
    assert ongoing.thread == "C0ALERTS1/1700000001.000002"
    (item,) = issues.list()
    assert item["thread"] == "C0ALERTS1/1700000001.000002"


def test_missing_table_is_a_store_error_and_the_dispatcher_falls_back(
    aws: Any, document_factory: Callable[..., Document], tmp_path: Path
) -> None:
    with pytest.raises(IssueStoreError, match="ResourceNotFound"):
        DynamoIssueStore("no-such-table", client=aws).record([sighting()], T0, budget())
    with SlackReceiver() as receiver:
        one = _dispatcher(receiver.url, tmp_path, table="no-such-table")
        outcome = one.dispatch([document_factory("charge failed")], Deadline.after(10))
        assert outcome.posted == 1 and outcome.store_fallbacks == 1  # per-container decides


def _dispatcher(url: str, tmp_path: Path, table: str = TABLE) -> AlertDispatcher:
    settings = load_settings(
        {
            "OPENSEARCH_URL": "https://abc123.eu-west-1.aoss.amazonaws.com",
            "DEAD_LETTER_DIR": str(tmp_path),
            "SLACK_WEBHOOK_URL": url,
            "ALERT_ISSUES_TABLE": table,
            "AWS_REGION": "eu-west-1",
        }
    )
    assert settings.opensearch.is_serverless and settings.alerts.issues_enabled
    dispatcher = build_dispatcher(settings)
    assert dispatcher is not None and isinstance(dispatcher.tracker, IssueTracker)
    return dispatcher


def test_two_containers_on_serverless_one_message_then_one_ongoing(
    aws: Any, document_factory: Callable[..., Document], tmp_path: Path
) -> None:
    """Two dispatchers (containers) built from settings on a Serverless endpoint with the
    table: the issue is announced once, its repeats are counted, not posted."""
    with SlackReceiver() as receiver:
        a, b = _dispatcher(receiver.url, tmp_path), _dispatcher(receiver.url, tmp_path)
        assert isinstance(a.tracker.store, DynamoIssueStore)
        first = a.dispatch([document_factory(f"charge failed {n}") for n in range(3)], budget())
        second = b.dispatch([document_factory("charge failed 9")] * 2, budget())
        assert (first.posted, second.posted) == (1, 0)
        assert second.suppressed == 2 and second.store_fallbacks == 0
        assert len(receiver.messages) == 1
        header = receiver.messages[0]["blocks"][0]["text"]["text"]
        assert header.startswith("New")
        (item,) = a.tracker.store.list()
        assert item["count"] == 5


def test_forwarder_issues_on_the_table(
    aws: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store(aws).record([sighting(12)], T0, budget())
    monkeypatch.setenv("OPENSEARCH_URL", "https://abc123.eu-west-1.aoss.amazonaws.com")
    monkeypatch.setenv("ALERT_ISSUES_TABLE", TABLE)
    assert main(["issues"]) == 0
    listed = capsys.readouterr().out
    assert "fp-declined" in listed and "12" in listed and "2.0.1" in listed
    assert main(["issues", "resolve", "fp-declined"]) == 0
    assert main(["issues"]) == 0
    assert "no open issues in dynamodb:" in capsys.readouterr().out
    assert main(["issues", "mute", "fp-nope"]) == 2
