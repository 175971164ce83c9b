"""Field names OpenSearch rejects or misreads, made safe.

Rejected: empty names, metadata names (`_id`, `_source`, ...), names made only of dots or
whitespace. Misread: leading or trailing dots and `a..b` (ambiguous object paths), very deep
paths (the mapping depth limit), control characters. Over-long names are cut and given a short
hash, so two long names that share a beginning stay apart.
"""

from __future__ import annotations

import hashlib

from lambda_forwarder.sanitize.core import MAX_PATH_DEPTH

_CONTROL = {code: "_" for code in (*range(32), 127)}
EMPTY_NAME = "unnamed"


def safe_name(name: str, max_length: int) -> str:
    """The name itself when OpenSearch takes it as is, else a safe, deterministic variant."""
    if is_valid_name(name, max_length):
        return name
    text = name
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates -> "?"
    text = text.translate(_CONTROL)
    segments = [segment for segment in text.split(".") if segment.strip()]
    if segments and segments[0].startswith("_"):
        stripped = segments[0].lstrip("_")
        # PEP 8's spelling for a reserved word: `_id` -> `id_`
        segments[0] = stripped + "_" * (len(segments[0]) - len(stripped)) if stripped else ""
        if not segments[0].strip():
            segments[0] = EMPTY_NAME
    if not segments:
        segments = [EMPTY_NAME]
    if len(segments) > MAX_PATH_DEPTH:
        segments = [*segments[: MAX_PATH_DEPTH - 1], "_".join(segments[MAX_PATH_DEPTH - 1 :])]
    text = ".".join(segments)
    if len(text) > max_length:
        digest = hashlib.sha1(name.encode("utf-8", "replace")).hexdigest()[:8]
        head = text[: max(max_length - 9, 1)].rstrip(". \t")
        text = f"{head or EMPTY_NAME}_{digest}"
    return text


def is_valid_name(name: str, max_length: int) -> bool:
    """Whether OpenSearch indexes a field of this name as the dotted path it appears to be."""
    if not name or len(name) > max_length or name[0] == "_":
        return False
    if not name.isascii():
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            return False
    if not name.isprintable() and any(ord(char) < 32 or ord(char) == 127 for char in name):
        return False
    if "." in name:
        segments = name.split(".")
        if len(segments) > MAX_PATH_DEPTH:
            return False
        return all(segment.strip() for segment in segments)
    return bool(name.strip())
