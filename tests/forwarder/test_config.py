"""config: one table of variables; every bad value or contradiction is a start-up error naming
the variable; `forwarder config` shows the effective settings with secrets masked."""

from __future__ import annotations

import json

import pytest

from lambda_forwarder import config
from lambda_forwarder.cli.main import main
from lambda_forwarder.errors import ConfigError

BASE = {"OPENSEARCH_URL": "http://127.0.0.1:9200", "DEAD_LETTER_DIR": "/tmp/dead"}


def _error(**env: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        config.load_settings({**BASE, **env})
    return caught.value


class TestBadValues:
    @pytest.mark.parametrize("value", ["nan", "inf", "-1", "x"])
    def test_retry_base_must_be_a_finite_non_negative_number(self, value: str) -> None:
        """BULK_RETRY_BASE_SECONDS=nan used to crash at the first retry."""
        assert _error(BULK_RETRY_BASE_SECONDS=value).variable == "BULK_RETRY_BASE_SECONDS"

    def test_base_above_max_backoff(self) -> None:
        error = _error(BULK_RETRY_BASE_SECONDS="9", BULK_RETRY_MAX_SECONDS="2")
        assert error.variable == "BULK_RETRY_BASE_SECONDS"

    def test_a_critical_webhook_alone_is_an_error(self) -> None:
        """It used to turn alerts off silently."""
        error = _error(SLACK_CRITICAL_WEBHOOK_URL="https://hooks.example/critical")
        assert error.variable == "SLACK_CRITICAL_WEBHOOK_URL" and "SLACK_WEBHOOK_URL" in str(error)

    def test_two_dead_letter_stores_are_an_error(self) -> None:
        """A directory beside a cloud store would be ignored: an error, naming the last."""
        error = _error(DEAD_LETTER_BUCKET="b")
        assert error.variable == "DEAD_LETTER_DIR"

    def test_queue_and_bucket_mean_queue_with_overflow(self) -> None:
        """A bucket and a queue together used to ignore the queue silently; now the queue
        takes letters and the bucket the events too large for an SQS message."""
        settings = config.load_settings(
            {
                "OPENSEARCH_URL": BASE["OPENSEARCH_URL"],
                "DEAD_LETTER_BUCKET": "b",
                "DEAD_LETTER_QUEUE_URL": "https://sqs.eu-west-1.amazonaws.com/1/q",
            }
        )
        assert settings.dead_letter.target == (
            "https://sqs.eu-west-1.amazonaws.com/1/q (large events: s3://b/dead-letters/)"
        )

    def test_no_dead_letter_store(self) -> None:
        with pytest.raises(ConfigError) as caught:
            config.load_settings({"OPENSEARCH_URL": "http://127.0.0.1:9200"})
        assert caught.value.variable == "DEAD_LETTER_BUCKET"

    def test_index_pattern_the_dashboards_pattern_misses(self) -> None:
        """Every link would open nothing."""
        error = _error(INDEX_PATTERN="app-%Y.%m", INDEX_PATTERN_TITLE="logs-*")
        assert error.variable == "INDEX_PATTERN_TITLE"

    def test_missing_url(self) -> None:
        with pytest.raises(ConfigError) as caught:
            config.load_settings({"DEAD_LETTER_DIR": "/tmp/dead"})
        assert caught.value.variable == "OPENSEARCH_URL"

    def test_url_errors_never_echo_the_value(self) -> None:
        error = _error(SLACK_WEBHOOK_URL="not-a-url-with-secret-T0K3N")
        assert error.variable == "SLACK_WEBHOOK_URL" and "T0K3N" not in str(error)


class TestDerivedDefaults:
    def test_aws_domain_links_go_to_its_dashboards(self) -> None:
        """An AWS domain without DASHBOARDS_URL used to get links to 127.0.0.1."""
        settings = config.load_settings(
            {**BASE, "OPENSEARCH_URL": "https://search-logs-x.eu-west-1.es.amazonaws.com"}
        )
        assert settings.dashboards.url == (
            "https://search-logs-x.eu-west-1.es.amazonaws.com/_dashboards"
        )
        assert settings.opensearch.auth == "sigv4" and settings.opensearch.aws_service == "es"

    def test_serverless(self) -> None:
        settings = config.load_settings(
            {**BASE, "OPENSEARCH_URL": "https://abc123.eu-west-1.aoss.amazonaws.com"}
        )
        assert settings.opensearch.aws_service == "aoss"
        assert settings.index.use_document_ids is False
        assert settings.dashboards.url == "https://abc123.eu-west-1.aoss.amazonaws.com/_dashboards"

    def test_self_hosted(self) -> None:
        settings = config.load_settings({**BASE, "OPENSEARCH_URL": "http://search.internal:9200"})
        assert settings.dashboards.url == "http://search.internal:5601"

    def test_index_pattern_title_follows_the_pattern(self) -> None:
        settings = config.load_settings({**BASE, "INDEX_PATTERN": "app-{service}-%Y.%m"})
        assert settings.dashboards.index_pattern_title == "app-*"

    def test_dataclass_defaults_are_the_table_defaults(self) -> None:
        """One default per setting: the section dataclasses take theirs from the table."""
        settings = config.load_settings(BASE)
        assert settings.index == config.IndexSettings()
        assert settings.sanitize == config.SanitizeSettings()
        assert settings.alerts == config.AlertSettings()
        assert settings.dashboards == config.DashboardsSettings(url="http://127.0.0.1:5601")


class TestConfigCommand:
    def test_lists_problems_and_exits_non_zero(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        for name in config.ENVIRONMENT_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in {
            **BASE,
            "DEAD_LETTER_BUCKET": "b",
            "SLACK_CRITICAL_WEBHOOK_URL": "https://hooks.example/T0K3N",
            "BULK_RETRY_BASE_SECONDS": "nan",
        }.items():
            monkeypatch.setenv(name, value)
        assert main(["config", "--json"]) == 1
        out = json.loads(capsys.readouterr().out)
        problems = {p["variable"] for p in out["problems"]}
        assert problems == {
            "BULK_RETRY_BASE_SECONDS",
            "SLACK_CRITICAL_WEBHOOK_URL",
            "DEAD_LETTER_DIR",
        }
        assert out["settings"]["SLACK_CRITICAL_WEBHOOK_URL"]["value"] == "********"
        assert out["settings"]["DEAD_LETTER_BUCKET"]["source"] == "env"

    def test_clean_environment_exits_zero(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        for name in config.ENVIRONMENT_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in BASE.items():
            monkeypatch.setenv(name, value)
        assert main(["config"]) == 0
        assert "no problems" in capsys.readouterr().out
