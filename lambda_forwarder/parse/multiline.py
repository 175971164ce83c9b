"""Multi-line merging: the events of one batch that are one record split line by line.

The Docker awslogs driver, plain `print` and runtimes that write line by line turn a traceback
or a stack into one CloudWatch event per line. `merge_plan` gives each run of such events as
one group, in order: a text line, then its continuation lines (indented lines, Java's
`Caused by:` and `... N more`, the final line, the further lines of its message and the chained
parts of a Python traceback (or of its frames, when no `Traceback` line opens them, as for a
SyntaxError in the main script), the goroutine dump after a Go `panic:` or net/http's
`http: panic serving`, a Rust panic's message, notes and backtrace, the `Stack trace:` and
`#0` frames of PHP's uncaught exception, the properties of an error
Node prints as `[Name: ...] {` up to its `}`, the error JSON the Lambda Ruby runtime prints
below its header line up to its `}`, or whole as the next event, the lines Rails writes below a
tagged Ruby Logger line, each starting with its tags, a private key block up to its END line,
gin's recovered panic (its value, in debug mode the request dumped before it, its stack, up to
the colour reset), a failure npm reports (its lines with the same label, `npm ERR!` or
`npm error`, and the blank lines between them), Elixir's exception below its banner (frames,
the blank lines in its message, a GenServer's report lines), the BEAM's halt and the line of
its crash dump). A Next.js error line (a cross, U+2A2F, first), though indented, opens a record
of its own. A group never spans batches, so nothing is held back across invocations, and
merging joins the events' text with newlines, dropping none of it.
A log router's envelopes (FireLens, Fluent Bit, Docker's json-file: parse.shipped) are merged
as the lines inside them would be, with envelopes of the same container and stream only (the
merged text is the envelopes', which the parser reads as the first one around all the lines).
Other JSON lines, Lambda platform lines and events of several lines (written whole) are never
merged into another record, but for the Lambda Ruby runtime's error JSON right below its
header line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import repeat
from operator import attrgetter

from lambda_forwarder import pem
from lambda_forwarder.model import LogEvent
from lambda_forwarder.parse.crash import (
    BEAM_CRASH_DUMP,
    BEAM_HALT,
    CAUSED_BY,
    GIN_RECOVERED,
    GO_HTTP_PANIC,
    HTTP_REQUEST,
    LAMBDA_RUBY,
    NEXT_ERROR,
    PYTHON_FRAME,
    RUST_PANIC,
    TRACEBACK,
    elixir_banner,
    gin_recovered,
    lambda_ruby_error,
)
from lambda_forwarder.parse.levels import infer_level
from lambda_forwarder.parse.platform import PLATFORM_PREFIXES
from lambda_forwarder.parse.shipped import FIRST_KEY_INITIALS, FIRST_KEYS, Envelopes
from lambda_forwarder.parse.textformats import npm_failure, otp_report_level, rails_tags
from lambda_forwarder.times import leading_time

Group = tuple[LogEvent, tuple[LogEvent, ...]]
_NONE: tuple[LogEvent, ...] = ()
_MESSAGE = attrgetter("message")

_TEXT, _PYTHON, _PYTHON_FRAMES, _PYTHON_DONE, _GO, _PEM, _INSPECT, _LAMBDA, _TAGGED, _CLOSED = (
    range(10)
)
_RUST, _RUST_DONE = range(10, 12)  # a Rust panic's header; then its message was read
_PHP = 12  # PHP's uncaught exception: its `Stack trace:`, `#0 ...` frames, `  thrown in`
# gin's recovered panic: its first line read (the value or the request's dump next), the
# request's dump (up to a blank line), the value read (its stack next, up to a colour reset).
_GIN, _GIN_REQUEST, _GIN_STACK = range(13, 16)
_GIN_FRAME = re.compile(r"\S+:\d+ \(0x[0-9a-f]+\)\Z")  # `/app/main.go:42 (0x6b1c4a)`
_HEADER_LINE = re.compile(r"[\w-]+: ")  # `Host: localhost:8080`
_RESET = "\x1b[0m"
# A failure npm reports: each line with the same label (a blank line between is npm 6's).
_NPM_STATES = {"npm ERR!": 16, "npm error": 17}
_NPM_LABELS = {state: label for label, state in _NPM_STATES.items()}
# Elixir's exception: its frames and message lines, indented, and the lines of a GenServer's
# report below them; then the BEAM halting: its crash dump's line below.
_ELIXIR, _BEAM = 18, 19
# Erlang/OTP's report (`=ERROR REPORT==== ... ===`): its lines below the header, indented or
# `** `-led (a gen_server's termination), up to the blank line that ends it.
_OTP = 20
_OTP_LINE = "** "
_GENSERVER_LINES = ("Last message", "State: ", "Client ")
_BEAM_LINES = BEAM_HALT[:3]  # the JSON-like ones are JSON lines, records of their own
# The first characters of those reports' first lines (gin's: its colour, Go's time, its tag;
# OTP's `=`).
_REPORT_FIRST = "n*KRi=\x1b[0123456789"
# What Rust prints below a panic's message: its notes, and the backtrace (indented frames).
_RUST_LINES = ("note: run with `RUST_BACKTRACE=", "note: Some details are omitted",
               "stack backtrace:")  # fmt: skip
# A lone `{`: the Lambda Ruby runtime's error JSON opening below its header; no JSON line.
_BRACE = ("{", "{\n", "{\r\n")
_THIRD = FIRST_KEY_INITIALS + "\n"  # a JSON line's third character, if it may be either
_JAVA_CONTINUED = (CAUSED_BY, "Suppressed: ", "... ")
_PYTHON_CHAIN = (
    "The above exception was the direct cause of the following exception:",
    "During handling of the above exception, another exception occurred:",
)
_GO_LINES = ("goroutine ", "[signal ", "created by ", "exit status ", "panic: ", "[recovered]")
_GO_CALL = re.compile(r"[\w.$/*()\[\]{}<>,-]+\(.*\)\Z")
# Lines of an exception's message of several lines: Postgres's (psycopg) and SQLAlchemy's.
_MESSAGE_LINES = ("DETAIL:  ", "HINT:  ", "CONTEXT:  ", "LINE ", "[SQL: ", "[parameters: ",
                  "(Background on this error at: ")  # fmt: skip
_JAVA_HEADER = re.compile(r"(?:[A-Za-z_$][\w$]*\.)+[A-Za-z_$][\w$]*(?::|\Z)")


def event_line(event: LogEvent) -> str:
    """An event's text as merging joins it: its line ending off."""
    return event.message.rstrip("\r\n")


