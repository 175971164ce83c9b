"""emitter.errors: the three error.* keys, from each way an exception can be given."""

import sys

from emitter import errors


class Timeout(Exception):
    pass


def _raise_chained():
    try:
        raise KeyError("inner")
    except KeyError as exc:
        raise Timeout("outer") from exc


class TestFromException:
    def test_keys(self):
        """type is qualified, message is str(exception), stack_trace the formatted traceback."""
        try:
            _raise_chained()
        except Timeout as exc:
            fields = errors.from_exception(exc)
        assert fields["error.type"] == "tests.emitter.test_errors.Timeout"
        assert fields["error.message"] == "outer"
        trace = fields["error.stack_trace"]
        assert "KeyError: 'inner'" in trace and "direct cause" in trace
        assert trace.rstrip().endswith("Timeout: outer")

    def test_builtins_are_bare(self):
        """Builtin exception types are named without a module."""
        assert errors.qualified_name(ValueError) == "ValueError"

    def test_str_raising_exception(self):
        """An exception whose __str__ raises still gives the three keys."""

        class Nasty(Exception):
            def __str__(self):
                raise RuntimeError("nope")

        fields = errors.from_exception(Nasty())
        assert set(fields) == {"error.type", "error.message", "error.stack_trace"}


class TestFromExcInfo:
    def test_true_inside_except(self):
        """exc_info=True describes the exception being handled."""
        try:
            raise ValueError("x")
        except ValueError:
            fields = errors.from_exc_info(True)
        assert fields["error.type"] == "ValueError"

    def test_true_outside_except_invents_nothing(self):
        """exc_info=True with no active exception gives None."""
        assert errors.from_exc_info(True) is None

    def test_instance_and_tuple(self):
        """An exception instance and a sys.exc_info() tuple both work."""
        try:
            raise ValueError("y")
        except ValueError as exc:
            by_tuple = errors.from_exc_info(sys.exc_info())
            by_instance = errors.from_exc_info(exc)
        assert by_tuple == by_instance
        assert "raise ValueError" in by_tuple["error.stack_trace"]

    def test_false_and_none_tuple(self):
        """exc_info=False and (None, None, None) give None."""
        assert errors.from_exc_info(False) is None
        assert errors.from_exc_info((None, None, None)) is None


class TestFromTrace:
    def test_type_and_message_from_last_line(self):
        """A preformatted traceback gives type and message from its last line."""
        text = (
            "Traceback (most recent call last):\n"
            '  File "app.py", line 3, in <module>\n'
            "    get()\n"
            "requests.exceptions.Timeout: read timed out: 10s\n"
        )
        fields = errors.from_trace(text)
        assert fields == {
            "error.type": "requests.exceptions.Timeout",
            "error.message": "read timed out: 10s",
            "error.stack_trace": text.rstrip(),
        }

    def test_unparseable_trace(self):
        """Text that is not a traceback still fills the three keys."""
        fields = errors.from_trace("something broke badly")
        assert fields["error.type"] == "unknown"
        assert fields["error.message"] == "something broke badly"


class TestFromCall:
    def test_exception_wins_and_trace_supplies_text(self):
        """With both exception= and trace=, type/message come from the exception."""
        fields = errors.from_call(exception=KeyError("k"), trace="custom trace")
        assert fields["error.type"] == "KeyError" and fields["error.stack_trace"] == "custom trace"

    def test_nothing_given(self):
        """No option gives None."""
        assert errors.from_call() is None
