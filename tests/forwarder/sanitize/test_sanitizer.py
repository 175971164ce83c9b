"""Sanitizer: each rule on a plain dict, expected == actual."""

from __future__ import annotations

import json

from lambda_forwarder.config import SanitizeSettings
from lambda_forwarder.model import NOTE_OVERFLOW, NOTE_REDACTED, NOTE_RENAMED, NOTE_TRUNCATED
from lambda_forwarder.sanitize import REDACTED, TRUNCATION_MARKER, Sanitizer, is_valid_name

CORE = {
    "@timestamp": "2026-11-25T10:07:06.123456Z",
    "log.level": "info",
    "message": "m",
    "service.name": "checkout",
    "log_id": "3f0c8a1e-5b7d-4c2a-9e1f-7a6b5c4d3e2f",
    "aws.cloudwatch.event_id": "1" * 56,
}


def _sanitize(record: dict, **settings: object) -> dict:
    return Sanitizer(SanitizeSettings(**settings))(record)  # type: ignore[arg-type]


class TestValues:
    def test_a_clean_record_is_unchanged(self) -> None:
        """Nothing to do: the same keys and values, no notes."""
        record = {**CORE, "order_id": "o-1", "amount": 12.5, "ok": True, "none": None, "n": 3}
        assert _sanitize(record) == record

    def test_nested_values_become_json_strings(self) -> None:
        """dicts and lists -> compact JSON, non-ASCII kept, non-JSON values via str."""
        out = _sanitize({"cart": {"sku": "é", "qty": 2}, "tags": ["a", "b"], "t": ("x",)})
        assert out["cart"] == '{"sku":"é","qty":2}'
        assert out["tags"] == '["a","b"]'
        assert out["t"] == '["x"]'
        out = _sanitize({"when": {"at": object}})
        assert out["when"] == json.dumps({"at": str(object)}, separators=(",", ":"))

    def test_special_numbers(self) -> None:
        """NaN/Infinity -> strings; integers outside OpenSearch's long -> strings."""
        out = _sanitize(
            {
                "a": float("nan"),
                "b": float("inf"),
                "c": -float("inf"),
                "d": 2**63,
                "e": -(2**63),
                "f": 2**63 - 1,
                "g": {"x": float("nan")},
            }
        )
        assert out == {
            "a": "NaN",
            "b": "Infinity",
            "c": "-Infinity",
            "d": str(2**63),
            "e": -(2**63),
            "f": 2**63 - 1,
            "g": '{"x":"NaN"}',
        }
        json.dumps(out, allow_nan=False)

    def test_strings_are_capped_on_a_character_boundary(self) -> None:
        """Values over max_value_bytes are cut, marked, and listed in logpipe.truncated."""
        out = _sanitize({"a": "x" * 1000, "b": "é" * 1000, "c": "ok"}, max_value_bytes=300)
        assert len(out["a"].encode()) <= 300 and out["a"].endswith(TRUNCATION_MARKER)
        assert len(out["b"].encode()) <= 300 and out["b"].endswith(TRUNCATION_MARKER)
        assert out["b"][: -len(TRUNCATION_MARKER)] == "é" * len(out["b"][: -len(TRUNCATION_MARKER)])
        assert out[NOTE_TRUNCATED] == ["a", "b"]

    def test_lone_surrogates_become_replacement_characters(self) -> None:
        """Every string in the output encodes to UTF-8."""
        out = _sanitize({"a": "x\ud800y"})
        assert out["a"] == "x\ufffdy"


class TestFieldCap:
    def test_app_fields_beyond_the_cap_go_to_overflow(self) -> None:
        """max_fields app fields are kept in order; the rest is one JSON string."""
        record = {**CORE, **{f"f{i}": i for i in range(15)}}
        out = _sanitize(record, max_fields=10)
        assert [k for k in out if k.startswith("f")] == [f"f{i}" for i in range(10)]
        assert json.loads(out[NOTE_OVERFLOW]) == {f"f{i}": i for i in range(10, 15)}
        for key, value in CORE.items():
            assert out[key] == value

    def test_core_fields_never_count(self) -> None:
        """Schema keys are never moved, whatever their number."""
        record = {**{f"f{i}": i for i in range(10)}, **CORE, "error.type": "E", "cloud.region": "r"}
        out = _sanitize(record, max_fields=10)
        assert NOTE_OVERFLOW not in out
        assert out["error.type"] == "E" and out["cloud.region"] == "r"

    def test_fifteen_hundred_fields(self) -> None:
        """A 1,500-field record keeps 100 app fields; the rest stays in the document as text."""
        record = {**CORE, **{f"field_{i}": i for i in range(1500)}}
        out = _sanitize(record, max_value_bytes=64_000)
        assert len([k for k in out if k.startswith("field_")]) == 100
        assert len(json.loads(out[NOTE_OVERFLOW])) == 1400


