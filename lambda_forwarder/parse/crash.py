"""Exceptions inside text: Python tracebacks (and a traceback's frames without its first line,
as a SyntaxError in the main script prints them), Java and .NET stacks, Node `Error:` with `at`
frames (after a message on the same line too, as `console.error("msg", err)` prints it;
Next.js prints them after a cross, U+2A2F, and its error line alone), Node's unhandled
rejection of a non-Error, Ruby's uncaught exception (with its `from` frames, or its report line
alone), Rails' exception report, Go panics and net/http's recovered handler panics, Rust
panics, the JVM ending itself on an OutOfMemoryError (the Lambda Ruby runtime's error JSON
below its header line is read in text.py, with the JSON readers). What they raised becomes
`error.type` / `error.message`, the stack from its first line `error.stack_trace`; crash output
without a level of its own is an error, or critical when the process dies (Go `panic:` and
`fatal error:`, .NET unhandled exceptions, a panic of Rust's main thread, the JVM's OOM exit).
"""

from __future__ import annotations

import re
from typing import Any

from msgspec import Struct

from lambda_forwarder.jsonio import loads_object

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


def find_crash(text: str) -> Crash | None:
    """The exception in `text`, if any (cheap `in` checks first: most lines have none)."""
    at = text.find(TRACEBACK)
    if at >= 0:
        return _python(text, at)
    if "panic: " in text or "fatal error: " in text:
        match = _GO.search(text)
        if match is not None:
            message = match["message"].strip()
            kind = match["kind"]
            if kind == "panic" and message.startswith("runtime error: "):
                kind = "runtime.Error"
            return Crash(kind, message, match.start(), "critical")
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
            kind = "runtime.Error" if message.startswith("runtime error: ") else "panic"
            return Crash(kind, message, match.start(), "error")
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
