"""gunicorn: its error log and access log as emitter records, master and workers alike.

    gunicorn --logger-class emitter.integrations.gunicorn.Logger app:app

Every access is one info record of `gunicorn.access` with the request as fields
(`http.request.method`, `url.path`, `url.query`, `http.response.status_code`, `duration_ms`,
`client.address`, `user_agent.original`), whether or not `--access-logfile` is given. The
error log (`gunicorn.error`: boot, workers, "Error handling request" with its traceback) and every
other stdlib logger are captured. Imports gunicorn: use it only under gunicorn.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from gunicorn import glogging

from emitter.stdlib import capture_stdlib


class Logger(glogging.Logger):
    """gunicorn's logger class, writing records instead of text."""

    def setup(self, cfg: Any) -> None:
        """gunicorn's setup (levels, handlers), then the capture over it; runs on reload too."""
        super().setup(cfg)
        capture_stdlib()

    @property
    def access_log_enabled(self) -> bool:
        return True

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> None:
        """One record per request, the request's parts as fields."""
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        try:
            code: int | str = int(status)
        except (TypeError, ValueError):
            code = str(status)
        # an error response comes with an empty environ: the request itself still knows
        method = environ.get("REQUEST_METHOD") or getattr(req, "method", None) or "-"
        path = environ.get("PATH_INFO") or getattr(req, "path", None) or ""
        fields = {
            "http.request.method": method,
            "url.path": path,
            "http.response.status_code": code,
            "duration_ms": round(request_time.total_seconds() * 1000, 3),
            "client.address": environ.get("REMOTE_ADDR", "-"),
        }
        agent = environ.get("HTTP_USER_AGENT") or _header(req, "USER-AGENT")
        if agent:
            fields["user_agent.original"] = agent
        if environ.get("QUERY_STRING"):
            fields["url.query"] = environ["QUERY_STRING"]
        self.access_log.info("%s %s %s", method, path, code, extra=fields)


def _header(req: Any, name: str) -> str | None:
    for key, value in getattr(req, "headers", None) or ():
        if key == name:
            return str(value)
    return None
