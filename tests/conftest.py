"""Session fixtures for a real OpenSearch: OPENSEARCH_URL if set, else one local node per session.

Both fixtures are lazy: a unit-only run never starts a JVM.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from devtools.slack_receiver import SlackReceiver

# Locally, property tests draw new examples on every run and keep hunting for bugs; in CI they
# draw the same examples every time, so a green CI run means the same thing twice.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

if TYPE_CHECKING:
    from opensearchpy import OpenSearch


@pytest.fixture(scope="session")
def opensearch_url() -> Iterator[str]:
    """Base URL of the cluster integration tests talk to; a local node is stopped (data deleted)
    at the end of the session."""
    existing = os.environ.get("OPENSEARCH_URL")
    if existing:
        yield existing.rstrip("/")
        return
    from devtools.opensearch_node import LocalOpenSearch

    with LocalOpenSearch() as node:
        yield node.url


@pytest.fixture(scope="session")
def opensearch_client(opensearch_url: str) -> Iterator[OpenSearch]:
    """An opensearch-py client on `opensearch_url`."""
    from opensearchpy import OpenSearch

    client = OpenSearch(opensearch_url, timeout=30)
    yield client
    client.close()


@pytest.fixture
def prefix(opensearch_client: OpenSearch) -> Iterator[str]:
    """A unique index-name prefix for one test; its `<prefix>-*` indices are deleted after it,
    and the index templates the forwarder set up for them (`logpipe-<prefix>...`)."""
    name = f"t-{uuid.uuid4().hex[:10]}"
    yield name
    opensearch_client.indices.delete(index=f"{name}-*,{name}_issues", ignore_unavailable=True)
    found = opensearch_client.indices.get_index_template(name=f"logpipe-{name}*", ignore=[404])
    for template in found.get("index_templates", []):
        opensearch_client.indices.delete_index_template(name=template["name"], ignore=[404])


@pytest.fixture
def receiver() -> Iterator[SlackReceiver]:
    """A Slack receiver on loopback (devtools/slack_receiver.py), for any test that alerts."""
    with SlackReceiver() as running:
        yield running
