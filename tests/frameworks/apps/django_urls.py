"""Two views: one logging through a LOGGING-configured logger, one raising."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.urls import path


def ok(request: HttpRequest) -> HttpResponse:
    logging.getLogger("shop").info("handled %s", request.path)
    return HttpResponse("ok")


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("route failed")


urlpatterns = [path("ok", ok), path("boom", boom)]
