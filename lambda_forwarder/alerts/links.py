"""Links from an alert to its log line: OpenSearch Dashboards Discover and the CloudWatch console.

Discover keeps its whole state in Rison in the URL fragment. Two layouts are in use, chosen by
`DashboardsSettings.discover_style`:

- classic (`app/discover#/?_g=...&_a=...`): filters, index pattern and query in `_a`. Dashboards
  2.10+ still accepts it and migrates it (`discover/public/migrate_state.ts`).
- data-explorer (`app/data-explorer/discover#?_a=...&_g=...&_q=...`): index pattern in
  `_a.metadata`, filters and query in `_q`.

`_g.time` must cover the record or Discover shows nothing, so every link carries a window around
the record's own `@timestamp`. Slack rejects button URLs over 3000 characters; a value too long
to fit (a runaway request id) is shortened to a prefix filter instead of breaking the message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from lambda_forwarder.alerts import rison
from lambda_forwarder.config import DashboardsSettings, dashboards_base

MAX_URL_LENGTH = 3000
VIEW_WINDOW = timedelta(minutes=5)
REQUEST_WINDOW = timedelta(minutes=15)
SUMMARY_MARGIN = timedelta(minutes=1)
CLOUDWATCH_WINDOW = timedelta(minutes=1)

_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}")
_QUERY_NONE = {"language": "kuery", "query": ""}


def iso_millis(moment: datetime) -> str:
    """UTC ISO-8601 with milliseconds and `Z`, the form Discover writes itself."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


# --- filters, as Discover writes them --------------------------------------------------------


def phrase_filter(index_id: str, field: str, *values: str) -> dict[str, Any]:
    """Discover's "is" filter for one value, its "is one of" filter for several.

    One builder for both shapes: they share `$state` and `meta` and differ only in `type`,
    `params` and the query (one `match_phrase`, or a `bool.should` of them).
    """
    if not values:
        raise ValueError("a phrase filter needs at least one value")
    meta: dict[str, Any] = {
        "alias": None,
        "disabled": False,
        "index": index_id,
        "key": field,
        "negate": False,
    }
    if len(values) == 1:
        meta |= {"params": {"query": values[0]}, "type": "phrase"}
        query: dict[str, Any] = {"match_phrase": {field: values[0]}}
    else:
        meta |= {"params": list(values), "type": "phrases", "value": ", ".join(values)}
        query = {
            "bool": {
                "minimum_should_match": 1,
                "should": [{"match_phrase": {field: value}} for value in values],
            }
        }
    return {"$state": {"store": "appState"}, "meta": meta, "query": query}


def prefix_filter(index_id: str, field: str, prefix: str) -> dict[str, Any]:
    """A custom filter on a value's start: what fits when the whole value does not."""
    return {
        "$state": {"store": "appState"},
        "meta": {
            "alias": f"{field} starts with…",
            "disabled": False,
            "index": index_id,
            "key": "query",
            "negate": False,
            "type": "custom",
        },
        "query": {"prefix": {field: prefix}},
    }


# --- building ------------------------------------------------------------------------------


