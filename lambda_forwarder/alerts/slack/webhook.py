"""Delivery to a Slack incoming webhook: bounded in time, never a duplicate, never a hang.

Outcomes are told apart by what Slack can have done with the message:

- 200 `ok`: delivered.
- 429: NOT delivered. Wait `Retry-After` if it fits in the budget and send again; otherwise
  give up. The wait also holds back this client's next messages (the limit is per webhook).
- 5xx, or a connection that could not be opened: not delivered; retried a little.
- other 4xx (`invalid_payload`, `channel_not_found`, ...): rejected; retrying cannot help.
- a timeout or a broken connection after the request was sent: UNKNOWN. Slack may have posted
  it, so it is never sent again (a resend after a late `ok` is a duplicate in the channel).

Stale keep-alive connections. The seed recycled its session every five minutes because posts
hung for 30 s on pooled connections that were dead without knowing it: a Lambda sandbox is
frozen between invocations, and NAT gateways and load balancers drop idle flows (AWS NAT:
350 s) without a FIN the client ever sees. urllib3 only checks that a pooled socket is not
readable-closed before reuse, and has no idle timeout (urllib3 issue 3184, PR 3275 still open),
so such a socket is handed out and the request goes into a black hole. A short read timeout
alone only turns that hang into an UNKNOWN outcome: the alert is lost. The choice here:

1. Idle recycling, the primary cure: a pooled connection is reused only if the previous
   exchange ended less than `idle_reconnect_seconds` ago (default 30 s, far below any idle
   drop); otherwise the pool is dropped and a fresh connection is opened. Idleness is measured
   on both the monotonic and the wall clock, because a frozen sandbox's monotonic clock may not
   advance while frozen; a wall clock that went backwards also counts as idle. Bursts within
   one invocation still share one TLS connection.
2. TCP keepalive on the socket (idle 15 s, 5 s x 3 probes), so a long-running process finds a
   dead peer while idle and urllib3's own pre-use check discards it.
3. Short connect/read timeouts capped by the remaining budget, as the last line of defence.

`Connection: close` on every post would also be safe, but pays a TCP and TLS handshake per
message exactly when a burst of errors needs the messages out fast.
"""

from __future__ import annotations

import email.utils
import json
import socket
import time
from collections.abc import Callable, Mapping
from typing import Any

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection

from lambda_forwarder.alerts.notifier import Delivery, DeliveryStatus
from lambda_forwarder.deadline import Deadline

MIN_ATTEMPT_SECONDS = 0.05  # less than this left: do not start a request
DEFAULT_RETRY_AFTER = 1.0
MAX_RATE_LIMIT_WAITS = 3
SERVER_ERROR_BACKOFF = 0.5


def _socket_options() -> list[tuple[int, int, int]]:
    options = list(HTTPConnection.default_socket_options)
    options.append((socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1))
    for name, value in (("TCP_KEEPIDLE", 15), ("TCP_KEEPINTVL", 5), ("TCP_KEEPCNT", 3)):
        if hasattr(socket, name):
            options.append((socket.IPPROTO_TCP, getattr(socket, name), value))
    return options


