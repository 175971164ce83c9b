"""The shared re-drive (operations/redrive.py) with real stores and the real pipeline: oldest
first, within the budget, an age limit that keeps and reports, never deleting what did not get
indexed; and the stores' backlog figures."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from lambda_forwarder.config import load_settings
from lambda_forwarder.deadletter import LocalDirStore
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.handler import build_pipeline
from lambda_forwarder.model import DeadLetter
from lambda_forwarder.operations.redrive import redrive
from tests.forwarder.deadletter.conftest import make_letter
from tests.forwarder.index.support import closed_port_url
from tests.support.pipeline import documents, make_env


def letter(n: int) -> DeadLetter:
    base = make_letter(events=3, message=f"unit {n}")
    events = tuple(
        type(event)(f"{n:04d}{event.id[4:]}", event.timestamp, event.message)
        for event in base.events
    )
    return DeadLetter(base.reason, base.stage, base.owner, base.log_group, base.log_stream, events)


def fill(directory: Path, units: int, *, age: timedelta = timedelta(0)) -> LocalDirStore:
    store = LocalDirStore(directory)
    for n in range(units):
        store.put([letter(n)])
    if age:
        stamp = time.time() - age.total_seconds()
        for path in directory.rglob("*.json"):
            os.utime(path, (stamp, stamp))
    return store


@pytest.mark.integration
def test_budget_oldest_first_and_deletion_only_when_indexed(
    opensearch_url: str, opensearch_client: OpenSearch, prefix: str, tmp_path: Path
) -> None:
    """5 units, a budget of 2: two re-driven and deleted, three wait, `stopped` says budget."""
    store = fill(tmp_path / "dl", 5)
    pipeline = build_pipeline(load_settings(make_env(opensearch_url, prefix, tmp_path / "new")))
    first = redrive(store, pipeline, limit=2, deadline=Deadline.after(60))
    assert (first.units, first.indexed, first.deleted, first.backlog) == (2, 6, 2, 3)
    assert first.stopped == "budget"
    rest = redrive(store, pipeline, deadline=Deadline.after(60))
    assert (rest.units, rest.indexed, rest.backlog, rest.stopped) == (3, 9, 0, "")
    assert len(documents(opensearch_client, prefix)) == 15


@pytest.mark.integration
def test_letters_past_the_age_limit_are_kept_and_reported(
    opensearch_url: str, opensearch_client: OpenSearch, prefix: str, tmp_path: Path
) -> None:
    """Old units are not re-driven, not deleted, and counted as expired; newer ones go."""
    directory = tmp_path / "dl"
    fill(directory, 2, age=timedelta(hours=80))
    store = LocalDirStore(directory)
    store.put([letter(7)])
    pipeline = build_pipeline(load_settings(make_env(opensearch_url, prefix, tmp_path / "new")))
    report = redrive(store, pipeline, max_age=timedelta(hours=72), deadline=Deadline.after(60))
    assert (report.units, report.indexed, report.deleted) == (1, 3, 1)
    assert (report.backlog, report.expired) == (2, 2)
    assert report.oldest_age_seconds is not None and report.oldest_age_seconds > 79 * 3600
    assert store.backlog().units == 2


def test_a_cluster_that_takes_nothing_stops_the_scheduled_run(tmp_path: Path) -> None:
    """The first unit indexes nothing: the run stops there, every unit stays stored."""
    store = fill(tmp_path / "dl", 3)
    env = make_env(closed_port_url(), "t-none", tmp_path / "new", BULK_MAX_RETRIES="0")
    pipeline = build_pipeline(load_settings(env | {"INDEX_AUTO_SETUP": "false"}))
    report = redrive(store, pipeline, deadline=Deadline.after(30), stop_on_failed_unit=True)
    assert report.units == 1 and report.deleted == 0 and report.still_failing == 3
    assert report.stopped.startswith("a unit indexed nothing")
    assert store.backlog().units == 3


def test_dry_run_counts_without_touching(tmp_path: Path) -> None:
    store = fill(tmp_path / "dl", 2)
    report = redrive(store, None)
    assert (report.units, report.events, report.deleted, report.backlog) == (2, 6, 0, 2)
