"""A plain WSGI app for gunicorn: one good route, one that raises."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import emitter

log = emitter.get_logger(__name__)


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if environ["PATH_INFO"] == "/boom":
        raise RuntimeError("route failed")
    log.info("handled", route=environ["PATH_INFO"])
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
