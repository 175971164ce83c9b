"""Fingerprints: one per bug, not one per occurrence."""

from __future__ import annotations

from lambda_forwarder.config import SanitizeSettings
from lambda_forwarder.sanitize import Sanitizer
from lambda_forwarder.sanitize.fingerprint import (
    FINGERPRINT_FIELD,
    fingerprint,
    innermost_app_frame,
    normalize_message,
)


def record(message: str, service: str = "payments", error_type: str = "Timeout") -> dict:
    return {"service.name": service, "error.type": error_type, "message": message}


def test_variable_parts_collapse() -> None:
    """Numbers, hex, UUIDs and quoted values do not split one error into many."""
    assert (
        normalize_message(
            "order 1234 user 'alice' id 0b9d8f5e-2c1a-4c3e-9a57-1f2e3d4c5b6a"
            " at 0x7f3a sha deadbeef42"
        )
        == "order <n> user <str> id <uuid> at <hex> sha <hex>"
    )
    a = record('charge 17 failed for "bob" after 3.2s')
    b = record('charge 9912 failed for "carol" after 30.0s')
    assert fingerprint(a) == fingerprint(b)


def test_service_type_and_text_tell_errors_apart() -> None:
    base = record("charge failed")
    assert fingerprint(base) != fingerprint(record("charge failed", service="orders"))
    assert fingerprint(base) != fingerprint(record("charge failed", error_type="KeyError"))
    assert fingerprint(base) != fingerprint(record("refund failed"))


def test_plain_tracebacks_use_their_last_line() -> None:
    """Text tracebacks all start alike; their last line names the error."""
    one = 'Traceback (most recent call last):\n  File "a.py", line 1\nValueError: bad 1'
    two = "Traceback (most recent call last):\n  File \"b.py\", line 9\nKeyError: 'x'"
    assert normalize_message(one) == "ValueError: bad <n>"
    assert fingerprint(record(one, error_type="")) != fingerprint(record(two, error_type=""))


def test_whitespace_and_missing_fields() -> None:
    assert normalize_message("  a \n\t b  ") == "a b"
    assert len(fingerprint({})) == 32


def test_innermost_application_frame_not_line_numbers() -> None:
    """Library frames are skipped; file:function, never the line, tells two raise sites apart."""
    stack = (
        "Traceback (most recent call last):\n"
        '  File "/var/task/shop/pay.py", line {n}, in charge\n'
        '  File "/var/task/vendor/site-packages/requests/api.py", line 9, in post\n'
        "requests.Timeout: read timed out"
    )
    assert innermost_app_frame(stack.format(n=12)) == "shop/pay.py:charge"
    one = record("timed out") | {"error.stack_trace": stack.format(n=12)}
    moved = record("timed out") | {"error.stack_trace": stack.format(n=99)}
    elsewhere = record("timed out") | {
        "error.stack_trace": stack.format(n=12).replace("in charge", "in refund")
    }
    assert fingerprint(one) == fingerprint(moved)
    assert fingerprint(one) != fingerprint(elsewhere)


def test_paths_and_ids_are_masked() -> None:
    assert normalize_message("cannot open /tmp/up/17/a.csv for ord_8f2k1") == (
        "cannot open <path> for <id>"
    )


def test_a_records_own_fingerprint_wins() -> None:
    assert fingerprint(record("x") | {"error.fingerprint": "checkout-declines"}) == (
        "checkout-declines"
    )
    assert len(fingerprint(record("x") | {"error.fingerprint": "y" * 500})) == 32


def test_sanitize_puts_it_on_error_documents() -> None:
    """Computed before indexing, so the indexed document carries it as a keyword."""
    sanitize = Sanitizer(SanitizeSettings())
    error = sanitize(record("charge 17 failed") | {"log.level": "error"})
    info = sanitize({"message": "fine", "log.level": "info"})
    assert error[FINGERPRINT_FIELD] == fingerprint(record("charge 99 failed"))
    assert FINGERPRINT_FIELD not in info


def test_an_emitter_records_own_fingerprint_survives_parsing() -> None:
    """`error.fingerprint` is a schema key: parse keeps it, and it wins over the computed one."""
    import json

    from lambda_forwarder.config import ParseSettings
    from lambda_forwarder.model import DATA_MESSAGE, LogBatch, LogEvent
    from lambda_forwarder.parse import RecordParser

    line = json.dumps(
        {
            "@timestamp": "2026-12-01T08:32:40.825989Z",
            "log.level": "error",
            "message": "payment failed",
            "service.name": "checkout",
            "log_id": "ab4839e1-b913-494b-8c8f-5fb69dbc0f77",
            "schema": "emitter/1",
            "error.fingerprint": "checkout-declines",
        }
    )
    batch = LogBatch(DATA_MESSAGE, "1", "/ecs/checkout", "s", ())
    record = RecordParser(ParseSettings(region="eu-west-1"))(LogEvent("1", 1, line), batch)
    assert Sanitizer(SanitizeSettings())(record)[FINGERPRINT_FIELD] == "checkout-declines"
