"""Exceptions inside text: Python tracebacks (and a traceback's frames without its first line,
as a SyntaxError in the main script prints them), Java and .NET stacks, Node `Error:` with `at`
frames (after a message on the same line too, as `console.error("msg", err)` prints it;
Next.js prints them after a cross, U+2A2F, and its error line alone), Node's unhandled
rejection of a non-Error, Ruby's uncaught exception (with its `from` frames, or its report line
alone), Rails' exception report, Go panics, net/http's and gin's recovered handler panics,
Rust panics, the JVM ending itself on an OutOfMemoryError, Elixir's exceptions and the BEAM
halting (the Lambda Ruby runtime's error JSON below its header line is read in text.py, with
the JSON readers); and, in text that says no level (`crash_line`), an exception's line alone
and a shell's report of its child killed by a signal (`Segmentation fault (core dumped)`).
What they raised becomes `error.type` / `error.message`, the stack from its first line
`error.stack_trace`; crash output without a level of its own is an error, or critical when the
process dies (Go `panic:` and `fatal error:`, .NET unhandled exceptions, a panic of Rust's main
thread, the JVM's OOM exit, the BEAM's halt, a signal's kill; and an OutOfMemoryError's line
alone).
"""

from __future__ import annotations

import re
from typing import Any

from msgspec import Struct

from lambda_forwarder.jsonio import loads_object
from lambda_forwarder.parse.levels import COUNT_AFTER

TRACEBACK = "Traceback (most recent call last):"
PYTHON_FRAME = '  File "'  # a traceback's frame line, `  File "/app/main.py", line 3, in f`

# Next.js marks a server error with a cross (U+2A2F), indented by a space, at a line's start.
NEXT_ERROR = " \N{VECTOR OR CROSS PRODUCT} "
_NEXT_PREFIX = r" ?\N{VECTOR OR CROSS PRODUCT} (?:unhandledRejection: |uncaughtException: )?"
# An exception's first line, followed by a stack frame (`\tat`, `    at`, `   at`, `\t...`).
_HEADER = re.compile(
    r"^(?P<prefix>Exception in thread \"[^\"\n]*\" |Unhandled [eE]xception\. |Uncaught "
    rf"|{_NEXT_PREFIX})?"
    r"(?P<type>(?:[A-Za-z_$][\w$]*\.)*[A-Za-z_$][\w$]*)(?: \[[\w-]+\])?"
    r"(?::[ \t]?(?P<message>[^\n]*))?\n(?=[ \t]+at |\t\.\.\. \d)",
    re.M,
)
# The same first lines on their own (a crash header whose frames arrived as other events, or
# Next.js's error line, printed without frames): the whole first line, `Type` or `Type: message`.
_ALONE_STARTS = ("Exception in thread ", "Unhandled exception. ", "Unhandled Exception. ",
                 NEXT_ERROR, NEXT_ERROR[1:])  # fmt: skip
