"""Cool-down stores: in memory per container, and shared in DynamoDB (moto)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from moto import mock_aws

from lambda_forwarder.alerts.cooldown import (
    DynamoCooldownStore,
    FallbackCooldownStore,
    MemoryCooldownStore,
)

T0 = 1_795_600_000.0
TABLE = "logpipe-alert-cooldown"


@pytest.fixture
def dynamo() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("dynamodb", region_name="eu-west-1")
        client.create_table(
            TableName=TABLE,
            KeySchema=[{"AttributeName": "fingerprint", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "fingerprint", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        client.update_time_to_live(
            TableName=TABLE,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"},
        )
        yield client


@pytest.mark.parametrize("kind", ["memory", "dynamodb"])
class TestCooldownContract:
    def store(self, kind: str, dynamo: Any) -> Any:
        return MemoryCooldownStore() if kind == "memory" else DynamoCooldownStore(TABLE, dynamo)

    def test_first_alert_then_cooldown_then_counts(self, kind: str, dynamo: Any) -> None:
        """First acquire passes; repeats within the cool-down are counted and reported next."""
        store = self.store(kind, dynamo)
        assert store.acquire("fp", T0, 300) == 0
        assert store.acquire("fp", T0 + 10, 300) is None
        store.add_suppressed("fp", 500, T0 + 10)
        store.add_suppressed("fp", 250, T0 + 20)
        assert store.acquire("fp", T0 + 299, 300) is None
        assert store.acquire("fp", T0 + 300, 300) == 750
        assert store.acquire("fp", T0 + 301, 300) is None  # counter reset, cool-down restarted

    def test_fingerprints_are_independent(self, kind: str, dynamo: Any) -> None:
        store = self.store(kind, dynamo)
        assert store.acquire("a", T0, 300) == 0
        assert store.acquire("b", T0, 300) == 0

    def test_release_reopens_and_keeps_the_count(self, kind: str, dynamo: Any) -> None:
        """An alert that could not be delivered is retried by the next batch, counts intact."""
        store = self.store(kind, dynamo)
        assert store.acquire("fp", T0, 300) == 0
        store.release("fp", 42, T0 + 1)
        assert store.acquire("fp", T0 + 2, 300) == 42

    def test_suppressed_before_any_alert(self, kind: str, dynamo: Any) -> None:
        """Counting into an unknown fingerprint (expired item) never blocks its next alert."""
        store = self.store(kind, dynamo)
        store.add_suppressed("fp", 5, T0)
        assert store.acquire("fp", T0, 300) == 5


def test_dynamo_two_containers_share_one_cooldown(dynamo: Any) -> None:
    """Two containers (two store objects): only one may alert; the other's repeats are counted."""
    one, two = DynamoCooldownStore(TABLE, dynamo), DynamoCooldownStore(TABLE, dynamo)
    assert one.acquire("fp", T0, 300) == 0
    assert two.acquire("fp", T0 + 1, 300) is None
    two.add_suppressed("fp", 7, T0 + 1)
    assert one.acquire("fp", T0 + 301, 300) == 7


def test_dynamo_item_has_ttl(dynamo: Any) -> None:
    store = DynamoCooldownStore(TABLE, dynamo)
    store.acquire("fp", T0, 300)
    item = dynamo.get_item(TableName=TABLE, Key={"fingerprint": {"S": "fp"}})["Item"]
    assert int(item["expires_at"]["N"]) > T0 + 300
    assert float(item["last_sent"]["N"]) == T0


def test_dynamo_missing_table_raises_client_error(dynamo: Any) -> None:
    with pytest.raises(ClientError):
        DynamoCooldownStore("no-such-table", dynamo).acquire("fp", T0, 300)


class Broken:
    def acquire(self, *args: Any) -> Any:
        raise EndpointConnectionError(endpoint_url="https://dynamodb")

    add_suppressed = release = acquire


def test_fallback_uses_memory_when_shared_store_fails() -> None:
    """A DynamoDB outage degrades to per-container cool-downs; alerts keep flowing."""
    store = FallbackCooldownStore(Broken(), MemoryCooldownStore())
    assert store.acquire("fp", T0, 300) == 0
    assert store.acquire("fp", T0 + 1, 300) is None
    store.add_suppressed("fp", 3, T0 + 1)
    assert store.acquire("fp", T0 + 300, 300) == 3
    assert store.failures == 4


def test_memory_store_is_bounded() -> None:
    store = MemoryCooldownStore(max_entries=100)
    for n in range(1000):
        store.acquire(f"fp{n}", T0, 300)
    assert len(store._entries) == 100
    assert store.acquire("fp999", T0 + 1, 300) is None  # recent ones are kept
