"""What must hold across Lambda containers, with separate processes racing on the real node:
every container's first write finds the index mapped, and concurrent re-drives of the same dead
letters index each event exactly once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from lambda_forwarder.deadletter import LocalDirStore
from lambda_forwarder.model import DeadLetter, LogEvent
from tests.support.pipeline import documents

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[3]
PROCESSES = 4

# One "container": build the pipeline, wait for the start signal, handle one event.
CONTAINER = """
import json, os, sys, time
from lambda_forwarder.config import load_settings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.decode import pack_batches, subscription_event
from lambda_forwarder.handler import build_pipeline, handle_event
n = int(sys.argv[1])
pipeline = build_pipeline(load_settings())
lines = [(1764065226000 + i, json.dumps({"message": f"c{n} {i}"})) for i in range(20)]
(batch,) = pack_batches(lines, owner="1", log_group="/ecs/race", log_stream=f"s{n}",
                        start_id=(n + 1) * 10**50)
while not os.path.exists(sys.argv[2]):
    time.sleep(0.005)
print(json.dumps(handle_event(pipeline, subscription_event(batch), None, Deadline.after(60))))
"""


def _env(opensearch_url: str, prefix: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "OPENSEARCH_URL": opensearch_url,
        "INDEX_PATTERN": f"{prefix}-logs-%Y.%m.%d",
        "DEAD_LETTER_DIR": str(tmp_path / "dl"),
        "POWERTOOLS_METRICS_DISABLED": "true",
        "LOG_LEVEL": "WARNING",
    }


def test_containers_starting_at_once_all_write_into_a_mapped_index(
    opensearch_url: str, opensearch_client: OpenSearch, prefix: str, tmp_path: Path
) -> None:
    """4 processes, none bootstrapped, released together on a fresh prefix: all 80 records
    indexed, and the one index they created maps `log_id` as keyword."""
    go = tmp_path / "go"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CONTAINER, str(n), str(go)],
            cwd=ROOT,
            env=_env(opensearch_url, prefix, tmp_path),
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(PROCESSES)
    ]
    go.touch()
    results = [
        json.loads(child.communicate(timeout=120)[0].strip().splitlines()[-1]) for child in children
    ]
    assert [r["indexed"] for r in results] == [20] * PROCESSES
    assert len(documents(opensearch_client, prefix)) == 20 * PROCESSES
    (mapping,) = opensearch_client.indices.get_mapping(index=f"{prefix}-*").values()
    assert mapping["mappings"]["properties"]["log_id"]["type"] == "keyword"


def test_concurrent_redrives_index_each_event_exactly_once(
    opensearch_url: str, opensearch_client: OpenSearch, prefix: str, tmp_path: Path
) -> None:
    """Two `forwarder replay` processes on the same 30 stored units at once (a manual replay
    meeting the scheduled one): 90 documents, no duplicate, the store empty."""
    store = LocalDirStore(tmp_path / "dl")
    for unit in range(30):
        events = tuple(
            LogEvent(
                f"{unit + 1:04d}{n:052d}", 1764065226000 + n, json.dumps({"message": f"{unit}/{n}"})
            )
            for n in range(3)
        )
        store.put([DeadLetter("deadline", "deadline", "1", "/ecs/race", "s", events)])
    env = _env(opensearch_url, prefix, tmp_path)
    command = [sys.executable, "-m", "lambda_forwarder.cli.main", "replay", "--json"]
    children = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    summaries = [json.loads(child.communicate(timeout=180)[0]) for child in children]
    assert all(child.returncode == 0 for child in children), summaries
    assert sum(s["indexed"] for s in summaries) >= 90  # a unit both read is indexed twice, same ids
    found = documents(opensearch_client, prefix)
    assert len(found) == 90 and len({d["_id"] for d in found}) == 90
    assert store.backlog().units == 0