def _opens(text: str) -> int:
    """The state a record's first line leaves the group in."""
    first = text[:1]
    if first == "{" or text.startswith(PLATFORM_PREFIXES):
        return _CLOSED
    if first == " " and text.lstrip()[:1] == "{":
        return _CLOSED
    if pem.is_full_body_line(text):
        return _PEM  # the middle of a key whose BEGIN and END lie in other batches
    if first == "[" and text.endswith("] {"):
        return _INSPECT  # Node's `util.inspect` of an error with properties of its own
    if text.startswith(LAMBDA_RUBY):
        return _LAMBDA  # the Ruby runtime's unhandled error: its JSON follows
    if text.startswith(PYTHON_FRAME) and ", line " in text:
        # a traceback's frames without its first line: Python's SyntaxError in the main
        # script, or a traceback begun in another batch; the final line follows the frames
        return _PYTHON_FRAMES
    if first in _REPORT_FIRST:  # one look for most lines: none of the reports below
        if first == "n":  # npm's failure
            label = npm_failure(text)
            if label:
                return _NPM_STATES[label]
        elif first == "*":  # Elixir's exception
            if elixir_banner(text):
                return _ELIXIR
        elif first in "KRi":  # the BEAM's halt
            if text.startswith(_BEAM_LINES):
                return _BEAM
        elif first == "=":  # Erlang/OTP's report
            if otp_report_level(text) is not None:
                return _OTP
        elif text.endswith(GIN_RECOVERED) and gin_recovered(text):
            return _GIN
    return _state_after(_TEXT, text)


def _state_after(state: int, text: str) -> int:
    if pem.opens(text):
        return _PEM
    if TRACEBACK in text and text.rstrip().endswith(TRACEBACK):
        return _PYTHON
    if ("panic: " in text or "fatal error: " in text) and (
        text.startswith(("panic: ", "fatal error: ")) or "\npanic: " in text
    ):
        return _GO
    if GO_HTTP_PANIC in text and "http: " + GO_HTTP_PANIC in text:
        return _GO  # net/http's recovered panic: its goroutine dump follows
    if "PHP Fatal error:  Uncaught " in text:
        return _PHP
    if RUST_PANIC in text and text.startswith("thread '"):
        return _RUST if text.endswith(":") else _RUST_DONE  # the message on the next line
    return state


