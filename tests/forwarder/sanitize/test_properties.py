"""Sanitizer properties (hypothesis): whatever the record, the output is flat, bounded,
valid for OpenSearch, free of secrets and serializable."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from lambda_forwarder.config import SanitizeSettings
from lambda_forwarder.model import NOTE_REDACTED, NOTE_RENAMED, NOTE_TRUNCATED
from lambda_forwarder.sanitize import REDACTED, Redactor, Sanitizer, is_core, is_valid_name

SETTINGS = SanitizeSettings(max_fields=12, max_value_bytes=256, max_field_name_length=40)
SANITIZER = Sanitizer(SETTINGS)
WORDS = SETTINGS.redact_fields
REDACTOR = Redactor(WORDS)
SECRET = "S3CRET-VALUE-5f2a"

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats()
    | st.text(max_size=400)
)
names = st.text(max_size=60) | st.sampled_from(
    [
        "_id",
        "_source",
        ".",
        "..",
        "a..b",
        ".a",
        "a.",
        "a",
        "a.b",
        "a.b.c",
        "message",
        "message.x",
        "service",
        "service.name",
        "log.level",
        "aws.cloudwatch.log_group",
        "logpipe.renamed",
        "logpipe.overflow",
        "Password",
        "x.api_key",
        "TOKEN",
        "auth",
        " ",
        "é.é",
        "_",
        "@timestamp",
        "cookie_jar",
        "a" * 70,
    ]
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(names, children, max_size=4),
    max_leaves=15,
)
records = st.dictionaries(names, values, max_size=30)


def _is_secret_name(name: str) -> bool:
    return REDACTOR.is_secret_key(name)


def _with_secrets(value: object) -> object:
    """The same structure, with every value under a secret-looking key set to SECRET."""
    if isinstance(value, dict):
        return {k: SECRET if _is_secret_name(k) else _with_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_secrets(v) for v in value]
    return value


def _check(out: dict) -> None:
    app = [k for k in out if not is_core(k)]
    assert len(app) <= SETTINGS.max_fields
    for key, value in out.items():
        assert is_valid_name(key, SETTINGS.max_field_name_length) or key.startswith("logpipe.")
        if key in (NOTE_REDACTED, NOTE_RENAMED, NOTE_TRUNCATED):
            assert isinstance(value, list) and all(isinstance(v, str) for v in value)
            for entry in value:
                assert len(entry.encode("utf-8")) <= SETTINGS.max_value_bytes
            continue
        assert value is None or isinstance(value, str | bool | int | float), (key, value)
        if isinstance(value, float):
            assert math.isfinite(value)
        if isinstance(value, int) and not isinstance(value, bool):
            assert -(2**63) <= value < 2**63
        if isinstance(value, str):
            assert len(value.encode("utf-8")) <= SETTINGS.max_value_bytes
    # no name is both a value and an object path
    for key in out:
        parts = key.split(".")
        for end in range(1, len(parts)):
            assert ".".join(parts[:end]) not in out, key
    json.dumps(out, allow_nan=False)
    json.dumps(out, allow_nan=False, ensure_ascii=False).encode("utf-8")


@settings(max_examples=400, deadline=None)
@given(records)
def test_output_is_flat_bounded_valid_and_serializable(record: dict) -> None:
    """Flat scalars (lists of str for notes only), valid names, caps respected, JSON-safe."""
    _check(SANITIZER(record))


@settings(max_examples=400, deadline=None)
@given(records)
def test_secrets_never_survive(record: dict) -> None:
    """A value under a secret-looking name, at any depth, never appears in the output."""
    out = SANITIZER(_with_secrets(record))  # type: ignore[arg-type]
    assert SECRET not in json.dumps(out, ensure_ascii=False)


@settings(max_examples=200, deadline=None)
@given(records)
def test_core_keys_are_never_dropped(record: dict) -> None:
    """Every valid schema key of the input is in the output with its (safe) value."""
    out = SANITIZER(record)
    for key, value in record.items():
        if (
            is_core(key)
            and is_valid_name(key, SETTINGS.max_field_name_length)
            and not key.startswith("logpipe.")
            and isinstance(value, str)
            and value.isascii()
            and len(value) < 200
            and not _is_secret_name(key)
            and not any(other.startswith(key + ".") and is_core(other) for other in record)
        ):
            assert out.get(key) == value, key


@settings(max_examples=200, deadline=None)
@given(records)
def test_sanitizing_is_idempotent(record: dict) -> None:
    """A sanitized record sanitizes to itself."""
    once = SANITIZER(record)
    assert SANITIZER(once) == once


def test_redacted_marker_is_what_replaces_secrets() -> None:
    """The marker is a plain string, searchable."""
    assert SANITIZER({"password": "x"})["password"] == REDACTED


@settings(max_examples=400, deadline=None)
@given(records)
def test_the_unsuspicious_fast_path_gives_the_same_document(record: dict) -> None:
    """Where the line a record came from is not suspicious, skipping the text scan (and
    serializing nested values as they are) gives exactly the document of the full walk."""
    try:
        line = json.dumps(record, ensure_ascii=False)
    except ValueError:
        return
    if REDACTOR.suspicious(line):
        return
    assert SANITIZER(dict(record), False) == SANITIZER(dict(record), True)


@settings(max_examples=400, deadline=None)
@given(st.lists(records, min_size=1, max_size=4), st.booleans())
def test_a_learnt_layout_gives_the_document_of_the_full_walk(batch: list, suspicious: bool) -> None:
    """A layout learnt from one record serves the next records of that layout: each gets the
    document the full walk gives, whatever its values (and a record seen twice, too)."""
    sanitizer = Sanitizer(SETTINGS)
    for record in (*batch, *batch, *({**r, k: 2**70} for r in batch for k in list(r)[:1])):
        expected = sanitizer._walk(dict(record), suspicious)
        assert sanitizer(dict(record), suspicious) == expected


def test_the_fast_path_is_taken_for_a_repeated_plain_layout() -> None:
    sanitizer = Sanitizer(SETTINGS)
    first = {"message": "order paid", "order_id": "o-1", "amount": 12.5, "ok": True}
    assert sanitizer(first, False) == first
    assert sanitizer._plain  # learnt
    second = {"message": "order paid", "order_id": "o-2", "amount": 3.0, "ok": False}
    assert sanitizer(second, False) == second
    cut = {**second, "order_id": "x" * 300}  # same layout, a value to cut: the walk takes it
    out = sanitizer(cut, False)
    assert len(out["order_id"]) < 300 and out[NOTE_TRUNCATED] == ["order_id"]
