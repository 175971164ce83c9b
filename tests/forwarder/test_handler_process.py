"""What importing the handler does to the Lambda process it runs in (fresh interpreters)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _thresholds(code: str) -> tuple[int, ...]:
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport gc\nprint(*gc.get_threshold())"],
        cwd=ROOT,
        env={**os.environ, "AWS_REGION": "eu-west-1"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return tuple(int(part) for part in result.stdout.split())


def test_the_young_generation_is_collected_less_often_and_the_older_ones_as_before() -> None:
    default = _thresholds("pass")
    tuned = _thresholds("import lambda_forwarder.handler")
    from lambda_forwarder.handler import YOUNG_COLLECTION_THRESHOLD

    assert tuned[0] == YOUNG_COLLECTION_THRESHOLD > default[0]
    assert tuned[1:] == default[1:]
