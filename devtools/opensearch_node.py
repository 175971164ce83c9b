"""A real single-node OpenSearch on loopback, for integration tests, the demo and fault injection.

The node is the Java launcher in devtools/opensearch-node/ (OpenSearch 2.19 jars from Maven
Central, modules loaded from the classpath). This module builds it once, runs it in a temporary home
and makes sure no JVM outlives the Python process that started it.

`OPENSEARCH_VERSION=3` switches to OpenSearch 3.8.0 (Maven profile `os3`, built into
`target-os3/`, run on Java 21+: `OPENSEARCH_JAVA_HOME`, default the machine's Java 25 JDK at
/usr/lib/jvm/temurin-25-jdk-amd64). Unset or `2`: 2.19, the default that CI uses.

    with LocalOpenSearch() as node:
        OpenSearch(node.url)

`python -m devtools.opensearch_node` runs one in the foreground; `--build-only` just builds it.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType, TracebackType
from typing import IO

NODE_DIR = Path(__file__).resolve().parent / "opensearch-node"
DEFAULT_JAVA_HOME_3 = Path("/usr/lib/jvm/temurin-25-jdk-amd64")


def opensearch_line() -> str:
    """`2` (default) or `3`, from OPENSEARCH_VERSION (`3`, `3.8`, `3.8.0` all mean 3)."""
    raw = (os.environ.get("OPENSEARCH_VERSION") or "2").strip()
    major = raw.split(".", 1)[0]
    if major not in ("2", "3"):
        raise ValueError(f"OPENSEARCH_VERSION must be 2 or 3, got {raw!r}")
    return major


LINE = opensearch_line()
MAVEN_PROFILE: tuple[str, ...] = ("-P", "os3") if LINE == "3" else ()
TARGET_DIR = NODE_DIR / ("target-os3" if LINE == "3" else "target")
JAR = TARGET_DIR / "opensearch-node.jar"
CLASSPATH_FILE = TARGET_DIR / "classpath.txt"
BUILD_STAMP = TARGET_DIR / "build.sha256"
BUILD_LOCK = TARGET_DIR / "build.lock"
MAIN_CLASS = "dev.logpipe.opensearchnode.Main"

_URL_LINE = re.compile(r"^OPENSEARCH_URL=(http://[\d.]+:(\d+))$", re.MULTILINE)
_STOP_GRACE_SECONDS = 30.0
_LOG_TAIL_LINES = 40

SettingValue = str | int | float | bool


class OpenSearchNodeError(RuntimeError):
    """The local node could not be built, started or stopped; the message carries the evidence."""


# ---------------------------------------------------------------------------------------- build


def java_home() -> str | None:
    """The JDK for the build and the node: 3.x needs Java 21+ (OPENSEARCH_JAVA_HOME, else the
    Java 25 JDK if present); 2.x uses JAVA_HOME or the PATH's."""
    if LINE == "3":
        configured = os.environ.get("OPENSEARCH_JAVA_HOME")
        if configured:
            return configured
        if DEFAULT_JAVA_HOME_3.is_dir():
            return str(DEFAULT_JAVA_HOME_3)
    return os.environ.get("JAVA_HOME")


