"""Run a real server in a subprocess on a loopback port, call it, stop it, read every line."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Run:
    """What a server printed: stdout lines parsed as records, stderr lines as text."""

    stdout: list[str]
    stderr: list[str]
    statuses: dict[str, int]

    def records(self) -> list[dict[str, Any]]:
        """Every stdout line as a record; fails naming the first line that is not one."""
        records = []
        for line in self.stdout:
            try:
                record = json.loads(line)
            except ValueError:
                pytest.fail(f"stdout line is not JSON: {line!r}")
            assert record.get("schema") == "emitter/1", line
            records.append(record)
        return records

    def errors_with(self, text: str) -> list[dict[str, Any]]:
        return [
            r
            for r in self.records()
            if r["log.level"] in ("error", "critical") and text in r.get("error.stack_trace", "")
        ]


def run_service(
    command: Sequence[str],
    port: int,
    paths: Sequence[str],
    env: dict[str, str] | None = None,
    ready_seconds: float = 30.0,
) -> Run:
    """Start `command`, GET each of `paths` once it listens on `port`, stop it with SIGTERM."""
    full_env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "PYTHONPATH": str(ROOT),
        "SERVICE_NAME": "framework-test",
        "APP_VERSION": "1.0",
        "LOG_LEVEL": "info",
        **(env or {}),
    }
    process = subprocess.Popen(
        list(command),
        cwd=ROOT,
        env=full_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    statuses: dict[str, int] = {}
    try:
        deadline = time.monotonic() + ready_seconds
        while True:
            if process.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.1)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            for path in paths:
                for _ in range(50):  # workers may still be booting after the port opens
                    try:
                        statuses[path] = client.get(path).status_code
                        break
                    except httpx.TransportError:
                        time.sleep(0.1)
        time.sleep(0.3)
    finally:
        run = stop(process, grace=20, statuses=statuses)
    return run


def stop(
    process: subprocess.Popen[bytes], *, grace: float, statuses: dict[str, int] | None = None
) -> Run:
    """Stop a server started in its own process group (SIGTERM, then SIGKILL after `grace`
    seconds) and collect every line it wrote."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        out, err = process.communicate(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate(timeout=10)
    return Run(
        stdout=out.decode("utf-8", "replace").splitlines(),
        stderr=err.decode("utf-8", "replace").splitlines(),
        statuses=statuses or {},
    )


PYTHON = sys.executable
