"""The links' filters run against the real OpenSearch node return exactly the right records.

Records are indexed with the production template's mappings into a unique index; the alert goes
through the dispatcher to the loopback receiver; the button URLs are taken from the message as
Slack received it, Rison-decoded, and their filters and time range run as Discover would.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from opensearchpy import OpenSearch

from devtools.slack_receiver import SlackReceiver
from lambda_forwarder.alerts import AlertDispatcher
from lambda_forwarder.alerts.links import LinkBuilder
from lambda_forwarder.alerts.slack import build_slack_notifier
from lambda_forwarder.config import AlertSettings, DashboardsSettings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.index.mapping import index_template
from lambda_forwarder.model import Document
from tests.support.discover import DiscoverLink, parse_discover_url

pytestmark = pytest.mark.integration

AT = datetime(2026, 11, 25, 10, 7, 6, 123456, tzinfo=UTC)
HOSTILE_ID = "log 'id' with !bang!, (parens), \"quotes\" & unicode ✓ 日本 #1"
HOSTILE_REQUEST = "req 'x' !y! ✓"


@pytest.fixture
def index(opensearch_client: OpenSearch) -> Iterator[str]:
    name = f"logs-alerts-{uuid.uuid4().hex[:12]}"
    template = index_template([name])["template"]
    opensearch_client.indices.create(
        index=name, body={"settings": template["settings"], "mappings": template["mappings"]}
    )
    yield name
    opensearch_client.indices.delete(index=name, ignore_unavailable=True)


def index_documents(client: OpenSearch, index: str, documents: list[Document]) -> None:
    lines = []
    for doc in documents:
        lines.append(json.dumps({"index": {"_index": index, "_id": doc.doc_id}}))
        lines.append(json.dumps(doc.source))
    response = client.bulk(body="\n".join(lines) + "\n", refresh=True)
    assert response["errors"] is False
    indexed = client.count(index=index)["count"]
    assert indexed == len(documents)  # received == indexed; nothing dead-lettered or skipped


def run(client: OpenSearch, index: str, link: DiscoverLink) -> list[dict[str, Any]]:
    """Search as Discover does: enabled filters (negated ones excluded) within _g.time."""
    assert link.query.get("query", "") == ""
    must: list[dict[str, Any]] = [
        {
            "range": {
                "@timestamp": {
                    "gte": link.time_from,
                    "lte": link.time_to,
                    "format": "strict_date_optional_time",
                }
            }
        }
    ]
    must_not = []
    for item in link.filters:
        if item["meta"].get("disabled"):
            continue
        (must_not if item["meta"].get("negate") else must).append(item["query"])
    body = {"size": 100, "query": {"bool": {"filter": must, "must_not": must_not}}}
    return [hit["_source"] for hit in client.search(index=index, body=body)["hits"]["hits"]]


def buttons(message: dict[str, Any]) -> dict[str, str]:
    return {
        button["action_id"]: button["url"]
        for block in message["blocks"]
        if block["type"] == "actions"
        for button in block["elements"]
    }


def dispatcher_for(url: str, style: str) -> AlertDispatcher:
    dashboards = DashboardsSettings(
        url="https://search-x.eu-west-1.es.amazonaws.com/_dashboards",
        discover_style=style,  # type: ignore[arg-type]
        index_pattern_id="logpipe-logs",
    )
    settings = AlertSettings(webhook_url=url)
    return AlertDispatcher(
        settings, LinkBuilder(dashboards, "eu-west-1"), build_slack_notifier(settings)
    )


@pytest.mark.parametrize("style", ["classic", "data-explorer"])
def test_view_full_log_finds_exactly_the_record(
    style: str,
    opensearch_client: OpenSearch,
    index: str,
    receiver: SlackReceiver,
    document_factory: Callable[..., Document],
) -> None:
    """A hostile log_id: the decoded filter returns that one record and nothing else."""
    target = document_factory(
        "charge failed <!channel>", at=AT, log_id=HOSTILE_ID, request_id=HOSTILE_REQUEST
    )
    same_request = [
        document_factory(
            "step", level="info", at=AT + timedelta(seconds=n), request_id=HOSTILE_REQUEST
        )
        for n in range(1, 4)
    ]
    decoys = [
        document_factory("near", level="info", at=AT, log_id=HOSTILE_ID + " "),
        document_factory("near", level="info", at=AT, log_id=HOSTILE_ID[:-1]),
        document_factory("near", level="info", at=AT, log_id="log"),
        document_factory("other", level="info", at=AT, request_id=HOSTILE_REQUEST + "!"),
    ]
    later_error = document_factory("later", at=AT + timedelta(hours=3), error_type="Later")
    index_documents(opensearch_client, index, [target, *same_request, *decoys, later_error])

    outcome = dispatcher_for(receiver.url, style).dispatch([target], Deadline.after(10))
    assert outcome.posted == 1 and receiver.rejected == []
    urls = buttons(receiver.messages[0])
    assert all(len(url) < 3000 for url in urls.values())

    view = parse_discover_url(urls["view_full_log"])
    assert view.style == style and view.index_pattern_id == "logpipe-logs"
    assert view.base.endswith("/_dashboards")
    hits = run(opensearch_client, index, view)
    assert [hit["log_id"] for hit in hits] == [HOSTILE_ID]

    request = parse_discover_url(urls["request_logs"])
    hits = run(opensearch_client, index, request)
    assert sorted(hit["@timestamp"] for hit in hits) == sorted(
        d.source["@timestamp"] for d in [target, *same_request]
    )


def test_summary_link_finds_the_windows_errors(
    opensearch_client: OpenSearch,
    index: str,
    receiver: SlackReceiver,
    document_factory: Callable[..., Document],
) -> None:
    """Cap 2, five distinct errors: the summary's link returns exactly this window's errors."""
    errors = [
        document_factory(f"mode {n}", at=AT + timedelta(seconds=n), error_type=f"E{n}")
        for n in range(5)
    ]
    errors[0].source["log.level"] = "critical"
    infos = [document_factory("ok", level="info", at=AT) for _ in range(3)]
    outside = document_factory("old", at=AT - timedelta(hours=2), error_type="Old")
    index_documents(opensearch_client, index, [*errors, *infos, outside])

    dashboards = DashboardsSettings(url="http://127.0.0.1:5601", index_pattern_id="logpipe-logs")
    settings = AlertSettings(webhook_url=receiver.url, max_messages_per_invocation=2)
    dispatcher = AlertDispatcher(
        settings, LinkBuilder(dashboards, "eu-west-1"), build_slack_notifier(settings)
    )
    outcome = dispatcher.dispatch(errors, Deadline.after(10))
    assert outcome.posted == 3 and outcome.suppressed == 3
    summary = receiver.messages[-1]
    link = parse_discover_url(buttons(summary)["view_errors"])
    hits = run(opensearch_client, index, link)
    assert sorted(h["log_id"] for h in hits) == sorted(d.source["log_id"] for d in errors)


def test_huge_request_id_link_fits_and_still_finds_the_request(
    opensearch_client: OpenSearch,
    index: str,
    receiver: SlackReceiver,
    document_factory: Callable[..., Document],
) -> None:
    """A 6,000-character request id: the link shrinks to a prefix filter under 3000 characters
    that still returns the request's records and no others."""
    huge = uuid.uuid4().hex + "é" * 6000
    target = document_factory("boom", at=AT, request_id=huge)
    sibling = document_factory("step", level="info", at=AT, request_id=huge)
    other = document_factory("other", level="info", at=AT, request_id=uuid.uuid4().hex + "é" * 6000)
    index_documents(opensearch_client, index, [target, sibling, other])

    outcome = dispatcher_for(receiver.url, "data-explorer").dispatch([target], Deadline.after(10))
    assert outcome.posted == 1 and receiver.rejected == []
    url = buttons(receiver.messages[0])["request_logs"]
    assert len(url) <= 3000
    link = parse_discover_url(url)
    assert link.filters[0]["meta"]["type"] == "custom"
    hits = run(opensearch_client, index, link)
    assert sorted(h["message"] for h in hits) == ["boom", "step"]