class TestNames:
    def test_rejected_and_misread_names_are_renamed(self) -> None:
        """Empty, metadata, dots only, a..b, leading/trailing dots, control characters."""
        record = {
            "": 1,
            "_id": 2,
            "_source": 3,
            "...": 4,
            "a..b": 5,
            ".x.": 6,
            "c\x00d": 7,
            " ": 8,
            "__": 9,
        }
        out = _sanitize(record)
        assert out == {
            "unnamed": 1,
            "id_": 2,
            "source_": 3,
            "unnamed_2": 4,
            "a.b": 5,
            "x": 6,
            "c_d": 7,
            "unnamed_3": 8,
            "unnamed_4": 9,
            NOTE_RENAMED: sorted(
                [
                    " -> unnamed",
                    "_id -> id_",
                    "_source -> source_",
                    "... -> unnamed_2",
                    "a..b -> a.b",
                    ".x. -> x",
                    "c\x00d -> c_d",
                    "  -> unnamed_3",
                    "__ -> unnamed_4",
                ]
            ),
        }

    def test_long_names_are_cut_with_a_hash(self) -> None:
        """Two long names sharing a beginning stay apart; both are valid."""
        out = _sanitize({"a" * 300 + "1": 1, "a" * 300 + "2": 2}, max_field_name_length=50)
        keys = [k for k in out if not k.startswith("logpipe.")]
        assert len(keys) == 2 and keys[0] != keys[1]
        assert all(is_valid_name(k, 50) for k in keys)

    def test_deep_paths_are_flattened(self) -> None:
        """More than 10 dotted segments would approach OpenSearch's depth limit."""
        out = _sanitize({".".join("abcdefghijklmno"): 1})
        (name,) = [k for k in out if not k.startswith("logpipe.")]
        assert name.count(".") == 9 and is_valid_name(name, 200)

    def test_value_and_object_path_conflict(self) -> None:
        """`a` beside `a.b`: the value moves to `a_value`; schema keys stay put."""
        out = _sanitize({"a": 1, "a.b": 2, **CORE, "service": "x"})
        assert out["a_value"] == 1 and out["a.b"] == 2 and "a" not in out
        assert out["service_value"] == "x" and out["service.name"] == "checkout"
        assert "a -> a_value" in out[NOTE_RENAMED]

    def test_core_value_wins_over_app_object(self) -> None:
        """`message` (schema) beside `message.x` (app): the app field moves."""
        out = _sanitize({"message": "m", "message.x": 1})
        assert out["message"] == "m" and out["message_value.x"] == 1


class TestRedaction:
    def test_secret_fields_are_redacted(self) -> None:
        """Any name containing a redaction word, any case, any value type."""
        out = _sanitize(
            {"password": "p", "DB_Password": 5, "x_api_key": None, "auth": {"token": 1}}
        )
        assert out["password"] == REDACTED and out["DB_Password"] == REDACTED
        assert out["x_api_key"] == REDACTED
        assert out["auth"] == '{"token":"[REDACTED]"}'
        assert out[NOTE_REDACTED] == ["DB_Password", "auth.token", "password", "x_api_key"]

    def test_nested_secrets_inside_lists(self) -> None:
        """Secrets deep in lists of dicts are redacted before stringifying."""
        out = _sanitize({"calls": [{"headers": {"Authorization": "Bearer abc"}}]})
        assert "abc" not in out["calls"]
        assert out[NOTE_REDACTED] == ["calls.headers.Authorization"]

    def test_configurable_words(self) -> None:
        """redact_fields decides."""
        out = _sanitize({"password": "p", "ssn": "1"}, redact_fields=("ssn",))
        assert out["password"] == "p" and out["ssn"] == REDACTED

    def test_secrets_pasted_into_free_text_are_masked(self) -> None:
        """`password=...` in any string (message, error, trace, a field): the value goes."""
        out = _sanitize(
            {
                "message": "connected to db.internal:5432 password=s3cr3t-value as reports",
                "error.message": "login failed: Authorization: Bearer eyJhbGciOi.x.y",
                "error.stack_trace": 'Traceback ...\nValueError: api_key="AKIA123"',
                "note": "password=pasted",  # any string: one rule for every value
            }
        )
        assert out["message"] == "connected to db.internal:5432 password=[REDACTED] as reports"
        assert "eyJhbGciOi" not in out["error.message"]
        assert "AKIA123" not in out["error.stack_trace"]
        assert out["note"] == "password=[REDACTED]"
        assert out[NOTE_REDACTED] == ["error.message", "error.stack_trace", "message", "note"]

    def test_text_without_secrets_is_untouched(self) -> None:
        out = _sanitize({"message": "the token bucket is empty; passwords rotate daily"})
        assert out["message"] == "the token bucket is empty; passwords rotate daily"
        assert NOTE_REDACTED not in out


class TestNotes:
    def test_earlier_notes_are_merged(self) -> None:
        """The parser's logpipe.renamed entries are kept beside the sanitizer's."""
        out = _sanitize({"_id": 1, NOTE_RENAMED: ["service -> service_"]})
        assert out[NOTE_RENAMED] == ["_id -> id_", "service -> service_"]

    def test_sanitizing_twice_changes_nothing(self) -> None:
        """A sanitized record is a fixed point (replays give the same document)."""
        record = {
            **CORE,
            "_id": 1,
            "password": "p",
            "a": 1,
            "a.b": 2,
            "big": "x" * 500,
            "nested": {"k": [1, 2]},
            **{f"f{i}": i for i in range(20)},
        }
        sanitizer = Sanitizer(SanitizeSettings(max_fields=10, max_value_bytes=256))
        once = sanitizer(record)
        assert sanitizer(once) == once
