"""emitter.aws_lambda: invocations carry request_id and the X-Ray trace id."""

from types import SimpleNamespace

import emitter
from emitter.aws_lambda import xray_trace_id

HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"


class TestXrayTraceId:
    def test_root_part(self):
        """The Root= part of the header is the trace id."""
        assert xray_trace_id(HEADER) == "1-5759e988-bd862e3fe1be46a994272793"

    def test_missing(self, monkeypatch):
        """No header, or no Root, gives None."""
        monkeypatch.delenv("_X_AMZN_TRACE_ID", raising=False)
        assert xray_trace_id() is None and xray_trace_id("Parent=1") is None


class TestLambdaHandler:
    def test_binds_request_and_trace(self, captured, monkeypatch):
        """Records inside the handler carry request_id and trace.id; outside they do not."""
        monkeypatch.setenv("_X_AMZN_TRACE_ID", HEADER)
        log = captured.logger()

        @emitter.lambda_handler
        def handler(event, context):
            log.info("handling", key=event["key"])
            return "done"

        result = handler({"key": 1}, SimpleNamespace(aws_request_id="req-1"))
        log.info("after")
        inside, after = captured.records()
        assert result == "done" and handler.__name__ == "handler"
        assert inside["request_id"] == "req-1"
        assert inside["trace.id"] == "1-5759e988-bd862e3fe1be46a994272793"
        assert "request_id" not in after and "trace.id" not in after

    def test_without_context_object(self, captured, monkeypatch):
        """A handler called without a Lambda context still runs and logs."""
        monkeypatch.delenv("_X_AMZN_TRACE_ID", raising=False)

        @emitter.lambda_handler
        def handler(event, context):
            captured.logger().info("local run")

        handler({}, None)
        assert "request_id" not in captured.record()
