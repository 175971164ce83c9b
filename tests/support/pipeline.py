"""Helpers for tests that run the whole forwarder against the real node: environment, batches,
invocations, what landed and what was dead-lettered.

Shared by tests/forwarder/test_handler.py and the fault suite (tests/faults/).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from opensearchpy import OpenSearch

from lambda_forwarder.deadletter import LocalDirStore
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.decode import pack_batches
from lambda_forwarder.handler import handle_event
from lambda_forwarder.model import DeadLetter, LogBatch
from lambda_forwarder.pipeline import Pipeline


def make_env(opensearch_url: str, prefix: str, dead_letters: Path, **extra: str) -> dict[str, str]:
    """A forwarder environment writing to `<prefix>-logs-<day>` with local dead letters and
    fast retries."""
    return {
        "OPENSEARCH_URL": opensearch_url,
        "INDEX_PATTERN": f"{prefix}-logs-%Y.%m.%d",
        "DEAD_LETTER_DIR": str(dead_letters),
        "BULK_RETRY_BASE_SECONDS": "0.01",
        "BULK_RETRY_MAX_SECONDS": "0.05",
        "AWS_REGION": "eu-west-1",
        # each test its own error issues (outside `<prefix>-*`, so document counts exclude them)
        "ALERT_ISSUES_INDEX": f"{prefix}_issues",
        **extra,
    }


def batch_of(
    lines: list[str],
    log_group: str = "/ecs/checkout",
    *,
    timestamp_ms: int | None = None,
    **kwargs: Any,
) -> LogBatch:
    """One CloudWatch-like batch of `lines` (ids derive from the first timestamp, or
    `start_id`)."""
    now = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
    batches = list(
        pack_batches(
            [(now + i, line) for i, line in enumerate(lines)],
            owner="123456789012",
            log_group=log_group,
            log_stream="checkout/1",
            **kwargs,
        )
    )
    assert len(batches) == 1
    return batches[0]


def invoke(pipeline: Pipeline, event: dict[str, Any], seconds: float = 60) -> dict[str, Any]:
    """`handle_event` with a deadline `seconds` away and no Lambda context."""
    return handle_event(pipeline, event, None, Deadline.after(seconds))


def documents(client: OpenSearch, prefix: str, size: int = 1000) -> list[dict[str, Any]]:
    """Every document under `<prefix>-*` (refreshed first), `_id` included."""
    client.indices.refresh(index=f"{prefix}-*")
    response = client.search(index=f"{prefix}-*", body={"size": size, "query": {"match_all": {}}})
    return [hit["_source"] | {"_id": hit["_id"]} for hit in response["hits"]["hits"]]


def balanced(counts: dict[str, int]) -> bool:
    """received == indexed + dead-lettered + skipped."""
    return counts["received"] == counts["indexed"] + counts["dead_lettered"] + counts["skipped"]


def stored_letters(directory: Path) -> list[DeadLetter]:
    """Every dead letter in a local dead-letter directory."""
    return [letter for unit in LocalDirStore(str(directory)).read() for letter in unit.letters]
