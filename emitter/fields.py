"""Caller field names: keep them off the schema's reserved keys and their object paths.

The rule is the schema's (`emitter.schema.renamed`): `service` -> `service_`, listed under
`logpipe.renamed`. The schema's context keys (`trace.id`, `span.id`, `request_id`,
`error.fingerprint`) may be set by callers; their values are written as strings. Non-str keys
(possible through `extra=`) become `str(key)`.
"""

from __future__ import annotations

from typing import Any

from emitter.encoding import safe_str
from emitter.schema import CONTEXT_KEYS, RENAMED, is_reserved, rename_note, renamed

# Keyword names a logging call consumes itself (the stdlib's, plus emitter's exception/trace).
CALL_OPTIONS = frozenset({"exc_info", "stack_info", "stacklevel", "extra", "exception", "trace"})


class FieldNames:
    """Remembers which names are known to be plain fields, so the common call checks one subset."""

    def __init__(self, cache_limit: int = 10000) -> None:
        self.safe: set[str] = set()
        self._limit = cache_limit

    def is_reserved(self, key: str) -> bool:
        """True when `key` would overwrite a schema key or collide with its object paths."""
        return is_reserved(key)

    def clean(self, fields: dict[Any, Any]) -> dict[str, Any]:
        """A copy of `fields` with reserved names renamed and context values made strings."""
        out: dict[str, Any] = {}
        notes: list[str] = []
        pending: list[tuple[str, Any]] = []
        for key, value in fields.items():
            name = key if type(key) is str else safe_str(key)
            if name in CONTEXT_KEYS:
                out[name] = value if type(value) is str else safe_str(value)
            elif is_reserved(name):
                pending.append((name, value))
            else:
                out[name] = value
                if name not in CALL_OPTIONS and len(self.safe) < self._limit:
                    self.safe.add(name)
        for name, value in pending:
            new = renamed(name, out)
            out[new] = value
            notes.append(rename_note(name, new))
        if notes:
            out[RENAMED] = notes
        return out
