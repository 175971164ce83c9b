"""Counting the damage of a fault: every event sent is indexed or in a dead letter, replay
brings the dead letters in, and no document is duplicated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opensearchpy import OpenSearch

from lambda_forwarder.cli.replay import ReplayReport, replay
from lambda_forwarder.config import Settings, load_settings
from lambda_forwarder.handler import build_pipeline
from lambda_forwarder.model import LogBatch
from lambda_forwarder.pipeline import Pipeline
from tests.faults.report import FaultReport, FaultRow
from tests.support.pipeline import balanced, make_env, stored_letters

_IDS_CHUNK = 5000


@dataclass(frozen=True)
class Accounting:
    """Where the events of a fault went."""

    sent: frozenset[str]
    indexed: frozenset[str]
    dead: frozenset[str]
    raw_letters: int  # undecodable payloads kept whole (their events are unknown)
    documents: int  # documents under the prefix (duplicates would make this exceed `sent`)

    @property
    def lost(self) -> frozenset[str]:
        return self.sent - self.indexed - self.dead


def event_ids(batches: Iterable[LogBatch]) -> frozenset[str]:
    return frozenset(event.id for batch in batches for event in batch.events)


class Scenario:
    """One fault's world: an index prefix, a dead-letter directory, the node to check against."""

    def __init__(
        self, client: OpenSearch, url: str, prefix: str, dead_letters: Path, report: FaultReport
    ) -> None:
        self.client = client
        self.url = url
        self.prefix = prefix
        self.dead_letters = dead_letters
        self.report = report
        self.index = f"{prefix}-logs"

    def env(self, url: str | None = None, **extra: str) -> dict[str, str]:
        """A single index `<prefix>-logs` (no date), so a test can block or map it up front."""
        env = make_env(url or self.url, self.prefix, self.dead_letters, **extra)
        env["INDEX_PATTERN"] = self.index
        return env

    def settings(self, url: str | None = None, **extra: str) -> Settings:
        return load_settings(self.env(url, **extra))

    def pipeline(self, url: str | None = None, **extra: str) -> Pipeline:
        return build_pipeline(self.settings(url, **extra))

    def account(self, sent: frozenset[str]) -> Accounting:
        """Ask the node which ids it holds and the store which ids it keeps."""
        pattern = f"{self.prefix}-*"
        self.client.indices.refresh(index=pattern)
        found: set[str] = set()
        ids = sorted(sent)
        for start in range(0, len(ids), _IDS_CHUNK):
            chunk = ids[start : start + _IDS_CHUNK]
            response = self.client.search(
                index=pattern,
                body={"query": {"ids": {"values": chunk}}, "size": len(chunk), "_source": False},
            )
            found.update(hit["_id"] for hit in response["hits"]["hits"])
        letters = stored_letters(self.dead_letters)
        dead = {event.id for letter in letters for event in letter.events}
        raw = sum(1 for letter in letters if letter.raw_payload is not None)
        documents = int(self.client.count(index=pattern)["count"])
        return Accounting(sent, frozenset(found), frozenset(dead), raw, documents)

    def replay(self, url: str | None = None) -> ReplayReport:
        return replay(self.settings(url))

    def settle(
        self,
        name: str,
        counts: dict[str, Any],
        sent: frozenset[str],
        *,
        note: str = "",
        replay_url: str | None = None,
        expect_dead_letters: bool = True,
        replay_with: Callable[[], tuple[int, int]] | None = None,
    ) -> FaultRow:
        """The fault's invariants, before and after replay; records the row in the report.

        - received = indexed + dead-lettered + skipped, and received = events sent;
        - every event is indexed or in a dead letter (none lost), and the dead letters hold
          exactly `dead_lettered` events;
        - replay (the fault removed; `replay_with` or the replay function) indexes every dead
          letter and deletes it;
        - afterwards the node holds each event exactly once.
        """
        assert balanced(counts), counts
        assert counts["received"] == len(sent), (counts, len(sent))
        before = self.account(sent)
        letters = stored_letters(self.dead_letters)
        dead_events = sum(len(letter.events) for letter in letters)
        if expect_dead_letters:
            assert counts["dead_lettered"] > 0, f"{name}: the fault did not bite: {counts}"
        if replay_with is None:
            report = self.replay(replay_url)
            replayed, still_failing = report.indexed, report.still_failing
        else:  # e.g. the `forwarder replay` command: (indexed, still failing)
            replayed, still_failing = replay_with()
        after = self.account(sent)
        row = FaultRow(
            name=name,
            received=counts["received"],
            indexed=counts["indexed"],
            dead_lettered=counts["dead_lettered"],
            skipped=counts["skipped"],
            replayed=replayed,
            lost=len(after.lost | before.lost),
            duplicates=max(0, after.documents - len(sent)),
            retries=counts.get("bulk_retries", 0),
            note=note,
        )
        self.report.fault(row)
        assert not before.lost, f"{name}: {len(before.lost)} events neither indexed nor kept"
        assert dead_events == counts["dead_lettered"], (dead_events, counts)
        assert still_failing == 0, f"{name}: {still_failing} still failing after replay"
        assert stored_letters(self.dead_letters) == [], "replay left dead letters behind"
        assert after.indexed == sent, f"{name}: {len(sent - after.indexed)} not indexed"
        assert after.documents == len(sent), "duplicates after replay"
        return row


def add_counts(total: dict[str, int], counts: dict[str, int]) -> dict[str, int]:
    for key, value in counts.items():
        total[key] = total.get(key, 0) + value
    return total
