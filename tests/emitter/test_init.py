"""emitter's package interface: the default logger and get_logger."""

import subprocess
import sys
import textwrap

import emitter


class TestDefaultLogger:
    def test_logger_named_after_importing_module(self):
        """`from emitter import logger` gives a logger named after the importing module."""
        from emitter import logger

        assert logger.name == __name__

    def test_get_logger_without_name(self):
        """get_logger() without a name uses the caller's module name."""
        assert emitter.get_logger().name == __name__
        assert emitter.get_logger("x.y").name == "x.y"

    def test_script_end_to_end(self, tmp_path):
        """A script using the default logger writes schema lines to stdout, env read at start."""
        script = tmp_path / "svc.py"
        script.write_text(
            textwrap.dedent(
                """
                from emitter import logger
                logger.debug("hidden")
                logger.info("payment failed", payment_id=7, amount=12.5)
                """
            )
        )
        env = {
            "SERVICE_NAME": "payments",
            "APP_VERSION": "9.9",
            "ENVIRONMENT": "test",
            "LOG_LEVEL": "info",
            "PYTHONPATH": str(__import__("pathlib").Path(emitter.__file__).parent.parent),
        }
        result = subprocess.run(
            [sys.executable, str(script)], env=env, capture_output=True, text=True, check=True
        )
        import json

        (record,) = [json.loads(line) for line in result.stdout.splitlines()]
        assert record["service.name"] == "payments" and record["service.environment"] == "test"
        assert record["log.logger"] == "__main__" and record["payment_id"] == 7
        assert result.stderr == ""

    def test_malformed_log_level_in_process(self, tmp_path):
        """A malformed LOG_LEVEL warns once on stderr, naming it, and logs at info."""
        script = tmp_path / "svc.py"
        script.write_text("import emitter\nemitter.get_logger('a').info('x')\n")
        env = {
            "LOG_LEVEL": "chatty",
            "PYTHONPATH": str(__import__("pathlib").Path(emitter.__file__).parent.parent),
        }
        result = subprocess.run(
            [sys.executable, str(script)], env=env, capture_output=True, text=True, check=True
        )
        assert result.stderr.count("LOG_LEVEL") == 1 and '"message":"x"' in result.stdout

    def test_configure_switches_existing_loggers(self, tmp_path):
        """configure() reconfigures the default registry, loggers made earlier included."""
        import io
        import json

        log = emitter.get_logger("configured")
        stream = io.StringIO()
        try:
            emitter.configure(stream=stream, service_name="reconfigured", opentelemetry=False)
            log.info("m")
        finally:
            emitter.configure()
        assert json.loads(stream.getvalue())["service.name"] == "reconfigured"
