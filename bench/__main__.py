"""Run every benchmark in one process and write the figures to one results file.

Each module `bench.bench_<name>` exposes `run() -> {"title", "figures": [{"name", "value",
"unit"}], "notes": [str]}`. Benchmarks that need OpenSearch read OPENSEARCH_URL; when it is unset,
one local node is started here for all of them and stopped at the end.

    python -m bench                 # all
    python -m bench emitter forwarder
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import time
import traceback
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCHES = ("emitter", "forwarder", "end_to_end", "search", "alerts", "runtime", "peer")
NEEDS_OPENSEARCH = {"forwarder", "end_to_end", "search", "alerts", "runtime", "peer"}
HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    selected = argv or list(BENCHES)
    unknown = set(selected) - set(BENCHES)
    if unknown:
        print(f"unknown benchmark(s): {', '.join(sorted(unknown))}; known: {', '.join(BENCHES)}")
        return 2
    # The forwarder's own EMF metrics and info logs go to stdout in Lambda; here they would bury
    # the figures.
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    results: list[dict[str, Any]] = []
    failed = False
    with ExitStack() as stack:
        if NEEDS_OPENSEARCH & set(selected) and not os.environ.get("OPENSEARCH_URL"):
            from devtools.opensearch_node import LocalOpenSearch

            node = stack.enter_context(LocalOpenSearch())
            os.environ["OPENSEARCH_URL"] = node.url
        for name in selected:
            print(f"== bench {name}", flush=True)
            started = time.perf_counter()
            try:
                result = importlib.import_module(f"bench.bench_{name}").run()
            except Exception:
                failed = True
                traceback.print_exc()
                result = {"title": name, "figures": [], "notes": ["FAILED: see the run's output"]}
            result["seconds"] = round(time.perf_counter() - started, 1)
            results.append(result)
            for figure in result["figures"]:
                print(f"   {figure['name']}: {_fmt(figure['value'])} {figure['unit']}", flush=True)
    _write(results, merge=bool(argv))
    return 1 if failed else 0


def _fmt(value: float) -> str:
    return f"{value:,.3f}" if isinstance(value, float) and abs(value) < 100 else f"{value:,.0f}"


def _write(results: list[dict[str, Any]], merge: bool) -> None:
    """results.json keeps the latest run of each benchmark; RESULTS.md is rendered from it."""
    path = HERE / "results.json"
    machine = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }
    existing = json.loads(path.read_text()) if merge and path.exists() else {"benchmarks": {}}
    for result in results:
        existing["benchmarks"][result["title"]] = {**result, "run": machine}
    path.write_text(json.dumps(existing, indent=2, ensure_ascii=False) + "\n")
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m bench`). Ratios are taken within one run; the",
        "machine is shared and noisy, so compare ratios, not absolute figures across runs.",
        "",
    ]
    for title, result in existing["benchmarks"].items():
        run = result["run"]
        lines += [
            f"## {title}",
            "",
            f"Run {run['date']}, Python {run['python']}, {run['machine']}, {result['seconds']} s.",
            "",
            "| figure | value | unit |",
            "| --- | ---: | --- |",
        ]
        lines += [f"| {f['name']} | {_fmt(f['value'])} | {f['unit']} |" for f in result["figures"]]
        lines += [""] + [f"- {note}" for note in result.get("notes", [])] + [""]
    (HERE / "RESULTS.md").write_text("\n".join(lines))
    print(f"wrote {path.relative_to(HERE.parent)} and bench/RESULTS.md")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
