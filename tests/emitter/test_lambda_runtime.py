"""@emitter.lambda_handler under the real runtime client (RIE + awslambdaric)."""

from __future__ import annotations

import json

import pytest

from devtools.lambda_runtime import LambdaRuntime

pytestmark = pytest.mark.slow


def test_an_unhandled_exception_is_one_critical_record_before_the_runtimes_line() -> None:
    """The record carries the traceback and request_id; the error still reaches Lambda."""
    with LambdaRuntime(
        handler="tests.devtools.lambda_functions.emitting.handler",
        env={"SERVICE_NAME": "fn", "LOG_LEVEL": "info"},
        timeout_seconds=10,
    ) as rt:
        good = rt.invoke({"item": 1}, request_id="req-good")
        bad = rt.invoke({"item": 2, "fail": True}, request_id="req-bad")
    assert good.ok and good.payload == {"ok": True}
    assert bad.error is not None and bad.error.error_type == "KeyError"
    lines = [line for line in bad.stdout if not line.startswith(("START ", "END ", "REPORT "))]
    records = [json.loads(line) for line in lines if line.startswith("{")]
    critical = [r for r in records if r["log.level"] == "critical"]
    assert len(critical) == 1
    assert critical[0]["error.type"] == "KeyError"
    assert "missing thing" in critical[0]["error.stack_trace"]
    assert critical[0]["request_id"] == "req-bad"
    assert [r["message"] for r in records] == ["working", "unhandled exception in Lambda handler"]
    runtime_line = next(i for i, line in enumerate(lines) if line.startswith("[ERROR]"))
    assert runtime_line == len(lines) - 1  # the runtime's own line comes after the record
    assert all(json.loads(line)["schema"] == "emitter/1" for line in lines[:runtime_line])
