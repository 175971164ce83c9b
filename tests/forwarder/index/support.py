"""Shared helpers of the index tests: documents, settings, a fake clock for deadlines."""

from __future__ import annotations

import socket
import uuid
from typing import Any

from lambda_forwarder.config import IndexSettings, OpenSearchSettings
from lambda_forwarder.model import Document, LogBatch, LogEvent

BATCH = LogBatch("DATA_MESSAGE", "123456789012", "/aws/lambda/checkout", "stream", ())


def document(
    index: str, n: int, source: dict[str, Any] | None = None, doc_id: str | None = None
) -> Document:
    """A document like the pipeline builds: `_id` = a CloudWatch-like event id."""
    event_id = doc_id or f"38676{n:051d}"
    body = {
        "@timestamp": "2026-11-25T10:07:06.123456Z",
        "message": f"record {n}",
        "log.level": "info",
        "service.name": "checkout",
        "log_id": str(uuid.uuid5(uuid.NAMESPACE_OID, event_id)),
    }
    body.update(source or {})
    return Document(event_id, index, body, LogEvent(event_id, 1_764_065_226_123, "m"), BATCH)


def unique_index(prefix: str = "test-bulk") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def closed_port_url() -> str:
    """A loopback URL nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def os_settings(url: str, timeout: float = 10.0) -> OpenSearchSettings:
    return OpenSearchSettings(
        url=url, auth="none", aws_service="es", region="us-east-1", timeout_seconds=timeout
    )


def index_settings(**overrides: Any) -> IndexSettings:
    values: dict[str, Any] = {"retry_base_seconds": 0.01, "retry_max_seconds": 0.05}
    values.update(overrides)
    return IndexSettings(**values)


class FakeClock:
    """Monotonic time that only moves when `sleep` is called (deadline tests)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds
