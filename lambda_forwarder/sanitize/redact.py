"""Redaction of a raw log line, for dead letters: they keep the line for replay, never secrets.

A JSON object line is redacted key by key, exactly as the sanitizer redacts fields (so the
document a replay builds is the document the original would have built); other text gets the
values of `key=value`, `key: value` and `"key": "value"` masked when the key holds a redaction
word. Redacting twice gives the same text as redacting once.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from lambda_forwarder.sanitize.core import REDACTED

_SCHEMES = r"(?:Bearer|Basic|Digest|Token|Negotiate|AWS4-HMAC-SHA256)"


def _words(redact_fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(word.lower() for word in redact_fields if word)


def _redact_tree(value: Any, words: tuple[str, ...]) -> tuple[Any, bool]:
    kind = type(value)
    if kind is dict:
        changed = False
        result: dict[str, Any] = {}
        for key, item in value.items():
            lowered = key.lower()
            if any(word in lowered for word in words):
                result[key] = REDACTED
                changed = changed or item != REDACTED
            else:
                result[key], item_changed = _redact_tree(item, words)
                changed = changed or item_changed
        return result, changed
    if kind is list:
        items = [_redact_tree(item, words) for item in value]
        return [item for item, _ in items], any(changed for _, changed in items)
    return value, False


@lru_cache(maxsize=16)
def _text_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    key = rf"[\w.\-]*(?:{alternatives})[\w.\-]*"
    value = (
        r"(?P<value>\[REDACTED\]|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'"
        rf"|{_SCHEMES}[ \t]+[^\s,;&]+|[^\s,;&\"'}}\]]+)"
    )
    return re.compile(
        rf"(?P<key>[\"']?{key}[\"']?)(?P<sep>[ \t]*[:=][ \t]*){value}",
        re.IGNORECASE,
    )


_COOKIE_LINE = re.compile(r"((?:set-)?cookie[ \t]*:[ \t]*)[^\r\n]*", re.IGNORECASE)


def _mask(match: re.Match[str]) -> str:
    value = match["value"]
    quote = value[0] if value[0] in "\"'" and len(value) >= 2 and value[-1] == value[0] else ""
    return f"{match['key']}{match['sep']}{quote}{REDACTED}{quote}"


def redact_text(text: str, redact_fields: tuple[str, ...]) -> str:
    """Mask the values of secret-named keys in free text."""
    words = _words(redact_fields)
    if not words:
        return text
    lowered = text.lower()
    if not any(word in lowered for word in words):
        return text
    if "cookie" in words and "cookie" in lowered:
        text = _COOKIE_LINE.sub(lambda match: f"{match[1]}{REDACTED}", text)
    return _text_pattern(words).sub(_mask, text)


def redact_message(message: str, redact_fields: tuple[str, ...]) -> str:
    """The line with every secret-named value replaced by `[REDACTED]`; unchanged if there was
    none. JSON object lines are re-serialized only when something was redacted."""
    words = _words(redact_fields)
    if not words:
        return message
    if message.lstrip()[:1] == "{":
        try:
            parsed = json.loads(message)
        except (ValueError, RecursionError):
            parsed = None
        if type(parsed) is dict:
            redacted, changed = _redact_tree(parsed, words)
            if not changed:
                return message
            return json.dumps(redacted, ensure_ascii=False, separators=(",", ":"))
    return redact_text(message, redact_fields)
