"""RecordParser: one CloudWatch log event -> one flat record (record-schema.md)."""

from __future__ import annotations

from typing import Any

from emitter.schema import ORIGINAL_FORMAT
from lambda_forwarder.config import ParseSettings
from lambda_forwarder.jsonio import loads_object
from lambda_forwarder.model import NOTE_TIME_OUTSIDE, LogBatch, LogEvent
from lambda_forwarder.parse.common import log_id_for, service_for_log_group
from lambda_forwarder.parse.jsonlog import parse_emitter, parse_foreign
from lambda_forwarder.parse.platform import (
    PLATFORM_PREFIXES,
    TIMEOUT_MARKER,
    parse_platform_json,
    parse_platform_text,
)
from lambda_forwarder.parse.schema import CREATED, EMITTER_SCHEMA, ORIGINAL, TEXT
from lambda_forwarder.parse.shipped import Envelopes, shipped_line
from lambda_forwarder.parse.text import parse_text
from lambda_forwarder.times import EpochFormatter, TimeWindow


class RecordParser:
    """Parse events of any format into flat records; set up once, called per event.

    Emitter records are kept as they are; a container's line a log router wrapped in `log`
    (FireLens, Fluent Bit, Docker's json-file) is read as that line, and the lines of envelopes
    merged (parse.multiline) as those lines merged, around the first; other JSON is normalized
    onto the schema; Lambda platform lines and text get what can be read from them. Then the
    gaps are filled:
    `@timestamp` from the event (also when the line's own time lies outside the sanity window,
    with a note), `service.name` from the log group, a `log_id` derived from the event id, and
    the batch's `aws.cloudwatch.*` and `cloud.*`. The CloudWatch time is always kept in
    `event.created` (epoch milliseconds). Never raises on a message.

    `envelopes` is this parser's memo of the envelopes multi-line merging decoded: given to
    the merging of each batch (`merge_plan(events, max_bytes, parser.envelopes)`), it spares
    the parse of that batch decoding them again.
    """

    __slots__ = (
        "_admits",
        "_batch",
        "_batch_fields",
        "_mapping",
        "_region",
        "_service",
        "_stamp",
        "_window",
        "envelopes",
    )

    def __init__(self, settings: ParseSettings) -> None:
        self._region = settings.region
        self._mapping = settings.service_mapping
        self._window = TimeWindow(
            settings.line_time_max_age_seconds, settings.line_time_max_ahead_seconds
        )
        self._admits = self._window.admits  # bound once: called for every record
        self._batch: LogBatch | None = None
        self._batch_fields: dict[str, str] = {}
        self._service = ""
        self._stamp = EpochFormatter()
        self.envelopes = Envelopes()

    def service_for(self, log_group: str) -> str:
        """The service a log group's lines belong to when they do not say."""
        return service_for_log_group(log_group, self._mapping)

    def _bind(self, batch: LogBatch) -> None:
        self._batch = batch
        self._service = self.service_for(batch.log_group)
        self._batch_fields = {
            "aws.cloudwatch.log_group": batch.log_group,
            "aws.cloudwatch.log_stream": batch.log_stream,
            "cloud.account.id": batch.owner,
            "cloud.region": self._region,
        }

    def __call__(
        self, event: LogEvent, batch: LogBatch, *, continued: bool = False
    ) -> dict[str, Any]:
        """`continued`: the event was merged from several (parse.multiline), so a crash
        anywhere in it sets the level (at least error) whatever its first line said, but for
        a first line at warning, kept unless the crash is critical (`text.crash_level`)."""
        if batch is not self._batch:
            self._bind(batch)
        timestamp = event.timestamp
        try:
            record = _parse(event.message, timestamp, continued, self.envelopes)
        except Exception:  # a parser bug must not lose the event: index it as text
            record = {"message": event.message, "log.level": "info", "event.original_format": TEXT}
        # Missing and explicit nulls alike are filled: a record always has a time, a service and
        # a log_id (the View Full Log link and the index name depend on them).
        get = record.get
        stamp = get("@timestamp")
        if stamp is None:
            record["@timestamp"] = self._stamp(timestamp)
        elif not self._admits(stamp, timestamp):
            record[NOTE_TIME_OUTSIDE] = stamp
            record["@timestamp"] = self._stamp(timestamp)
        if get("service.name") is None:
            record["service.name"] = self._service
        if get("log_id") is None:
            record["log_id"] = log_id_for(event.id)
        record.update(self._batch_fields)
        record["aws.cloudwatch.event_id"] = event.id
        record[CREATED] = timestamp  # epoch ms, mapped as a date: nothing to format
        return record


def _parse(
    message: str, reference_ms: int, continued: bool, envelopes: Envelopes
) -> dict[str, Any]:
    first = message[:1]
    if first == "{" or (first.isspace() and message.lstrip()[:1] == "{"):
        if continued and "\n{" in message:
            # A router's envelopes merged (parse.multiline): the lines inside them are one record
            merged = envelopes.merged(message)
            if merged is not None:
                return _shipped(merged[0], merged[1], message, reference_ms, continued, envelopes)
        obj = envelopes.take(message) if envelopes else loads_object(message)
        if obj is not None:
            if obj.get("schema") == EMITTER_SCHEMA:
                return parse_emitter(obj, message)
            if "record" in obj and "type" in obj:
                record = parse_platform_json(obj, message)
                if record is not None:
                    return record
            inner = shipped_line(obj) if "log" in obj else None
            if inner is not None:
                return _shipped(obj, inner, message, reference_ms, continued, envelopes)
            return parse_foreign(obj, message)
    elif message.startswith(PLATFORM_PREFIXES) or (
        first.isdigit() and TIMEOUT_MARKER in message[:120]
    ):
        record = parse_platform_text(message)
        if record is not None:
            return record
    return parse_text(message, reference_ms, escalate=continued)


# What the container's line says of itself, never taken from the router's fields.
_INNER_OWN = frozenset({"message", "log.level", ORIGINAL_FORMAT})


def _shipped(
    obj: dict[str, Any],
    inner: str,
    message: str,
    reference_ms: int,
    continued: bool,
    envelopes: Envelopes,
) -> dict[str, Any]:
    """The container's own line (`log`, text or JSON) read as any line is; the router's fields
    beside it (the container, the stream, the router's time where the line has none) read as a
    JSON line's are, where the line did not say them. The envelope is kept as received. Lines
    merged from several envelopes are `inner`, the first envelope `obj`, all of them
    `message`."""
    record = _parse(inner, reference_ms, continued, envelopes)
    outer = parse_foreign({key: value for key, value in obj.items() if key != "log"}, message)
    for key, value in outer.items():
        if key not in record and key not in _INNER_OWN:
            record[key] = value
    record[ORIGINAL] = message
    return record
