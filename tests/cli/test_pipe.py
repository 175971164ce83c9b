"""`forwarder pipe`: a service's stdout through the Lambda's own code path."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from lambda_forwarder.cli.pipe import MAX_BATCH_EVENTS, timed_batches

ROOT = Path(__file__).resolve().parents[2]


def test_everything_read_arrives_in_order_at_end_of_input() -> None:
    stream = io.BytesIO(b"a\n\nb\r\nc")
    batches = list(timed_batches(stream, flush_seconds=60))
    assert [[line for _, line in batch] for batch in batches] == [["a", "b", "c"]]


def test_batches_respect_cloudwatchs_event_limit() -> None:
    stream = io.BytesIO(b"x\n" * (MAX_BATCH_EVENTS + 5))
    sizes = [len(batch) for batch in timed_batches(stream, flush_seconds=60)]
    assert sizes == [MAX_BATCH_EVENTS, 5]


def test_a_quiet_stream_is_flushed_after_flush_seconds() -> None:
    """A line is delivered within the flush interval, not held until the service exits."""
    read_end, write_end = os.pipe()
    reader = os.fdopen(read_end, "rb")
    writer = os.fdopen(write_end, "wb", buffering=0)
    delivered: list[tuple[float, list[str]]] = []

    def consume() -> None:
        for batch in timed_batches(reader, flush_seconds=0.05):
            delivered.append((time.monotonic(), [line for _, line in batch]))

    thread = threading.Thread(target=consume)
    thread.start()
    writer.write(b"first\n")
    time.sleep(1.0)  # far longer than flush_seconds: "first" must have gone out alone
    writer.write(b"second\n")
    writer.close()
    thread.join(timeout=10)
    assert [lines for _, lines in delivered] == [["first"], ["second"]]


@pytest.mark.integration
def test_pipe_indexes_a_services_stdout(opensearch_url: str, tmp_path: Path) -> None:
    """Lines on stdin end up as documents; the summary counts add up."""
    prefix = f"t-{uuid.uuid4().hex[:10]}"
    lines = [json.dumps({"message": f"line {i}", "level": "info"}) for i in range(30)]
    summary = tmp_path / "summary.json"
    env = {
        **os.environ,
        "OPENSEARCH_URL": opensearch_url,
        "INDEX_PATTERN": f"{prefix}-%Y.%m.%d",
        "DEAD_LETTER_DIR": str(tmp_path / "dl"),
    }
    env.pop("SLACK_WEBHOOK_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "lambda_forwarder.cli.main",
            "pipe",
            "--log-group",
            "/ecs/pipe",
            "--summary-json",
            str(summary),
        ],
        input="\n".join(lines) + "\n",
        text=True,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    counts = json.loads(summary.read_text())
    assert counts["received"] == counts["indexed"] == 30 and counts["dead_lettered"] == 0
    client = OpenSearch(opensearch_url)
    try:
        client.indices.refresh(index=f"{prefix}-*")
        found = client.search(index=f"{prefix}-*", body={"size": 100})["hits"]["hits"]
        assert sorted(h["_source"]["message"] for h in found) == sorted(
            f"line {i}" for i in range(30)
        )
        assert {h["_source"]["aws.cloudwatch.log_group"] for h in found} == {"/ecs/pipe"}
    finally:
        client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True)
