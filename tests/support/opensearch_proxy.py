"""A loopback HTTP proxy in front of a REAL OpenSearch node, injecting the faults we must survive.

Every request is forwarded to the real node; the proxy only withholds or delays, so what the
client sees is OpenSearch's own behaviour plus the fault:
- `reject_items(requests, select)`: in the next `requests` `_bulk` requests, the items chosen by
  `select(position, action)` are NOT forwarded and come back as per-item 429s (as a node with a
  full write queue answers), merged in order with the node's real answers for the other items;
- `fail_requests(count, status)`: the next `count` requests get `status` for the whole request;
- `drop_connections(count)`: the next `count` requests are read and the connection closed
  without an answer;
- `latency`: seconds to wait before forwarding each request (for timeouts and deadlines).
Counters (`bulk_requests`, `rejected_items`, `bulk_sizes`, ...) let tests assert the fault really
happened and how requests were cut.
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import json
import socket
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

Selector = Callable[[int, dict[str, Any]], bool]

_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "content-encoding",
}
_WITH_SOURCE = {"index", "create", "update"}


def every_other(position: int, _action: dict[str, Any]) -> bool:
    """Selects items 0, 2, 4, ...: half of every bulk request."""
    return position % 2 == 0


class OpenSearchProxy:
    """`with OpenSearchProxy(node_url) as proxy: client = OpenSearch(proxy.url)`."""

    def __init__(self, upstream: str, *, timeout: float = 60.0) -> None:
        parts = urlsplit(upstream)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"upstream must be an http:// URL, got {upstream!r}")
        self.upstream_host = parts.hostname
        self.upstream_port = parts.port or 80
        self.timeout = timeout
        self.latency = 0.0
        self._lock = threading.Lock()
        self._reject_requests = 0
        self._reject_select: Selector = every_other
        self._reject_status = 429
        self._fail_count = 0
        self._fail_status = 429
        self._drop_count = 0
        self.requests = 0
        self.bulk_requests = 0
        self.rejected_items = 0
        self.failed_requests = 0
        self.dropped_connections = 0
        self.bulk_sizes: list[tuple[int, int]] = []  # (items, body bytes) per bulk request
        # (method, path, headers, body as received) of the last requests, for signing checks
        self.seen: list[tuple[str, str, dict[str, str], bytes]] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("proxy not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> str:
        proxy = self

        class Handler(_Handler):
            owner = proxy

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="opensearch-proxy", daemon=True
        )
        self._thread.start()
        return self.url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> OpenSearchProxy:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- fault knobs -----------------------------------------------------------------------

    def reject_items(
        self, requests: int, select: Selector = every_other, status: int = 429
    ) -> None:
        """Per-item `status` for the chosen items of the next `requests` bulk requests."""
        with self._lock:
            self._reject_requests, self._reject_select, self._reject_status = (
                requests,
                select,
                status,
            )

    def fail_requests(self, count: int, status: int = 429) -> None:
        """Whole-request `status` for the next `count` requests (not forwarded)."""
        with self._lock:
            self._fail_count, self._fail_status = count, status

    def drop_connections(self, count: int) -> None:
        """Close the connection without answering, for the next `count` requests."""
        with self._lock:
            self._drop_count = count

    def _take(self, is_bulk: bool) -> tuple[str, int, Selector | None]:
        """Which fault applies to this request: ("drop"|"fail"|"reject"|"pass", status, sel)."""
        with self._lock:
            self.requests += 1
            self.bulk_requests += is_bulk
            if self._drop_count > 0:
                self._drop_count -= 1
                self.dropped_connections += 1
                return "drop", 0, None
            if self._fail_count > 0:
                self._fail_count -= 1
                self.failed_requests += 1
                return "fail", self._fail_status, None
            if is_bulk and self._reject_requests > 0:
                self._reject_requests -= 1
                return "reject", self._reject_status, self._reject_select
            return "pass", 0, None

    # --- forwarding ------------------------------------------------------------------------

    def forward(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        if self.latency:
            time.sleep(self.latency)
        connection = http.client.HTTPConnection(
            self.upstream_host, self.upstream_port, timeout=self.timeout
        )
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            data = response.read()
            kept = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP]
            return response.status, kept, data
        finally:
            connection.close()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (timeout) closes its end: expected in fault tests, not news.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    owner: OpenSearchProxy
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with self.owner._lock:
            self.owner.seen.append((self.command, self.path, dict(self.headers), body))
            del self.owner.seen[:-50]
        if self.headers.get("Content-Encoding", "").lower() == "gzip" and body:
            body = gzip.decompress(body)
        path = self.path
        is_bulk = urlsplit(path).path.rstrip("/").endswith("/_bulk")
        if is_bulk:
            with self.owner._lock:
                self.owner.bulk_sizes.append((len(_parse_bulk(body)), len(body)))
        fault, status, select = self.owner._take(is_bulk)
        if fault == "drop":
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault == "fail":
            error = _error_body(status, "rejected by the logpipe test proxy")
            self._reply(status, [("Content-Type", "application/json")], error)
            return
        headers = {
            k: v
            for k, v in self.headers.items()
            if k.lower() not in _HOP_BY_HOP and k.lower() not in ("host", "accept-encoding")
        }
        headers["Host"] = f"{self.owner.upstream_host}:{self.owner.upstream_port}"
        if fault == "reject" and select is not None:
            status, reply_headers, data = self._bulk_with_rejections(
                path, headers, body, select, status
            )
        else:
            status, reply_headers, data = self.owner.forward(self.command, path, headers, body)
        self._reply(status, reply_headers, data)

    def _bulk_with_rejections(
        self, path: str, headers: dict[str, str], body: bytes, select: Selector, status: int
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        items = _parse_bulk(body)
        rejected = [select(n, action) for n, (action, _) in enumerate(items)]
        kept = [lines for lines, reject in zip(items, rejected, strict=True) if not reject]
        with self.owner._lock:
            self.owner.rejected_items += sum(rejected)
        upstream_items: list[Any] = []
        took, errors = 0, any(rejected)
        reply_headers = [("Content-Type", "application/json")]
        if kept:
            forwarded = b"".join(
                json.dumps(action).encode() + b"\n" + (source or b"") for (action, source) in kept
            )
            code, reply_headers, data = self.owner.forward("POST", path, headers, forwarded)
            if code != 200:
                return code, reply_headers, data
            response = json.loads(data)
            upstream_items = response["items"]
            took, errors = response.get("took", 0), errors or response.get("errors", False)
        merged: list[Any] = []
        upstream = iter(upstream_items)
        for (action, _), reject in zip(items, rejected, strict=True):
            if reject:
                op, meta = next(iter(action.items()))
                merged.append({op: _rejection(meta, status)})
            else:
                merged.append(next(upstream))
        payload = {"took": took, "errors": errors, "items": merged}
        return 200, reply_headers, json.dumps(payload).encode()

    def _reply(self, status: int, headers: list[tuple[str, str]], data: bytes) -> None:
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle


def _parse_bulk(body: bytes) -> list[tuple[dict[str, Any], bytes | None]]:
    """(action, source line with newline or None) per item of an NDJSON bulk body."""
    lines = [line for line in body.split(b"\n") if line.strip()]
    items: list[tuple[dict[str, Any], bytes | None]] = []
    position = 0
    while position < len(lines):
        action = json.loads(lines[position])
        op = next(iter(action))
        source = lines[position + 1] + b"\n" if op in _WITH_SOURCE else None
        items.append((action, source))
        position += 2 if op in _WITH_SOURCE else 1
    return items


# OpenSearch 2.x names a full write queue `rejected_execution_exception` (the `es_` prefix is
# Elasticsearch's); the proxy answers as the real node does.
def _rejection(meta: dict[str, Any], status: int) -> dict[str, Any]:
    kind = "rejected_execution_exception" if status == 429 else "proxy_injected_exception"
    item: dict[str, Any] = {"_index": meta.get("_index"), "status": status}
    if "_id" in meta:
        item["_id"] = meta["_id"]
    item["error"] = {
        "type": kind,
        "reason": "rejected execution of bulk item (injected by the logpipe test proxy)",
    }
    return item


def _error_body(status: int, reason: str) -> bytes:
    kind = "rejected_execution_exception" if status == 429 else "proxy_injected_exception"
    error = {"type": kind, "reason": reason}
    return json.dumps({"error": {"root_cause": [error], **error}, "status": status}).encode()
