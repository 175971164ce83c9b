"""emitter.fields: caller fields never overwrite or collide with the schema's keys."""

import pytest

from emitter.fields import FieldNames
from emitter.schema import RENAMED as RENAMED_KEY


class TestClean:
    @pytest.mark.parametrize(
        ("name", "kept_as"),
        [
            ("service", "service_"),
            ("log", "log_"),
            ("message", "message_"),
            ("error", "error_"),
            ("@timestamp", "@timestamp_"),
            ("log.level", "log_.level"),
            ("service.name", "service_.name"),
            ("error.type", "error_.type"),
            ("log_id", "log_id_"),
            ("schema", "schema_"),
            ("trace", "trace_"),
            ("trace.flags", "trace_.flags"),
            ("span", "span_"),
            ("event.ingested", "event_.ingested"),
            ("aws", "aws_"),
            ("cloud.region", "cloud_.region"),
            ("emitter.renamed", "emitter_.renamed"),
            ("logpipe.degraded", "logpipe_.degraded"),
            ("request_id.x", "request_id_.x"),
        ],
    )
    def test_reserved_names_are_renamed_and_listed(self, name, kept_as):
        """A reserved root gets `_` appended; the original name is listed in logpipe.renamed."""
        assert FieldNames().clean({name: 1}) == {kept_as: 1, RENAMED_KEY: [f"{name} -> {kept_as}"]}

    def test_plain_names_are_kept(self):
        """Ordinary names, including ones that merely start like a root, stay as they are."""
        fields = {"order_id": 1, "services": 2, "logger": 3, "messages": 4, "a.b": 5}
        assert FieldNames().clean(fields) == fields

    def test_context_keys_are_allowed_as_strings(self):
        """trace.id, span.id and request_id may be set by callers; values become strings."""
        cleaned = FieldNames().clean({"trace.id": 12, "span.id": "s", "request_id": None})
        assert cleaned == {"trace.id": "12", "span.id": "s", "request_id": "None"}

    def test_renamed_name_taken_gets_more_underscores(self):
        """If `service_` is already a caller field, `service` becomes `service__`."""
        cleaned = FieldNames().clean({"service_": "mine", "service": "theirs"})
        assert cleaned == {
            "service_": "mine",
            "service__": "theirs",
            RENAMED_KEY: ["service -> service__"],
        }

    def test_non_str_keys_become_text(self):
        """Keys that are not strings (possible through extra=) are written as str(key)."""
        assert FieldNames().clean({1: "a", None: "b"}) == {"1": "a", "None": "b"}

    def test_safe_names_are_remembered(self):
        """Names found plain are remembered so later calls skip the check; reserved ones never."""
        names = FieldNames()
        names.clean({"order_id": 1, "service": 2, "exc_info": 3})
        assert "order_id" in names.safe and "service" not in names.safe
        assert "exc_info" not in names.safe
