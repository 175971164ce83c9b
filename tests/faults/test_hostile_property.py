"""Property tests over the whole pipeline against the real node: whatever the messages, and
whatever the payload bytes, nothing crashes and nothing is lost."""

from __future__ import annotations

import base64
import gzip
import itertools
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambda_forwarder.pipeline import Pipeline
from tests.faults import hostile
from tests.faults.accounting import Scenario
from tests.support.pipeline import balanced, invoke, stored_letters

pytestmark = [pytest.mark.faults, pytest.mark.integration]

PROFILE = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_numbers = itertools.count(1)

KEYS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "_id",
            "_source",
            "",
            ".",
            "a..b",
            "message",
            "service",
            "service.name",
            "log.level",
            "level",
            "@timestamp",
            "log_id",
            "password",
            "Authorization",
            "a",
            "a.b",
            "_index",
        ]
    ),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**300), max_value=2**300),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(hostile.SLACK_INJECTIONS + hostile.RISON_INJECTIONS),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=25,
)
MESSAGES = st.one_of(
    st.text(max_size=200),
    st.binary(max_size=120).map(lambda b: b.decode("utf-8", "surrogateescape")),
    st.dictionaries(KEYS, JSON_VALUES, max_size=8).map(lambda d: json.dumps(d)),
    JSON_VALUES.map(lambda v: json.dumps(v)),
    st.fixed_dictionaries(
        {"schema": st.just("emitter/1"), "log.level": st.sampled_from(["error", "info", 5])},
        optional={"message": JSON_VALUES, "service.name": JSON_VALUES, "log_id": JSON_VALUES},
    ).map(lambda d: json.dumps(d)),
)


@pytest.fixture
def pipeline(scenario: Scenario) -> Pipeline:
    return scenario.pipeline()


@PROFILE
@given(messages=st.lists(MESSAGES, max_size=8))
def test_any_messages_are_indexed_or_kept(
    messages: list[str], scenario: Scenario, pipeline: Pipeline
) -> None:
    start = next(_numbers) * 100
    batch = hostile.batch(messages, start=start)
    sent = frozenset(e.id for e in batch.events)
    counts = invoke(pipeline, hostile.event_of(messages, start=start))
    accounting = scenario.account(sent)
    scenario.report.tried("hypothesis: random log lines", len(messages), len(accounting.lost))
    assert balanced(counts) and counts["received"] == len(messages), counts
    assert not accounting.lost, sorted(accounting.lost)
    # Nothing here is a fault of the node: every line is expected to be indexed.
    assert counts["indexed"] == len(messages), [
        letter.reason for letter in stored_letters(scenario.dead_letters)
    ]


ENVELOPES = st.dictionaries(
    st.sampled_from(["messageType", "owner", "logGroup", "logStream", "logEvents", "x"]),
    JSON_VALUES,
    max_size=6,
)
PAYLOADS = st.one_of(
    st.binary(max_size=200).map(lambda b: base64.b64encode(b).decode()),
    st.text(max_size=200),
    st.binary(max_size=200).map(lambda b: base64.b64encode(gzip.compress(b)).decode()),
    ENVELOPES.map(lambda d: base64.b64encode(gzip.compress(json.dumps(d).encode())).decode()),
)


@PROFILE
@given(data=PAYLOADS)
def test_any_payload_is_processed_or_dead_lettered_whole(
    data: str, scenario: Scenario, pipeline: Pipeline
) -> None:
    before = _kept(scenario)
    counts: dict[str, Any] = invoke(pipeline, {"awslogs": {"data": data}})
    kept = _kept(scenario) - before
    scenario.report.tried(
        "hypothesis: random payloads", 1, lost=max(0, counts["dead_lettered"] - kept)
    )
    assert balanced(counts), counts
    assert kept == counts["dead_lettered"], (kept, counts)  # every dead-lettered unit is stored


def _kept(scenario: Scenario) -> int:
    """Events (or whole undecodable payloads) held in the dead-letter store."""
    return sum(max(1, len(letter.events)) for letter in stored_letters(scenario.dead_letters))
