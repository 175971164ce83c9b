"""Fresh UUID4 text for `log_id`, made in batches from os.urandom.

`str(uuid.uuid4())` costs about 3 µs; here a batch of ids is built with a few C-level byte
operations (random bytes as hex, dashes, version and variant set by slice), so an
id costs a `list.pop()`, which is atomic under the GIL and so safe across threads.
"""

from __future__ import annotations

import os

_BATCH = 256
_HEX = b"0123456789abcdef"
# The variant digit (position 19) must be one of 8, 9, a, b.
_TO_VARIANT = bytes(b"89ab"[_HEX.index(b) & 3] if b in _HEX else b for b in range(256))

_pool: list[str] = []


def _refill() -> None:
    raw = bytearray(os.urandom(18 * _BATCH).hex(), "ascii")  # 36 random hex digits per id
    dashes = b"-" * _BATCH
    raw[8::36] = dashes
    raw[13::36] = dashes
    raw[18::36] = dashes
    raw[23::36] = dashes
    raw[14::36] = b"4" * _BATCH  # version 4
    raw[19::36] = raw[19::36].translate(_TO_VARIANT)  # RFC 4122 variant
    text = raw.decode("ascii")
    _pool.extend([text[i : i + 36] for i in range(0, 36 * _BATCH, 36)])


def new_log_id() -> str:
    """A random UUID4 in its canonical 36-character text form."""
    try:
        return _pool.pop()
    except IndexError:
        _refill()
        return _pool.pop()


# A forked child must not hand out the ids its parent still holds.
os.register_at_fork(after_in_child=_pool.clear)
