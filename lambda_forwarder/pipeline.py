"""The forwarder's stages, set up once, run in order: decode -> parse -> sanitize -> index -> alert.

`Pipeline` is built once per container from `Settings` and then handles one subscription payload
(or one decoded batch) at a time. Every event it receives ends in exactly one of three counts:
indexed, dead-lettered (with its reason), or skipped (control messages, the forwarder's own log
group). When the dead-letter store itself fails, the error propagates so that Lambda retries the
invocation and, after its retries, sends the event to the on-failure destination.
"""

from __future__ import annotations

import base64
import gzip
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any, Protocol

from msgspec import Struct
from msgspec.structs import replace

from lambda_forwarder.config import Settings
from lambda_forwarder.deadletter import DeadLetterStore
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.decode import decode_payload
from lambda_forwarder.errors import DecodeError
from lambda_forwarder.index.bulk import BulkIndexer
from lambda_forwarder.index.naming import index_name
from lambda_forwarder.model import (
    BulkResult,
    DeadLetter,
    Document,
    Failure,
    InvocationReport,
    LogBatch,
    LogEvent,
    Stage,
)
from lambda_forwarder.parse import RecordParser, merge_plan, merged_event
from lambda_forwarder.sanitize import KEY_LINE, KeyLines, Redactor, Sanitizer, spread

logger = logging.getLogger(__name__)


class Alerter(Protocol):
    """What the pipeline needs of the alerts stage (see lambda_forwarder.alerts)."""

    def dispatch(
        self,
        documents: Sequence[Document],
        deadline: Deadline,
        *,
        not_indexed: Sequence[Failure] = (),
    ) -> Any:
        """An outcome with `posted`, `suppressed`, `failed`, `store_fallbacks`; or None when
        nothing was at an alerting level."""


class BatchOutcome(Struct, frozen=True):
    """The counts of one batch, the documents that were indexed, and those that failed."""

    report: InvocationReport
    indexed: tuple[Document, ...]
    failures: tuple[Failure, ...]


