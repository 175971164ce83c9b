"""The Django project's WSGI entry, as `startproject` writes it."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.frameworks.apps.django_settings")
application = get_wsgi_application()
