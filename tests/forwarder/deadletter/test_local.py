"""The local-directory store used by `forwarder pipe` and the demo."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from lambda_forwarder.deadletter import LocalDirStore
from lambda_forwarder.errors import DeadLetterError
from tests.forwarder.deadletter.conftest import make_letter


def test_put_read_delete_round_trip(tmp_path: Path) -> None:
    """What is put is read back whole, and gone after delete."""
    store = LocalDirStore(tmp_path, clock=lambda: datetime(2026, 11, 25, 10, tzinfo=UTC))
    letters = [make_letter(events=2), make_letter(events=1, reason="deadline")]
    store.put(letters)

    stored = list(store.read())
    assert len(stored) == 1
    assert stored[0].letters == tuple(letters)
    assert stored[0].event_count == 3
    [path] = tmp_path.rglob("*.json")
    assert path.relative_to(tmp_path).parts[:4] == ("2026", "11", "25", "10")

    store.delete(stored[0])
    assert list(store.read()) == []
    assert list(tmp_path.rglob("*.json")) == []


def test_each_put_is_one_file_and_read_honours_limit(tmp_path: Path) -> None:
    """Three puts, three files; `limit` caps how many are read."""
    store = LocalDirStore(tmp_path)
    for reason in ("a", "b", "c"):
        store.put([make_letter(reason=reason)])
    assert len(list(store.read())) == 3
    assert len(list(store.read(limit=2))) == 2


def test_empty_put_writes_nothing(tmp_path: Path) -> None:
    """No letters, no file."""
    LocalDirStore(tmp_path).put([])
    assert list(tmp_path.iterdir()) == []


def test_unwritable_directory_raises_dead_letter_error(tmp_path: Path) -> None:
    """A store that cannot write says so; it never pretends to have kept the letters."""
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    store = LocalDirStore(blocker / "dead")
    with pytest.raises(DeadLetterError) as caught:
        store.put([make_letter()])
    assert caught.value.target == store.target


def test_reading_a_missing_directory_yields_nothing(tmp_path: Path) -> None:
    """Replay on a fresh machine finds no letters rather than failing."""
    assert list(LocalDirStore(tmp_path / "absent").read()) == []
