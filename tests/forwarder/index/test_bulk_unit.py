"""BulkIndexer without a cluster: backoff, deadline and failure reporting.

The client is real; it talks to a closed loopback port, so every request fails with a real
connection error (retryable) and the retry loop runs on an injected clock and sleep.
"""

from __future__ import annotations

import pytest

from lambda_forwarder.deadline import Deadline
from lambda_forwarder.index.bulk import (
    DEADLINE_REASON,
    MIN_REQUEST_SECONDS,
    NO_STATUS,
    BulkIndexer,
    backoff,
    describe_error,
)
from lambda_forwarder.index.client import build_client
from tests.forwarder.index.support import (
    FakeClock,
    closed_port_url,
    document,
    index_settings,
    os_settings,
)


def _no_degrade(source: dict, reason: str) -> dict:
    raise AssertionError("no mapping error can happen without a cluster")


@pytest.fixture
def unreachable():
    client = build_client(os_settings(closed_port_url(), timeout=2))
    yield client
    client.close()


def test_backoff_is_exponential_and_capped() -> None:
    top = [backoff(n, 0.2, 5.0, lambda ceiling: ceiling) for n in range(7)]
    assert top == [0.2, 0.4, 0.8, 1.6, 3.2, 5.0, 5.0]


def test_default_jitter_is_full_jitter() -> None:
    """The default picks anywhere in [0, ceiling]: spread out, never above the ceiling."""
    from lambda_forwarder.index import bulk

    delays = [backoff(3, 0.2, 5.0, bulk._full_jitter) for _ in range(200)]
    assert all(0.0 <= d <= 1.6 for d in delays)
    assert min(delays) < 0.4 and max(delays) > 1.2


def test_unreachable_node_gives_failures_not_exceptions(unreachable) -> None:
    """Every document comes back as a failure with the connection reason, after max_retries."""
    clock = FakeClock()
    settings = index_settings(max_retries=3, retry_base_seconds=0.5, retry_max_seconds=2)
    indexer = BulkIndexer(
        unreachable, settings, sleep=clock.sleep, jitter=lambda c: c, degrade=_no_degrade
    )
    docs = [document("logs-x", n) for n in range(5)]
    result = indexer.index(docs, Deadline.after(600, clock=clock))

    assert result.indexed == []
    assert [f.document for f in result.failures] == docs
    assert {f.status for f in result.failures} == {NO_STATUS}
    assert all("ConnectionError" in f.reason for f in result.failures)
    assert clock.sleeps == [0.5, 1.0, 2.0]  # three retries, backoff doubling to the cap
    assert result.retries == 3 * len(docs)


def test_backoff_never_sleeps_past_the_deadline(unreachable) -> None:
    """With a 20 s budget and 1-2-4-8-16 s backoff, it stops before the wait that would overrun,
    and returns the rest as deadline failures in time to dead-letter them."""
    clock = FakeClock()
    settings = index_settings(max_retries=50, retry_base_seconds=1, retry_max_seconds=16)
    indexer = BulkIndexer(
        unreachable, settings, sleep=clock.sleep, jitter=lambda c: c, degrade=_no_degrade
    )
    deadline = Deadline.after(20, clock=clock)
    docs = [document("logs-x", n) for n in range(3)]
    result = indexer.index(docs, deadline)

    assert clock.sleeps == [1, 2, 4, 8]  # 15 s; the next 16 s would end past the deadline
    assert clock.now <= deadline.at - MIN_REQUEST_SECONDS
    assert len(result.failures) == len(docs)
    assert {f.reason for f in result.failures} == {DEADLINE_REASON}


def test_expired_deadline_sends_nothing(unreachable) -> None:
    clock = FakeClock()
    indexer = BulkIndexer(unreachable, index_settings(), sleep=clock.sleep, degrade=_no_degrade)
    docs = [document("logs-x", n) for n in range(4)]
    result = indexer.index(docs, Deadline.after(0, clock=clock))
    assert clock.sleeps == []
    assert [(f.document, f.status, f.reason) for f in result.failures] == [
        (d, NO_STATUS, DEADLINE_REASON) for d in docs
    ]


def test_unserializable_document_fails_alone(unreachable) -> None:
    """A value no JSON encoder takes is reported for that document; the rest still go."""
    clock = FakeClock()
    indexer = BulkIndexer(
        unreachable, index_settings(max_retries=0), sleep=clock.sleep, degrade=_no_degrade
    )
    bad = document("logs-x", 1, {"x": object()})
    good = document("logs-x", 2)
    result = indexer.index([bad, good], Deadline.after(60, clock=clock))
    by_doc = {f.document.doc_id: f for f in result.failures}
    assert "unserializable" in by_doc[bad.doc_id].reason
    assert "ConnectionError" in by_doc[good.doc_id].reason


def test_empty_input_is_an_empty_result(unreachable) -> None:
    indexer = BulkIndexer(unreachable, index_settings(), degrade=_no_degrade)
    result = indexer.index([], Deadline.after(1))
    assert (result.indexed, result.failures, result.retries) == ([], [], 0)


def test_describe_error_is_short_and_typed() -> None:
    error = {
        "type": "mapper_parsing_exception",
        "reason": "failed to parse field [status] of type [long]",
        "caused_by": {"type": "illegal_argument_exception", "reason": "For input string: x"},
    }
    assert describe_error(error) == (
        "mapper_parsing_exception: failed to parse field [status] of type [long] "
        "(caused by illegal_argument_exception: For input string: x)"
    )
    assert len(describe_error({"type": "t", "reason": "r" * 10_000})) == 300


def test_describe_error_drops_the_value_preview() -> None:
    """The offending value OpenSearch quotes is data (maybe a secret): not part of the reason."""
    error = {
        "type": "mapper_parsing_exception",
        "reason": "failed to parse field [token] of type [long] in document with id '2'. "
        "Preview of field's value: 'hunter2'",
    }
    reason = describe_error(error)
    assert "hunter2" not in reason
    assert reason.startswith("mapper_parsing_exception: failed to parse field [token]")
