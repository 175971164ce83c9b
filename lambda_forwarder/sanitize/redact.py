"""The one redactor: every output of the forwarder masks secrets by these rules.

Documents (the sanitizer), dead letters (the raw line), Slack messages, the forwarder's own logs
and its invocation results all call a `Redactor`, so a secret masked in one place is masked in
every other (two redactors drift apart; one cannot).

Two rules:
- By key, in words, not substrings: a field (or a `key=value`, `key: value`, `"key": "value"` in
  text) is secret when the words of its name end with a configured term. Names are split into
  words at `_ - . space` and camelCase humps: `access_token`, `X-Api-Key`, `clientSecret`,
  `Set-Cookie` are secret with the default terms; `inputTokenCount`, `max_tokens`, `token_type`
  and `secret_arn` are not. A word is read as names spell it (`db_pass`, `MYSQL_PWD` end with
  `password`); `PWD` alone keeps an absolute path (the shell's working directory, `keeps`).
- By shape, wherever it appears: bearer/basic credentials, JWTs, private key blocks, AWS secret
  access keys (in a text that mentions AWS), Slack and GitHub tokens, Slack webhook paths and
  passwords in URLs (also one holding an unencoded `@` or `/`, or of digits that are no port).
Redacting twice gives the same text as redacting once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Container, Iterable, Sequence
from functools import cache, cached_property
from typing import Any

from lambda_forwarder import ansi, pem
from lambda_forwarder.jsonio import dumps, loads_object
from lambda_forwarder.sanitize.core import REDACTED, TRUNCATION_MARKER
from lambda_forwarder.sanitize.prescan import Scanner

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_CACHE_LIMIT = 20_000


def words_of(name: str) -> tuple[str, ...]:
    """`X-Api-Key` -> ("x", "api", "key"); `inputTokenCount` -> ("input", "token", "count")."""
    return tuple(word.lower() for word in _WORD.findall(name))


# How names spell a word of a term: `passwd`, `pass` (`db_pass`, `X-DB-Pass`, `SMTP_PASS`) and
# `pwd` (`MYSQL_PWD`, `userPwd`) are `password`, in terms as in names, so with `password` a term
# a name ending in any of them is secret. `PASS` alone in capitals is a test's verdict (Go's
# `--- PASS: TestCharge`, automake's `PASS: unit`), not a password.
# `creds` (`aws_creds`, `DB_CREDS`) is `credentials`.
_SPELLINGS = {"passwd": "password", "pass": "password", "pwd": "password", "creds": "credentials"}
# A spelling common inside other words (`passed`, `passenger`) is a hint only where it can end a
# name (`_WORD` splits names so), maybe numbered (`pass2`, `pass_2`): followed by no letter or
# digit, nor by `_`, `-` or `.` and one.
# (`bypass=` is looked at too: what comes before it would cost Hyperscan three times as much to
# compile.) One pattern for Python and Hyperscan (prescan.py): no lookarounds; a class that takes
# the newline after a text matches for that text, as `$` does in the text alone.
_SPELLING_HINTS = {
    "pass": re.compile(
        r"(?:pass|Pass|PASS)(?:[_.-]?[0-9]+)?(?:$|[^A-Za-z0-9_.-]|[_.-](?:$|[^A-Za-z0-9]))"
    ),
}


def _meant(name: str) -> tuple[str, ...]:
    """The words of a name (`words_of`) as terms spell them: `DB_PASS` -> ("db", "password")."""
    words = words_of(name)
    if words == ("pass",) and "PASS" in name:  # a verdict
        return words
    return tuple(_SPELLINGS.get(word, word) for word in words)


# The shell's working directory, `PWD=/home/app` (an environment dump, a `set` listing): a name
# that is `pwd` alone keeps a value that is an absolute path; any other value is masked.
_ABSOLUTE_PATH = re.compile(r"(?:/[^/\t\r\n]*)+")


# A URL's port: RFC 3986 allows any digits, but a TCP port is 0 to 65535, written without
# leading zeros. Digits after a user's `:` that are none (`_NO_PORT`: a leading zero, more than
# five digits, above 65535) are a password (`app:123456/x@db`, `:0123/4567@cache`); digits that
# may be a port are taken for one (`app:1234/x@db` is a password or a host and a path: kept).
_PORT = (
    r"(?:0|[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"
)
_NO_PORT = (
    r"(?:0[0-9]+|[0-9]{6,}|[7-9][0-9]{4}|6[6-9][0-9]{3}|65[6-9][0-9]{2}|655[4-9][0-9]|6553[6-9])"
)
# An AWS secret access key: 40 random characters of base64's alphabet, which mix cases and
# digits (`pem.mixes`, the rule a key block's full line is found by), standing alone (no longer
# run of them, no `=` padding after; a `=` before it is a `key=value`'s). A hex digest (`git`'s
# 40-character SHA-1) does not mix them.
_AWS_SECRET = rf"(?<![{pem.BASE64}]){pem.mixes(pem.BASE64)}[{pem.BASE64}]{{40}}(?![{pem.BASE64}=])"

# Secret by shape. Each alternative keeps what identifies the kind (a scheme, a URL's user) and
# masks the credential itself. Each needs one of its literals to match (None: none), so a text is
# scanned by one regex of the alternatives it can hold, in this order (`_shapes`): the same
# matches as all of them at once, which tried every alternative at every position and cost ten
# times as much on a line that needs one.
_SHAPE_RULES: tuple[tuple[tuple[str, ...] | None, str], ...] = (
    (
        ("-----BEGIN",),
        rf"(?P<pem>{pem.BEGIN}(?:.*?{pem.END}|{pem.BODY_CHARACTERS}*))",
    ),
    (("-----END",), rf"(?P<pem_tail>{pem.TAIL})"),
    (
        ("eyJ",),
        r"(?P<jwt>(?<![A-Za-z0-9])eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)",
    ),
    (
        ("earer", "EARER"),
        r"(?P<scheme>\b(?:Bearer|bearer|BEARER)[ \t]+)"
        r"(?P<bearer>(?!\[REDACTED\])(?=[A-Za-z0-9._~+/=-]*[0-9])[A-Za-z0-9._~+/=-]{16,})",
    ),
    (
        ("asic", "ASIC"),
        r"(?P<basic_scheme>\b(?:Basic|basic|BASIC)[ \t]+)"
        r"(?P<basic>(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])",
    ),
    (("xox",), r"(?P<slack>\bxox[abposr]-[A-Za-z0-9-]{10,})"),
    (
        ("gh", "github_pat_"),  # classic tokens, and fine-grained ones
        r"(?P<github>\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,}))",
    ),
    (
        ("hooks.slack.com/services/",),
        r"(?P<hook>hooks\.slack\.com/services/)(?P<hook_path>[A-Za-z0-9/]{16,})",
    ),
    (
        ("://",),
        # The password runs to its last `@` before the first `/` (an `@` left unencoded is its
        # own). With no `@` before the first `/`, that `/` was left unencoded in the password
        # (RFC 3986 wants `%2F`), unless a port stands before it (`host:8080/a?e=a@b.com`; a `[`
        # opens an IPv6 host; digits that are no port, `_NO_PORT`, are a password): the password
        # runs on over the `/`s to the last `@` of the first segment holding one, and the path
        # after the host keeps its `@`s. Bounded (64 characters a part, five parts): unbounded,
        # each `://` of a line scanned on to its end, and a line of 50,000 of them took two
        # minutes.
        r"(?P<url_user>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@'\"\[]*:)"
        r"(?P<url_pw>(?!\[REDACTED\])(?:[^\s/'\"]+(?=@)"
        rf"|(?!{_PORT}/)[^\s/@'\"]{{1,64}}(?:/[^\s/@'\"]{{0,64}}){{0,4}}/[^\s/'\"]{{0,64}}(?=@)))@",
    ),
    (None, rf"(?P<aws>{_AWS_SECRET})"),
)


@cache
def _shapes(present: tuple[int, ...]) -> re.Pattern[str]:
    """One regex of the shape alternatives at `present` (indices into `_SHAPE_RULES`)."""
    return re.compile("|".join(_SHAPE_RULES[i][1] for i in present), re.DOTALL)


# Cheap first look: a text holding none of these holds nothing a shape rule would mask, nor does
# any string JSON-decoded from it. Of JSON's escapes only `\uXXXX` can spell a letter, `\/` a
# slash and `\t` a tab (which the scheme patterns also accept escaped); the others (`\n`, `\"`,
# `\\`, ...) decode to characters no hint needs, so a traceback's `\n` is no reason to scan
# every string of its record. Each is a literal found with `in`
# (a regex alternation costs more per line than the rest of the pipeline), checked by a regex
# where the literal alone is too common. An AWS secret key is looked for where AWS is mentioned
# (a key id, `aws`): scanning every line for 40-character runs would cost as much again (in the
# batch pass: a run of exactly 40, which needs the characters either side, costs Hyperscan 1.6
# ms a MiB, 3% of the invocation; a run of 40 or more is one match per character of a long run,
# and a batch of base64 payloads took a second).
_SHAPE_HINTS: tuple[tuple[str, re.Pattern[str] | None], ...] = (
    (pem.MARKER_TAIL, None),  # both rules need it: BEGIN ... and END ... PRIVATE KEY
    ("eyJ", None),
    ("earer", re.compile(r"[Bb]earer(?:[ \t]|\\t)")),
    ("asic", re.compile(r"[Bb]asic(?:[ \t]|\\t)")),
    ("xox", None),
    ("gh", re.compile(r"gh[pousr]_")),
    ("github_pat_", None),
    ("hooks.slack", None),
    # a password up to an `@`, or one holding a `/` after a first part that is no port
    (
        "://",
        re.compile(
            r"://[^\s:/@]*:(?:[^\s@/]+@"
            rf"|(?:[0-9]*[^\s@/0-9][^\s@/]{{0,64}}|{_NO_PORT})(?:/[^\s@/]{{0,64}}){{1,5}}@)"
        ),
    ),
    ("\\u", None),
    ("\\/", None),
    ("AKIA", None),
    ("ASIA", None),
)


# `key sep` in text: a name (starting where a run of name characters starts), maybe quoted (also
# with escaped quotes, as JSON inside a string is), then `:`, `=` or Ruby's `=>`. Which names are
# secret is decided by words (`is_secret_key`), and only then is the value after it matched: one
# regex holding every term tried each at every position of every word (time quadratic in a
# word's length).
_KEY = re.compile(r"[\"']?(?<![\w.\-])(?P<name>[\w.\-]+)(?:\\?[\"'])?[ \t]*(?:=>|[:=])[ \t]*")
# A value: a marker; a quoted string (escaped quotes too; Python's b'' and u'' reprs), maybe cut
# before its closing quote (a line cut short, but not one the cap cut: that was masked before the
# cut, and masking it again would not give the same text); a scheme and credential; a bare word
# (not an escape the cap cut after, nor an escaped quote: what the cap left of an escaped value,
# which was masked before the cut).
_CUT_SHORT = rf"(?<!{re.escape(TRUNCATION_MARKER)})(?=[\r\n]|\Z)"
_VALUE = re.compile(
    r"\[REDACTED\]|…\[truncated\]"
    r"|(?P<quote>[bu]?(?:\\\"|\"|'))"
    r"(?:(?<=\\\")(?:[^\"\\\n]|\\[^\"\n])*\\\""
    rf"|(?<=\")(?:[^\"\\\n]|\\.)*(?:\"|{_CUT_SHORT})"
    rf"|(?<=')(?:[^'\\\n]|\\.)*(?:'|{_CUT_SHORT}))"
    r"|(?P<nested>[{\[])"
    r"|(?:Bearer|Basic|Digest|Token|Negotiate|AWS4-HMAC-SHA256)[ \t]+[^\s,;&]+"
    r"|(?!\\[\"'…])[^\s,;&\"'}\]]+",
    re.I,
)

_MARKERS = frozenset({REDACTED, TRUNCATION_MARKER})
_COOKIE_LINE = re.compile(r"(\b(?:set-)?cookie[ \t]*:[ \t]*)(?![ \t]*\[REDACTED\])[^\r\n]+", re.I)


class Redactor:
    """Set up once from the configured terms (`REDACT_FIELDS`); every output uses one."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._terms = tuple(sorted({_meant(term) for term in terms if words_of(term)}))
        # The last word of every term, lowercase, and its other spellings: a text without any
        # of them has no secret key.
        last = {term[-1] for term in self._terms}
        last |= {spelling for spelling, word in _SPELLINGS.items() if word in last}
        self._last_words = tuple(sorted(last))
        self._keys: dict[str, bool] = {}
        self._names: dict[str, str] = {}
        self._cookie = any(term[-1] == "cookie" for term in self._terms)
        # A word holding another (`apikey` holds `key`) is found whenever that one is: one
        # search fewer per line. A spelling with a pattern of its own (`pass`) is looked for by
        # it, and the words holding it (`password`) only where it is found.
        words = {*self._last_words, "aws"}
        self._hint_words = tuple(
            sorted(w for w in words if not any(o != w and o in w for o in words))
        )
        self._confirm = {
            w: (_SPELLING_HINTS[w], tuple(sorted(o for o in words if o != w and w in o)))
            for w in self._hint_words
            if w in _SPELLING_HINTS
        }

    @property
    def enabled(self) -> bool:
        return bool(self._terms)

    # --- names ---------------------------------------------------------------------------

    def is_secret_key(self, name: str) -> bool:
        """Whether a field of this name holds a secret: its words end with a term (a word
        spelt as names spell it: `db_pass`, `MYSQL_PWD`), maybe numbered (`secret_key_2`)."""
        known = self._keys.get(name)
        if known is None:
            words = _meant(name)
            if len(words) > 1 and words[-1].isdigit():  # numbered: `api_key_2`, `password2`
                words = words[:-1]
            known = any(words[-len(term) :] == term for term in self._terms)
            if not known and words:  # `apikey` written as one word, `APIKEY`
                joined = "".join(words[-2:])
                known = any("".join(term) == joined for term in self._terms if len(term) > 1)
            if len(self._keys) > _CACHE_LIMIT:
                self._keys.clear()
            self._keys[name] = known
        return known

    def masks(self, name: str, value: Any) -> bool:
        """Whether a field of this name holding `value` is masked: a secret name's value is,
        but for the shell's working directory (`keeps`)."""
        return self.is_secret_key(name) and not self.keeps(name, value)

    @staticmethod
    def keeps(name: str, value: Any) -> bool:
        """Whether a secret name's value is shown as it is: `PWD` (`pwd` alone: the shell's
        working directory) holding an absolute path. `pwd=hunter2`, `DB_PWD=/x` are masked."""
        return (
            type(value) is str
            and value[:1] == "/"
            and _ABSOLUTE_PATH.fullmatch(value) is not None
            and words_of(name) == ("pwd",)
        )

    def name(self, key: str, taken: Container[str] = ()) -> str:
        """A field's name as outputs may show it: masked where it holds secret text (a JWT or a
        token used as a key, as a session map's keys are), numbered past the names in `taken`
        when masking made it one of them (two masked keys would lose one value)."""
        shown = self._names.get(key)
        if shown is None:
            shown = self.text(key)
            if len(self._names) > _CACHE_LIMIT:
                self._names.clear()
            self._names[key] = shown
        if shown == key:
            return key
        if shown in taken:
            number = 2
            while f"{shown}_{number}" in taken:
                number += 1
            shown = f"{shown}_{number}"
        return shown

    # --- text ----------------------------------------------------------------------------

    def suspicious(self, text: str) -> bool:
        """Cheap test: False means neither rule can match anywhere in `text` (nor in a value
        parsed out of it, JSON escapes aside: a backslash makes it True)."""
        if ansi.ESCAPE in text:  # a colour code may stand inside a hint (`Bearer ESC[0m x`)
            text = ansi.without_codes(text)
        if pem.is_body_text(text):
            return True
        lowered = text.lower()
        for word in self._hint_words:
            if word in lowered:
                confirm = self._confirm.get(word)
                if confirm is None:
                    return True
                hint, holding = confirm
                if hint.search(text) or any(held in lowered for held in holding):
                    return True
        for literal, pattern in _SHAPE_HINTS:
            if literal in text and (pattern is None or pattern.search(text)):
                return True
        return False

    @cached_property
    def _scanner(self) -> Scanner | None:
        """The hints compiled for one pass over a batch, at the first batch (None: no
        Hyperscan)."""
        confirm = self._confirm
        return Scanner.build(
            [
                *(w for w in self._hint_words if w not in confirm),
                *(held for _, holding in confirm.values() for held in holding),
            ],
            [
                *(hint.pattern for hint, _ in confirm.values()),
                *(
                    pattern.pattern if pattern else re.escape(literal)
                    for literal, pattern in _SHAPE_HINTS
                ),
            ],
        )

    def suspicious_many(self, texts: Sequence[str]) -> list[bool]:
        """`suspicious` of each text, the ASCII ones in one pass over all (sanitize/prescan.py):
        the same hints, found in about an eighth of the time on a 1 MiB batch."""
        scanner = self._scanner if len(texts) > 1 else None  # one line: no pass to share
        if scanner is None:
            return [self.suspicious(text) for text in texts]
        plain = [index for index, text in enumerate(texts) if text.isascii()]
        try:
            hits = scanner.hits([texts[index] for index in plain])
        except Exception:  # an engine failure must not cost the batch: look line by line
            return [self.suspicious(text) for text in texts]
        # Outside ASCII `lower()` folds more than ASCII case (the Kelvin sign is a `k`).
        result = [
            False if text.isascii() and ansi.ESCAPE not in text else self.suspicious(text)
            for text in texts
        ]
        for position in hits:
            result[plain[position]] = True
        for index in pem.body_texts(texts):  # the one look that is not a hint: a whole text
            result[index] = True
        return result

    def text(self, text: str) -> str:
        """`text` with secret-keyed values and secret-shaped values masked. Colour codes are
        read through: a text they would hide a secret in is masked without them (and kept as
        it is, codes and all, when it holds nothing to mask)."""
        if ansi.ESCAPE in text:
            plain = ansi.without_codes(text)
            masked = self._masked(plain)
            return text if masked == plain else masked
        return self._masked(text)

    def _masked(self, text: str) -> str:
        if not self.suspicious(text):
            return text
        if pem.is_body_text(text):  # the middle of a key cut twice by batching (pem.py)
            return REDACTED
        present = tuple(
            index
            for index, (literals, _) in enumerate(_SHAPE_RULES)
            if literals is None or any(literal in text for literal in literals)
        )
        text = _shapes(present).sub(_mask_shape, text)
        lowered = text.lower()
        if not any(word in lowered for word in self._last_words):
            return text
        if self._cookie and "cookie" in lowered:
            text = _COOKIE_LINE.sub(lambda match: f"{match[1]}{REDACTED}", text)
        return self._mask_pairs(text)

    def _mask_pairs(self, text: str) -> str:
        """Every `key sep value` with a secret key gets its value masked (quotes kept)."""
        parts: list[str] = []
        done = 0  # text[:done] is in parts
        position = 0
        while True:
            pair = _KEY.search(text, position)
            if pair is None:
                break
            position = pair.end()
            if not self.is_secret_key(pair["name"]):
                continue
            value = _VALUE.match(text, position)
            if value is None:
                continue
            if value["nested"]:  # an object or a list: masked whole, brackets kept
                end = nested_end(text, position)
                closed = end - position > 1 and text[end - 1] == _CLOSING[text[position]]
                if closed and end - position == 2:  # `{}`, `[]`: nothing to mask
                    position = end
                    continue
                parts.append(text[done : position + 1])
                parts.append(f"{REDACTED}{text[end - 1]}" if closed else REDACTED)
                done = position = end
                continue
            found = value[0]
            # A value that is already a marker (masked, or cut away at the cap) holds nothing.
            opening = value["quote"] or ""
            if found not in _MARKERS and len(found) > len(opening):
                # Quotes kept: the opening one (and its b/u prefix), the closing one if present.
                quote = opening.lstrip("bBuU")
                closing = quote if quote and found.endswith(quote) else ""
                if self.keeps(pair["name"], found[len(opening) : len(found) - len(closing)]):
                    position = value.end()
                    continue
                parts.append(text[done:position])
                parts.append(f"{opening}{REDACTED}{closing}")
                done = value.end()
            position = value.end()
        if not parts:
            return text
        parts.append(text[done:])
        return "".join(parts)

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
                shown = self.name(name, result)
                where = f"{path}.{shown}" if path else shown
                if shown != name:  # a secret used as a name: kept under its masked form
                    key = shown
                    masked.append(where)
                if self.masks(name, item):
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

    def lines(self, messages: Sequence[str]) -> list[str]:
        """The raw lines of one record, in order, each as `line` gives it; and where a private
        key was printed line by line, every line after its BEGIN line is masked up to and with
        its END line (no line of the body looks like a secret on its own); the body lines above
        an END line without a BEGIN (a key an earlier batch began) are masked too, and a run of
        body lines from a full one (`pem.OpenBlock`; behind a logger's prefix, the prefix
        kept). A replay of such letters indexes the masked lines as they are, one record each."""
        masked: list[str] = []
        block = pem.OpenBlock(to_end=True)
        for message in messages:
            inside = block.open
            taken = block.take(message)
            if taken is not None:
                start, end = taken
                if not start and end == len(message):
                    masked.append(REDACTED)
                    continue
                message = f"{message[:start]}{REDACTED}{message[end:]}"
            elif not inside and pem.orphan_end(message):
                here = len(masked)
                start = pem.tail_start(messages, here)
                masked[start:here] = [REDACTED] * (here - start)
            masked.append(self.line(message))
        return masked


_CLOSING = {"{": "}", "[": "]"}


def nested_end(text: str, start: int) -> int:
    """Where the object or list opening at `text[start]` ends: JSON's reading of it, else the
    bracket that closes it outside quotes (a Python or Ruby inspect), else the end of its line
    (cut short)."""
    try:
        return _JSON_VALUE(text, start)[1]
    except ValueError:
        pass
    depth, quote, position, size = 0, "", start, len(text)
    while position < size:
        char = text[position]
        if quote:
            if char == "\\":
                position += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in _CLOSING:
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return position + 1
        elif char == "\n":
            break
        position += 1
    return position


_JSON_VALUE = json.JSONDecoder().raw_decode


def _mask_shape(match: re.Match[str]) -> str:
    kind = match.lastgroup
    if kind == "bearer":
        return f"{match['scheme']}{REDACTED}"
    if kind == "basic":
        return f"{match['basic_scheme']}{REDACTED}"
    if kind == "hook_path":
        return f"{match['hook']}{REDACTED}"
    if kind == "url_pw":
        return f"{match['url_user']}{REDACTED}@"
    return REDACTED
