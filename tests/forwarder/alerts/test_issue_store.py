"""The issue store against the real node: its index, `forwarder issues`, and its faults."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from opensearchpy import OpenSearch

from devtools.slack_receiver import SlackReceiver
from lambda_forwarder.alerts import AlertDispatcher, AlertOutcome
from lambda_forwarder.alerts.issues import (
    IssueStatus,
    IssueTracker,
    OpenSearchIssueStore,
    ensure_issues_index,
)
from lambda_forwarder.alerts.links import LinkBuilder
from lambda_forwarder.alerts.slack import build_slack_notifier
from lambda_forwarder.cli.main import main
from lambda_forwarder.config import AlertSettings, DashboardsSettings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.model import Document

pytestmark = pytest.mark.integration


def dispatcher(url: str, store: OpenSearchIssueStore, **alerts: Any) -> AlertDispatcher:
    settings = AlertSettings(webhook_url=url, **alerts)
    links = LinkBuilder(DashboardsSettings(), "eu-west-1")
    return AlertDispatcher(
        settings, links, build_slack_notifier(settings), tracker=IssueTracker(store)
    )


def test_ensure_issues_index_maps_once(opensearch_client: OpenSearch, prefix: str) -> None:
    index = f"{prefix}-issues"
    assert ensure_issues_index(opensearch_client, index) is True
    assert ensure_issues_index(opensearch_client, index) is False
    mapping = opensearch_client.indices.get_mapping(index=index)[index]["mappings"]
    assert mapping["properties"]["count"] == {"type": "long"}
    assert mapping["properties"]["versions"]["type"] == "keyword"


def test_forwarder_issues_lists_resolves_and_mutes(
    opensearch_client: OpenSearch,
    opensearch_url: str,
    prefix: str,
    document_factory: Callable[..., Document],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = OpenSearchIssueStore(opensearch_client, index=f"{prefix}-issues")
    with SlackReceiver() as receiver:
        one = dispatcher(receiver.url, store)
        assert one.dispatch([document_factory("charge failed")] * 3, Deadline.after(10)).posted == 1
    (issue,) = store.list()
    monkeypatch.setenv("OPENSEARCH_URL", opensearch_url)
    monkeypatch.setenv("ALERT_ISSUES_INDEX", f"{prefix}-issues")
    assert main(["issues"]) == 0
    listed = capsys.readouterr().out
    assert issue["fingerprint"] in listed and "1.4.2" in listed and "3" in listed
    assert main(["issues", "mute", issue["fingerprint"]]) == 0
    assert store.list() == [] and store.list(status="muted")[0]["status"] == "muted"
    assert main(["issues", "resolve", issue["fingerprint"]]) == 0
    assert store.list(status=IssueStatus.RESOLVED.value)[0]["count"] == 3
    assert main(["issues", "resolve", "no-such-issue"]) == 2


@pytest.fixture
def blackhole() -> Iterator[str]:
    """A port that accepts connections and never answers: a hung cluster."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


def test_hung_issue_store_costs_at_most_its_timeout_and_falls_back(
    blackhole: str, document_factory: Callable[..., Document]
) -> None:
    """The alert still goes out (per-container cool-down), the fallback is counted, and the
    whole dispatch stays within the store's timeout plus the post."""
    hung = OpenSearch(blackhole, timeout=30, max_retries=0)
    store = OpenSearchIssueStore(hung, index="logpipe-issues", timeout=0.5)
    with SlackReceiver() as receiver:
        started = time.monotonic()
        outcome = dispatcher(receiver.url, store).dispatch([document_factory()], Deadline.after(10))
        elapsed = time.monotonic() - started
        assert outcome == AlertOutcome(posted=1, suppressed=0, failed=0, store_fallbacks=1)
        assert len(receiver.messages) == 1
    assert elapsed < 2.0  # bounded by the 0.5 s store timeout, not the client's 30 s


def test_failed_post_hands_the_claim_back(
    opensearch_client: OpenSearch, prefix: str, document_factory: Callable[..., Document]
) -> None:
    """Slack down for the first sighting: the next batch announces the issue as New, once."""
    from devtools.slack_receiver import Ok, ServerError

    store = OpenSearchIssueStore(opensearch_client, index=f"{prefix}-issues")
    with SlackReceiver() as receiver:
        receiver.set_default(ServerError())
        one = dispatcher(receiver.url, store)
        assert one.dispatch([document_factory("x failed")], Deadline.after(10)).failed == 1
        receiver.set_default(Ok())
        two = dispatcher(receiver.url, store)
        assert two.dispatch([document_factory("x failed")], Deadline.after(10)).posted == 1
        assert two.dispatch([document_factory("x failed")], Deadline.after(10)).posted == 0
        assert len(receiver.messages) == 1
        assert receiver.messages[0]["blocks"][0]["text"]["text"].startswith("New")
    (issue,) = store.list()
    assert issue["count"] == 3
