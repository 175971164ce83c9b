"""Private key blocks (PEM): where one begins and ends, in one place; imports no stage.

A key printed line by line (`print(pem)` in a Lambda, a container's stdout) arrives as one
CloudWatch event per line, and only the BEGIN line looks like a secret. Two stages need the
whole block, so they share these rules:
- multi-line merging (parse/multiline.py) keeps a block's lines in one record, whatever its size,
  so the redactor (sanitize/redact.py), which masks a block from its BEGIN line, masks its body;
- dead letters keep the raw events, so `Redactor.lines` masks every line after a BEGIN line up to
  its END line.
A key can also be cut by CloudWatch's batching: the next batch then starts with the rest of its
body and its END line, without a BEGIN (an orphan END). Merging keeps that tail in one record
too, and the redactor masks a block's tail up to its END line (`TAIL`). Cut twice, a key leaves
a batch between with body lines only, neither BEGIN nor END: merging keeps a run of body lines
from a full one (`is_full_body_line`) on in one record, and the redactor masks a text that is
such a run whole (`is_body_text`), as `Redactor.lines` masks the run's lines in a dead letter.
Followed record by record (`OpenBlock`), a full body line standing alone opens such a run too,
so that the key's shorter last line and its END line after it are masked as well.
A line may carry trailing blanks (a file with CRLF line endings printed line by line), and a
logged line may keep a logger's prefix the parser did not read off (`[2026-12-01 10:00:00]
INFO `, syslog's `Dec  1 10:00:00 host app[1]: `): a body line behind such a prefix is one too
(`body_start`, `full_line_start`), and only its body is masked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

# PEM's `-----BEGIN RSA PRIVATE KEY-----` and the like, and OpenPGP's armor (RFC 4880),
# `-----BEGIN PGP PRIVATE KEY BLOCK-----`.
BEGIN = r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----"
END = r"-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----"
# What a block's text holds between the markers: base64 and line breaks (also JSON-escaped).
BODY_CHARACTERS = r"[A-Za-z0-9+/=\s\\]"
# The rest of a block without its BEGIN: a run of body characters up to an END line, taken from
# where the run starts (one scan per run, however long).
TAIL = rf"(?<!{BODY_CHARACTERS}){BODY_CHARACTERS}*{END}"
MARKER_TAIL = "PRIVATE KEY"  # in every BEGIN and END line: the cheap first look
_BEGIN = re.compile(BEGIN)
_END = re.compile(END)
# One line of a block's body: base64 (OpenPGP's `=` checksum too), or an encrypted key's headers
# (RFC 1421), OpenPGP's armor headers (RFC 4880), and the blank line after them.
_BODY_LINE = re.compile(
    r"[A-Za-z0-9+/=]*|(?:Proc-Type|DEK-Info|Version|Comment|Hash|Charset|MessageID): [^\r\n]*"
)


def opens(text: str) -> bool:
    """Whether `text` begins a private key block that it does not end."""
    if MARKER_TAIL not in text:
        return False
    begins = [found.end() for found in _BEGIN.finditer(text)]
    return bool(begins) and _END.search(text, begins[-1]) is None


def end_of_block(text: str) -> int | None:
    """Where the END line of an open block ends in `text` (a line after its BEGIN), if it does."""
    if MARKER_TAIL not in text:
        return None
    found = _END.search(text)
    return None if found is None else found.end()


def orphan_end(text: str) -> bool:
    """Whether `text` ends a block whose BEGIN it does not hold (the tail of a key)."""
    if MARKER_TAIL not in text:
        return False
    end = _END.search(text)
    return end is not None and _BEGIN.search(text, 0, end.start()) is None


# Random base64 mixes upper case, lower case and digits: of 64 random characters all but once in
# 50,000 lines (the digits are the likeliest to be missing, (54/64)^64), of 40 (an AWS secret
# access key, sanitize/redact.py) all but once in 900. Text that does not mix all three is not
# random base64: a digest in hex (one case and digits), a word or an identifier without digits,
# a path in lower case (`/srv/app/releases/2026/...`).
def mixes(run: str) -> str:
    """Lookaheads: the run of `run`'s characters (a regex class's inside) from here holds upper
    case, lower case and digits. The one rule for random base64, wherever it is looked for."""
    return f"(?=[{run}]*[A-Z])(?=[{run}]*[a-z])(?=[{run}]*[0-9])"


BASE64 = "A-Za-z0-9+/"
# One full line of a block's body: RFC 7468 wraps the base64 at 64 characters. Blanks may trail
# it (its line ending; a space a printer left).
FULL_BODY_LINE_LENGTH = 64
_TRAILING = " \t\r\n"
_FULL_BODY_LINE = re.compile(rf"{mixes(BASE64)}[{BASE64}]{{64}}[ \t\r]*\n?")


def is_full_body_line(text: str) -> bool:
    """Whether `text` is, whole, one full line of a key block's body (trailing blanks aside):
    64 characters of base64's alphabet, upper case, lower case and digits among them."""
    return len(text) >= FULL_BODY_LINE_LENGTH and _FULL_BODY_LINE.fullmatch(text) is not None


# A logger's prefix the parser did not read off: a clock among a line's first characters
# (`2026-12-01T10:00:00.123Z <request id> INFO `, `[2026-12-01 10:00:00] INFO `, syslog's
# `Dec  1 10:00:00 host app[123]: `). `x <body line>` has none: a word in a sentence.
_CLOCK = re.compile(r"\d\d:\d\d:\d\d")
_PREFIX_CLOCK_WITHIN = 40


