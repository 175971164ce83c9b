"""Django settings with a LOGGING of its own (console handlers), applied after the capture."""

from __future__ import annotations

import os

import emitter

emitter.capture_stdlib()

DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.frameworks.apps.django_urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict[str, dict[str, str]] = {}
USE_TZ = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO"},
        "shop": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