_ALONE = re.compile(
    rf"(?P<prefix>Exception in thread \"[^\"\n]*\" |Unhandled [eE]xception\. |{_NEXT_PREFIX})"
    r"(?P<type>(?:[A-Za-z_$][\w$]*\.)*[A-Za-z_$][\w$]*)(?::[ \t]?(?P<message>[^\n]*))?"
    r"[ \t]*(?=\n|\Z)"
)
# Ruby's frame after its file: `:3:in `meth'` (Ruby 3.4 quotes `'Obj#meth'`); a class name.
_RUBY_AT = r":\d+:in [`'][^'\n]*'"
_RUBY_CLASS = r"[A-Z]\w*(?:::[A-Z]\w*)*"
# Ruby's top-level report: `file:3:in `meth': message (Class)`, then `\tfrom` frames; a message
# of several lines names its class on the first. Searched above the last `\tfrom` frame (not
# with a lookahead for it, which would scan the rest of the text from every candidate line).
_RUBY = re.compile(
    rf"^[^\s:][^:\n]*{_RUBY_AT}: (?P<message>[^\n]*?) ?\((?P<type>{_RUBY_CLASS})\)$", re.M
)
# The same report without frames (the uncaught exception raised at the top level, or its frames
# in other events): the text is that one line, its file a path without spaces.
_RUBY_ALONE = re.compile(
    rf"[^\s:]+{_RUBY_AT}: (?P<message>[^\n]*?) ?\((?P<type>{_RUBY_CLASS})\)\n?\Z"
)
# Rails' exception report (ActionDispatch::DebugExceptions): `NoMethodError (message):`, maybe
# its causes and source extract, a blank line, then the frames (`app/x.rb:5:in `show'`): the
# first such line above the first frame.
_RAILS = re.compile(rf"^(?P<type>{_RUBY_CLASS}) \((?P<message>[^\n]*)\):$", re.M)
_RUBY_FRAME = re.compile(rf"^[^\s:][^:\n]*{_RUBY_AT}", re.M)
# Node 15+ dying on a promise rejected with a non-Error: it names no stack, only this.
NODE_REJECTION = "[UnhandledPromiseRejection: "
_REJECTION = re.compile(
    r"^\[(?P<type>UnhandledPromiseRejection): (?P<message>[^\n]*)\](?: \{)?$", re.M
)
# The Lambda Ruby runtime's unhandled error: one of these lines, then the error as pretty JSON
# (in the same event, line by line, or whole in the next event).
LAMBDA_RUBY = ("Error raised from handler method", "Init error when loading handler ")
_GO = re.compile(r"^(?P<kind>panic|fatal error): (?P<message>[^\n]*)", re.M)
# Go net/http's recovered handler panic (`http: ` is its server's log prefix, read as the
# logger on a timed line): an error, the process lives on; its goroutine dump follows.
GO_HTTP_PANIC = "panic serving "
_GO_HTTP = re.compile(r"(?:^|http: )panic serving \S+: (?P<message>[^\n]*)", re.M)
# Node's `console.error("Failed to process order", err)`: a message, then the error's own
# first line (`Error: boom`, `TypeError: ...`) on the same line above its `    at` frames.
# Searched in that one line only.
_INLINE = re.compile(
    r"(?<![^ \t])(?P<type>(?:[A-Za-z_$][\w$]*\.)*(?:[A-Za-z_$][\w$]*)?(?:Error|Exception))"
    r"(?:: (?P<message>.*)|\Z)"
)
_NODE_FRAME = "\n    at "
# A Java exception's first line: a qualified name, maybe its message.
_JAVA_LINE = re.compile(
    r"(?P<type>(?:[A-Za-z_$][\w$]*\.)+[A-Za-z_$][\w$]*)(?:: (?P<message>.*))?\Z"
)
# Rust's panic: since 1.73 `thread 'main' panicked at src/main.rs:2:5:` and the message on the
# next line, before it `thread 'main' panicked at 'boom', src/main.rs:2:5`. The main thread's
# panic ends the process (critical); another thread's is caught by its runtime (error).
RUST_PANIC = "' panicked at "
_RUST = re.compile(
    r"^thread '(?P<thread>[^'\n]*)' panicked at "
    r"(?:'(?P<old>[^\n]*)', [^\s']+$|[^\s']+:(?:\n(?P<message>[^\n]*)|\Z))",
    re.M,
)
# The JVM ending itself on an OutOfMemoryError (-XX:+ExitOnOutOfMemoryError, and
# -XX:+CrashOnOutOfMemoryError): critical.
JVM_OOM = (
    "Terminating due to java.lang.OutOfMemoryError",
    "Aborting due to java.lang.OutOfMemoryError",
)
# gin's Recovery() middleware (gin's recovery.go): its logger (`log.New(out, "\n\n\x1b[31m",
# log.LstdFlags)`) writes a newline, two, red, Go's log time, then `[Recovery] <gin's time>
# panic recovered:`, in debug mode the request (its `httputil.DumpRequest`, up to a blank
# line), the panic's value, the stack (`/app/main.go:42 (0x6b1c4a)`, `\tfunc: source`) and a
# colour reset. An error: the server lives on.
GIN_RECOVERED = " panic recovered:"
GIN_TAG = "[Recovery] "
_GIN = re.compile(
    r"^(?:\x1b\[[\d;]*m)?(?:\d{4}/\d\d/\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})? )?"
    r"\[Recovery\] \d{4}/\d\d/\d\d - \d\d:\d\d:\d\d panic recovered:$",
    re.M,
)
HTTP_REQUEST = re.compile(r"[A-Z]+ \S+ HTTP/\d(?:\.\d)?\r?\Z")  # a request dump's first line
# Elixir's exception banner (`Exception.format_banner`): `** (RuntimeError) boom`, its frames
# indented below (`    (app 0.1.0) lib/app.ex:3: App.start/2`); inside an exit report, further
# indented after `** (EXIT) an exception was raised:`. `** (Mix) ...` is Mix's error; exits and
# throws (`** (exit) ...`, `** (throw) ...`, `** (EXIT from #PID<0.9.0>) ...`) name no
# exception.
ELIXIR_BANNER = "** ("
_ELIXIR = re.compile(r"^[ \t]*\*\* \((?P<type>[A-Z][\w.]*)\) ?(?P<message>[^\n]*)", re.M)
# The BEAM halting, critical: its kernel's process died (`Kernel pid terminated
# (application_controller) (<reason>)`), the boot failed (`Runtime terminating during boot
# (<reason>)`, before OTP 24 `init terminating in do_boot (<reason>)`), also as
# `erlang:display` prints them (`{"Kernel pid terminated",application_controller,"<reason>"}`).
# A crash dump follows (`Crash dump is being written to: erl_crash.dump...done`).
BEAM_HALT = (
    "Kernel pid terminated (",
    "Runtime terminating during boot (",
    "init terminating in do_boot (",
    '{"Kernel pid terminated",',
    '{"Runtime terminating during boot",',
    '{"init terminating in do_boot",',
)
BEAM_CRASH_DUMP = ("Crash dump is being written to: ", "Crash dump was written to: ")
_BEAM_HALT = re.compile(
    r"^(?:(?:Kernel pid terminated \([^()\n]*\)|Runtime terminating during boot"
    r"|init terminating in do_boot) \((?P<reason>[^\n]*)\)"
    r'|\{"(?:Kernel pid terminated",[^,\n]*|Runtime terminating during boot"'
    r'|init terminating in do_boot"),(?P<term>[^\n]*)\})[ \t]*$',
    re.M,
)
_ERLANG_ATOM = re.compile(r"\{?([a-z][\w@]*)(?:[,}]|\Z)")
# An Elixir exception as the BEAM prints it, a map: `#{message=><<"boom">>,'__struct__'=>
# 'Elixir.RuntimeError',...}`.
_BEAM_STRUCT = re.compile(r"'__struct__' ?=> ?'Elixir\.(?P<type>[\w.]+)'")
_BEAM_MESSAGE = re.compile(r'message ?=> ?<<"(?P<message>(?:[^"\\\n]|\\.)*)">>')
# A Java exception's cause, on its own line below the frames of the exception it caused.
CAUSED_BY = "Caused by: "
# An exception's own line, with no level and no stack (`ValueError: boom`, Node's `Error:
# connect ECONNREFUSED ...`, `java.lang.IllegalStateException: ...`; a `Caused by: ` line or
# Node's `Uncaught TypeError: ...`): what a process prints of what it raised when its frames
# came in other events, or it printed none. An error. Its name counts by its shape only: a
# class's name ending in one of _RAISED_SUFFIXES (CamelCase, maybe after a module's or a
# package's path: `django.db.utils.OperationalError`), or one of the few that end otherwise
# (_RAISED_NAMES). A Warning's (`DeprecationWarning: ...`, `Warning: ...`) is a warning, an
# OutOfMemoryError's critical (the heap is gone: the JVM seldom lives on). Not a sentence's
# words (`Exception handlers: 3 registered`), a tally (`Errors: 0`, `Error: 0`), a value
# (`error_rate: 0.01`), a name alone that is no exception's (`java.lang.String`).
_RAISED_SUFFIXES = ("Error", "Exception", "Warning")
_RAISED_NAMES = frozenset({
    "KeyboardInterrupt", "SystemExit", "GeneratorExit", "StopIteration", "StopAsyncIteration",
    "UnhandledPromiseRejection",
})  # fmt: skip
_RAISED_ENDINGS = (*_RAISED_SUFFIXES, *_RAISED_NAMES)
_RAISED_NAME = re.compile(r"(?:[A-Za-z_$][\w$]*(?:\.|::))*[A-Z][A-Za-z\d$]*\Z")
_UNCAUGHT = "Uncaught "
_RAISED_PREFIXES = (CAUSED_BY, _UNCAUGHT)
_NAME_LONGEST = 200  # the longest name looked for
# What a shell prints when its child dies of a signal (the signal's description, then
# ` (core dumped)` when a core was written), alone on its line: the process died, critical;
# the signal is `error.type`.
SIGNAL_DEATHS = {
    "Segmentation fault": "SIGSEGV",
    "Bus error": "SIGBUS",
    "Illegal instruction": "SIGILL",
    "Floating point exception": "SIGFPE",
    "Aborted": "SIGABRT",
    "Trace/breakpoint trap": "SIGTRAP",
    "Killed": "SIGKILL",
}
_SIGNAL_LINES = {
    line: signal
    for said, signal in SIGNAL_DEATHS.items()
    for line in (said, f"{said} (core dumped)")
}
_SIGNAL_LONGEST = max(map(len, _SIGNAL_LINES))
_PYTHON_FINAL = re.compile(r"(?P<type>[A-Za-z_][\w.]*)(?:: (?P<message>.*))?\Z", re.S)
_FRAME_MARKS = ("\n\tat ", "\n    at ", "\n   at ", "\n  at ")


