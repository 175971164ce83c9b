"""Each framework recipe under its real server: stdout holds nothing but records, stderr only
what the framework prints before logging is set up, an unhandled error is one error record."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.frameworks.conftest import PYTHON, ROOT, Run, free_port, run_service, stop

pytestmark = pytest.mark.slow

GUNICORN_LOGGER = "emitter.integrations.gunicorn.Logger"


def _assert_clean(run: Run, allowed_stderr: tuple[str, ...] = ()) -> list[dict]:
    records = run.records()
    unexpected = [line for line in run.stderr if not line.startswith(allowed_stderr)]
    assert unexpected == [], unexpected
    assert all("color_message" not in r for r in records)
    errors = run.errors_with("route failed")
    assert len(errors) == 1, [r["message"] for r in records]
    assert "RuntimeError: route failed" in errors[0]["error.stack_trace"]
    assert errors[0]["error.type"] == "RuntimeError"
    assert run.statuses == {"/ok": 200, "/boom": 500}
    return records


def _assert_uvicorn_access(records: list[dict]) -> None:
    """uvicorn's access lines carry the request as fields, named like gunicorn's."""
    access = [r for r in records if r["log.logger"] == "uvicorn.access"]
    by_path = {r["url.path"]: r for r in access}
    assert set(by_path) == {"/ok", "/boom"}, access
    ok = by_path["/ok"]
    assert ok["http.request.method"] == "GET" and ok["http.response.status_code"] == 200
    assert ok["client.address"] == "127.0.0.1" and ok["client.port"] > 0
    assert ok["http.version"] == "1.1" and "/ok" in ok["message"]
    assert by_path["/boom"]["http.response.status_code"] == 500


def test_fastapi_under_uvicorn_run() -> None:
    """`uvicorn.run(app)` after capture_stdlib: uvicorn's own dictConfig changes nothing."""
    port = free_port()
    run = run_service(
        [PYTHON, "-m", "tests.frameworks.apps.fastapi_app", str(port)], port, ["/ok", "/boom"]
    )
    records = _assert_clean(run)
    messages = [r["message"] for r in records]
    assert "handled" in messages and "library says hi" in messages
    _assert_uvicorn_access(records)
    assert any(r["log.logger"] == "uvicorn.error" for r in records)


def test_fastapi_under_the_uvicorn_cli() -> None:
    """`uvicorn module:app`: the app's import sets up the capture before uvicorn logs."""
    port = free_port()
    command = [PYTHON, "-m", "uvicorn", "tests.frameworks.apps.fastapi_app:app"]
    run = run_service([*command, "--port", str(port)], port, ["/ok", "/boom"])
    _assert_uvicorn_access(_assert_clean(run))


def test_fastapi_under_uvicorn_workers_with_the_log_config() -> None:
    """`--workers 2 --log-config examples/frameworks/uvicorn-logging.json`: the supervisor,
    which never imports the app, writes records too."""
    port = free_port()
    command = [PYTHON, "-m", "uvicorn", "tests.frameworks.apps.fastapi_app:app", "--workers", "2"]
    config = ["--log-config", "examples/frameworks/uvicorn-logging.json"]
    run = run_service([*command, *config, "--port", str(port)], port, ["/ok", "/boom"])
    records = _assert_clean(run)
    assert any("Started parent process" in r["message"] for r in records)
    _assert_uvicorn_access(records)


def test_fastapi_under_uvicorn_workers_without_the_log_config() -> None:
    """Without it, only the supervisor's own lines (it never runs the app's code) are text."""
    port = free_port()
    command = [PYTHON, "-m", "uvicorn", "tests.frameworks.apps.fastapi_app:app", "--workers", "2"]
    run = run_service([*command, "--port", str(port)], port, ["/ok", "/boom"])
    _assert_uvicorn_access(_assert_clean(run, allowed_stderr=("INFO:     ",)))
    assert any("Started parent process" in line for line in run.stderr)


