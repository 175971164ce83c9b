"""Instruction counts: a figure the machine's load does not move.

These machines are shared and noisy: CPU and wall times of one run differ by more than the gaps
some benchmarks look for. valgrind's cachegrind (no cache simulation) counts the instructions a
process executes, which depends on the code and its input only.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence

_I_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def available() -> bool:
    return shutil.which("valgrind") is not None


def instructions(
    command: Sequence[str],
    *,
    cwd: str,
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
) -> int | None:
    """Instructions `command` executes from start to exit, every thread of it (a JIT's code
    included: valgrind retranslates code written at run time); None without valgrind."""
    if not available():
        return None
    result = subprocess.run(
        [
            "valgrind",
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            *command,
        ],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=None if env is None else dict(env),
        input=stdin,
        check=True,
    )
    found = _I_REFS.search(result.stderr)
    return None if found is None else int(found[1].replace(",", ""))


def python_instructions(
    args: Sequence[str], *, cwd: str, env: Mapping[str, str] | None = None
) -> int | None:
    """Instructions `python args` executes from start to exit; None without valgrind."""
    return instructions([sys.executable, *args], cwd=cwd, env=env)
