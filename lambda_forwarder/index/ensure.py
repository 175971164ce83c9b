"""The forwarder maps its own indices: the index template (and, where the cluster has ISM, the
retention policy) is ensured once per container, before the first bulk request.

Why here and not only in `forwarder bootstrap`: a stack that starts forwarding before anyone runs
bootstrap would otherwise create the day's index with dynamic mappings (`log_id` as `text`, so a
term lookup by `log_id` finds nothing), and that index stays wrong for its whole life.

Rules:
- idempotent and cheap when present: one GET of the template (its `_meta.digest` says whether it
  is current), one plugin listing and one GET of the policy; nothing is written when all match;
- it keeps the replica count an operator set (bootstrap `--replicas`): the template is compared
  and rewritten with the replicas it already has, so the two never fight;
- it never blocks indexing: a failure is a warning and a `IndexSetupFailed` metric, and indexing
  goes on; a slow cluster holds indexing back at most a quarter of the invocation's remaining
  time (`SETUP_SHARE`, at most `SETUP_WAIT_SECONDS`), then the setup finishes in the background.
  A transient failure (the cluster unreachable, timing out, 5xx, 429) is tried again before the
  next bulk request, so the first index created once the cluster is back is mapped; any other
  failure (403: the role may not manage templates) waits `RETRY_SECONDS`;
- further steps plug in as `SetupStep`s, run in order after the template; a failing step does not
  stop the ones after it. The handler adds the Dashboards index pattern the Slack links open
  (`index_pattern_step`), and is where the alerts' issues index plugs in.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from msgspec import Struct
from opensearchpy import OpenSearch
from opensearchpy.exceptions import (
    ConnectionError,
    ConnectionTimeout,
    NotFoundError,
    OpenSearchException,
)

from lambda_forwarder.config import DashboardsSettings, IndexSettings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.index.bootstrap import (
    default_replicas,
    ensure_ism_policy,
    ensure_template,
    setup_names,
    template_patterns,
)
from lambda_forwarder.index.dashboards import ensure_index_pattern
from lambda_forwarder.model import BulkResult, Document

logger = logging.getLogger(__name__)

RETRY_SECONDS = 60.0  # after a failed setup, the next try waits this long
SETUP_TIMEOUT_SECONDS = 3.0  # per request: setup must not eat the invocation's budget
# Indexing waits for the setup at most this share of the invocation's remaining time (and at
# most SETUP_WAIT_SECONDS); past that the bulk request goes ahead and the setup finishes beside it.
SETUP_SHARE = 0.25
SETUP_WAIT_SECONDS = 5.0

# A step takes the client and returns one line saying what it did; it raises on failure.
SetupStep = Callable[[OpenSearch], str]


class SetupOutcome(Struct, frozen=True):
    """What one setup attempt did: the lines of its steps, and the failures (empty when ok)."""

    lines: tuple[str, ...]
    failures: tuple[str, ...] = ()
    transient: bool = False  # the cluster could not be reached: try again before the next bulk

    @property
    def ok(self) -> bool:
        return not self.failures


def existing_replicas(client: OpenSearch, name: str) -> tuple[bool, int | None]:
    """(whether template `name` exists, its `index.number_of_replicas` or None if unset)."""
    try:
        found = client.indices.get_index_template(name=name)
    except NotFoundError:
        return False, None
    template = found["index_templates"][0]["index_template"].get("template", {})
    settings = template.get("settings", {})
    value = settings.get("index", {}).get("number_of_replicas")
    if value is None:
        value = settings.get("index.number_of_replicas")
    return True, None if value is None else int(value)


def ensure_index_setup(
    client: OpenSearch,
    settings: IndexSettings,
    *,
    steps: Sequence[SetupStep] = (),
) -> SetupOutcome:
    """Template, retention policy where ISM exists, then `steps`; never raises for the cluster.

    Names come from `setup_names`, as in `forwarder bootstrap`, so both manage the same objects.
    """
    name, policy = setup_names(settings)
    lines: list[str] = []
    failures: list[str] = []
    transient = False
    patterns = template_patterns(settings.index_pattern)
    try:
        exists, replicas = existing_replicas(client, name)
        if not exists:
            replicas = default_replicas(client)
        lines.append(ensure_template(client, patterns, replicas=replicas, name=name))
        lines.extend(ensure_ism_policy(client, patterns, settings.retention_days, policy_id=policy))
    except (OpenSearchException, KeyError, ValueError, TypeError) as error:
        failures.append(f"index template {name}: {_describe(error)}")
        transient = _is_transient(error)
    for step in steps:
        try:
            lines.append(step(client))
        except Exception as error:  # a hook's failure must not stop indexing
            failures.append(f"{getattr(step, '__name__', 'setup step')}: {_describe(error)}")
    return SetupOutcome(tuple(lines), tuple(failures), transient and len(failures) == 1)


def index_pattern_step(dashboards: DashboardsSettings, auth: Any = None) -> SetupStep:
    """The Dashboards index pattern the Slack links open, as a setup step: an unreachable
    Dashboards (none deployed) is a line, not a failure; an answer that refuses is a failure."""

    def dashboards_index_pattern(client: OpenSearch) -> str:
        line = ensure_index_pattern(dashboards, auth=auth, timeout=SETUP_TIMEOUT_SECONDS)
        if ": FAILED" in line:
            raise RuntimeError(line)
        return line

    return dashboards_index_pattern


def _is_transient(error: Exception) -> bool:
    if isinstance(error, ConnectionError | ConnectionTimeout):
        return True
    status = getattr(error, "status_code", None)
    return isinstance(status, int) and (status == 429 or status >= 500)


def _describe(error: Exception) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= 300 else text[:299] + "…"


class EnsuredIndexer:
    """Wraps the bulk indexer: the first `index` call of the container ensures the setup first.

    `client` should have a short timeout (`SETUP_TIMEOUT_SECONDS`): setup must not eat the budget.

    `on_failure` is called with the outcome of a failed attempt (the handler counts it as the
    `IndexSetupFailed` metric).
    """

    def __init__(
        self,
        indexer: Any,
        client: OpenSearch,
        settings: IndexSettings,
        *,
        steps: Sequence[SetupStep] = (),
        clock: Callable[[], float] = time.monotonic,
        setup: Callable[..., SetupOutcome] = ensure_index_setup,
        on_failure: Callable[[SetupOutcome], None] | None = None,
    ) -> None:
        self._indexer = indexer
        self._client = client  # the handler gives it a short timeout of its own
        self._settings = settings
        self._steps = tuple(steps)
        self._clock = clock
        self._setup = setup
        self._done = False
        self._next_try = 0.0
        self._on_failure = on_failure
        self._running: threading.Thread | None = None
        self.last: SetupOutcome | None = None

    def ensure(self, wait: float | None = None) -> SetupOutcome | None:
        """Run the setup unless done (or a failed attempt is too recent, or one still running);
        the outcome, or None if nothing ran or it did not finish within `wait` seconds (then it
        goes on in a background thread; None: wait for it)."""
        if self._done or self._clock() < self._next_try:
            return None
        if self._running is not None and self._running.is_alive():
            return None
        if wait is None:
            return self._attempt()
        thread = threading.Thread(target=self._attempt, name="logpipe-index-setup", daemon=True)
        self._running = thread
        thread.start()
        thread.join(wait)
        if thread.is_alive():
            logger.warning(
                "index setup still running after %.1fs: indexing goes ahead, setup continues", wait
            )
            return None
        return self.last

    def _attempt(self) -> SetupOutcome:
        outcome = self._setup(self._client, self._settings, steps=self._steps)
        self.last = outcome
        if outcome.ok:
            self._done = True
            logger.info("index setup: %s", "; ".join(outcome.lines))
        else:
            wait = 0.0 if outcome.transient else RETRY_SECONDS
            self._next_try = self._clock() + wait
            logger.warning(
                "index setup failed, indexing goes on (retry in %.0fs): %s",
                wait,
                "; ".join(outcome.failures),
            )
            if self._on_failure is not None:
                self._on_failure(outcome)
        return outcome

    def index(self, documents: Sequence[Document], deadline: Deadline) -> BulkResult:
        if self._settings.auto_setup:
            self.ensure(wait=min(SETUP_WAIT_SECONDS, deadline.remaining() * SETUP_SHARE))
        return self._indexer.index(documents, deadline)
