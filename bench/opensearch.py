"""Bench indices get the production template, so they are measured with the real mappings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from opensearchpy import OpenSearch

from lambda_forwarder.index.mapping import index_template


@contextmanager
def bench_indices(url: str, prefix: str) -> Iterator[OpenSearch]:
    """`prefix*` indices mapped like `logs-*`; template and indices removed afterwards."""
    client = OpenSearch(url, timeout=120)
    name = f"bench-{prefix.strip('-*')}"
    body = index_template([f"{prefix}*"], replicas=0)
    body["priority"] = body["priority"] + 1  # above a real logs-* template, should one match
    client.indices.put_index_template(name=name, body=body)
    try:
        yield client
    finally:
        client.indices.delete(index=f"{prefix}*", ignore_unavailable=True)
        client.indices.delete_index_template(name=name, ignore=[404])