class Crash(Struct, frozen=True):
    """An exception found in text: what was raised, where its stack starts, and the level the
    text has when it says none."""

    type: str | None
    message: str | None
    start: int
    level: str


def lambda_ruby_error(text: str) -> dict[str, Any] | None:
    """The Lambda Ruby runtime's error JSON (`errorType`, `errorMessage`, `stackTrace`) in
    `text`, the part below its header line, as an object; None if `text` is not that."""
    obj = loads_object(text)
    if obj is None or not ("errorType" in obj or "errorMessage" in obj):
        return None
    return obj


def _exception_like(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return last.endswith(("Error", "Exception", "Throwable", "Fault", "Panic", "Failure")) or (
        "." in name and last[:1].isupper()
    )


def _raised(text: str) -> str:
    """The exception's line and the rest of its message: the first line after the frames of
    the last traceback (a message of several lines, SQLAlchemy's or pydantic's, follows it)."""
    at = text.find("\n", text.rfind(TRACEBACK))
    while at >= 0:
        start = at + 1
        at = text.find("\n", start)
        if text[start : start + 1] not in (" ", "\t", "\n", ""):
            return text[start:].rstrip()
    return ""


def _python(text: str, at: int) -> Crash:
    """The exception a traceback ends with: its message of several lines, if it has one, else
    its last line."""
    raised = _raised(text)
    match = _PYTHON_FINAL.match(raised) if "\n" in raised else None
    if match is None or match["type"].startswith("Traceback"):
        lines = [line for line in text[at:].rstrip().split("\n") if line.strip()]
        final = lines[-1] if len(lines) > 1 else ""
        match = _PYTHON_FINAL.match(final) if final[:1] not in (" ", "\t") else None
        if match is None or match["type"].startswith("Traceback"):
            return Crash(None, None, at, "error")
    message = match["message"]
    return Crash(match["type"], message.strip() if message else None, at, "error")


def _inline(text: str, frame: int) -> Crash | None:
    """An error Node printed after a message on the line above its first `    at` frame."""
    start = text.rfind("\n", 0, frame) + 1
    for match in _INLINE.finditer(text, start, frame):
        if match.start() > start:  # a message first (a header alone is `_HEADER`'s)
            message = match["message"]
            return Crash(
                match["type"], message.strip() if message else None, match.start(), "error"
            )
    return None


def _java_above(text: str, frame: int) -> Crash | None:
    """A Java exception whose message goes on over several lines before its first `\tat`
    frame (`com.acme.ValidationException: invalid order`, `  field: amount`): the first line
    above the frame, of the last 20, that is a qualified exception's `Name: message`."""
    cut = frame
    for _ in range(20):
        cut = text.rfind("\n", 0, cut)
        if cut < 0:
            break
    at = cut + 1
    for line in text[at:frame].split("\n"):
        match = _JAVA_LINE.match(line) if "." in line[:200] else None
        if match is not None and _exception_like(match["type"]):
            message = match["message"]
            return Crash(match["type"], message.strip() if message else None, at, "error")
        at += len(line) + 1
    return None


def _python_tail(text: str) -> Crash | None:
    """A traceback's frames and final line without its `Traceback` line: Python's report of a
    SyntaxError in the main script (`  File "/app/main.py", line 3`, the source, a caret,
    `SyntaxError: ...`), or the rest of a traceback whose first line came in another batch."""
    lines = text.rstrip().split("\n")
    final = lines[-1]
    if len(lines) < 2 or final[:1] in (" ", "\t"):
        return None
    match = _PYTHON_FINAL.match(final)
    if match is None or not _exception_like(match["type"]):
        return None
    message = match["message"]
    return Crash(match["type"], message.strip() if message else None, 0, "error")


def _go_kind(message: str) -> str:
    """What a Go panic raised: a runtime error (`runtime error: index out of range`), or the
    value `panic` was called with."""
    return "runtime.Error" if message.startswith("runtime error: ") else "panic"


def gin_recovered(line: str) -> bool:
    """Whether `line` (colour codes and all) is the first line of gin's recovered panic."""
    return _GIN.fullmatch(line) is not None


def _gin(text: str, start: int, end: int) -> Crash:
    """gin's recovered panic whose first line is `text[start:end]`: its value is the next
    line, or the first line after the request's dump (debug mode) and the blank line that
    ends it."""
    at = end + 1
    cut = text.find("\n", at)
    line = text[at:] if cut < 0 else text[at:cut]
    if HTTP_REQUEST.match(line):
        blank = text.find("\n\n", at)
        line = ""
        if blank >= 0:
            at = blank + 2
            while text[at : at + 1] == "\n":
                at += 1
            cut = text.find("\n", at)
            line = text[at:] if cut < 0 else text[at:cut]
    message = line.strip()
    return Crash(_go_kind(message) if message else "panic", message or None, start, "error")


def elixir_banner(line: str) -> bool:
    """Whether `line` is Elixir's banner of an exception (`** (RuntimeError) boom`)."""
    match = _ELIXIR.match(line)
    return match is not None and _elixir_exception(match["type"])


def _elixir_exception(name: str) -> bool:
    return name == "Mix" or (name != "EXIT" and _exception_like(name))


def _elixir(text: str) -> Crash | None:
    """The first exception Elixir's banners in `text` name (an exit report's `** (EXIT)`
    names none; the exception it reports follows)."""
    for count, match in enumerate(_ELIXIR.finditer(text)):
        if _elixir_exception(match["type"]):
            message = match["message"].strip()
            start = match.start() + len(match[0]) - len(match[0].lstrip(" \t"))
            return Crash(match["type"], message or None, start, "error")
        if count >= 20:
            break
    return None


def _beam_halt(text: str) -> Crash | None:
    """The BEAM's halt `text` starts with: critical; what halted it is the reason's first atom
    (`application_start_failure`, `undef`), or the Elixir exception in it, with its message."""
    match = _BEAM_HALT.match(text)
    if match is None:
        return None
    reason = match["reason"] if match["reason"] is not None else match["term"]
    if len(reason) > 1 and reason[0] == reason[-1] == '"':  # the reason as a string
        reason = reason[1:-1].replace('\\"', '"')
    kind = message = None
    struct = _BEAM_STRUCT.search(reason) if "'__struct__'" in reason else None
    if struct is not None:
        kind = struct["type"]
        said = _BEAM_MESSAGE.search(reason)
        message = said["message"].replace('\\"', '"') if said is not None else None
    else:
        atom = _ERLANG_ATOM.match(reason)
        kind = atom[1] if atom is not None else None
    return Crash(kind, message or reason.strip() or None, match.start(), "critical")


def find_crash(text: str) -> Crash | None:
    """The exception in `text`, if any (cheap `in` checks first: most lines have none)."""
    at = text.find(TRACEBACK)
    if at >= 0:
        return _python(text, at)
    # gin's recovered panic opens its record (past the newlines its logger writes first)
    start = len(text) - len(text.lstrip("\n")) if text[:1] == "\n" else 0
    if GIN_TAG in text[start : start + 80]:
        match = _GIN.match(text, start)
        if match is not None:
            return _gin(text, match.start(), match.end())
    if "panic: " in text or "fatal error: " in text:
        match = _GO.search(text)
        if match is not None:
            message = match["message"].strip()
            kind = _go_kind(message) if match["kind"] == "panic" else match["kind"]
            return Crash(kind, message, match.start(), "critical")
    if text.startswith(BEAM_HALT):  # the BEAM writes its halt apart, a record of its own
        crash = _beam_halt(text)
        if crash is not None:
            return crash
    if "*" in text and ELIXIR_BANNER in text:  # a character first: most text has no `*`
        crash = _elixir(text)
        if crash is not None:
            return crash
    if text.startswith(PYTHON_FRAME) and "\n" in text:
        crash = _python_tail(text)
        if crash is not None:
            return crash
    if text.startswith(JVM_OOM):
        line = text.split("\n", 1)[0]
        _, _, message = line.partition(": ")
        return Crash("java.lang.OutOfMemoryError", message.strip() or None, 0, "critical")
    if RUST_PANIC in text:
        match = _RUST.search(text)
        if match is not None:
            message = match["old"] if match["old"] is not None else match["message"]
            level = "critical" if match["thread"] == "main" else "error"
            return Crash("panic", (message or "").strip() or None, match.start(), level)
    if GO_HTTP_PANIC in text:
        match = _GO_HTTP.search(text)
        if match is not None:
            message = match["message"].strip()
            return Crash(_go_kind(message), message, match.start(), "error")
    last_from = text.rfind("\n\tfrom ")
    if last_from >= 0:
        match = _RUBY.search(text, 0, last_from)
        if match is not None:
            return Crash(match["type"], match["message"] or None, match.start(), "error")
    elif text.endswith((")", ")\n")) and ":in " in text:
        match = _RUBY_ALONE.match(text)
        if match is not None:
            return Crash(match["type"], match["message"] or None, 0, "error")
    if "):\n" in text and ":in " in text:
        frame = _RUBY_FRAME.search(text, text.find("):\n"))
        match = _RAILS.search(text, 0, frame.start()) if frame is not None else None
        if match is not None:
            return Crash(match["type"], match["message"] or None, match.start(), "error")
    if NODE_REJECTION in text:
        match = _REJECTION.search(text)
        if match is not None:
            return Crash(match["type"], match["message"], match.start(), "error")
    if any(mark in text for mark in _FRAME_MARKS) or "\n\t... " in text:
        for match in _HEADER.finditer(text):
            name = match["type"]
            if _exception_like(name):
                prefix = match["prefix"] or ""
                level = "critical" if prefix.startswith("Unhandled") else "error"
                message = match["message"]
                return Crash(name, message.strip() if message else None, match.start(), level)
    java_frame = text.find("\n\tat ")
    if java_frame > 0:
        crash = _java_above(text, java_frame)
        if crash is not None:
            return crash
    frame = text.find(_NODE_FRAME)
    if frame > 0:
        crash = _inline(text, frame)
        if crash is not None:
            return crash
    if text.startswith(_ALONE_STARTS):
        match = _ALONE.match(text)
        if match is not None and _exception_like(match["type"]):
            level = "critical" if match["prefix"].startswith("Unhandled") else "error"
            message = match["message"]
            return Crash(match["type"], message.strip() if message else None, 0, level)
    return None


def crash_line(text: str) -> Crash | None:
    """The crash text whose lines say no level tells on its first line, if any: an exception's
    own line alone, or a shell's report of its child's death by a signal. (Called for every
    such text, after `find_crash`: C-level checks first, a regex only for a name that ends as
    an exception's does.)"""
    if len(text) <= _SIGNAL_LONGEST and text in _SIGNAL_LINES:
        return Crash(_SIGNAL_LINES[text], text, 0, "critical")
    start = 0
    if text.startswith(_RAISED_PREFIXES):
        start = len(CAUSED_BY) if text.startswith(CAUSED_BY) else len(_UNCAUGHT)
    cut = text.find(": ", start, start + _NAME_LONGEST)
    if cut < 0:  # the name alone (`KeyboardInterrupt`), the text one line without a space
        if (
            len(text) - start > _NAME_LONGEST
            or text.find(" ", start) >= 0
            or "\n" in text
            or not text.endswith(_RAISED_ENDINGS)
        ):
            return None
        name, message = text[start:], None
        if name in _RAISED_SUFFIXES:
            return None  # a word alone (`Error`), no class
    else:
        name = text[start:cut]
        if not name.endswith(_RAISED_SUFFIXES) and name not in _RAISED_NAMES:
            return None
        if name in _RAISED_SUFFIXES and COUNT_AFTER.match(text, cut, cut + 24):
            return None  # a tally (`Error: 0`); a class's name is no word (`SystemExit: 1`)
        end = text.find("\n", cut)
        message = (text[cut + 2 :] if end < 0 else text[cut + 2 : end]).strip() or None
    if _RAISED_NAME.match(name) is None:
        return None
    if name.endswith("Warning"):
        level = "warning"
    else:
        level = "critical" if name.endswith("OutOfMemoryError") else "error"
    return Crash(name, message, 0, level)


def exception_from_stack(stack: str) -> tuple[str | None, str | None]:
    """`error.type` and `error.message` from a stack trace string of any runtime."""
    crash = find_crash(stack if stack.endswith("\n") else stack + "\n")
    if crash is None:
        first = stack.lstrip().split("\n", 1)[0]
        match = _PYTHON_FINAL.match(first)
        if match is not None and _exception_like(match["type"]):
            message = match["message"]
            return match["type"], message.strip() if message else None
        return None, None
    return crash.type, crash.message
