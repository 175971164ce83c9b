"""Index names from the record time and service."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lambda_forwarder.index.naming import index_name, service_part

DEFAULT = "logs-%Y.%m.%d"


def _today() -> set[str]:
    # Two reads around the call: a test running over midnight still passes.
    return {datetime.now(UTC).strftime(DEFAULT)}


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("2026-11-25T10:07:06.123456Z", "logs-2026.11.25"),
        ("2026-11-25T23:59:59Z", "logs-2026.11.25"),
        ("2026-01-01T01:30:00+02:00", "logs-2025.12.31"),  # converted to UTC first
        ("2026-03-04T05:06:07", "logs-2026.03.04"),  # naive means UTC
        ("2026-03-04", "logs-2026.03.04"),
        (1_764_065_226_000, "logs-2025.11.25"),  # epoch milliseconds
        (1_764_065_226, "logs-2025.11.25"),  # epoch seconds
    ],
)
def test_record_time_picks_the_day(stamp: object, expected: str) -> None:
    assert index_name({"@timestamp": stamp}, DEFAULT) == expected


@pytest.mark.parametrize("stamp", [None, "yesterday", "2026-02-31T00:00:00Z", True, {"a": 1}])
def test_unusable_time_falls_back_to_now(stamp: object) -> None:
    """Missing, unparseable or impossible times still give today's index, never an error."""
    before = _today()
    name = index_name({"@timestamp": stamp} if stamp is not None else {}, DEFAULT)
    assert name in before | _today()


def test_service_placeholder_gets_a_safe_lowercase_name() -> None:
    source = {"@timestamp": "2026-11-25T10:07:06Z", "service.name": "Checkout API/v2"}
    assert index_name(source, "logs-{service}-%Y.%m.%d") == "logs-checkout-api-v2-2026.11.25"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("checkout", "checkout"),
        ("Payments_Service", "payments_service"),
        ("_leading-and-trailing_", "leading-and-trailing"),
        ('a*b?c"d<e>f|g,h#i:j k\\l', "a-b-c-d-e-f-g-h-i-j-k-l"),
        ("ünïcødé", "n-c-d"),
        ("", "unknown"),
        ("***", "unknown"),
        (None, "unknown"),
        (42, "unknown"),
    ],
)
def test_service_part_is_index_name_safe(name: object, expected: str) -> None:
    assert service_part(name) == expected


def test_long_service_name_is_capped() -> None:
    part = service_part("x" * 500)
    assert len(part) == 100
    assert len(index_name({"service.name": "x" * 500}, "logs-{service}-%Y.%m.%d")) < 255


def test_missing_service_is_unknown() -> None:
    source = {"@timestamp": "2026-11-25T10:07:06Z"}
    assert index_name(source, "logs-{service}-%Y.%m.%d") == "logs-unknown-2026.11.25"


def test_hourly_pattern_is_not_cached_per_day() -> None:
    """A pattern with the hour formats each time (the per-day cache would be wrong)."""
    pattern = "logs-%Y.%m.%d.%H"
    assert index_name({"@timestamp": "2026-11-25T01:00:00Z"}, pattern) == "logs-2026.11.25.01"
    assert index_name({"@timestamp": "2026-11-25T22:00:00Z"}, pattern) == "logs-2026.11.25.22"
