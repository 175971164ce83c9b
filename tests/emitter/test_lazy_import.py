"""The package imports its submodules on first use: `import emitter.schema` loads no more."""

import json
import os
import pathlib
import subprocess
import sys
import textwrap

import emitter

ROOT = str(pathlib.Path(emitter.__file__).parent.parent)


def run(code: str, pythonpath: str = ROOT) -> str:
    """`code` run by a fresh interpreter; its stdout (stderr must be empty)."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": pythonpath, "SERVICE_NAME": "lazy"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stderr == ""
    return result.stdout


def test_schema_import_loads_only_the_schema():
    """The forwarder's `import emitter.schema` leaves the rest of the emitter unimported."""
    out = run(
        "import json, sys, emitter.schema\n"
        "print(json.dumps([m for m in sys.modules if m.partition('.')[0] == 'emitter']))"
    )
    loaded = set(json.loads(out))
    assert loaded == {"emitter", "emitter.schema"}
    assert not loaded & {"emitter.core", "emitter.registry", "emitter.encoding"}


def test_default_logger_named_after_importing_module(tmp_path):
    """`from emitter import logger`, first use of the package, names the importing module."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "service.py").write_text(
        "from emitter import logger\nlogger.info('from the service')\n"
    )
    code = textwrap.dedent(
        """
        from emitter import logger
        import app.service
        logger.info("from main")
        """
    )
    out = run(code, pythonpath=f"{tmp_path}{os.pathsep}{ROOT}")
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["log.logger"], r["message"]) for r in records] == [
        ("app.service", "from the service"),
        ("__main__", "from main"),
    ]
    assert all(r["service.name"] == "lazy" for r in records)


def test_context_stays_the_class_after_its_submodule_loads():
    """Loading `emitter.context` (the submodule) first does not hide `emitter.context`."""
    out = run(
        "import emitter.context, emitter.core\n"
        "from emitter import context\n"
        "print(context is emitter.context, isinstance(context, type))"
    )
    assert out.split() == ["True", "True"]
