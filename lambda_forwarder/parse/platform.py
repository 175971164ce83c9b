"""Lambda platform lines: START, END, REPORT, INIT_START, INIT_REPORT, RESTORE_*, EXTENSION,
"Task timed out", runtime exits; and their JSON form (`{"type": "platform.report", ...}`) when a
function logs in Lambda's JSON log format. Durations become numbers under `aws.lambda.*`."""

from __future__ import annotations

import contextlib
import re
from typing import Any

from lambda_forwarder.parse.schema import LAMBDA_PLATFORM
from lambda_forwarder.times import parse_time

# The cheap first check: one C-level startswith over this tuple decides for most lines.
PLATFORM_PREFIXES = (
    "START RequestId:",
    "END RequestId:",
    "REPORT RequestId:",
    "INIT_START",
    "INIT_REPORT",
    "INIT_RUNTIME_DONE",
    "RESTORE_START",
    "RESTORE_REPORT",
    "EXTENSION",
    "TELEMETRY",
    "LOGS\t",
    "RequestId:",
)
TIMEOUT_MARKER = " Task timed out after "

_NUMBERS = re.compile(
    r"(Billed Restore Duration|Restore Duration|Billed Duration|Init Duration|Duration"
    r"|Max Memory Used|Memory Size): ([0-9]+(?:\.[0-9]+)?) ?(ms|MB)"
)
_NUMBER_KEYS = {
    "Duration": "aws.lambda.duration_ms",
    "Billed Duration": "aws.lambda.billed_duration_ms",
    "Init Duration": "aws.lambda.init_duration_ms",
    "Restore Duration": "aws.lambda.restore_duration_ms",
    "Billed Restore Duration": "aws.lambda.billed_restore_duration_ms",
    "Memory Size": "aws.lambda.memory_size_mb",
    "Max Memory Used": "aws.lambda.max_memory_used_mb",
}
_WORDS = re.compile(
    r"(RequestId|Version|Status|Error Type|Phase|Runtime Version ARN|Runtime Version|Name|State"
    r"|XRAY TraceId|SegmentId|Sampled): ([^\s]+)"
)
_WORD_KEYS = {
    "RequestId": "request_id",
    "Version": "aws.lambda.version",
    "Status": "aws.lambda.status",
    "Error Type": "error.type",
    "Phase": "aws.lambda.phase",
    "Runtime Version": "aws.lambda.runtime_version",
    "Runtime Version ARN": "aws.lambda.runtime_version_arn",
    "Name": "aws.lambda.extension_name",
    "State": "aws.lambda.extension_state",
    "XRAY TraceId": "trace.id",
    "SegmentId": "span.id",
}
_FAILED = frozenset({"error", "failure", "timeout", "crash"})


def _record(line: str, kind: str, level: str = "info") -> dict[str, Any]:
    return {
        "message": line,
        "log.level": level,
        "aws.lambda.platform_event": kind,
        "event.original_format": LAMBDA_PLATFORM,
    }


def _fill(record: dict[str, Any], line: str) -> None:
    for match in _NUMBERS.finditer(line):
        number = float(match[2])
        record[_NUMBER_KEYS[match[1]]] = int(number) if match[3] == "MB" else number
    for match in _WORDS.finditer(line):
        key = match[1]
        if key == "Sampled":
            record["aws.lambda.xray_sampled"] = match[2] == "true"
        else:
            record.setdefault(_WORD_KEYS[key], match[2])
    if str(record.get("aws.lambda.status", "")).lower() in _FAILED or "error.type" in record:
        record["log.level"] = "error"


def parse_platform_text(message: str) -> dict[str, Any] | None:
    """A platform text line as a record, or None if it is not one."""
    line = message.rstrip("\r\n")
    if line[:1].isdigit():
        at = line.find(TIMEOUT_MARKER)
        if at < 0 or at > 80:
            return None
        head = line[:at].split()
        record = _record(line, "timeout", "error")
        if len(head) == 2:
            stamp = parse_time(head[0])
            if stamp is not None:
                record["@timestamp"] = stamp
            record["request_id"] = head[1]
        seconds = line[at + len(TIMEOUT_MARKER) :].split(" ", 1)[0]
        with contextlib.suppress(ValueError):
            record["aws.lambda.timeout_seconds"] = float(seconds)
        record["error.type"] = "Sandbox.Timedout"
        record["error.message"] = line[at + 1 :]
        return record
    word = line.split(None, 1)[0] if line.strip() else ""
    if word == "RequestId:":  # "RequestId: <id> Error: Runtime exited with error: ..."
        record = _record(line, "runtime_error", "error")
        error_at = line.find(" Error: ")
        if error_at > 0:
            detail = line[error_at + 8 :]
            first, _, rest = detail.partition("\n")
            record["error.message"] = first.strip()
            last = rest.strip().rsplit("\n", 1)[-1].strip() if rest.strip() else ""
            if last and " " not in last:
                record["error.type"] = last
        head = line.split(None, 2)
        if len(head) >= 2:
            record["request_id"] = head[1]
        return record
    kind = word.lower().rstrip(":")
    if kind not in _KINDS:
        return None
    record = _record(line, kind)
    _fill(record, line)
    return record


