"""Block Kit messages: escaped, within Slack's limits, with the details an engineer needs."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from devtools.slack_receiver import validate_payload
from lambda_forwarder.alerts.slack.blocks import (
    AlertLinks,
    SummaryLine,
    build_alert,
    build_summary,
    mention_markup,
)
from lambda_forwarder.alerts.slack.text import (
    TRUNCATION_MARKER,
    code_block,
    escape_mrkdwn,
    truncate,
)
from lambda_forwarder.model import Document

AT = datetime(2026, 11, 25, 10, 7, 6, 123000, tzinfo=UTC)
INJECTIONS = ("<!channel>", "<!here>", "<https://evil.example|click>", "<@U012345>", "a & b")


def all_text(payload: dict) -> list[str]:
    """Every string Slack would render as mrkdwn or plain text."""
    found: list[str] = [payload["text"]]

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(payload["blocks"])
    return found


def alert(document: Document, **kwargs: object) -> dict:
    payload = build_alert(document.source, level=document.source["log.level"], at=AT, **kwargs)
    code, problems = validate_payload(payload)
    assert code is None, problems
    return payload


class TestEscaping:
    @pytest.mark.parametrize("injection", INJECTIONS)
    def test_injections_come_out_escaped(
        self, document_factory: Callable[..., Document], injection: str
    ) -> None:
        """Message, error, stack, fields, fallback: no raw < or > anywhere, & as &amp;."""
        doc = document_factory(
            f"user said {injection}",
            service=f"svc{injection}",
            error_type=f"Err{injection}",
            log__logger=f"lg{injection}",
            request_id=f"r{injection}",
        )
        doc.source["error.message"] = f"boom {injection}"
        doc.source["error.stack_trace"] = f"Traceback\n  {injection}\nErr: {injection}"
        payload = alert(doc)
        texts = all_text(payload)
        for text in texts:
            if text.startswith("Error in svc") and text == payload["blocks"][0]["text"]["text"]:
                continue  # the header is plain_text: Slack shows it literally
            assert "<!" not in text and "<http" not in text and "<@" not in text
        joined = json.dumps(payload)
        escaped = escape_mrkdwn(injection)
        assert escaped in joined
        assert "&amp;amp;" not in joined  # escaped exactly once

    def test_header_is_plain_text(self, document_factory: Callable[..., Document]) -> None:
        """The header is plain_text, which Slack never parses for mentions or links."""
        payload = alert(document_factory(service="<!channel>"))
        assert payload["blocks"][0]["type"] == "header"
        assert payload["blocks"][0]["text"]["type"] == "plain_text"

    def test_message_in_code_block_with_backticks_broken(
        self, document_factory: Callable[..., Document]
    ) -> None:
        """Raw log text sits in a code block that a ``` inside the text cannot close."""
        payload = alert(document_factory("before ``` *bold* after"))
        section = payload["blocks"][1]["text"]["text"]
        body = section.split("\n", 1)[1]
        assert body.startswith("```") and body.endswith("```")
        assert "```" not in body[3:-3]
        assert "*bold*" in body


