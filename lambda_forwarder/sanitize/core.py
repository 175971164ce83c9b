"""What the sanitizer protects: the schema's own keys, and the names OpenSearch reserves."""

from __future__ import annotations

from emitter.schema import SCHEMA_KEYS

# record-schema.md's table keys and the keys the forwarder adds; never dropped, never counted
# against the per-record field cap, always kept by `degrade`.
CORE_FIELDS = SCHEMA_KEYS
# Whole namespaces that belong to the schema or the forwarder.
CORE_PREFIXES = ("aws.", "cloud.", "event.", "logpipe.", "error.")


def is_core(name: str) -> bool:
    """Whether a flat key is one of the schema's (kept whatever the caps say)."""
    return name in CORE_FIELDS or name.startswith(CORE_PREFIXES)


# OpenSearch's metadata fields: "Field [_id] is a metadata field and cannot be added inside a
# document". Every leading-underscore root is renamed anyway; the list documents why.
METADATA_FIELDS = frozenset(
    {
        "_id",
        "_index",
        "_source",
        "_routing",
        "_type",
        "_version",
        "_seq_no",
        "_primary_term",
        "_field_names",
        "_ignored",
        "_meta",
        "_size",
        "_doc_count",
        "_data_stream_timestamp",
        "_tier",
        "_nested_path",
        "_parent",
        "_uid",
        "_all",
    }
)

REDACTED = "[REDACTED]"
TRUNCATION_MARKER = "…[truncated]"
MAX_PATH_DEPTH = 10  # dotted segments; OpenSearch's depth limit is 20 object levels
MAX_NOTE_ENTRIES = 100  # entries per logpipe.* list note
MAX_NOTE_ENTRY_BYTES = 512
MAX_NESTED_DEPTH = 32  # deeper (or circular) structures are cut with a marker
