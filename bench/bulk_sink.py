"""A loopback `_bulk` sink in its own process: answers every bulk request with one success item
per action, so a benchmark measures the client's CPU, not a cluster's.

    python -m bench.bulk_sink      # prints SINK_URL=http://127.0.0.1:PORT, serves until killed
"""

from __future__ import annotations

import json
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        actions = body.count(b"\n") // 2
        item = {"index": {"status": 201, "result": "created"}}
        answer = json.dumps({"took": 0, "errors": False, "items": [item] * actions}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def do_GET(self) -> None:  # version probes
        answer = b'{"version":{"number":"2.19.0","distribution":"opensearch"}}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: object) -> None:
        return


class BulkSink:
    """`with BulkSink() as sink: sink.url` — the sink as a child process."""

    def __enter__(self) -> BulkSink:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "bench.bulk_sink"], stdout=subprocess.PIPE, text=True
        )
        line = self._process.stdout.readline().strip()  # type: ignore[union-attr]
        if not line.startswith("SINK_URL="):
            self._process.kill()
            raise RuntimeError(f"bulk sink did not start: {line!r}")
        self.url = line.split("=", 1)[1]
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._process.kill()
        self._process.wait(timeout=10)


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    print(f"SINK_URL=http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
