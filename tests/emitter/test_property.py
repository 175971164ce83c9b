"""Property: whatever values and names a caller passes, the call returns, every line is JSON,
and the schema's keys are intact."""

import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.emitter.conftest import Captured

RESERVED_TEXT = {
    "log.level": str,
    "message": str,
    "log.logger": str,
    "service.name": str,
    "service.version": str,
    "log_id": str,
    "schema": str,
    "@timestamp": str,
}


class Hostile:
    """str() and repr() raise; equality and hashing are odd."""

    def __str__(self):
        raise ValueError("str")

    def __repr__(self):
        raise ValueError("repr")


def _circular():
    value = {"a": []}
    value["a"].append(value)
    return value


names = st.sampled_from(
    [
        "service",
        "log",
        "message",
        "error",
        "trace",
        "span",
        "event",
        "aws",
        "cloud",
        "log_id",
        "schema",
        "@timestamp",
        "emitter",
        "log.level",
        "service.name",
        "error.type",
        "trace.id",
        "span.id",
        "request_id",
        "emitter.renamed",
        "logpipe.renamed",
        "service_",
        "exc_info",
        "extra",
        "stack_info",
        "stacklevel",
        "exception",
        "trace",
    ]
) | st.text(alphabet=string.printable + "żß\u2028\ud800.", max_size=12)

leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.binary(max_size=10)
    | st.decimals()
    | st.datetimes()
    | st.builds(Hostile)
    | st.builds(_circular)
    | st.text(min_size=1, max_size=3).map(lambda s: s * 500)
)
values = st.recursive(
    leaves,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=5) | st.integers(), children, max_size=3)
        | st.frozensets(st.integers(), max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    message=st.one_of(st.text(), values),
    args=st.lists(values, max_size=2),
    fields=st.dictionaries(names, values, max_size=6),
    bound=st.dictionaries(names, values, max_size=3),
    level=st.sampled_from(["debug", "info", "warning", "error", "critical", "exception"]),
)
def test_hostile_calls(message, args, fields, bound, level):
    """Never raises; one valid JSON line per call; reserved keys have the emitter's values."""
    out = Captured(max_string=2000)
    log = out.registry.get_logger("prop").bind(**bound)
    getattr(log, level)(message, *args, **fields)
    lines = out.lines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    for key, kind in RESERVED_TEXT.items():
        assert isinstance(record[key], kind), key
    assert record["log.logger"] == "prop" and record["schema"] == "emitter/1"
    assert record["service.name"] == "AMBIVALENT_SERVICE_NAME"
    assert record["log.level"] == ("error" if level == "exception" else level)
    for key in record:  # no caller key may take a reserved root
        root = key.partition(".")[0]
        if root in {"service", "log", "error", "schema", "message", "@timestamp", "log_id"}:
            assert key in {
                "service.name",
                "service.version",
                "service.environment",
                "log.level",
                "log.logger",
                "log.stack_info",
                "error.type",
                "error.message",
                "error.stack_trace",
                "schema",
                "message",
                "@timestamp",
                "log_id",
            }, key
    out.stderr.seek(0)
    assert out.stderr.read().count("\n") <= 3
