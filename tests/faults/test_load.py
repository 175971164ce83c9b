"""Load: 100 invocations of ~1 MB mixed batches (bench.bench_forwarder.mixed_batch), back to back,
against the local node. Reports throughput, retries and the memory high-water mark; every
record must be indexed exactly once."""

from __future__ import annotations

import resource
import statistics
import time
import tracemalloc

import pytest
from msgspec.structs import replace

from bench.bench_forwarder import mixed_batch
from lambda_forwarder.decode import subscription_event
from lambda_forwarder.model import LogBatch, LogEvent
from tests.faults.accounting import Scenario, add_counts
from tests.support.pipeline import balanced, invoke

pytestmark = [pytest.mark.faults, pytest.mark.integration, pytest.mark.slow]

INVOCATIONS = 100


def renumbered(template: LogBatch, invocation: int) -> LogBatch:
    """The same lines under fresh CloudWatch ids, so every invocation indexes new documents."""
    base = 10**55 + invocation * 100_000
    return replace(
        template,
        events=tuple(
            LogEvent(str(base + n), event.timestamp, event.message)
            for n, event in enumerate(template.events)
        ),
    )


def test_one_hundred_1mb_invocations(scenario: Scenario) -> None:
    template = mixed_batch()
    records = len(template.events)
    message_bytes = sum(len(e.message.encode()) for e in template.events)
    pipeline = scenario.pipeline()

    # One invocation under tracemalloc (its own documents; not timed).
    warm = subscription_event(renumbered(template, INVOCATIONS))
    tracemalloc.start()
    warm_counts = invoke(pipeline, warm, seconds=300)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del warm
    rss_before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    totals: dict[str, int] = {}
    durations: list[float] = []
    payload_bytes = 0
    for invocation in range(INVOCATIONS):
        event = subscription_event(renumbered(template, invocation))
        payload_bytes += len(event["awslogs"]["data"])
        started = time.perf_counter()
        counts = invoke(pipeline, event, seconds=300)
        durations.append(time.perf_counter() - started)
        add_counts(totals, counts)
    rss_after_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    elapsed = sum(durations)
    expected = INVOCATIONS * records
    scenario.client.indices.refresh(index=scenario.index)
    stored = int(scenario.client.count(index=scenario.index)["count"])
    ordered = sorted(durations)
    scenario.report.load.update(
        {
            "invocations": INVOCATIONS,
            "records per invocation": records,
            "message MB per invocation": round(message_bytes / 1_048_576, 3),
            "records": totals["received"],
            "indexed": totals["indexed"],
            "dead-lettered": totals["dead_lettered"],
            "records lost": expected + records - stored - totals["dead_lettered"],
            "bulk retries": totals["bulk_retries"],
            "time in handle_event (s)": round(elapsed, 2),
            "records_per_s": totals["received"] / elapsed,
            "mb_per_s": INVOCATIONS * message_bytes / 1_048_576 / elapsed,
            "invocation p50 (s)": round(statistics.median(ordered), 3),
            "invocation p95 (s)": round(ordered[int(0.95 * len(ordered)) - 1], 3),
            "invocation max (s)": round(ordered[-1], 3),
            "base64 payload MB total": round(payload_bytes / 1_048_576, 1),
            "tracemalloc peak, one invocation (MB)": round(traced_peak / 1_048_576, 1),
            "ru_maxrss before the 100 (MB)": round(rss_before_kb / 1024, 1),
            "ru_maxrss after the 100 (MB, whole pytest process)": round(rss_after_kb / 1024, 1),
        }
    )
    assert balanced(totals) and balanced(warm_counts)
    assert totals["received"] == expected and totals["indexed"] == expected, totals
    assert stored == expected + records, (stored, expected + records)
    assert traced_peak < 128 * 1_048_576  # the Lambda's memory target (bench: under 128 MB)
