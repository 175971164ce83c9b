"""Sanitizer: one parsed record -> a flat document OpenSearch always accepts, free of secrets.

- nested dicts and lists become JSON strings (secret keys inside redacted first);
- NaN and infinities become strings, integers beyond 64 bits strings (OpenSearch `long`);
- every string is capped at `max_value_bytes` UTF-8 bytes, cut on a character boundary;
- at most `max_fields` app fields, the rest as one JSON string in `logpipe.overflow`
  (the schema's own keys never count and are never moved);
- names OpenSearch rejects or misreads are renamed; `a` beside `a.b` is resolved;
- secrets are masked by the one redactor (sanitize/redact.py): secret-named fields at any depth,
  and in every string secret-keyed `key=value` values and secret-shaped values (JWTs, ...).
What was cut, renamed or redacted is listed in `logpipe.truncated/renamed/redacted`.
Errors get their `error.fingerprint` (sanitize/fingerprint.py), computed on the clean text.
"""

from __future__ import annotations

import math
from typing import Any

from lambda_forwarder.config import SanitizeSettings
from lambda_forwarder.jsonio import dumps
from lambda_forwarder.model import (
    NOTE_DEGRADED,
    NOTE_DEGRADED_FIELDS,
    NOTE_OVERFLOW,
    NOTE_REDACTED,
    NOTE_RENAMED,
    NOTE_TRUNCATED,
)
from lambda_forwarder.sanitize.core import (
    CORE_FIELDS,
    MAX_NESTED_DEPTH,
    REDACTED,
    is_core,
)
from lambda_forwarder.sanitize.fingerprint import FINGERPRINT_FIELD, fingerprint, needs_fingerprint
from lambda_forwarder.sanitize.names import safe_name
from lambda_forwarder.sanitize.notes import LIST_NOTES, Notes, cut
from lambda_forwarder.sanitize.redact import Redactor

_LONG_MIN = -(2**63)
_LONG_MAX = 2**63 - 1
_CACHE_LIMIT = 20_000  # distinct field names remembered; cleared when exceeded
_NOTE = object()


def _plain(values: Any, cap: int) -> int | None:
    """None unless the walk would leave every one of these values as it is (not suspicious):
    short ASCII strings, 64-bit integers, finite floats, booleans and nulls; or dicts and lists,
    which the walk serializes (`Sanitizer._as_is` decides those). Returns how many of those."""
    nested = 0
    for value in values:
        kind = type(value)
        if kind is str:
            if len(value) > cap or not value.isascii():
                return None
        elif kind is int:
            if not _LONG_MIN <= value <= _LONG_MAX:
                return None
        elif kind is float:
            if value - value != 0.0:  # NaN and the infinities
                return None
        elif kind is dict or kind is list:
            nested += 1
        elif kind is not bool and value is not None:
            return None
    return nested


def _shown(key: Any) -> str:
    """A field name as a note shows it: long names shortened, so `old -> new` stays whole."""
    text = key if type(key) is str else _any_text(key)
    return text if len(text) <= 120 else f"{text[:120]}…"


def _float_text(value: float) -> str:
    return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")


def _any_text(value: Any) -> str:
    try:
        return str(value)
    except Exception:
        try:
            return repr(value)
        except Exception:
            return f"<unprintable {type(value).__name__}>"


class _Decision:
    """What to do with one incoming field name; computed once per distinct name."""

    __slots__ = ("core", "hidden", "name", "redact", "renamed", "shown")

    def __init__(
        self, name: str, core: bool, redact: bool, renamed: bool, shown: str, hidden: bool
    ) -> None:
        self.name = name
        self.core = core
        self.redact = redact
        self.renamed = renamed
        self.shown = shown  # the incoming name as notes show it: masked if it holds a secret
        self.hidden = hidden  # it did: the name itself is listed as redacted


