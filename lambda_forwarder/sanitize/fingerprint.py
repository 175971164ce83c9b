"""What makes two errors "the same bug": the fingerprint an error issue is keyed by.

    fingerprint = sha256(service.name, error.type, masked message, innermost app frame)[:32]

- The message with its variable parts masked: UUIDs, hex (`0x7f3a`, long hex runs), quoted
  values, file paths, ids and numbers differ between occurrences of one bug and must not split
  it into thousands of issues. A plain-text traceback starts alike every time, so its last line
  (`ValueError: ...`) stands for the message.
- The innermost *application* stack frame, as `file:function` (never a line number, which moves
  with every unrelated edit): the same message raised from two places is two bugs. Frames from
  the standard library and installed packages (`site-packages`, `dist-packages`, `/lib/python`)
  are skipped, since every bug ends in the same `requests` or `json` frame.
- An emitter record may carry its own `error.fingerprint` (bound or passed by the service,
  which knows its errors best): it wins, kept as given when short, hashed when long.

Computed in the sanitize stage, before indexing, so every indexed error carries it as the
keyword `error.fingerprint`: the alert's "All occurrences" link filters on it, and the issues
index is keyed by it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

FINGERPRINT_FIELD = "error.fingerprint"
FINGERPRINTED_LEVELS = frozenset({"error", "critical", "fatal", "err"})
MAX_OWN_FINGERPRINT = 128  # a service's own fingerprint longer than this is hashed

_MAX_MESSAGE = 2000  # what is beyond this rarely tells two errors apart
_MAX_STACK = 20_000

_UUID = re.compile(
    r"\b[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\b"
)
_HEX_PREFIXED = re.compile(r"\b0[xX][0-9a-fA-F]+\b")
_HEX_LONG = re.compile(r"\b(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b")
_QUOTED = re.compile(r"'[^'\n]{0,200}'|\"[^\"\n]{0,200}\"|`[^`\n]{0,200}`")
# /var/task/app.py, C:\app\x.py, ./rel/path, ~/x: two or more segments with a separator
_PATH = re.compile(r"(?:[A-Za-z]:)?(?:~|\.{1,2})?(?:[/\\][\w.@+\-]+){2,}[/\\]?")
# ids: a word mixing letters and digits (ord_8f2k1, req-12ab), after numbers would split it
_MIXED_ID = re.compile(r"\b(?=[\w\-]*\d)(?=[\w\-]*[A-Za-z])[\w]+(?:[-_][\w]+)+\b")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
# Python's `File "x.py", line 12, in func`; also the common `at func (file.js:12:3)` shape
_PY_FRAME = re.compile(r'File "([^"\n]+)", line \d+, in ([^\s]+)')
_JS_FRAME = re.compile(r"\bat (?:([\w.$<>\[\]]+) \()?([^\s()]+?):\d+(?::\d+)?\)?$", re.M)
_LIBRARY = ("site-packages", "dist-packages", "/lib/python", "\\lib\\", "node_modules", "<frozen")


def normalize_message(message: str) -> str:
    """The message with the parts that vary between occurrences replaced by placeholders."""
    text = message[:_MAX_MESSAGE]
    if text.lstrip().startswith("Traceback (most recent call last)"):
        lines = [line for line in text.splitlines() if line.strip()]
        text = lines[-1] if lines else text
    text = _UUID.sub("<uuid>", text)
    text = _HEX_PREFIXED.sub("<hex>", text)
    text = _HEX_LONG.sub("<hex>", text)
    text = _QUOTED.sub("<str>", text)
    text = _PATH.sub("<path>", text)
    text = _MIXED_ID.sub("<id>", text)
    text = _DIGITS.sub("<n>", text)
    return _SPACE.sub(" ", text).strip()


def _short_file(path: str) -> str:
    """The file without its deployment root: `/var/task/pay/charge.py` -> `pay/charge.py`."""
    path = path.replace("\\", "/")
    parts = [p for p in path.split("/") if p]
    return "/".join(parts[-2:]) if parts else path


def innermost_app_frame(stack: str) -> str:
    """`file:function` of the innermost frame outside libraries, or "" when there is none."""
    stack = stack[-_MAX_STACK:]
    frames = [(path, func) for path, func in _PY_FRAME.findall(stack)]
    if not frames:
        frames = [(path, func or "") for func, path in _JS_FRAME.findall(stack)]
        frames.reverse()  # JS stacks list the innermost frame first
    for path, func in reversed(frames):
        if not any(marker in path for marker in _LIBRARY):
            return f"{_short_file(path)}:{func}"
    return ""


def fingerprint(source: Mapping[str, Any]) -> str:
    """The record's own `error.fingerprint` if it has one, else the computed hash (32 hex)."""
    own = source.get(FINGERPRINT_FIELD)
    if isinstance(own, str) and own.strip():
        own = own.strip()
        if len(own) <= MAX_OWN_FINGERPRINT:
            return own
        return hashlib.sha256(own.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    service = str(source.get("service.name") or "")
    error_type = str(source.get("error.type") or "")
    message = str(source.get("message") or source.get("error.message") or "")
    stack = source.get("error.stack_trace")
    if not isinstance(stack, str) or not stack:
        stack = message if "Traceback (most recent call last)" in message else ""
    frame = innermost_app_frame(stack) if stack else ""
    key = "\x1f".join((service, error_type, normalize_message(message), frame))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def needs_fingerprint(source: Mapping[str, Any]) -> bool:
    """Errors get one: an error-ish level, or an `error.type` at any level."""
    level = source.get("log.level")
    if isinstance(level, str) and level.lower() in FINGERPRINTED_LEVELS:
        return True
    return bool(source.get("error.type"))
