"""Grouping, cool-down and cap: who gets a message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from lambda_forwarder.alerts.cooldown import MemoryCooldownStore
from lambda_forwarder.alerts.noise import group_documents, plan_alerts, record_level, record_time
from lambda_forwarder.model import Document

LEVELS = frozenset({"error", "critical"})
T0 = 1_795_600_000.0


def test_levels_select_and_normalize(document_factory: Callable[..., Document]) -> None:
    docs = [
        document_factory("a", level="info"),
        document_factory("b", level="warning"),
        document_factory("c", level="ERROR"),
        document_factory("d", level="fatal", error_type="X"),
    ]
    groups = group_documents(docs, LEVELS)
    assert [g.first.source["message"] for g in groups] == ["d", "c"]  # critical first
    assert record_level({"log.level": "FATAL"}) == "critical"


def test_identical_errors_group_with_count(document_factory: Callable[..., Document]) -> None:
    """Same service, type and normalized message: one group, the first record, the max level."""
    base = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    docs = [
        document_factory(f"charge failed for order {n}", at=base + timedelta(seconds=n))
        for n in range(5)
    ]
    docs.append(document_factory("charge failed for order 99", level="critical", at=base))
    docs.append(document_factory("refund failed"))
    groups = group_documents(docs, LEVELS)
    assert [g.count for g in groups] == [6, 1]
    assert groups[0].level == "critical"
    assert groups[0].first.source["message"] == "charge failed for order 99"
    assert groups[0].first_at == base and groups[0].last_at == base + timedelta(seconds=4)


def test_record_time_falls_back_to_event_time(document_factory: Callable[..., Document]) -> None:
    doc = document_factory(at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    doc.source["@timestamp"] = "not a time"
    assert record_time(doc) == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_plan_cap_and_cooldown(document_factory: Callable[..., Document]) -> None:
    """Up to the cap individually, the rest summarized; cooled-down groups only counted."""
    store = MemoryCooldownStore()
    docs = [document_factory(f"error kind {chr(65 + n)}", error_type=f"E{n}") for n in range(15)]
    groups = group_documents(docs, LEVELS)
    plan = plan_alerts(groups, store, now=T0, cooldown=300, cap=10)
    assert len(plan.individual) == 10 and len(plan.summarized) == 5 and not plan.cooling
    assert plan.suppressed == 5
    again = plan_alerts(groups, store, now=T0 + 60, cooldown=300, cap=10)
    assert not again.individual and not again.summarized and len(again.cooling) == 15
    assert again.suppressed == 15
    later = plan_alerts(groups, store, now=T0 + 400, cooldown=300, cap=10)
    assert [p.suppressed_before for p in later.individual] == [1] * 10
