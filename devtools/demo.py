"""`make demo`: the whole pipeline on one machine, end to end, on local defaults.

1. a real OpenSearch node (or OPENSEARCH_URL), bootstrapped with `forwarder bootstrap`;
2. a local Slack receiver that prints each message (or SLACK_WEBHOOK_URL);
3. two example services built on the emitter (examples/), their stdout
4. piped through `forwarder pipe`: CloudWatch-style batches handed to `lambda_handler`;
5. a report: records emitted, indexed, dead-lettered; alerts; the error's "View Full Log" link; the
   searches for its log_id and for an order id across both services, with their latencies.
Exits non-zero if any step failed, and stops what it started.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from opensearchpy import OpenSearch

ROOT = Path(__file__).resolve().parent.parent
# Unique per run, so a second `make demo` against the same cluster checks its own records.
RUN = uuid.uuid4().hex[:4]
ORDERS = [f"ord-{RUN}-1001", f"ord-{RUN}-1002", f"ord-{RUN}-1007"]
FAILING_ORDER = ORDERS[-1]  # the checkout service fails orders ending in 7
SERVICES = (
    # (service name, module, log group)
    ("checkout", "examples.checkout_service", "/ecs/checkout"),
    ("fulfillment", "examples.fulfillment_service", "/ecs/fulfillment"),
)


@dataclass
class Checks:
    """What the demo verified; any failure makes `make demo` exit non-zero."""

    failures: list[str] = field(default_factory=list)

    def expect(self, ok: bool, what: str) -> bool:
        print(f"  [{'ok' if ok else 'FAILED'}] {what}")
        if not ok:
            self.failures.append(what)
        return ok


def step(title: str) -> None:
    print(f"\n== {title}", flush=True)


def forwarder(args: list[str], env: dict[str, str], **kwargs: Any) -> subprocess.Popen[bytes]:
    """The real `forwarder` command line, as an operator would run it."""
    return subprocess.Popen(
        [sys.executable, "-m", "lambda_forwarder.cli.main", *args], env=env, cwd=ROOT, **kwargs
    )


def run_service(
    module: str, service: str, log_group: str, env: dict[str, str], summary: Path
) -> tuple[int, dict[str, int]]:
    """`python -m <service> | forwarder pipe`: returns lines emitted and the pipe's counts."""
    service_env = {**env, "SERVICE_NAME": service, "APP_VERSION": "1.4.2", "ENVIRONMENT": "demo"}
    producer = subprocess.Popen(
        [sys.executable, "-m", module, *ORDERS], env=service_env, cwd=ROOT, stdout=subprocess.PIPE
    )
    consumer = forwarder(
        [
            "pipe",
            "--log-group",
            log_group,
            "--log-stream",
            f"{service}/demo/1",
            "--summary-json",
            str(summary),
            "--flush-seconds",
            "0.5",
        ],
        env,
        stdin=subprocess.PIPE,
    )
    assert producer.stdout is not None and consumer.stdin is not None
    emitted = 0
    for line in producer.stdout:
        emitted += 1
        consumer.stdin.write(line)
    consumer.stdin.close()
    producer.wait(timeout=60)
    consumer.wait(timeout=120)
    if producer.returncode or consumer.returncode:
        raise RuntimeError(f"{module} exited {producer.returncode}, pipe {consumer.returncode}")
    return emitted, json.loads(summary.read_text())


def timed(search: Callable[[], dict[str, Any]]) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    response = search()
    return response, (time.perf_counter() - started) * 1000


def view_full_log_url(message: dict[str, Any]) -> str | None:
    for block in message.get("blocks", []):
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("text", {}).get("text") == "View Full Log":
                return element.get("url")
    return None


