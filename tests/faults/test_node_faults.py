"""Faults against the real OpenSearch node: stopped, stopped mid-batch, frozen, starved (429),
write-blocked, read-only (full disk), mapping conflicts, slow near the time budget.

For each: received = indexed + dead-lettered + skipped; every event is indexed or kept in a dead
letter; once the fault is gone `replay` (the function, and once the `forwarder replay` command)
brings the dead letters in; afterwards the node holds each event exactly once.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from lambda_forwarder.decode import subscription_event
from lambda_forwarder.model import LogBatch
from tests.faults.accounting import Scenario, add_counts, event_ids
from tests.faults.conftest import DedicatedNode, _scenario
from tests.faults.report import FaultReport
from tests.support.opensearch_proxy import OpenSearchProxy
from tests.support.pipeline import balanced, batch_of, invoke, stored_letters

pytestmark = [pytest.mark.faults, pytest.mark.integration]

ROOT = Path(__file__).resolve().parents[2]


def lines(count: int, tag: str, size: int = 0) -> list[str]:
    pad = "x" * size
    return [
        json.dumps({"message": f"{tag} {n}", "n": n, "log.level": "info", "pad": pad})
        for n in range(count)
    ]


def big_batch(count: int, tag: str, start_id: int | None = None, size: int = 0) -> LogBatch:
    kwargs = {} if start_id is None else {"start_id": start_id}
    return batch_of(lines(count, tag, size), **kwargs)


@pytest.fixture
def on_stoppable(
    stoppable_node: DedicatedNode, tmp_path: Path, fault_report: FaultReport
) -> Scenario:
    stoppable_node.ensure_running()
    yield from _scenario(stoppable_node.client, stoppable_node.url, tmp_path, fault_report)
    stoppable_node.ensure_running()


@pytest.fixture
def on_starved(starved_node: DedicatedNode, tmp_path: Path, fault_report: FaultReport) -> Scenario:
    yield from _scenario(starved_node.client, starved_node.url, tmp_path, fault_report)


# --- the node itself ------------------------------------------------------------------------


def test_node_stopped_before_the_batch(
    on_stoppable: Scenario, stoppable_node: DedicatedNode
) -> None:
    """Node down: everything dead-lettered; restarted, `forwarder replay --source` brings it in."""
    s = on_stoppable
    pipeline = s.pipeline(BULK_MAX_RETRIES="2")
    batch = big_batch(500, "before")
    stoppable_node.node.stop(keep_data=True)
    counts = invoke(pipeline, subscription_event(batch))
    assert counts["dead_lettered"] == 500 and counts["indexed"] == 0
    stoppable_node.node.start()

    def forwarder_replay() -> tuple[int, int]:
        """The operator's command, as documented: the Lambda's environment, --source DIR."""
        env = {**os.environ, **s.env(), "POWERTOOLS_METRICS_DISABLED": "true"}
        command = [sys.executable, "-m", "lambda_forwarder.cli.main", "replay"]
        done = subprocess.run(
            [*command, "--source", str(s.dead_letters)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        found = re.search(r"indexed (\d+), still failing (\d+)", done.stdout)
        assert found, done.stdout
        return int(found[1]), int(found[2])

    row = s.settle(
        "node stopped before the batch",
        counts,
        event_ids([batch]),
        replay_with=forwarder_replay,
        note="replayed by `forwarder replay --source DIR`",
    )
    assert row.replayed == 500


def test_node_stopped_in_the_middle_of_a_batch(
    on_stoppable: Scenario, stoppable_node: DedicatedNode
) -> None:
    """SIGTERM from another thread while a large batch is being bulk-indexed in small chunks."""
    s = on_stoppable
    batch = big_batch(6000, "midway")
    with OpenSearchProxy(stoppable_node.url) as proxy:
        proxy.latency = 0.05  # 120 requests: the batch takes seconds, the stop lands inside
        pipeline = s.pipeline(proxy.url, BULK_MAX_DOCS="50", BULK_MAX_RETRIES="2")

        def stop_midway() -> None:
            while proxy.bulk_requests < 10:
                time.sleep(0.005)
            stoppable_node.node.stop(keep_data=True)
            proxy.latency = 0.0  # the retries against the stopped node need no slowing

        stopper = threading.Thread(target=stop_midway)
        stopper.start()
        counts = invoke(pipeline, subscription_event(batch))
        stopper.join(60)
    assert counts["indexed"] > 0 and counts["dead_lettered"] > 0, counts
    stoppable_node.node.start()
    s.settle(
        "node stopped in the middle of a batch",
        counts,
        event_ids([batch]),
        note=f"SIGTERM after 10 of 120 bulk requests ({proxy.bulk_requests} in all, retries incl.)",
    )


def test_node_frozen_during_the_batch(
    on_stoppable: Scenario, stoppable_node: DedicatedNode
) -> None:
    """SIGSTOP (a hung node): timeouts, then the deadline; dead-lettered in time; SIGCONT."""
    s = on_stoppable
    pipeline = s.pipeline(OPENSEARCH_TIMEOUT_SECONDS="1", BULK_MAX_RETRIES="1")
    batch = big_batch(300, "frozen")
    pid = stoppable_node.node.pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        counts = invoke(pipeline, subscription_event(batch), seconds=6)
        elapsed = time.monotonic() - started
    finally:
        os.kill(pid, signal.SIGCONT)
    assert counts["dead_lettered"] == 300 and elapsed < 5 * 6, (counts, elapsed)
    s.settle(
        "node frozen (SIGSTOP)", counts, event_ids([batch]), note=f"returned in {elapsed:.1f}s"
    )


def test_write_rejections_under_load(on_starved: Scenario) -> None:
    """One write thread, one queue slot, six concurrent invocations: real 429s, retried; what
    still fails is dead-lettered and replayed."""
    s = on_starved
    s.client.indices.create(index=s.index, body={"settings": {"number_of_replicas": 0}})
    batches = [
        [big_batch(400, f"w{w}b{b}", start_id=10**50 + (w * 10 + b) * 10_000) for b in range(3)]
        for w in range(6)
    ]
    totals: dict[str, int] = {}
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(mine: list[LogBatch]) -> None:
        try:  # each worker is its own Lambda container: its own pipeline and connection
            pipeline = s.pipeline(BULK_MAX_DOCS="20", BULK_MAX_RETRIES="2")
            for batch in mine:
                counts = invoke(pipeline, subscription_event(batch))
                with lock:
                    add_counts(totals, counts)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(mine,)) for mine in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert totals["bulk_retries"] > 0, f"no 429 happened: {totals}"
    s.settle(
        "write rejections (429) under load",
        totals,
        event_ids(b for mine in batches for b in mine),
        note="write pool 1 thread, queue 1; 6 concurrent invocations; BULK_MAX_RETRIES=2",
        expect_dead_letters=False,
    )


# --- the index ------------------------------------------------------------------------------


def test_write_blocked_index(scenario: Scenario) -> None:
    """`index.blocks.write: true`: 403 per item, dead-lettered at once (not retried)."""
    s = scenario
    s.client.indices.create(index=s.index, body={"settings": {"index.blocks.write": True}})
    batch = big_batch(200, "blocked")
    counts = invoke(s.pipeline(), subscription_event(batch))
    assert counts["dead_lettered"] == 200 and counts["bulk_retries"] == 0, counts
    reasons = {letter.reason for letter in stored_letters(s.dead_letters)}
    assert any("cluster_block_exception" in r and "403" in r for r in reasons), reasons
    s.client.indices.put_settings(index=s.index, body={"index.blocks.write": False})
    s.settle("index.blocks.write", counts, event_ids([batch]), note="403 cluster_block_exception")


def test_read_only_allow_delete_index(scenario: Scenario) -> None:
    """What a full disk causes: retried as a 429, then dead-lettered; replayed once lifted."""
    s = scenario
    s.client.indices.create(index=s.index)
    s.client.indices.put_settings(index=s.index, body={"index.blocks.read_only_allow_delete": True})
    batch = big_batch(200, "full-disk")
    counts = invoke(s.pipeline(BULK_MAX_RETRIES="2"), subscription_event(batch))
    assert counts["dead_lettered"] == 200, counts
    reasons = {letter.reason for letter in stored_letters(s.dead_letters)}
    assert all("read-only" in r or "read_only" in r for r in reasons), reasons
    s.client.indices.put_settings(index=s.index, body={"index.blocks.read_only_allow_delete": None})
    s.settle(
        "index.blocks.read_only_allow_delete",
        counts,
        event_ids([batch]),
        note="429 cluster_block_exception, retried (BULK_MAX_RETRIES=2), then dead-lettered",
    )


def test_mapping_conflicts_are_indexed_degraded(scenario: Scenario) -> None:
    """Type and object-path conflicts with an earlier document: indexed degraded, none lost."""
    s = scenario
    # The harshest case: an index created before any template (the forwarder's own setup off),
    # so type conflicts are not softened by the template's ignore_malformed.
    pipeline = s.pipeline(INDEX_AUTO_SETUP="false")
    first = batch_of([json.dumps({"status": 200, "a": "x", "n": 1})], start_id=10**50)
    conflicting = [
        json.dumps({"status": "ok", "n": 2}),
        json.dumps({"a.b": "y", "n": 3}),
        json.dumps({"a": {"c": 1}, "n": 4}),
        json.dumps({"status": {"code": 5}, "n": 5}),
    ]
    second = batch_of(conflicting, start_id=10**50 + 100)
    counts = add_counts(
        invoke(pipeline, subscription_event(first)), invoke(pipeline, subscription_event(second))
    )
    assert counts["dead_lettered"] == 0 and counts["indexed"] == 5, counts
    assert counts["degraded"] >= 2, counts
    s.settle(
        "mapping conflicts (type, object path)",
        counts,
        event_ids([first, second]),
        note=f"{counts['degraded']} indexed degraded",
        expect_dead_letters=False,
    )


def test_mapping_conflicts_a_degraded_document_cannot_fix(scenario: Scenario) -> None:
    """A strict mapping rejects even the degraded form: dead-lettered with the reason; once the
    mapping allows the fields, replay indexes them."""
    s = scenario
    s.client.indices.create(
        index=s.index,
        body={"mappings": {"dynamic": "strict", "properties": {"message": {"type": "text"}}}},
    )
    batch = big_batch(50, "strict")
    counts = invoke(s.pipeline(), subscription_event(batch))
    assert counts["dead_lettered"] == 50, counts
    reasons = {letter.reason for letter in stored_letters(s.dead_letters)}
    assert all("strict_dynamic_mapping_exception" in r for r in reasons), reasons
    s.client.indices.put_mapping(index=s.index, body={"dynamic": True})
    s.settle("strict mapping (degraded form rejected too)", counts, event_ids([batch]))


def test_slow_responses_near_the_time_budget(scenario: Scenario, opensearch_url: str) -> None:
    """1 s of latency per request, a 3.5 s budget, ten requests' worth of documents: what fits is
    indexed, the rest dead-lettered as `deadline` before the budget runs out."""
    s = scenario
    batch = big_batch(200, "slow")
    budget = 3.5
    with OpenSearchProxy(opensearch_url) as proxy:
        proxy.latency = 1.0
        pipeline = s.pipeline(proxy.url, BULK_MAX_DOCS="20")
        started = time.monotonic()
        counts = invoke(pipeline, subscription_event(batch), seconds=budget)
        elapsed = time.monotonic() - started
    assert balanced(counts) and counts["dead_lettered"] > 0 and counts["indexed"] > 0, counts
    assert elapsed < 5 * budget, elapsed
    stages = {letter.stage for letter in stored_letters(s.dead_letters)}
    assert "deadline" in stages, stages
    time.sleep(1.2)  # let the proxy finish the request cut off by the deadline
    s.settle(
        "slow responses near the time budget",
        counts,
        event_ids([batch]),
        note=f"1 s latency, {budget} s budget, returned in {elapsed:.1f}s",
    )