def _behind_prefix(text: str, full: bool) -> int | None:
    """Where the last word of `text` begins, if it is a line of a key's body (`full`: a full
    one) behind a logger's prefix (a blank before it, a clock in the prefix)."""
    end = len(text)
    while end and text[end - 1] in _TRAILING:
        end -= 1
    if full:
        start = end - FULL_BODY_LINE_LENGTH
        if start < 1 or text[start - 1] not in " \t":
            return None
    else:
        start = max(text.rfind(" ", 0, end), text.rfind("\t", 0, end)) + 1
        if start < 1 or start == end:
            return None
    word = text[start:end]
    if text.find("\n", 0, start) != -1 or not (
        is_full_body_line(word) if full else _BODY_LINE.fullmatch(word)
    ):
        return None
    return start if _CLOCK.search(text, 0, min(start, _PREFIX_CLOCK_WITHIN)) else None


def full_line_start(text: str) -> int | None:
    """Where in `text` a full body line standing alone begins: 0 when `text` is one whole
    (`is_body_text`), else behind a logger's prefix; None when it holds none. The first looks
    are cheap: most texts fail them."""
    size = len(text)
    if size < FULL_BODY_LINE_LENGTH:
        return None
    if (size == FULL_BODY_LINE_LENGTH or text[FULL_BODY_LINE_LENGTH] in _TRAILING) and (
        is_body_text(text)
    ):
        return 0
    if size > FULL_BODY_LINE_LENGTH and (
        text[-1] in _TRAILING or text[-FULL_BODY_LINE_LENGTH - 1] in " \t"
    ):
        return _behind_prefix(text, True)
    return None


def body_start(text: str) -> int | None:
    """Where in `text` a line of a block's body begins (`is_body_line`): 0 when `text` is one
    whole (or lines of one), else behind a logger's prefix; None when it is none."""
    if "\n" in text:
        return 0 if all(map(is_body_line, text.split("\n"))) else None
    if is_body_line(text):
        return 0
    return _behind_prefix(text, False)


def is_body_line(text: str) -> bool:
    """Whether a line can be part of a block's body (base64, an encrypted key's header)."""
    return _BODY_LINE.fullmatch(text.strip()) is not None


def is_body_text(text: str) -> bool:
    """Whether `text` is, whole, a key's body without its markers: one full body line, or lines
    of which the first is a full body line and every other a body line (what merging groups)."""
    return bool(body_texts((text,)))


def body_texts(texts: Sequence[str]) -> list[int]:
    """The positions of the texts that are key body (`is_body_text`). Most texts fail the first
    looks, taken here inline: a batch's lines cost no call each."""
    low = FULL_BODY_LINE_LENGTH
    found = []
    for index, text in enumerate(texts):
        size = len(text)
        if size < low or (size > low and text[low] not in _TRAILING):
            continue
        first, newline, rest = text.partition("\n")
        if is_full_body_line(first) and (not newline or all(map(is_body_line, rest.split("\n")))):
            found.append(index)
    return found


class OpenBlock:
    """A private key block followed across texts, one at a time: each text after its BEGIN is a
    line of the block's body, or holds its END line, or else ends the block (the key was not
    printed there line by line), unless `to_end`. A full body line standing alone opens a run
    of the body of a key begun elsewhere (pem.py's docstring): full lines, then at most one
    shorter line, the key's last, then its END line; anything else ends the run, `to_end` or
    not.

    The pipeline follows a batch's records by their messages (sanitize/keylines.py), which a
    logger's time-and-level prefix does not hide, parse having read it off; a stray BEGIN in a
    message must not mask the rest of the batch. Dead letters follow one record's raw lines
    (`Redactor.lines`) `to_end`: a raw line's prefix hides whether it is a body line, and the
    record bounds what is masked."""

    __slots__ = ("_run", "_to_end", "open")

    def __init__(self, *, to_end: bool = False) -> None:
        self.open = False
        self._to_end = to_end
        self._run = _NO_RUN

    def take(self, text: str) -> tuple[int, int] | None:
        """The part of `text`, `(start, end)`, that is a key's: what belongs to a block an
        earlier text began (from 0: all of it, or up to its END line), or a body line standing
        alone (all of it, or behind a logger's prefix); None: none. Then whether `text` leaves
        a block or a run open."""
        taken = 0
        if self.open:
            end = end_of_block(text)
            if end is None:
                run = self._run
                if run == _NO_RUN:
                    start = 0 if self._to_end else body_start(text)
                    if start and full_line_start(text) is None:
                        # Behind a prefix, as in a run: one shorter line, the key's last (a
                        # prefix's last word after a stray BEGIN masks no more than one line).
                        self._run = _LAST_LINE
                elif run == _FULL_LINES:
                    start = full_line_start(text)
                    if start is None:
                        start = body_start(text)
                        self._run = _LAST_LINE
                else:
                    start = None  # after a key's last line only its END line
                if start is not None:
                    return start, len(text)
            else:
                taken = end
        self._run = _NO_RUN
        self.open = opens(text[taken:] if taken else text)
        if taken:
            return 0, taken
        start = None if self.open else full_line_start(text)
        if start is None:
            return None
        self.open, self._run = True, _FULL_LINES
        return start, len(text)


_NO_RUN, _FULL_LINES, _LAST_LINE = 0, 1, 2  # an OpenBlock's run: none, full lines, the last


def tail_start(
    lines: Sequence[str], end: int, alone: Callable[[int], bool] = lambda _: True
) -> int:
    """Where the rest of a key whose END line is `lines[end]` begins: the first of the body
    lines just above it (`end` itself if there are none). `alone(i)` says whether line `i` is
    a line of its own (multi-line merging: not a continuation of another record)."""
    start = end
    while start and alone(start - 1) and is_body_line(lines[start - 1]):
        start -= 1
    return start
