"""The one redactor: every output of the forwarder masks secrets by these rules.

Documents (the sanitizer), dead letters (the raw line), Slack messages, the forwarder's own logs
and its invocation results all call a `Redactor`, so a secret masked in one place is masked in
every other (two redactors drift apart; one cannot).

Two rules:
- By key, in words, not substrings: a field (or a `key=value`, `key: value`, `"key": "value"` in
  text) is secret when the words of its name end with a configured term. Names are split into
  words at `_ - . space` and camelCase humps: `access_token`, `X-Api-Key`, `clientSecret`,
  `Set-Cookie` are secret with the default terms; `inputTokenCount`, `max_tokens`, `token_type`
  and `secret_arn` are not.
- By shape, wherever it appears: bearer/basic credentials, JWTs, private key blocks, AWS secret
  access keys, Slack and GitHub tokens, Slack webhook paths and passwords in URLs.
Redacting twice gives the same text as redacting once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from lambda_forwarder.jsonio import dumps, loads_object
from lambda_forwarder.sanitize.core import REDACTED, TRUNCATION_MARKER

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_CACHE_LIMIT = 20_000


def words_of(name: str) -> tuple[str, ...]:
    """`X-Api-Key` -> ("x", "api", "key"); `inputTokenCount` -> ("input", "token", "count")."""
    return tuple(word.lower() for word in _WORD.findall(name))


# Secret by shape. Each alternative keeps what identifies the kind (a scheme, a URL's user) and
# masks the credential itself.
_SHAPES = re.compile(
    r"(?P<pem>-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----"
    r"(?:.*?-----END [A-Z0-9 ]*PRIVATE KEY-----|[A-Za-z0-9+/=\s\\]*))"
    r"|(?P<jwt>\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)"
    r"|(?P<scheme>\b(?:Bearer|bearer|BEARER)[ \t]+)"
    r"(?P<bearer>(?!\[REDACTED\])(?=[A-Za-z0-9._~+/=-]*[0-9])[A-Za-z0-9._~+/=-]{16,})"
    r"|(?P<basic_scheme>\b(?:Basic|basic|BASIC)[ \t]+)"
    r"(?P<basic>(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])"
    r"|(?P<slack>\bxox[abposr]-[A-Za-z0-9-]{10,})"
    r"|(?P<github>\bgh[pousr]_[A-Za-z0-9]{30,})"
    r"|(?P<hook>hooks\.slack\.com/services/)(?P<hook_path>[A-Za-z0-9/]{16,})"
    r"|(?P<url_user>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@'\"]+:)"
    r"(?P<url_pw>(?!\[REDACTED\])[^\s@/'\"]+)@"
    r"|(?P<aws>(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])"
    r"(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=]))",
    re.DOTALL,
)
# Cheap first look: a text holding none of these holds nothing `_SHAPES` would mask (a
# backslash: JSON escapes could spell anything once decoded). Each is a literal found with `in`
# (a regex alternation costs more per line than the rest of the pipeline), checked by a regex
# where the literal alone is too common. An AWS secret key is looked for where AWS is mentioned
# (a key id, `aws`): scanning every line for 40-character runs would cost as much again.
_SHAPE_HINTS: tuple[tuple[str, re.Pattern[str] | None], ...] = (
    ("-----BEGIN", None),
    ("eyJ", None),
    ("earer", re.compile(r"[Bb]earer[ \t]")),
    ("asic", re.compile(r"[Bb]asic[ \t]")),
    ("xox", None),
    ("gh", re.compile(r"gh[pousr]_")),
    ("hooks.slack", None),
    ("://", re.compile(r"://[^\s:/@]+:[^\s@/]+@")),
    ("\\", None),
    ("AKIA", None),
    ("ASIA", None),
)

_VALUE = (
    r"(?P<value>\[REDACTED\]|…\[truncated\]|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'"
    r"|(?:Bearer|Basic|Digest|Token|Negotiate|AWS4-HMAC-SHA256)[ \t]+[^\s,;&]+"
    r"|[^\s,;&\"'}\]]+)"
)


def _pair_pattern(last_words: tuple[str, ...]) -> re.Pattern[str]:
    """`key sep value` where the key holds a term's last word (the callback then decides by
    words: `max_tokens=5` matches here and is left alone)."""
    alternatives = "|".join(re.escape(word) for word in sorted(last_words, key=len, reverse=True))
    name = rf"(?P<name>[\w.\-]*(?:{alternatives})[\w.\-]*)"
    return re.compile(rf"(?P<key>[\"']?{name}[\"']?)(?P<sep>[ \t]*[:=][ \t]*){_VALUE}", re.I)


_MARKERS = frozenset({REDACTED, TRUNCATION_MARKER})
_COOKIE_LINE = re.compile(r"(\b(?:set-)?cookie[ \t]*:[ \t]*)(?![ \t]*\[REDACTED\])[^\r\n]+", re.I)


class Redactor:
    """Set up once from the configured terms (`REDACT_FIELDS`); every output uses one."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._terms = tuple(sorted({words_of(term) for term in terms if words_of(term)}))
        # The last word of every term, lowercase: a text without any of them has no secret key.
        self._last_words = tuple(sorted({term[-1] for term in self._terms}))
        self._keys: dict[str, bool] = {}
        self._cookie = any(term[-1] == "cookie" for term in self._terms)
        self._pair = _pair_pattern(self._last_words) if self._terms else None
        self._hint_words = (*self._last_words, "aws")

    @property
    def enabled(self) -> bool:
        return bool(self._terms)

    # --- names ---------------------------------------------------------------------------

    def is_secret_key(self, name: str) -> bool:
        """Whether a field of this name holds a secret: its words end with a term."""
        known = self._keys.get(name)
        if known is None:
            words = words_of(name)
            known = any(words[-len(term) :] == term for term in self._terms)
            if not known and words:  # `apikey` written as one word, `APIKEY`
                joined = "".join(words[-2:])
                known = any("".join(term) == joined for term in self._terms if len(term) > 1)
            if len(self._keys) > _CACHE_LIMIT:
                self._keys.clear()
            self._keys[name] = known
        return known

    # --- text ----------------------------------------------------------------------------

    def suspicious(self, text: str) -> bool:
        """Cheap test: False means neither rule can match anywhere in `text` (nor in a value
        parsed out of it, JSON escapes aside: a backslash makes it True)."""
        lowered = text.lower()
        for word in self._hint_words:
            if word in lowered:
                return True
        for literal, pattern in _SHAPE_HINTS:
            if literal in text and (pattern is None or pattern.search(text)):
                return True
        return False

    def text(self, text: str) -> str:
        """`text` with secret-keyed values and secret-shaped values masked."""
        if not self.suspicious(text):
            return text
        text = _SHAPES.sub(_mask_shape, text)
        lowered = text.lower()
        if not any(word in lowered for word in self._last_words):
            return text
        if self._cookie and "cookie" in lowered:
            text = _COOKIE_LINE.sub(lambda match: f"{match[1]}{REDACTED}", text)
        return self._pair.sub(self._mask_pair, text) if self._pair else text

    def _mask_pair(self, match: re.Match[str]) -> str:
        # A value that is already a marker (masked, or cut away at the size cap) holds nothing.
        if match["value"] in _MARKERS or not self.is_secret_key(match["name"]):
            return match[0]
        value = match["value"]
        quote = value[0] if value[0] in "\"'" and len(value) >= 2 and value[-1] == value[0] else ""
        return f"{match['key']}{match['sep']}{quote}{REDACTED}{quote}"

    # --- structures ----------------------------------------------------------------------

    def tree(self, value: Any, path: str = "") -> tuple[Any, list[str]]:
        """A copy of a parsed JSON value with secret keys and secret text masked, and the
        dotted paths of what was masked (empty when nothing was)."""
        masked: list[str] = []
        return self._tree(value, path, masked), masked

    def _tree(self, value: Any, path: str, masked: list[str]) -> Any:
        kind = type(value)
        if kind is str:
            clean = self.text(value)
            if clean != value:
                masked.append(path)
            return clean
        if kind is dict:
            result: dict[Any, Any] = {}
            for key, item in value.items():
                name = key if type(key) is str else str(key)
                where = f"{path}.{name}" if path else name
                if self.is_secret_key(name):
                    result[key] = REDACTED
                    if item != REDACTED:
                        masked.append(where)
                else:
                    result[key] = self._tree(item, where, masked)
            return result
        if kind is list or kind is tuple:
            return [self._tree(item, path, masked) for item in value]
        return value

    def line(self, message: str) -> str:
        """A raw log line as a dead letter or an alert may show it: a JSON object line is
        redacted value by value (and re-serialized only if something changed), other text by
        `text`. The document a replay builds from it is the document the original built."""
        if not self.suspicious(message):
            return message
        if message.lstrip()[:1] == "{":
            parsed = loads_object(message)
            if parsed is not None:
                redacted, masked = self.tree(parsed)
                return dumps(redacted) if masked else message
        return self.text(message)


def _mask_shape(match: re.Match[str]) -> str:
    kind = match.lastgroup
    if kind in ("bearer", "basic"):
        return f"{match['scheme'] or match['basic_scheme']}{REDACTED}"
    if kind == "hook_path":
        return f"{match['hook']}{REDACTED}"
    if kind == "url_pw":
        return f"{match['url_user']}{REDACTED}@"
    return REDACTED
