"""Rison encoder and decoder: the notation Discover URLs carry their state in."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_forwarder.alerts import rison
from tests.support import discover


class TestDumps:
    def test_bare_ids_stay_bare(self) -> None:
        """Strings of id characters that do not start with a digit or '-' are not quoted."""
        assert rison.dumps("log_id") == "log_id"
        assert rison.dumps("logs-*") == "'logs-*'"
        assert rison.dumps("a.b/c~d%e+f") == "a.b/c~d%e+f"

    def test_quotes_everything_else(self) -> None:
        """Digits first, '-', spaces, ':' and non-ASCII text are quoted."""
        assert rison.dumps("1abc") == "'1abc'"
        assert rison.dumps("-x") == "'-x'"
        assert rison.dumps("a b") == "'a b'"
        assert rison.dumps("2026-11-25T10:07:06.123Z") == "'2026-11-25T10:07:06.123Z'"
        assert rison.dumps("café") == "'café'"

    def test_escapes_quote_and_bang(self) -> None:
        """' is written !' and ! is written !!, as the facts file says."""
        assert rison.dumps("it's") == "'it!'s'"
        assert rison.dumps("wow!") == "'wow!!'"
        assert rison.dumps("!'") == "'!!!''"

    def test_literals_and_containers(self) -> None:
        """!t, !f, !n, !() lists, () objects with insertion order kept, '' for empty."""
        value = {"b": [True, False, None], "a": "", "n": -2.5, "i": 0, "e": {}}
        assert rison.dumps(value) == "(b:!(!t,!f,!n),a:'',n:-2.5,i:0,e:())"

    def test_discover_phrase_filter_shape(self) -> None:
        """The facts file's phrase filter encodes as documented."""
        value = {
            "$state": {"store": "appState"},
            "meta": {"alias": None, "disabled": False, "key": "log_id", "negate": False},
        }
        assert (
            rison.dumps(value)
            == "('$state':(store:appState),meta:(alias:!n,disabled:!f,key:log_id,negate:!f))"
        )

    def test_newline_is_quoted(self) -> None:
        """The PyPI package emits "a\\nb" bare, which no decoder reads back; this one quotes."""
        assert rison.dumps("a\nb") == "'a\nb'"
        assert discover.loads(rison.dumps("a\nb")) == "a\nb"

    def test_refuses_what_rison_cannot_say(self) -> None:
        """NaN, infinity, bytes and non-string keys are errors, not silent garbage."""
        for bad in (math.nan, math.inf):
            with pytest.raises(ValueError):
                rison.dumps(bad)
        with pytest.raises(TypeError):
            rison.dumps(b"x")
        with pytest.raises(TypeError):
            rison.dumps({1: "x"})


class TestLoads:
    def test_reads_what_dashboards_writes(self) -> None:
        """Dashboards leaves many characters bare (its ids exclude only ` '!:(),*@$`)."""
        assert discover.loads("(a:x-y,b:'q',c:!(1,2.5,-3e2))") == {
            "a": "x-y",
            "b": "q",
            "c": [1, 2.5, -300.0],
        }
        assert discover.loads("(index:logs%23x)") == {"index": "logs%23x"}

    @pytest.mark.parametrize(
        "text",
        ["", "(a:1", "(a)", "!x", "'abc", "'a!b'", "(a:1)x", "!(1,,2)", "(,a:1)", "-", "!"],
    )
    def test_rejects_malformed(self, text: str) -> None:
        """Malformed text raises RisonError with a position."""
        with pytest.raises(discover.RisonError) as caught:
            discover.loads(text)
        assert caught.value.position >= 0


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**15), max_value=10**15)
    | st.floats(allow_nan=False, allow_infinity=False, width=64)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@given(json_values)
def test_round_trip(value: object) -> None:
    """Any JSON-like value decodes to itself: quotes, !, spaces, unicode, newlines included."""
    assert discover.loads(rison.dumps(value)) == value


@given(st.text())
def test_url_quote_round_trip(text: str) -> None:
    """Percent-encoding never changes the decoded value and leaves no raw & # + space."""
    from urllib.parse import unquote

    encoded = rison.url_quote(rison.dumps(text))
    for bad in ' &#+="\n':
        assert bad not in encoded
    assert discover.loads(unquote(encoded)) == text
