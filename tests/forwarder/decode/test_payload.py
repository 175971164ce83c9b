"""decode_payload / encode_payload: the wire format, and every way a payload can be broken."""

from __future__ import annotations

import base64
import gzip
import json
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambda_forwarder.decode import (
    MAX_DECOMPRESSED_BYTES,
    DecodeError,
    batch_to_wire,
    decode_payload,
    encode_payload,
    subscription_event,
)
from lambda_forwarder.decode import payload as payload_module
from lambda_forwarder.model import CONTROL_MESSAGE, DATA_MESSAGE, LogBatch, LogEvent

EVENTS = Path(__file__).resolve().parents[3] / "events"


def _payload(document: object) -> str:
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    return base64.b64encode(gzip.compress(raw)).decode()


def _wire(**overrides: object) -> dict:
    wire = {
        "messageType": "DATA_MESSAGE",
        "owner": "123456789012",
        "logGroup": "/aws/lambda/checkout",
        "logStream": "2026/11/25/[$LATEST]abc",
        "subscriptionFilters": ["logpipe"],
        "logEvents": [
            {
                "id": "3195310660696698337880902507980421114328961542429822156",
                "timestamp": 1,
                "message": "hello",
            }
        ],
    }
    wire.update(overrides)
    return wire


BATCH = LogBatch(
    message_type=DATA_MESSAGE,
    owner="123456789012",
    log_group="/ecs/checkout",
    log_stream="checkout/app/1",
    events=(
        LogEvent("1" * 56, 1795601226000, '{"message": "héllo ✓ 日本"}'),
        LogEvent("2" * 56, 1795601226001, "line\nwith\ttabs and \\ backslashes"),
    ),
    subscription_filters=("logpipe", "other"),
    policy_level="ACCOUNT_LEVEL_POLICY",
)


class TestRoundTrip:
    def test_encode_then_decode_gives_the_same_batch(self) -> None:
        """encode_payload is the exact inverse of decode_payload."""
        assert decode_payload(encode_payload(BATCH)) == BATCH

    def test_wire_names_are_cloudwatch_camel_case(self) -> None:
        """The encoded JSON uses CloudWatch's names, so real tooling reads it."""
        raw = zlib.decompress(base64.b64decode(encode_payload(BATCH)), zlib.MAX_WBITS | 32)
        wire = json.loads(raw)
        assert set(wire) == {
            "messageType",
            "owner",
            "logGroup",
            "logStream",
            "subscriptionFilters",
            "logEvents",
            "policyLevel",
        }
        assert wire["logEvents"][0] == {
            "id": "1" * 56,
            "timestamp": 1795601226000,
            "message": '{"message": "héllo ✓ 日本"}',
        }
        assert batch_to_wire(BATCH) == wire

    def test_encoding_is_deterministic(self) -> None:
        """The same batch always encodes to the same text (gzip without a date)."""
        assert encode_payload(BATCH) == encode_payload(BATCH)

    def test_subscription_event_shape(self) -> None:
        """Lambda receives {"awslogs": {"data": ...}}."""
        event = subscription_event(BATCH)
        assert list(event) == ["awslogs"]
        assert decode_payload(event["awslogs"]["data"]) == BATCH

    def test_bytes_input_is_accepted(self) -> None:
        """Kinesis data may arrive as bytes."""
        assert decode_payload(encode_payload(BATCH).encode()) == BATCH

    @pytest.mark.parametrize("name", sorted(p.name for p in EVENTS.glob("cloudwatch-*.json")))
    def test_committed_sample_events_decode(self, name: str) -> None:
        """Every sample event in events/ is a valid subscription event."""
        batch = decode_payload(json.loads((EVENTS / name).read_text())["awslogs"]["data"])
        assert batch.events
        if name == "cloudwatch-control.json":
            assert batch.is_control and batch.message_type == CONTROL_MESSAGE
        else:
            assert batch.owner == "123456789012"
            assert all(len(event.id) == 56 and event.id.isdigit() for event in batch.events)


