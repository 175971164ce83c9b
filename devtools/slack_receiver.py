"""A real Slack receiver on loopback, for tests and the local demo: incoming webhooks and the
Web API methods app mode uses (`auth.test`, `chat.postMessage`, `chat.update`).

It checks every payload against Slack's documented Block Kit limits and answers like Slack:
webhooks 200 `ok`, or 400 `invalid_payload` / `invalid_blocks` when a limit is broken; the Web
API HTTP 200 with JSON `{"ok": true, "channel": ..., "ts": ...}` or `{"ok": false, "error": ...}`
(`not_authed`, `invalid_auth`, `channel_not_found`, `not_in_channel`, `msg_too_long`,
`invalid_blocks`, `message_not_found`, `thread_not_found`), and 429 `ratelimited` with
`Retry-After`. It keeps the channels' messages, their thread replies and their edits.
It can be scripted to answer 429 with `Retry-After`, 500, an `ok:false` error, to hang past the
client's timeout, to reset the connection, or to silently swallow requests on connections that
are already open (a half-dead keep-alive connection). No pytest import:
`python -m devtools.slack_receiver` runs it standalone and prints every message readably.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import socket
import struct
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TextIO

WEBHOOK_PATH = "/services/T0LOCAL00/B0LOCAL00/l0calS3cretT0kenD0N0tLog"
API_PREFIX = "/api/"
BOT_TOKEN = "xoxb-0local00-0local00-l0calB0tT0kenD0N0tLog"
# channel id -> (name, whether the bot is a member)
DEFAULT_CHANNELS = {"C0ALERTS1": ("alerts", True), "C0PAYMENT": ("payments", True)}

# Slack's documented limits (Block Kit reference; incoming webhooks)
MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_URL = 3000
MAX_BUTTON_VALUE = 2000
MAX_ACTION_ID = 255
MAX_BLOCK_ID = 255
MAX_ACTIONS_ELEMENTS = 25
MAX_CONTEXT_ELEMENTS = 10
MAX_TEXT = 40_000


# --- scripted answers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Ok:
    """200 `ok`, as Slack answers a posted message."""


@dataclass(frozen=True)
class RateLimited:
    """429 with `Retry-After`: the message was NOT posted."""

    retry_after: float = 1.0


@dataclass(frozen=True)
class ServerError:
    """A 5xx: the message was not posted."""

    status: int = 500
    body: str = "rollup_error"


@dataclass(frozen=True)
class Reply:
    """Any status and body, e.g. 404 `channel_not_found`."""

    status: int
    body: str


@dataclass(frozen=True)
class Hang:
    """Accept the message, then answer only after `seconds` (past the client's timeout)."""

    seconds: float = 30.0


@dataclass(frozen=True)
class Reset:
    """Read the request, then reset the connection (TCP RST) without answering."""


@dataclass(frozen=True)
class ApiError:
    """A Web API call answered HTTP 200 `{"ok": false, "error": error}` (nothing posted)."""

    error: str


Action = Ok | RateLimited | ServerError | Reply | Hang | Reset | ApiError


@dataclass
class PostedMessage:
    """A message in a channel as Slack keeps it: its latest content, edits and replies."""

    channel: str
    ts: str
    payload: dict[str, Any]
    thread_ts: str | None = None
    broadcast: bool = False
    edits: list[dict[str, Any]] = field(default_factory=list)
    replies: list[PostedMessage] = field(default_factory=list)


@dataclass(frozen=True)
class ReceivedRequest:
    """One request as it arrived, what was answered, and whether the message was posted."""

    number: int
    connection: int
    received_at: float  # time.perf_counter()
    path: str
    body: bytes
    payload: Any
    status: int | None
    answer: str
    accepted: bool
    problems: tuple[str, ...] = ()


# --- validation ----------------------------------------------------------------------------


def _text_object(obj: Any, where: str, limit: int, problems: list[str], plain_only=False) -> None:
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        problems.append(f"{where}: must be a text object")
        return
    if plain_only and obj["type"] != "plain_text":
        problems.append(f"{where}: must be plain_text")
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        problems.append(f"{where}: text must be a non-empty string")
    elif len(text) > limit:
        problems.append(f"{where}: text is {len(text)} characters, limit {limit}")


def validate_payload(payload: Any) -> tuple[str | None, list[str]]:
    """(Slack's error code or None, the problems found) for a decoded webhook body."""
    if not isinstance(payload, dict):
        return "invalid_payload", ["body must be a JSON object"]
    text, blocks = payload.get("text"), payload.get("blocks")
    if not (isinstance(text, str) and text.strip()) and not blocks:
        return "no_text", ["neither text nor blocks"]
    if text is not None and (not isinstance(text, str) or len(text) > MAX_TEXT):
        return "invalid_payload", [f"text must be a string of at most {MAX_TEXT} characters"]
    if blocks is None:
        return None, []
    problems: list[str] = []
    if not isinstance(blocks, list) or len(blocks) > MAX_BLOCKS:
        return "invalid_blocks", [f"blocks must be a list of at most {MAX_BLOCKS}"]
    action_ids: set[str] = set()
    block_ids: set[str] = set()
    for index, block in enumerate(blocks):
        where = f"blocks[{index}]"
        if not isinstance(block, dict):
            problems.append(f"{where}: not an object")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or len(block_id) > MAX_BLOCK_ID:
                problems.append(f"{where}: bad block_id")
            elif block_id in block_ids:
                problems.append(f"{where}: duplicate block_id {block_id!r}")
            block_ids.add(str(block_id))
        kind = block.get("type")
        if kind == "header":
            _text_object(block.get("text"), where, MAX_HEADER_TEXT, problems, plain_only=True)
        elif kind == "section":
            if "text" not in block and "fields" not in block:
                problems.append(f"{where}: section needs text or fields")
            if "text" in block:
                _text_object(block["text"], f"{where}.text", MAX_SECTION_TEXT, problems)
            fields = block.get("fields")
            if fields is not None:
                if not isinstance(fields, list) or not fields or len(fields) > MAX_FIELDS:
                    problems.append(f"{where}: fields must be 1 to {MAX_FIELDS} text objects")
                else:
                    for n, item in enumerate(fields):
                        _text_object(item, f"{where}.fields[{n}]", MAX_FIELD_TEXT, problems)
        elif kind == "context":
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements:
                problems.append(f"{where}: context needs elements")
            elif len(elements) > MAX_CONTEXT_ELEMENTS:
                problems.append(f"{where}: more than {MAX_CONTEXT_ELEMENTS} elements")
            else:
                for n, item in enumerate(elements):
                    _text_object(item, f"{where}.elements[{n}]", MAX_SECTION_TEXT, problems)
        elif kind == "actions":
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements:
                problems.append(f"{where}: actions needs elements")
                continue
            if len(elements) > MAX_ACTIONS_ELEMENTS:
                problems.append(f"{where}: more than {MAX_ACTIONS_ELEMENTS} elements")
            for n, button in enumerate(elements):
                spot = f"{where}.elements[{n}]"
                if not isinstance(button, dict) or button.get("type") != "button":
                    problems.append(f"{spot}: only buttons are expected")
                    continue
                _text_object(button.get("text"), spot, MAX_BUTTON_TEXT, problems, True)
                url = button.get("url")
                if url is not None and (not isinstance(url, str) or len(url) > MAX_BUTTON_URL):
                    problems.append(f"{spot}: url longer than {MAX_BUTTON_URL}")
                value = button.get("value")
                if value is not None and len(str(value)) > MAX_BUTTON_VALUE:
                    problems.append(f"{spot}: value longer than {MAX_BUTTON_VALUE}")
                action_id = button.get("action_id")
                if action_id is not None:
                    if len(str(action_id)) > MAX_ACTION_ID:
                        problems.append(f"{spot}: action_id too long")
                    if action_id in action_ids:
                        problems.append(f"{spot}: duplicate action_id {action_id!r}")
                    action_ids.add(action_id)
        elif kind == "divider":
            pass
        else:
            problems.append(f"{where}: unexpected block type {kind!r}")
    return ("invalid_blocks" if problems else None), problems


# --- rendering -----------------------------------------------------------------------------


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def pretty(payload: Any) -> str:
    """A Slack message as readable text: header, sections, fields, buttons with their URLs."""
    if not isinstance(payload, dict):
        return repr(payload)
    lines: list[str] = []
    for block in payload.get("blocks") or []:
        kind = block.get("type")
        if kind == "header":
            title = block["text"]["text"]
            lines += [title, "=" * min(len(title), 72)]
        elif kind == "section":
            if "text" in block:
                lines.append(_unescape(block["text"]["text"]).replace("```", ""))
            for item in block.get("fields") or []:
                title, _, value = _unescape(item["text"]).partition("\n")
                lines.append(f"  {title.strip('*')}: {value.strip('`')}")
        elif kind == "context":
            lines.append(" · ".join(_unescape(e.get("text", "")) for e in block["elements"]))
        elif kind == "actions":
            for button in block["elements"]:
                lines.append(f"  [{button['text']['text']}] {button.get('url', '')}")
        elif kind == "divider":
            lines.append("-" * 40)
    if not lines:
        lines.append(_unescape(str(payload.get("text", ""))))
    return "\n".join(lines)


# --- the server ----------------------------------------------------------------------------


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    script: list[Action] = field(default_factory=list)
    default: Action = field(default_factory=Ok)
    requests: list[ReceivedRequest] = field(default_factory=list)
    connections: int = 0
    dead_connections: set[int] = field(default_factory=set)
    open_connections: set[int] = field(default_factory=set)
    stopping: threading.Event = field(default_factory=threading.Event)
    changed: threading.Condition = field(init=False)
    echo: TextIO | None = None
    validate: bool = True
    token: str = BOT_TOKEN
    channels: dict[str, tuple[str, bool]] = field(default_factory=lambda: dict(DEFAULT_CHANNELS))
    posts: dict[tuple[str, str], PostedMessage] = field(default_factory=dict)
    timeline: list[PostedMessage] = field(default_factory=list)  # top-level, in order
    clock: itertools.count = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.changed = threading.Condition(self.lock)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Slack's edge does
    server: _Server

    def setup(self) -> None:
        super().setup()
        state = self.server.state
        with state.lock:
            state.connections += 1
            self.connection_number = state.connections
            state.open_connections.add(self.connection_number)

    def finish(self) -> None:
        with self.server.state.lock:
            self.server.state.open_connections.discard(self.connection_number)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _answer(self, status: int, body: str, headers: Iterable[tuple[str, str]] = ()) -> None:
        self._send(status, body.encode(), "text/html", headers)

    def _send(
        self, status: int, data: bytes, content_type: str, headers: Iterable[tuple[str, str]]
    ) -> None:
        """One response; a client that went away meanwhile only closes the connection."""
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def _wait(self, seconds: float) -> None:
        self.server.state.stopping.wait(seconds)

    def _swallow(self) -> None:
        """A half-dead connection: the request goes nowhere, nothing ever comes back."""
        state = self.server.state
        self.connection.settimeout(0.1)
        while not state.stopping.is_set():
            try:
                if self.connection.recv(65536) == b"":
                    break
            except TimeoutError:
                continue
            except OSError:
                break
        self.close_connection = True

    def do_POST(self) -> None:
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        received_at = time.perf_counter()
        if self.path.startswith(API_PREFIX):
            self._api(body, received_at)
            return
        with state.lock:
            if self.connection_number in state.dead_connections:
                dead = True
                action: Action = Ok()
            else:
                dead = False
                action = state.script.pop(0) if state.script else state.default
        if dead:
            self._swallow()
            return
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        code, problems = (None, [])
        if self.path != WEBHOOK_PATH:
            code, problems = "no_service", [f"unknown webhook path {self.path!r}"]
        elif payload is None:
            code, problems = "invalid_payload", ["body is not JSON"]
        elif state.validate:
            code, problems = validate_payload(payload)
        if code is not None:
            status, answer, accepted = (404 if code == "no_service" else 400), code, False
        elif isinstance(action, Ok | Hang):
            status, answer, accepted = 200, "ok", True
        elif isinstance(action, RateLimited):
            status, answer, accepted = 429, "rate_limited", False
        elif isinstance(action, ServerError):
            status, answer, accepted = action.status, action.body, False
        elif isinstance(action, Reply):
            status, answer, accepted = action.status, action.body, 200 <= action.status < 300
        else:  # Reset
            status, answer, accepted = None, "reset", False
        with state.changed:
            record = ReceivedRequest(
                number=len(state.requests) + 1,
                connection=self.connection_number,
                received_at=received_at,
                path=self.path,
                body=body,
                payload=payload,
                status=status,
                answer=answer,
                accepted=accepted,
                problems=tuple(problems),
            )
            state.requests.append(record)
            state.changed.notify_all()
        if accepted and state.echo is not None:
            print(pretty(payload), file=state.echo, end="\n\n", flush=True)
        if code is None and isinstance(action, Hang):
            self._wait(action.seconds)
        if code is None and isinstance(action, Reset):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        headers = []
        if isinstance(action, RateLimited) and code is None:
            headers.append(("Retry-After", f"{action.retry_after:g}"))
        self._answer(status or 500, answer, headers)

    # --- the Web API -----------------------------------------------------------------------

    def _api_args(self, body: bytes) -> dict[str, Any] | None:
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            if kind == "application/json":
                data = json.loads(body or b"{}")
                return data if isinstance(data, dict) else None
            form = urllib.parse.parse_qs(body.decode(), keep_blank_values=True)
            args: dict[str, Any] = {k: v[-1] for k, v in form.items()}
            if isinstance(args.get("blocks"), str):
                args["blocks"] = json.loads(args["blocks"])
            return args
        except (ValueError, UnicodeDecodeError):
            return None

    def _api_json(self, status: int, answer: dict[str, Any], headers=()) -> None:
        self._send(status, json.dumps(answer).encode(), "application/json; charset=utf-8", headers)

    def _api(self, body: bytes, received_at: float) -> None:
        state = self.server.state
        method = self.path[len(API_PREFIX) :].split("?")[0]
        with state.lock:
            action: Action = state.script.pop(0) if state.script else state.default
        args = self._api_args(body)
        auth = self.headers.get("Authorization") or ""
        token = auth[7:] if auth.startswith("Bearer ") else (args or {}).get("token")
        status, answer, problems, posted = 200, {"ok": True}, [], None
        headers: list[tuple[str, str]] = []
        if not token:
            answer = {"ok": False, "error": "not_authed"}
        elif token != state.token:
            answer = {"ok": False, "error": "invalid_auth"}
        elif args is None:
            answer = {"ok": False, "error": "invalid_arguments"}
        elif isinstance(action, RateLimited):
            status, answer = 429, {"ok": False, "error": "ratelimited"}
            headers.append(("Retry-After", f"{math.ceil(action.retry_after)}"))
        elif isinstance(action, ServerError):
            status, answer = action.status, {"ok": False, "error": action.body}
        elif isinstance(action, ApiError):
            answer = {"ok": False, "error": action.error}
        elif isinstance(action, Reply):
            self._answer(action.status, action.body)
            return
        elif method == "auth.test":
            answer = {"ok": True, "team": "local", "user": "logpipe", "bot_id": "B0LOCAL00"}
        elif method in ("chat.postMessage", "chat.update"):
            answer, problems, posted = self._chat(method, args)
        else:
            answer = {"ok": False, "error": "unknown_method"}
        with state.changed:
            record = ReceivedRequest(
                number=len(state.requests) + 1,
                connection=self.connection_number,
                received_at=received_at,
                path=self.path,
                body=body,
                payload=args,
                status=status if not isinstance(action, Reset) else None,
                answer=str(answer.get("error") or "ok"),
                accepted=bool(answer.get("ok")) and status == 200,
                problems=tuple(problems),
            )
            state.requests.append(record)
            state.changed.notify_all()
        if posted is not None and state.echo is not None:
            print(pretty(posted.payload), file=state.echo, end="\n\n", flush=True)
        if isinstance(action, Hang):
            self._wait(action.seconds)
        if isinstance(action, Reset):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        self._api_json(status, answer, headers)

    def _chat(
        self, method: str, args: dict[str, Any]
    ) -> tuple[dict[str, Any], list[str], PostedMessage | None]:
        """chat.postMessage / chat.update against the kept channels (caller holds no lock)."""
        state = self.server.state
        wanted = str(args.get("channel") or "")
        with state.lock:
            channel = next(
                (
                    cid
                    for cid, (name, _) in state.channels.items()
                    if wanted in (cid, f"#{name}", name)
                ),
                None,
            )
            if channel is None:
                return {"ok": False, "error": "channel_not_found"}, [], None
            if not state.channels[channel][1]:
                return {"ok": False, "error": "not_in_channel"}, [], None
            content = {k: args[k] for k in ("text", "blocks") if k in args}
            text = content.get("text")
            if isinstance(text, str) and len(text) > MAX_TEXT:
                return {"ok": False, "error": "msg_too_long"}, [], None
            if state.validate:
                code, problems = validate_payload(content)
                if code is not None:
                    error = "invalid_blocks" if code == "invalid_blocks" else code
                    return {"ok": False, "error": error}, problems, None
            if method == "chat.update":
                target = state.posts.get((channel, str(args.get("ts") or "")))
                if target is None:
                    return {"ok": False, "error": "message_not_found"}, [], None
                target.edits.append(target.payload)
                target.payload = content
                return {"ok": True, "channel": channel, "ts": target.ts, "text": text}, [], None
            thread_ts = args.get("thread_ts")
            parent = None
            if thread_ts:
                parent = state.posts.get((channel, str(thread_ts)))
                if parent is None:
                    return {"ok": False, "error": "thread_not_found"}, [], None
            ts = f"{1_700_000_000 + next(state.clock)}.{next(state.clock):06d}"
            posted = PostedMessage(
                channel,
                ts,
                content,
                thread_ts=parent.ts if parent else None,
                broadcast=bool(args.get("reply_broadcast")),
            )
            state.posts[(channel, ts)] = posted
            if parent is not None:
                parent.replies.append(posted)
            else:
                state.timeline.append(posted)
            return {"ok": True, "channel": channel, "ts": ts, "message": content}, [], posted


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, state: _State) -> None:
        self.state = state
        super().__init__(("127.0.0.1", 0), _Handler)


