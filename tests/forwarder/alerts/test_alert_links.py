"""Discover and CloudWatch links: both URL styles, the /_dashboards prefix, Slack's 3000 limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambda_forwarder.alerts.links import (
    MAX_URL_LENGTH,
    LinkBuilder,
    dashboards_base,
)
from lambda_forwarder.config import DashboardsSettings
from tests.support.discover import parse_discover_url

AT = datetime(2026, 11, 25, 10, 7, 6, 123456, tzinfo=UTC)
STYLES = ("classic", "data-explorer")


def builder(style: str = "data-explorer", url: str = "https://dash.example.com") -> LinkBuilder:
    dashboards = DashboardsSettings(url=url, discover_style=style, index_pattern_id="logpipe-logs")
    return LinkBuilder(dashboards, "eu-west-1")


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


class TestViewLog:
    @pytest.mark.parametrize("style", STYLES)
    def test_parses_back_to_phrase_filter_and_window(self, style: str) -> None:
        """It decodes to a log_id phrase filter, the configured pattern, a window around it."""
        url = builder(style).view_log("6f1c-log-id", AT)
        assert url is not None
        link = parse_discover_url(url)
        assert link.style == style
        assert link.index_pattern_id == "logpipe-logs"
        assert len(link.filters) == 1
        only = link.filters[0]
        assert only["query"] == {"match_phrase": {"log_id": "6f1c-log-id"}}
        assert only["meta"]["params"] == {"query": "6f1c-log-id"}
        assert only["meta"]["index"] == "logpipe-logs"
        assert only["meta"]["negate"] is False and only["meta"]["disabled"] is False
        assert parse_time(link.time_from) < AT < parse_time(link.time_to)

    def test_url_shapes(self) -> None:
        """Classic uses app/discover#/ with state in _a; 2.10+ uses app/data-explorer with _q."""
        classic = builder("classic").view_log("x", AT)
        explorer = builder("data-explorer").view_log("x", AT)
        assert classic.startswith("https://dash.example.com/app/discover#/?_g=(")
        assert "&_a=(columns:!(_source),filters:!(" in classic
        assert explorer.startswith("https://dash.example.com/app/data-explorer/discover#?_a=(")
        assert "metadata:(indexPattern:logpipe-logs,view:discover)" in explorer
        assert "&_q=(filters:!(" in explorer

    @pytest.mark.parametrize("style", STYLES)
    def test_dashboards_prefix_is_kept(self, style: str) -> None:
        """An AWS-managed /_dashboards base stays in front of app/."""
        url = builder(style, "https://search-x.eu-west-1.es.amazonaws.com/_dashboards/").view_log(
            "x", AT
        )
        assert url.startswith("https://search-x.eu-west-1.es.amazonaws.com/_dashboards/app/")
        assert parse_discover_url(url).base.endswith("/_dashboards")

    def test_aws_domain_without_path_gets_prefix(self) -> None:
        """A bare AWS domain URL is completed with /_dashboards; other hosts are left alone."""
        assert dashboards_base("https://search-x.eu-west-1.es.amazonaws.com") == (
            "https://search-x.eu-west-1.es.amazonaws.com/_dashboards"
        )
        assert dashboards_base("http://127.0.0.1:5601/") == "http://127.0.0.1:5601"
        assert (
            dashboards_base("https://logs.example.com/kibana") == "https://logs.example.com/kibana"
        )

    @pytest.mark.parametrize("style", STYLES)
    @pytest.mark.parametrize(
        "value",
        [
            'it\'s a "quoted" id!',
            "spaces and !! bangs '' and (parens),:*@$",
            "unicode ✓ café 日本語 🚀",
            "url-hostile #frag &and=eq +plus %25 ?q /slash",
            "line\nbreak\ttab",
        ],
    )
    def test_hostile_values_round_trip(self, style: str, value: str) -> None:
        """Quotes, !, spaces, unicode and URL syntax come back exactly from the URL."""
        link = parse_discover_url(builder(style).view_log(value, AT))
        assert link.filters[0]["query"]["match_phrase"]["log_id"] == value
        assert link.filters[0]["meta"]["params"]["query"] == value

    @pytest.mark.parametrize("style", STYLES)
    def test_url_has_no_raw_url_syntax_in_values(self, style: str) -> None:
        """Space, #, & and + inside values are percent-encoded so the fragment splits right."""
        url = builder(style).view_log("a b#c&d+e", AT)
        fragment = url.split("#", 1)[1]
        assert " " not in url and "#" not in fragment and "+" not in url
        assert fragment.count("&") == (1 if style == "classic" else 2)


