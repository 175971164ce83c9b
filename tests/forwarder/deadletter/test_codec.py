"""The dead-letter JSON format: round trips, versioning, clear errors for bad input."""

from __future__ import annotations

import json

import pytest

from lambda_forwarder.deadletter.codec import FORMAT, from_json, from_lines, to_json, to_lines
from lambda_forwarder.errors import DeadLetterFormatError
from lambda_forwarder.model import DeadLetter, LogEvent
from tests.forwarder.deadletter.conftest import make_letter


def test_round_trip_keeps_every_field() -> None:
    """A letter read back equals the letter written."""
    letter = make_letter(events=3)
    assert from_json(to_json(letter)) == letter


def test_undecodable_payload_round_trips() -> None:
    """A raw payload with no events (decode failures) survives the trip."""
    letter = DeadLetter(
        reason="gzip: not a gzipped file",
        stage="decode:gzip",
        owner=None,
        log_group=None,
        log_stream=None,
        raw_payload="H4sI-not-really",
    )
    assert from_json(to_json(letter)) == letter


def test_text_is_one_ascii_line_even_for_hostile_messages() -> None:
    """Control characters, non-ASCII and lone surrogates are escaped: storable anywhere."""
    letter = make_letter(events=1, message="\x1b[31mred\x1b[0m\nnext line é ✓ \ud800 end")
    text = to_json(letter)
    assert text.isascii()
    assert "\n" not in text
    assert from_json(text) == letter


def test_format_is_versioned() -> None:
    """Each letter names its format, so a future reader can tell versions apart."""
    assert json.loads(to_json(make_letter()))["format"] == FORMAT == "logpipe-deadletter/1"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"format": "logpipe-deadletter/9", "reason": "r", "stage": "s"}', "unknown format"),
        ('{"format": "logpipe-deadletter/1", "stage": "s"}', "'reason' must be a string"),
        (
            '{"format": "logpipe-deadletter/1", "reason": "r", "stage": "s", '
            '"events": [{"id": "1", "timestamp": "soon", "message": "m"}]}',
            "event 0 must be",
        ),
    ],
)
def test_bad_input_names_location_and_problem(text: str, problem: str) -> None:
    """Replaying a corrupt object says where it is and what is wrong."""
    with pytest.raises(DeadLetterFormatError) as caught:
        from_json(text, "s3://bucket/key.json")
    assert caught.value.location == "s3://bucket/key.json"
    assert problem in caught.value.problem


def test_json_lines_round_trip() -> None:
    """Several letters in one object (one `put`) come back in order; blank lines are ignored."""
    letters = [make_letter(events=1, reason="a"), make_letter(events=2, reason="b")]
    data = to_lines(letters) + b"\n"
    assert from_lines(data, "file:///x.json") == tuple(letters)


def test_json_lines_error_names_the_line() -> None:
    """A broken line in the middle is reported with its line number."""
    data = to_lines([make_letter()]) + b"{broken\n"
    with pytest.raises(DeadLetterFormatError, match="line 2"):
        from_lines(data, "file:///x.json")


def test_event_timestamps_must_be_whole_numbers() -> None:
    """`true` is not a timestamp, although Python's bool is an int."""
    text = to_json(DeadLetter("r", "s", None, None, None, (LogEvent("1", 1, "m"),)))
    with pytest.raises(DeadLetterFormatError):
        from_json(text.replace('"timestamp":1', '"timestamp":true'))
