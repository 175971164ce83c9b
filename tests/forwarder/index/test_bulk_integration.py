"""BulkIndexer against the real OpenSearch node (and the loopback fault proxy in front of it).

Every test accounts for every document: received == indexed + failed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from lambda_forwarder.deadline import Deadline
from lambda_forwarder.index.bulk import DEADLINE_REASON, BulkIndexer
from lambda_forwarder.index.client import build_client
from lambda_forwarder.model import NOTE_DEGRADED, BulkResult, Document
from tests.forwarder.index.support import document, index_settings, os_settings, unique_index
from tests.support.opensearch_proxy import OpenSearchProxy

pytestmark = pytest.mark.integration


@pytest.fixture
def index(opensearch_client: Any) -> Iterator[str]:
    """A fresh index name, deleted afterwards."""
    name = unique_index()
    yield name
    opensearch_client.indices.delete(index=name, ignore_unavailable=True)


@pytest.fixture
def client(opensearch_url: str) -> Iterator[Any]:
    """The forwarder's own client (build_client), on the real node."""
    client = build_client(os_settings(opensearch_url))
    yield client
    client.close()


@pytest.fixture
def proxy(opensearch_url: str) -> Iterator[OpenSearchProxy]:
    with OpenSearchProxy(opensearch_url) as proxy:
        yield proxy


def count(opensearch_client: Any, index: str) -> int:
    opensearch_client.indices.refresh(index=index)
    return int(opensearch_client.count(index=index)["count"])


def accounted(result: BulkResult, received: list[Document]) -> None:
    """received == indexed + failed, each document exactly once."""
    seen = [d.doc_id for d in result.indexed] + [f.document.doc_id for f in result.failures]
    assert sorted(seen) == sorted(d.doc_id for d in received)


def test_reindexing_the_same_documents_does_not_duplicate(
    client: Any, opensearch_client: Any, index: str
) -> None:
    """Re-delivery of a batch overwrites by `_id`: the count stays the same."""
    indexer = BulkIndexer(client, index_settings())
    for _ in range(2):
        docs = [document(index, n) for n in range(40)]
        result = indexer.index(docs, Deadline.after(60))
        accounted(result, docs)
        assert len(result.indexed) == 40 and result.failures == []
    assert count(opensearch_client, index) == 40


def test_metadata_named_fields_are_indexed_as_fields(
    client: Any, opensearch_client: Any, index: str
) -> None:
    """Top-level `version`, `routing`, `pipeline` stay in `_source` (the helpers would pop them
    out as bulk metadata: a missing pipeline or a routing would then fail or misplace it)."""
    fields = {"version": 7, "routing": "shard-please", "pipeline": "no-such-pipeline"}
    doc = document(index, 1, dict(fields))
    result = BulkIndexer(client, index_settings()).index([doc], Deadline.after(60))
    accounted(result, [doc])
    assert result.failures == []
    stored = opensearch_client.get(index=index, id=doc.doc_id)
    assert stored["_version"] == 1
    assert "_routing" not in stored
    assert {k: stored["_source"][k] for k in fields} == fields
    assert stored["_source"]["event.ingested"].endswith("Z")


def test_numeric_type_conflict_ends_indexed_degraded(
    client: Any, opensearch_client: Any, index: str
) -> None:
    """`status` 200 then "ok": the second record is re-sent degraded and stored."""
    indexer = BulkIndexer(client, index_settings())
    first = document(index, 1, {"status": 200})
    assert indexer.index([first], Deadline.after(60)).failures == []

    second = document(index, 2, {"status": "ok", "order_id": "A-17"})
    result = indexer.index([second], Deadline.after(60))
    accounted(result, [second])
    assert result.failures == [] and result.degraded == 1
    [stored_doc] = result.indexed
    assert "mapper_parsing_exception" in stored_doc.source[NOTE_DEGRADED]
    stored = opensearch_client.get(index=index, id=second.doc_id)["_source"]
    assert stored == stored_doc.source  # what the result says was stored, was stored
    assert stored["message"] == "record 2"
    assert count(opensearch_client, index) == 2


def test_object_versus_value_conflict_ends_indexed_degraded(
    client: Any, opensearch_client: Any, index: str
) -> None:
    """`a` as a string, then `a.b`: ignore_malformed cannot help here; degrading does."""
    opensearch_client.indices.create(
        index=index, body={"settings": {"index.mapping.ignore_malformed": True}}
    )
    indexer = BulkIndexer(client, index_settings())
    docs = [document(index, 1, {"a": "plain"}), document(index, 2, {"a.b": "nested"})]
    result = indexer.index(docs, Deadline.after(60))
    accounted(result, docs)
    assert result.failures == [] and result.degraded == 1
    degraded = [d for d in result.indexed if NOTE_DEGRADED in d.source]
    assert [d.doc_id for d in degraded] == [docs[1].doc_id]
    assert count(opensearch_client, index) == 2


