"""emitter.config: the environment, read once, with loud defaults and reported problems."""

import io
import json

from emitter import Config, Registry
from emitter.config import DEFAULT_APP_VERSION, DEFAULT_SERVICE_NAME
from emitter.diagnostics import Diagnostics


class TestFromEnv:
    def test_loud_defaults(self):
        """Without SERVICE_NAME/APP_VERSION the AMBIVALENT_ placeholders are used."""
        config = Config.from_env({})
        assert (config.service_name, config.service_version, config.environment) == (
            DEFAULT_SERVICE_NAME,
            DEFAULT_APP_VERSION,
            None,
        )
        assert config.level == 20 and config.format == "json" and config.problems == ()

    def test_service_fields(self):
        """SERVICE_NAME, APP_VERSION and ENVIRONMENT are taken as they are."""
        config = Config.from_env(
            {"SERVICE_NAME": "pay", "APP_VERSION": "1.2.3", "ENVIRONMENT": "prod"}
        )
        assert (config.service_name, config.service_version, config.environment) == (
            "pay",
            "1.2.3",
            "prod",
        )

    def test_log_level_name_and_number(self):
        """LOG_LEVEL takes a name or a number."""
        assert Config.from_env({"LOG_LEVEL": "debug"}).level == 10
        assert Config.from_env({"LOG_LEVEL": "35"}).level == 35

    def test_malformed_log_level_falls_back_to_info_and_says_so(self):
        """A malformed LOG_LEVEL is a problem naming the variable; the level is info."""
        config = Config.from_env({"LOG_LEVEL": "loud"})
        assert config.level == 20
        assert len(config.problems) == 1 and "LOG_LEVEL" in config.problems[0]

    def test_log_format(self):
        """LOG_FORMAT=console switches format; anything unknown is json with a problem."""
        assert Config.from_env({"LOG_FORMAT": "Console"}).format == "console"
        config = Config.from_env({"LOG_FORMAT": "xml"})
        assert config.format == "json" and "LOG_FORMAT" in config.problems[0]

    def test_max_string(self):
        """LOG_MAX_STRING sets the string cap; nonsense keeps the default with a problem."""
        assert Config.from_env({"LOG_MAX_STRING": "100"}).max_string == 100
        config = Config.from_env({"LOG_MAX_STRING": "lots"})
        assert config.max_string == 32768 and config.problems

    def test_overrides_win(self):
        """Keyword overrides replace what the environment said."""
        assert Config.from_env({"LOG_LEVEL": "error"}, level=10).level == 10


class TestRegistryReportsProblems:
    def test_each_problem_once_on_stderr_and_logging_goes_on(self):
        """A registry reports a bad LOG_LEVEL once on stderr and still logs at info."""
        stderr, out = io.StringIO(), io.BytesIO()
        config = Config.from_env({"LOG_LEVEL": "loud"}, stream=out, opentelemetry=False)
        registry = Registry(config, diagnostics=Diagnostics(stderr))
        registry.configure(config)  # configuring again does not repeat the warning
        log = registry.get_logger("x")
        log.debug("hidden")
        log.info("shown")
        assert stderr.getvalue().count("LOG_LEVEL") == 1
        assert [json.loads(line)["message"] for line in out.getvalue().splitlines()] == ["shown"]
