"""The issue rules, as pure functions: New, Regressed (resolved, version, quiet), Ongoing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from lambda_forwarder.alerts.issues.rules import IssueRules, Sighting, decide, new_issue
from lambda_forwarder.alerts.notifier import IssueKind

T0 = datetime(2026, 11, 25, 9, 12, tzinfo=UTC)
RULES = IssueRules(window_seconds=1800, quiet_seconds=86_400)


def sighting(count: int = 5, at: datetime = T0, version: str = "2.0.1") -> Sighting:
    return Sighting(
        fingerprint="fp",
        count=count,
        first_at=at,
        last_at=at,
        level="error",
        error_type="KeyError",
        message="boom",
        log_id="log-1",
        services=("checkout",),
        environments=("prod",),
        versions=(version,),
    )


def created() -> dict:
    doc, context = new_issue(sighting(), T0.timestamp())
    assert context.kind is IssueKind.NEW and context.since_last == 5
    return doc


def test_within_the_window_counts_quietly() -> None:
    doc, context = decide(
        created(), sighting(7, T0 + timedelta(minutes=5)), T0.timestamp() + 300, RULES
    )
    assert context is None
    assert doc["count"] == 12 and doc["alerted_count"] == 5


def test_after_the_window_ongoing_with_the_true_counts() -> None:
    quiet, _ = decide(created(), sighting(7), T0.timestamp() + 60, RULES)
    doc, context = decide(quiet, sighting(3), T0.timestamp() + 1801, RULES)
    assert context is not None and context.kind is IssueKind.ONGOING
    assert (context.since_last, context.total) == (10, 15)
    assert context.last_alerted == T0
    assert doc["alerted_count"] == 15


def test_new_version_regresses() -> None:
    doc, context = decide(created(), sighting(1, version="2.0.2"), T0.timestamp() + 60, RULES)
    assert context is not None and context.kind is IssueKind.REGRESSED
    assert context.reason == "in 2.0.2" and doc["versions"] == ["2.0.1", "2.0.2"]


def test_unknown_versions_never_regress() -> None:
    _, context = decide(
        created(), sighting(1, version="AMBIVALENT_APP_VERSION"), T0.timestamp() + 60, RULES
    )
    assert context is None


def test_resolved_regresses_and_reopens() -> None:
    doc = created() | {"status": "resolved"}
    doc, context = decide(doc, sighting(1), T0.timestamp() + 60, RULES)
    assert context is not None and context.reason == "after being resolved"
    assert doc["status"] == "open"


def test_quiet_period_regresses() -> None:
    later = T0 + timedelta(days=3)
    _, context = decide(created(), sighting(1, later), later.timestamp(), RULES)
    assert context is not None and context.reason == "after 3 days quiet"


def test_muted_counts_but_never_speaks() -> None:
    doc = created() | {"status": "muted"}
    doc, context = decide(doc, sighting(1, version="9.9"), T0.timestamp() + 99_999, RULES)
    assert context is None and doc["count"] == 6 and doc["status"] == "muted"


def test_an_announcement_that_never_got_out_is_new_again() -> None:
    doc = created() | {"last_alerted_at": None, "alerted_count": 0}
    _, context = decide(doc, sighting(2), T0.timestamp() + 10, RULES)
    assert context is not None and context.kind is IssueKind.NEW
    assert context.since_last == 7
