"""The forwarder's own index setup (index/ensure.py) against the real node: before the first bulk
request, idempotent, keeping an operator's replicas, never blocking indexing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from opensearchpy import OpenSearch

from lambda_forwarder.config import IndexSettings, load_settings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.handler import build_pipeline
from lambda_forwarder.index.bootstrap import bootstrap, setup_names
from lambda_forwarder.index.bulk import BulkIndexer
from lambda_forwarder.index.ensure import EnsuredIndexer, SetupOutcome, ensure_index_setup
from lambda_forwarder.index.mapping import POLICY_ID, TEMPLATE_NAME
from tests.forwarder.index.support import closed_port_url, document
from tests.support.pipeline import batch_of, documents, invoke, make_env

pytestmark = pytest.mark.integration


def _template(client: OpenSearch, name: str) -> dict[str, Any]:
    return client.indices.get_index_template(name=name)["index_templates"][0]["index_template"]


class TestNames:
    def test_names_follow_the_index_pattern(self) -> None:
        """`logs-*` keeps the historic names; another pattern gets its own; the variable wins."""
        assert setup_names(IndexSettings()) == (TEMPLATE_NAME, POLICY_ID)
        assert setup_names(IndexSettings(index_pattern="shop-{service}-%Y.%m")) == (
            "logpipe-shop",
            "logpipe-shop",
        )
        assert setup_names(IndexSettings(template_name="mine")) == ("mine", "mine")


def test_first_invocation_maps_its_index(
    opensearch_url: str, opensearch_client: OpenSearch, prefix: str, tmp_path: Path
) -> None:
    """No bootstrap: the first invocation's index has `log_id` as keyword and a term lookup by
    `log_id` finds the record."""
    name, _ = setup_names(IndexSettings(index_pattern=f"{prefix}-logs-%Y.%m.%d"))
    assert not opensearch_client.indices.exists_index_template(name=name)
    pipeline = build_pipeline(load_settings(make_env(opensearch_url, prefix, tmp_path / "dl")))
    line = '{"message": "paid", "log.level": "info", "service.name": "shop"}'
    counts = invoke(pipeline, _subscription(batch_of([line])))
    assert counts["indexed"] == 1
    mapping = opensearch_client.indices.get_mapping(index=f"{prefix}-*")
    (only,) = mapping.values()
    properties = only["mappings"]["properties"]
    assert properties["log_id"]["type"] == "keyword"
    assert properties["service"]["properties"]["name"]["type"] == "keyword"
    (record,) = documents(opensearch_client, prefix)
    hits = opensearch_client.search(
        index=f"{prefix}-*", body={"query": {"term": {"log_id": record["log_id"]}}}
    )["hits"]["hits"]
    assert [hit["_source"]["message"] for hit in hits] == ["paid"]


def _subscription(batch: Any) -> dict[str, Any]:
    from lambda_forwarder.decode import subscription_event

    return subscription_event(batch)


def test_setup_is_idempotent_and_keeps_the_operators_replicas(
    opensearch_client: OpenSearch, prefix: str
) -> None:
    """After `bootstrap --replicas 1`, the forwarder's setup finds the template current and
    leaves it alone (no fight over replicas); a second run changes nothing either."""
    settings = IndexSettings(index_pattern=f"{prefix}-logs-%Y.%m.%d")
    name, _ = setup_names(settings)
    unreachable = _dashboards_nowhere()
    bootstrap(opensearch_client, settings, unreachable, replicas=1)
    version = _template(opensearch_client, name)["_meta"]["digest"]
    first = ensure_index_setup(opensearch_client, settings)
    second = ensure_index_setup(opensearch_client, settings)
    assert first.ok and second.ok
    assert first.lines[0].endswith(": unchanged") and second.lines[0].endswith(": unchanged")
    template = _template(opensearch_client, name)
    assert template["_meta"]["digest"] == version
    assert template["template"]["settings"]["index"]["number_of_replicas"] == "1"


def test_setup_creates_then_reports_unchanged(opensearch_client: OpenSearch, prefix: str) -> None:
    """Fresh: created (replicas 0 on the single node); then unchanged."""
    settings = IndexSettings(index_pattern=f"{prefix}-logs-%Y.%m.%d")
    first = ensure_index_setup(opensearch_client, settings)
    second = ensure_index_setup(opensearch_client, settings)
    assert first.ok and "created" in first.lines[0] and "replicas 0" in first.lines[0]
    assert second.lines[0].endswith(": unchanged")
    # The bare node has no ISM: the policy step says so instead of failing.
    assert "skipped" in first.lines[1]


def test_a_failing_setup_never_blocks_indexing(
    opensearch_url: str, opensearch_client: OpenSearch, prefix: str
) -> None:
    """Setup against an unreachable endpoint fails (warning + callback), the bulk request goes
    through; unreachable is transient, so the setup is tried again before the next bulk."""
    from lambda_forwarder.index.client import build_client
    from tests.forwarder.index.support import os_settings

    settings = IndexSettings(index_pattern=f"{prefix}-logs-%Y.%m.%d")
    failed: list[SetupOutcome] = []
    indexer = EnsuredIndexer(
        BulkIndexer(build_client(os_settings(opensearch_url)), settings),
        build_client(os_settings(closed_port_url(), timeout=1)),
        settings,
        on_failure=failed.append,
    )
    result = indexer.index([document(f"{prefix}-logs-x", 1)], Deadline.after(30))
    assert len(result.indexed) == 1 and not result.failures
    assert len(failed) == 1 and "index template" in failed[0].failures[0]
    assert failed[0].transient
    indexer.index([document(f"{prefix}-logs-x", 2)], Deadline.after(30))
    assert len(failed) == 2


def test_a_lasting_setup_failure_waits_before_the_next_try(
    opensearch_url: str, opensearch_client: OpenSearch, prefix: str
) -> None:
    """A failure that is not the cluster being away (a step refused, say a 403) is tried again
    only after RETRY_SECONDS, not on every invocation."""
    from lambda_forwarder.index.client import build_client
    from tests.forwarder.index.support import os_settings

    settings = IndexSettings(index_pattern=f"{prefix}-logs-%Y.%m.%d")
    failed: list[SetupOutcome] = []
    now = [0.0]

    def refused(client: OpenSearch) -> str:
        raise PermissionError("403 no permission for indices:admin/create")

    client = build_client(os_settings(opensearch_url))
    indexer = EnsuredIndexer(
        BulkIndexer(client, settings),
        client,
        settings,
        steps=(refused,),
        clock=lambda: now[0],
        on_failure=failed.append,
    )
    for n in range(3):
        result = indexer.index([document(f"{prefix}-logs-x", n)], Deadline.after(30))
        assert len(result.indexed) == 1
    assert len(failed) == 1 and not failed[0].transient
    now[0] += 61
    indexer.index([document(f"{prefix}-logs-x", 9)], Deadline.after(30))
    assert len(failed) == 2


def test_extra_steps_run_in_order_and_fail_alone(
    opensearch_client: OpenSearch, prefix: str
) -> None:
    """A hook (the issues index, say) runs after the template; its failure is reported while
    the template is still ensured."""
    settings = IndexSettings(index_pattern=f"{prefix}-logs-%Y.%m.%d")
    seen: list[str] = []

    def issues_index(client: OpenSearch) -> str:
        seen.append("issues")
        return "issues index: unchanged"

    def broken(client: OpenSearch) -> str:
        raise RuntimeError("no such permission")

    outcome = ensure_index_setup(opensearch_client, settings, steps=(issues_index, broken))
    assert seen == ["issues"] and "issues index: unchanged" in outcome.lines
    assert not outcome.ok and outcome.failures == ("broken: RuntimeError: no such permission",)
    assert opensearch_client.indices.exists_index_template(name=setup_names(settings)[0])


def _dashboards_nowhere() -> Any:
    from lambda_forwarder.config import DashboardsSettings

    return DashboardsSettings(url=closed_port_url())


def test_with_setup_off_the_index_maps_log_id_dynamically(
    opensearch_url: str, opensearch_client: OpenSearch, prefix: str, tmp_path: Path
) -> None:
    """The control: INDEX_AUTO_SETUP=false (and no bootstrap) gives the dynamic `text` mapping
    the setup exists to prevent, and the term lookup finds nothing."""
    env = make_env(opensearch_url, prefix, tmp_path / "dl", INDEX_AUTO_SETUP="false")
    pipeline = build_pipeline(load_settings(env))
    counts = invoke(pipeline, _subscription(batch_of(['{"message": "paid"}'])))
    assert counts["indexed"] == 1
    (only,) = opensearch_client.indices.get_mapping(index=f"{prefix}-*").values()
    assert only["mappings"]["properties"]["log_id"]["type"] == "text"
    (record,) = documents(opensearch_client, prefix)
    hits = opensearch_client.search(
        index=f"{prefix}-*", body={"query": {"term": {"log_id": record["log_id"]}}}
    )["hits"]["hits"]
    assert hits == []


def test_a_slow_setup_holds_indexing_back_at_most_its_share(
    opensearch_url: str, opensearch_client: OpenSearch, prefix: str
) -> None:
    """Setup requests 1.5 s slow (a loaded cluster), a 4 s budget: the bulk request waits about
    a quarter of it (1 s), not the whole setup; the setup finishes beside it."""
    import time

    from lambda_forwarder.index.client import build_client
    from tests.forwarder.index.support import os_settings
    from tests.support.opensearch_proxy import OpenSearchProxy

    settings = IndexSettings(index_pattern=f"{prefix}-logs-%Y.%m.%d")
    with OpenSearchProxy(opensearch_url) as proxy:
        proxy.latency = 1.5
        indexer = EnsuredIndexer(
            BulkIndexer(build_client(os_settings(opensearch_url)), settings),
            build_client(os_settings(proxy.url)),
            settings,
        )
        started = time.monotonic()
        result = indexer.index([document(f"{prefix}-logs-x", 1)], Deadline.after(4))
        indexed_after = time.monotonic() - started
        assert len(result.indexed) == 1
        assert indexer.last is None  # the bulk request did not wait for the setup to finish
        assert indexer._running is not None
        indexer._running.join(60)
        set_up_after = time.monotonic() - started
    assert indexer.last is not None and indexer.last.ok
    assert indexed_after < set_up_after, (indexed_after, set_up_after)
    assert opensearch_client.indices.exists_index_template(name=setup_names(settings)[0])
