"""Separate processes standing in for concurrent Lambda containers.

Each child builds its own forwarder from an environment (settings, OpenSearch client, issue
store, Slack notifier: nothing shared with the parent but the node and the Slack receiver),
waits for the start signal so they race, runs one batch and reports its counts.
"""

from __future__ import annotations

import json
import multiprocessing
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

SPAWN = multiprocessing.get_context("spawn")


def error_line(
    message: str,
    *,
    service: str = "checkout",
    version: str = "2.0.1",
    error_type: str = "payments.CardDeclined",
    level: str = "error",
    function: str = "charge",
) -> str:
    """An emitter record of an error with a stack whose innermost app frame is `function`."""
    return json.dumps(
        {
            "@timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "log.level": level,
            "message": message,
            "log.logger": "checkout.pay",
            "service.name": service,
            "service.version": version,
            "service.environment": "prod",
            "log_id": str(uuid.uuid4()),
            "schema": "emitter/1",
            "error.type": error_type,
            "error.message": message,
            "error.stack_trace": (
                "Traceback (most recent call last):\n"
                f'  File "/var/task/checkout/pay.py", line 12, in {function}\n'
                "    raise CardDeclined(msg)\n"
                f"{error_type}: {message}"
            ),
        }
    )


def _child(
    env: dict[str, str],
    lines: list[str],
    clock_offset: float,
    ready: Any,
    go: Any,
    results: Any,
) -> None:
    from lambda_forwarder.alerts import build_dispatcher
    from lambda_forwarder.config import load_settings
    from lambda_forwarder.deadletter import build_store
    from lambda_forwarder.deadline import Deadline
    from lambda_forwarder.index.bulk import BulkIndexer
    from lambda_forwarder.index.client import build_client
    from lambda_forwarder.pipeline import Pipeline
    from tests.support.pipeline import batch_of

    settings = load_settings(env)
    pipeline = Pipeline(
        settings,
        indexer=BulkIndexer(build_client(settings.opensearch), settings.index),
        dead_letters=build_store(settings.dead_letter),
        alerter=build_dispatcher(settings, clock=lambda: time.time() + clock_offset),
    )
    batch = batch_of(lines)
    ready.put(1)
    go.wait(60)
    report = pipeline.process_batch(batch, Deadline.after(30))
    results.put(report.as_dict())


def run_containers(
    env: dict[str, str], batches: Sequence[list[str]], *, clock_offset: float = 0.0
) -> list[dict[str, int]]:
    """One process per batch, all started at once; their invocation reports."""
    go = SPAWN.Event()
    ready = SPAWN.Queue()
    results = SPAWN.Queue()
    children = [
        SPAWN.Process(target=_child, args=(env, list(lines), clock_offset, ready, go, results))
        for lines in batches
    ]
    for child in children:
        child.start()
    for _ in children:  # every container built (imports, clients) before any of them runs
        ready.get(timeout=120)
    go.set()
    reports = [results.get(timeout=120) for _ in children]
    for child in children:
        child.join(60)
        assert child.exitcode == 0, f"container exited with {child.exitcode}"
    return reports
