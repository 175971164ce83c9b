"""Per-call cost of `logger.info("msg", k1=..., ..., k5=...)` to a null stream, emitter against
the others.

All libraries write to the same kind of sink, a file opened on os.devnull (so every line really
goes through a write and a flush), in one run of one process. Each figure is the minimum over
`REPEATS` timeit repeats of `NUMBER` calls, interleaved across the cases (the median is in the
notes). Each call is timed as a statement written the way an application writes it (literal
keywords, no wrapper function around it), so the figure is the call's own cost; the same call
with a `**fields` splat (which copies the dict into a new one on every call) is shown beside.
A benchmark, not a test: nothing here asserts a time.

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
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from emitter import Config, Registry

NUMBER = 20000
REPEATS = 7
FIELDS = {"k1": 1, "k2": "two", "k3": 3.5, "k4": True, "k5": "five"}
KEYWORDS = ", ".join(f"{key}={value!r}" for key, value in FIELDS.items())


def _devnull(mode: str) -> io.IOBase:
    return open(os.devnull, mode)


Case = tuple[Any, str]  # (the logger, bound to `log`; the statement that calls it)


def _measure(cases: dict[str, Case]) -> dict[str, tuple[float, float]]:
    """(minimum, median) microseconds per call of each case.

    The repeats are interleaved (each round runs every case once), so a machine that gets
    busier or quieter during the run shifts all cases alike and the ratios stay fair.
    """
    timers = {
        name: timeit.Timer(statement, globals={"log": log, "FIELDS": FIELDS})
        for name, (log, statement) in cases.items()
    }
    for timer in timers.values():
        timer.timeit(number=1)  # warm caches (and structlog's cache_logger_on_first_use)
    runs: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(REPEATS):
        for name, timer in timers.items():
            runs[name].append(timer.timeit(number=NUMBER) / NUMBER * 1e6)
    return {name: (min(per_call), statistics.median(per_call)) for name, per_call in runs.items()}


def _emitter(stream: io.IOBase, orjson: bool = True) -> Case:
    registry = Registry(Config(stream=stream, level=logging.INFO, use_orjson=orjson))
    return registry.get_logger("bench"), f"log.info('msg', {KEYWORDS})"


def _emitter_filtered(stream: io.IOBase, splat: bool = False) -> Case:
    registry = Registry(Config(stream=stream, level=logging.INFO))
    call = "log.debug('msg', **FIELDS)" if splat else f"log.debug('msg', {KEYWORDS})"
    return registry.get_logger("bench"), call


class _Floor:
    """The least any logger with the stdlib's call shape can cost: a method that does nothing."""

    def debug(self, msg: object, *args: Any, **kw: Any) -> None:
        return None


def _call_floor(stream: io.IOBase, splat: bool = False) -> Case:
    return _Floor(), "log.debug('msg', **FIELDS)" if splat else f"log.debug('msg', {KEYWORDS})"


def _stdlib_json(stream: io.IOBase) -> Case:
    from pythonjsonlogger.json import JsonFormatter

    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    log = logging.getLogger("bench.stdlib")
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.INFO)
    return log, f"log.info('msg', extra={FIELDS!r})"


def _structlog(stream: io.IOBase) -> Case:
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
    return structlog.get_logger("bench"), f"log.info('msg', {KEYWORDS})"


def _powertools(stream: io.IOBase) -> Case:
    from aws_lambda_powertools import Logger

    log = Logger(service="bench", level="INFO", logger_handler=logging.StreamHandler(stream))
    return log, f"log.info('msg', {KEYWORDS})"


def run() -> dict[str, Any]:
    """Measure everything in one run; figures in µs per call plus the ratios."""
    text, binary = _devnull("w"), _devnull("wb")
    cases = {
        "emitter": _emitter(binary),
        "emitter (stdlib json, no orjson)": _emitter(binary, orjson=False),
        "emitter filtered-out debug": _emitter_filtered(binary),
        "floor: a method doing nothing, same call": _call_floor(binary),
        "emitter filtered-out debug, **fields splat": _emitter_filtered(binary, splat=True),
        "floor, **fields splat": _call_floor(binary, splat=True),
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
        f"Call: info('msg', {KEYWORDS}) as a timeit statement (stdlib: extra={{...}}); the splat"
        " rows call with **fields, which copies the dict on every call, whatever the logger; "
        f"{REPEATS} interleaved repeats of {NUMBER} calls; "
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