_KINDS = frozenset(
    {
        "start",
        "end",
        "report",
        "init_start",
        "init_report",
        "init_runtime_done",
        "restore_start",
        "restore_report",
        "extension",
        "telemetry",
        "logs",
    }
)


# --- Lambda's JSON log format -----------------------------------------------------------------

_JSON_METRICS = {
    "durationMs": "aws.lambda.duration_ms",
    "billedDurationMs": "aws.lambda.billed_duration_ms",
    "initDurationMs": "aws.lambda.init_duration_ms",
    "restoreDurationMs": "aws.lambda.restore_duration_ms",
    "billedRestoreDurationMs": "aws.lambda.billed_restore_duration_ms",
    "memorySizeMB": "aws.lambda.memory_size_mb",
    "maxMemoryUsedMB": "aws.lambda.max_memory_used_mb",
    "producedBytes": "aws.lambda.produced_bytes",
}
_JSON_WORDS = {
    "requestId": "request_id",
    "version": "aws.lambda.version",
    "status": "aws.lambda.status",
    "errorType": "error.type",
    "phase": "aws.lambda.phase",
    "runtimeVersion": "aws.lambda.runtime_version",
    "runtimeVersionArn": "aws.lambda.runtime_version_arn",
    "initializationType": "aws.lambda.initialization_type",
    "name": "aws.lambda.extension_name",
    "state": "aws.lambda.extension_state",
}


def _camel_to_snake(name: str) -> str:
    return "".join(f"_{char.lower()}" if char.isupper() else char for char in name).lstrip("_")


def parse_platform_json(obj: dict[str, Any], line: str) -> dict[str, Any] | None:
    """`{"time": ..., "type": "platform.report", "record": {...}}` as a record."""
    kind = obj.get("type")
    body = obj.get("record")
    if type(kind) is not str or not kind.startswith("platform.") or type(body) is not dict:
        return None
    record = _record("", _camel_to_snake(kind[9:]) or "platform")
    stamp = parse_time(obj.get("time"))
    if stamp is not None:
        record["@timestamp"] = stamp
    metrics = body.get("metrics")
    if type(metrics) is dict:
        for name, key in _JSON_METRICS.items():
            value = metrics.get(name)
            if type(value) in (int, float):
                if key.endswith("_ms"):
                    record[key] = float(value)
                else:
                    record[key] = int(value)
        if kind in ("platform.initReport", "platform.restoreReport") and "durationMs" in metrics:
            record.pop("aws.lambda.duration_ms", None)
            prefix = "init" if kind == "platform.initReport" else "restore"
            value = metrics["durationMs"]
            if type(value) in (int, float):
                record[f"aws.lambda.{prefix}_duration_ms"] = float(value)
    for name, key in _JSON_WORDS.items():
        value = body.get(name)
        if type(value) is str and value:
            record[key] = value
    tracing = body.get("tracing")
    if type(tracing) is dict and type(tracing.get("value")) is str:
        for part in tracing["value"].split(";"):
            if part.startswith("Root="):
                record["trace.id"] = part[5:]
        if type(tracing.get("spanId")) is str:
            record["span.id"] = tracing["spanId"]
    if str(record.get("aws.lambda.status", "")).lower() in _FAILED or "error.type" in record:
        record["log.level"] = "error"
    record["message"] = _summary(kind, record) or line.rstrip("\r\n")
    return record


def _summary(kind: str, record: dict[str, Any]) -> str:
    """A short human line for Discover, like the text format's."""
    parts = [kind]
    if "request_id" in record:
        parts.append(f"RequestId: {record['request_id']}")
    for label, key, unit in (
        ("Duration", "aws.lambda.duration_ms", "ms"),
        ("Billed Duration", "aws.lambda.billed_duration_ms", "ms"),
        ("Init Duration", "aws.lambda.init_duration_ms", "ms"),
        ("Memory Size", "aws.lambda.memory_size_mb", "MB"),
        ("Max Memory Used", "aws.lambda.max_memory_used_mb", "MB"),
        ("Status", "aws.lambda.status", ""),
        ("Error Type", "error.type", ""),
    ):
        if key in record:
            value = record[key]
            shown = f"{value:g}" if isinstance(value, float) else value
            parts.append(f"{label}: {shown}{' ' + unit if unit else ''}")
    return "\t".join(parts)
