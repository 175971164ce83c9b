"""Real 429s: a dedicated node with a one-thread, one-slot write queue, hit by concurrent
indexers (as concurrent Lambda invocations would). Every document ends indexed, once."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from lambda_forwarder.deadline import Deadline
from lambda_forwarder.index.bulk import BulkIndexer
from lambda_forwarder.index.client import build_client
from lambda_forwarder.model import BulkResult
from tests.forwarder.index.support import document, index_settings, os_settings, unique_index

pytestmark = [pytest.mark.integration, pytest.mark.slow]

WORKERS = 4
DOCS_PER_WORKER = 60


@pytest.fixture(scope="module")
def tiny_queue_url() -> Iterator[str]:
    from devtools.opensearch_node import LocalOpenSearch

    settings = {"thread_pool.write.size": 1, "thread_pool.write.queue_size": 1}
    with LocalOpenSearch(heap_mb=384, settings=settings) as node:
        yield node.url


def test_real_write_queue_rejections_are_retried_to_success(tiny_queue_url: str) -> None:
    index = unique_index("test-429")
    client = build_client(os_settings(tiny_queue_url))
    client.indices.create(index=index, body={"settings": {"number_of_shards": 2}})
    results: list[BulkResult] = []
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            own = build_client(os_settings(tiny_queue_url))
            settings = index_settings(
                bulk_max_docs=4, max_retries=20, retry_base_seconds=0.05, retry_max_seconds=1.0
            )
            docs = [document(index, worker * 1000 + n) for n in range(DOCS_PER_WORKER)]
            results.append(BulkIndexer(own, settings).index(docs, Deadline.after(120)))
            own.close()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)

    assert errors == []
    total = WORKERS * DOCS_PER_WORKER
    assert sum(len(r.indexed) for r in results) == total
    assert [f for r in results for f in r.failures] == []
    client.indices.refresh(index=index)
    assert client.count(index=index)["count"] == total
    retries = sum(r.retries for r in results)
    print(f"real 429 retries: {retries} over {total} documents")
    assert retries > 0, "the tiny write queue never rejected: the test proved nothing"
    rejected = client.cat.thread_pool(thread_pool_patterns="write", format="json", h="rejected")
    assert int(rejected[0]["rejected"]) > 0
    client.close()
