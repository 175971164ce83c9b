"""A real AWS Lambda Python runtime on loopback: AWS's Runtime Interface Emulator (RIE) running
`python -m awslambdaric <handler>`, the same runtime interface client AWS's Python images use.

    with LambdaRuntime(handler="pkg.mod.fn", env={"LOG_LEVEL": "debug"}, timeout_seconds=3,
                       pythonpath=[ROOT]) as rt:
        result = rt.invoke({"hello": 1})
        result.payload          # the handler's return value, JSON-decoded
        result.error            # FunctionError(error_type, message, stack_trace) or None
        result.timed_out        # True when RIE cut the invocation at timeout_seconds
        result.stdout           # this invocation's log lines, START ... REPORT included
        rt.stdout_lines         # everything the function and RIE printed so far

Why: code meant for Lambda (the emitter's `@lambda_handler`, the forwarder) should be tested under
the real runtime client, whose log handler, stdout handling and error reporting differ from a
plain function call, with the timeout enforced from outside as Lambda does.

- The RIE binary is `build/go/bin/aws-lambda-rie`, built by `make lambda-rie` (a `go install` of
  the pinned module; `make test` depends on it), or `$AWS_LAMBDA_RIE`.
- Both of RIE's ports (invoke API and runtime API) are free loopback ports picked per instance, so
  instances run side by side and in parallel test processes.
- The function's environment is a small base (PATH, HOME, locale, the Lambda variables a real
  function sees: AWS_REGION, AWS_LAMBDA_FUNCTION_NAME, ...), then `env`; nothing else of the
  caller's environment leaks in unless `inherit_env=True`. RIE forwards its own environment to the
  function, so this is also the function's environment. `LOG_LEVEL` is the function's: RIE's own
  log level is given as a flag (`rie_log_level`).
- As in Lambda, where both go to the log stream, the function's stdout and stderr arrive
  together on RIE's stdout: `stdout` holds both, in order; `stderr` holds RIE's own log lines.
- The timeout is RIE's (`AWS_LAMBDA_FUNCTION_TIMEOUT`): after it, RIE answers "Task timed out
  after N.00 seconds", kills the runtime and starts a fresh one (a cold start) for the next invoke.
- A function error is what the runtime client reports (RIE answers HTTP 200 with the error
  document, like Lambda's `X-Amz-Function-Error: Unhandled` response body).
- RIE and the runtime run in their own process group; leaving the `with` block ends that group.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
RIE_BINARY = ROOT / "build" / "go" / "bin" / "aws-lambda-rie"
INVOKE_PATH = "/2015-03-31/functions/function/invocations"
_TIMED_OUT = re.compile(rb"^Task timed out after [\d.]+ seconds$")
_BASE_ENV_KEYS = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


class LambdaRuntimeError(RuntimeError):
    """The emulator could not be found, started or reached; the message carries the evidence."""


@dataclass(frozen=True)
class FunctionError:
    """An unhandled exception as the runtime client reports it (Lambda's error document)."""

    error_type: str
    message: str
    stack_trace: tuple[str, ...]


@dataclass(frozen=True)
class Invocation:
    """One invoke: the response, how long it took, and the lines printed while it ran."""

    request_id: str
    status: int
    body: bytes
    payload: Any
    elapsed_seconds: float
    error: FunctionError | None
    timed_out: bool
    stdout: tuple[str, ...]
    stderr: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """The handler returned normally (no function error, no timeout, HTTP 200)."""
        return self.status == 200 and self.error is None and not self.timed_out


def rie_binary() -> Path:
    """Where the emulator is: `$AWS_LAMBDA_RIE`, the project's build dir, or the PATH."""
    configured = os.environ.get("AWS_LAMBDA_RIE")
    if configured:
        return Path(configured)
    if RIE_BINARY.exists():
        return RIE_BINARY
    found = shutil.which("aws-lambda-rie")
    if found:
        return Path(found)
    raise LambdaRuntimeError(
        f"aws-lambda-rie not found at {RIE_BINARY} or on PATH: run `make lambda-rie`"
    )


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _function_error(payload: Any) -> FunctionError | None:
    if not isinstance(payload, dict):
        return None
    if "errorType" not in payload or "errorMessage" not in payload:
        return None
    trace = payload.get("stackTrace") or ()
    lines = tuple(str(item) for item in trace) if isinstance(trace, list) else (str(trace),)
    return FunctionError(str(payload["errorType"]), str(payload["errorMessage"]), lines)


class _Lines:
    """Collects a pipe's lines from a reader thread; readers wait for a line to show up."""

    def __init__(self, pipe: IO[bytes]) -> None:
        self._lines: list[str] = []
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self._thread.start()

    def _read(self, pipe: IO[bytes]) -> None:
        with contextlib.suppress(Exception):
            for raw in iter(pipe.readline, b""):
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                with self._changed:
                    self._lines.append(line)
                    self._changed.notify_all()

    def __len__(self) -> int:
        with self._changed:
            return len(self._lines)

    def snapshot(self, start: int = 0) -> tuple[str, ...]:
        with self._changed:
            return tuple(self._lines[start:])

    def wait_for(self, predicate: Any, start: int, timeout: float) -> int | None:
        """Index of the first line from `start` on that satisfies `predicate`, waiting for it."""
        deadline = time.monotonic() + timeout
        seen = start
        with self._changed:
            while True:
                for index in range(seen, len(self._lines)):
                    if predicate(self._lines[index]):
                        return index
                seen = len(self._lines)
                left = deadline - time.monotonic()
                if left <= 0 or (not self._thread.is_alive() and seen == len(self._lines)):
                    return None
                self._changed.wait(min(left, 0.1))

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)


