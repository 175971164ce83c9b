"""Which records alert: one rule, cheap to import (the handler asks it before it loads the
rest of the alerts stage, which most invocations, with nothing to alert on, never need)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from emitter.schema import LEVEL

_SYNONYMS = {"fatal": "critical", "warn": "warning", "err": "error"}


def record_level(source: Mapping[str, Any]) -> str:
    """The record's level, lowercased; `fatal` counts as critical, `warn` as warning."""
    level = str(source.get(LEVEL) or "").strip().lower()
    return _SYNONYMS.get(level, level)


def any_alerting(sources: Iterable[Mapping[str, Any]], levels: frozenset[str]) -> bool:
    """Whether any of these records is at an alerting level."""
    return any(record_level(source) in levels for source in sources)
