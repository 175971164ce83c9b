"""Dead letters as JSON: one self-describing object per letter, versioned for replay.

The text is pure ASCII (`ensure_ascii`): log lines may carry control characters or lone
surrogates, which SQS rejects and UTF-8 cannot encode; escaped, every letter can be stored.
"""

from __future__ import annotations

import json
from typing import Any

from lambda_forwarder.errors import DeadLetterFormatError
from lambda_forwarder.model import DeadLetter, LogEvent

FORMAT = "logpipe-deadletter/1"


def to_dict(letter: DeadLetter) -> dict[str, Any]:
    """The letter as plain JSON values (events as `{id, timestamp, message}`)."""
    return {
        "format": FORMAT,
        "reason": letter.reason,
        "stage": letter.stage,
        "owner": letter.owner,
        "log_group": letter.log_group,
        "log_stream": letter.log_stream,
        "events": [
            {"id": event.id, "timestamp": event.timestamp, "message": event.message}
            for event in letter.events
        ],
        "raw_payload": letter.raw_payload,
    }


def to_json(letter: DeadLetter) -> str:
    """One line of ASCII JSON (no newline inside)."""
    return json.dumps(to_dict(letter), ensure_ascii=True, separators=(",", ":"))


def from_json(text: str | bytes, location: str = "<text>") -> DeadLetter:
    """The letter back; DeadLetterFormatError naming `location` if it is not one."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise DeadLetterFormatError(location, f"not JSON: {error}") from None
    return from_dict(data, location)


def from_dict(data: Any, location: str = "<dict>") -> DeadLetter:
    if not isinstance(data, dict):
        raise DeadLetterFormatError(location, "not a JSON object")
    if data.get("format") != FORMAT:
        raise DeadLetterFormatError(
            location, f"unknown format {data.get('format')!r}, expected {FORMAT!r}"
        )
    for name in ("reason", "stage"):
        if not isinstance(data.get(name), str):
            raise DeadLetterFormatError(location, f"{name!r} must be a string")
    for name in ("owner", "log_group", "log_stream", "raw_payload"):
        if data.get(name) is not None and not isinstance(data[name], str):
            raise DeadLetterFormatError(location, f"{name!r} must be a string or null")
    events = data.get("events", [])
    if not isinstance(events, list):
        raise DeadLetterFormatError(location, "'events' must be a list")
    return DeadLetter(
        reason=data["reason"],
        stage=data["stage"],
        owner=data.get("owner"),
        log_group=data.get("log_group"),
        log_stream=data.get("log_stream"),
        events=tuple(_event(event, location, n) for n, event in enumerate(events)),
        raw_payload=data.get("raw_payload"),
    )


def _event(data: Any, location: str, position: int) -> LogEvent:
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("id"), str)
        or not isinstance(data.get("timestamp"), int)
        or isinstance(data.get("timestamp"), bool)
        or not isinstance(data.get("message"), str)
    ):
        raise DeadLetterFormatError(
            location, f"event {position} must be {{id: str, timestamp: int, message: str}}"
        )
    return LogEvent(id=data["id"], timestamp=data["timestamp"], message=data["message"])


def to_lines(letters: list[DeadLetter] | tuple[DeadLetter, ...]) -> bytes:
    """Several letters as JSON Lines (one S3 object or file per `put`)."""
    return "".join(to_json(letter) + "\n" for letter in letters).encode("ascii")


def from_lines(data: bytes | str, location: str) -> tuple[DeadLetter, ...]:
    """The letters of a JSON Lines object; blank lines are ignored."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return tuple(
        from_json(line, f"{location} line {number}")
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip()
    )