def _message_line(text: str, following: str) -> bool:
    """Whether a line below a traceback's final line goes on with the exception's message: a
    known message line, or a word with indented lines below (pydantic's field locations), that
    is no log line of its own (a time or a level first)."""
    if text.startswith(_MESSAGE_LINES):
        return True
    if " " in text or following[:1] not in (" ", "\t") or not following.strip():
        return False
    if text[:1].isdigit() and leading_time(text) is not None:
        return False
    return infer_level(text) is None and not text.startswith(PLATFORM_PREFIXES)


def _continues(state: int, text: str, following: str, tags: str = "") -> int | None:
    """The group's next state if `text` continues it, else None (`following`: the next
    line's text, "" at the batch's end; `tags`: those of a tagged Ruby Logger line that opened
    the group)."""
    first = text[:1]
    if state == _CLOSED or "\n" in text or "\r" in text:
        return None  # an event of several lines was written whole: a record of its own
    if state == _PEM:  # a private key's body, up to its END line, which closes the record
        if pem.end_of_block(text) is not None:
            return _CLOSED
        return _PEM if pem.is_body_line(text) else None
    if pem.opens(text) and not (text[:1].isdigit() and leading_time(text) is not None):
        return _PEM  # a key printed below a line or a traceback (not a timed line of its own)
    if state == _TAGGED:  # Rails' exception report: each line starts with the same tags
        return _TAGGED if text.startswith(tags) else None
    if state == _LAMBDA:  # the error JSON, pretty-printed: `{`, indented members, `}`
        return _INSPECT if text == "{" else None
    if first == "{" or text.startswith(NEXT_ERROR):
        return None
    if first in (" ", "\t") and text.lstrip()[:1] == "{":
        return None  # an indented JSON line is a JSON line, a record of its own
    if state >= _GIN:
        return _continues_report(state, text, first, following)
    if state == _INSPECT:  # indented properties, then the `}` that closes the record
        if text == "}":
            return _CLOSED
        return _INSPECT if first in (" ", "\t") and text.strip() else None
    if state == _PHP:
        if text == "Stack trace:" or (first == "#" and text[1:2].isdigit()):
            return _PHP
        return _PHP if first in (" ", "\t") and text.strip() else None
    if state == _RUST:  # a Rust panic's message, on the line below its header
        return _RUST_DONE
    if state == _RUST_DONE:
        if text.startswith(_RUST_LINES) or (first in (" ", "\t") and text.strip()):
            return _RUST_DONE
        return None
    if state == _PYTHON:  # the header: frames must follow
        return _PYTHON_FRAMES if first in (" ", "\t") and text.strip() else None
    if state == _PYTHON_FRAMES:  # frames, then the final line (`KeyError: 'x'`)
        if first in (" ", "\t") or not text.strip():
            return _PYTHON_FRAMES
        return _PYTHON_DONE
    if state == _GO:
        if not text.strip() or first in (" ", "\t") or text.startswith(_GO_LINES):
            return _GO
        return _GO if _GO_CALL.match(text) else None
    if state == _PYTHON_DONE:
        if not text.strip() or text.startswith(_PYTHON_CHAIN):
            return _PYTHON_DONE
        if text.startswith(TRACEBACK):
            return _PYTHON
        if first in (" ", "\t"):
            return _state_after(_PYTHON_DONE, text)
        return _PYTHON_DONE if _message_line(text, following) else None
    # a text record: indented lines, Java's own continuation lines, an exception header whose
    # frames follow, a traceback that starts below a log line
    if first in (" ", "\t") and text.strip():
        return _state_after(_TEXT, text)
    if text.startswith(_JAVA_CONTINUED):
        return _TEXT
    if text.startswith(TRACEBACK):
        return _PYTHON
    if (
        following[:1] in (" ", "\t")
        and _JAVA_HEADER.match(text)
        and following.lstrip().startswith(("at ", "... "))
    ):
        return _TEXT
    if first == "*" and elixir_banner(text):
        return _ELIXIR  # an Elixir exception below its report's line (Logger's, Config's)
    return None


