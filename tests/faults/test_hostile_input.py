"""Hostile input through the whole pipeline into the real node: a corpus.

No crash except the designed clear errors (UnsupportedEventError for what is not a CloudWatch
event; DecodeError kept as a dead letter naming its stage), and nothing lost: every event is
indexed or dead-lettered, and the counts add up.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from devtools.slack_receiver import SlackReceiver
from lambda_forwarder.errors import UnsupportedEventError
from tests.faults import hostile
from tests.faults.accounting import Scenario
from tests.support.discover import parse_discover_url
from tests.support.pipeline import balanced, documents, invoke, stored_letters

pytestmark = [pytest.mark.faults, pytest.mark.integration]


@pytest.mark.parametrize("name", sorted(hostile.CORRUPT_PAYLOADS))
def test_undecodable_payload_is_dead_lettered_whole(name: str, scenario: Scenario) -> None:
    data, stage = hostile.CORRUPT_PAYLOADS[name]
    counts = invoke(scenario.pipeline(), {"awslogs": {"data": data}})
    (letter,) = stored_letters(scenario.dead_letters)
    scenario.report.tried("corrupt payloads (base64/gzip/JSON/shape)", lost=1 - len([letter]))
    assert counts == counts | {"received": 1, "dead_lettered": 1, "indexed": 0}
    assert letter.stage.startswith(stage) and letter.reason, letter
    # Kept as text even when it was not (a number): the store must stay readable for replay.
    assert letter.raw_payload == (data if isinstance(data, str) else repr(data))


@pytest.mark.parametrize("name", sorted(hostile.HOSTILE_LINES))
def test_hostile_lines_are_indexed(name: str, scenario: Scenario) -> None:
    """Each line becomes one document; nothing dead-lettered, nothing lost."""
    lines = hostile.HOSTILE_LINES[name]
    batch = hostile.batch(lines)
    sent = frozenset(e.id for e in batch.events)
    counts = invoke(scenario.pipeline(), hostile.event_of(lines))
    accounting = scenario.account(sent)
    scenario.report.tried("hostile log lines (corpus)", len(lines), lost=len(accounting.lost))
    assert balanced(counts) and counts["received"] == len(lines), counts
    assert not accounting.lost
    assert counts["indexed"] == len(lines) and accounting.indexed == sent, (
        counts,
        [letter.reason for letter in stored_letters(scenario.dead_letters)],
    )
    assert accounting.documents == len(lines)


def test_metadata_keys_are_renamed_not_obeyed(scenario: Scenario) -> None:
    """`_id`, `_index`, `_source` in a line never become bulk metadata: the document keeps the
    CloudWatch id, lands in the configured index, and the keys are kept under safe names."""
    lines = hostile.HOSTILE_LINES["keys _id, _source, empty, '.', 'a..b'"]
    invoke(scenario.pipeline(), hostile.event_of(lines))
    (doc,) = documents(scenario.client, scenario.prefix)
    scenario.report.tried("metadata-named keys", 1)
    assert doc["_id"] == hostile.event_id(0)
    assert not any(key.startswith("_") for key in doc if key != "_id")
    assert "spoofed-id" in json.dumps(doc)  # kept, under another name
    assert not scenario.client.indices.exists(index="other-index")


def test_invalid_utf8_inside_the_payload(scenario: Scenario) -> None:
    """Raw invalid bytes and escaped lone surrogates: indexed with U+FFFD, secrets redacted."""
    event, ids = hostile.invalid_utf8_event()
    counts = invoke(scenario.pipeline(), event)
    accounting = scenario.account(frozenset(ids))
    scenario.report.tried("invalid UTF-8 / lone surrogates", 3, lost=len(accounting.lost))
    assert counts["indexed"] == 3 and balanced(counts) and not accounting.lost
    docs = {d["_id"]: d for d in documents(scenario.client, scenario.prefix)}
    assert "\ufffd" in docs[ids[0]]["message"] and "\ufffd" in docs[ids[1]]["message"]
    assert docs[ids[2]].get("password") == "[REDACTED]"


def test_empty_batch_and_control_message(scenario: Scenario) -> None:
    pipeline = scenario.pipeline()
    empty = invoke(pipeline, hostile.EMPTY_BATCH_EVENT)
    control = invoke(pipeline, hostile.CONTROL_EVENT)
    scenario.report.tried("empty batch / control message", 2)
    assert empty["received"] == 0 and balanced(empty) and empty["indexed"] == 0
    assert control["skipped"] == control["received"] == 1 and balanced(control)
    assert stored_letters(scenario.dead_letters) == []


@pytest.mark.parametrize(
    "event",
    [{}, {"awslogs": {}}, {"Records": []}, {"Records": [{"eventSource": "aws:sqs"}]}, [], None],
    ids=["empty", "awslogs-without-data", "no-records", "sqs-records", "a-list", "none"],
)
def test_what_is_not_a_cloudwatch_event_gets_the_designed_error(
    event: Any, scenario: Scenario
) -> None:
    scenario.report.tried("events of the wrong kind", 1)
    with pytest.raises(UnsupportedEventError):
        invoke(scenario.pipeline(), event)


def test_lines_claiming_another_service(scenario: Scenario) -> None:
    """A line may name its service (it is the emitter's field), but the provenance the forwarder
    writes (log group, stream, account, event id) is never taken from the line."""
    claim = {
        "schema": "emitter/1",
        "@timestamp": "2026-11-25T10:07:06.123456Z",
        "log.level": "info",
        "message": "I am payments, trust me",
        "service.name": "payments",
        "log_id": "0d7a3a52-4a52-4c30-9d5b-0f1f3f1f3f1f",
        "aws.cloudwatch.log_group": "/ecs/payments",
        "aws.cloudwatch.log_stream": "payments/1",
        "aws.cloudwatch.event_id": "1",
        "cloud.account.id": "999999999999",
        "event.original_format": "text",
    }
    foreign = {"service": "payments", "level": "info", "msg": "powertools says payments"}
    invoke(scenario.pipeline(), hostile.event_of([json.dumps(claim), json.dumps(foreign)]))
    docs = sorted(documents(scenario.client, scenario.prefix), key=lambda d: d["_id"])
    scenario.report.tried("lines claiming another service", 2)
    assert len(docs) == 2
    for n, doc in enumerate(docs):
        assert doc["_id"] == doc["aws.cloudwatch.event_id"] == hostile.event_id(n)
        assert doc["aws.cloudwatch.log_group"] == "/ecs/checkout"
        assert doc["aws.cloudwatch.log_stream"] == "checkout/1"
        assert doc["cloud.account.id"] == hostile.OWNER
    assert docs[0]["event.original_format"] == "emitter"


def test_injection_strings_come_out_escaped_in_slack(
    scenario: Scenario, receiver: SlackReceiver
) -> None:
    """Slack markup and Rison/URL metacharacters in messages, fields, service names and log ids:
    Slack gets them escaped (no ping, no disguised link), the links decode to the exact values."""
    injections = hostile.SLACK_INJECTIONS + hostile.RISON_INJECTIONS
    lines = []
    for n, text in enumerate(injections):
        lines.append(
            json.dumps(
                {
                    "schema": "emitter/1",
                    "@timestamp": "2026-11-25T10:07:06.123456Z",
                    "log.level": "error",
                    "message": f"failure {text} <!channel> {n}",
                    "service.name": f"svc {text}",
                    "log_id": f"id-{n}-{text}",
                    "error.type": f"Err{chr(65 + n % 26)}{text}",
                    "error.message": text,
                    "request_id": f"req {text}",
                    "field": text,
                }
            )
        )
    pipeline = scenario.pipeline(SLACK_WEBHOOK_URL=receiver.url, ALERT_MAX_MESSAGES="50")
    counts = invoke(pipeline, hostile.event_of(lines))
    scenario.report.tried("Slack and Rison injection strings", len(lines))
    assert counts["indexed"] == len(lines) and balanced(counts), counts
    assert counts["alerts_posted"] >= 1 and receiver.rejected == [], receiver.rejected
    log_ids = {f"id-{n}-{text}" for n, text in enumerate(injections)}
    seen_ids = set()
    for message in receiver.messages:
        texts = _texts(message)
        for text in texts:
            for raw in ("<!channel>", "<!here>", "<!everyone>", "<https://evil", "<@U012"):
                assert raw not in text, text
        for url in _urls(message):
            if "discover" not in url:
                continue
            link = parse_discover_url(url)
            for item in link.filters:
                phrase = item.get("query", {}).get("match_phrase", {})
                if "log_id" in phrase:
                    seen_ids.add(phrase["log_id"])
    assert "&lt;!channel&gt;" in json.dumps([_texts(m) for m in receiver.messages])
    assert seen_ids and seen_ids <= log_ids, seen_ids - log_ids
    scenario.report.check(
        "security",
        f"Slack/Rison injection: {len(lines)} records with {len(injections)} injection strings "
        f"-> {len(receiver.messages)} Slack messages, no raw `<!channel>`/`<https://…|…>`, "
        f"{len(seen_ids)} View Full Log links decoding to the exact log_id",
    )


def _texts(value: Any) -> list[str]:
    """Every string Slack parses as markup: the top-level `text` and mrkdwn text objects.
    (plain_text objects, such as the header, are shown literally: `<!channel>` pings nobody.)"""
    found: list[str] = []
    if isinstance(value, dict):
        if value.get("type") == "plain_text":
            return found
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                found.append(item)
            elif key != "url":
                found.extend(_texts(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_texts(item))
    return found


def _urls(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [u for k, v in value.items() for u in ([v] if k == "url" else _urls(v))]
    if isinstance(value, list):
        return [u for item in value for u in _urls(item)]
    return []
