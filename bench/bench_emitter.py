"""Per-call cost of `logger.info("msg", k1..k5)` to a null stream, emitter against the others.

All libraries write to the same kind of sink, a file opened on os.devnull (so every line really
goes through a write and a flush), in one run of one process. Each figure is the minimum over
`REPEATS` timeit repeats of `NUMBER` calls, interleaved across the cases (the median is in the
notes). A benchmark, not a test: nothing here asserts a time.

    .venv/bin/python bench/bench_emitter.py       # or: python -m bench.bench_emitter
"""

from __future__ import annotations

import io
import json
import logging
import os
import statistics
import sys
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from emitter import Config, Registry

NUMBER = 20000
REPEATS = 7
FIELDS = {"k1": 1, "k2": "two", "k3": 3.5, "k4": True, "k5": "five"}


def _devnull(mode: str) -> io.IOBase:
    return open(os.devnull, mode)


def _measure(cases: dict[str, Callable[[], None]]) -> dict[str, tuple[float, float]]:
    """(minimum, median) microseconds per call of each case.

    The repeats are interleaved (each round runs every case once), so a machine that gets
    busier or quieter during the run shifts all cases alike and the ratios stay fair.
    """
    for call in cases.values():
        call()  # warm caches (and structlog's cache_logger_on_first_use)
    runs: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(REPEATS):
        for name, call in cases.items():
            runs[name].append(timeit.timeit(call, number=NUMBER) / NUMBER * 1e6)
    return {name: (min(per_call), statistics.median(per_call)) for name, per_call in runs.items()}


def _emitter(stream: io.IOBase, orjson: bool = True) -> Callable[[], None]:
    registry = Registry(Config(stream=stream, level=logging.INFO, use_orjson=orjson))
    log = registry.get_logger("bench")
    return lambda: log.info("msg", **FIELDS)


def _emitter_filtered(stream: io.IOBase) -> Callable[[], None]:
    registry = Registry(Config(stream=stream, level=logging.INFO))
    log = registry.get_logger("bench")
    return lambda: log.debug("msg", **FIELDS)


class _Floor:
    """The least any logger with the stdlib's call shape can cost: a method that does nothing."""

    def debug(self, msg: object, *args: Any, **kw: Any) -> None:
        return None


def _call_floor(stream: io.IOBase) -> Callable[[], None]:
    log = _Floor()
    return lambda: log.debug("msg", **FIELDS)


def _stdlib_json(stream: io.IOBase) -> Callable[[], None]:
    from pythonjsonlogger.json import JsonFormatter

    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    log = logging.getLogger("bench.stdlib")
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.INFO)
    return lambda: log.info("msg", extra=FIELDS)


def _structlog(stream: io.IOBase) -> Callable[[], None]:
    import orjson
    import structlog

    structlog.configure(
        cache_logger_on_first_use=True,
        wrapper_class=structlog.make_filtering_bound_logger(logging.INFO),
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.format_exc_info,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.JSONRenderer(serializer=orjson.dumps),
        ],
        logger_factory=structlog.BytesLoggerFactory(file=stream),
    )
    log = structlog.get_logger("bench")
    return lambda: log.info("msg", **FIELDS)


def _powertools(stream: io.IOBase) -> Callable[[], None]:
    from aws_lambda_powertools import Logger

    log = Logger(service="bench", level="INFO", logger_handler=logging.StreamHandler(stream))
    return lambda: log.info("msg", **FIELDS)


def run() -> dict[str, Any]:
    """Measure everything in one run; figures in µs per call plus the ratios."""
    text, binary = _devnull("w"), _devnull("wb")
    cases = {
        "emitter": _emitter(binary),
        "emitter (stdlib json, no orjson)": _emitter(binary, orjson=False),
        "emitter filtered-out debug": _emitter_filtered(binary),
        "floor: a method doing nothing, same call": _call_floor(binary),
        "structlog (orjson, BytesLogger)": _structlog(binary),
        "stdlib logging + python-json-logger": _stdlib_json(text),
        "aws-lambda-powertools Logger": _powertools(text),
    }
    figures: list[dict[str, Any]] = []
    notes: list[str] = []
    minimum: dict[str, float] = {}
    for name, (best, median) in _measure(cases).items():
        minimum[name] = best
        figures.append({"name": f"{name} per call", "value": round(best, 3), "unit": "us"})
        notes.append(f"{name}: min {best:.3f} us, median {median:.3f} us per call")
    base = minimum["emitter"]
    for other in (
        "structlog (orjson, BytesLogger)",
        "stdlib logging + python-json-logger",
        "aws-lambda-powertools Logger",
    ):
        figures.append(
            {"name": f"emitter / {other}", "value": round(base / minimum[other], 3), "unit": "x"}
        )
    notes.append(
        "targets: emitter / structlog <= 0.55x; filtered-out debug < 0.4 us (the floor is what"
        " the call itself costs: building the keyword dict and calling a method). "
        f"Call: info('msg', **{FIELDS}); {REPEATS} interleaved repeats of {NUMBER} calls; "
        f"Python {sys.version.split()[0]}; os.devnull sinks."
    )
    probe = Registry(Config(stream=binary, level=logging.INFO))
    if probe.trace_ids is not None:
        notes.append(
            "opentelemetry-api is importable (FastAPI requires it): the emitter figures include"
            " looking for the current span (none is set)."
        )
    text.close()
    binary.close()
    return {"title": "emitter", "figures": figures, "notes": notes}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
