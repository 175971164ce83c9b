"""Fixtures for the emitter tests: a registry writing to memory, and its records parsed back."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from emitter import Config, Registry
from emitter.diagnostics import Diagnostics


class Captured:
    """A registry writing JSON lines into memory, with helpers to read them back."""

    def __init__(self, **config: Any) -> None:
        self.stream = io.BytesIO()
        self.stderr = io.StringIO()
        config.setdefault("level", 10)
        config.setdefault("opentelemetry", False)
        self.registry = Registry(
            Config(stream=self.stream, **config), diagnostics=Diagnostics(self.stderr)
        )

    def logger(self, name: str = "test"):
        return self.registry.get_logger(name)

    def lines(self) -> list[str]:
        text = self.stream.getvalue().decode("utf-8")
        assert text == "" or text.endswith("\n")
        return text.split("\n")[:-1]

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines()]

    def record(self) -> dict[str, Any]:
        records = self.records()
        assert len(records) == 1, records
        return records[0]


@pytest.fixture
def captured() -> Captured:
    """A registry at debug level writing into memory."""
    return Captured()


@pytest.fixture
def make_captured() -> Callable[..., Captured]:
    """Build a `Captured` with Config fields of the test's choosing."""
    return Captured
