"""The upkeep settings (index setup, auto-subscribe, re-drive): defaults, and each bad value a
clear error naming its variable."""

from __future__ import annotations

import pytest

from lambda_forwarder.config import load_settings
from lambda_forwarder.errors import ConfigError

BASE = {"OPENSEARCH_URL": "http://127.0.0.1:9200", "DEAD_LETTER_DIR": "/tmp/dl"}


def test_defaults() -> None:
    """Setup on, auto-subscribe off, re-drive 200 objects a run and a 72 h age limit."""
    settings = load_settings(BASE)
    assert settings.index.auto_setup and settings.index.template_name is None
    assert not settings.auto_subscribe.enabled
    assert settings.auto_subscribe.permission_scope == "existing"
    assert (settings.redrive.max_units, settings.redrive.max_age_hours) == (200, 72)


def test_values_are_read() -> None:
    settings = load_settings(
        BASE
        | {
            "INDEX_TEMPLATE_NAME": "shop-logs",
            "INDEX_AUTO_SETUP": "false",
            "AUTO_SUBSCRIBE_PREFIXES": "/aws/lambda/, /ecs/",
            "AUTO_SUBSCRIBE_PATTERNS": "/k8s/*-api",
            "AUTO_SUBSCRIBE_FILTER_PATTERN": '{ $.level = "error" }',
            "AUTO_SUBSCRIBE_PERMISSION_SCOPE": "group",
            "REDRIVE_MAX_UNITS": "5",
            "REDRIVE_MAX_AGE_HOURS": "1",
        }
    )
    assert settings.index.template_name == "shop-logs" and not settings.index.auto_setup
    assert settings.auto_subscribe.prefixes == ("/aws/lambda/", "/ecs/")
    assert settings.auto_subscribe.patterns == ("/k8s/*-api",)
    assert settings.auto_subscribe.permission_scope == "group"
    assert (settings.redrive.max_units, settings.redrive.max_age_hours) == (5, 1)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("INDEX_TEMPLATE_NAME", "Shop Logs"),
        ("INDEX_AUTO_SETUP", "maybe"),
        ("AUTO_SUBSCRIBE_FILTER_PATTERN", "x" * 1025),
        ("AUTO_SUBSCRIBE_PERMISSION_SCOPE", "everything"),
        ("REDRIVE_MAX_UNITS", "0"),
        ("REDRIVE_MAX_AGE_HOURS", "soon"),
    ],
)
def test_bad_values_name_their_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(BASE | {name: value})
    assert name in str(caught.value)
