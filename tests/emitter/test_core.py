"""emitter.core: the Logger's call shapes and the records they write."""

import re
import uuid

from emitter.core import render_message

KEY_ORDER = [
    "@timestamp",
    "log.level",
    "message",
    "log.logger",
    "service.name",
    "service.version",
    "log_id",
    "schema",
]


class Explodes:
    """An object whose str() and repr() both raise."""

    def __str__(self):
        raise RuntimeError("str")

    def __repr__(self):
        raise RuntimeError("repr")


class Counts:
    """Counts how often it is turned into text."""

    calls = 0

    def __str__(self):
        Counts.calls += 1
        return "counted"


class TestRecord:
    def test_schema_keys_in_order(self, captured):
        """A record has the schema's keys, in the schema's order, then the caller's fields."""
        captured.logger("payments").info("paid", order_id=7, amount=12.5)
        record = captured.record()
        assert list(record)[: len(KEY_ORDER)] == KEY_ORDER
        assert record["message"] == "paid" and record["log.level"] == "info"
        assert record["log.logger"] == "payments" and record["schema"] == "emitter/1"
        assert record["service.name"] == "AMBIVALENT_SERVICE_NAME"
        assert record["service.version"] == "AMBIVALENT_APP_VERSION"
        assert "service.environment" not in record
        assert (record["order_id"], record["amount"]) == (7, 12.5)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", record["@timestamp"])
        assert uuid.UUID(record["log_id"]).version == 4

    def test_service_fields_from_config(self, make_captured):
        """service.* come from the configuration, environment included when set."""
        out = make_captured(service_name="pay", service_version="2.0", environment="prod")
        out.logger().info("x")
        record = out.record()
        assert (record["service.name"], record["service.version"]) == ("pay", "2.0")
        assert record["service.environment"] == "prod"

    def test_one_line_per_record_newlines_escaped(self, captured):
        """Newlines and other line breaks are escaped: one record, one line, however split."""
        captured.logger().info("two\nlines", text="a\nb\r\nc\x85d\u2028e\u2029f")
        assert len(captured.stream.getvalue().decode().splitlines()) == 1
        assert captured.record()["text"] == "a\nb\r\nc\x85d\u2028e\u2029f"

    def test_log_ids_differ(self, captured):
        """Each record gets its own log_id."""
        log = captured.logger()
        for _ in range(50):
            log.info("x")
        assert len({r["log_id"] for r in captured.records()}) == 50

    def test_reserved_field_names_are_kept_aside(self, captured):
        """Fields named like schema keys are renamed; the schema's values stay intact."""
        captured.logger("real").info(
            "m", service="fake", **{"log.level": "fake", "message": "fake", "@timestamp": 1}
        )
        record = captured.record()
        assert record["log.level"] == "info" and record["message"] == "m"
        assert record["service.name"] == "AMBIVALENT_SERVICE_NAME"
        assert record["service_"] == "fake" and record["log_.level"] == "fake"
        assert record["message_"] == "fake" and record["@timestamp_"] == 1
        assert sorted(record["logpipe.renamed"]) == [
            "@timestamp -> @timestamp_",
            "log.level -> log_.level",
            "message -> message_",
            "service -> service_",
        ]
        assert "service" not in record and "log" not in record


