"""Bulk indexing with per-item outcomes, retries for what can succeed later, and a deadline.

Every item of a response is read unless it says `errors: false` (HTTP 200 with `errors: true`
is a partial failure):
- 2xx: indexed.
- 429 and 5xx (item or whole request, connection errors and timeouts too): retried, failed items
  only, with exponential backoff and full jitter, up to `max_retries` times per item.
- 400 mapping errors: retried once with the document degraded (app fields as one JSON string).
- anything else, or what is still failing: a `Failure` (stage index, or deadline).
Before each request and each backoff the deadline is checked; what cannot be finished in time is
returned as failures with reason "deadline", so the caller can dead-letter it before Lambda's
timeout. Nothing raises for OpenSearch trouble: the caller gets failures, never an exception.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from msgspec import Struct, field
from msgspec.structs import replace
from opensearchpy import OpenSearch
from opensearchpy.exceptions import TransportError

from lambda_forwarder.config import IndexSettings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.index.body import INGESTED_FIELD, action_line, chunks, format_ingested
from lambda_forwarder.index.body import source_line as encode_source
from lambda_forwarder.model import BulkResult, Document, Failure, Stage
from lambda_forwarder.sanitize.degrade import degrade as degrade_record

logger = logging.getLogger(__name__)

DEADLINE_REASON = "deadline"
NO_STATUS = 0  # a failure without an HTTP status: connection error, timeout, unserializable
MIN_REQUEST_SECONDS = 0.1  # below this a request cannot usefully start
MAX_REASON_CHARS = 300
# 400s that a degraded document (app fields as one string) gets past.
MAPPING_ERRORS = frozenset(
    {
        "mapper_parsing_exception",
        "document_parsing_exception",
        "illegal_argument_exception",
        "strict_dynamic_mapping_exception",
        "mapper_exception",
        "json_parse_exception",
        "x_content_parse_exception",
    }
)
_HEADERS = {"content-type": "application/x-ndjson"}
# Only what the outcome needs comes back: a 500-item response from the local node went from
# 84 KB to 12.5 KB.
_RESPONSE_FIELDS = {"filter_path": "errors,items.*.status,items.*.error"}
_PREVIEW = re.compile(r"\.? ?Preview of field's value: '.*?'(?= \(caused by|$)", re.DOTALL)

Degrade = Callable[[dict[str, Any], str], dict[str, Any]]


def backoff(attempt: int, base: float, cap: float, jitter: Callable[[float], float]) -> float:
    """Full-jitter exponential backoff: `jitter(min(cap, base * 2**attempt))`."""
    return jitter(min(cap, base * 2**attempt))


def _full_jitter(ceiling: float) -> float:
    return random.uniform(0.0, ceiling)


def describe_error(error: Any) -> str:
    """`type: reason (caused by type: reason)`, trimmed: never the whole document."""
    if isinstance(error, dict):
        text = f"{error.get('type', 'error')}: {error.get('reason', '')}".rstrip(": ")
        cause = error.get("caused_by")
        if isinstance(cause, dict):
            text += f" (caused by {cause.get('type', 'error')}: {cause.get('reason', '')})"
    else:
        text = str(error)
    # OpenSearch quotes the offending value ("Preview of field's value: '...'"): data, maybe a
    # secret, and not needed to understand the failure.
    text = _PREVIEW.sub("", text)
    return text if len(text) <= MAX_REASON_CHARS else text[: MAX_REASON_CHARS - 1] + "…"


class _Item:
    """One document in flight: its serialized lines and how it has fared so far."""

    __slots__ = ("action", "degraded", "document", "line", "reason", "retries", "status")

    def __init__(self, document: Document, action: bytes, line: bytes) -> None:
        self.document = document
        self.action = action
        self.line = line
        self.degraded = False
        self.retries = 0
        self.status = NO_STATUS
        self.reason = ""

    @property
    def size(self) -> int:
        return len(self.action) + len(self.line)


class _EveryItemIndexed(Struct, frozen=True):
    """The response said `errors: false`: no item needs reading one by one."""


class _PerItem(Struct, frozen=True):
    """The response's items, one per document sent, in order."""

    items: list[Any]


