"""The whole forwarder, event in -> documents in the real OpenSearch node (or dead letters out).

Every test that indexes checks the invariant: received = indexed + dead-lettered + skipped.
"""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path

import boto3
import pytest
from moto import mock_aws
from opensearchpy import OpenSearch

from devtools.slack_receiver import SlackReceiver
from lambda_forwarder.config import load_settings
from lambda_forwarder.decode import kinesis_event, subscription_event
from lambda_forwarder.errors import DeadLetterError, UnsupportedEventError
from lambda_forwarder.handler import build_pipeline
from lambda_forwarder.model import CONTROL_MESSAGE, LogBatch, LogEvent
from lambda_forwarder.pipeline import Pipeline
from tests.support.pipeline import (
    balanced,
    batch_of,
    documents,
    invoke,
    make_env,
    stored_letters,
)

pytestmark = pytest.mark.integration
EVENTS = Path(__file__).resolve().parents[2] / "events"


@pytest.fixture
def dead_letters(tmp_path: Path) -> Path:
    return tmp_path / "dead-letters"


@pytest.fixture
def pipeline(opensearch_url: str, prefix: str, dead_letters: Path) -> Pipeline:
    return build_pipeline(load_settings(make_env(opensearch_url, prefix, dead_letters)))


@pytest.mark.parametrize(
    ("sample", "formats"),
    [
        ("cloudwatch-emitter.json", {"emitter"}),
        ("cloudwatch-powertools.json", {"json"}),
        ("cloudwatch-json.json", {"json"}),
        ("cloudwatch-lambda-platform.json", {"lambda_platform", "text", "json"}),
        ("cloudwatch-text.json", {"text"}),
    ],
)
def test_sample_events_are_indexed_whole(
    sample: str, formats: set[str], pipeline: Pipeline, opensearch_client: OpenSearch, prefix: str
) -> None:
    """Every line of each sample event in events/ becomes one document, ids = event ids."""
    event = json.loads((EVENTS / sample).read_text())
    counts = invoke(pipeline, event)
    docs = documents(opensearch_client, prefix)
    assert balanced(counts) and counts["dead_lettered"] == 0
    assert counts["indexed"] == counts["received"] == len(docs) > 0
    assert {d["event.original_format"] for d in docs} <= formats
    assert all(d["_id"] == d["aws.cloudwatch.event_id"] for d in docs)
    assert all(d["log.level"] in {"debug", "info", "warning", "error", "critical"} for d in docs)
    assert "s3cr3t-value" not in json.dumps(docs)  # the text sample pastes a password


def test_redelivery_never_duplicates(
    pipeline: Pipeline, opensearch_client: OpenSearch, prefix: str
) -> None:
    """The same event delivered twice leaves the same documents (CloudWatch ids as _id)."""
    event = subscription_event(batch_of([json.dumps({"msg": f"line {i}"}) for i in range(25)]))
    first = invoke(pipeline, event)
    second = invoke(pipeline, event)
    assert first["indexed"] == second["indexed"] == 25
    assert len(documents(opensearch_client, prefix)) == 25


def test_type_conflicts_end_indexed_not_lost(
    pipeline: Pipeline, opensearch_client: OpenSearch, prefix: str
) -> None:
    """A number then a string, and a value then an object path, both end up searchable."""
    invoke(pipeline, subscription_event(batch_of([json.dumps({"status": 200, "a": "x"})])))
    counts = invoke(
        pipeline, subscription_event(batch_of([json.dumps({"status": "ok", "a.b": "y"})]))
    )
    assert balanced(counts) and counts["indexed"] == 1 and counts["dead_lettered"] == 0
    assert counts["degraded"] == 1
    docs = documents(opensearch_client, prefix)
    assert len(docs) == 2
    degraded = [d for d in docs if d.get("logpipe.degraded")]
    assert len(degraded) == 1 and '"a.b"' in degraded[0]["logpipe.degraded_fields"]


