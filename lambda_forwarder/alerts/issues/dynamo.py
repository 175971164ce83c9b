"""Error issues in a DynamoDB table, for clusters that cannot give the guarantees (Serverless
collections: no custom ids on time-series collections, no `if_seq_no`; see store.py).

Same interface and same rules (rules.py) as the OpenSearch store; conditional writes give the
same guarantees, one item per fingerprint (partition key `fingerprint`):

1. `BatchGetItem` with consistent reads: the batch's issues as they are now.
2. A fingerprint never seen: `PutItem` with `attribute_not_exists(fingerprint)`. Exactly one
   container's put succeeds; it announces the new issue. The others lose, read again, and add
   their occurrences to the issue that now exists.
3. A sighting that speaks (New / Regressed / Ongoing: it claims the right to post): an
   `UpdateItem` conditioned on the `version` it read (`version = :read`, then `version + 1`).
   Only one container's claim per version lands; the losers read again and decide again.
4. A quiet sighting: an unconditional `UpdateItem` with `ADD count :n` and `ADD` to the
   version / service / environment sets. It never conflicts with anybody, and no count is
   lost when containers race: additions commute.

A claim writes its counts server-side (`count = count + :n`, `alerted_count` the same), so the
quiet additions that landed between its read and its write are neither lost nor overwritten;
what it announces is recomputed from the item it wrote (`ReturnValues=ALL_NEW`).

Items carry `expires_at` (epoch seconds, `ISSUE_TTL_DAYS` after the last sighting) for the
table's TTL: an issue unseen that long is forgotten, and would be New again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from msgspec.structs import replace

from lambda_forwarder.alerts.issues.rules import (
    IGNORED_VERSIONS,
    IssueRules,
    IssueStatus,
    Sighting,
    decide,
    new_issue,
)
from lambda_forwarder.alerts.issues.store import (
    MIN_REQUEST_SECONDS,
    IssueStoreError,
    until_settled,
)
from lambda_forwarder.alerts.notifier import IssueContext
from lambda_forwarder.deadline import Deadline

if TYPE_CHECKING:
    import boto3

ISSUE_TTL_DAYS = 90
_SETS = ("services", "environments", "versions")
_CLAIMED = ("status", "last_alerted_at", "regressed_at")  # what a claim sets from `decide`
_SEEN = ("last_seen", "last_log_id", "sample_message", "level", "error_type")


def _to_item(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A rules document as a DynamoDB item (plain Python, for the resource-free serializer)."""
    item: dict[str, Any] = {}
    for key, value in doc.items():
        if value is None or value == "":
            continue
        if key in _SETS:
            values = {str(v) for v in value if v}
            if values:  # DynamoDB has no empty sets
                item[key] = values
        else:
            item[key] = value
    return item


def _from_item(item: Mapping[str, Any]) -> dict[str, Any]:
    """A DynamoDB item as the rules document `decide` reads (numbers as ints, sets as lists)."""
    doc: dict[str, Any] = {}
    for key, value in item.items():
        if isinstance(value, Decimal):
            doc[key] = int(value)
        elif isinstance(value, set | frozenset):
            doc[key] = sorted(str(v) for v in value)
        else:
            doc[key] = value
    return doc


