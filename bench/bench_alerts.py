"""What error issues cost: state reads and writes per alerting batch, and error -> Slack.

1. The issue store alone (`IssueTracker.observe`, against the node): one batch with one
   known issue (the common storm case: `_mget` + `_bulk`, quiet), one with a new issue
   (`_mget` + `create`), and one with 20 distinct known issues.
2. `logger.error` -> Slack POST through the handler with issues on (each probe a new issue,
   so each posts: the slowest path, a create and a message), beside the same with issues off
   (the per-container cool-down, as before).
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import emitter
from bench.bench_end_to_end import LineSink
from bench.opensearch import bench_indices
from bench.stats import percentile
from devtools.slack_receiver import SlackReceiver
from lambda_forwarder.alerts.issues import IssueTracker, OpenSearchIssueStore
from lambda_forwarder.alerts.noise import AlertGroup
from lambda_forwarder.config import load_settings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.decode import pack_batches, subscription_event
from lambda_forwarder.handler import build_pipeline, handle_event
from lambda_forwarder.model import DATA_MESSAGE, Document, LogBatch, LogEvent

ROUNDS = 200
PROBES = 40


def _group(fingerprint: str) -> AlertGroup:
    now = datetime.now(UTC)
    source = {
        "@timestamp": now.isoformat(),
        "log.level": "error",
        "message": "card declined",
        "service.name": "bench",
        "service.version": "1.0.0",
        "log_id": str(uuid.uuid4()),
        "error.type": "Declined",
    }
    event = LogEvent("1", int(now.timestamp() * 1000), "{}")
    batch = LogBatch(DATA_MESSAGE, "123456789012", "/ecs/bench", "s", (event,))
    document = Document("1", "bench", source, event, batch)
    return AlertGroup(fingerprint, document, "error", 50, now, now, (document,))


def _timed(action: Any, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _store_costs(url: str) -> list[dict[str, Any]]:
    from opensearchpy import OpenSearch

    client = OpenSearch(url, timeout=30)
    index = f"bench-issues-{uuid.uuid4().hex[:8]}"
    tracker = IssueTracker(OpenSearchIssueStore(client, index=index))
    try:
        known = [_group(f"known-{n}") for n in range(20)]
        tracker.observe(known, time.time(), Deadline.after(10))  # create them
        one = _timed(lambda: tracker.observe(known[:1], time.time(), Deadline.after(10)), ROUNDS)
        twenty = _timed(
            lambda: tracker.observe(known, time.time(), Deadline.after(10)), ROUNDS // 4
        )
        fresh = _timed(
            lambda: tracker.observe([_group(uuid.uuid4().hex)], time.time(), Deadline.after(10)),
            ROUNDS,
        )
    finally:
        client.indices.delete(index=index, ignore_unavailable=True)
        client.close()
    figures = []
    for name, samples in (
        ("issue state, 1 known issue per batch", one),
        ("issue state, 1 new issue per batch", fresh),
        ("issue state, 20 known issues per batch", twenty),
    ):
        figures.append({"name": f"{name}, p50", "value": statistics.median(samples), "unit": "ms"})
        figures.append({"name": f"{name}, p99", "value": percentile(samples, 0.99), "unit": "ms"})
    return figures


def _to_slack(url: str, issues: bool, app: bool = False) -> list[float]:
    sink = LineSink()
    log = emitter.Registry(emitter.Config(service_name="bench-alerts", stream=sink)).get_logger(
        "bench.alerts"
    )
    samples: list[float] = []
    tag = uuid.uuid4().hex[:6]
    with (
        bench_indices(url, f"bench-alerts-{tag}-") as client,
        SlackReceiver() as slack,
        tempfile.TemporaryDirectory() as dead_letters,
    ):
        # app mode: slack_sdk's WebClient -> chat.postMessage (a new connection per call)
        destination = (
            {
                "SLACK_BOT_TOKEN": slack.token,
                "SLACK_CHANNEL": "C0ALERTS1",
                "SLACK_API_URL": slack.api_url,
            }
            if app
            else {"SLACK_WEBHOOK_URL": slack.url}
        )
        settings = load_settings(
            {
                "OPENSEARCH_URL": url,
                "DEAD_LETTER_DIR": dead_letters,
                "INDEX_PATTERN": f"bench-alerts-{tag}-%Y.%m.%d",
                **destination,
                "ALERT_COOLDOWN_SECONDS": "0",
                "ALERT_ISSUES": "true" if issues else "false",
                "ALERT_ISSUES_INDEX": f"bench-alerts-{tag}-issues",
            }
        )
        pipeline = build_pipeline(settings)
        for probe in range(PROBES):
            started = time.perf_counter()
            log.error("payment failed", **{"error.fingerprint": f"bench-{tag}-{probe}"})
            line = sink.lines.pop()
            (batch,) = pack_batches(
                [(int(time.time() * 1000), line)],
                owner="123456789012",
                log_group="/ecs/bench-alerts",
                log_stream="bench/1",
            )
            before = len(slack.requests)
            handle_event(pipeline, subscription_event(batch), None, Deadline.after(30))
            if not slack.wait_for(before + 1, timeout=10):
                raise RuntimeError("no Slack POST arrived")
            samples.append((slack.requests[before].received_at - started) * 1000)
        client.indices.delete(index=f"bench-alerts-{tag}-issues", ignore_unavailable=True)
    return samples


def run() -> dict[str, Any]:
    url = os.environ["OPENSEARCH_URL"]
    figures = _store_costs(url)
    for issues, app in ((False, False), (True, False), (True, True)):
        samples = _to_slack(url, issues, app)
        label = "issues on (each a new issue)" if issues else "issues off"
        if app:
            label = "app mode, chat.postMessage (each a new issue)"
        figures.append(
            {
                "name": f"logger.error -> Slack POST, {label}, p50",
                "value": statistics.median(samples),
                "unit": "ms",
            }
        )
        figures.append(
            {
                "name": f"logger.error -> Slack POST, {label}, p99",
                "value": percentile(samples, 0.99),
                "unit": "ms",
            }
        )
    return {
        "title": "alerts: error issues",
        "figures": figures,
        "notes": [
            f"Issue state: {ROUNDS} batches each (20-issue batches: {ROUNDS // 4}), one process, "
            "the local node; a batch's reads and writes are one _mget and one _bulk unless a race "
            "is lost. Slack: "
            f"{PROBES} probes, one error per invocation, loopback receiver (webhook, or the Web "
            "API for app mode).",
        ],
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
