"""Flask: app.logger used before the capture (its default stream handler installed first)."""

from __future__ import annotations

from flask import Flask

import emitter

app = Flask(__name__)
app.logger.warning("app created")  # Flask adds its stderr handler here, before the capture
emitter.capture_stdlib()


@app.get("/ok")
def ok() -> str:
    app.logger.info("handled /ok")
    return "ok"


@app.get("/boom")
def boom() -> str:
    raise RuntimeError("route failed")