def test_1500_field_record_indexed_under_the_cap(
    pipeline: Pipeline, opensearch_client: OpenSearch, prefix: str
) -> None:
    """A record with 1,500 fields is indexed with at most MAX_FIELDS app fields; the rest kept."""
    record = {f"field_{i}": i for i in range(1500)} | {"message": "wide"}
    counts = invoke(pipeline, subscription_event(batch_of([json.dumps(record)])))
    assert balanced(counts) and counts["indexed"] == 1
    (doc,) = documents(opensearch_client, prefix)
    app_fields = [k for k in doc if k.startswith("field_")]
    assert 0 < len(app_fields) <= 100
    overflow = json.loads(doc["logpipe.overflow"])
    assert len(app_fields) + len(overflow) == 1500


def test_control_message_indexes_nothing(
    pipeline: Pipeline, opensearch_client: OpenSearch, prefix: str
) -> None:
    batch = LogBatch(
        CONTROL_MESSAGE,
        "CloudwatchLogs",
        "",
        "",
        (LogEvent("0", 0, "CWL CONTROL MESSAGE: Checking health of destination"),),
    )
    counts = invoke(pipeline, subscription_event(batch))
    assert counts["indexed"] == 0 and counts["skipped"] == counts["received"] and balanced(counts)
    assert opensearch_client.indices.get(index=f"{prefix}-*") == {}  # no index was even created


def test_own_log_group_is_skipped(opensearch_url: str, prefix: str, dead_letters: Path) -> None:
    """The forwarder never processes its own log group: no feedback loop."""
    env = make_env(opensearch_url, prefix, dead_letters, AWS_LAMBDA_FUNCTION_NAME="fwd")
    pipeline = build_pipeline(load_settings(env))
    counts = invoke(pipeline, subscription_event(batch_of(["x", "y"], log_group="/aws/lambda/fwd")))
    assert counts["skipped"] == 2 and counts["indexed"] == 0 and balanced(counts)


@pytest.mark.parametrize(
    ("data", "stage"),
    [
        ("%%% not base64 %%%", "decode:base64"),
        (base64.b64encode(b"not gzip").decode(), "decode:gzip"),
        (base64.b64encode(gzip.compress(b"{not json")).decode(), "decode:json"),
    ],
)
def test_corrupt_payload_is_dead_lettered_with_its_reason(
    data: str, stage: str, pipeline: Pipeline, dead_letters: Path
) -> None:
    counts = invoke(pipeline, {"awslogs": {"data": data}})
    assert counts == counts | {"received": 1, "dead_lettered": 1, "indexed": 0}
    (letter,) = stored_letters(dead_letters)
    assert letter.stage == stage and letter.raw_payload == data and letter.reason


def test_unreachable_opensearch_dead_letters_everything(prefix: str, dead_letters: Path) -> None:
    """A closed port: nothing indexed, every event dead-lettered with the original message."""
    env = make_env("http://127.0.0.1:9", prefix, dead_letters, BULK_MAX_RETRIES="1")
    pipeline = build_pipeline(load_settings(env))
    lines = [json.dumps({"message": f"m{i}", "password": "hunter2"}) for i in range(10)]
    counts = invoke(pipeline, subscription_event(batch_of(lines)))
    assert counts["dead_lettered"] == 10 and counts["indexed"] == 0 and balanced(counts)
    events = [event for letter in stored_letters(dead_letters) for event in letter.events]
    assert sorted(json.loads(e.message)["message"] for e in events) == sorted(
        f"m{i}" for i in range(10)
    )
    assert not any("hunter2" in e.message for e in events)  # secrets never reach dead letters