class Pipeline:
    """Runs the stages in order for one payload or batch; holds nothing between calls but its
    collaborators (so a warm container reuses the OpenSearch connection, alert cool-downs and its
    bulk thread)."""

    def __init__(
        self,
        settings: Settings,
        *,
        indexer: BulkIndexer,
        dead_letters: DeadLetterStore,
        alerter: Alerter | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.settings = settings
        self.redactor = Redactor(settings.sanitize.redact_fields)
        self._parse = RecordParser(settings.parse)
        self._sanitize = Sanitizer(settings.sanitize, self.redactor)
        self._indexer = indexer
        self._dead_letters = dead_letters
        self._alerter = alerter
        self._index_pattern = settings.index.index_pattern
        self._use_ids = settings.index.use_document_ids
        self._merge_bytes = settings.sanitize.max_value_bytes
        self._chunk = settings.index.bulk_max_docs
        self._bulk: ThreadPoolExecutor | None = None
        self._self_log_group = settings.self_log_group
        self._now = now

    # --- entry points ----------------------------------------------------------------------

    def process_payload(self, data: str | bytes, deadline: Deadline) -> InvocationReport:
        """One base64+gzip subscription payload (from `awslogs.data` or a Kinesis record)."""
        try:
            batch = decode_payload(data)
        except DecodeError as error:
            # The event count is unknown: the payload counts as one record, dead-lettered whole.
            # Kept as text whatever arrived (the codec reads back only strings): a non-string
            # `awslogs.data` must not write a letter that breaks every later replay.
            if isinstance(data, bytes | bytearray):
                raw = bytes(data).decode("ascii", "replace")
            else:
                raw = data if isinstance(data, str) else repr(data)
            if error.content is not None:  # it decompressed: readable, so masked like a line
                raw = self._masked_payload(raw, error.content)
            self._dead_letter(
                [
                    DeadLetter(
                        reason=self.redactor.text(str(error)),
                        stage=f"{Stage.DECODE}:{error.stage}",
                        owner=None,
                        log_group=None,
                        log_stream=None,
                        raw_payload=raw,
                    )
                ]
            )
            logger.warning("dead-lettered an undecodable payload: %s", error)
            return InvocationReport(received=1, dead_lettered=1)
        return self.process_batch(batch, deadline)

    def _masked_payload(self, raw: str, content: bytes) -> str:
        """The payload as a dead letter keeps it: as it came, unless its decompressed text holds
        a secret; then that text masked (`Redactor.line`), compressed and encoded again (junk
        after a gzip stream is not kept then). A payload that did not decompress stays as it
        came: it is unreadable either way."""
        text = content.decode("utf-8", "replace")
        masked = self.redactor.line(text)
        if masked == text:
            return raw
        return base64.b64encode(gzip.compress(masked.encode("utf-8"))).decode("ascii")

    def process_batch(self, batch: LogBatch, deadline: Deadline) -> InvocationReport:
        """One decoded batch: transform, index, dead-letter what failed, alert on what landed."""
        return self.run_batch(batch, deadline).report

    def run_batch(
        self, batch: LogBatch, deadline: Deadline, *, dead_letter_failures: bool = True
    ) -> BatchOutcome:
        """`process_batch`, also returning the indexed documents and the failures.

        With `dead_letter_failures=False` (replay), failures are returned instead of being written
        to the store again, so the caller can keep the dead letter they came from.
        """
        received = len(batch.events)
        if batch.is_control or (self._self_log_group and batch.log_group == self._self_log_group):
            if not batch.is_control:
                logger.warning("skipped %d events of the forwarder's own log group", received)
            return BatchOutcome(InvocationReport(received=received, skipped=received), (), ())

        # Chunk by chunk: while the cluster indexes one chunk (on the bulk thread, waiting on
        # the network), the next is parsed and sanitized here.
        failures: list[Failure] = []
        runs: list[Future[BulkResult]] = []
        for documents, chunk_failures in self.transform(batch):
            failures.extend(chunk_failures)
            if documents:
                runs.append(self._bulk_thread().submit(self._indexer.index, documents, deadline))
        result = BulkResult() if runs else None
        for run in runs:
            result.add(run.result())  # type: ignore[union-attr]
        indexed = tuple(result.indexed) if result else ()
        failures.extend(result.failures if result else ())
        # Every later output (dead letter, Slack, the caller) sees failures through the redactor.
        failures = [self._redacted(failure) for failure in failures]
        if failures and dead_letter_failures:
            self._dead_letter(self._letters_for(batch, failures))

        report = InvocationReport(
            received=received,
            indexed=_event_count(indexed),  # events, not documents: merged records count whole
            degraded=result.degraded if result else 0,
            dead_lettered=sum(len(f.events) for f in failures) if dead_letter_failures else 0,
            bulk_retries=result.retries if result else 0,
        )
        if indexed:
            now_ms = int(self._now().timestamp() * 1000)
            report.lag_ms_max = max(0, now_ms - min(d.event.timestamp for d in indexed))
        dead_lettered = failures if dead_letter_failures else []
        outcome = None
        if self._alerter is not None and (indexed or dead_lettered):
            outcome = self._alerter.dispatch(indexed, deadline, not_indexed=dead_lettered)
        if outcome is not None:  # None: nothing was at an alerting level
            report.alerts_posted = outcome.posted
            report.alerts_suppressed = outcome.suppressed
            report.alerts_failed = outcome.failed
            report.alerts_store_fallbacks = outcome.store_fallbacks
        return BatchOutcome(report, indexed, tuple(failures))

    # --- stages ----------------------------------------------------------------------------

    def _bulk_thread(self) -> ThreadPoolExecutor:
        """One thread per container that runs the bulk requests, in order."""
        if self._bulk is None:
            self._bulk = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk")
        return self._bulk

    def transform(self, batch: LogBatch) -> Iterator[tuple[list[Document], list[Failure]]]:
        """Parse and sanitize every event, in chunks of at most `BULK_MAX_DOCS` documents; an
        event that breaks a stage is kept as a failure."""
        documents: list[Document] = []
        failures: list[Failure] = []
        parse, sanitize, suspicious = self._parse, self._sanitize, self.redactor.suspicious
        pattern, use_ids, chunk = self._index_pattern, self._use_ids, self._chunk
        # A traceback split over several events becomes one record (parse.multiline); the
        # document keeps the events it absorbed, so dead letters and counts keep every event.
        heads, merges = merge_plan(batch.events, self._merge_bytes, self._parse.envelopes)
        hints = self.redactor.suspicious_many([event.message for event in heads])
        # A key logged line by line, each line a record behind a logger's prefix (keylines.py).
        keys = KeyLines.for_batch(heads)
        for index, event in enumerate(heads):
            absorbed = merges.get(index, ()) if merges else ()
            try:
                if absorbed:
                    merged = merged_event(event, absorbed)
                    record = parse(merged, batch, continued=True)
                    shown = keys.follow(record, merged)
                    if shown is not merged:  # in a block an earlier record began: its events
                        event, *rest = spread((event, *absorbed), shown.message)
                        absorbed = tuple(rest)
                    hint = shown is not merged or suspicious(merged.message)
                else:
                    record = parse(event, batch)
                    hint = hints[index]
                    message = record.get("message")
                    # What `follow` looks for first, inline: most records are none of it.
                    if hint or keys.open or (type(message) is str and len(message) >= KEY_LINE):
                        shown = keys.follow(record, event)
                        hint = shown is not event or hint
                        event = shown
                source = sanitize(record, hint)
                document = Document(
                    doc_id=event.id if use_ids else None,
                    index=index_name(source, pattern),
                    source=source,
                    event=event,
                    batch=batch,
                    absorbed=absorbed,
                )
            except Exception as error:  # a bug in a stage must not lose the event
                logger.exception("transform failed for event %s", event.id)
                reason = f"{type(error).__name__} in parse or sanitize"
                failures.append(Failure(Stage.TRANSFORM, reason, event, batch, absorbed=absorbed))
                continue
            documents.append(document)
            if len(documents) >= chunk:
                yield documents, failures
                documents, failures = [], []
        if documents or failures:
            yield documents, failures

    def _redacted(self, failure: Failure) -> Failure:
        """The failure with its raw lines and its reason masked (the document already is)."""
        events = failure.events
        masked = self.redactor.lines([event.message for event in events])
        head, *rest = (
            event if text is event.message else LogEvent(event.id, event.timestamp, text)
            for event, text in zip(events, masked, strict=True)
        )
        reason = self.redactor.text(failure.reason)
        return replace(failure, reason=reason, event=head, absorbed=tuple(rest))

    @staticmethod
    def _letters_for(batch: LogBatch, failures: Sequence[Failure]) -> list[DeadLetter]:
        """One dead letter per stage and reason (failures arrive redacted)."""
        by_reason: dict[tuple[Stage, str, int], list[LogEvent]] = defaultdict(list)
        for failure in failures:
            by_reason[(failure.stage, failure.reason, failure.status)].extend(failure.events)
        return [
            DeadLetter(
                reason=f"{reason} (status {status})" if status else reason,
                stage=str(stage),
                owner=batch.owner,
                log_group=batch.log_group,
                log_stream=batch.log_stream,
                events=tuple(events),
            )
            for (stage, reason, status), events in by_reason.items()
        ]

    def _dead_letter(self, letters: Sequence[DeadLetter]) -> None:
        """Raises DeadLetterError if the store fails: the caller must then fail the invocation."""
        self._dead_letters.put(letters)


def _event_count(documents: Iterable[Document]) -> int:
    return sum(1 + len(document.absorbed) for document in documents)
