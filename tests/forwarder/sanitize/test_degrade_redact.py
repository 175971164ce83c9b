"""degrade() for mapping conflicts, Redactor.line() for dead letters."""

from __future__ import annotations

import json

import pytest

from lambda_forwarder.config import DEFAULT_REDACT_FIELDS, SanitizeSettings
from lambda_forwarder.model import NOTE_DEGRADED, NOTE_DEGRADED_FIELDS, NOTE_RENAMED
from lambda_forwarder.sanitize import REDACTED, Redactor, Sanitizer, degrade

SOURCE = {
    "@timestamp": "2026-11-25T10:07:06.123456Z",
    "log.level": "error",
    "message": "charge failed",
    "service.name": "checkout",
    "log_id": "c0ffee00-1234-4abc-8def-0123456789ab",
    "request_id": "r-1",
    "error.type": "Timeout",
    "aws.cloudwatch.event_id": "1" * 56,
    "event.ingested": "2026-11-25T10:07:08.000000Z",
    NOTE_RENAMED: ["_id -> id_"],
    "status": "ok",
    "order.id": 5,
}
CONFLICT = (
    "mapper_parsing_exception: failed to parse field [status] of type [long] in document with "
    "id '111'. Preview of field's value: 'hunter2'"
)


class TestDegrade:
    def test_core_kept_app_fields_as_one_string(self) -> None:
        """Schema keys stay; every other field is in logpipe.degraded_fields."""
        out = degrade(dict(SOURCE), CONFLICT)
        assert json.loads(out[NOTE_DEGRADED_FIELDS]) == {"status": "ok", "order.id": 5}
        for key in SOURCE:
            if key not in ("status", "order.id"):
                assert out[key] == SOURCE[key]
        assert "status" not in out and "order.id" not in out

    def test_reason_is_short_and_without_the_value_preview(self) -> None:
        """The reason is recorded without the field's value (data, maybe a secret)."""
        out = degrade(dict(SOURCE), CONFLICT)
        assert out[NOTE_DEGRADED].startswith("mapper_parsing_exception: failed to parse")
        assert "hunter2" not in out[NOTE_DEGRADED]
        assert len(degrade({}, "x" * 5000)[NOTE_DEGRADED]) <= 300

    def test_a_blamed_schema_key_moves_too(self) -> None:
        """When the conflict is on a movable schema key (request_id), it moves as well."""
        reason = "mapper_parsing_exception: failed to parse field [request_id] of type [long]"
        out = degrade(dict(SOURCE), reason)
        assert "request_id" not in out
        assert json.loads(out[NOTE_DEGRADED_FIELDS])["request_id"] == "r-1"
        assert out["message"] == "charge failed"

    def test_essential_keys_never_move(self) -> None:
        """@timestamp, message, log_id and the event id stay even if named."""
        out = degrade(dict(SOURCE), "failed to parse field [@timestamp] and [message] and [log_id]")
        assert out["@timestamp"] == SOURCE["@timestamp"] and out["log_id"] == SOURCE["log_id"]

    def test_degraded_output_is_serializable_and_bounded(self) -> None:
        """Big app fields are cut so the document stays indexable."""
        out = degrade({"message": "m", "blob": "x" * 400_000}, CONFLICT)
        assert len(out[NOTE_DEGRADED_FIELDS].encode()) <= 256 * 1024
        json.dumps(out, allow_nan=False)


class TestRedactLine:
    words = DEFAULT_REDACT_FIELDS

    def test_json_line_redacted_key_wise(self) -> None:
        """Secret keys at any depth; the rest of the line as it was."""
        line = '{"user":"bob","password":"p","nested":{"api_key":"k","list":[{"token":1}]}}'
        out = _line(line, self.words)
        assert json.loads(out) == {
            "user": "bob",
            "password": REDACTED,
            "nested": {"api_key": REDACTED, "list": [{"token": REDACTED}]},
        }

    def test_json_line_without_secrets_is_untouched(self) -> None:
        """Byte for byte: not re-serialized when nothing changed."""
        line = '{ "user" : "bob",   "n": 1.50 }'
        assert _line(line, self.words) is line

    @pytest.mark.parametrize(
        ("text", "secret"),
        [
            ("login failed user=bob password=hunter2 retry=1", "hunter2"),
            ("Authorization: Bearer eyJhbGciOi.abc", "eyJhbGciOi"),
            ('sending {"api_key": "sk_live_123", "x": 1', "sk_live_123"),
            ("GET /cb?code=1&access_token=abc123&state=2", "abc123"),
            ("Cookie: session=abc; theme=dark", "session=abc"),
            ("db_password: 'p@ss word'", "p@ss word"),
        ],
    )
    def test_text_patterns(self, text: str, secret: str) -> None:
        """key=value, key: value, "key": "value": the value is masked."""
        out = _line(text, self.words)
        assert secret not in out
        assert REDACTED in out

    def test_text_without_secrets_is_untouched(self) -> None:
        """No redaction word, no change."""
        text = "order placed: id=5, total: 12.50"
        assert _line(text, self.words) == text

    @pytest.mark.parametrize(
        "line",
        [
            '{"password":"p","a":{"token":"t"}}',
            "user=bob password=hunter2 Authorization: Bearer x Cookie: a=b; c=d",
            '{"broken": "json", "secret": "s"',
        ],
    )
    def test_idempotent(self, line: str) -> None:
        """Redacting a redacted line changes nothing."""
        once = _line(line, self.words)
        assert _line(once, self.words) == once

    def test_replay_of_a_redacted_json_line_gives_the_same_document(self) -> None:
        """The sanitizer makes the same document from the original and the redacted line."""
        sanitizer = Sanitizer(SanitizeSettings())
        original = {"password": "p", "nested": {"token": "t"}, "user": "bob"}
        redacted = json.loads(_line(json.dumps(original), self.words))
        assert sanitizer(dict(original)) == sanitizer(redacted)


def _line(text: str, words: tuple[str, ...]) -> str:
    return Redactor(words).line(text)
