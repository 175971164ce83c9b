"""`forwarder bootstrap` against the real node: idempotent, applies, skips what is absent."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from lambda_forwarder.config import DashboardsSettings, IndexSettings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.index.bootstrap import bootstrap, template_patterns
from lambda_forwarder.index.bulk import BulkIndexer
from lambda_forwarder.index.client import build_client
from lambda_forwarder.index.mapping import LONG_TEXT_IGNORE_ABOVE, TOTAL_FIELDS_LIMIT
from lambda_forwarder.index.naming import index_name
from tests.forwarder.index.support import closed_port_url, document, index_settings, os_settings


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("logs-%Y.%m.%d", ["logs-*"]),
        ("logs-{service}-%Y.%m.%d", ["logs-*"]),
        ("app-logs-%Y.%m", ["app-logs-*"]),
        ("logs-fixed", ["logs-fixed"]),
    ],
)
def test_template_patterns_from_the_index_pattern(pattern: str, expected: list[str]) -> None:
    assert template_patterns(pattern) == expected


def test_pattern_without_literal_prefix_is_refused() -> None:
    with pytest.raises(ValueError, match="no literal prefix"):
        template_patterns("%Y.%m.%d")


@pytest.fixture
def names(opensearch_client: Any) -> Iterator[tuple[str, IndexSettings]]:
    """A unique template name and index prefix outside `logs-*`, so neither the real
    `logpipe-logs` template is touched nor does it overlap these (same priority)."""
    token = uuid.uuid4().hex[:8]
    name = f"test-bootstrap-{token}"
    settings = IndexSettings(index_pattern=f"bt{token}-logs-%Y.%m.%d", retention_days=7)
    yield name, settings
    opensearch_client.indices.delete(index=f"bt{token}-logs-*", ignore_unavailable=True)
    opensearch_client.indices.delete_index_template(name=name, ignore=[404])


UNREACHABLE = DashboardsSettings(url="http://127.0.0.1:9")


@pytest.mark.integration
def test_bootstrap_is_idempotent(opensearch_client: Any, names: tuple[str, IndexSettings]) -> None:
    """First run creates, second changes nothing; the Dashboards step is skipped cleanly."""
    name, settings = names
    dashboards = DashboardsSettings(url=closed_port_url())
    first = bootstrap(opensearch_client, settings, dashboards, name=name)
    second = bootstrap(opensearch_client, settings, dashboards, name=name)

    assert "created" in first[0] and name in first[0]
    assert "unchanged" in second[0]
    for lines in (first, second):
        assert any("ISM" in line and "skipped" in line for line in lines)  # bare node
        assert "skipped" in lines[-1] and "unreachable" in lines[-1]
    assert opensearch_client.indices.exists_index_template(name=name)


@pytest.mark.integration
def test_dry_run_changes_nothing(opensearch_client: Any, names: tuple[str, IndexSettings]) -> None:
    name, settings = names
    lines = bootstrap(opensearch_client, settings, UNREACHABLE, dry_run=True, name=name)
    assert "would create" in lines[0]
    assert not opensearch_client.indices.exists_index_template(name=name)


@pytest.mark.integration
def test_changed_settings_update_the_template(
    opensearch_client: Any, names: tuple[str, IndexSettings]
) -> None:
    name, settings = names
    bootstrap(opensearch_client, settings, UNREACHABLE, name=name, replicas=0)
    lines = bootstrap(opensearch_client, settings, UNREACHABLE, name=name, replicas=1)
    assert "updated" in lines[0]


@pytest.mark.integration
def test_template_applies_to_a_new_index(
    opensearch_url: str, opensearch_client: Any, names: tuple[str, IndexSettings]
) -> None:
    """A `logs-...` index created after bootstrap gets the layout: limits, core types,
    keyword-only ids, text+keyword strings, no date detection, kept malformed values."""
    name, settings = names
    bootstrap(opensearch_client, settings, UNREACHABLE, name=name)
    client = build_client(os_settings(opensearch_url))
    source = {
        "error.message": "boom",
        "service.version": "1.2.3",
        "aws.lambda.function": "checkout",
        "customer_note": "free text",
        "looks_like_date": "2026-11-25",
        "duration_ms": 12,
    }
    first = document("", 1, source)
    index = index_name(first.source, settings.index_pattern)
    docs = [
        document(index, 1, source),
        document(index, 2, {"duration_ms": "slow", "looks_like_date": "not a date"}),
    ]
    result = BulkIndexer(client, index_settings()).index(docs, Deadline.after(60))
    assert result.failures == [] and result.degraded == 0  # ignore_malformed keeps the 2nd whole
    opensearch_client.indices.refresh(index=index)
    assert opensearch_client.count(index=index)["count"] == 2

    index_settings_ = opensearch_client.indices.get_settings(index=index)[index]["settings"]
    assert index_settings_["index"]["mapping"]["ignore_malformed"] == "true"
    assert index_settings_["index"]["mapping"]["total_fields"]["limit"] == str(TOTAL_FIELDS_LIMIT)
    assert index_settings_["index"]["number_of_replicas"] == "0"  # single node

    mapping = opensearch_client.indices.get_mapping(index=index)[index]["mappings"]
    props = mapping["properties"]
    assert mapping["date_detection"] is False
    assert props["@timestamp"] == {"type": "date"}
    assert props["event"]["properties"]["ingested"] == {"type": "date"}
    assert props["log_id"] == {"type": "keyword"}
    assert props["service"]["properties"]["name"] == {"type": "keyword"}
    assert props["service"]["properties"]["version"] == {"type": "keyword"}
    assert props["log"]["properties"]["level"] == {"type": "keyword"}
    assert props["aws"]["properties"]["lambda"]["properties"]["function"]["type"] == "keyword"
    text_8191 = {
        "type": "text",
        "fields": {"keyword": {"type": "keyword", "ignore_above": LONG_TEXT_IGNORE_ABOVE}},
    }
    assert props["message"] == text_8191
    assert props["error"]["properties"]["message"] == text_8191
    assert props["customer_note"]["type"] == "text"
    assert props["customer_note"]["fields"]["keyword"]["ignore_above"] == 1024
    assert props["looks_like_date"]["type"] == "text"  # not a date: no date detection
    assert props["duration_ms"] == {"type": "long"}
    client.close()


@pytest.mark.integration
def test_bootstrap_reports_indices_mapped_before_the_template(
    opensearch_client: Any, names: tuple[str, IndexSettings]
) -> None:
    """An index created with dynamic mappings (log_id as text) before any setup is reported,
    with a reindex command; the one written today is told to wait for its rollover; after the
    fix command's reindex the new index is mapped as the template says."""
    from datetime import UTC, datetime

    from lambda_forwarder.index.drift import mapping_drift

    name, settings = names
    today = datetime.now(UTC).strftime(settings.index_pattern)
    old = settings.index_pattern.replace("%Y.%m.%d", "2020.01.01")
    for index in (old, today):
        opensearch_client.index(index=index, body={"log_id": "a-b", "message": "x"}, refresh=True)
    lines = bootstrap(opensearch_client, settings, UNREACHABLE, name=name)
    report = "\n".join(lines)
    assert f"index {old}: mapping differs from the template (log_id: text, template keyword" in (
        report
    )
    assert "_reindex" in report and f'-XDELETE "$OPENSEARCH_URL/{old}"' in report
    found = mapping_drift(opensearch_client, [f"{old[:10]}*"], settings.index_pattern)
    drifts = {d.index: d for d in found}
    assert drifts[today].current and not drifts[old].current
    assert "rollover" in drifts[today].fix()
    opensearch_client.reindex(
        body={"source": {"index": old}, "dest": {"index": old + "-reindexed"}}, refresh=True
    )
    (only,) = opensearch_client.indices.get_mapping(index=old + "-reindexed").values()
    assert only["mappings"]["properties"]["log_id"]["type"] == "keyword"