class SlackReceiver:
    """Threaded loopback webhook receiver; use as a context manager or start()/stop()."""

    def __init__(
        self,
        *,
        validate: bool = True,
        echo: TextIO | None = None,
        channels: dict[str, tuple[str, bool]] | None = None,
    ) -> None:
        self._state = _State(echo=echo, validate=validate)
        if channels is not None:
            self._state.channels = dict(channels)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # lifecycle
    def start(self) -> SlackReceiver:
        self._server = _Server(self._state)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="slack-receiver",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._state.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> SlackReceiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The webhook URL (its path plays the secret part of a real one)."""
        assert self._server is not None, "start() first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{WEBHOOK_PATH}"

    @property
    def api_url(self) -> str:
        """The Web API base URL (what `SLACK_API_URL` points at)."""
        assert self._server is not None, "start() first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{API_PREFIX}"

    @property
    def token(self) -> str:
        """The bot token this receiver accepts."""
        return self._state.token

    # scripting
    def respond(self, *actions: Action) -> None:
        """Answer the next requests with these, in order; then with the default."""
        with self._state.lock:
            self._state.script.extend(actions)

    def set_default(self, action: Action) -> None:
        with self._state.lock:
            self._state.default = action

    def blackhole_open_connections(self) -> int:
        """Make every open keep-alive connection half-dead; returns how many there were."""
        with self._state.lock:
            self._state.dead_connections |= self._state.open_connections
            return len(self._state.open_connections)

    # what arrived
    @property
    def requests(self) -> list[ReceivedRequest]:
        with self._state.lock:
            return list(self._state.requests)

    @property
    def accepted(self) -> list[ReceivedRequest]:
        return [r for r in self.requests if r.accepted]

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Payloads of the messages Slack would have posted, in arrival order."""
        return [r.payload for r in self.accepted]

    @property
    def rejected(self) -> list[ReceivedRequest]:
        return [r for r in self.requests if r.problems]

    def channel(self, channel: str) -> list[PostedMessage]:
        """The top-level messages of a channel (id or name), oldest first, as they are now."""
        with self._state.lock:
            ids = {cid for cid, (name, _) in self._state.channels.items() if channel in (cid, name)}
            return [m for m in self._state.timeline if m.channel in ids]

    def calls(self, method: str) -> list[ReceivedRequest]:
        """Web API requests of one method (`chat.postMessage`, ...), in arrival order."""
        return [r for r in self.requests if r.path.split("?")[0] == f"{API_PREFIX}{method}"]

    @property
    def connections(self) -> int:
        """TCP connections opened so far."""
        with self._state.lock:
            return self._state.connections

    def wait_for(self, count: int, timeout: float = 10.0) -> bool:
        """Wait until `count` requests have arrived."""
        deadline = time.monotonic() + timeout
        with self._state.changed:
            while len(self._state.requests) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._state.changed.wait(left)
        return True

    def pretty(self) -> str:
        """Every accepted message, readable, separated by blank lines."""
        return "\n\n".join(pretty(m) for m in self.messages)


def main() -> None:
    """Run a receiver in the foreground and print each message; Ctrl-C stops it."""
    with SlackReceiver(echo=sys.stdout) as receiver:
        print(f"Slack webhook receiver: {receiver.url}", flush=True)
        print(f"Slack Web API: {receiver.api_url} (token {receiver.token})", flush=True)
        try:
            for _ in itertools.count():
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
