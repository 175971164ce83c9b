"""Fingerprints: one per bug, not one per occurrence."""

from __future__ import annotations

from lambda_forwarder.sanitize.fingerprint import fingerprint, normalize_message


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