def _sources_digest() -> str:
    """Hash of everything the build reads, so an unchanged launcher is never rebuilt."""
    digest = hashlib.sha256(LINE.encode())
    files = [NODE_DIR / "pom.xml", *sorted((NODE_DIR / "src").rglob("*"))]
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(NODE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _is_built(digest: str) -> bool:
    """Built means: same sources, and every jar on the recorded classpath still on disk."""
    if not (JAR.is_file() and CLASSPATH_FILE.is_file() and BUILD_STAMP.is_file()):
        return False
    if BUILD_STAMP.read_text().strip() != digest:
        return False
    entries = CLASSPATH_FILE.read_text().strip().split(os.pathsep)
    return all(Path(entry).is_file() for entry in entries if entry)


def build(force: bool = False) -> bool:
    """Build the launcher and its classpath unless already built; return whether Maven ran.

    Several test sessions may start at once in one tree: a file lock lets one of them build.
    """
    digest = _sources_digest()
    if not force and _is_built(digest):
        return False
    TARGET_DIR.mkdir(exist_ok=True)
    with BUILD_LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not force and _is_built(digest):
            return False
        _run_maven(digest)
    return True


def _run_maven(digest: str) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise OpenSearchNodeError(
            "Maven (mvn) is not on PATH: the local OpenSearch node needs Java 17 and Maven; "
            "or set OPENSEARCH_URL to an existing cluster"
        )
    BUILD_STAMP.unlink(missing_ok=True)
    result = subprocess.run(
        [mvn, "-q", "-B", *MAVEN_PROFILE, "package"],
        cwd=NODE_DIR,
        env=_java_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()
        tail = "\n".join(output[-_LOG_TAIL_LINES:])
        raise OpenSearchNodeError(f"building {NODE_DIR} failed ({result.returncode}):\n{tail}")
    BUILD_STAMP.write_text(digest + "\n")


def _java_env() -> dict[str, str]:
    env = dict(os.environ)
    home = java_home()
    if home:
        env["JAVA_HOME"] = home
    return env


def _java() -> str:
    """The selected JDK's java (as Maven uses it), else the one on PATH."""
    java_home_dir = java_home()
    if java_home_dir and (Path(java_home_dir) / "bin" / "java").is_file():
        return str(Path(java_home_dir) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise OpenSearchNodeError("java is not on PATH: the local OpenSearch node needs Java 17")
    return java


# ------------------------------------------------------------------------------------------ node

_LIVE: set[LocalOpenSearch] = set()
_exit_hooks_installed = False


def _stop_all() -> None:
    """atexit: a finished Python process leaves neither a JVM nor a data directory behind."""
    for node in list(_LIVE):
        with contextlib.suppress(Exception):
            node.stop()


def _exit_on_signal(signum: int, _frame: FrameType | None) -> None:
    """Turn SIGTERM/SIGHUP into a normal exit, so atexit stops the nodes."""
    raise SystemExit(128 + signum)


def _install_exit_hooks() -> None:
    """Once per process; signal handlers only where nobody else has claimed the signal."""
    global _exit_hooks_installed
    if _exit_hooks_installed:
        return
    _exit_hooks_installed = True
    atexit.register(_stop_all)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError):  # ValueError: not the main thread
            if signal.getsignal(signum) is signal.SIG_DFL:
                signal.signal(signum, _exit_on_signal)


def _setting(value: SettingValue) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class LocalOpenSearch:
    """One OpenSearch node on 127.0.0.1, security off, data in a temporary directory.

    `stop(keep_data=True)` followed by `start()` restarts it on the same port with the same data,
    which is what fault-injection tests need. `settings` are extra node settings, e.g.
    `{"thread_pool.write.size": 1, "thread_pool.write.queue_size": 1}` to provoke real 429s.
    """

    def __init__(
        self,
        heap_mb: int = 512,
        settings: Mapping[str, SettingValue] | None = None,
        port: int | None = None,
        startup_timeout: float = 120.0,
    ) -> None:
        self.heap_mb = heap_mb
        self.settings: dict[str, str] = {k: _setting(v) for k, v in (settings or {}).items()}
        self.port = port
        self.startup_timeout = startup_timeout
        self.home: Path | None = None
        self._url: str | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._output: IO[bytes] | None = None

    def __repr__(self) -> str:
        return f"LocalOpenSearch(url={self._url!r}, home={self.home!s})"

    def __enter__(self) -> LocalOpenSearch:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """`http://127.0.0.1:PORT`, once started."""
        if self._url is None:
            raise OpenSearchNodeError("the node is not running: call start() first")
        return self._url

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """The JVM's process id while running: fault tests may SIGSTOP it to simulate a hang."""
        return self._process.pid if self.running and self._process is not None else None

    @property
    def node_output(self) -> Path:
        """The JVM's stdout/stderr: warnings, errors and the URL line."""
        return self._home() / "node.out"

    @property
    def log_file(self) -> Path:
        """OpenSearch's own INFO-level log."""
        return self._home() / "logs" / "opensearch.log"

    def _home(self) -> Path:
        if self.home is None:
            raise OpenSearchNodeError("the node has no home directory: call start() first")
        return self.home

    def _command(self, home: Path) -> list[str]:
        classpath = os.pathsep.join([str(JAR), CLASSPATH_FILE.read_text().strip()])
        settings = dict(self.settings)
        if self.port is not None:
            settings["http.port"] = str(self.port)
        return [
            _java(),
            f"-Xms{self.heap_mb}m",
            f"-Xmx{self.heap_mb}m",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true",
            "-Dfile.encoding=UTF-8",
            f"-Djava.io.tmpdir={home / 'tmp'}",
            "-cp",
            classpath,
            MAIN_CLASS,
            "--home",
            str(home),
            "--exit-on-stdin-eof",
            *(f"{key}={value}" for key, value in settings.items()),
        ]

    def start(self) -> str:
        """Start the node (building it first if needed), wait for green, return its URL."""
        if self.running:
            return self.url
        build()
        _install_exit_hooks()
        fresh = self.home is None
        if self.home is None:
            self.home = Path(tempfile.mkdtemp(prefix="logpipe-opensearch-"))
        (self.home / "tmp").mkdir(parents=True, exist_ok=True)
        output = self.node_output.open("ab")
        offset = output.tell()
        # Own session: a Ctrl-C in the terminal reaches us, and we stop the JVM in order.
        # stdin stays an open pipe; if we die without stopping the node, it sees EOF and exits.
        self._process = subprocess.Popen(
            self._command(self.home),
            stdin=subprocess.PIPE,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._output = output
        _LIVE.add(self)
        try:
            self._url = self._wait_for_url(offset)
        except BaseException:
            self.stop(keep_data=not fresh)
            raise
        self.port = int(self._url.rsplit(":", 1)[1])
        return self._url

    def _wait_for_url(self, offset: int) -> str:
        """The launcher prints the URL only once the cluster is green."""
        assert self._process is not None
        deadline = time.monotonic() + self.startup_timeout
        while True:
            with self.node_output.open("rb") as output:
                output.seek(offset)
                match = _URL_LINE.search(output.read().decode(errors="replace"))
            if match:
                return match.group(1)
            if self._process.poll() is not None:
                raise self._startup_error(f"exited with status {self._process.returncode}")
            if time.monotonic() > deadline:
                raise self._startup_error(f"not green after {self.startup_timeout:.0f}s")
            time.sleep(0.1)

    def _startup_error(self, what: str) -> OpenSearchNodeError:
        return OpenSearchNodeError(
            f"local OpenSearch node {what} (home {self.home})\n"
            f"--- {self.node_output} ---\n{_tail(self.node_output)}\n"
            f"--- {self.log_file} ---\n{_tail(self.log_file)}"
        )

    def stop(self, keep_data: bool = False) -> None:
        """SIGTERM (the node closes cleanly), SIGKILL after a grace period; then delete the home
        unless `keep_data`, in which case the next `start()` reuses it and the port."""
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGCONT)  # a frozen JVM cannot handle SIGTERM
                    process.terminate()
                try:
                    process.wait(_STOP_GRACE_SECONDS)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()
        if self._output is not None:
            self._output.close()
            self._output = None
        self._url = None
        _LIVE.discard(self)
        if not keep_data and self.home is not None:
            shutil.rmtree(self.home, ignore_errors=True)
            self.home = None


# ------------------------------------------------------------------------------------------- cli


def _parse_setting(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected key=value, got {text!r}")
    return key, value


def main(argv: Sequence[str] | None = None) -> int:
    """Run a node in the foreground until Ctrl-C or SIGTERM, or just build it."""
    parser = argparse.ArgumentParser(prog="python -m devtools.opensearch_node", description=__doc__)
    parser.add_argument("--build-only", action="store_true", help="build the launcher and exit")
    parser.add_argument("--heap-mb", type=int, default=512)
    parser.add_argument("--port", type=int, default=None, help="HTTP port (default: a free one)")
    parser.add_argument(
        "-E",
        dest="settings",
        type=_parse_setting,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra node setting, repeatable",
    )
    args = parser.parse_args(argv)
    try:
        if args.build_only:
            started = time.monotonic()
            built = build()
            state = f"built in {time.monotonic() - started:.1f}s" if built else "up to date"
            print(f"opensearch-node: {state}", file=sys.stderr)
            return 0
        # Ctrl-C must stop the node even when started from a shell that ignores SIGINT.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        node = LocalOpenSearch(heap_mb=args.heap_mb, settings=dict(args.settings), port=args.port)
        started = time.monotonic()
        node.start()
    except OpenSearchNodeError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"OPENSEARCH_URL={node.url}", flush=True)
    print(
        f"green in {time.monotonic() - started:.1f}s; data in {node.home}; Ctrl-C stops it",
        file=sys.stderr,
    )
    try:
        while node.running:
            time.sleep(0.5)
        print(f"the node exited on its own:\n{_tail(node.node_output)}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, SystemExit):
        return 0
    finally:
        node.stop()


if __name__ == "__main__":
    sys.exit(main())