class TestAccepted:
    def test_control_message_with_empty_id(self) -> None:
        """CloudWatch's control message has an empty id and empty group; it decodes."""
        control = _wire(
            messageType="CONTROL_MESSAGE",
            owner="CloudwatchLogs",
            logGroup="",
            logStream="",
            subscriptionFilters=[],
            logEvents=[
                {
                    "id": "",
                    "timestamp": 1443634452371,
                    "message": "CWL CONTROL MESSAGE: Checking health of destination",
                }
            ],
        )
        batch = decode_payload(_payload(control))
        assert batch.is_control and batch.events[0].id == ""

    def test_numeric_id_is_coerced_to_text(self) -> None:
        """An id that lost its quotes still becomes the same string."""
        wire = _wire(logEvents=[{"id": 12345678901234567890123, "timestamp": 5, "message": "m"}])
        assert decode_payload(_payload(wire)).events[0].id == "12345678901234567890123"

    def test_optional_fields_may_be_missing(self) -> None:
        """subscriptionFilters and policyLevel are optional; extractedFields are ignored."""
        wire = _wire()
        del wire["subscriptionFilters"]
        wire["logEvents"][0]["extractedFields"] = {"a": "b"}
        batch = decode_payload(_payload(wire))
        assert batch.subscription_filters == () and batch.policy_level is None

    def test_invalid_utf8_is_replaced_not_lost(self) -> None:
        """Invalid UTF-8 bytes become U+FFFD; the event is kept with the rest of its text."""
        raw = json.dumps(_wire()).encode().replace(b'"hello"', b'"caf\xe9 ok"')
        event = decode_payload(_payload(raw)).events[0]
        assert event.message == "caf\ufffd ok"

    def test_lone_surrogate_escape_is_replaced(self) -> None:
        """A lone surrogate escape cannot be encoded later: it becomes U+FFFD."""
        raw = json.dumps(_wire()).encode().replace(b'"hello"', b'"a\\ud800b"')
        event = decode_payload(_payload(raw)).events[0]
        assert event.message == "a\ufffdb"
        event.message.encode("utf-8")

    def test_concatenated_gzip_members(self) -> None:
        """gzip allows several members; their concatenation is the document."""
        text = json.dumps(_wire()).encode()
        data = gzip.compress(text[:10]) + gzip.compress(text[10:])
        assert decode_payload(base64.b64encode(data)).events[0].message == "hello"