class TestLevels:
    def test_each_method_writes_its_level(self, captured):
        """debug..critical, warn, fatal and log() write the matching log.level."""
        log = captured.logger()
        log.debug("d")
        log.info("i")
        log.warning("w")
        log.warn("w2")
        log.error("e")
        log.critical("c")
        log.fatal("f")
        log.log(30, "l")
        log.log("error", "by name")
        log.log(25, "custom")
        levels = [(r["message"], r["log.level"]) for r in captured.records()]
        assert levels == [
            ("d", "debug"), ("i", "info"), ("w", "warning"), ("w2", "warning"),
            ("e", "error"), ("c", "critical"), ("f", "critical"), ("l", "warning"),
            ("by name", "error"), ("custom", "info"),
        ]  # fmt: skip

    def test_filtered_call_builds_nothing(self, make_captured):
        """Below the level nothing is written and arguments are not even turned into text."""
        out = make_captured(level=20)
        log = out.logger()
        Counts.calls = 0
        log.debug("x %s", Counts(), field=Counts())
        assert out.lines() == [] and Counts.calls == 0
        log.info("x %s", Counts())
        assert Counts.calls == 1

    def test_set_level_is_enabled_for_and_children(self, make_captured):
        """setLevel is shared by bound loggers and inherited by children without their own."""
        out = make_captured(level=20)
        parent = out.registry.get_logger("app")
        child = parent.getChild("db")
        bound = parent.bind(user=1)
        assert child.name == "app.db" and not parent.isEnabledFor(10)
        parent.setLevel("DEBUG")
        assert parent.isEnabledFor(10) and bound.isEnabledFor(10) and child.isEnabledFor(10)
        assert parent.level == 10 and child.level == 0 and child.getEffectiveLevel() == 10
        child.setLevel(40)
        parent.setLevel(30)
        assert child.getEffectiveLevel() == 40 and parent.getEffectiveLevel() == 30
        bound.debug("hidden")
        child.error("shown")
        assert [r["log.logger"] for r in out.records()] == ["app.db"]

    def test_bad_level_never_raises(self, captured):
        """log() with a nonsense level logs at error and warns once; setLevel ignores it."""
        log = captured.logger()
        log.log("loud", "a")
        log.log(object(), "b")
        log.setLevel("very")
        assert [r["log.level"] for r in captured.records()] == ["error", "error"]
        assert captured.stderr.getvalue().count("emitter:") == 1


class TestMessage:
    def test_percent_args(self, captured):
        """%-arguments are applied like the stdlib does, including a single mapping."""
        log = captured.logger()
        log.info("user %s failed %d times", "ann", 3)
        log.info("%(who)s left", {"who": "bob"})
        log.info("100%")
        assert [r["message"] for r in captured.records()] == [
            "user ann failed 3 times",
            "bob left",
            "100%",
        ]

    def test_bad_percent_args_keep_everything(self, captured):
        """A format error keeps the message and arguments and says what went wrong."""
        captured.logger().info("count %d", "many")
        record = captured.record()
        assert record["message"] == "count %d ('many',)"
        assert record["emitter.error"].startswith("message formatting failed")

    def test_non_str_message(self, captured):
        """A message that is not a string is str()'d, as the stdlib does."""
        log = captured.logger()
        log.info(ValueError("bad value"))
        log.info(42)
        log.info(Explodes())
        messages = [r["message"] for r in captured.records()]
        assert messages == ["bad value", "42", "<unrepresentable Explodes>"]

    def test_render_message_matches_stdlib_helper(self):
        """render_message returns the text and no problem for good arguments."""
        assert render_message("a %s", ("b",)) == ("a b", None)


class TestFields:
    def test_extra_and_keywords_merge(self, captured):
        """extra= keys are fields; keyword fields win over extra on the same name."""
        captured.logger().info("m", extra={"a": 1, "b": 2}, b=3)
        record = captured.record()
        assert (record["a"], record["b"]) == (1, 3) and "extra" not in record

    def test_bind_returns_new_logger(self, captured):
        """bind() returns a new logger with the fields; the original is unchanged."""
        log = captured.logger()
        child = log.bind(user="u1", n=1)
        grandchild = child.bind(n=2)
        log.info("a")
        child.info("b")
        grandchild.info("c", n=3)
        records = captured.records()
        assert "user" not in records[0]
        assert (records[1]["user"], records[1]["n"]) == ("u1", 1)
        assert (records[2]["user"], records[2]["n"]) == ("u1", 3)
        assert child.bound == {"user": "u1", "n": 1}
        assert child.unbind("user").bound == {"n": 1}

    def test_context_keys_accepted(self, captured):
        """trace.id, span.id and request_id can be bound and appear under their own names."""
        log = captured.logger().bind(request_id="r-1", **{"trace.id": "t-1", "span.id": 5})
        log.info("m")
        record = captured.record()
        assert (record["request_id"], record["trace.id"], record["span.id"]) == ("r-1", "t-1", "5")
        assert "logpipe.renamed" not in record

    def test_stack_info_and_stacklevel(self, captured):
        """stack_info=True adds the caller's stack under log.stack_info; stacklevel is accepted."""

        def helper():
            captured.logger().info("m", stack_info=True, stacklevel=2)

        helper()
        stack = captured.record()["log.stack_info"]
        assert stack.startswith("Stack (most recent call last):")
        assert "test_stack_info_and_stacklevel" in stack and "helper()" in stack


