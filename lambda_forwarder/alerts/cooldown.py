"""Per-fingerprint cool-down: after an alert, repeats are counted instead of posted.

Three operations, the same for every store:
- `acquire(fp, now, cooldown)`: may an alert for `fp` go out now? Returns how many repeats were
  suppressed since the last one (and resets that count), or None while the cool-down runs.
- `add_suppressed(fp, n, now)`: n more repeats were held back.
- `release(fp, n, now)`: the alert acquired could not be delivered: reopen the cool-down and
  put its n records back in the count, so the next alert reports them and none are lost.

Times are epoch seconds (wall clock): a shared store compares them across containers.
`MemoryCooldownStore` lives as long as the dispatcher that owns it, i.e. the container.
`DynamoCooldownStore` shares the cool-down between concurrent containers with one conditional
write per alert; its items expire through DynamoDB TTL on `expires_at`.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Protocol

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

if TYPE_CHECKING:
    import boto3

logger = Logger(child=True)

KEEP_COUNTS_SECONDS = 86_400  # suppressed counts outlive the cool-down by a day


class CooldownStore(Protocol):
    def acquire(self, fingerprint: str, now: float, cooldown: float) -> int | None: ...

    def add_suppressed(self, fingerprint: str, count: int, now: float) -> None: ...

    def release(self, fingerprint: str, count: int, now: float) -> None: ...


class MemoryCooldownStore:
    """In-process cool-downs, bounded in size (oldest entries forgotten first)."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self._entries: OrderedDict[str, list[float]] = OrderedDict()  # fp -> [last_sent, count]
        self._max = max_entries

    def _entry(self, fingerprint: str) -> list[float]:
        entry = self._entries.get(fingerprint)
        if entry is None:
            entry = self._entries[fingerprint] = [0.0, 0]
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(fingerprint)
        return entry

    def acquire(self, fingerprint: str, now: float, cooldown: float) -> int | None:
        entry = self._entry(fingerprint)
        if entry[0] and now - entry[0] < cooldown:
            return None
        suppressed = int(entry[1])
        entry[0], entry[1] = now, 0
        return suppressed

    def add_suppressed(self, fingerprint: str, count: int, now: float) -> None:
        self._entry(fingerprint)[1] += count

    def release(self, fingerprint: str, count: int, now: float) -> None:
        entry = self._entry(fingerprint)
        entry[0] = 0.0
        entry[1] += count

    def suppressed(self, fingerprint: str) -> int:
        """Repeats held back and not yet reported (tests, the demo)."""
        entry = self._entries.get(fingerprint)
        return int(entry[1]) if entry else 0


class DynamoCooldownStore:
    """Cool-downs in a DynamoDB table shared by every container.

    Table: partition key `fingerprint` (S); TTL attribute `expires_at`. TTL deletes lazily (up
    to days late), so the condition checks `last_sent` itself rather than trusting deletion.
    """

    def __init__(self, table: str, client: Any) -> None:
        self._table = table
        self._client = client

    @classmethod
    def from_session(cls, table: str, session: boto3.Session | None = None) -> DynamoCooldownStore:
        """A client with short timeouts: a slow table must not eat the alert budget."""
        import boto3
        from botocore.config import Config

        config = Config(
            connect_timeout=1,
            read_timeout=1,
            retries={"max_attempts": 2, "mode": "standard"},
        )
        client = (session or boto3.Session()).client("dynamodb", config=config)
        return cls(table, client)

    def acquire(self, fingerprint: str, now: float, cooldown: float) -> int | None:
        try:
            response = self._client.put_item(
                TableName=self._table,
                Item={
                    "fingerprint": {"S": fingerprint},
                    "last_sent": {"N": _num(now)},
                    "suppressed": {"N": "0"},
                    "expires_at": {"N": str(int(now + cooldown + KEEP_COUNTS_SECONDS))},
                },
                ConditionExpression="attribute_not_exists(last_sent) OR last_sent <= :cutoff",
                ExpressionAttributeValues={":cutoff": {"N": _num(now - cooldown)}},
                ReturnValues="ALL_OLD",
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return None
            raise
        old = response.get("Attributes") or {}
        return int(old.get("suppressed", {}).get("N", "0"))

    def add_suppressed(self, fingerprint: str, count: int, now: float) -> None:
        self._client.update_item(
            TableName=self._table,
            Key={"fingerprint": {"S": fingerprint}},
            UpdateExpression="ADD suppressed :n SET expires_at = :exp",
            ExpressionAttributeValues={
                ":n": {"N": str(count)},
                ":exp": {"N": str(int(now + KEEP_COUNTS_SECONDS))},
            },
        )

    def release(self, fingerprint: str, count: int, now: float) -> None:
        self._client.update_item(
            TableName=self._table,
            Key={"fingerprint": {"S": fingerprint}},
            UpdateExpression="ADD suppressed :n SET last_sent = :zero, expires_at = :exp",
            ExpressionAttributeValues={
                ":n": {"N": str(count)},
                ":zero": {"N": "0"},
                ":exp": {"N": str(int(now + KEEP_COUNTS_SECONDS))},
            },
        )


class FallbackCooldownStore:
    """The shared store, or the in-memory one while the shared one fails: alerts still flow.

    Falling back fails open (a repeat may be posted by two containers) rather than closed
    (an error never reported).
    """

    def __init__(self, primary: CooldownStore, fallback: MemoryCooldownStore) -> None:
        self.primary = primary
        self.fallback = fallback
        self.failures = 0

    def _call(self, operation: str, *args: Any) -> Any:
        try:
            return getattr(self.primary, operation)(*args)
        except (ClientError, BotoCoreError) as error:
            self.failures += 1
            logger.warning(
                "cool-down store failed; using the in-memory one",
                extra={"operation": operation, "error": type(error).__name__},
            )
            return getattr(self.fallback, operation)(*args)

    def acquire(self, fingerprint: str, now: float, cooldown: float) -> int | None:
        return self._call("acquire", fingerprint, now, cooldown)

    def add_suppressed(self, fingerprint: str, count: int, now: float) -> None:
        self._call("add_suppressed", fingerprint, count, now)

    def release(self, fingerprint: str, count: int, now: float) -> None:
        self._call("release", fingerprint, count, now)


def _num(value: float) -> str:
    return f"{value:.3f}"
