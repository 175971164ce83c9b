"""Secrets the redactor masks on one path and once missed on another: colour codes around a
secret, an object under a secret key in text, a JWT after an underscore, a record's own notes,
and a payload that decompressed but did not decode (its dead letter)."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path

import pytest

from lambda_forwarder.config import DEFAULT_REDACT_FIELDS, SanitizeSettings, load_settings
from lambda_forwarder.deadletter import LocalDirStore
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.model import NOTE_RENAMED
from lambda_forwarder.pipeline import Pipeline
from lambda_forwarder.sanitize import Redactor, Sanitizer
from tests.support.pipeline import stored_letters

REDACTOR = Redactor(DEFAULT_REDACT_FIELDS)
E = "\x1b"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJrZXluYW1lIn0.c2lnS2V5TmFtZQ"


class TestColourCodes:
    @pytest.mark.parametrize(
        ("text", "masked"),
        [
            (
                f"login failed {E}[36mpassword{E}[0m={E}[35mStructlogPW-24680{E}[0m user=bob",
                "login failed password=[REDACTED] user=bob",
            ),
            (
                f"ERROR {E}[1mBearer{E}[0m SGRtok0123456789abcdef rejected",
                "ERROR Bearer [REDACTED] rejected",
            ),
        ],
        ids=["structlog's key=value", "between Bearer and its token"],
    )
    def test_a_secret_inside_colour_codes_is_masked(self, text: str, masked: str) -> None:
        assert REDACTOR.suspicious(text)
        assert REDACTOR.suspicious_many([text, "ok"]) == [True, False]
        assert REDACTOR.text(text) == masked
        assert REDACTOR.text(masked) == masked

    def test_a_coloured_text_without_a_secret_keeps_its_codes(self) -> None:
        text = f"{E}[31mERROR{E}[0m payment failed order=42"
        assert REDACTOR.text(text) == text


class TestNestedValues:
    @pytest.mark.parametrize(
        ("text", "masked"),
        [
            (
                '\t{"credentials": {"user": "svc", "pass": "x1"}, "n": 1}',
                '\t{"credentials": {[REDACTED]}, "n": 1}',
            ),
            (
                "creds {'credentials': {'user': 'svc', 'p': 'x1'}}",
                "creds {'credentials': {[REDACTED]}}",
            ),
            ('token={"a":[1,{"b":"}"}]} ok', "token={[REDACTED]} ok"),
            ("password=[a, b] x", "password=[[REDACTED]] x"),
            ("password: {cut short", "password: {[REDACTED]"),
        ],
        ids=["JSON", "Python's inspect", "a quoted bracket", "a list", "cut short"],
    )
    def test_an_object_or_list_under_a_secret_key_is_masked_whole(
        self, text: str, masked: str
    ) -> None:
        assert REDACTOR.text(text) == masked
        assert REDACTOR.text(masked) == masked

    def test_an_empty_one_is_left_alone(self) -> None:
        assert REDACTOR.text("password={} token=[] x") == "password={} token=[] x"


def test_a_jwt_after_an_underscore_is_masked_in_values_and_names() -> None:
    assert REDACTOR.text(f"session_{JWT}") == "session_[REDACTED]"
    out = Sanitizer(SanitizeSettings(), REDACTOR)({"message": "m", f"_{JWT}": 1}, True)
    assert JWT not in json.dumps(out) and JWT[:20] not in json.dumps(out)


def test_a_records_own_notes_are_masked() -> None:
    """An emitter record carries `logpipe.renamed`: text from the line like any other."""
    record = {"message": "m", NOTE_RENAMED: ["Bearer RenamedBearer0123456789abc", "a -> b"]}
    out = Sanitizer(SanitizeSettings(), REDACTOR)(record, True)
    assert out[NOTE_RENAMED] == ["Bearer [REDACTED]", "a -> b"]


def _pipeline(directory: Path) -> Pipeline:
    env = {"OPENSEARCH_URL": "http://127.0.0.1:9", "DEAD_LETTER_DIR": str(directory)}
    store = LocalDirStore(directory)
    return Pipeline(load_settings(env), indexer=None, dead_letters=store)  # type: ignore[arg-type]


def _payload(document: bytes) -> str:
    return base64.b64encode(gzip.compress(document)).decode("ascii")


@pytest.mark.parametrize(
    "document",
    [
        {"messageType": "DATA_MESSAGE", "owner": "1", "logGroup": "g", "logStream": "s",
         "subscriptionFilters": ["f"], "logEvents": [
             {"id": "1", "timestamp": 1.5, "message": "connect password=DecodeStagePW-9876"}]},
        '{"logEvents": [{"message": "password=DecodeStagePW-9876"}',
    ],
    ids=["wrong shape", "not JSON"],
)  # fmt: skip
def test_a_payload_that_decompressed_is_dead_lettered_masked(
    tmp_path: Path, document: object
) -> None:
    pipeline = _pipeline(tmp_path)
    raw = document if isinstance(document, str) else json.dumps(document)
    report = pipeline.process_payload(_payload(raw.encode()), Deadline.after(5))
    assert report.dead_lettered == 1
    (letter,) = stored_letters(tmp_path)
    assert letter.stage.startswith("decode:") and letter.raw_payload
    text = gzip.decompress(base64.b64decode(letter.raw_payload)).decode()
    assert "DecodeStagePW-9876" not in text and "password=[REDACTED]" in text


def test_a_payload_without_a_secret_is_dead_lettered_as_it_came(tmp_path: Path) -> None:
    pipeline = _pipeline(tmp_path)
    payload = _payload(b'{"logEvents": "nope"}')
    pipeline.process_payload(payload, Deadline.after(5))
    (letter,) = stored_letters(tmp_path)
    assert letter.raw_payload == payload


def test_a_gzip_stream_with_junk_after_it_is_dead_lettered_masked(tmp_path: Path) -> None:
    """The members before the junk are readable: kept with the secret masked."""
    stream = gzip.compress(b'{"logEvents": [{"message": "password=JunkStagePW-1234"}]}')
    payload = base64.b64encode(stream + b"junk after the stream").decode("ascii")
    report = _pipeline(tmp_path).process_payload(payload, Deadline.after(5))
    assert report.dead_lettered == 1
    (letter,) = stored_letters(tmp_path)
    assert letter.stage == "decode:gzip"
    text = gzip.decompress(base64.b64decode(letter.raw_payload)).decode()
    assert "JunkStagePW-1234" not in text and "password=[REDACTED]" in text
