"""uvicorn: each `uvicorn.access` line as a record with the request's parts as fields.

Nothing to set up: `emitter.capture_stdlib()` (or `emitter.EmitterHandler` in a `--log-config`)
finds this module by the logger's name on its first access record. uvicorn logs the access line
with `%` arguments only, `(client_addr, method, full_path, http_version, status_code)`, when the
response starts; the fields are named like gunicorn's (`emitter/integrations/gunicorn.py`):
`http.request.method`, `url.path`, `url.query`, `http.response.status_code`, `http.version`,
`client.address`, `client.port`. There is no `duration_ms`: uvicorn does not time requests, and
the line is logged before the body is sent. Does not import uvicorn.
"""

from __future__ import annotations

import logging
from typing import Any


def access_fields(record: logging.LogRecord) -> dict[str, Any] | None:
    """The fields of one uvicorn access record; None when its arguments are not uvicorn's."""
    args = record.args
    if not isinstance(args, tuple) or len(args) != 5:
        return None
    client, method, full_path, http_version, status = args
    path, _, query = str(full_path).partition("?")
    fields: dict[str, Any] = {
        "http.request.method": str(method),
        "url.path": path,
        "http.response.status_code": status if type(status) is int else str(status),
        "http.version": str(http_version),
    }
    if query:
        fields["url.query"] = query
    host, _, port = str(client).rpartition(":")
    if host and port.isdigit():
        fields["client.address"] = host.strip("[]")
        fields["client.port"] = int(port)
    elif client:
        fields["client.address"] = str(client)
    return fields
