"""Search latency on 1,000,000 log documents in the local node: by log_id and by a keyword field.

The index uses the production template's settings and mappings (`forwarder bootstrap`), so the
figures are those of the field types the "View Full Log" link and the on-call searches hit.
BENCH_SEARCH_DOCS overrides the document count (for a quick run).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
import uuid
from typing import Any

from opensearchpy import OpenSearch

from bench.stats import percentile
from lambda_forwarder.index.mapping import index_template

INDEX = "bench-search-logs"
SERVICES = [f"service-{n:02d}" for n in range(20)]
LEVELS = ["info"] * 90 + ["warning"] * 6 + ["error"] * 4
BULK_DOCS = 5_000
QUERIES = 500


def _doc(rng: random.Random, n: int, base_ms: int) -> dict[str, Any]:
    ts_ms = base_ms + n * 40  # a day and a half of logs
    return {
        "@timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts_ms / 1000))
        + f".{ts_ms % 1000:03d}000Z",
        "log.level": rng.choice(LEVELS),
        "message": f"order ord-{n % 200_000} moved to {rng.choice(['paid', 'packed', 'sent'])}",
        "service.name": rng.choice(SERVICES),
        "log_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "order_id": f"ord-{n % 200_000}",
        "customer_id": f"cus-{rng.randrange(50_000)}",
        "latency_ms": rng.randrange(1, 2000),
        "schema": "emitter/1",
    }


def _fill(client: OpenSearch, count: int) -> tuple[float, list[str]]:
    """Index `count` documents; returns docs/s and a sample of log_ids to search for."""
    body = index_template([INDEX], replicas=0)["template"]
    body["settings"]["index.refresh_interval"] = "-1"  # bulk load, then one refresh
    client.indices.delete(index=INDEX, ignore_unavailable=True)
    client.indices.create(index=INDEX, body=body)
    rng = random.Random(42)
    base_ms = int(time.time() * 1000) - 36 * 3600 * 1000
    sample: list[str] = []
    action = json.dumps({"index": {"_index": INDEX}})
    started = time.perf_counter()
    for start in range(0, count, BULK_DOCS):
        lines = []
        for n in range(start, min(count, start + BULK_DOCS)):
            doc = _doc(rng, n, base_ms)
            if n % 1999 == 0:
                sample.append(doc["log_id"])
            lines += [action, json.dumps(doc)]
        response = client.bulk(body="\n".join(lines) + "\n", timeout="120s", request_timeout=180)
        if response["errors"]:
            raise RuntimeError("bulk load failed: " + json.dumps(response["items"][0])[:500])
    rate = count / (time.perf_counter() - started)
    client.indices.put_settings(index=INDEX, body={"index.refresh_interval": "1s"})
    client.indices.refresh(index=INDEX)
    client.indices.forcemerge(index=INDEX, max_num_segments=5, request_timeout=600)
    return rate, sample


def _latencies(client: OpenSearch, queries: list[dict[str, Any]]) -> dict[str, float]:
    for query in queries[:20]:  # warm the caches the way a live cluster is warm
        client.search(index=INDEX, body=query)
    walls, tooks = [], []
    for query in queries:
        started = time.perf_counter()
        response = client.search(index=INDEX, body=query)
        walls.append((time.perf_counter() - started) * 1000)
        tooks.append(response["took"])
    return {
        "p50": statistics.median(walls),
        "p99": percentile(walls, 0.99),
        "took_p50": statistics.median(tooks),
    }


def run() -> dict[str, Any]:
    url = os.environ["OPENSEARCH_URL"]
    count = int(os.environ.get("BENCH_SEARCH_DOCS", "1000000"))
    client = OpenSearch(url, timeout=120)
    try:
        rate, sample = _fill(client, count)
        total = client.count(index=INDEX)["count"]
        rng = random.Random(7)
        by_id = [{"query": {"term": {"log_id": rng.choice(sample)}}} for _ in range(QUERIES)]
        by_keyword = [
            {"size": 20, "query": {"term": {"order_id.keyword": f"ord-{rng.randrange(200_000)}"}}}
            for _ in range(QUERIES)
        ]
        hits = client.search(index=INDEX, body=by_id[0])["hits"]["total"]["value"]
        id_stats = _latencies(client, by_id)
        keyword_stats = _latencies(client, by_keyword)
        size_mb = client.indices.stats(index=INDEX)["_all"]["primaries"]["store"]["size_in_bytes"]
    finally:
        client.indices.delete(index=INDEX, ignore_unavailable=True)
    return {
        "title": "search",
        "figures": [
            {"name": "documents indexed", "value": total, "unit": "docs"},
            {"name": "index size (primaries)", "value": size_mb / 2**20, "unit": "MiB"},
            {"name": "bulk load rate", "value": rate, "unit": "docs/s"},
            {"name": "search by log_id, p50", "value": id_stats["p50"], "unit": "ms"},
            {"name": "search by log_id, p99", "value": id_stats["p99"], "unit": "ms"},
            {
                "name": "search by order_id.keyword, p50",
                "value": keyword_stats["p50"],
                "unit": "ms",
            },
            {
                "name": "search by order_id.keyword, p99",
                "value": keyword_stats["p99"],
                "unit": "ms",
            },
        ],
        "notes": [
            f"{QUERIES} term queries each, round trip from Python (opensearch-py) to the local "
            "single-node OpenSearch (512 MB heap, 1 shard), after 20 warm-up queries; "
            f"a log_id search found {hits} document.",
            "The order_id query returns up to 20 of the ~5 documents per order id.",
        ],
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
