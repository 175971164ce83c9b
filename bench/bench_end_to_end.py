"""End-to-end latency: from `logger.error` to the document being searchable, and to the Slack POST.

In one process: the emitter writes the line, the line is packed into a real subscription event
and handed to the handler (decode -> ... -> index -> alert) against the local OpenSearch node and
a loopback Slack receiver; then the log_id is searched until it is found. CloudWatch's own
delivery delay ("usually less than three minutes") is outside what this measures and adds to it.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from typing import Any

import emitter
from bench.opensearch import bench_indices
from bench.stats import percentile
from devtools.slack_receiver import SlackReceiver
from lambda_forwarder.config import load_settings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.decode import pack_batches, subscription_event
from lambda_forwarder.handler import build_pipeline, handle_event

PROBES = 30


class LineSink:
    """A stream for the emitter that keeps the last line written."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, text: str) -> int:
        self.lines.extend(line for line in text.splitlines() if line)
        return len(text)

    def flush(self) -> None:
        pass


def run() -> dict[str, Any]:
    url = os.environ["OPENSEARCH_URL"]
    sink = LineSink()
    log = emitter.Registry(emitter.Config(service_name="bench-e2e", stream=sink)).get_logger(
        "bench.e2e"
    )
    to_slack: list[float] = []
    to_searchable: list[float] = []
    handler_ms: list[float] = []
    with (
        bench_indices(url, "bench-latency-") as client,
        SlackReceiver() as slack,
        tempfile.TemporaryDirectory() as dead_letters,
    ):
        settings = load_settings(
            {
                "OPENSEARCH_URL": url,
                "DEAD_LETTER_DIR": dead_letters,
                "INDEX_PATTERN": "bench-latency-%Y.%m.%d",
                "SLACK_WEBHOOK_URL": slack.url,
                "ALERT_COOLDOWN_SECONDS": "0",
                "ALERT_ISSUES": "false",  # the per-container path; bench_alerts measures issues
            }
        )
        pipeline = build_pipeline(settings)
        for probe in range(PROBES):
            started = time.perf_counter()
            try:
                raise TimeoutError(f"gateway did not answer (probe {probe})")
            except TimeoutError:
                log.error("payment failed")
            line = sink.lines.pop()
            log_id = json.loads(line)["log_id"]
            (batch,) = pack_batches(
                [(int(time.time() * 1000), line)],
                owner="123456789012",
                log_group="/ecs/bench-e2e",
                log_stream="bench/1",
            )
            before = len(slack.requests)
            handle_event(pipeline, subscription_event(batch), None, Deadline.after(30))
            handler_ms.append((time.perf_counter() - started) * 1000)
            if not slack.wait_for(before + 1, timeout=10):
                raise RuntimeError("no Slack POST arrived")
            to_slack.append((slack.requests[before].received_at - started) * 1000)
            query = {"query": {"term": {"log_id": log_id}}}
            while client.count(index="bench-latency-*", body=query)["count"] == 0:
                if time.perf_counter() - started > 30:
                    raise RuntimeError("document never became searchable")
                time.sleep(0.005)
            to_searchable.append((time.perf_counter() - started) * 1000)
    return {
        "title": "end to end",
        "figures": [
            {
                "name": "logger.error -> Slack POST, p50",
                "value": statistics.median(to_slack),
                "unit": "ms",
            },
            {
                "name": "logger.error -> Slack POST, p99",
                "value": percentile(to_slack, 0.99),
                "unit": "ms",
            },
            {
                "name": "logger.error -> searchable, p50",
                "value": statistics.median(to_searchable),
                "unit": "ms",
            },
            {
                "name": "logger.error -> searchable, p99",
                "value": percentile(to_searchable, 0.99),
                "unit": "ms",
            },
            {
                "name": "handler (index + alert), p50",
                "value": statistics.median(handler_ms),
                "unit": "ms",
            },
        ],
        "notes": [
            f"{PROBES} probes, one error each, one event per invocation, in one process; the "
            "local node refreshes every 1 s (the OpenSearch default), which dominates "
            "'searchable'. Excludes CloudWatch's delivery delay to the subscription.",
        ],
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