class Sanitizer:
    """Set up once from SanitizeSettings; call per record. Returns a new dict."""

    def __init__(self, settings: SanitizeSettings, redactor: Redactor | None = None) -> None:
        self._max_fields = settings.max_fields
        self._cap = settings.max_value_bytes
        self._max_name = settings.max_field_name_length
        self.redactor = redactor or Redactor(settings.redact_fields)
        self._mask_text = self.redactor.text
        self._decisions: dict[str, Any] = {}
        self._prefixes: dict[str, tuple[str, ...]] = {}
        self._settled: set[tuple[str, ...]] = set()  # key layouts known to be conflict-free
        self._plain: set[tuple[Any, ...]] = set()  # record layouts whose names need nothing

    # --- names ---------------------------------------------------------------------------

    def _decide(self, key: Any) -> Any:
        text = key if type(key) is str else _any_text(key)
        if text in LIST_NOTES:
            decision: Any = _NOTE
        else:
            shown = self.redactor.name(text)  # a secret used as a name is masked
            name = _off_notes(safe_name(shown, self._max_name))
            decision = _Decision(
                name,
                is_core(name),
                not name.startswith("logpipe.") and self.redactor.is_secret_key(text),
                name != key,
                shown,
                shown != text,
            )
        if type(key) is str:
            if len(self._decisions) > _CACHE_LIMIT:
                self._decisions.clear()
            self._decisions[key] = decision
        return decision

    # --- values --------------------------------------------------------------------------

    def _clean(self, value: Any, path: str, depth: int, notes: Notes, mask: bool) -> Any:
        """A nested value made JSON-safe, with secrets masked at any depth (text only when
        `mask`: the line the record came from looked like it might hold one)."""
        kind = type(value)
        if kind is str:
            return self._text(value, path, notes, mask)[0]
        if kind is int or kind is bool or value is None:
            return value
        if kind is float:
            return value if math.isfinite(value) else _float_text(value)
        if depth >= MAX_NESTED_DEPTH:
            notes.add(NOTE_TRUNCATED, path)
            return "[nested too deep]"
        if kind is dict:
            result: dict[str, Any] = {}
            for key, item in value.items():
                text = key if type(key) is str else _any_text(key)
                name = self.redactor.name(text, result) if mask else text
                if name != text:
                    notes.add(NOTE_REDACTED, f"{path}.{name}")
                if self.redactor.masks(text, item):
                    result[name] = REDACTED
                    notes.add(NOTE_REDACTED, f"{path}.{name}")
                else:
                    result[name] = self._clean(item, f"{path}.{name}", depth + 1, notes, mask)
            return result
        if kind is list or kind is tuple or kind is set or kind is frozenset:
            return [self._clean(item, path, depth + 1, notes, mask) for item in value]
        if isinstance(value, dict):
            return self._clean(dict(value), path, depth, notes, mask)
        return self._text(_any_text(value), path, notes, mask)[0]

    def _text(self, value: str, name: str, notes: Notes, mask: bool) -> tuple[str, bool]:
        """A string masked (when `mask`) and cut to the cap; whether it was cut."""
        if mask:
            masked = self._mask_text(value)
            if masked != value:
                value = masked
                notes.add(NOTE_REDACTED, name)
        if len(value) > self._cap or not value.isascii():
            return cut(value, self._cap)
        return value, False

    def _nested(self, value: Any, name: str, notes: Notes, mask: bool) -> str:
        """A nested value as one JSON string. Serialized once, as it is, where that text is
        what the walk would give: nothing to mask (a line that is not suspicious has no secret
        key and no secret text anywhere), within the cap, not too deep, and nothing orjson
        writes differently (no `null`, which could be a NaN). Otherwise walked key by key."""
        if not mask:
            text = self._as_is(value)
            if text is not None:
                return text
        clean = self._clean(value, name, 0, notes, mask)
        try:
            return dumps(clean, default=None)
        except (ValueError, TypeError, RecursionError):
            return _any_text(value)

    def _as_is(self, value: Any) -> str | None:
        """`value` serialized as it is, if that is what the walk would give (see `_nested`)."""
        try:
            text = dumps(value, default=None)
        except (TypeError, ValueError, RecursionError):
            return None
        if (
            text
            and len(text) <= self._cap
            and text.isascii()
            and "null" not in text
            and text.count("{") + text.count("[") < MAX_NESTED_DEPTH
        ):
            return text
        return None

    def _value(self, value: Any, name: str, notes: Notes, mask: bool) -> Any:
        kind = type(value)
        if kind is str:
            text, was_cut = self._text(value, name, notes, mask)
        elif kind is int:
            return value if _LONG_MIN <= value <= _LONG_MAX else str(value)
        elif kind is float:
            return value if math.isfinite(value) else _float_text(value)
        elif kind is bool or value is None:
            return value
        elif kind is dict or kind is list or kind is tuple:
            text, was_cut = cut(self._nested(value, name, notes, mask), self._cap)
        else:
            if isinstance(value, dict | list | tuple | set | frozenset):
                text = self._nested(value, name, notes, mask)
            else:
                text = _any_text(value)
            text, was_cut = self._text(text, name, notes, mask)
        if was_cut:
            notes.add(NOTE_TRUNCATED, name)
        return text

    # --- the record ----------------------------------------------------------------------

    def __call__(self, record: dict[str, Any], suspicious: bool = True) -> dict[str, Any]:
        """The document for `record`. `suspicious=False` says the raw line(s) it was parsed from
        hold nothing the redactor's text rules could mask (`Redactor.suspicious`), so strings
        are not scanned; secret-named fields are masked either way.

        Most records of a stream share a few key layouts that need nothing done to their names
        (learnt from a record that went through the full walk untouched): for those, only the
        values are looked at, and a record whose values all need nothing either is copied as
        it is, which is what the walk would give."""
        if not suspicious and tuple(record) in self._plain:
            nested = _plain(record.values(), self._cap)
            if nested is not None:
                out = dict(record)
                if nested:
                    for key, value in record.items():
                        if type(value) is dict or type(value) is list:
                            text = self._as_is(value)
                            if text is None:
                                return self._walk(record, suspicious)
                            out[key] = text
                if needs_fingerprint(out):
                    out[FINGERPRINT_FIELD] = fingerprint(out)
                return out
        return self._walk(record, suspicious)

    def _walk(self, record: dict[str, Any], suspicious: bool) -> dict[str, Any]:
        decisions = self._decisions
        notes = Notes()
        out: dict[str, Any] = {}
        overflow: dict[str, Any] | None = None
        app_fields = 0
        max_fields = self._max_fields
        cap = self._cap
        for key, value in record.items():
            decision = decisions.get(key) if type(key) is str else None
            if decision is None:
                decision = self._decide(key)
            if decision is _NOTE:
                if type(value) is not list or not all(type(item) is str for item in value):
                    value = self._clean(value, key, 0, notes, True)  # redacts what it carries
                elif suspicious:  # a record's own notes are text from the line like any other
                    value = [self._mask_text(item) for item in value]
                notes.merge(key, value)
                continue
            name = decision.name
            if decision.redact and not self.redactor.keeps(
                key if type(key) is str else _any_text(key), value
            ):
                value = REDACTED
                notes.add(NOTE_REDACTED, name)
            else:
                kind = type(value)
                if kind is str:
                    if suspicious or len(value) > cap or not value.isascii():
                        value, was_cut = self._text(value, name, notes, suspicious)
                        if was_cut:
                            notes.add(NOTE_TRUNCATED, name)
                elif kind is not bool and value is not None:
                    value = self._value(value, name, notes, suspicious)
            if name in out or (overflow is not None and name in overflow):
                name = _free_name(name, out if overflow is None else {**out, **overflow})
                notes.add(NOTE_RENAMED, f"{_shown(decision.shown)} -> {name}")
            elif decision.renamed:
                notes.add(NOTE_RENAMED, f"{_shown(decision.shown)} -> {name}")
            if decision.renamed and decision.hidden:
                notes.add(NOTE_REDACTED, name)
            if not decision.core:
                app_fields += 1
                if app_fields > max_fields:
                    if overflow is None:
                        overflow = {}
                    overflow[name] = value
                    continue
            out[name] = value
        layout = tuple(out)
        evicted = None if layout in self._settled else self._resolve_paths(out, notes, layout)
        if evicted:
            overflow = {**(overflow or {}), **evicted}
        if overflow:
            previous = out.get(NOTE_OVERFLOW)
            if previous is not None:
                overflow = {NOTE_OVERFLOW: previous, **overflow}
            text = dumps(overflow, default=None)
            text, was_cut = cut(text, self._cap)
            if was_cut:
                notes.add(NOTE_TRUNCATED, NOTE_OVERFLOW)
            out[NOTE_OVERFLOW] = text
        if notes.lists:
            notes.write(out, self._cap)
        elif not overflow and layout == tuple(record) and layout in self._settled:
            # Nothing was renamed, moved, masked, cut or noted: a layout for the fast path.
            if len(self._plain) > _CACHE_LIMIT:
                self._plain.clear()
            self._plain.add(layout)
        if needs_fingerprint(out):  # before indexing: the issue key, searchable as a keyword
            out[FINGERPRINT_FIELD] = fingerprint(out)
        return out

    def _path_prefixes(self, name: str) -> tuple[str, ...]:
        found = self._prefixes.get(name)
        if found is None:
            parts = name.split(".")
            found = tuple(".".join(parts[:end]) for end in range(1, len(parts)))
            if len(self._prefixes) > _CACHE_LIMIT:
                self._prefixes.clear()
            self._prefixes[name] = found
        return found

    def _resolve_paths(
        self, out: dict[str, Any], notes: Notes, layout: tuple[str, ...]
    ) -> dict[str, Any]:
        """`a` and `a.b` in one document: OpenSearch cannot map `a` as a value and an object.
        The less central of the two is renamed: an app field before a schema key. Returns the
        fields that could not be placed (none in practice), for the overflow."""
        for _ in range(8):
            conflicts = [
                (prefix, name)
                for name in out
                if "." in name
                for prefix in self._path_prefixes(name)
                if prefix in out
            ]
            if not conflicts:
                if layout == tuple(out):  # settled without renames: remember the layout
                    if len(self._settled) > _CACHE_LIMIT:
                        self._settled.clear()
                    self._settled.add(layout)
                return {}
            renames: dict[str, str] = {}
            for prefix, name in conflicts:
                if prefix in renames or name in renames:
                    continue
                if _rank(prefix) <= _rank(name):
                    old, new = prefix, _free_name(f"{prefix}_value", out)
                else:
                    root_new = _free_name(f"{prefix}_value", out)
                    old, new = name, _free_name(root_new + name[len(prefix) :], out)
                if new not in renames.values():
                    renames[old] = new
            for old, new in renames.items():
                notes.add(NOTE_RENAMED, f"{old} -> {new}")
            items = [(renames.get(key, key), value) for key, value in out.items()]
            out.clear()
            out.update(items)
        evicted: dict[str, Any] = {}  # pragma: no cover - a last resort that keeps the data
        for name in list(out):
            for prefix in self._path_prefixes(name):
                if prefix in out:
                    evicted[prefix] = out.pop(prefix)
        return evicted


_ALL_NOTES = (*LIST_NOTES, NOTE_OVERFLOW, NOTE_DEGRADED, NOTE_DEGRADED_FIELDS)
_UNDER_NOTES = tuple(f"{note}." for note in _ALL_NOTES)


def _off_notes(name: str) -> str:
    """`logpipe` itself or a path under a note key would collide with the notes written last:
    such a field moves to `logpipe_value...`."""
    if name == "logpipe" or name.startswith(_UNDER_NOTES):
        return "logpipe_value" + name[len("logpipe") :]
    return name


def _rank(name: str) -> int:
    if name in CORE_FIELDS:
        return 2
    return 1 if is_core(name) else 0


def _free_name(candidate: str, taken: dict[str, Any]) -> str:
    """`candidate`, numbered if needed, such that it neither exists nor has existing names
    under it. (A prefix of it that holds a value is a conflict of its own, which the next
    round of `_resolve_paths` settles.)"""
    base = candidate
    number = 2
    while not _is_free(candidate, taken):
        candidate = f"{base}_{number}"
        number += 1
    return candidate


def _is_free(candidate: str, taken: dict[str, Any]) -> bool:
    if candidate in taken:
        return False
    probe = candidate + "."
    return not any(name.startswith(probe) for name in taken)