@pytest.mark.parametrize("worker", ["sync", "gthread"])
def test_gunicorn_access_log_as_records(worker: str) -> None:
    """gunicorn with emitter's logger class: boot lines, errors and access lines are records."""
    port = free_port()
    command = [PYTHON, "-m", "gunicorn", "--logger-class", GUNICORN_LOGGER, "-k", worker]
    command += ["-w", "1", "--threads", "2", "-b", f"127.0.0.1:{port}"]
    run = run_service([*command, "tests.frameworks.apps.wsgi_app:app"], port, ["/ok", "/boom"])
    records = _assert_clean(run)
    access = [r for r in records if r["log.logger"] == "gunicorn.access"]
    assert {r["url.path"] for r in access} == {"/ok", "/boom"}
    ok = next(r for r in access if r["url.path"] == "/ok")
    assert ok["http.request.method"] == "GET" and ok["http.response.status_code"] == 200
    assert ok["duration_ms"] >= 0 and ok["user_agent.original"].startswith("python-httpx")
    assert any("Booting worker" in r["message"] for r in records)
    assert any(r["message"] == "handled" for r in records)


def test_flask_under_gunicorn_has_no_duplicates() -> None:
    """app.logger used before the capture: each record once, as JSON, no stderr copy."""
    port = free_port()
    command = [PYTHON, "-m", "gunicorn", "--logger-class", GUNICORN_LOGGER, "-w", "1"]
    run = run_service(
        [*command, "-b", f"127.0.0.1:{port}", "tests.frameworks.apps.flask_app:app"],
        port,
        ["/ok", "/boom"],
    )
    records = _assert_clean(run)
    messages = [r["message"] for r in records]
    assert messages.count("app created") == 1 and messages.count("handled /ok") == 1


@pytest.mark.parametrize("debug", ["0", "1"])
def test_django_with_its_logging_setting(debug: str) -> None:
    """Django's LOGGING (console handlers) after the capture, DEBUG on and off: one record each."""
    port = free_port()
    command = [PYTHON, "-m", "gunicorn", "--logger-class", GUNICORN_LOGGER, "-w", "1"]
    run = run_service(
        [*command, "-b", f"127.0.0.1:{port}", "tests.frameworks.apps.django_wsgi:application"],
        port,
        ["/ok", "/boom"],
        env={"DJANGO_DEBUG": debug},
    )
    records = _assert_clean(run)
    assert [r["message"] for r in records].count("handled /ok") == 1
    assert any(r["log.logger"] == "django.request" for r in records)


def _run_celery_worker(tmp_path: Path) -> Run:
    """A real worker (solo pool) on a filesystem broker; one ok and one failing task (waited for
    through the file result backend), then TERM."""
    broker = tmp_path / "broker"
    for folder in ("out", "processed", "results"):
        (broker / folder).mkdir(parents=True)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "PYTHONPATH": str(ROOT),
        "SERVICE_NAME": "framework-test",
        "APP_VERSION": "1.0",
        "LOG_LEVEL": "info",
        "CELERY_BROKER_DIR": str(broker),
    }
    app = "tests.frameworks.apps.celery_app"
    worker = subprocess.Popen(
        [PYTHON, "-m", "celery", "-A", app, "--quiet", "worker", "--pool=solo", "-l", "INFO"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        sender = (
            f"from {app} import ok, boom\n"
            "assert ok.delay(1).get(timeout=60) == 1\n"
            "boom.delay().get(timeout=60, propagate=False)\n"
        )
        subprocess.run(
            [PYTHON, "-c", sender], cwd=ROOT, env=env, check=True, timeout=120, capture_output=True
        )
        time.sleep(1.0)  # the worker logs a task's outcome right after storing its result
    finally:
        run = stop(worker, grace=30)
    return run


# What Celery prints with print(), outside logging, when it is told to stop.
CELERY_SHUTDOWN_NOTICE = ("", "worker: Warm shutdown (MainProcess)")


def test_celery_worker(tmp_path: Path) -> None:
    """A Celery worker with the capture: every line a record, a failing task one error record."""
    run = _run_celery_worker(tmp_path)
    assert run.stderr == [], run.stderr
    notices = [line for line in run.stdout if line in CELERY_SHUTDOWN_NOTICE]
    run.stdout = [line for line in run.stdout if line not in CELERY_SHUTDOWN_NOTICE]
    assert len(notices) <= 2
    records = run.records()
    messages = [r["message"] for r in records]
    assert "handled" in messages and "library says hi" in messages
    assert any("ready" in m for m in messages)
    errors = run.errors_with("route failed")
    assert len(errors) == 1, messages
    assert errors[0]["log.logger"] == "celery.app.trace"
    assert errors[0]["error.type"] == "RuntimeError"
    assert "RuntimeError: route failed" in errors[0]["error.stack_trace"]