def _continues_report(state: int, text: str, first: str, following: str) -> int | None:
    """`_continues` for the reports of gin, npm, Elixir, the BEAM and Erlang/OTP."""
    if state == _GIN:  # the panic's value, or the request's dump first (debug mode)
        return _GIN_REQUEST if HTTP_REQUEST.match(text) else _GIN_STACK
    if state == _GIN_REQUEST:  # its headers (`Host: ...`), then a blank line
        if not text.strip():
            return _GIN
        return _GIN_REQUEST if _HEADER_LINE.match(text) else None
    if state == _GIN_STACK:
        if text == _RESET:
            return _CLOSED
        return _GIN_STACK if first == "\t" or _GIN_FRAME.match(text) else None
    if state == _ELIXIR:
        if not text.strip():  # within the exception's message or its frames
            below = following.rstrip("\r\n")
            return _ELIXIR if below[:1] in (" ", "\t") or elixir_banner(below) else None
        if first in (" ", "\t") or text.startswith(_GENSERVER_LINES) or elixir_banner(text):
            return _ELIXIR
        return None
    if state == _OTP:
        if not text.strip():
            return _CLOSED  # the blank line that ends the report
        return _OTP if first in (" ", "\t") or text.startswith(_OTP_LINE) else None
    if state == _BEAM:
        if not text.strip():
            return _BEAM
        return _CLOSED if text.startswith(BEAM_CRASH_DUMP) else None
    label = _NPM_LABELS[state]
    if npm_failure(text) == label:
        return state
    if not text.strip() and npm_failure(following.rstrip("\r\n")) == label:
        return state
    return None


