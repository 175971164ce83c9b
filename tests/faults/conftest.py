"""Fixtures of the fault suite: the session's figures, unique indices, dedicated nodes.

Faults that stop, freeze or starve a node never touch the session node: they get their own,
module-scoped, small-heap node.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from tests.faults.accounting import Scenario
from tests.faults.report import FaultReport


@pytest.fixture(scope="session")
def fault_report() -> Iterator[FaultReport]:
    """The session's figures; written as Markdown to $FAULT_REPORT when the session ends."""
    report = FaultReport()
    yield report
    target = os.environ.get("FAULT_REPORT")
    if target:
        path = Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(report.markdown())


def _scenario(
    client: OpenSearch, url: str, tmp_path: Path, report: FaultReport
) -> Iterator[Scenario]:
    prefix = f"f-{uuid.uuid4().hex[:10]}"
    scenario = Scenario(client, url, prefix, tmp_path / "dead-letters", report)
    yield scenario
    client.indices.delete(index=f"{prefix}-*,{prefix}_issues", ignore_unavailable=True)


@pytest.fixture
def scenario(
    opensearch_client: OpenSearch, opensearch_url: str, tmp_path: Path, fault_report: FaultReport
) -> Iterator[Scenario]:
    """A unique index prefix and dead-letter directory on the session node."""
    yield from _scenario(opensearch_client, opensearch_url, tmp_path, fault_report)


class DedicatedNode:
    """A node of one's own, to stop, freeze or starve; `client` talks to it directly."""

    def __init__(self, heap_mb: int, settings: dict[str, int | str] | None = None) -> None:
        from devtools.opensearch_node import LocalOpenSearch

        self.node = LocalOpenSearch(heap_mb=heap_mb, settings=settings)
        self.url = self.node.start()
        self.client = OpenSearch(self.url, timeout=30)

    def ensure_running(self) -> None:
        """Restart (same port, same data) if a test left it stopped or frozen."""
        if self.node.pid is not None:
            os.kill(self.node.pid, 18)  # SIGCONT: harmless when not frozen
        if not self.node.running:
            self.node.start()

    def close(self) -> None:
        self.client.close()
        self.node.stop()


@pytest.fixture(scope="module")
def stoppable_node() -> Iterator[DedicatedNode]:
    """A node the tests of one module may stop, restart and freeze."""
    node = DedicatedNode(heap_mb=384)
    yield node
    node.close()


@pytest.fixture(scope="module")
def starved_node() -> Iterator[DedicatedNode]:
    """One write thread with a one-slot queue: concurrent bulk requests get real 429s."""
    node = DedicatedNode(
        heap_mb=320, settings={"thread_pool.write.size": 1, "thread_pool.write.queue_size": 1}
    )
    yield node
    node.close()