def test_unreachable_opensearch_and_broken_store_raise(prefix: str, tmp_path: Path) -> None:
    """When the dead-letter store fails too, the invocation fails so Lambda keeps the event."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    env = make_env("http://127.0.0.1:9", prefix, blocker, BULK_MAX_RETRIES="0")
    pipeline = build_pipeline(load_settings(env))
    with pytest.raises(DeadLetterError):
        invoke(pipeline, subscription_event(batch_of(["one line"])))


def test_expired_deadline_dead_letters_instead_of_timing_out(
    pipeline: Pipeline, dead_letters: Path
) -> None:
    counts = invoke(pipeline, subscription_event(batch_of(["a", "b", "c"])), seconds=0)
    assert counts["dead_lettered"] == 3 and balanced(counts)
    assert {letter.stage for letter in stored_letters(dead_letters)} == {"deadline"}


def test_kinesis_records_report_only_their_own_failures(
    pipeline: Pipeline, opensearch_client: OpenSearch, prefix: str, dead_letters: Path
) -> None:
    """Good records are indexed, a corrupt one is dead-lettered (not retried): no failures."""
    # Distinct ids, as CloudWatch gives: two batches built in one millisecond would share them.
    first, second = batch_of(["k1", "k2"], start_id=10**50), batch_of(["k3"], start_id=2 * 10**50)
    event = kinesis_event([first, second])
    event["Records"].append(
        {**event["Records"][0], "kinesis": {**event["Records"][0]["kinesis"], "data": "%%%"}}
    )
    event["Records"][-1]["kinesis"]["sequenceNumber"] = "999"
    response = invoke(pipeline, event)
    assert response["batchItemFailures"] == []
    report = response["report"]
    assert report["indexed"] == 3 and report["dead_lettered"] == 1 and balanced(report)
    assert len(documents(opensearch_client, prefix)) == 3


def test_kinesis_record_whose_dead_letter_fails_comes_back(prefix: str, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    pipeline = build_pipeline(load_settings(make_env("http://127.0.0.1:9", prefix, blocker)))
    event = kinesis_event([batch_of(["k1"])])
    event["Records"].append(
        {**event["Records"][0], "kinesis": {**event["Records"][0]["kinesis"], "data": "%%%"}}
    )
    event["Records"][1]["kinesis"]["sequenceNumber"] = "999"
    with pytest.raises(Exception, match="All records failed"):
        invoke(pipeline, event)


def test_unsupported_event_names_what_was_expected(pipeline: Pipeline) -> None:
    with pytest.raises(UnsupportedEventError, match="awslogs"):
        invoke(pipeline, {"detail-type": "Scheduled Event"})


def test_dead_letters_go_to_s3(prefix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """In AWS the store is S3: unreachable OpenSearch puts one object with the events."""
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-1")
        s3.create_bucket(
            Bucket="dlq", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        env = make_env("http://127.0.0.1:9", prefix, Path("unused"), BULK_MAX_RETRIES="0")
        del env["DEAD_LETTER_DIR"]
        env["DEAD_LETTER_BUCKET"] = "dlq"
        pipeline = build_pipeline(load_settings(env))
        counts = invoke(pipeline, subscription_event(batch_of(["s3 line"])))
        assert counts["dead_lettered"] == 1 and balanced(counts)
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket="dlq")["Contents"]]
        assert len(keys) == 1 and keys[0].startswith("dead-letters/")
        body = s3.get_object(Bucket="dlq", Key=keys[0])["Body"].read().decode()
        assert "s3 line" in body


def test_errors_that_cannot_be_indexed_still_reach_slack(prefix: str, dead_letters: Path) -> None:
    """OpenSearch down: the error is dead-lettered AND alerted, with no link that would open
    nothing but a note saying where the record is."""
    with SlackReceiver() as slack:
        env = make_env(
            "http://127.0.0.1:9",
            prefix,
            dead_letters,
            BULK_MAX_RETRIES="0",
            SLACK_WEBHOOK_URL=slack.url,
        )
        pipeline = build_pipeline(load_settings(env))
        error = json.dumps({"level": "error", "message": "payment failed", "service": "checkout"})
        counts = invoke(pipeline, subscription_event(batch_of([error, "an info line"])))
        assert counts["dead_lettered"] == 2 and balanced(counts)
        assert counts["alerts_posted"] == 1
        assert slack.wait_for(1, timeout=5)
        (message,) = slack.messages
    text = json.dumps(message)
    assert "Not indexed yet" in text and "forwarder replay" in text
    buttons = [
        element["text"]["text"]
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    assert "View Full Log" not in buttons


def test_kinesis_sample_event_is_indexed_whole(
    pipeline: Pipeline, opensearch_client: OpenSearch, prefix: str
) -> None:
    """events/kinesis-batch.json (for `sam local invoke`): every record's events indexed."""
    event = json.loads((EVENTS / "kinesis-batch.json").read_text())
    response = invoke(pipeline, event)
    report = response["report"]
    assert response["batchItemFailures"] == []
    assert report["indexed"] == report["received"] > 0 and balanced(report)
    assert len(documents(opensearch_client, prefix)) == report["indexed"]


