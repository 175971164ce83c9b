"""The corpus (corpus.py): lines of many producers read as their users expect.

Reports how many cases are read right (every expected key equal); at least 95% must be, and
no line whose users expect error or critical may be read at a lower level (it would not alert).
"""

from __future__ import annotations

from typing import Any

from lambda_forwarder.config import ParseSettings
from lambda_forwarder.model import LogBatch, LogEvent
from lambda_forwarder.parse import RecordParser, group_events, merged_event
from lambda_forwarder.parse.levels import SEVERITY
from tests.forwarder.parse.corpus import CASES, CW_MS, Case

BATCH = LogBatch("DATA_MESSAGE", "123456789012", "/ecs/corpus", "corpus/1", ())


def read(case: Case) -> list[dict[str, Any]]:
    """The records a case's events become, through the same grouping the pipeline uses."""
    parser = RecordParser(ParseSettings(region="eu-west-1"))
    events = [LogEvent(f"{n:056d}", CW_MS, line) for n, line in enumerate(case.events)]
    return [
        parser(merged_event(head, absorbed), BATCH, continued=bool(absorbed))
        for head, absorbed in group_events(events, envelopes=parser.envelopes)
    ]


def differences(case: Case, records: list[dict[str, Any]]) -> dict[str, Any]:
    if len(records) != case.records:
        return {"records": (case.records, len(records))}
    record = records[0]
    return {
        key: (expected, record.get(key))
        for key, expected in case.expected.items()
        if record.get(key) != expected
    }


def test_corpus_size() -> None:
    """At least 150 lines from at least 30 producers."""
    assert len(CASES) >= 150
    assert len({case.producer.split("-")[0] for case in CASES}) >= 30


def test_corpus_is_read_right() -> None:
    """>= 95% of the cases right; no error/critical line read as a lower level."""
    wrong = []
    lowered = []
    for case in CASES:
        records = read(case)
        diff = differences(case, records)
        if diff:
            wrong.append((case.producer, case.events[0][:80], diff))
        expected = case.expected["log.level"]
        got = records[0]["log.level"] if records else "debug"
        if SEVERITY[expected] >= SEVERITY["error"] and SEVERITY[got] < SEVERITY[expected]:
            lowered.append((case.producer, case.events[0][:80], got))
    right = len(CASES) - len(wrong)
    report = f"corpus: {right}/{len(CASES)} right ({right / len(CASES):.1%})"
    print(report)
    for producer, line, diff in wrong:
        print(f"  WRONG {producer}: {line!r}: {diff}")
    assert not lowered, lowered
    assert right / len(CASES) >= 0.95, (report, wrong)