class DynamoIssueStore:
    """Reads and race-safely writes issue items; one per container."""

    def __init__(
        self,
        table: str,
        *,
        client: Any = None,
        session: boto3.Session | None = None,
        timeout: float = 2.0,
        rules: IssueRules | None = None,
    ) -> None:
        self._table = table
        self._timeout = timeout
        self.rules = rules or IssueRules()
        self._client = client if client is not None else _client(session, timeout)
        from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

        self._serialize = TypeSerializer().serialize
        self._deserialize = TypeDeserializer().deserialize
        self.last_claims: dict[str, dict[str, Any]] = {}

    @property
    def index(self) -> str:
        """Where the issues are, for messages (the OpenSearch store names its index)."""
        return f"dynamodb:{self._table}"

    # --- plumbing -------------------------------------------------------------------------

    def _values(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {name: self._serialize(value) for name, value in values.items()}

    def _item(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        return _from_item({k: self._deserialize(v) for k, v in raw.items()})

    def _check(self, budget: Deadline | None) -> None:
        if budget is not None and budget.remaining() < MIN_REQUEST_SECONDS:
            raise IssueStoreError("alert budget spent before the issue store answered")

    def _call(self, operation: str, budget: Deadline | None, **kwargs: Any) -> Any:
        """One API call; False when a condition failed; IssueStoreError for anything else."""
        from botocore.exceptions import BotoCoreError, ClientError

        self._check(budget)
        try:
            return getattr(self._client, operation)(TableName=self._table, **kwargs)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code == "ConditionalCheckFailedException":
                return False
            raise IssueStoreError(f"issue store {operation} failed: {code}") from None
        except BotoCoreError as error:
            raise IssueStoreError(
                f"issue store {operation} failed: {type(error).__name__}"
            ) from None

    # --- the alert stage ------------------------------------------------------------------

    def record(
        self, sightings: Sequence[Sighting], now: float, budget: Deadline
    ) -> dict[str, IssueContext | None]:
        """Apply the sightings; fingerprint -> what to announce (None: quiet). Raises
        IssueStoreError when the store cannot be used (the caller falls back)."""
        decided: dict[str, IssueContext | None] = {}
        self.last_claims = {}

        def play_round(pending: dict[str, Sighting]) -> list[str]:
            current = self._read(list(pending), budget)
            return [
                fp
                for fp, sighting in pending.items()
                if not self._apply(sighting, current.get(fp), now, budget, decided)
            ]

        until_settled(sightings, play_round)
        return decided

    def _read(self, fingerprints: list[str], budget: Deadline) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        keys = [{"fingerprint": {"S": fp}} for fp in fingerprints]
        while keys:
            self._check(budget)
            from botocore.exceptions import BotoCoreError, ClientError

            try:
                answer = self._client.batch_get_item(
                    RequestItems={self._table: {"Keys": keys[:100], "ConsistentRead": True}}
                )
            except (ClientError, BotoCoreError) as error:
                raise IssueStoreError(f"issue store read failed: {type(error).__name__}") from None
            for raw in answer.get("Responses", {}).get(self._table, []):
                item = self._item(raw)
                found[item["fingerprint"]] = item
            unprocessed = answer.get("UnprocessedKeys", {}).get(self._table, {}).get("Keys", [])
            keys = unprocessed + keys[100:]
        return found

    def _apply(
        self,
        sighting: Sighting,
        current: dict[str, Any] | None,
        now: float,
        budget: Deadline,
        decided: dict[str, IssueContext | None],
    ) -> bool:
        """Write one sighting; False when it lost a race (read again and decide again)."""
        fp = sighting.fingerprint
        expires = int(now) + ISSUE_TTL_DAYS * 86_400
        if current is None:
            doc, context = new_issue(sighting, now)
            item = _to_item({**doc, "version": 1, "expires_at": expires})
            landed = self._call(
                "put_item",
                budget,
                Item=self._values(item),
                ConditionExpression="attribute_not_exists(fingerprint)",
            )
            if landed is False:
                return False
            decided[fp] = context
            self.last_claims[fp] = {"mine": doc["last_alerted_at"], "previous": None}
            return True
        doc, context = decide(current, sighting, now, self.rules)
        sets = {
            key: {str(v) for v in getattr(sighting, key) if v}
            - (IGNORED_VERSIONS if key == "versions" else set())
            for key in _SETS
        }
        adds = ["#count :n"] + [f"#{k} :{k}" for k, v in sets.items() if v]
        values: dict[str, Any] = {":n": sighting.count, ":expires": expires}
        values |= {f":{k}": v for k, v in sets.items() if v}
        names = {"#count": "count"} | {f"#{k}": k for k, v in sets.items() if v}
        seen = [f"#{k} = :{k}" for k in _SEEN if doc.get(k) not in (None, "")]
        values |= {f":{k}": doc[k] for k in _SEEN if doc.get(k) not in (None, "")}
        names |= {f"#{k}": k for k in _SEEN if doc.get(k) not in (None, "")}
        if context is None:  # quiet: additions commute, nobody's count is lost
            expression = f"SET {', '.join([*seen, 'expires_at = :expires'])} ADD {', '.join(adds)}"
            self._call(
                "update_item",
                budget,
                Key={"fingerprint": {"S": fp}},
                UpdateExpression=expression,
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=self._values(values),
            )
            decided[fp] = None
            return True
        # a claim: lands only on the version read; counts computed by DynamoDB itself
        claimed = [f"#{k} = :{k}" for k in _CLAIMED if doc.get(k)]
        values |= {f":{k}": doc[k] for k in _CLAIMED if doc.get(k)}
        names |= {f"#{k}": k for k in _CLAIMED if doc.get(k)}
        values |= {":read": int(current.get("version") or 0), ":one": 1}
        names |= {"#version": "version", "#alerted": "alerted_count"}
        updates = [
            *seen,
            *claimed,
            "expires_at = :expires",
            "#version = #version + :one",
            "#count = #count + :n",
            "#alerted = #count + :n",  # operands are read before the update: the new count
        ]
        grows = [a for a in adds if not a.startswith("#count")]
        expression = f"SET {', '.join(updates)}" + (f" ADD {', '.join(grows)}" if grows else "")
        answer = self._call(
            "update_item",
            budget,
            Key={"fingerprint": {"S": fp}},
            UpdateExpression=expression,
            ConditionExpression="#version = :read",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=self._values(values),
            ReturnValues="ALL_NEW",
        )
        if answer is False:
            return False
        written = self._item(answer["Attributes"])
        total = int(written["count"])
        decided[fp] = replace(
            context,
            total=total,
            since_last=total - int(current.get("alerted_count") or 0),
        )
        self.last_claims[fp] = {
            "mine": doc.get("last_alerted_at"),
            "previous": current.get("last_alerted_at"),
            "previous_count": int(current.get("alerted_count") or 0),
        }
        return True

    def release(self, fingerprint: str, claim: dict[str, Any], budget: Deadline) -> None:
        """Hand back a claim whose message definitely did not go out (next sighting retries);
        nothing changes if someone claimed again since."""
        previous = claim.get("previous")
        values: dict[str, Any] = {":mine": claim["mine"], ":count": claim.get("previous_count", 0)}
        values[":one"] = 1
        restore = "#alerted = :count, #version = #version + :one"
        if previous:
            values[":previous"] = previous
            expression = f"SET last_alerted_at = :previous, {restore}"
        else:
            expression = f"SET {restore} REMOVE last_alerted_at"
        self._call(
            "update_item",
            budget,
            Key={"fingerprint": {"S": fingerprint}},
            UpdateExpression=expression,
            ConditionExpression="last_alerted_at = :mine",
            ExpressionAttributeNames={"#alerted": "alerted_count", "#version": "version"},
            ExpressionAttributeValues=self._values(values),
        )

    def set_thread(self, fingerprint: str, thread: str, budget: Deadline) -> None:
        """Remember where the issue's first message is, so later ones go into its thread."""
        self._call(
            "update_item",
            budget,
            Key={"fingerprint": {"S": fingerprint}},
            UpdateExpression="SET #thread = :thread",
            ConditionExpression="attribute_exists(fingerprint)",
            ExpressionAttributeNames={"#thread": "thread"},
            ExpressionAttributeValues=self._values({":thread": thread}),
        )

    # --- operators (forwarder issues) -----------------------------------------------------

    def list(self, *, status: str | None = "open", size: int = 50) -> list[dict[str, Any]]:
        """Issues, most recently seen first (a Scan: an operator's command, not the hot path)."""
        kwargs: dict[str, Any] = {"ConsistentRead": True}
        if status:
            kwargs |= {
                "FilterExpression": "#status = :status",
                "ExpressionAttributeNames": {"#status": "status"},
                "ExpressionAttributeValues": self._values({":status": status}),
            }
        items: list[dict[str, Any]] = []
        while True:
            answer = self._call("scan", None, **kwargs)
            items += [self._item(raw) for raw in answer.get("Items", [])]
            if "LastEvaluatedKey" not in answer:
                break
            kwargs["ExclusiveStartKey"] = answer["LastEvaluatedKey"]
        items.sort(key=lambda item: str(item.get("last_seen") or ""), reverse=True)
        return items[:size]

    def set_status(self, fingerprint: str, status: IssueStatus) -> None:
        """Resolve, mute or reopen one issue; raises IssueStoreError if there is no such issue.
        Bumps the version, so a claim decided on the old status loses and decides again."""
        landed = self._call(
            "update_item",
            None,
            Key={"fingerprint": {"S": fingerprint}},
            UpdateExpression="SET #status = :status ADD #version :one",
            ConditionExpression="attribute_exists(fingerprint)",
            ExpressionAttributeNames={"#status": "status", "#version": "version"},
            ExpressionAttributeValues=self._values({":status": status.value, ":one": 1}),
        )
        if landed is False:
            raise IssueStoreError(f"no issue {fingerprint!r}")


def _client(session: boto3.Session | None, timeout: float) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(
        connect_timeout=timeout,
        read_timeout=timeout,
        retries={"max_attempts": 2, "mode": "standard"},
    )
    return (session or boto3.Session()).client("dynamodb", config=config)
