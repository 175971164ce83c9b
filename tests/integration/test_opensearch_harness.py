"""The OpenSearch the integration tests run against is real: it indexes, searches, and rejects the
documents the forwarder exists to defend against."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from opensearchpy import OpenSearch, helpers

from devtools.opensearch_node import LocalOpenSearch

pytestmark = pytest.mark.integration


@pytest.fixture
def index_name(opensearch_client: OpenSearch) -> Iterator[str]:
    """A fresh index name, deleted after the test."""
    name = f"logpipe-harness-{uuid.uuid4().hex[:12]}"
    yield name
    opensearch_client.indices.delete(index=name, ignore_unavailable=True)


def bulk_one(client: OpenSearch, index: str, document: dict[str, Any]) -> dict[str, Any]:
    """Index one document through a raw _bulk body, as the forwarder does; return its item."""
    body = json.dumps({"index": {"_index": index}}) + "\n" + json.dumps(document) + "\n"
    response = client.bulk(body=body)
    assert response["errors"] is True
    return response["items"][0]["index"]


class TestHarness:
    def test_bulk_indexes_1000_documents_and_finds_one_by_keyword(
        self, opensearch_client: OpenSearch, index_name: str
    ) -> None:
        """1,000 documents bulk-indexed with opensearch-py are all counted, and a term query on a
        keyword field returns exactly the one that carries it."""
        opensearch_client.indices.create(
            index=index_name,
            body={"mappings": {"properties": {"log_id": {"type": "keyword"}}}},
        )
        actions = (
            {
                "_index": index_name,
                "_id": f"event-{n}",
                "_source": {"log_id": f"log-{n:04d}", "message": f"line {n}", "n": n},
            }
            for n in range(1000)
        )
        indexed, errors = helpers.bulk(opensearch_client, actions, refresh="wait_for")

        assert (indexed, errors) == (1000, [])
        assert opensearch_client.count(index=index_name)["count"] == 1000
        hits = opensearch_client.search(
            index=index_name, body={"query": {"term": {"log_id": "log-0737"}}}
        )["hits"]["hits"]
        assert [(hit["_id"], hit["_source"]["n"]) for hit in hits] == [("event-737", 737)]

    def test_document_with_1001_fields_is_rejected(
        self, opensearch_client: OpenSearch, index_name: str
    ) -> None:
        """The default index.mapping.total_fields.limit (1000) rejects a 1,001-field document."""
        item = bulk_one(opensearch_client, index_name, {f"f{n}": n for n in range(1001)})

        assert item["status"] == 400
        assert item["error"]["type"] == "illegal_argument_exception"
        assert "Limit of total fields [1000]" in item["error"]["reason"]

    def test_document_with_id_in_its_body_is_rejected(
        self, opensearch_client: OpenSearch, index_name: str
    ) -> None:
        """A body field named like a metadata field (`_id`) fails the document."""
        item = bulk_one(opensearch_client, index_name, {"_id": "abc", "message": "hello"})

        assert item["status"] == 400
        assert item["error"]["type"] == "mapper_parsing_exception"
        # 2.19 words the top-level reason as "failed to parse field [_id] ..."; the cause names it.
        assert "Field [_id] is a metadata field" in item["error"]["caused_by"]["reason"]


@pytest.mark.slow
class TestLocalOpenSearch:
    def test_restart_keeps_port_data_and_settings(self) -> None:
        """stop(keep_data=True) then start() brings the same node back on the same URL, with its
        documents and its extra settings, which fault-injection tests rely on."""
        settings = {"thread_pool.write.size": 1, "thread_pool.write.queue_size": 1}
        node = LocalOpenSearch(heap_mb=256, settings=settings)
        try:
            url = node.start()
            client = OpenSearch(url, timeout=30)
            client.index(index="kept", id="1", body={"message": "survives"}, refresh=True)
            client.close()
            home = node.home

            node.stop(keep_data=True)
            assert not node.running
            assert home is not None and home.is_dir()

            assert node.start() == url
            client = OpenSearch(url, timeout=30)
            assert client.get(index="kept", id="1")["_source"] == {"message": "survives"}
            pools = client.nodes.info(metric="thread_pool")["nodes"]
            write = next(iter(pools.values()))["thread_pool"]["write"]
            assert (write["size"], write["queue_size"]) == (1, 1)
            client.close()
        finally:
            node.stop()

        assert not node.running
        assert home is not None and not home.exists()
