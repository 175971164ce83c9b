"""The tree shows the architecture: data flows one way, decode -> parse -> sanitize -> index ->
alerts, no stage imports a later one, the shared base imports no stage, the emitter imports
nothing of the forwarder, and shipped code (or the demo and benchmarks) never imports tests."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("decode", "parse", "sanitize", "index", "alerts")
# Modules every stage may use; they import no stage themselves.
BASE = ("config", "errors", "model", "jsonio", "times", "deadline")


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside functions (lazy imports count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _part(module: str) -> str | None:
    """`lambda_forwarder.index.bulk` -> `index`."""
    parts = module.split(".")
    return parts[1] if parts[0] == "lambda_forwarder" and len(parts) > 1 else None


def _files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("stage", STAGES)
def test_no_stage_imports_a_later_one(stage: str) -> None:
    later = set(STAGES[STAGES.index(stage) + 1 :]) | {"pipeline", "handler", "cli", "operations"}
    offenders = {
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _files(f"lambda_forwarder/{stage}")
        for module in _imports(path)
        if _part(module) in later
    }
    assert offenders == set()


def test_base_modules_import_no_stage() -> None:
    offenders = set()
    for name in BASE:
        path = ROOT / "lambda_forwarder" / f"{name}.py"
        if not path.exists():
            continue
        for module in _imports(path):
            part = _part(module)
            if part is not None and part not in BASE:
                offenders.add(f"{name}.py imports {module}")
    assert offenders == set()


def test_emitter_is_dependency_free() -> None:
    """The emitter imports only the standard library, itself, and (optionally) orjson and
    OpenTelemetry. `emitter/integrations/` are loaded by the framework they name (gunicorn's
    `--logger-class`), so they may import it."""
    import sys

    allowed = set(sys.stdlib_module_names) | {"emitter", "orjson", "opentelemetry", "__future__"}
    offenders = {
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _files("emitter")
        if "integrations" not in path.parts
        for module in _imports(path)
        if module.split(".")[0] not in allowed
    }
    assert offenders == set()


@pytest.mark.parametrize("package", ["emitter", "lambda_forwarder", "devtools", "bench"])
def test_nothing_outside_tests_imports_tests(package: str) -> None:
    offenders = {
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _files(package)
        for module in _imports(path)
        if module.split(".")[0] == "tests"
    }
    assert offenders == set()
