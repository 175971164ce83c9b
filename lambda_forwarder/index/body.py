"""The `_bulk` request body, built by hand: one action line and one source line per document.

The record always travels as the source line, never as an action dict, so top-level record keys
such as `version`, `routing` or `pipeline` stay fields (opensearch-py's helpers would pop them out
as bulk metadata). Each line is serialized once and sized in UTF-8 bytes including its newline,
so chunks can be cut by bytes and by count without serializing twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from emitter.schema import INGESTED
from lambda_forwarder.jsonio import dumps_line
from lambda_forwarder.model import Document
from lambda_forwarder.times import format_epoch

T = TypeVar("T")

INGESTED_FIELD = INGESTED


def format_ingested(epoch_seconds: float) -> str:
    """`event.ingested` in the record schema's form: RFC 3339 UTC, microseconds, `Z`."""
    return format_epoch(epoch_seconds)


def action_line(document: Document, use_ids: bool = True) -> bytes:
    """`{"index": {...}}` plus newline; `index` with the event id makes re-delivery overwrite
    the same document instead of adding a second one."""
    meta: dict[str, str] = {"_index": document.index}
    if use_ids and document.doc_id is not None:
        meta["_id"] = document.doc_id
    return dumps_line({"index": meta})


def source_line(document: Document, ingested: str) -> bytes:
    """The record as one JSON line, with `event.ingested` set (on the document's own source, so
    what the caller holds is what was stored). Raises TypeError/ValueError if not serializable."""
    document.source[INGESTED_FIELD] = ingested
    return dumps_line(document.source)


def chunks(
    items: Sequence[T], sizes: Sequence[int], max_bytes: int, max_docs: int
) -> Iterator[list[T]]:
    """Consecutive runs of `items` of at most `max_docs` items and `max_bytes` bytes, whichever
    comes first. An item larger than `max_bytes` travels alone (the cluster decides)."""
    chunk: list[T] = []
    total = 0
    for item, size in zip(items, sizes, strict=True):
        if chunk and (total + size > max_bytes or len(chunk) >= max_docs):
            yield chunk
            chunk, total = [], 0
        chunk.append(item)
        total += size
    if chunk:
        yield chunk
