"""The local Lambda runtime harness: RIE + awslambdaric, real processes on loopback ports."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from devtools.lambda_runtime import LambdaRuntime, LambdaRuntimeError, rie_binary

HERE = Path(__file__).resolve().parent
HANDLERS = "tests.devtools.lambda_functions.basic"

pytestmark = pytest.mark.slow


def test_invoke_returns_the_payload_and_the_invocations_own_lines() -> None:
    """A normal return is decoded; stdout holds the invocation from START to REPORT."""
    env = {"HARNESS_MARKER": "m-1"}
    os.environ["HARNESS_SHOULD_NOT_LEAK"] = "x"
    try:
        with LambdaRuntime(handler=f"{HANDLERS}.echo", env=env, timeout_seconds=5) as rt:
            first = rt.invoke({"n": 1}, request_id="req-one")
            second = rt.invoke({"n": 2})
    finally:
        del os.environ["HARNESS_SHOULD_NOT_LEAK"]
    assert first.ok and first.status == 200 and first.error is None and not first.timed_out
    assert first.payload["event"] == {"n": 1}
    assert first.payload["request_id"] == "req-one"
    assert first.payload["trace"] is None  # RIE's tracer is a no-op
    assert first.payload["marker"] == "m-1"
    assert first.payload["leaked"] is None
    assert 0 < first.payload["remaining_ms"] <= 5000
    assert first.stdout[0].startswith("START RequestId: req-one")
    assert "echo stdout req-one" in first.stdout
    assert first.stdout[-1].startswith("REPORT RequestId: req-one")
    assert "echo stderr req-one" in first.stdout  # both streams go to the log, as in Lambda
    # one warm container: the second invoke runs in the same process, its lines are its own
    assert second.payload["pid"] == first.payload["pid"]
    assert not any("req-one" in line for line in second.stdout)
    assert second.elapsed_seconds > 0


def test_an_unhandled_exception_is_a_typed_function_error() -> None:
    """The runtime client's error document becomes a FunctionError; the runtime logs [ERROR]."""
    with LambdaRuntime(handler=f"{HANDLERS}.fail", timeout_seconds=5) as rt:
        result = rt.invoke({"why": "test"})
    assert not result.ok
    assert result.error is not None
    assert result.error.error_type == "ValueError"
    assert result.error.message == "failing on purpose: test"
    assert any("raise ValueError" in frame for frame in result.error.stack_trace)
    assert any(line.startswith("[ERROR] ValueError") for line in result.stdout)


def test_the_timeout_is_enforced_by_the_emulator_and_the_next_invoke_starts_cold() -> None:
    """Past timeout_seconds RIE answers 'Task timed out'; the runtime restarts for the next call."""
    with LambdaRuntime(handler=f"{HANDLERS}.sleep", timeout_seconds=1) as rt:
        late = rt.invoke({"seconds": 5})
        quick = rt.invoke({"seconds": 0})
    assert late.timed_out and not late.ok
    assert 0.9 < late.elapsed_seconds < 4.5
    assert quick.ok and quick.payload == "slept"


def test_two_runtimes_run_side_by_side_on_their_own_ports() -> None:
    """Ports are picked per instance, so parallel tests never share an emulator."""
    with (
        LambdaRuntime(handler=f"{HANDLERS}.echo", env={"HARNESS_MARKER": "a"}) as a,
        LambdaRuntime(handler=f"{HANDLERS}.echo", env={"HARNESS_MARKER": "b"}) as b,
    ):
        assert {a.port, a.runtime_api_port}.isdisjoint({b.port, b.runtime_api_port})
        assert a.invoke({}).payload["marker"] == "a"
        assert b.invoke({}).payload["marker"] == "b"


def test_close_ends_the_emulator_and_the_runtime() -> None:
    """After the with block neither process is left running."""
    with LambdaRuntime(handler=f"{HANDLERS}.echo") as rt:
        pid = rt.invoke({}).payload["pid"]
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with pytest.raises(LambdaRuntimeError):
        rt.invoke({})


def test_a_missing_binary_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pointing AWS_LAMBDA_RIE at nothing fails with a message naming it, at start."""
    monkeypatch.setenv("AWS_LAMBDA_RIE", str(HERE / "no-such-rie"))
    assert rie_binary() == HERE / "no-such-rie"
    with pytest.raises((LambdaRuntimeError, OSError)):
        LambdaRuntime(handler=f"{HANDLERS}.echo").start()
