"""Progress and machine-readable summaries of the long operator commands: `--json` gives one
JSON object on stdout, a pipe gets the human lines then the JSON summary, and a terminal gets the
live progress line (done / total, rate, failures) from rich."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from lambda_forwarder.cli.main import main
from lambda_forwarder.deadletter import LocalDirStore
from tests.cli import test_subscribe as moto_account
from tests.forwarder.deadletter.conftest import make_letter

ROOT = Path(__file__).resolve().parents[2]
aws = moto_account.aws


def letters(directory: Path, units: int) -> Path:
    store = LocalDirStore(directory)
    for n in range(units):
        store.put([make_letter(events=2, message=f"unit {n}")])
    return directory


@pytest.fixture
def local_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The command fills in local defaults in os.environ: set them here first, so they are
    undone after the test and never leak into later ones (LOG_LEVEL=WARNING would)."""
    from lambda_forwarder.cli.local import LOCAL_DEFAULTS

    for name, value in LOCAL_DEFAULTS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("OPENSEARCH_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("DEAD_LETTER_DIR", str(tmp_path / "unused"))
    return letters(tmp_path / "dl", 3)


def test_json_flag_prints_one_json_object(
    local_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--json`: stdout parses as one object; the human line went to stderr."""
    assert main(["replay", "--source", str(local_env), "--dry-run", "--json"]) == 0
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert summary["command"] == "replay" and summary["units"] == 3 and summary["events"] == 6
    assert "would replay 3 unit(s)" in captured.err


def test_not_on_a_terminal_the_summary_is_the_last_line(
    local_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["replay", "--source", str(local_env), "--dry-run"]) == 0
    *human, last = capsys.readouterr().out.strip().splitlines()
    assert any("would replay 3 unit(s)" in line for line in human)
    assert json.loads(last)["units"] == 3


def test_subscribe_json_lists_every_group(
    aws: moto_account.Aws, capsys: pytest.CaptureFixture[str]
) -> None:
    """On moto: the JSON summary names each group's action; the own group is skipped."""
    code = main(["subscribe", "--prefix", "/aws/lambda/", "--region", "eu-west-1", "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and summary["command"] == "subscribe" and summary["ok"]
    actions = {group["log_group"]: group["action"] for group in summary["groups"]}
    assert actions["/aws/lambda/checkout"] == "subscribe"
    assert actions[moto_account.OWN_GROUP] == "skip-own-group"


def test_a_terminal_gets_the_live_progress_line(tmp_path: Path) -> None:
    """In a real pseudo-terminal: rich draws "replay", done/total and the failure count."""
    source = letters(tmp_path / "dl", 3)
    env = {
        **os.environ,
        "OPENSEARCH_URL": "http://127.0.0.1:9",
        "DEAD_LETTER_DIR": str(tmp_path / "unused"),
        "COLUMNS": "120",
        "TERM": "xterm",
    }
    env.pop("NO_COLOR", None)
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lambda_forwarder.cli.main",
            "replay",
            "--dry-run",
            "--source",
            str(source),
        ],
        stdout=secondary,
        stderr=secondary,
        cwd=ROOT,
        env=env,
    )
    os.close(secondary)
    output = b""
    while True:
        ready, _, _ = select.select([primary], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(primary)
    assert process.wait(30) == 0
    text = output.decode(errors="replace")
    assert "replay" in text and "3/3" in text and "0 failed" in text, text
    assert "would replay 3 unit(s)" in text
    assert not any(line.startswith("{") for line in text.splitlines())  # a human, no JSON