class LambdaRuntime:
    """RIE + awslambdaric serving `handler` (module.function) on a free loopback port.

    `pythonpath` entries come first on the function's PYTHONPATH (the project root is always
    on it); `cwd` is the function's working directory (default: the first pythonpath entry).
    """

    def __init__(
        self,
        handler: str,
        env: Mapping[str, str] | None = None,
        timeout_seconds: int = 30,
        pythonpath: Iterable[str | os.PathLike[str]] = (),
        cwd: str | os.PathLike[str] | None = None,
        python: str = sys.executable,
        function_name: str = "function",
        memory_mb: int = 512,
        inherit_env: bool = False,
        rie_log_level: str = "error",
        start_timeout_seconds: float = 20.0,
    ) -> None:
        if int(timeout_seconds) < 1:
            raise ValueError("timeout_seconds must be a whole number >= 1 (RIE's unit)")
        self.handler = handler
        self.timeout_seconds = int(timeout_seconds)
        self._paths = [str(Path(p).resolve()) for p in pythonpath]
        self._cwd = str(cwd) if cwd is not None else (self._paths[0] if self._paths else str(ROOT))
        self._python = python
        self._rie_log_level = rie_log_level
        self._start_timeout = start_timeout_seconds
        self._env = self._environment(env or {}, function_name, memory_mb, inherit_env)
        self._process: subprocess.Popen[bytes] | None = None
        self._stdout: _Lines | None = None
        self._stderr: _Lines | None = None
        self.port = 0
        self.runtime_api_port = 0

    def _environment(
        self, env: Mapping[str, str], function_name: str, memory_mb: int, inherit: bool
    ) -> dict[str, str]:
        base = dict(os.environ) if inherit else {}
        if not inherit:
            base.update({k: os.environ[k] for k in _BASE_ENV_KEYS if k in os.environ})
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        base.update(
            {
                "AWS_REGION": "us-east-1",
                "AWS_DEFAULT_REGION": "us-east-1",
                "AWS_LAMBDA_FUNCTION_NAME": function_name,
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(memory_mb),
                "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
                "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{function_name}",
                "AWS_LAMBDA_LOG_STREAM_NAME": "local/[$LATEST]0",
                "AWS_EXECUTION_ENV": f"AWS_Lambda_python{version}",
                "LAMBDA_TASK_ROOT": self._cwd,
            }
        )
        base.update(env)
        paths = [*self._paths, str(ROOT)]
        if env.get("PYTHONPATH"):
            paths.append(env["PYTHONPATH"])
        base["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
        base["AWS_LAMBDA_FUNCTION_TIMEOUT"] = str(self.timeout_seconds)
        return base

    # -- lifecycle --------------------------------------------------------------------------------
    def __enter__(self) -> LambdaRuntime:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> None:
        """Start RIE (the runtime itself starts on the first invoke, as a cold start does)."""
        binary = rie_binary()
        self.port, self.runtime_api_port = free_port(), free_port()
        command = [
            str(binary),
            "--log-level",
            self._rie_log_level,
            "--runtime-interface-emulator-address",
            f"127.0.0.1:{self.port}",
            "--runtime-api-address",
            f"127.0.0.1:{self.runtime_api_port}",
            self._python,
            "-m",
            "awslambdaric",
            self.handler,
        ]
        self._process = subprocess.Popen(
            command,
            cwd=self._cwd,
            env=self._env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        assert self._process.stdout is not None and self._process.stderr is not None
        self._stdout = _Lines(self._process.stdout)
        self._stderr = _Lines(self._process.stderr)
        deadline = time.monotonic() + self._start_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5),
            ):
                return
            time.sleep(0.05)
        tail = "\n".join(self.stderr_lines[-20:])
        self.close()
        raise LambdaRuntimeError(f"aws-lambda-rie did not start on port {self.port}:\n{tail}")

    def close(self) -> None:
        """End RIE and the runtime (their process group); safe to call twice."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        else:  # RIE is gone; its runtime child may not be
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        for lines in (self._stdout, self._stderr):
            if lines is not None:
                lines.join(timeout=2)

    # -- invoking ---------------------------------------------------------------------------------
    def invoke(
        self,
        event: Any,
        request_id: str | None = None,
        raw: bytes | None = None,
    ) -> Invocation:
        """Invoke the function with `event` (JSON-encoded; `raw` sends bytes as they are).

        `request_id` becomes the context's `aws_request_id` (default: a fresh UUID). RIE's tracer
        is a no-op: no X-Ray trace id reaches the function (`_X_AMZN_TRACE_ID` stays unset).
        Returns once RIE printed the invocation's REPORT line (or two seconds after the
        response), so `stdout` holds everything the invocation printed.
        """
        if self._process is None or self._stdout is None or self._stderr is None:
            raise LambdaRuntimeError("the runtime is not started (use it as a context manager)")
        request_id = request_id or str(uuid.uuid4())
        body = raw if raw is not None else json.dumps(event).encode()
        headers = {"Content-Type": "application/json", "X-Amzn-RequestId": request_id}
        out_start, err_start = len(self._stdout), len(self._stderr)
        started = time.monotonic()
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=self.timeout_seconds + self._start_timeout + 30
        )
        try:
            connection.request("POST", INVOKE_PATH, body=body, headers=headers)
            response = connection.getresponse()
            status, answer = response.status, response.read()
        except OSError as exc:
            raise LambdaRuntimeError(
                f"invoke failed: {exc!r}\n" + "\n".join(self.stderr_lines[-20:])
            ) from exc
        finally:
            connection.close()
        elapsed = time.monotonic() - started
        report = f"REPORT RequestId: {request_id}"
        end = self._stdout.wait_for(lambda line: line.startswith(report), out_start, 2.0)
        stdout = self._stdout.snapshot(out_start)
        if end is not None:
            stdout = stdout[: end - out_start + 1]
        try:
            payload: Any = json.loads(answer) if answer else None
        except ValueError:
            payload = answer.decode("utf-8", "replace")
        timed_out = _TIMED_OUT.match(answer.strip()) is not None
        return Invocation(
            request_id=request_id,
            status=status,
            body=answer,
            payload=payload,
            elapsed_seconds=elapsed,
            error=_function_error(payload),
            timed_out=timed_out,
            stdout=stdout,
            stderr=self._stderr.snapshot(err_start),
        )

    # -- output -----------------------------------------------------------------------------------
    @property
    def stdout_lines(self) -> list[str]:
        """Every log line so far: the function's stdout and stderr, RIE's START/END/REPORT."""
        return list(self._stdout.snapshot()) if self._stdout is not None else []

    @property
    def stderr_lines(self) -> list[str]:
        """RIE's own log lines so far (at `rie_log_level`)."""
        return list(self._stderr.snapshot()) if self._stderr is not None else []
