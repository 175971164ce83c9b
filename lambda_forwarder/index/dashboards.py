"""The Dashboards base URL, and the index pattern with the fixed id the alerts' links point at.

`dashboards_base` (in config, where DASHBOARDS_URL's default is derived from it) is the one rule
for where Dashboards lives: bootstrap creates the index pattern there and the Slack links open
Discover there, so the two can never disagree.

Best effort: bootstrap works without Dashboards (a bare node, Serverless without it), so an
unreachable Dashboards is a clear "skipped" line, never an exception.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

import requests

from lambda_forwarder.config import DashboardsSettings, dashboards_base

TIME_FIELD = "@timestamp"
_HEADERS = {"osd-xsrf": "true", "content-type": "application/json"}


def display_url(url: str) -> str:
    """The URL without credentials or query, safe to print."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def index_pattern_url(settings: DashboardsSettings) -> str:
    """The saved-objects URL of the index pattern, under `dashboards_base`."""
    pattern_id = quote(settings.index_pattern_id, safe="")
    return f"{dashboards_base(settings.url)}/api/saved_objects/index-pattern/{pattern_id}"


def ensure_index_pattern(
    settings: DashboardsSettings,
    *,
    dry_run: bool = False,
    auth: Any = None,
    timeout: float = 5.0,
) -> str:
    """Create or update the index pattern `settings.index_pattern_id`; returns one line saying
    what happened (or would happen). `auth` is anything requests accepts (SigV4 on AWS)."""
    pattern_id = settings.index_pattern_id
    title = settings.index_pattern_title
    url = index_pattern_url(settings)
    where = display_url(dashboards_base(settings.url))
    label = f"dashboards index pattern {pattern_id} ({title})"
    try:
        current = requests.get(url, headers=_HEADERS, auth=auth, timeout=timeout)
        if current.status_code == 200:
            attributes = current.json().get("attributes", {})
            if attributes.get("title") == title and attributes.get("timeFieldName") == TIME_FIELD:
                return f"{label}: unchanged"
            verb = "update"
        elif current.status_code == 404:
            verb = "create"
        else:
            return f"{label}: FAILED, HTTP {current.status_code} from {where}: {current.text[:200]}"
        if dry_run:
            return f"{label}: would {verb}"
        body = {"attributes": {"title": title, "timeFieldName": TIME_FIELD}}
        written = requests.post(
            url,
            params={"overwrite": "true"},
            json=body,
            headers=_HEADERS,
            auth=auth,
            timeout=timeout,
        )
    except (requests.ConnectionError, requests.Timeout) as error:
        return f"{label}: skipped, Dashboards at {where} unreachable ({type(error).__name__})"
    except ValueError:
        return f"{label}: FAILED, {where} did not answer JSON (is it Dashboards?)"
    if written.status_code != 200:
        return f"{label}: FAILED, HTTP {written.status_code} from {where}: {written.text[:200]}"
    return f"{label}: {verb}d"