class TestContent:
    def test_fallback_header_fields(self, document_factory: Callable[..., Document]) -> None:
        """Fallback 'Error in payments', header, and the fields an engineer looks for."""
        doc = document_factory(trace__id="1-abc-def")
        payload = alert(doc)
        assert payload["text"].startswith("Error in payments: charge failed")
        assert payload["blocks"][0]["text"]["text"] == "Error in payments"
        fields = next(b for b in payload["blocks"] if "fields" in b)["fields"]
        titles = [f["text"].split("\n")[0].strip("*") for f in fields]
        assert titles == [
            "Service",
            "Environment",
            "Version",
            "Logger",
            "Level",
            "Time",
            "Error type",
            "Request id",
            "Trace id",
            "Log group / stream",
        ]
        assert len(fields) <= 10
        text = json.dumps(payload)
        assert "2026-11-25 10:07:06.123 UTC" in text
        assert "/aws/lambda/payments / 2026/11/25/[$LATEST]" in text

    def test_absent_fields_are_left_out(self, document_factory: Callable[..., Document]) -> None:
        """A plain-text record without error or ids still gives a valid message."""
        doc = document_factory(
            "ERROR something broke",
            error_type=None,
            request_id=None,
            service__environment=None,
            service__version=None,
        )
        payload = alert(doc)
        titles = [
            f["text"].split("\n")[0]
            for f in next(b for b in payload["blocks"] if "fields" in b)["fields"]
        ]
        assert "*Request id*" not in titles and "*Error type*" not in titles
        assert len(payload["blocks"]) == 3  # header, message, fields

    def test_stack_tail_in_code_block(self, document_factory: Callable[..., Document]) -> None:
        """Error type and message in bold, the stack trace's tail (where the error is) in code."""
        doc = document_factory()
        doc.source["error.stack_trace"] = "\n".join(f"  frame {n}" for n in range(2000)) + "\nLAST"
        payload = alert(doc)
        stack = payload["blocks"][-1]["text"]["text"]
        assert stack.startswith("*requests.exceptions.Timeout: read timed out (timeout=30)*")
        assert stack.rstrip("`").endswith("LAST")
        assert TRUNCATION_MARKER in stack and len(stack) <= 3000

    def test_counts(self, document_factory: Callable[..., Document]) -> None:
        """Grouped and suppressed counts are shown."""
        payload = alert(document_factory(), count=37, suppressed_before=12)
        context = next(b for b in payload["blocks"] if b["type"] == "context")
        assert context["elements"][0]["text"] == (
            "\u00d737 in this batch (12 more suppressed since last alert)"
        )

    def test_buttons(self, document_factory: Callable[..., Document]) -> None:
        """Buttons appear for the links given, with unique action ids."""
        links = AlertLinks("https://d/1", None, "https://d/2", "https://c/3")
        payload = alert(document_factory(), links=links)
        buttons = payload["blocks"][-1]["elements"]
        assert [b["text"]["text"] for b in buttons] == [
            "View Full Log",
            "All logs for this request",
            "CloudWatch",
        ]
        assert [b["url"] for b in buttons] == ["https://d/1", "https://d/2", "https://c/3"]
        payload = alert(document_factory(), links=AlertLinks(view_log="https://d/1"))
        assert [b["action_id"] for b in payload["blocks"][-1]["elements"]] == ["view_full_log"]

    def test_critical_mention(self, document_factory: Callable[..., Document]) -> None:
        """Critical alerts carry the configured mention; errors never do."""
        crit = alert(document_factory(level="critical"), mention="S0123ABCD")
        assert crit["blocks"][0]["text"]["text"] == "Critical in payments"
        assert "<!subteam^S0123ABCD>" in crit["blocks"][1]["text"]["text"]
        err = alert(document_factory(level="error"), mention="S0123ABCD")
        assert "subteam" not in json.dumps(err)

    @pytest.mark.parametrize(
        ("given", "markup"),
        [
            ("<!subteam^S1>", "<!subteam^S1>"),
            ("here", "<!here>"),
            ("@channel", "<!channel>"),
            ("U0ABCDEF1", "<@U0ABCDEF1>"),
            ("on-call <team>", "on-call &lt;team&gt;"),
            (None, None),
        ],
    )
    def test_mention_markup(self, given: str | None, markup: str | None) -> None:
        assert mention_markup(given) == markup


class TestLimits:
    def test_huge_record_is_truncated_visibly(
        self, document_factory: Callable[..., Document]
    ) -> None:
        """Every piece over its limit is cut with the marker; Slack's validator accepts it."""
        huge = "<&>" * 20_000
        doc = document_factory(
            huge, service="s" * 500, error_type="E" * 3000, log__logger="l" * 5000
        )
        doc.source["error.message"] = huge
        doc.source["error.stack_trace"] = huge
        payload = alert(doc)
        text = json.dumps(payload, ensure_ascii=False)
        assert TRUNCATION_MARKER in payload["blocks"][1]["text"]["text"]
        assert len(payload["blocks"][0]["text"]["text"]) <= 150
        assert "&am…" not in text and "&l" + TRUNCATION_MARKER not in text

    def test_emoji_counted_conservatively(self) -> None:
        """Astral characters count as two: the cut fits Slack's limit however Slack counts."""
        cut = truncate("🚀" * 3000, 3000)
        assert len(cut.encode("utf-16-le")) // 2 <= 3000 and cut.endswith(TRUNCATION_MARKER)

    def test_code_block_never_exceeds(self) -> None:
        for keep in ("head", "tail"):
            block = code_block("`" * 5000, 3000, keep=keep)
            assert len(block) <= 3000 and block.startswith("```") and block.endswith("```")


class TestSummary:
    def test_lists_every_distinct_error(self) -> None:
        """Each line names service, type, count; a valid payload even for 200 lines."""
        lines = [
            SummaryLine(f"svc{n}", f"Err{n}", f"message <!channel> {n}", count=n + 1)
            for n in range(40)
        ]
        payload = build_summary(lines, start=AT, end=AT, link="https://d/e", cap=10)
        assert validate_payload(payload) == (None, [])
        text = json.dumps(payload)
        for n in range(40):
            assert f"*svc{n}* Err{n}:" in text
        assert "<!channel>" not in text
        assert payload["blocks"][0]["text"]["text"] == "40 more distinct errors (820 records)"
        many = [SummaryLine("s" * 40, "E" * 80, "m" * 90, 1) for _ in range(2000)]
        payload = build_summary(many, start=AT, end=AT, link="https://d/e", cap=10)
        assert validate_payload(payload) == (None, [])
        assert "more: see Discover" in json.dumps(payload)


class TestNotIndexed:
    def test_note_is_shown_escaped_under_the_message(
        self, document_factory: Callable[..., Document]
    ) -> None:
        """A dead-lettered record's alert says what happened, escaped, within Slack's limits."""
        doc = document_factory("payment failed")
        payload = alert(doc, note="Not indexed yet (connection refused <!channel>)")
        contexts = [b for b in payload["blocks"] if b["type"] == "context"]
        texts = [e["text"] for block in contexts for e in block["elements"]]
        assert any(t.startswith(":warning: Not indexed yet") for t in texts)
        assert "&lt;!channel&gt;" in json.dumps(payload) and "<!channel>" not in json.dumps(payload)
