"""pack_batches (PutLogEvents-like batching) and the Kinesis and sample events."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from lambda_forwarder.decode import (
    MAX_BATCH_BYTES,
    MAX_BATCH_EVENTS,
    decode_payload,
    event_size,
    kinesis_event,
    pack_batches,
)

ROOT = Path(__file__).resolve().parents[3]
COMMON = {"owner": "123456789012", "log_group": "/ecs/app", "log_stream": "app/1"}


def _batches(messages: list[tuple[int, str]], **extra: object) -> list:
    return list(pack_batches(messages, **COMMON, **extra))  # type: ignore[arg-type]


class TestPackBatches:
    def test_event_count_limit(self) -> None:
        """At most 10,000 events per batch; nothing dropped."""
        batches = _batches([(1000 + i, "x") for i in range(25_001)])
        assert [len(b.events) for b in batches] == [10_000, 10_000, 5_001]

    def test_byte_limit_counts_utf8_plus_26(self) -> None:
        """A batch never exceeds 1,048,576 bytes of UTF-8 message bytes + 26 per event."""
        message = "é" * 5_000  # 10,000 bytes, 5,000 characters
        batches = _batches([(1, message) for _ in range(300)])
        for batch in batches:
            assert sum(event_size(e.message) for e in batch.events) <= MAX_BATCH_BYTES
        assert sum(len(b.events) for b in batches) == 300
        assert len(batches[0].events) == MAX_BATCH_BYTES // (10_000 + 26)

    def test_exact_fit(self) -> None:
        """Events that fill the limit exactly share one batch."""
        size = MAX_BATCH_BYTES // 4 - 26
        assert len(_batches([(1, "a" * size)] * 4)) == 1
        assert len(_batches([(1, "a" * (size + 1))] * 4)) == 2

    def test_oversized_event_travels_alone(self) -> None:
        """An event bigger than a batch is not dropped: it gets a batch of its own."""
        batches = _batches([(1, "a"), (2, "b" * (MAX_BATCH_BYTES + 10)), (3, "c")])
        assert [len(b.events) for b in batches] == [1, 1, 1]

    def test_batch_spans_at_most_24_hours(self) -> None:
        """PutLogEvents refuses batches spanning more than a day."""
        day = 24 * 3600 * 1000
        batches = _batches([(0, "a"), (day, "b"), (day + 1, "c")])
        assert [len(b.events) for b in batches] == [2, 1]

    def test_ids_are_unique_56_digit_and_deterministic(self) -> None:
        """Ids look like CloudWatch's and the same input gives the same ids."""
        messages = [(1795601226000 + i, f"m{i}") for i in range(MAX_BATCH_EVENTS + 5)]
        first = [e.id for b in _batches(messages) for e in b.events]
        second = [e.id for b in _batches(messages) for e in b.events]
        assert first == second
        assert len(set(first)) == len(first)
        assert all(len(i) == 56 and i.isdigit() for i in first)

    def test_start_id(self) -> None:
        """start_id sets the first id; ids count up from it."""
        batch = _batches([(1, "a"), (2, "b")], start_id=41)[0]
        assert [int(e.id) for e in batch.events] == [41, 42]

    def test_batch_metadata(self) -> None:
        """Every batch is a DATA_MESSAGE of the given owner, group and stream."""
        batch = _batches([(1, "a")])[0]
        assert (batch.message_type, batch.owner, batch.log_group, batch.log_stream) == (
            "DATA_MESSAGE",
            "123456789012",
            "/ecs/app",
            "app/1",
        )

    def test_nothing_in_nothing_out(self) -> None:
        """No messages, no batches."""
        assert _batches([]) == []


class TestKinesisEvent:
    def test_records_carry_the_payloads(self) -> None:
        """One record per batch; each record's data decodes to its batch."""
        batches = _batches([(i, f"m{i}") for i in range(3)]) + _batches([(9, "z")], start_id=7)
        event = kinesis_event(batches, region="eu-west-1", stream="logs")
        records = event["Records"]
        assert [decode_payload(r["kinesis"]["data"]) for r in records] == batches
        for record in records:
            assert record["eventSource"] == "aws:kinesis"
            assert record["eventSourceARN"] == "arn:aws:kinesis:eu-west-1:123456789012:stream/logs"
            assert record["eventID"].endswith(record["kinesis"]["sequenceNumber"])
            assert record["kinesis"]["sequenceNumber"].isdigit()
            assert record["kinesis"]["partitionKey"]
        assert len({r["kinesis"]["sequenceNumber"] for r in records}) == 2

    def test_powertools_reads_it(self) -> None:
        """aws-lambda-powertools' Kinesis data class extracts the same CloudWatch payload."""
        from aws_lambda_powertools.utilities.data_classes.kinesis_stream_event import (
            KinesisStreamEvent,
        )

        batch = _batches([(1, "hello")])[0]
        event = KinesisStreamEvent(kinesis_event([batch]))
        logs = next(event.records).kinesis.data_zlib_compressed_as_json()
        assert logs["logEvents"][0]["message"] == "hello"


class TestSampleEvents:
    def test_committed_events_are_up_to_date(self) -> None:
        """events/generate.py --check: the committed files match the lines they come from."""
        result = subprocess.run(
            [sys.executable, str(ROOT / "events" / "generate.py"), "--check"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr

    def test_kinesis_sample_decodes(self) -> None:
        """events/kinesis-batch.json holds three payloads of different log groups."""
        event = json.loads((ROOT / "events" / "kinesis-batch.json").read_text())
        groups = [decode_payload(r["kinesis"]["data"]).log_group for r in event["Records"]]
        assert groups == ["/ecs/checkout", "/aws/lambda/report-builder", "/ec2/legacy-worker"]