class _KeepAliveAdapter(HTTPAdapter):
    """One pooled connection, TCP keepalive on, no hidden retries (a retry could duplicate)."""

    def __init__(self) -> None:
        super().__init__(pool_connections=1, pool_maxsize=1, max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["socket_options"] = _socket_options()
        super().init_poolmanager(*args, **kwargs)


def _never_sent(error: requests.RequestException) -> bool:
    """True when the request cannot have reached Slack (no connection was made)."""
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return True
    if not isinstance(error, requests.exceptions.ConnectionError):
        return False
    inner = error.args[0] if error.args else None
    reason = getattr(inner, "reason", inner)
    return isinstance(
        reason, urllib3.exceptions.NewConnectionError | urllib3.exceptions.ConnectTimeoutError
    )


def parse_retry_after(value: str | None, now: float | None = None) -> float:
    """Seconds to wait from a `Retry-After` header (seconds or an HTTP date)."""
    if not value:
        return DEFAULT_RETRY_AFTER
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


class WebhookClient:
    """Posts JSON payloads to one webhook URL. Keep one per URL for the container's life."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 3.0,
        idle_reconnect_seconds: float = 30.0,
        server_error_retries: int = 2,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self._url = url
        self._timeout = timeout
        self._idle = idle_reconnect_seconds
        self._server_error_retries = server_error_retries
        self._sleep = sleep
        self._monotonic = monotonic
        self._wall = wall
        self._session: requests.Session | None = None
        self._last_used = (0.0, 0.0)
        self._not_before = 0.0  # monotonic; set by a 429
        self.connections_opened = 0  # sessions started: fresh pools (tests, metrics)

    def __repr__(self) -> str:  # never show the URL: it is the secret
        return f"WebhookClient(timeout={self._timeout}, idle={self._idle})"

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def _fresh_session(self) -> requests.Session:
        self.close()
        session = requests.Session()
        adapter = _KeepAliveAdapter()
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        session.headers["Content-Type"] = "application/json; charset=utf-8"
        self._session = session
        self.connections_opened += 1
        return session

    def _session_for_send(self) -> requests.Session:
        if self._session is None:
            return self._fresh_session()
        last_mono, last_wall = self._last_used
        idle_mono = self._monotonic() - last_mono
        idle_wall = self._wall() - last_wall
        if idle_mono > self._idle or idle_wall > self._idle or idle_wall < 0:
            return self._fresh_session()
        return self._session

    def _mark_used(self) -> None:
        self._last_used = (self._monotonic(), self._wall())

    def post(self, payload: Mapping[str, Any], deadline: Deadline) -> Delivery:
        """Send one message within `deadline`; never raises for network or HTTP trouble."""
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        attempts = 0
        server_errors = 0
        rate_limit_waits = 0
        while True:
            wait = self._not_before - self._monotonic()
            if wait > 0:
                if wait + MIN_ATTEMPT_SECONDS >= deadline.remaining():
                    return Delivery(
                        DeliveryStatus.FAILED, attempts, 429, "rate limited past budget"
                    )
                self._sleep(wait)
            remaining = deadline.remaining()
            if remaining < MIN_ATTEMPT_SECONDS:
                return Delivery(DeliveryStatus.FAILED, attempts, None, "no time left")
            session = self._session_for_send()
            timeout = min(self._timeout, remaining)
            attempts += 1
            try:
                response = session.post(
                    self._url, data=body, timeout=(timeout, timeout), allow_redirects=False
                )
                answer = response.text[:200].strip()
            except requests.RequestException as error:
                self.close()  # whatever state that connection is in, do not reuse it
                kind = type(error).__name__
                if _never_sent(error):
                    if server_errors < self._server_error_retries and self._backoff(
                        server_errors, deadline
                    ):
                        server_errors += 1
                        continue
                    return Delivery(DeliveryStatus.FAILED, attempts, None, f"no connection: {kind}")
                return Delivery(DeliveryStatus.UNKNOWN, attempts, None, f"no answer: {kind}")
            finally:
                self._mark_used()

            status = response.status_code
            if status == 200:
                if answer == "ok":
                    return Delivery(DeliveryStatus.DELIVERED, attempts, status, "ok")
                return Delivery(DeliveryStatus.UNKNOWN, attempts, status, answer[:100])
            if status == 429:
                delay = parse_retry_after(response.headers.get("Retry-After"), self._wall())
                self._not_before = self._monotonic() + delay
                rate_limit_waits += 1
                if rate_limit_waits > MAX_RATE_LIMIT_WAITS:
                    return Delivery(DeliveryStatus.FAILED, attempts, status, "rate limited")
                continue  # the wait happens at the top, if it fits in the budget
            if status >= 500:
                if server_errors < self._server_error_retries and self._backoff(
                    server_errors, deadline
                ):
                    server_errors += 1
                    continue
                return Delivery(DeliveryStatus.FAILED, attempts, status, answer[:100])
            return Delivery(DeliveryStatus.REJECTED, attempts, status, answer[:100])

    def _backoff(self, retries_so_far: int, deadline: Deadline) -> bool:
        """Sleep before a retry if the budget allows one after it; False when it does not."""
        delay = SERVER_ERROR_BACKOFF * (2**retries_so_far)
        if delay + MIN_ATTEMPT_SECONDS * 4 >= deadline.remaining():
            return False
        self._sleep(delay)
        return True