class TestExceptions:
    def test_four_ways_give_the_same_keys(self, captured):
        """exc_info, exception=, trace= and auto-capture all give error.type/message/stack_trace."""
        log = captured.logger()
        try:
            raise KeyError("k")
        except KeyError as exc:
            log.info("one", exc_info=True)
            log.info("two", exception=exc)
            log.error("four")
            log.exception("five")
        log.info("three", trace="Traceback (most recent call last):\nKeyError: 'k'")
        records = {r["message"]: r for r in captured.records()}
        for name in ("one", "two", "three", "four", "five"):
            assert records[name]["error.type"] == "KeyError", name
            assert records[name]["error.message"] == "'k'", name
            assert "KeyError" in records[name]["error.stack_trace"], name

    def test_no_exception_no_error_keys(self, captured):
        """Outside an except block, error() and exception() invent nothing."""
        log = captured.logger()
        log.error("plain")
        log.exception("plain too")
        log.critical("still plain")
        assert all("error.type" not in r for r in captured.records())

    def test_auto_capture_only_at_error_and_above(self, captured):
        """In except, warning does not capture; error/critical do; exc_info=False opts out."""
        log = captured.logger()
        try:
            raise ValueError("v")
        except ValueError:
            log.warning("w")
            log.error("e")
            log.critical("c")
            log.error("opt out", exc_info=False)
        has_error = {r["message"]: "error.type" in r for r in captured.records()}
        assert has_error == {"w": False, "e": True, "c": True, "opt out": False}

    def test_chained_cause_in_trace(self, captured):
        """The stack trace shows the cause of a chained exception."""
        log = captured.logger()
        try:
            try:
                {}["missing"]
            except KeyError as exc:
                raise RuntimeError("lookup failed") from exc
        except RuntimeError:
            log.exception("failed")
        trace = captured.record()["error.stack_trace"]
        assert "KeyError: 'missing'" in trace and "RuntimeError: lookup failed" in trace


class TestNeverRaises:
    def test_hostile_values(self, captured):
        """Unserializable, circular and raising values never raise; the line is still written."""
        loop = []
        loop.append(loop)
        captured.logger().info(
            "m", obj=object(), bad=Explodes(), loop=loop, raw=b"\xff", items={1, 2}
        )
        record = captured.record()
        assert record["bad"] == "<unrepresentable Explodes>" and record["raw"] == "b'\\xff'"

    def test_rendering_failure_still_writes_a_line(self, captured):
        """If rendering itself fails, a minimal record says so, and stderr hears it once."""
        log = captured.logger()

        def broken(*args):
            raise RuntimeError("renderer down")

        log._core.render = broken
        log.info("first")
        log.info("second")
        records = captured.records()
        assert [r["message"] for r in records] == ["first", "second"]
        assert all("renderer down" in r["emitter.error"] for r in records)
        assert captured.stderr.getvalue().count("renderer down") == 1

    def test_huge_message_is_capped(self, make_captured):
        """A huge message is cut to max_string and marked."""
        out = make_captured(max_string=100)
        out.logger().info("z" * 10_000)
        message = out.record()["message"]
        assert message.startswith("z" * 100) and "truncated 9900 chars" in message
