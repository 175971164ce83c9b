"""emitter.ids: log_id values are valid, distinct UUID4 texts."""

import os
import uuid

import pytest

from emitter.ids import _pool, new_log_id


class TestNewLogId:
    def test_valid_uuid4_text(self):
        """Every id parses as a UUID4 of the RFC 4122 variant and prints the same."""
        for _ in range(2000):
            text = new_log_id()
            value = uuid.UUID(text)
            assert value.version == 4 and value.variant == uuid.RFC_4122 and str(value) == text

    def test_every_random_digit_takes_every_value(self):
        """The 30 random hex digits are each spread over all 16 values; the variant over 8-b."""
        ids = [new_log_id().replace("-", "") for _ in range(4000)]
        for position in range(32):
            seen = {text[position] for text in ids}
            if position == 12:
                assert seen == {"4"}
            elif position == 16:
                assert seen == set("89ab")
            else:
                assert seen == set("0123456789abcdef"), position

    def test_distinct(self):
        """Ids do not repeat (across several refills of the batch)."""
        ids = [new_log_id() for _ in range(20000)]
        assert len(set(ids)) == len(ids)

    @pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
    def test_forked_child_does_not_reuse_parent_ids(self):
        """A forked child starts with an empty batch, so it cannot hand out its parent's ids."""
        new_log_id()
        assert _pool, "the batch holds ids"
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            os.write(write, str(len(_pool)).encode())
            os._exit(0)
        os.close(write)
        left_in_child = os.read(read, 100)
        os.close(read)
        os.waitpid(pid, 0)
        assert left_in_child == b"0"
