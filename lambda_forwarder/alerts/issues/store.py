"""Error issues in OpenSearch itself: the `logpipe-issues` index, one document per fingerprint.

Concurrency without locks, three requests per alerting batch in the common case:

1. `_mget` the batch's fingerprints (real-time reads: no refresh needed);
2. one `_bulk` of writes: `create` for fingerprints never seen (exactly one container's create
   succeeds; it announces the new issue), `index` with `if_seq_no`/`if_primary_term` for the
   others (the write lands only if nobody wrote since the read);
3. items that lost a race (409) are read and decided again, until they land or the budget
   ends. Counts are never lost: every container's occurrences are in the write that landed.

The right to post is part of that same write (`last_alerted_at`), so exactly one container
posts per New / Regressed / window. When a message definitely did not get out, the claim is
handed back with a scripted update that changes nothing if someone claimed again since.

Serverless collections cannot give these guarantees: `_create/<id>` exists only for search
collections, time-series collections reject custom ids, and optimistic concurrency is not among
the operations they document. There the tracker is off and the per-container cool-down decides.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import OpenSearchException, RequestError, TransportError

from lambda_forwarder.alerts.issues.rules import (
    IssueRules,
    IssueStatus,
    Sighting,
    decide,
    new_issue,
)
from lambda_forwarder.alerts.notifier import IssueContext
from lambda_forwarder.deadline import Deadline

ISSUES_INDEX = "logpipe-issues"
MAX_ROUNDS = 25  # lost races per batch before giving up on the rest (they fall back)
MIN_REQUEST_SECONDS = 0.05

_KEYWORD = {"type": "keyword", "ignore_above": 1024}
ISSUES_MAPPING: dict[str, Any] = {
    "dynamic": False,
    "properties": {
        "fingerprint": {"type": "keyword"},
        "status": {"type": "keyword"},
        "first_seen": {"type": "date"},
        "last_seen": {"type": "date"},
        "last_alerted_at": {"type": "date"},
        "regressed_at": {"type": "date"},
        "count": {"type": "long"},
        "alerted_count": {"type": "long"},
        "level": {"type": "keyword"},
        "error_type": _KEYWORD,
        "sample_message": {"type": "text"},
        "last_log_id": {"type": "keyword"},
        "services": _KEYWORD,
        "environments": _KEYWORD,
        "versions": _KEYWORD,
        "thread": {"type": "keyword", "index": False},
    },
}

_RELEASE = (
    "if (ctx._source.last_alerted_at == params.mine) {"
    " ctx._source.last_alerted_at = params.previous;"
    " ctx._source.alerted_count = params.previous_count; }"
    " else { ctx.op = 'noop'; }"
)


class IssueStoreError(Exception):
    """The issue store could not be reached or answered nonsense: fall back, count it."""


def until_settled(
    sightings: Sequence[Sighting],
    play_round: Callable[[dict[str, Sighting]], Sequence[str]],
    pause: Callable[[], None] = lambda: None,
) -> None:
    """Play rounds until no sighting lost its race: `play_round(pending)` reads, decides and
    writes once, and returns the fingerprints whose guarded write lost (to be read and decided
    again). Raises IssueStoreError after MAX_ROUNDS (the caller falls back). Both stores use it."""
    pending = {s.fingerprint: s for s in sightings}
    rounds = 0
    while pending:
        rounds += 1
        if rounds > MAX_ROUNDS:
            raise IssueStoreError(f"{len(pending)} issues still contended after {MAX_ROUNDS}")
        lost = play_round(pending)
        pending = {fp: pending[fp] for fp in lost}
        if pending:
            pause()


def ensure_issues_index(
    client: OpenSearch, index: str = ISSUES_INDEX, *, timeout: float | None = None
) -> bool:
    """Create and map the issues index if it does not exist; True when this call created it.

    Cheap and idempotent: one HEAD when it exists. Two containers racing both succeed.
    """
    params = {"request_timeout": timeout} if timeout else {}
    if client.indices.exists(index=index, params=params):
        return False
    body = {"settings": {"index": {"number_of_shards": 1}}, "mappings": ISSUES_MAPPING}
    try:
        client.indices.create(index=index, body=body, params=params)
    except RequestError as error:
        if "resource_already_exists" in str(error.error):
            return False
        raise
    return True


class OpenSearchIssueStore:
    """Reads and race-safely writes issue documents; one per container."""

    def __init__(
        self,
        client: OpenSearch,
        *,
        index: str = ISSUES_INDEX,
        timeout: float = 2.0,
        rules: IssueRules | None = None,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._client = client
        self._index = index
        self._timeout = timeout
        self.rules = rules or IssueRules()
        self._jitter = jitter
        self._ensured = False
        self.last_claims: dict[str, dict[str, Any]] = {}  # fingerprint -> the claim just made

    @property
    def index(self) -> str:
        return self._index

    def _request_timeout(self, budget: Deadline) -> float:
        left = budget.remaining()
        if left < MIN_REQUEST_SECONDS:
            raise IssueStoreError("alert budget spent before the issue store answered")
        return min(self._timeout, left)

    def _ensure(self, budget: Deadline) -> None:
        if self._ensured:
            return
        try:
            ensure_issues_index(self._client, self._index, timeout=self._request_timeout(budget))
        except (OpenSearchException, OSError) as error:
            raise IssueStoreError(f"cannot ensure {self._index}: {type(error).__name__}") from None
        self._ensured = True

    def record(
        self, sightings: Sequence[Sighting], now: float, budget: Deadline
    ) -> dict[str, IssueContext | None]:
        """Apply the sightings; fingerprint -> what to announce (None: quiet). Raises
        IssueStoreError when the store cannot be used (the caller falls back)."""
        self._ensure(budget)
        decided: dict[str, IssueContext | None] = {}
        self.last_claims = {}
        until_settled(
            sightings,
            lambda pending: self._round(pending, now, budget, decided),
            pause=lambda: time.sleep(
                min(0.02 * self._jitter(), max(0.0, budget.remaining() - 0.1))
            ),
        )
        return decided

    def _round(
        self,
        pending: dict[str, Sighting],
        now: float,
        budget: Deadline,
        decided: dict[str, IssueContext | None],
    ) -> list[str]:
        fingerprints = list(pending)
        try:
            found = self._client.mget(
                index=self._index,
                body={"ids": fingerprints},
                params={"request_timeout": self._request_timeout(budget), "realtime": "true"},
            )
            lines: list[dict[str, Any]] = []
            plans: list[tuple[str, dict[str, Any], IssueContext | None, dict[str, Any] | None]] = []
            for fp, hit in zip(fingerprints, found["docs"], strict=True):
                sighting = pending[fp]
                if hit.get("found"):
                    doc, context = decide(hit["_source"], sighting, now, self.rules)
                    lines.append(
                        {
                            "index": {
                                "_index": self._index,
                                "_id": fp,
                                "if_seq_no": hit["_seq_no"],
                                "if_primary_term": hit["_primary_term"],
                            }
                        }
                    )
                    plans.append((fp, doc, context, hit["_source"]))
                else:
                    doc, context = new_issue(sighting, now)
                    lines.append({"create": {"_index": self._index, "_id": fp}})
                    plans.append((fp, doc, context, None))
                lines.append(doc)
            answer = self._client.bulk(
                body=lines, params={"request_timeout": self._request_timeout(budget)}
            )
        except (OpenSearchException, OSError, KeyError, ValueError) as error:
            if isinstance(error, IssueStoreError):
                raise
            raise IssueStoreError(f"issue store failed: {_describe(error)}") from None
        lost: list[str] = []
        for (fp, doc, context, previous), item in zip(plans, answer["items"], strict=True):
            result = next(iter(item.values()))
            status = int(result.get("status", 500))
            if status in (200, 201):
                decided[fp] = context
                if context is not None:
                    self.last_claims[fp] = {
                        "mine": doc.get("last_alerted_at"),
                        "previous": (previous or {}).get("last_alerted_at"),
                        "previous_count": (previous or {}).get("alerted_count", 0),
                    }
            elif status == 409:
                lost.append(fp)
            else:
                raise IssueStoreError(f"issue write refused: {status} {_describe(result)}")
        return lost

    def release(self, fingerprint: str, claim: dict[str, Any], budget: Deadline) -> None:
        """Hand back a claim whose message definitely did not go out (next sighting retries)."""
        self._update(fingerprint, {"source": _RELEASE, "params": claim}, budget)

    def set_thread(self, fingerprint: str, thread: str, budget: Deadline) -> None:
        """Remember where the issue's first message is, so later ones go into its thread."""
        self._update(fingerprint, {"doc": {"thread": thread}}, budget, script=False)

    def _update(
        self, fingerprint: str, body: dict[str, Any], budget: Deadline, *, script: bool = True
    ) -> None:
        payload = {"script": {"lang": "painless", **body}} if script else body
        try:
            self._client.update(
                index=self._index,
                id=fingerprint,
                body=payload,
                params={
                    "retry_on_conflict": 5,
                    "request_timeout": self._request_timeout(budget),
                },
            )
        except (OpenSearchException, OSError) as error:
            raise IssueStoreError(f"issue update failed: {_describe(error)}") from None

    # --- operators (forwarder issues) ----------------------------------------------------

    def list(self, *, status: str | None = "open", size: int = 50) -> list[dict[str, Any]]:
        """Issues, most recently seen first."""
        query: dict[str, Any] = {"match_all": {}}
        if status:
            query = {"term": {"status": status}}
        if not self._client.indices.exists(index=self._index):
            return []
        self._client.indices.refresh(index=self._index)
        answer = self._client.search(
            index=self._index,
            body={"query": query, "sort": [{"last_seen": "desc"}], "size": size},
        )
        return [hit["_source"] | {"fingerprint": hit["_id"]} for hit in answer["hits"]["hits"]]

    def set_status(self, fingerprint: str, status: IssueStatus) -> None:
        """Resolve, mute or reopen one issue; raises IssueStoreError if there is no such issue."""
        try:
            self._client.update(
                index=self._index,
                id=fingerprint,
                body={"doc": {"status": status.value}},
                params={"retry_on_conflict": 5},
            )
        except TransportError as error:
            if error.status_code == 404:
                raise IssueStoreError(f"no issue {fingerprint!r}") from None
            raise IssueStoreError(f"issue update failed: {_describe(error)}") from None


def _describe(error: Any) -> str:
    if isinstance(error, TransportError):
        return f"{type(error).__name__} {error.status_code} {str(error.error)[:200]}"
    if isinstance(error, dict):
        reason = error.get("error")
        return str(reason.get("type") if isinstance(reason, dict) else reason)[:200]
    return f"{type(error).__name__}: {str(error)[:200]}"
