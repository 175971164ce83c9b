"""Self-healing on a node of its own (never the shared one): a fresh node gets its mapping from
the first invocation, and dead letters written while the node was down are re-driven by the
next scheduled run, exactly once, with the backlog metric back at zero."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import lambda_forwarder.handler as handler_module
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.decode import subscription_event
from lambda_forwarder.handler import handle_event
from tests.faults.accounting import Scenario, event_ids
from tests.faults.conftest import DedicatedNode, _scenario
from tests.faults.report import FaultReport
from tests.support.pipeline import batch_of, invoke, stored_letters

pytestmark = [pytest.mark.faults, pytest.mark.integration]

REDRIVE = json.loads(
    (Path(__file__).resolve().parents[2] / "events" / "scheduled-redrive.json").read_text()
)


@pytest.fixture
def on_node(
    stoppable_node: DedicatedNode,
    tmp_path: Path,
    fault_report: FaultReport,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Scenario]:
    stoppable_node.ensure_running()
    monkeypatch.setattr(handler_module, "_tasks", None)  # a fresh container's task clients
    # The metrics are read from the EMF lines on stdout, as CloudWatch reads them.
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)
    monkeypatch.delenv("POWERTOOLS_DEV", raising=False)
    yield from _scenario(stoppable_node.client, stoppable_node.url, tmp_path, fault_report)
    stoppable_node.ensure_running()


class Context:
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:logpipe-forwarder"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


def metric(output: str, name: str) -> list[float]:
    """Every value of EMF metric `name` that the handler printed."""
    values: list[float] = []
    for line in output.splitlines():
        if line.startswith("{") and '"_aws"' in line:
            value = json.loads(line).get(name)
            if value is not None:
                values.extend(value if isinstance(value, list) else [value])
    return values


def scheduled(pipeline: Any) -> dict[str, Any]:
    return handle_event(pipeline, REDRIVE, Context(), Deadline.after(50))


def test_a_fresh_node_is_mapped_by_the_first_invocation(
    on_node: Scenario, stoppable_node: DedicatedNode
) -> None:
    """No bootstrap ever ran on this node: the first write's index maps `log_id` as keyword and
    a term lookup by `log_id` finds the record."""
    s = on_node
    counts = invoke(s.pipeline(), subscription_event(batch_of(['{"message": "first"}'])))
    assert counts["indexed"] == 1
    (only,) = stoppable_node.client.indices.get_mapping(index=s.index).values()
    assert only["mappings"]["properties"]["log_id"]["type"] == "keyword"
    stoppable_node.client.indices.refresh(index=s.index)
    (hit,) = stoppable_node.client.search(index=s.index)["hits"]["hits"]
    found = stoppable_node.client.search(
        index=s.index, body={"query": {"term": {"log_id": hit["_source"]["log_id"]}}}
    )["hits"]["hits"]
    assert [h["_id"] for h in found] == [hit["_id"]]


def test_the_scheduled_run_heals_dead_letters_once_the_node_is_back(
    on_node: Scenario, stoppable_node: DedicatedNode, capsys: pytest.CaptureFixture[str]
) -> None:
    """Node down: two batches dead-lettered, and a scheduled run while it is down re-sends
    nothing and keeps them. Node back: the next scheduled run re-drives them all, each event
    indexed exactly once, the store empty, DeadLetterBacklog 0 (it was 2)."""
    s = on_node
    pipeline = s.pipeline(BULK_MAX_RETRIES="1")
    batches = [
        batch_of([json.dumps({"message": f"{tag} {n}"}) for n in range(200)], start_id=start)
        for tag, start in (("first", 10**50), ("second", 2 * 10**50))
    ]
    stoppable_node.node.stop(keep_data=True)
    counts = {"received": 0, "indexed": 0, "dead_lettered": 0, "skipped": 0}
    for batch in batches:
        for key, value in invoke(pipeline, subscription_event(batch)).items():
            if key in counts:
                counts[key] += value
    assert counts["dead_lettered"] == 400 and counts["indexed"] == 0
    capsys.readouterr()

    down = scheduled(pipeline)
    assert down["stopped"].startswith("cluster not healthy") and down["indexed"] == 0
    assert down["backlog"] == 2
    assert metric(capsys.readouterr().out, "DeadLetterBacklog") == [2.0]
    assert len(stored_letters(s.dead_letters)) == 2

    stoppable_node.node.start()

    def scheduled_redrive() -> tuple[int, int]:
        result = scheduled(pipeline)
        assert result["backlog"] == 0 and result["deleted"] == 2, result
        assert metric(capsys.readouterr().out, "DeadLetterBacklog") == [0.0]
        return result["indexed"], result["still_failing"]

    row = s.settle(
        "node down, healed by the scheduled re-drive",
        counts,
        event_ids(batches),
        replay_with=scheduled_redrive,
        note="no human: the next scheduled invocation ({'logpipe_task': 'redrive'})",
    )
    assert row.replayed == 400 and row.duplicates == 0
    again = scheduled(pipeline)  # nothing left: a no-op
    assert again["units"] == 0 and again["indexed"] == 0
