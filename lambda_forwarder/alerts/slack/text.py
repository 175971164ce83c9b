"""Slack text safety: mrkdwn escaping and truncation to Slack's limits with a visible marker.

Slack counts characters; whether astral characters (emoji) count once or twice is not
documented, so lengths here are counted in UTF-16 code units, which is never less than either.
"""

from __future__ import annotations

import re

TRUNCATION_MARKER = "…(truncated)"

_ENTITY_TAIL = re.compile(r"&[a-z]{0,3}$")
_BACKTICK_RUN = re.compile(r"``+")


def slack_len(text: str) -> int:
    """Length as Slack may count it: UTF-16 code units."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def escape_mrkdwn(text: str) -> str:
    """Escape exactly `&`, `<`, `>`: no mention, channel ping or disguised link survives."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, units: int) -> str:
    """The longest prefix of `text` of at most `units` UTF-16 code units."""
    if units <= 0:
        return ""
    if slack_len(text) <= units:
        return text
    cut = min(len(text), units)
    while cut > 0 and slack_len(text[:cut]) > units:
        cut -= max(1, (slack_len(text[:cut]) - units) // 2)
    return text[:cut]


def _drop_partial_entity(text: str) -> str:
    """Never end on half of `&amp;`/`&lt;`/`&gt;`: Slack would show the fragment."""
    return _ENTITY_TAIL.sub("", text)


def truncate(text: str, limit: int, marker: str = TRUNCATION_MARKER) -> str:
    """`text`, or its head plus `marker`, within `limit` units. Safe on escaped mrkdwn."""
    if slack_len(text) <= limit:
        return text
    return _drop_partial_entity(_cut(text, limit - slack_len(marker))) + marker


def truncate_head(text: str, limit: int, marker: str = TRUNCATION_MARKER) -> str:
    """`text`, or `marker` plus its tail, within `limit` units: for stack traces."""
    if slack_len(text) <= limit:
        return text
    keep = limit - slack_len(marker) - 1
    tail = text[::-1]
    tail = _cut(tail, keep)[::-1]
    # start at a line boundary when one is near, and never inside an entity
    newline = tail.find("\n")
    if 0 <= newline < 200:
        tail = tail[newline + 1 :]
    amp = tail.find(";")
    if 0 <= amp < 4 and "&" not in tail[:amp]:
        tail = tail[amp + 1 :]
    return marker + "\n" + tail


def code_block(escaped: str, limit: int, *, keep: str = "head") -> str:
    """Escaped text in a ``` block within `limit` units, truncated at the end or the start.

    A run of backticks inside the text would close the block early, so each is broken with a
    zero-width space: the text still reads the same.
    """
    body = _BACKTICK_RUN.sub(lambda m: "`\u200b" * (len(m.group()) - 1) + "`", escaped)
    body = body.strip("\n") or " "
    room = limit - 8  # the fences, and a zero-width space each side if needed
    body = truncate(body, room) if keep == "head" else truncate_head(body, room)
    if body.startswith("`"):
        body = "\u200b" + body
    if body.endswith("`"):
        body += "\u200b"
    return f"```{body}```"


def plain(text: str, limit: int) -> str:
    """Plain text (headers, button labels) on one line within `limit` units."""
    return truncate(" ".join(text.split()), limit, "…")