class LinkBuilder:
    """Builds the alert's URLs from configuration resolved once."""

    def __init__(
        self, dashboards: DashboardsSettings, region: str, max_length: int = MAX_URL_LENGTH
    ) -> None:
        self._base = dashboards_base(dashboards.url)
        self._style = dashboards.discover_style
        self._index_id = dashboards.index_pattern_id
        self._region = region
        self._max = max_length

    def discover(self, filters: Sequence[Mapping[str, Any]], start: datetime, end: datetime) -> str:
        """A Discover URL showing `filters` between `start` and `end` (no length check)."""
        time = {"from": iso_millis(start), "to": iso_millis(end)}
        g = {"filters": [], "refreshInterval": {"pause": True, "value": 0}, "time": time}
        if self._style == "classic":
            a = {
                "columns": ["_source"],
                "filters": list(filters),
                "index": self._index_id,
                "interval": "auto",
                "query": _QUERY_NONE,
                "sort": [],
            }
            return f"{self._base}/app/discover#/?_g={_state(g)}&_a={_state(a)}"
        a = {
            "discover": {"columns": ["_source"], "isDirty": False, "sort": []},
            "metadata": {"indexPattern": self._index_id, "view": "discover"},
        }
        q = {"filters": list(filters), "query": _QUERY_NONE}
        return (
            f"{self._base}/app/data-explorer/discover#?_a={_state(a)}&_g={_state(g)}&_q={_state(q)}"
        )

    def _field_link(self, field: str, value: str, start: datetime, end: datetime) -> str | None:
        url = self.discover([phrase_filter(self._index_id, field, value)], start, end)
        if len(url) <= self._max:
            return url
        # Too long for Slack: keep the longest prefix of the value that fits.
        low, high = 0, len(value)
        best: str | None = None
        while low < high:
            middle = (low + high + 1) // 2
            candidate = self.discover(
                [prefix_filter(self._index_id, field, value[:middle])], start, end
            )
            if len(candidate) <= self._max:
                best, low = candidate, middle
            else:
                high = middle - 1
        return best if low > 0 else None

    def view_log(self, log_id: str, at: datetime) -> str | None:
        """ "View Full Log": exactly this record, by its `log_id`, in a window around it."""
        return self._field_link("log_id", log_id, at - VIEW_WINDOW, at + VIEW_WINDOW)

    def occurrences(self, fingerprint: str, first_seen: datetime, at: datetime) -> str | None:
        """ "All occurrences": every record of this error issue, since it was first seen."""
        return self._field_link(
            "error.fingerprint", fingerprint, first_seen - VIEW_WINDOW, at + VIEW_WINDOW
        )

    def request_logs(self, field: str, value: str, at: datetime) -> str | None:
        """ "All logs for this request": every record with this request or trace id."""
        return self._field_link(field, value, at - REQUEST_WINDOW, at + REQUEST_WINDOW)

    def errors(self, levels: Iterable[str], start: datetime, end: datetime) -> str | None:
        """Every record at the alerting levels in a window: the summary's link."""
        ordered = sorted(set(levels))
        url = self.discover(
            [phrase_filter(self._index_id, "log.level", *ordered)],
            start - SUMMARY_MARGIN,
            end + SUMMARY_MARGIN,
        )
        return url if len(url) <= self._max else None

    def cloudwatch(
        self, log_group: str, log_stream: str | None, at: datetime, region: str | None = None
    ) -> str | None:
        """The CloudWatch console's view of the log stream around the event time."""
        region = region if region and _REGION.fullmatch(region) else self._region
        if not _REGION.fullmatch(region) or not log_group:
            return None
        home = f"{_console_host(region)}/cloudwatch/home?region={region}"
        group_url = f"{home}#logsV2:log-groups/log-group/{_console_escape(log_group)}"
        if log_stream:
            millis = int(at.timestamp() * 1000)
            window = int(CLOUDWATCH_WINDOW.total_seconds() * 1000)
            query = _console_escape_once(f"?start={millis - window}&end={millis + window}")
            url = f"{group_url}/log-events/{_console_escape(log_stream)}{query}"
            if len(url) <= self._max:
                return url
        return group_url if len(group_url) <= self._max else None


def _state(value: Mapping[str, Any]) -> str:
    return rison.url_quote(rison.dumps(value))


def _console_host(region: str) -> str:
    if region.startswith("cn-"):
        return f"https://{region}.console.amazonaws.cn"
    if region.startswith("us-gov-"):
        return "https://console.amazonaws-us-gov.com"
    return f"https://{region}.console.aws.amazon.com"


def _console_escape_once(text: str) -> str:
    return quote(text, safe="").replace("%", "$")


def _console_escape(text: str) -> str:
    """The console's own escaping of names in its fragment: encoded twice, `%` written `$`."""
    return quote(quote(text, safe=""), safe="").replace("%", "$")
