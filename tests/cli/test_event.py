"""`forwarder event`: subscription and Kinesis event files from log lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lambda_forwarder.cli.main import main
from lambda_forwarder.decode import decode_payload


def test_lines_become_one_subscription_event(tmp_path: Path) -> None:
    """Each non-empty line is one log event of the given group and stream, in order."""
    lines = tmp_path / "lines.jsonl"
    lines.write_text('{"message": "a"}\n\nplain text\n', encoding="utf-8")
    out = tmp_path / "event.json"
    code = main(
        ["event", str(lines), "--log-group", "/ecs/shop", "--log-stream", "s1", "-o", str(out)]
    )
    assert code == 0
    batch = decode_payload(json.loads(out.read_text())["awslogs"]["data"])
    assert (batch.log_group, batch.log_stream, batch.message_type) == (
        "/ecs/shop",
        "s1",
        "DATA_MESSAGE",
    )
    assert [e.message for e in batch.events] == ['{"message": "a"}', "plain text"]
    assert len({e.id for e in batch.events}) == 2


def test_kinesis_and_control_events(tmp_path: Path) -> None:
    lines = tmp_path / "lines.log"
    lines.write_text("one\ntwo\n", encoding="utf-8")
    kinesis = tmp_path / "kinesis.json"
    assert main(["event", str(lines), "--kinesis", "-o", str(kinesis)]) == 0
    records = json.loads(kinesis.read_text())["Records"]
    assert [r["eventSource"] for r in records] == ["aws:kinesis"]
    assert [e.message for e in decode_payload(records[0]["kinesis"]["data"]).events] == [
        "one",
        "two",
    ]

    control = tmp_path / "control.json"
    assert main(["event", str(lines), "--control", "-o", str(control)]) == 0
    assert decode_payload(json.loads(control.read_text())["awslogs"]["data"]).is_control


def test_empty_input_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.log"
    empty.write_text("\n", encoding="utf-8")
    assert main(["event", str(empty), "-o", str(tmp_path / "out.json")]) == 1
    assert "no log lines" in capsys.readouterr().err