def main() -> int:
    checks = Checks()
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="logpipe-demo-")))

        step("1. OpenSearch")
        url = os.environ.get("OPENSEARCH_URL")
        if url:
            print(f"  using OPENSEARCH_URL={url}")
        else:
            from devtools.opensearch_node import LocalOpenSearch

            started = time.perf_counter()
            url = stack.enter_context(LocalOpenSearch()).url
            print(f"  local node {url} green in {time.perf_counter() - started:.1f} s")
        env = {
            **os.environ,
            "OPENSEARCH_URL": url,
            "DEAD_LETTER_DIR": str(work / "dead-letters"),
            "PYTHONPATH": str(ROOT),
            # Each run its own error issues: on a cluster that already saw the demo's payment
            # error, a shared issues index would (rightly) stay quiet about it.
            "ALERT_ISSUES_INDEX": os.environ.get(
                "ALERT_ISSUES_INDEX", f"logpipe-demo-issues-{uuid.uuid4().hex[:8]}"
            ),
        }
        bootstrap = forwarder(["bootstrap"], env)
        checks.expect(bootstrap.wait(timeout=120) == 0, "forwarder bootstrap (index template)")

        step("2. Slack")
        receiver = None
        if os.environ.get("SLACK_WEBHOOK_URL"):
            print("  posting to SLACK_WEBHOOK_URL")
        else:
            from devtools.slack_receiver import SlackReceiver

            receiver = stack.enter_context(SlackReceiver(echo=sys.stdout))
            env["SLACK_WEBHOOK_URL"] = receiver.url
            print(f"  local Slack receiver at {receiver.url} (messages are printed below)")

        step("3-4. services -> forwarder pipe -> lambda_handler")
        totals = {"emitted": 0, "received": 0, "indexed": 0, "dead_lettered": 0, "alerts_posted": 0}
        for service, module, log_group in SERVICES:
            emitted, counts = run_service(module, service, log_group, env, work / f"{service}.json")
            print(
                f"  {service:<12} emitted {emitted:>3}  indexed {counts['indexed']:>3}  "
                f"dead-lettered {counts['dead_lettered']}  alerts {counts['alerts_posted']}"
            )
            totals["emitted"] += emitted
            for key in ("received", "indexed", "dead_lettered", "alerts_posted"):
                totals[key] += counts[key]

        step("5. report")
        client = OpenSearch(url, timeout=30)
        client.indices.refresh(index="logs-*")
        print(
            f"  records emitted {totals['emitted']}, indexed {totals['indexed']}, "
            f"dead-lettered {totals['dead_lettered']}; alerts posted {totals['alerts_posted']}"
        )
        checks.expect(totals["received"] == totals["emitted"], "every emitted line was received")
        checks.expect(
            totals["indexed"] + totals["dead_lettered"] == totals["received"],
            "received = indexed + dead-lettered",
        )
        checks.expect(totals["dead_lettered"] == 0, "nothing dead-lettered")
        checks.expect(totals["alerts_posted"] >= 1, "the payment error was alerted")

        log_id = _error_log_id(client, checks)
        if receiver is not None:
            receiver.wait_for(1, timeout=5)
            link = next(filter(None, map(view_full_log_url, receiver.messages)), None)
            checks.expect(link is not None, "the Slack message has a View Full Log button")
            if link:
                print(f"  View Full Log: {link}")
                checks.expect(
                    log_id is not None and log_id in unquote(link),
                    "the link names the error's log_id",
                )
        if log_id:
            response, wall_ms = timed(
                lambda: client.search(index="logs-*", body={"query": {"term": {"log_id": log_id}}})
            )
            hits = response["hits"]["total"]["value"]
            print(
                f"  search log_id:{log_id}: {hits} hit, "
                f"took {response['took']} ms, {wall_ms:.1f} ms round trip"
            )
            checks.expect(hits == 1, "the log_id search finds exactly the one record")

        response, wall_ms = timed(
            lambda: client.search(
                index="logs-*",
                body={
                    "size": 50,
                    "query": {"match_phrase": {"order_id": FAILING_ORDER}},
                    "sort": [{"@timestamp": "asc"}],
                },
            )
        )
        hits = response["hits"]["hits"]
        services = sorted({hit["_source"].get("service.name") for hit in hits})
        print(
            f"  search order_id:{FAILING_ORDER}: {len(hits)} hits across {', '.join(services)}, "
            f"took {response['took']} ms, {wall_ms:.1f} ms round trip"
        )
        for hit in hits:
            source = hit["_source"]
            print(
                f"    {source['@timestamp']}  {source.get('service.name'):<12} "
                f"{source.get('log.level'):<8} {source.get('message')}"
            )
        checks.expect(
            services == ["checkout", "fulfillment"], "the order id is found in both services"
        )

    print()
    if checks.failures:
        print(f"demo FAILED: {len(checks.failures)} check(s): " + "; ".join(checks.failures))
        return 1
    print("demo OK: every step passed")
    return 0


def _error_log_id(client: OpenSearch, checks: Checks) -> str | None:
    response = client.search(
        index="logs-*",
        body={
            "query": {
                "bool": {
                    "filter": [
                        {"term": {"log.level": "error"}},
                        {"match_phrase": {"order_id": FAILING_ORDER}},
                    ]
                }
            }
        },
    )
    hits = response["hits"]["hits"]
    if not checks.expect(len(hits) == 1, "the payment error is indexed once, with its order id"):
        return None
    source = hits[0]["_source"]
    checks.expect(bool(source.get("error.stack_trace")), "the error carries its stack trace")
    return source.get("log_id")


if __name__ == "__main__":
    sys.exit(main())
