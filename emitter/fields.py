"""Caller field names: keep them off the schema's reserved keys and their object paths.

A caller's key whose root (the part before the first dot) is a reserved root is renamed by
appending `_` to the root: `service` -> `service_`, `log.level` -> `log_.level`,
`@timestamp` -> `@timestamp_` (more underscores if that name is taken too). The record lists the
original names under `emitter.renamed`. `trace.id`, `span.id`, `request_id` and
`error.fingerprint` (a service's own grouping of its errors, which the forwarder's error issues
then use) are the schema's context keys and may be set by callers (bound, in a context, or per
call); their values are written as strings. Non-str keys (possible through `extra=`) become
`str(key)`.
"""

from __future__ import annotations

from typing import Any

from emitter.encoding import safe_str

RESERVED_ROOTS = frozenset(
    {
        "@timestamp",
        "log",
        "message",
        "service",
        "log_id",
        "schema",
        "error",
        "trace",
        "span",
        "request_id",
        "event",
        "aws",
        "cloud",
        "emitter",
    }
)
CONTEXT_KEYS = frozenset({"trace.id", "span.id", "request_id", "error.fingerprint"})
RENAMED_KEY = "emitter.renamed"

# Keyword names a logging call consumes itself (the stdlib's, plus emitter's exception/trace).
CALL_OPTIONS = frozenset({"exc_info", "stack_info", "stacklevel", "extra", "exception", "trace"})


class FieldNames:
    """Remembers which names are known to be plain fields, so the common call checks one subset."""

    def __init__(self, cache_limit: int = 10000) -> None:
        self.safe: set[str] = set()
        self._limit = cache_limit

    def is_reserved(self, key: str) -> bool:
        """True when `key` would overwrite a schema key or collide with its object paths."""
        if key in CONTEXT_KEYS:
            return False
        return key.partition(".")[0] in RESERVED_ROOTS

    def clean(self, fields: dict[Any, Any]) -> dict[str, Any]:
        """A copy of `fields` with reserved names renamed and context values made strings."""
        out: dict[str, Any] = {}
        renamed: list[str] = []
        pending: list[tuple[str, Any]] = []
        for key, value in fields.items():
            name = key if type(key) is str else safe_str(key)
            if name in CONTEXT_KEYS:
                out[name] = value if type(value) is str else safe_str(value)
            elif name.partition(".")[0] in RESERVED_ROOTS:
                pending.append((name, value))
            else:
                out[name] = value
                if name not in CALL_OPTIONS and len(self.safe) < self._limit:
                    self.safe.add(name)
        for name, value in pending:
            root, dot, rest = name.partition(".")
            new = f"{root}_{dot}{rest}"
            while new in out or new.partition(".")[0] in RESERVED_ROOTS:
                root += "_"
                new = f"{root}_{dot}{rest}"
            out[new] = value
            renamed.append(name)
        if renamed:
            out[RENAMED_KEY] = renamed
        return out
