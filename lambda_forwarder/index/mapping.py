"""The `logs-*` index template and the ISM retention policy, as plain dicts.

Layout: how many services stay indexable
-----------------------------------------
Records are flat, with ECS-style dotted keys at the top level (record-schema.md), and every
service adds its own fields. These keep every record indexable as services multiply:

1. The shared core (`@timestamp`, `log_id`, `service.*`, `log.*`, `error.*`, `aws.*`, ...) is
   mapped explicitly here, so its types never depend on which record arrived first.
2. `index.mapping.total_fields.limit` is raised to 2000 (default 1000) and the sanitizer caps
   each record at 100 fields with nested values stored as JSON strings, so one record cannot
   add more than ~200 mapped fields, and no object explosion happens.
3. When an index still reaches the limit (or a type conflicts), the bulk indexer re-sends the
   record degraded: core fields kept, app fields as ONE string in `logpipe.degraded_fields`,
   mapped `text` here so it stays full-text searchable. Records are never rejected for it.
4. Past ~1000 searchable fields a bare-term search over `*` exceeds the 1024-clause limit
   ("field expansion matches too many fields"), another reason for step 5 on big fleets.
5. For fleets with many heterogeneous services, set `INDEX_PATTERN=logs-{service}-%Y.%m.%d`:
   each service gets its own field budget; this same template (`logs-*`) and the Dashboards
   pattern (`logs-*`) still cover everything.

`flat_object` is not used: it maps ONE object field, and records keep app fields at the top
level (so Discover shows them as columns and the emitter's schema holds); moving the long tail
under one object would change the record shape for every consumer. `date_detection` is off, so
a string that looks like a date in one record cannot turn a field into a date that rejects
the next record's free text.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

TEMPLATE_NAME = "logpipe-logs"
POLICY_ID = "logpipe-retention"
TEMPLATE_PRIORITY = 200
TOTAL_FIELDS_LIMIT = 2000
KEYWORD_IGNORE_ABOVE = 1024  # dynamic strings: long values stay searchable as text
LONG_TEXT_IGNORE_ABOVE = 8191  # 4 bytes per char stays under Lucene's 32,766-byte term limit

_KEYWORD = {"type": "keyword", "ignore_above": KEYWORD_IGNORE_ABOVE}


def _text(ignore_above: int) -> dict[str, Any]:
    return {
        "type": "text",
        "fields": {"keyword": {"type": "keyword", "ignore_above": ignore_above}},
    }


# Dotted names: OpenSearch expands them into object paths.
CORE_FIELDS: dict[str, dict[str, Any]] = {
    "@timestamp": {"type": "date"},
    "event.ingested": {"type": "date"},
    "log_id": {"type": "keyword"},
    "schema": {"type": "keyword"},
    "request_id": {"type": "keyword"},
    "trace.id": {"type": "keyword"},
    "span.id": {"type": "keyword"},
    "service.name": {"type": "keyword"},
    "service.version": {"type": "keyword"},
    "service.environment": {"type": "keyword"},
    "log.level": {"type": "keyword"},
    "log.logger": {"type": "keyword"},
    "error.type": {"type": "keyword"},
    "error.fingerprint": {"type": "keyword"},  # the error issue's key: "All occurrences"
    "error.message": _text(LONG_TEXT_IGNORE_ABOVE),
    "error.stack_trace": _text(LONG_TEXT_IGNORE_ABOVE),
    "message": _text(LONG_TEXT_IGNORE_ABOVE),
    "aws.cloudwatch.log_group": {"type": "keyword"},
    "aws.cloudwatch.log_stream": {"type": "keyword"},
    "aws.cloudwatch.event_id": {"type": "keyword"},
    "cloud.account.id": {"type": "keyword"},
    "cloud.region": {"type": "keyword"},
    "event.original_format": {"type": "keyword"},
    "event.created": {"type": "date", "format": "epoch_millis"},  # the CloudWatch event time
    # the whole text line when the message is only part of it: kept, not searched (as ECS)
    "event.original": {"type": "keyword", "index": False, "doc_values": False},
    "logpipe.degraded": {"type": "keyword", "ignore_above": LONG_TEXT_IGNORE_ABOVE},
    # JSON strings of app fields: long, searched by words, never aggregated.
    "logpipe.degraded_fields": {"type": "text"},
    "logpipe.overflow": {"type": "text"},
}

# String values under these roots are identifiers, not prose: keyword only.
KEYWORD_ROOTS = ("service", "log", "aws", "cloud", "event", "trace", "span", "logpipe")


def _dynamic_templates() -> list[dict[str, Any]]:
    templates: list[dict[str, Any]] = [
        {
            f"{root}_strings": {
                "path_match": f"{root}.*",
                "match_mapping_type": "string",
                "mapping": dict(_KEYWORD),
            }
        }
        for root in KEYWORD_ROOTS
    ]
    templates.append(
        {
            "strings": {
                "match_mapping_type": "string",
                "mapping": _text(KEYWORD_IGNORE_ABOVE),
            }
        }
    )
    return templates


def _nest(flat: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """`{"a.b": m}` -> `{"a": {"properties": {"b": m}}}`: the form GET _mapping returns."""
    properties: dict[str, Any] = {}
    for name, mapping in flat.items():
        *parents, leaf = name.split(".")
        node = properties
        for parent in parents:
            node = node.setdefault(parent, {"properties": {}})["properties"]
        node[leaf] = mapping
    return properties


def index_template(
    patterns: list[str], *, replicas: int | None = None, shards: int = 1
) -> dict[str, Any]:
    """The composable `_index_template` body, with `_meta.digest` of its content (so bootstrap
    can tell "unchanged" from "updated" without comparing normalized mappings)."""
    settings: dict[str, Any] = {
        "index.number_of_shards": shards,
        "index.mapping.total_fields.limit": TOTAL_FIELDS_LIMIT,
        "index.mapping.ignore_malformed": True,
    }
    if replicas is not None:
        settings["index.number_of_replicas"] = replicas
    body: dict[str, Any] = {
        "index_patterns": patterns,
        "priority": TEMPLATE_PRIORITY,
        "template": {
            "settings": settings,
            "mappings": {
                "dynamic": True,
                "date_detection": False,
                "numeric_detection": False,
                "dynamic_templates": _dynamic_templates(),
                "properties": _nest(CORE_FIELDS),
            },
        },
    }
    body["_meta"] = {"managed_by": "logpipe", "digest": digest(body)}
    return body


def ism_policy(retention_days: int, patterns: list[str]) -> dict[str, Any]:
    """Delete indices `retention_days` after creation; `ism_template` attaches new indices.

    The description carries the content digest, for the same unchanged/updated check.
    """
    policy: dict[str, Any] = {
        "default_state": "hot",
        "states": [
            {
                "name": "hot",
                "actions": [],
                "transitions": [
                    {"state_name": "delete", "conditions": {"min_index_age": f"{retention_days}d"}}
                ],
            },
            {"name": "delete", "actions": [{"delete": {}}], "transitions": []},
        ],
        "ism_template": [{"index_patterns": patterns, "priority": 100}],
    }
    policy["description"] = (
        f"logpipe: delete {', '.join(patterns)} {retention_days} days after creation "
        f"[{digest(policy)}]"
    )
    return {"policy": policy}


def digest(value: Any) -> str:
    """Short content hash of a JSON value (key order does not matter)."""
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]
