"""`forwarder replay` and `forwarder bootstrap` against the real node."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from lambda_forwarder.cli.local import LOCAL_DEFAULTS
from lambda_forwarder.cli.main import main
from lambda_forwarder.config import load_settings
from lambda_forwarder.deadletter import LocalDirStore
from lambda_forwarder.decode import subscription_event
from lambda_forwarder.handler import build_pipeline
from tests.support.pipeline import balanced, batch_of, documents, invoke, make_env

pytestmark = pytest.mark.integration


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Keep the CLI's local defaults from leaking into later tests."""
    for name, value in LOCAL_DEFAULTS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SLACK_WEBHOOK_URL", raising=False)
    return monkeypatch


def dead_letter_while_down(prefix: str, directory: Path, lines: list[str]) -> None:
    """Run a batch while OpenSearch is unreachable: every event ends in `directory`."""
    env = make_env("http://127.0.0.1:9", prefix, directory, BULK_MAX_RETRIES="0")
    counts = invoke(build_pipeline(load_settings(env)), subscription_event(batch_of(lines)))
    assert counts["dead_lettered"] == len(lines) and balanced(counts)


def test_replay_indexes_dead_letters_and_deletes_them(
    opensearch_url: str,
    opensearch_client: OpenSearch,
    prefix: str,
    tmp_path: Path,
    cli_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    directory = tmp_path / "dl"
    lines = [json.dumps({"message": f"late {i}", "api_key": "sk-live-123"}) for i in range(12)]
    dead_letter_while_down(prefix, directory, lines)
    for name, value in make_env(opensearch_url, prefix, directory).items():
        cli_env.setenv(name, value)

    assert main(["replay", "--dry-run"]) == 0
    assert "would replay 1 unit(s)" in capsys.readouterr().out
    assert documents(opensearch_client, prefix) == []

    assert main(["replay", "--source", str(directory)]) == 0
    assert "indexed 12, still failing 0, units deleted 1" in capsys.readouterr().out
    docs = documents(opensearch_client, prefix)
    assert sorted(d["message"] for d in docs) == sorted(f"late {i}" for i in range(12))
    assert not any("sk-live-123" in json.dumps(d) for d in docs)  # redacted before dead-lettering
    assert list(LocalDirStore(str(directory)).read()) == []

    assert main(["replay"]) == 0  # nothing left: replaying again is harmless
    assert "replayed 0 unit(s)" in capsys.readouterr().out
    assert len(documents(opensearch_client, prefix)) == 12


def test_replay_keeps_what_still_fails(
    opensearch_url: str,
    prefix: str,
    tmp_path: Path,
    cli_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An undecodable payload cannot be replayed: it stays, and the exit code says so."""
    directory = tmp_path / "dl"
    env = make_env(opensearch_url, prefix, directory)
    pipeline = build_pipeline(load_settings(env))
    assert invoke(pipeline, {"awslogs": {"data": "%%%"}})["dead_lettered"] == 1
    for name, value in env.items():
        cli_env.setenv(name, value)
    assert main(["replay"]) == 1
    assert "still failing 1, units deleted 0" in capsys.readouterr().out
    assert len(list(LocalDirStore(str(directory)).read())) == 1


def test_bootstrap_dry_run_then_real_then_unchanged(
    opensearch_url: str,
    opensearch_client: OpenSearch,
    cli_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Its own template name and pattern: a shared cluster's real template is never touched."""
    prefix = f"t{uuid.uuid4().hex[:8]}"
    name = f"test-cli-bootstrap-{prefix}"
    cli_env.setenv("OPENSEARCH_URL", opensearch_url)
    cli_env.setenv("INDEX_PATTERN", f"{prefix}-logs-%Y.%m.%d")
    cli_env.setenv("DASHBOARDS_URL", "http://127.0.0.1:9")
    try:
        assert main(["bootstrap", "--name", name, "--dry-run"]) == 0
        dry = capsys.readouterr().out
        assert "would" in dry and f"{prefix}-logs-*" in dry
        assert opensearch_client.indices.exists_index_template(name=name) is False
        assert main(["bootstrap", "--name", name]) == 0
        first = capsys.readouterr().out
        assert "created" in first and "unreachable" in first
        assert main(["bootstrap", "--name", name]) == 0
        assert "unchanged" in capsys.readouterr().out
        templates = opensearch_client.indices.get_index_template(name=name)
        patterns = templates["index_templates"][0]["index_template"]["index_patterns"]
        assert patterns == [f"{prefix}-logs-*"]
    finally:
        opensearch_client.indices.delete_index_template(name=name, ignore=[404])
