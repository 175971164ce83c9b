"""emitter.sink: one write per line, failures reported once and never raised."""

import contextlib
import io
import json
import os
import threading

from emitter import Config, Registry
from emitter.diagnostics import Diagnostics
from emitter.sink import Sink, ascii_line


def _registry(stream, stderr):
    return Registry(Config(stream=stream, opentelemetry=False), diagnostics=Diagnostics(stderr))


class TestStreams:
    def test_text_stream(self):
        """A text stream gets the line as text."""
        stream = io.StringIO()
        _registry(stream, io.StringIO()).get_logger("t").info("héllo")
        assert json.loads(stream.getvalue())["message"] == "héllo"

    def test_file_descriptor_stream(self, tmp_path):
        """A real file is flushed and written with os.write: earlier writes stay first."""
        path = tmp_path / "out.log"
        with open(path, "w", encoding="utf-8") as stream:
            stream.write("before\n")
            _registry(stream, io.StringIO()).get_logger("t").info("after")
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "before" and json.loads(lines[1])["message"] == "after"

    def test_default_is_current_stdout(self):
        """stream=None follows sys.stdout, so redirect_stdout captures the lines."""
        buffer = io.StringIO()
        log = _registry(None, io.StringIO()).get_logger("t")
        with contextlib.redirect_stdout(buffer):
            log.info("captured")
        assert json.loads(buffer.getvalue())["message"] == "captured"

    def test_ascii_only_text_stream(self):
        """A text stream that cannot encode the line gets it with \\u escapes, still valid JSON."""
        raw = io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding="ascii")
        _registry(stream, io.StringIO()).get_logger("t").info("żółw 🐢")
        stream.flush()
        assert json.loads(raw.getvalue().decode("ascii"))["message"] == "żółw 🐢"

    def test_ascii_line(self):
        """ascii_line escapes BMP and astral characters the JSON way."""
        assert ascii_line('{"a":"é🐢"}') == '{"a":"\\u00e9\\ud83d\\udc22"}'


class TestFailures:
    def test_closed_stream_warns_once(self):
        """Writing to a closed stream returns normally; one warning reaches stderr."""
        stream, stderr = io.BytesIO(), io.StringIO()
        log = _registry(stream, stderr).get_logger("t")
        stream.close()
        for _ in range(3):
            log.info("lost")
        assert stderr.getvalue().count("emitter:") == 1 and "closed" in stderr.getvalue()

    def test_broken_pipe_warns_once(self):
        """A pipe whose reader is gone (BrokenPipeError) is survived, with one warning."""
        read, write = os.pipe()
        os.close(read)
        stderr = io.StringIO()
        with os.fdopen(write, "wb") as stream:
            log = _registry(stream, stderr).get_logger("t")
            for _ in range(3):
                log.error("nobody listens")
            with contextlib.suppress(OSError):
                stream.close()
        assert stderr.getvalue().count("BrokenPipeError") == 1

    def test_stream_that_raises_anything(self):
        """A stream raising an unexpected exception is survived, with one warning per kind."""

        class Hostile(io.TextIOBase):
            def write(self, text):
                raise RuntimeError("nope")

        stderr = io.StringIO()
        sink = Sink(Hostile(), Diagnostics(stderr))
        sink.write("x\n")
        sink.write("y\n")
        assert stderr.getvalue().count("emitter:") == 1

    def test_stdout_none(self, monkeypatch):
        """sys.stdout None (pythonw, closed) drops lines quietly after one warning."""
        stderr = io.StringIO()
        log = _registry(None, stderr).get_logger("t")
        monkeypatch.setattr("sys.stdout", None)
        log.info("a")
        log.info("b")
        assert stderr.getvalue().count("emitter:") == 1

    def test_broken_stderr_is_survived(self):
        """Even with stderr closed, a failing write returns normally."""
        stream, stderr = io.BytesIO(), io.StringIO()
        log = _registry(stream, stderr).get_logger("t")
        stream.close()
        stderr.close()
        log.info("nothing works")
        assert stderr.closed


class TestConcurrency:
    def test_threads_never_interleave(self, tmp_path):
        """Many threads logging at once through a real file: every line is one whole record."""
        path = tmp_path / "threads.log"
        threads_n, per_thread = 8, 300
        with open(path, "wb") as stream:
            log = _registry(stream, io.StringIO()).get_logger("t")
            start = threading.Barrier(threads_n)

            def work(n):
                start.wait()
                for i in range(per_thread):
                    log.info("m", thread=n, i=i, payload="x" * (i % 7 * 900))

            threads = [threading.Thread(target=work, args=(n,)) for n in range(threads_n)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        lines = path.read_bytes().decode("utf-8").splitlines()
        records = [json.loads(line) for line in lines]
        assert len(records) == threads_n * per_thread
        seen = {(r["thread"], r["i"]) for r in records}
        assert len(seen) == threads_n * per_thread


class TestReentrance:
    def test_stream_that_logs_does_not_deadlock(self):
        """A stream whose write() logs once gets both lines whole: the one begun first first."""

        class Chatty(io.StringIO):
            logged = False

            def write(self, text):
                if not self.logged:
                    self.logged = True
                    log.info("from inside write")
                return super().write(text)

        stream = Chatty()
        log = _registry(stream, io.StringIO()).get_logger("t")
        log.info("outer")
        messages = [json.loads(line)["message"] for line in stream.getvalue().splitlines()]
        assert messages == ["outer", "from inside write"]

    def test_stream_that_logs_on_every_write_ends(self):
        """A stream logging from each of its writes cannot loop forever: the excess is dropped."""

        class Chatty(io.StringIO):
            def write(self, text):
                log.info("from inside write")
                return super().write(text)

        stream, stderr = Chatty(), io.StringIO()
        registry = _registry(stream, stderr)
        log = registry.get_logger("t")
        log.info("outer")
        lines = stream.getvalue().splitlines()
        assert 1 < len(lines) <= 66 and all(json.loads(line) for line in lines)
        assert registry.sink.dropped == 1
        assert "from within every write" in stderr.getvalue()
