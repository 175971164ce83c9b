"""The parse stage's fast paths give exactly what the general rules give (issue 12: the stage
may not get slower, and being faster may change no record)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambda_forwarder.jsonio import has_rounded_integers, loads_object
from lambda_forwarder.model import LogEvent
from lambda_forwarder.parse import group_events, log_id_for, merge_plan
from lambda_forwarder.parse.common import LOG_ID_NAMESPACE
from lambda_forwarder.times import parse_time

# --- huge integers: exact whatever orjson does -----------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        10**19,  # 20 digits: beyond int64, within uint64 (orjson keeps it)
        12345678901234567890123,  # beyond 64 bits: orjson would round it to a float
        -(2**63) - 1,  # 19 digits, below int64
        -(10**25),
    ],
)
def test_huge_integers_are_read_exactly_anywhere_in_a_line(number: int) -> None:
    line = json.dumps(
        {"schema": "emitter/1", "message": "m", "n": number, "deep": {"list": [1, {"m": number}]}}
    )
    obj = loads_object(line)
    assert obj is not None
    assert obj["n"] == number and type(obj["n"]) is int
    assert obj["deep"]["list"][1]["m"] == number


def test_a_line_nested_past_orjsons_limit_is_no_object_and_no_deep_recursion(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from lambda_forwarder import jsonio

    def never(text: str) -> object:
        raise AssertionError("the standard library was asked")

    monkeypatch.setattr(jsonio, "exact_loads", never)
    assert loads_object('{"a":' * 5000) is None
    assert loads_object("[" * 2000 + "]" * 2000) is None


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.text(max_size=8), _JSON, max_size=6), st.booleans())
def test_a_lines_object_is_what_the_standard_library_reads(obj: dict, ascii_only: bool) -> None:
    """Whichever reader takes the line (msgspec, or orjson past its nesting bound), the object
    is the standard library's, value for value and type for type."""
    line = json.dumps(obj, ensure_ascii=ascii_only)
    expected = json.loads(line)
    got = loads_object(line)
    assert got == expected
    assert json.dumps(got) == json.dumps(expected)  # 1 and 1.0, True and 1 kept apart


@pytest.mark.parametrize("depth", [200, 300, 900])
def test_nesting_either_side_of_the_msgspec_bound_reads_the_same(depth: int) -> None:
    line = '{"a":' + "[" * depth + "1" + "]" * depth + "}"
    assert loads_object(line) == json.loads(line)


def test_floats_stay_floats_and_strings_of_digits_stay_strings() -> None:
    obj = loads_object('{"f": 1e19, "g": -9.3e18, "s": "123456789012345678901234", "i": 7}')
    assert obj == {"f": 1e19, "g": -9.3e18, "s": "123456789012345678901234", "i": 7}
    assert type(obj["f"]) is float and type(obj["s"]) is str


def test_the_rounding_check_looks_past_strings_into_nested_values() -> None:
    assert not has_rounded_integers(["a", 1, 2.5, None, True, {"k": "v"}, ["x"]])
    assert has_rounded_integers(["a", {"k": ["b", 1.2e19]}])
    assert has_rounded_integers(["a", -9.3e18])


# --- times: the UTC forms Python logging and Powertools write -----------------------------


def _general(text: str) -> str | None:
    """What the general ISO 8601 reading gives (a leading space skips every fast path)."""
    return parse_time(" " + text)


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-01 11:01:02.123456+0000",
        "2026-12-01T11:01:02.123456+0000",
        "2026-12-01 11:01:02.123456-0000",
        "2026-12-01 11:01:02.123456+00:00",
        "2026-12-01T11:01:02.000000-00:00",
        "2026-12-01 11:01:02.123456Z",
        "2024-02-29 23:59:59.999999+0000",
    ],
)
def test_utc_times_are_written_in_the_emitter_form(text: str) -> None:
    expected = datetime.fromisoformat(text).astimezone(UTC).replace(tzinfo=None)
    assert parse_time(text) == expected.isoformat(timespec="microseconds") + "Z"
    assert parse_time(text) == _general(text)


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30 11:01:02.123456+0000",  # no such day
        "2026-12-01 24:00:00.000000+0000",  # no such hour
        "1989-12-31 23:59:59.000000+0000",  # before any log time
        "2200-01-01 00:00:00.000000+0000",  # after any log time
        "2026-12-01 11:01:02.12345x+0000",  # not a fraction
        "2026-12-01 11:01:02.\uff11\uff12\uff13456+0000",  # digits, but not ASCII
    ],
)
def test_what_the_general_reading_refuses_the_fast_path_refuses(text: str) -> None:
    assert parse_time(text) is None
    assert _general(text) is None


def test_other_offsets_are_converted_as_before() -> None:
    assert parse_time("2026-12-01 11:01:02.123456+0100") == "2026-12-01T10:01:02.123456Z"


# --- log ids ------------------------------------------------------------------------------


@pytest.mark.parametrize("event_id", ["1", "3" * 56, "éü", "a\ud800b"])
def test_log_id_is_uuid5_of_the_event_id(event_id: str) -> None:
    name = event_id.encode("utf-8", "replace").decode("utf-8")
    assert log_id_for(event_id) == str(uuid.uuid5(uuid.UUID(bytes=LOG_ID_NAMESPACE), name))


