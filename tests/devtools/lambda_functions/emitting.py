"""A handler using the emitter as a Lambda service would, raising on request."""

from __future__ import annotations

from typing import Any

import emitter

emitter.capture_stdlib()
log = emitter.get_logger(__name__)


@emitter.lambda_handler
def handler(event: Any, context: Any) -> dict[str, Any]:
    log.info("working", item=event.get("item"))
    if event.get("fail"):
        raise KeyError("missing thing")
    return {"ok": True}