class TestRejected:
    @pytest.mark.parametrize("data", ["not base64!!", "abc", "", "   ", "é"])
    def test_bad_base64(self, data: str) -> None:
        """Not base64 (or nothing at all): stage base64."""
        with pytest.raises(DecodeError) as caught:
            decode_payload(data)
        assert caught.value.stage == "base64" and caught.value.reason

    def test_not_a_string(self) -> None:
        """A dict where the data should be: stage base64, with the type named."""
        with pytest.raises(DecodeError, match="dict") as caught:
            decode_payload({"a": 1})  # type: ignore[arg-type]
        assert caught.value.stage == "base64"

    def test_base64_of_plain_json_is_not_gzip(self) -> None:
        """Strict: uncompressed JSON is refused at the gzip stage."""
        with pytest.raises(DecodeError) as caught:
            decode_payload(base64.b64encode(json.dumps(_wire()).encode()))
        assert caught.value.stage == "gzip"

    def test_nesting_past_orjsons_limit_is_refused_without_the_standard_library(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Deeper than orjson's 1024 levels is deeper than the standard library's recursion
        limit: refused at once, with no thousand-frame recursion (nor finalizers run there)."""
        from lambda_forwarder.decode import payload

        def never(text: str) -> object:
            raise AssertionError("the standard library was asked")

        monkeypatch.setattr(payload, "exact_loads", never)
        with pytest.raises(DecodeError, match="nested too deeply") as caught:
            decode_payload(_payload(b"[" * 100_000))
        assert caught.value.stage == "json"

    def test_truncated_gzip(self) -> None:
        """A cut-off gzip stream: stage gzip, "truncated"."""
        data = gzip.compress(json.dumps(_wire()).encode())[:-12]
        with pytest.raises(DecodeError, match="truncated") as caught:
            decode_payload(base64.b64encode(data))
        assert caught.value.stage == "gzip"

    def test_trailing_garbage_after_gzip(self) -> None:
        """Bytes after the gzip stream that are not another member: stage gzip."""
        data = gzip.compress(json.dumps(_wire()).encode()) + b"garbage!"
        with pytest.raises(DecodeError) as caught:
            decode_payload(base64.b64encode(data))
        assert caught.value.stage == "gzip"

    def test_gzip_bomb_is_refused_without_inflating_it(self) -> None:
        """A payload inflating beyond the cap (30 MiB of zeros) is refused at stage gzip."""
        bomb = gzip.compress(b"0" * (30 * 1024 * 1024))
        assert len(bomb) < 100_000
        with pytest.raises(DecodeError, match="exceeds") as caught:
            decode_payload(base64.b64encode(bomb))
        assert caught.value.stage == "gzip"
        assert str(MAX_DECOMPRESSED_BYTES) in caught.value.reason

    def test_cap_is_configurable(self) -> None:
        """max_bytes bounds the decompressed size exactly."""
        data = _payload(_wire())
        size = len(json.dumps(_wire()).encode())
        assert decode_payload(data, max_bytes=size).events
        with pytest.raises(DecodeError):
            decode_payload(data, max_bytes=size - 1)

    @pytest.mark.parametrize("raw", [b"{not json", b"", b"\x00\x01", b'{"a": 1'])
    def test_bad_json(self, raw: bytes) -> None:
        """gzip of something that is not JSON: stage json."""
        with pytest.raises(DecodeError) as caught:
            decode_payload(_payload(raw))
        assert caught.value.stage == "json"

    @pytest.mark.parametrize(
        ("document", "words"),
        [
            ([1, 2], "JSON object"),
            ({"foo": 1}, "messageType"),
            (_wire(messageType="OTHER"), "messageType"),
            (_wire(owner=None), "owner"),
            (_wire(logGroup=5), "logGroup"),
            (_wire(logEvents="x"), "logEvents"),
            (_wire(logEvents=[5]), "logEvents[0]"),
            (_wire(logEvents=[{"id": "1", "timestamp": "soon", "message": "m"}]), "timestamp"),
            (_wire(logEvents=[{"id": "1", "timestamp": 1.5, "message": "m"}]), "timestamp"),
            (_wire(logEvents=[{"id": "1", "timestamp": 1}]), "message"),
            (_wire(logEvents=[{"id": "", "timestamp": 1, "message": "m"}]), "id"),
            (_wire(logEvents=[{"id": None, "timestamp": 1, "message": "m"}]), "id"),
            (_wire(subscriptionFilters="x"), "subscriptionFilters"),
            (_wire(policyLevel=3), "policyLevel"),
        ],
    )
    def test_bad_shape(self, document: object, words: str) -> None:
        """Valid JSON of the wrong shape: stage shape, naming the field."""
        with pytest.raises(DecodeError) as caught:
            decode_payload(_payload(document))
        assert caught.value.stage == "shape"
        assert words in caught.value.reason


# --- the one-pass decode of CloudWatch's exact shape --------------------------------------------

_JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
_EVENT = st.fixed_dictionaries(
    {
        "id": st.one_of(st.text(min_size=0, max_size=6), st.integers(), st.none()),
        "timestamp": st.one_of(
            st.integers(min_value=-(2**65), max_value=2**65), st.floats(allow_nan=False), st.text()
        ),
        "message": st.one_of(st.text(), _JSON_SCALARS),
    }
)
_ENVELOPE = st.fixed_dictionaries(
    {
        "messageType": st.sampled_from(["DATA_MESSAGE", "CONTROL_MESSAGE", "OTHER"]),
        "owner": st.one_of(st.text(max_size=12), st.integers(min_value=0, max_value=10**12)),
        "logGroup": st.one_of(st.text(max_size=8), _JSON_SCALARS),
        "logStream": st.text(max_size=8),
        "logEvents": st.one_of(st.lists(_EVENT, max_size=4), st.none()),
    },
    optional={
        "subscriptionFilters": st.one_of(st.lists(st.text(max_size=4), max_size=2), st.none()),
        "policyLevel": st.one_of(st.none(), st.text(max_size=4), st.integers()),
    },
)


def _checked(document: bytes) -> LogBatch | str:
    """What the checked path gives: the batch, or the DecodeError's text."""
    try:
        parsed, scrub = payload_module._loads(document)
        return payload_module._to_batch(parsed, scrub)
    except DecodeError as error:
        return str(error)


@settings(max_examples=400, deadline=None)
@given(_ENVELOPE)
def test_the_one_pass_decode_agrees_with_the_checked_path(envelope: dict) -> None:
    """Where the payload decodes in one pass, the batch is the checked path's, value for value
    (ids, exact timestamps, text); everything else is left to the checked path."""
    document = json.dumps(envelope).encode()
    fast = payload_module._as_sent(document)
    if fast is not None:
        assert fast == _checked(document)
        assert decode_payload(_payload(document)) == fast


def test_a_payload_as_cloudwatch_sends_it_takes_the_one_pass_decode() -> None:
    document = json.dumps(_wire()).encode()
    assert payload_module._as_sent(document) == _checked(document)


@pytest.mark.parametrize(
    "raw",
    [
        json.dumps(_wire()).encode().replace(b'"hello"', b'"caf\xe9 ok"'),  # invalid UTF-8
        json.dumps(_wire()).encode().replace(b'"hello"', b'"a\\ud800b"'),  # a lone surrogate
        json.dumps(_wire(owner=123456789012)).encode(),  # an account id without its quotes
    ],
    ids=["invalid UTF-8", "lone surrogate", "numeric owner"],
)
def test_what_needs_repair_is_left_to_the_checked_path(raw: bytes) -> None:
    assert payload_module._as_sent(raw) is None
    assert isinstance(decode_payload(_payload(raw)), LogBatch)
