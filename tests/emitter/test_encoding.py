"""emitter.encoding: every value encodes; the orjson and stdlib paths agree byte for byte."""

import dataclasses
import datetime
import decimal
import enum
import json
import math
import uuid
from collections import OrderedDict, namedtuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emitter.encoding import CIRCULAR, TOO_DEEP, Encoder, safe_str, to_utf8

orjson = pytest.importorskip("orjson")

FAST = Encoder(use_orjson=True)
STDLIB = Encoder(use_orjson=False)


class Color(enum.Enum):
    RED = "red"
    TUPLE = (1, 2)


class Number(enum.IntEnum):
    TWO = 2


class Text(str):
    def __str__(self):
        return "overridden"


class Big(int):
    pass


class Fraction(float):
    pass


class Dict(dict):
    pass


@dataclasses.dataclass
class Point:
    x: int
    y: int


class BadStr:
    def __str__(self):
        raise RuntimeError("no str")


class BadBoth:
    def __str__(self):
        raise RuntimeError("no str")

    def __repr__(self):
        raise RuntimeError("no repr")


def _circular_list():
    items = [1]
    items.append(items)
    return items


def _circular_dict():
    mapping = {"a": 1}
    mapping["self"] = mapping
    return mapping


def _deep(levels):
    value = "bottom"
    for _ in range(levels):
        value = {"d": value}
    return value


HOSTILE = {
    "plain": {"k1": 1, "k2": "two", "k3": 3.5, "k4": True, "k5": None},
    "small floats": {"a": 1e-5, "b": 4.2e-05, "c": -1.5e-7, "d": 5e-324, "e": 0.0001},
    "big floats": {"a": 1e16, "b": 1.7976931348623157e308, "c": 1e22},
    "non-finite": {"nan": math.nan, "inf": math.inf, "ninf": -math.inf, "nested": [math.nan]},
    "big ints": {"a": 2**64, "b": -(2**63) - 1, "c": 10**100},
    "non-str keys": {"d": {7: "a", 2.5: "b", None: "c", True: "d", (1, 2): "e"}},
    "surrogates": {"s": "a\ud800b", "pair": "\ud83d\ude00", "key\udfff": 1},
    "control chars": {"s": "".join(chr(i) for i in range(32)) + '"\\\u2028\x7f'},
    "unicode": {"s": "żółć 日本 🎉"},
    "objects": {
        "dt": datetime.datetime(2026, 11, 25, 10, 7, 6, tzinfo=datetime.UTC),
        "date": datetime.date(2026, 1, 2),
        "dec": decimal.Decimal("1.10"),
        "uuid": uuid.UUID(int=7),
        "bytes": b"\x00\xff",
        "set": {1},
        "frozenset": frozenset(),
        "obj": object.__new__(Point),
        "point": Point(1, 2),
        "complex": 1j,
        "range": range(3),
    },
    "enums": {"c": Color.RED, "t": Color.TUPLE, "n": Number.TWO},
    "subclasses": {
        "text": Text("x"),
        "big": Big(5),
        "frac": Fraction(0.5),
        "dict": Dict(a=1),
        "ordered": OrderedDict(b=2),
        "nt": namedtuple("NT", "a b")(1, 2),
        "tuple": (1, "2"),
    },
    "raising str": {"bad": BadStr(), "worse": BadBoth()},
    "circular": {"l": _circular_list(), "d": _circular_dict()},
    "deep": {"v": _deep(100)},
    "very deep": {"v": _deep(5000)},
    "huge string": {"s": "x" * 100_000},
    "empty": {},
}


class TestEncoder:
    @pytest.mark.parametrize("name", sorted(HOSTILE))
    def test_valid_json_and_identical(self, name):
        """Hostile values give valid JSON, and the orjson and stdlib paths give the same bytes."""
        fast, slow = FAST.fields(HOSTILE[name]), STDLIB.fields(HOSTILE[name])
        assert fast == slow
        assert isinstance(json.loads(to_utf8(fast)), dict)

    def test_markers_and_str(self):
        """Cut values are marked; unknown types become str(); enums their value."""
        decoded = json.loads(to_utf8(FAST.fields({**HOSTILE["circular"], **HOSTILE["objects"]})))
        assert decoded["l"] == [1, CIRCULAR] and decoded["d"]["self"] == CIRCULAR
        assert decoded["dt"] == "2026-11-25 10:07:06+00:00" and decoded["dec"] == "1.10"
        assert decoded["bytes"] == "b'\\x00\\xff'" and decoded["set"] == "{1}"
        enums = json.loads(FAST.fields(HOSTILE["enums"]))
        assert enums == {"c": "red", "t": [1, 2], "n": 2}

    def test_non_finite_floats_become_text(self):
        """NaN and infinities are written as their str(), never as bare NaN or null."""
        decoded = json.loads(FAST.fields(HOSTILE["non-finite"]))
        assert decoded == {"nan": "nan", "inf": "inf", "ninf": "-inf", "nested": ["nan"]}

    def test_deep_nesting_is_cut(self):
        """Nesting beyond max_depth is replaced by a marker."""
        decoded = json.loads(FAST.fields(HOSTILE["very deep"]))
        depth = 0
        value = decoded["v"]
        while isinstance(value, dict):
            value, depth = value["d"], depth + 1
        assert value == TOO_DEEP and depth < 40

    def test_huge_string_is_cut_and_marked(self):
        """Strings longer than max_string are cut, and the cut says how much."""
        decoded = json.loads(Encoder(max_string=1000).fields({"s": "x" * 5000}))
        assert decoded["s"].startswith("x" * 1000) and "truncated 4000 chars" in decoded["s"]
        assert len(decoded["s"]) < 1100

    def test_surrogates_become_replacement_characters(self):
        """Lone surrogates turn into U+FFFD; a surrogate pair into its character."""
        decoded = json.loads(to_utf8(FAST.fields(HOSTILE["surrogates"])))
        assert decoded == {"s": "a\ufffdb", "pair": "😀", "key\ufffd": 1}

    def test_string_literal(self):
        """`string` gives the JSON literal of a (capped) string."""
        assert Encoder(max_string=64).string('a"b') == '"a\\"b"'
        assert "truncated 36 chars" in Encoder(max_string=64).string("y" * 100)


class TestSafeStr:
    def test_falls_back_to_repr_then_marker(self):
        """str() failing gives repr(); both failing gives a marker naming the type."""
        assert safe_str(BadStr()).startswith("<tests.emitter.test_encoding.BadStr object")
        assert safe_str(BadBoth()) == "<unrepresentable BadBoth>"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.binary()
    | st.decimals()
    | st.datetimes(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text() | st.integers(), children, max_size=4)
        | st.tuples(children, children)
        | st.frozensets(st.integers(), max_size=3)
    ),
    max_leaves=20,
)


class TestEquivalenceProperty:
    @settings(max_examples=400, deadline=None)
    @given(st.dictionaries(st.text(), json_values, max_size=6))
    def test_orjson_and_stdlib_agree(self, fields):
        """For any fields, both paths give identical, valid JSON."""
        fast = FAST.fields(fields)
        assert fast == STDLIB.fields(fields)
        assert isinstance(json.loads(to_utf8(fast)), dict)

    @settings(max_examples=300, deadline=None)
    @given(st.floats(allow_nan=False, allow_infinity=False))
    def test_floats_agree(self, number):
        """Every finite float is written as the stdlib writes it (repr), whichever path runs."""
        assert FAST.fields({"f": number}) == STDLIB.fields({"f": number}) == f'{{"f":{number!r}}}'