@settings(max_examples=200, deadline=None)
@given(value=st.text(min_size=1, max_size=300), style=st.sampled_from(STYLES))
def test_any_value_round_trips(value: str, style: str) -> None:
    """Whatever the id, the URL decodes back to it (or to a prefix filter when too long)."""
    link = parse_discover_url(builder(style).request_logs("request_id", value, AT))
    query = link.filters[0]["query"]
    if "match_phrase" in query:
        assert query["match_phrase"]["request_id"] == value
    else:
        assert value.startswith(query["prefix"]["request_id"])


class TestLength:
    @pytest.mark.parametrize("style", STYLES)
    @pytest.mark.parametrize("value", ["x" * 10_000, "日本" * 3_000, "'!" * 4_000])
    def test_huge_values_stay_under_3000(self, style: str, value: str) -> None:
        """A runaway id becomes the longest prefix filter that fits, never a too-long URL."""
        url = builder(style).request_logs("request_id", value, AT)
        assert url is not None
        assert len(url) <= MAX_URL_LENGTH
        link = parse_discover_url(url)
        prefix = link.filters[0]["query"]["prefix"]["request_id"]
        assert value.startswith(prefix) and len(prefix) > 50
        assert link.filters[0]["meta"]["type"] == "custom"
        assert parse_time(link.time_from) < AT < parse_time(link.time_to)

    def test_normal_ids_are_not_shortened(self) -> None:
        """A UUID log id keeps its exact phrase filter and a short URL."""
        url = builder().view_log("0b9d8f5e-2c1a-4c3e-9a57-1f2e3d4c5b6a", AT)
        assert len(url) < 1000
        assert "match_phrase" in parse_discover_url(url).filters[0]["query"]

    def test_base_too_long_gives_no_link(self) -> None:
        """If nothing fits (an absurd base URL), there is no button rather than a broken one."""
        long_base = "https://dash.example.com/" + "p" * 3000
        assert builder(url=long_base).view_log("x", AT) is None


class TestErrorsLink:
    @pytest.mark.parametrize("style", STYLES)
    def test_filters_levels_over_the_window(self, style: str) -> None:
        """The summary link is a phrases filter on log.level over the batch window plus margin."""
        start, end = AT, AT + timedelta(seconds=40)
        link = parse_discover_url(builder(style).errors({"error", "critical"}, start, end))
        only = link.filters[0]
        assert only["meta"]["type"] == "phrases"
        assert only["meta"]["params"] == ["critical", "error"]
        should = only["query"]["bool"]["should"]
        assert {"match_phrase": {"log.level": "error"}} in should
        assert parse_time(link.time_from) < start and end < parse_time(link.time_to)


class TestCloudWatch:
    def test_console_escaping(self) -> None:
        """Names encoded twice with % written $, the query once, as the console does."""
        url = builder().cloudwatch("/aws/lambda/payments", "2026/11/25/[$LATEST]abc", AT)
        millis = int(AT.timestamp() * 1000)
        assert url == (
            "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1"
            "#logsV2:log-groups/log-group/$252Faws$252Flambda$252Fpayments"
            "/log-events/2026$252F11$252F25$252F$255B$2524LATEST$255Dabc"
            f"$3Fstart$3D{millis - 60_000}$26end$3D{millis + 60_000}"
        )

    @pytest.mark.parametrize(
        ("region", "host"),
        [
            ("us-east-1", "https://us-east-1.console.aws.amazon.com/"),
            ("cn-north-1", "https://cn-north-1.console.amazonaws.cn/"),
            ("us-gov-west-1", "https://console.amazonaws-us-gov.com/"),
        ],
    )
    def test_region_and_partition(self, region: str, host: str) -> None:
        """The record's region picks the console host of its partition."""
        url = builder().cloudwatch("/g", "s", AT, region=region)
        assert url.startswith(host) and f"region={region}" in url

    def test_bad_region_falls_back_to_configured(self) -> None:
        """A region that is not a region name never reaches the host part of the URL."""
        url = builder().cloudwatch("/g", "s", AT, region="evil.com/x")
        assert url.startswith("https://eu-west-1.console.aws.amazon.com/")

    def test_long_stream_falls_back_to_group(self) -> None:
        """A stream name too long for the limit links to the log group instead."""
        url = builder().cloudwatch("/aws/lambda/x", "s/" * 600, AT)
        assert url is not None and len(url) <= MAX_URL_LENGTH
        assert url.endswith("log-group/$252Faws$252Flambda$252Fx")