class _Refused(Struct, frozen=True):
    """The whole request failed: no item was answered."""

    status: int
    reason: str


_Answer = _EveryItemIndexed | _PerItem | _Refused
_EVERY_ITEM_INDEXED = _EveryItemIndexed()


class _Resend(Struct):
    """What a round leaves to send again: degraded documents at once, the rest after a wait."""

    now: list[_Item] = field(default_factory=list)
    after_backoff: list[_Item] = field(default_factory=list)


class BulkIndexer:
    """Indexes documents through `_bulk`; set up once per container, called once per batch."""

    def __init__(
        self,
        client: OpenSearch,
        settings: IndexSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        jitter: Callable[[float], float] = _full_jitter,
        degrade: Degrade = degrade_record,
        request_timeout: float = 10.0,
    ) -> None:
        """`clock` is the wall clock for `event.ingested`; waits are measured on the deadline's
        own clock. `jitter(ceiling)` picks the backoff in [0, ceiling]. Each request gets at
        most `request_timeout` (the client's, `OPENSEARCH_TIMEOUT_SECONDS`) and never more
        than the deadline's remainder."""
        self._client = client
        self._settings = settings
        self._sleep = sleep
        self._clock = clock
        self._jitter = jitter
        self._degrade = degrade
        self._timeout = request_timeout

    def index(self, documents: Sequence[Document], deadline: Deadline) -> BulkResult:
        """Index `documents`; every one ends in `indexed` or `failures`, none is dropped."""
        result = BulkResult()
        ingested = format_ingested(self._clock())
        pending: list[_Item] = []
        for document in documents:
            item = self._encode(document, ingested, result)
            if item is not None:
                pending.append(item)
        attempt = 0
        while pending:
            resend = self._round(pending, deadline, result)
            waiting = resend.after_backoff
            if waiting:
                delay = backoff(
                    attempt,
                    self._settings.retry_base_seconds,
                    self._settings.retry_max_seconds,
                    self._jitter,
                )
                if deadline.remaining() - delay < MIN_REQUEST_SECONDS:
                    self._fail_all(waiting, result, DEADLINE_REASON)
                    waiting = []
                else:
                    logger.warning(
                        "bulk: retrying %d items (last: %s %s) in %.2fs",
                        len(waiting),
                        waiting[-1].status,
                        waiting[-1].reason,
                        delay,
                    )
                    self._sleep(delay)
                    attempt += 1
                    result.retries += len(waiting)
            pending = resend.now + waiting
        return result

    # --- one round: every pending item sent once -------------------------------------------

    def _round(self, items: list[_Item], deadline: Deadline, result: BulkResult) -> _Resend:
        """Send `items` in chunks; returns the items to send again, now or after a back-off."""
        again = _Resend()
        sizes = [item.size for item in items]
        queue = deque(
            chunks(items, sizes, self._settings.bulk_max_bytes, self._settings.bulk_max_docs)
        )
        while queue:
            chunk = queue.popleft()
            if deadline.remaining() < MIN_REQUEST_SECONDS:
                self._fail_all([*chunk, *(i for c in queue for i in c)], result, DEADLINE_REASON)
                return again  # already-answered items: the caller fails them at the deadline
            answer = self._post(chunk, deadline.cap(self._timeout))
            if type(answer) is _EveryItemIndexed:
                result.indexed.extend(item.document for item in chunk)
                result.degraded += sum(item.degraded for item in chunk)
                continue
            if type(answer) is _Refused:
                if answer.status == 413 and len(chunk) > 1:  # too big for this cluster: halve it
                    half = len(chunk) // 2
                    queue.extendleft([chunk[half:], chunk[:half]])
                    continue
                for item in chunk:
                    self._outcome(item, answer.status, answer.reason, again, result)
                continue
            assert type(answer) is _PerItem
            for item, entry in zip(chunk, answer.items, strict=True):
                info = next(iter(entry.values()), None) if isinstance(entry, dict) else None
                info = info if isinstance(info, dict) else {}
                item_status = info.get("status")
                if not isinstance(item_status, int):
                    item_status = NO_STATUS
                if 200 <= item_status < 300:
                    result.indexed.append(item.document)
                    result.degraded += item.degraded
                    continue
                error = info.get("error", "malformed bulk response item")
                self._outcome(item, item_status, describe_error(error), again, result)
        return again

    def _post(self, chunk: list[_Item], timeout: float) -> _Answer:
        """One `_bulk` request, and what its answer says of the chunk."""
        body = b"".join(part for item in chunk for part in (item.action, item.line))
        try:
            # A copy each time: opensearch-py adds `content-encoding: gzip` to the dict it is
            # given when the client compresses, which would poison every later request of an
            # uncompressed client in the same process (a plain body labelled gzip).
            response = self._client.transport.perform_request(
                "POST",
                "/_bulk",
                params=_RESPONSE_FIELDS,
                body=body,
                headers=dict(_HEADERS),
                timeout=timeout,
            )
        except TransportError as error:
            status = error.status_code if isinstance(error.status_code, int) else NO_STATUS
            detail = error.info if isinstance(error.info, dict) else None
            if detail and isinstance(detail.get("error"), dict):
                reason = describe_error(detail["error"])
            elif status == NO_STATUS:
                reason = describe_error(f"{type(error).__name__}: {error.error}")
            else:
                reason = describe_error(f"{error.error}: {str(error.info)[:200]}")
            return _Refused(status, reason)
        except Exception as error:  # signing, serialization of the response, anything else
            return _Refused(NO_STATUS, describe_error(f"{type(error).__name__}: {error}"))
        items = response.get("items") if isinstance(response, dict) else None
        if not isinstance(items, list) or len(items) != len(chunk):
            return _Refused(NO_STATUS, "malformed bulk response")
        if response.get("errors") is False:
            return _EVERY_ITEM_INDEXED
        return _PerItem(items)

    # --- per-item outcome -----------------------------------------------------------------

    def _outcome(
        self, item: _Item, status: int, reason: str, again: _Resend, result: BulkResult
    ) -> None:
        item.status, item.reason = status, reason
        if status == 429 or status >= 500 or status == NO_STATUS:
            if item.retries < self._settings.max_retries:
                item.retries += 1
                again.after_backoff.append(item)
                return
        elif status == 400 and not item.degraded and reason.split(":", 1)[0] in MAPPING_ERRORS:
            if self._degrade_item(item, reason, result):
                again.now.append(item)  # a different document: no reason to wait
            return
        result.failures.append(Failure.of_document(item.document, Stage.INDEX, status, reason))

    def _degrade_item(self, item: _Item, reason: str, result: BulkResult) -> bool:
        """Swap in the degraded document; False (and a failure recorded) if that fails."""
        document = item.document
        try:
            source = self._degrade(dict(document.source), reason)
            source[INGESTED_FIELD] = document.source.get(INGESTED_FIELD)
            degraded = replace(document, source=source)
            item.line = encode_source(degraded, source[INGESTED_FIELD])
        except Exception as error:
            failure = describe_error(f"{reason}; degrading failed: {type(error).__name__}: {error}")
            result.failures.append(Failure.of_document(document, Stage.INDEX, item.status, failure))
            return False
        item.document = degraded
        item.degraded = True
        return True

    def _encode(self, document: Document, ingested: str, result: BulkResult) -> _Item | None:
        try:
            return _Item(
                document,
                action_line(document, self._settings.use_document_ids),
                encode_source(document, ingested),
            )
        except (TypeError, ValueError) as error:
            reason = describe_error(f"unserializable document: {type(error).__name__}: {error}")
            result.failures.append(Failure.of_document(document, Stage.INDEX, NO_STATUS, reason))
            return None

    @staticmethod
    def _fail_all(items: Sequence[_Item], result: BulkResult, reason: str) -> None:
        result.failures.extend(
            Failure.of_document(item.document, Stage.DEADLINE, item.status, reason)
            for item in items
        )
