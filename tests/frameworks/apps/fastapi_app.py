"""FastAPI, as a service sets it up: capture first, the server configures logging after."""

from __future__ import annotations

import logging
import sys

from fastapi import FastAPI

import emitter

emitter.capture_stdlib()
log = emitter.get_logger(__name__)
app = FastAPI()


@app.get("/ok")
def ok() -> dict[str, str]:
    log.info("handled", route="/ok")
    logging.getLogger("third.party").info("library says hi")
    return {"status": "ok"}


@app.get("/boom")
def boom() -> None:
    raise RuntimeError("route failed")


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]))