# --- multi-line grouping: only runs of non-JSON lines are walked --------------------------


def _events(lines: list[str]) -> tuple[LogEvent, ...]:
    return tuple(LogEvent(str(n), n, line) for n, line in enumerate(lines))


def test_a_batch_where_nothing_merges_is_returned_as_it_is() -> None:
    events = _events(['{"a": 1}', "alone", '{"b": 2}', "    indented but after JSON", '{"c": 3}'])
    heads, merges = merge_plan(events)
    assert heads is events and merges == {}


def test_a_traceback_between_json_lines_still_merges() -> None:
    lines = [
        '{"a": 1}',
        "boom",
        "Traceback (most recent call last):",
        '  File "x.py", line 1, in f',
        "KeyError: 'x'",
        '{"b": 2}',
        "alone",
    ]
    shape = [(head.message, len(absorbed)) for head, absorbed in group_events(_events(lines))]
    assert shape == [('{"a": 1}', 0), ("boom", 3), ('{"b": 2}', 0), ("alone", 0)]


# --- a log router's envelopes: looked for at a character's cost, decoded once ---------------


def _count_decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from lambda_forwarder.parse import parser, shipped

    decoded: list[str] = []

    def counting(text: str) -> dict | None:
        decoded.append(text)
        return loads_object(text)

    monkeypatch.setattr(shipped, "loads_object", counting)
    monkeypatch.setattr(parser, "loads_object", counting)
    return decoded


def test_merging_decodes_no_ordinary_json_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """An application's JSON lines (a `log` field too, if not first) are never decoded by
    merging: their third character, or the first key, says they are no envelope."""
    decoded = _count_decodes(monkeypatch)
    lines = [
        json.dumps({"@timestamp": "t", "schema": "emitter/1", "message": "m"}),
        json.dumps({"level": "error", "log": "x", "stream": "s"}),  # `log` not first
        json.dumps({"logger": "a", "msg": "m"}),
        json.dumps({"source_ip": "1.2.3.4", "msg": "m"}),
        "{",
        "Traceback (most recent call last):",
    ]
    heads, merges = merge_plan(_events(lines))
    assert decoded == [] and merges == {} and len(heads) == len(lines)


def test_the_parse_takes_the_envelopes_merging_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each envelope of a batch is decoded once, by merging or by the parse, not by both."""
    from lambda_forwarder.config import ParseSettings
    from lambda_forwarder.model import LogBatch
    from lambda_forwarder.parse import RecordParser, merged_event

    decoded = _count_decodes(monkeypatch)
    lines = ["Traceback (most recent call last):", '  File "x.py", line 1, in f', "KeyError: 'x'"]
    envelopes = [json.dumps({"log": f"{line}\n", "stream": "stderr"}) for line in lines]
    envelopes += [json.dumps({"log": "INFO next\n", "stream": "stderr"})] * 2  # the same twice
    batch = LogBatch("DATA_MESSAGE", "123456789012", "/ecs/app", "app/1", _events(envelopes))
    parser = RecordParser(ParseSettings(region="eu-west-1"))
    records = [
        parser(merged_event(head, absorbed), batch, continued=bool(absorbed))
        for head, absorbed in group_events(batch.events, envelopes=parser.envelopes)
    ]
    assert [r["log.level"] for r in records] == ["error", "info", "info"]
    assert records[0]["error.type"] == "KeyError"
    assert sorted(decoded) == sorted([*set(envelopes), envelopes[-1]])  # the copy: its own
    assert not parser.envelopes  # each taken once


def test_the_memo_of_envelopes_is_each_parsers_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """A parser's memo is filled only by the merging it is given to: another parser, or a
    merging given none, reads the same records, decoding the envelopes itself."""
    from lambda_forwarder.config import ParseSettings
    from lambda_forwarder.model import LogBatch
    from lambda_forwarder.parse import RecordParser, merged_event

    lines = ["Traceback (most recent call last):", '  File "x.py", line 1, in f', "KeyError: 'x'"]
    envelopes = [json.dumps({"log": f"{line}\n", "stream": "stderr"}) for line in lines]
    batch = LogBatch("DATA_MESSAGE", "123456789012", "/ecs/app", "app/1", _events(envelopes))
    given, other = (RecordParser(ParseSettings(region="eu-west-1")) for _ in range(2))
    groups = group_events(batch.events, envelopes=given.envelopes)
    assert len(given.envelopes) == len(envelopes) and not other.envelopes
    decoded = _count_decodes(monkeypatch)
    records = [
        [
            parser(merged_event(head, absorbed), batch, continued=bool(absorbed))
            for head, absorbed in groups
        ]
        for parser in (other, given)
    ]
    assert records[0] == records[1]
    assert [record["error.type"] for record in records[0]] == ["KeyError"]
    assert len(decoded) == len(envelopes)  # by `other` alone
    assert not given.envelopes
    assert group_events(batch.events) == groups and not given.envelopes  # given none: kept none
