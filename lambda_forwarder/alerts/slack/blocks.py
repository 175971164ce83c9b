"""Block Kit messages: one per error (or group of identical errors), and the cap's summary.

Log text is hostile input. Everything taken from a record is escaped (`&`, `<`, `>`) so
`<!channel>` pings nobody and `<https://evil|click>` renders no link, and raw log text goes in
code blocks so `*`, `_` and `~` do not format. Every piece is cut to Slack's documented limits
with a visible marker, because Slack rejects the whole message (`invalid_blocks`) otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from lambda_forwarder.alerts.notifier import AlertLinks, IssueContext, IssueKind, SummaryLine
from lambda_forwarder.alerts.slack.text import (
    code_block,
    escape_mrkdwn,
    plain,
    slack_len,
    truncate,
)

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER = 150
MAX_BUTTON_TEXT = 75
MAX_FALLBACK = 300  # the notification line; Slack allows far more, phones show less
MESSAGE_LIMIT = 2000  # the log message's share of its section
STACK_LIMIT = 2500

_LEVEL_TITLES = {"critical": "Critical", "error": "Error", "warning": "Warning"}
_LEVEL_ICONS = {"critical": ":rotating_light:", "error": ":red_circle:", "warning": ":warning:"}
_TIMES = "\u00d7"  # the multiplication sign of the count line
_DASH = "\u2013"
_GRAVE = "\u02cb"  # looks like a backtick, cannot close inline code
_MENTION_ID = re.compile(r"[A-Z0-9]{6,}")


def mention_markup(mention: str | None) -> str | None:
    """Slack markup for the configured critical mention.

    Accepts ready markup (`<!subteam^S0123>`), `here`/`channel`, a user group id (`S...`) or a
    user id (`U...`/`W...`); anything else is shown escaped, as text.
    """
    if not mention:
        return None
    mention = mention.strip()
    if mention.startswith("<") and mention.endswith(">"):
        return mention
    bare = mention.lstrip("@!")
    if bare in ("here", "channel", "everyone"):
        return f"<!{bare}>"
    if _MENTION_ID.fullmatch(bare) and bare[0] == "S":
        return f"<!subteam^{bare}>"
    if _MENTION_ID.fullmatch(bare) and bare[0] in "UW":
        return f"<@{bare}>"
    return escape_mrkdwn(mention)


def _field(title: str, value: object, *, code: bool = True) -> dict[str, str]:
    text = escape_mrkdwn(" ".join(str(value).split()))
    room = MAX_FIELD_TEXT - len(title) - 8
    text = truncate(text, room)
    body = f"`{text.replace('`', _GRAVE)}`" if code else text
    return {"type": "mrkdwn", "text": f"*{title}*\n{body}"}


def _present(source: Mapping[str, Any], key: str) -> str | None:
    value = source.get(key)
    if value is None or value == "":
        return None
    return str(value)


def _fields(source: Mapping[str, Any], level: str, at: datetime) -> list[dict[str, str]]:
    entries: list[tuple[str, str | None, bool]] = [
        ("Service", _present(source, "service.name"), True),
        ("Environment", _present(source, "service.environment"), True),
        ("Version", _present(source, "service.version"), True),
        ("Logger", _present(source, "log.logger"), True),
        ("Level", level, True),
        ("Time", at.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + " UTC", False),
        ("Error type", _present(source, "error.type"), True),
        ("Request id", _present(source, "request_id"), True),
        ("Trace id", _present(source, "trace.id"), True),
    ]
    group, stream = (
        _present(source, "aws.cloudwatch.log_group"),
        _present(source, "aws.cloudwatch.log_stream"),
    )
    if group or stream:
        entries.append(("Log group / stream", " / ".join(p for p in (group, stream) if p), True))
    fields = [_field(title, value, code=code) for title, value, code in entries if value]
    return fields[:MAX_FIELDS]


def _count_line(count: int, suppressed_before: int) -> str | None:
    parts = []
    if count > 1:
        parts.append(f"{_TIMES}{count:,} in this batch")
    if suppressed_before > 0:
        parts.append(f"({suppressed_before:,} more suppressed since last alert)")
    return " ".join(parts) or None


def ago(delta: timedelta) -> str:
    """A rough age for humans: "just now", "5 minutes", "3 hours", "3 days"."""
    seconds = max(0, int(delta.total_seconds()))
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"


def issue_title(issue: IssueContext) -> str:
    """What the issue is doing, first in the header: New / Regressed in 2.0.2 / Ongoing."""
    if issue.kind is IssueKind.NEW:
        return "New"
    if issue.kind is IssueKind.REGRESSED:
        return f"Regressed {issue.reason}".strip()
    return "Ongoing"


def issue_line(issue: IssueContext, at: datetime) -> str:
    """The history line: "Ongoing: 1,234 since 09:12, first seen 3 days ago · 5,000 in total"."""
    first = f"first seen {ago(at - issue.first_seen)}"
    if issue.kind is IssueKind.ONGOING and issue.last_alerted is not None:
        since = issue.last_alerted.strftime("%H:%M")
        head = f"Ongoing: {issue.since_last:,} since {since} UTC, {first}"
    elif issue.kind is IssueKind.REGRESSED:
        head = f"{issue_title(issue)}: {issue.since_last:,} now, {first}"
    else:
        head = f"New issue: {issue.since_last:,} so far, {first}"
    return escape_mrkdwn(f"{head} \u00b7 {issue.total:,} in total")


def parent_line(issue: IssueContext, at: datetime) -> str:
    """The issue's own message, refreshed in place (app mode): the totals, and where the
    latest is: "2,000 occurrences, first seen 3 days ago · latest 10:12 UTC: Ongoing"."""
    first = f"first seen {ago(at - issue.first_seen)}"
    latest = f"latest {at.strftime('%H:%M')} UTC: {issue_title(issue)}"
    return escape_mrkdwn(
        f"{issue.total:,} occurrence{'s' if issue.total != 1 else ''}, {first} \u00b7 {latest}"
        " \u00b7 every message in the thread"
    )


def _buttons(links: AlertLinks) -> list[dict[str, Any]]:
    buttons = []
    for action_id, label, url in (
        ("view_full_log", "View Full Log", links.view_log),
        ("all_occurrences", "All occurrences", links.all_occurrences),
        ("request_logs", "All logs for this request", links.request_logs),
        ("cloudwatch", "CloudWatch", links.cloudwatch),
    ):
        if url:
            buttons.append(
                {
                    "type": "button",
                    "action_id": action_id,
                    "text": {"type": "plain_text", "text": plain(label, MAX_BUTTON_TEXT)},
                    "url": url,
                }
            )
    if buttons:
        buttons[0]["style"] = "primary"
    return buttons


def build_alert(
    source: Mapping[str, Any],
    *,
    level: str,
    at: datetime,
    count: int = 1,
    suppressed_before: int = 0,
    links: AlertLinks | None = None,
    mention: str | None = None,
    note: str | None = None,
    issue: IssueContext | None = None,
    parent: bool = False,
) -> dict[str, Any]:
    """The webhook payload for one error record (standing for `count` identical ones).

    `parent`: the issue's own message in app mode, refreshed in place with the issue's totals
    (the latest record's details; no mention: an edit notifies nobody anyway).

    `note` is shown as a warning under the message: for a record that could not be indexed,
    what happened to it (its message then carries no "View Full Log" button: nothing to open).
    """
    service = _present(source, "service.name") or "unknown service"
    title = _LEVEL_TITLES.get(level, level.title())
    if issue is not None and parent:
        title = f"Issue: {title.lower()}"
        mention = None
    elif issue is not None:
        title = f"{issue_title(issue)}: {title.lower()}"
    message = _present(source, "message") or _present(source, "error.message") or "(no message)"
    first_line = message.strip().splitlines()[0] if message.strip() else message
    fallback = truncate(escape_mrkdwn(f"{title} in {service}: {first_line}"), MAX_FALLBACK)

    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "text": plain(f"{title} in {service}", MAX_HEADER),
                "emoji": False,
            },
        }
    ]
    markup = mention_markup(mention) if level == "critical" else None
    lead = f"{_LEVEL_ICONS.get(level, '')} {markup or ''}".strip()
    message_text = code_block(escape_mrkdwn(message), MESSAGE_LIMIT)
    blocks.append(
        {"type": "section", "text": {"type": "mrkdwn", "text": f"{lead}\n{message_text}"}}
    )
    if note:
        warning = truncate(f":warning: {escape_mrkdwn(note)}", MAX_SECTION_TEXT)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": warning}]})
    if issue is not None:
        counts: str | None = parent_line(issue, at) if parent else issue_line(issue, at)
    else:
        counts = _count_line(count, suppressed_before)
    if counts:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": counts}]})
    blocks.append({"type": "section", "fields": _fields(source, level, at)})

    error_type = _present(source, "error.type")
    error_message = _present(source, "error.message")
    stack = _present(source, "error.stack_trace")
    if error_type or error_message or stack:
        head = escape_mrkdwn(f"{error_type or 'Error'}: {error_message or ''}".rstrip(": "))
        head = truncate(f"*{head}*", 400)
        text = head
        if stack:
            room = MAX_SECTION_TEXT - slack_len(head) - 1
            text = (
                f"{head}\n{code_block(escape_mrkdwn(stack), min(STACK_LIMIT, room), keep='tail')}"
            )
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text}})

    buttons = _buttons(links or AlertLinks())
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    return {"text": fallback, "blocks": blocks}


def build_summary(
    lines: Sequence[SummaryLine],
    *,
    start: datetime,
    end: datetime,
    link: str | None,
    cap: int,
) -> dict[str, Any]:
    """The message sent once the cap is reached: every further distinct error, one line each."""
    records = sum(line.count for line in lines)
    title = f"{len(lines):,} more distinct errors ({records:,} records)"
    window = f"{start.strftime('%H:%M:%S')}{_DASH}{end.strftime('%H:%M:%S')} UTC"
    intro = (
        f"The limit of {cap} alert messages per batch was reached. Further errors between {window}:"
    )
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": plain(title, MAX_HEADER)}},
        {"type": "section", "text": {"type": "mrkdwn", "text": intro}},
    ]
    reserved = 2 + (1 if link else 0) + 1  # header, intro, button, the "and N more" line
    chunk: list[str] = []
    used = 0
    listed = 0
    for line in lines:
        entry = _summary_entry(line)
        if used + slack_len(entry) + 1 > MAX_SECTION_TEXT:
            if len(blocks) + reserved >= MAX_BLOCKS:
                break
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(chunk)}})
            chunk, used = [], 0
        chunk.append(entry)
        used += slack_len(entry) + 1
        listed += 1
    if chunk:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(chunk)}})
    if listed < len(lines):
        rest = len(lines) - listed
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": f"…and {rest:,} more: see Discover."}],
            }
        )
    if link:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "view_errors",
                        "style": "primary",
                        "text": {"type": "plain_text", "text": "View these errors"},
                        "url": link,
                    }
                ],
            }
        )
    return {"text": truncate(escape_mrkdwn(title), MAX_FALLBACK), "blocks": blocks}


def _summary_entry(line: SummaryLine) -> str:
    message = " ".join(line.message.split()) or "(no message)"
    kind = escape_mrkdwn(truncate(line.error_type or "error", 80, "…"))
    text = escape_mrkdwn(truncate(message, 90, "…")).replace("`", _GRAVE)
    extra = f" (+{line.suppressed_before:,} earlier)" if line.suppressed_before else ""
    service = escape_mrkdwn(truncate(line.service, 40, "…"))
    return f"• {_TIMES}{line.count:,}{extra} *{service}* {kind}: `{text}`"