def merge_plan(
    events: Sequence[LogEvent], max_bytes: int = 32_000, envelopes: Envelopes | None = None
) -> tuple[Sequence[LogEvent], dict[int, tuple[LogEvent, ...]]]:
    """The batch's records: their first events in order (the batch's own sequence when nothing
    merges, the common case, so it costs one cheap pass), and the continuation events each
    absorbed, by its position among them. A group stops growing at `max_bytes` of UTF-8 text,
    so a merged message is never cut by the per-value cap (envelopes count whole); only a
    private key block grows on (lambda_forwarder/pem.py), as its body is masked whole, and so
    does the rest of one that an earlier batch began (its body lines up to an END line without
    a BEGIN). `envelopes`: the parser's (`RecordParser.envelopes`), to keep the envelopes
    decoded here for its parse of the batch; without it they are decoded again there."""
    # A JSON line (`{` first) closes any group and opens none, so only the runs of two or
    # more other lines are walked: a line alone between JSON lines absorbs nothing (but the
    # Lambda Ruby runtime's header line, which takes the error JSON right below it). A log
    # router's envelope is walked as the line inside it (parse.shipped), but merges only with
    # envelopes of the same container and stream; the JSON lines that may be one are noted
    # on the way (the filter's last test, always false, only notes them): a JSON line costs
    # its third character (a lone brace's end, or a router's first key's initial), a text
    # line nothing more than its first.
    if envelopes:
        envelopes.clear()  # what the last batch's parse did not take
    messages = list(map(_MESSAGE, events))
    shipped: list[int] = []
    note = shipped.append
    others = [
        index
        for index, message in enumerate(messages)
        if message[:1] != "{"
        or (
            message[2:3] in _THIRD
            and (message in _BRACE or (message.startswith(FIRST_KEYS) and note(index)))
        )
    ]
    texts: list[str] = messages
    sources: dict[int, tuple[object, ...]] | None = None
    if shipped:
        texts, sources = _unwrap(messages, shipped, Envelopes() if envelopes is None else envelopes)
        if sources:
            others = [i for i, text in enumerate(texts) if text[:1] != "{" or text in _BRACE]
        else:
            sources = None
    last = len(events) - 1
    absorbed_at: dict[int, int] = {}  # index of a continuation event -> index of its head
    state = _CLOSED
    size = 0
    previous = -2
    head = 0
    tags = ""
    for index in others:
        if index != previous + 1:  # a JSON line came between (or this is the first event)
            previous = index
            following = texts[index + 1] if index < last else "{}"
            if (
                following[:1] == "{"
                and following not in _BRACE
                and not texts[index].startswith(LAMBDA_RUBY)
            ):
                continue  # alone between JSON lines
            state = _CLOSED
        elif sources is not None and sources.get(index) != sources.get(previous):
            state = _CLOSED  # another container's or stream's line, or a line no router's
        previous = index
        text = texts[index].rstrip("\r\n")
        if index and state != _CLOSED:
            after = _continues(state, text, texts[index + 1] if index < last else "", tags)
            if after is not None:
                line = text if sources is None else event_line(events[index])  # as merged
                grown = size + len(line.encode("utf-8", "replace")) + 1
                # A key's body stays in its record whatever its size: cut off, the rest of it
                # would be records of their own that no longer look like a secret.
                if grown <= max_bytes or state == _PEM:
                    absorbed_at[index] = head
                    state = after
                    size = grown
                    continue
        if pem.orphan_end(text):
            source = sources.get(index) if sources is not None else None
            tail = pem.tail_start(
                texts,
                index,
                lambda at, source=source: (
                    at not in absorbed_at and (sources is None or sources.get(at) == source)
                ),
            )
            if tail < index:
                # The rest of a key whose BEGIN came in an earlier batch: its body lines and
                # this END line are one record, as the whole key would have been.
                for at in range(tail + 1, index + 1):
                    absorbed_at[at] = tail
                state = _CLOSED
                continue
        head = index
        state = _opens(text) if text else _CLOSED
        if state == _CLOSED:
            continue
        size = len(
            (text if sources is None else event_line(events[index])).encode("utf-8", "replace")
        )
        following = texts[index + 1] if index < last else ""
        if state == _TEXT and following[:1] == "[":
            tags = rails_tags(text)
            if tags:
                state = _TAGGED  # a tagged Ruby Logger line: Rails' lines with its tags follow
        elif (
            state == _LAMBDA
            and following[:1] == "{"
            and following not in _BRACE
            and "\n" not in text
            and "\r" not in text
            and (sources is None or sources.get(index) == sources.get(index + 1))
        ):  # the header line alone, the Ruby runtime's error JSON whole in the next event
            grown = size + len(event_line(events[index + 1]).encode("utf-8", "replace")) + 1
            if grown <= max_bytes and lambda_ruby_error(following) is not None:
                absorbed_at[index + 1] = index
                state = _CLOSED
    if not absorbed_at:
        return events, {}
    heads: list[LogEvent] = []
    position: dict[int, int] = {}  # index of a head event -> its position among the heads
    groups: dict[int, list[LogEvent]] = {}
    for index, event in enumerate(events):
        owner = absorbed_at.get(index)
        if owner is None:
            position[index] = len(heads)
            heads.append(event)
        else:
            groups.setdefault(position[owner], []).append(event)
    return heads, {at: tuple(group) for at, group in groups.items()}


def _unwrap(
    messages: list[str], shipped: list[int], envelopes: Envelopes
) -> tuple[list[str], dict[int, tuple[object, ...]]]:
    """The batch's lines with the envelopes among `shipped` replaced by the lines inside them
    (their newline dropped), and where each of those came from; the envelopes are kept in
    `envelopes`."""
    texts = list(messages)
    sources: dict[int, tuple[object, ...]] = {}
    unwrapped = envelopes.unwrapped
    for index in shipped:
        found = unwrapped(messages[index])
        if found is not None:
            texts[index] = found[0].rstrip("\r\n")
            sources[index] = found[1]
    return texts, sources


def group_events(
    events: Sequence[LogEvent], max_bytes: int = 32_000, envelopes: Envelopes | None = None
) -> list[Group]:
    """Each record of a batch as (its first event, the continuation events it absorbed);
    `envelopes` as for `merge_plan`."""
    heads, merges = merge_plan(events, max_bytes, envelopes)
    groups = list(zip(heads, repeat(_NONE)))  # built in C: most records absorb nothing
    for index, absorbed in merges.items():
        groups[index] = (heads[index], absorbed)
    return groups


def merged_event(head: LogEvent, absorbed: Sequence[LogEvent]) -> LogEvent:
    """One event for a group: the first event's id and time, every event's text in order."""
    if not absorbed:
        return head
    text = "\n".join([event_line(head), *(event_line(event) for event in absorbed)])
    return LogEvent(head.id, head.timestamp, text)
