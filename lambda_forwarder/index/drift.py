"""Existing indices whose mapping differs from the template, and the command that fixes each.

A template only applies to indices created after it. An index created before (by a forwarder
that wrote before any setup, say) keeps its dynamic mapping for life: `log_id` as `text`, so a
term lookup by `log_id` finds nothing. Bootstrap reports each such index with its fix:
- an index no longer written to: reindex it into a new index (created from the template, its
  name still matches the template and the Dashboards pattern), check the count, delete the old;
- the index written today: its successor (tomorrow's, named by INDEX_PATTERN) is the rollover
  and gets the template by itself; reindex today's the same way once the day is over.

Only the core fields' types are compared (`mapping.CORE_FIELDS`): app fields are dynamic by
design, and one field-mapping request covers every index, however many.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from msgspec import Struct
from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError

from lambda_forwarder.index.mapping import CORE_FIELDS
from lambda_forwarder.index.naming import SERVICE_PLACEHOLDER

REINDEXED_SUFFIX = "-reindexed"


class Drift(Struct, frozen=True):
    """One index whose core fields are mapped otherwise than the template says."""

    index: str
    fields: tuple[tuple[str, str, str], ...]  # (field, type in the index, type in the template)
    current: bool  # still written to (today's index)

    def describe(self) -> str:
        differences = ", ".join(f"{f}: {found}, template {want}" for f, found, want in self.fields)
        return f"index {self.index}: mapping differs from the template ({differences})"

    def fix(self) -> str:
        """The command to run (curl, as any operator has it), or what to wait for."""
        target = self.index + REINDEXED_SUFFIX
        body = json.dumps({"source": {"index": self.index}, "dest": {"index": target}})
        reindex = (
            f'curl -sS -XPOST "$OPENSEARCH_URL/_reindex?wait_for_completion=true" '
            f"-H 'content-type: application/json' -d '{body}'"
            f' && curl -sS "$OPENSEARCH_URL/_cat/count/{self.index},{target}?v"'
            f' && curl -sS -XDELETE "$OPENSEARCH_URL/{self.index}"'
        )
        if self.current:
            return (
                "  fix: still written today; tomorrow's index is the rollover and gets the "
                f"template. Then reindex it:\n    {reindex}"
            )
        return f"  fix (reindex, compare the counts, delete the old):\n    {reindex}"


def current_indices(index_pattern: str, now: datetime) -> str:
    """A glob of the indices written now (`{service}` becomes `*`)."""
    return now.astimezone(UTC).strftime(index_pattern.replace(SERVICE_PLACEHOLDER, "*"))


def _leaf_type(entry: Mapping[str, Any]) -> str | None:
    mapping = entry.get("mapping") or {}
    for leaf in mapping.values():
        if isinstance(leaf, Mapping):
            return leaf.get("type", "object")
    return None


def mapping_drift(
    client: OpenSearch, patterns: list[str], index_pattern: str, now: datetime | None = None
) -> list[Drift]:
    """Indices matching `patterns` whose core fields' types differ from the template's."""
    wanted = {name: spec["type"] for name, spec in CORE_FIELDS.items()}
    try:
        found = client.indices.get_field_mapping(
            fields=",".join(wanted),
            index=",".join(patterns),
            ignore_unavailable=True,
            allow_no_indices=True,
        )
    except NotFoundError:
        return []
    today = current_indices(index_pattern, now or datetime.now(UTC))
    drifts = []
    for index, body in sorted(found.items()):
        if index.startswith("."):
            continue
        fields = []
        for name, entry in sorted((body.get("mappings") or {}).items()):
            actual = _leaf_type(entry)
            if name in wanted and actual is not None and actual != wanted[name]:
                fields.append((name, actual, wanted[name]))
        if fields:
            drifts.append(Drift(index, tuple(fields), fnmatch.fnmatchcase(index, today)))
    return drifts
