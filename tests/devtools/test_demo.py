"""Smoke test: `make demo`'s steps, end to end, against the session's OpenSearch node."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.integration
@pytest.mark.slow
def test_demo_runs_every_step_and_passes_its_checks(opensearch_url: str) -> None:
    """The demo exits 0 only if every one of its checks passed; its report names each one."""
    env = {**os.environ, "OPENSEARCH_URL": opensearch_url}
    env.pop("SLACK_WEBHOOK_URL", None)  # use the demo's own local receiver
    result = subprocess.run(
        [sys.executable, "-m", "devtools.demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "demo OK: every step passed" in output
    assert "[FAILED]" not in output
    for check in (
        "received = indexed + dead-lettered",
        "the payment error was alerted",
        "the log_id search finds exactly the one record",
        "the order id is found in both services",
    ):
        assert f"[ok] {check}" in output
    assert "View Full Log: http://" in output
