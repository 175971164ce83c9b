"""The Dashboards index-pattern step, against a loopback recorder of the saved-objects API
(Dashboards itself is not part of the local stack; this pins the request we send)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from lambda_forwarder.config import DashboardsSettings
from lambda_forwarder.index.dashboards import display_url, ensure_index_pattern
from tests.forwarder.index.support import closed_port_url


class Recorder:
    def __init__(self) -> None:
        self.saved: dict[str, Any] | None = None
        self.requests: list[tuple[str, str, dict[str, str], Any]] = []


@pytest.fixture
def dashboards() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _answer(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            recorder.requests.append(("GET", self.path, dict(self.headers), None))
            if recorder.saved is None:
                self._answer(404, {"statusCode": 404, "error": "Not Found"})
            else:
                self._answer(200, recorder.saved)

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            recorder.requests.append(("POST", self.path, dict(self.headers), body))
            if self.headers.get("osd-xsrf") != "true":
                self._answer(400, {"message": "Request must contain a osd-xsrf header."})
                return
            recorder.saved = {"id": "x", "type": "index-pattern", **body}
            self._answer(200, recorder.saved)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", recorder
    server.shutdown()
    server.server_close()


def test_creates_then_leaves_unchanged(dashboards: tuple[str, Recorder]) -> None:
    url, recorder = dashboards
    settings = DashboardsSettings(url=url, index_pattern_id="logpipe-logs")
    assert ensure_index_pattern(settings).endswith(": created")
    method, path, headers, body = recorder.requests[-1]
    assert (method, path) == (
        "POST",
        "/api/saved_objects/index-pattern/logpipe-logs?overwrite=true",
    )
    assert headers["osd-xsrf"] == "true"
    assert body == {"attributes": {"title": "logs-*", "timeFieldName": "@timestamp"}}

    assert ensure_index_pattern(settings).endswith(": unchanged")
    assert [r[0] for r in recorder.requests] == ["GET", "POST", "GET"]


def test_dry_run_does_not_write(dashboards: tuple[str, Recorder]) -> None:
    url, recorder = dashboards
    line = ensure_index_pattern(DashboardsSettings(url=url), dry_run=True)
    assert line.endswith("would create")
    assert [r[0] for r in recorder.requests] == ["GET"]


def test_unreachable_dashboards_is_skipped() -> None:
    line = ensure_index_pattern(DashboardsSettings(url=closed_port_url()), timeout=2)
    assert "skipped" in line and "unreachable" in line


def test_display_url_hides_credentials() -> None:
    assert display_url("https://user:secret@dash.example:5601/_dashboards?x=1") == (
        "https://dash.example:5601/_dashboards"
    )


# --- one Dashboards base URL for bootstrap and the alert links ------------------------------

KINDS = [
    # (DASHBOARDS_URL as configured, kind, the base both must use)
    (
        "https://search-logs-abc.eu-west-1.es.amazonaws.com",
        "aws-domain",
        "https://search-logs-abc.eu-west-1.es.amazonaws.com/_dashboards",
    ),
    (
        "https://search-logs-abc.eu-west-1.es.amazonaws.com/_dashboards/",
        "aws-domain",
        "https://search-logs-abc.eu-west-1.es.amazonaws.com/_dashboards",
    ),
    (
        "https://07tjusf2h91cunochc.eu-west-1.aoss.amazonaws.com",
        "serverless",
        "https://07tjusf2h91cunochc.eu-west-1.aoss.amazonaws.com/_dashboards",
    ),
    ("http://127.0.0.1:5601/", "self-hosted", "http://127.0.0.1:5601"),
    ("https://logs.example.com/kibana", "self-hosted", "https://logs.example.com/kibana"),
]


@pytest.mark.parametrize(("configured", "kind", "base"), KINDS)
def test_bootstrap_and_links_agree_on_the_dashboards_base(
    configured: str, kind: str, base: str
) -> None:
    """The index pattern bootstrap writes and the Discover link an alert carries live under the
    same base, for AWS domains, Serverless collections and self-hosted Dashboards."""
    from datetime import UTC, datetime

    from lambda_forwarder.alerts.links import LinkBuilder, phrase_filter
    from lambda_forwarder.config import dashboards_base, dashboards_kind
    from lambda_forwarder.index.dashboards import index_pattern_url

    settings = DashboardsSettings(url=configured)
    assert dashboards_kind(configured) == kind
    assert dashboards_base(configured) == base
    assert index_pattern_url(settings) == f"{base}/api/saved_objects/index-pattern/logpipe-logs"
    moment = datetime(2026, 11, 25, 10, 7, tzinfo=UTC)
    link = LinkBuilder(settings, "eu-west-1").discover(
        [phrase_filter("logpipe-logs", "log_id", "x")], moment, moment
    )
    assert link.startswith(f"{base}/app/")


def test_bootstrap_writes_the_pattern_under_the_base(
    dashboards: tuple[str, Recorder],
) -> None:
    """Against the loopback recorder: the saved-objects request goes to the base's path."""
    url, recorder = dashboards
    ensure_index_pattern(DashboardsSettings(url=url + "/"))
    assert {path.split("?")[0] for _, path, _, _ in recorder.requests} == {
        "/api/saved_objects/index-pattern/logpipe-logs"
    }


@pytest.mark.integration
def test_the_forwarders_setup_creates_the_index_pattern(
    dashboards: tuple[str, Recorder], opensearch_client: Any, prefix: str
) -> None:
    """No bootstrap needed for the links: the container's setup creates the index pattern; an
    unreachable Dashboards (none deployed) is a line, not a failure."""
    from lambda_forwarder.config import IndexSettings
    from lambda_forwarder.index.ensure import ensure_index_setup, index_pattern_step

    url, recorder = dashboards
    settings = IndexSettings(index_pattern=f"{prefix}-logs-%Y.%m.%d")
    outcome = ensure_index_setup(
        opensearch_client, settings, steps=(index_pattern_step(DashboardsSettings(url=url)),)
    )
    assert outcome.ok and outcome.lines[-1].endswith(": created")
    assert recorder.saved is not None
    assert recorder.saved["attributes"] == {"title": "logs-*", "timeFieldName": "@timestamp"}
    away = ensure_index_setup(
        opensearch_client,
        settings,
        steps=(index_pattern_step(DashboardsSettings(url=closed_port_url())),),
    )
    assert away.ok and "unreachable" in away.lines[-1]