def _key_cut_twice(second_cut: int = 18) -> list[list[str]]:
    """A 2048-bit key printed line by line, cut by CloudWatch's batching into three batches:
    the BEGIN and a first part, body lines only, then the rest and the END (the rest may be
    the END line alone: `second_cut=26`)."""
    import random

    rng = random.Random(7)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    body = ["".join(rng.choice(alphabet) for _ in range(64)) for _ in range(25)] + ["AB12cd=="]
    return [
        ["INFO loading the signing key", "-----BEGIN PRIVATE KEY-----", *body[:8]],
        body[8:second_cut],
        [*body[second_cut:], "-----END PRIVATE KEY-----", "INFO key loaded"],
    ]


@pytest.mark.parametrize("second_cut", [18, 26], ids=["body and END", "END alone"])
def test_a_key_cut_twice_by_batching_is_indexed_masked(
    pipeline: Pipeline, opensearch_client: OpenSearch, prefix: str, second_cut: int
) -> None:
    """The batch between holds body lines only, which no BEGIN or END marks: no line of the
    key reaches the index from any of the three batches, its shorter last line included."""
    batches = _key_cut_twice(second_cut)
    start = 1_764_000_000_000
    for number, lines in enumerate(batches):
        batch = batch_of(lines, timestamp_ms=start + 100 * number, start_id=1000 * (number + 1))
        counts = invoke(pipeline, subscription_event(batch))
        assert balanced(counts) and counts["dead_lettered"] == 0
    text = json.dumps(documents(opensearch_client, prefix))
    secret_lines = [line for lines in batches for line in lines if "INFO" not in line]
    assert not [line for line in secret_lines if line[:40] in text]
    assert "AB12cd==" not in text
    assert "INFO key loaded" in text and "INFO loading the signing key" in text


@pytest.mark.parametrize("second_cut", [18, 26], ids=["body and END", "END alone"])
def test_a_key_cut_twice_by_batching_is_dead_lettered_masked(
    prefix: str, dead_letters: Path, second_cut: int
) -> None:
    env = make_env("http://127.0.0.1:9", prefix, dead_letters, BULK_MAX_RETRIES="0")
    pipeline = build_pipeline(load_settings(env))
    batches = _key_cut_twice(second_cut)
    for number, lines in enumerate(batches):
        invoke(pipeline, subscription_event(batch_of(lines, start_id=1000 * (number + 1))))
    kept = [event.message for letter in stored_letters(dead_letters) for event in letter.events]
    assert len(kept) == sum(map(len, batches))  # every event kept, one for one
    secret_lines = [line for lines in batches for line in lines if "INFO" not in line]
    assert not [line for line in secret_lines if any(line[:40] in m for m in kept)]
    assert "INFO key loaded" in kept and "INFO loading the signing key" in kept