def test_item_429s_are_retried_to_success(
    client: Any, opensearch_client: Any, index: str, proxy: OpenSearchProxy
) -> None:
    """Half the items of the first two bulk requests are rejected with 429 (not indexed);
    the retries index them; nothing is duplicated or lost."""
    proxied = build_client(os_settings(proxy.url))
    proxy.reject_items(requests=2)
    docs = [document(index, n) for n in range(30)]
    result = BulkIndexer(proxied, index_settings(max_retries=4)).index(docs, Deadline.after(60))

    accounted(result, docs)
    assert result.failures == []
    assert proxy.rejected_items == 15 + 8  # 1st request: all 30, half; 2nd: the 15, half
    assert result.retries == proxy.rejected_items
    assert count(opensearch_client, index) == 30


def test_request_level_429_and_503_are_retried(
    opensearch_client: Any, index: str, proxy: OpenSearchProxy
) -> None:
    proxied = build_client(os_settings(proxy.url))
    indexer = BulkIndexer(proxied, index_settings(max_retries=4))
    for status in (429, 503):
        proxy.fail_requests(2, status=status)
        docs = [document(index, n) for n in range(10)]
        result = indexer.index(docs, Deadline.after(60))
        accounted(result, docs)
        assert result.failures == [] and result.retries == 20
    assert count(opensearch_client, index) == 10


def test_dropped_connections_are_retried(
    opensearch_client: Any, index: str, proxy: OpenSearchProxy
) -> None:
    proxied = build_client(os_settings(proxy.url))
    proxy.drop_connections(2)
    docs = [document(index, n) for n in range(10)]
    result = BulkIndexer(proxied, index_settings(max_retries=4)).index(docs, Deadline.after(60))
    accounted(result, docs)
    assert result.failures == [] and proxy.dropped_connections == 2
    assert count(opensearch_client, index) == 10


def test_retries_give_up_with_the_last_status(index: str, proxy: OpenSearchProxy) -> None:
    """A node that keeps answering 429 leaves failures with status 429, after max_retries."""
    proxied = build_client(os_settings(proxy.url))
    proxy.reject_items(requests=100, select=lambda position, action: True)
    docs = [document(index, n) for n in range(5)]
    result = BulkIndexer(proxied, index_settings(max_retries=2)).index(docs, Deadline.after(60))
    accounted(result, docs)
    assert {(f.status, f.reason.split(":")[0]) for f in result.failures} == {
        (429, "rejected_execution_exception")
    }
    assert proxy.bulk_requests == 3 and result.retries == 10


def test_slow_node_and_short_deadline_end_as_deadline_failures(
    index: str, proxy: OpenSearchProxy
) -> None:
    """Requests that cannot finish in the budget time out; the rest is returned in time."""
    import time

    proxied = build_client(os_settings(proxy.url, timeout=30))
    proxy.latency = 3.0
    docs = [document(index, n) for n in range(6)]
    indexer = BulkIndexer(proxied, index_settings(bulk_max_docs=2, max_retries=10))
    started = time.monotonic()
    result = indexer.index(docs, Deadline.after(1.0))
    elapsed = time.monotonic() - started

    accounted(result, docs)
    assert result.indexed == []
    assert {f.reason for f in result.failures} == {DEADLINE_REASON}
    assert elapsed < 5 * 1.0  # bounded by the budget, not by the 30 s client timeout


def test_chunks_split_by_count_and_bytes(
    opensearch_client: Any, index: str, proxy: OpenSearchProxy
) -> None:
    """Bodies are cut at `bulk_max_docs` items or `bulk_max_bytes` bytes, whichever first."""
    proxied = build_client(os_settings(proxy.url))
    docs = [document(index, n, {"pad": "x" * 1000}) for n in range(20)]
    result = BulkIndexer(proxied, index_settings(bulk_max_docs=6)).index(docs, Deadline.after(60))
    accounted(result, docs)
    assert [items for items, _ in proxy.bulk_sizes] == [6, 6, 6, 2]

    proxy.bulk_sizes.clear()
    docs = [document(index, n, {"pad": "é" * 1000}) for n in range(20)]  # 2 bytes a char
    by_bytes = BulkIndexer(proxied, index_settings(bulk_max_bytes=5 * 1024))
    result = by_bytes.index(docs, Deadline.after(60))
    accounted(result, docs)
    assert result.failures == []
    assert sum(items for items, _ in proxy.bulk_sizes) == 20
    assert all(size <= 5 * 1024 for _, size in proxy.bulk_sizes)
    assert [items for items, _ in proxy.bulk_sizes] == [2] * 10  # ~2.3 KB per item
    assert count(opensearch_client, index) == 20
