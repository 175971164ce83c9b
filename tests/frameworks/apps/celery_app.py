"""A Celery worker as a service sets it up: the capture at import, Celery's own logging set-up off.

The broker is kombu's filesystem transport and the result backend Celery's file backend (both
under CELERY_BROKER_DIR), so the test needs no broker server.
"""

from __future__ import annotations

import logging
import os

from celery import Celery

import emitter

emitter.capture_stdlib()
logging.captureWarnings(True)  # Celery's start-up warnings (running as root) as records too
log = emitter.get_logger(__name__)

folder = os.environ.get("CELERY_BROKER_DIR", "/tmp/celery-broker")
app = Celery("celery_app", broker="filesystem://", backend=f"file://{folder}/results")
app.conf.update(
    broker_transport_options={
        "data_folder_in": os.path.join(folder, "out"),
        "data_folder_out": os.path.join(folder, "out"),
        "processed_folder": os.path.join(folder, "processed"),
        "control_folder": os.path.join(folder, "control"),  # not the working directory
    },
    worker_hijack_root_logger=False,  # keep the capture's root handler
    worker_redirect_stdouts=False,  # stdout stays the process's: the records go there
    broker_connection_retry_on_startup=True,
)


@app.task
def ok(n: int) -> int:
    log.info("handled", task="ok", n=n)
    logging.getLogger("third.party").info("library says hi")
    return n


@app.task
def boom() -> None:
    raise RuntimeError("route failed")
