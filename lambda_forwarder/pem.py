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


# One full line of a block's body: RFC 7468 wraps the base64 at 64 characters, and 64 random
# base64 characters mix upper case, lower case and digits (all but once in 50,000 lines: the
# digits are the likeliest to be missing, (54/64)^64). Text that does not mix all three is not
# one: a SHA-256 digest in hex (one case and digits), a word or an identifier without digits, a
# path in lower case (`/srv/app/releases/2026/...`).
FULL_BODY_LINE_LENGTH = 64
_FULL_BODY_LINE = re.compile(r"[A-Za-z0-9+/]{64}\r?\n?")
_MIXED = re.compile(r"(?=[^A-Z]*[A-Z])(?=[^a-z]*[a-z])(?=[^0-9]*[0-9])")


def is_full_body_line(text: str) -> bool:
    """Whether `text` is, whole, one full line of a key block's body (its newline aside): 64
    characters of base64's alphabet, upper case, lower case and digits among them."""
    return (
        FULL_BODY_LINE_LENGTH <= len(text) <= FULL_BODY_LINE_LENGTH + 2
        and _FULL_BODY_LINE.fullmatch(text) is not None
        and _MIXED.match(text) is not None
    )


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
    low, high = FULL_BODY_LINE_LENGTH, FULL_BODY_LINE_LENGTH + 2
    found = []
    for index, text in enumerate(texts):
        size = len(text)
        if size < low:
            continue
        if size <= high:
            if is_full_body_line(text):
                found.append(index)
        elif text[low] in "\r\n":
            first, *rest = text.split("\n")
            if is_full_body_line(first) and all(map(is_body_line, rest)):
                found.append(index)
    return found


class OpenBlock:
    """A private key block followed across texts, one at a time: each text after its BEGIN is a
    line of the block's body, or holds its END line, or else ends the block (the key was not
    printed there line by line), unless `to_end`.

    The pipeline follows a batch's records by their messages (sanitize/keylines.py), which a
    logger's time-and-level prefix does not hide, parse having read it off; a stray BEGIN in a
    message must not mask the rest of the batch. Dead letters follow one record's raw lines
    (`Redactor.lines`) `to_end`: a raw line's prefix hides whether it is a body line, and the
    record bounds what is masked."""

    __slots__ = ("_to_end", "open")

    def __init__(self, *, to_end: bool = False) -> None:
        self.open = False
        self._to_end = to_end

    def take(self, text: str) -> int:
        """How much of `text`, from its start, belongs to a block an earlier text began (0:
        none; `len(text)`: all of it); then whether `text` leaves a block of its own open."""
        taken = 0
        if self.open:
            end = end_of_block(text)
            if end is None and (
                self._to_end
                or (
                    is_body_line(text)
                    if "\n" not in text
                    else all(map(is_body_line, text.split("\n")))
                )
            ):
                return len(text)
            taken = end or 0
        self.open = opens(text[taken:] if taken else text)
        return taken


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
