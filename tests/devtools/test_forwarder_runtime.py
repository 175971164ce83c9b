"""The forwarder under the real Lambda runtime (RIE + awslambdaric, devtools/forwarder_runtime):
subscription, Kinesis, scheduled and EventBridge events over RIE's HTTP API, with RIE's timeout
enforced from outside as Lambda does."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from opensearchpy import OpenSearch

from devtools.forwarder_runtime import FUNCTION_NAME, forwarder_runtime
from lambda_forwarder.deadletter import LocalDirStore
from tests.support.pipeline import documents, stored_letters

pytestmark = pytest.mark.integration
EVENTS = Path(__file__).resolve().parents[2] / "events"


def sample(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / name).read_text())


def env_for(url: str, prefix: str, dead_letters: Path, **extra: str) -> dict[str, str]:
    return {
        "OPENSEARCH_URL": url,
        "INDEX_PATTERN": f"{prefix}-logs-%Y.%m.%d",
        "DEAD_LETTER_DIR": str(dead_letters),
        "BULK_RETRY_BASE_SECONDS": "0.01",
        "BULK_RETRY_MAX_SECONDS": "0.05",
        **extra,
    }


def test_subscription_and_kinesis_events(
    opensearch_url: str, opensearch_client: OpenSearch, prefix: str, tmp_path: Path
) -> None:
    """A subscription event and a Kinesis event are indexed whole under the real runtime; the
    index is mapped by the forwarder itself (no bootstrap)."""
    with forwarder_runtime(env_for(opensearch_url, prefix, tmp_path / "dl")) as runtime:
        direct = runtime.invoke(sample("cloudwatch-emitter.json"))
        kinesis = runtime.invoke(sample("kinesis-batch.json"))
    assert direct.ok and kinesis.ok, (direct, kinesis)
    assert direct.payload["indexed"] == direct.payload["received"] > 0
    assert kinesis.payload["batchItemFailures"] == []
    report = kinesis.payload["report"]
    assert report["indexed"] == report["received"] > 0
    assert len(documents(opensearch_client, prefix)) >= direct.payload["indexed"]
    (mapping,) = opensearch_client.indices.get_mapping(index=f"{prefix}-*").values()
    assert mapping["mappings"]["properties"]["log_id"]["type"] == "keyword"
    assert any(line.startswith("REPORT RequestId") for line in direct.stdout)


def test_scheduled_redrive_event(
    opensearch_url: str, opensearch_client: OpenSearch, prefix: str, tmp_path: Path
) -> None:
    """Dead letters waiting in the store: the scheduled rule's input re-drives them all."""
    from tests.forwarder.deadletter.conftest import make_letter

    directory = tmp_path / "dl"
    LocalDirStore(directory).put([make_letter(events=4, message="waiting")])
    with forwarder_runtime(env_for(opensearch_url, prefix, directory)) as runtime:
        result = runtime.invoke(sample("scheduled-redrive.json"))
    assert result.ok, result
    assert result.payload["task"] == "redrive" and result.payload["indexed"] == 4
    assert result.payload["backlog"] == 0 and stored_letters(directory) == []
    assert len(documents(opensearch_client, prefix)) == 4


@pytest.fixture
def moto_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """moto as a loopback HTTP endpoint, reachable from the runtime's process; its account is
    the one RIE puts into the function ARN."""
    from moto.server import ThreadedMotoServer

    monkeypatch.setenv("MOTO_ACCOUNT_ID", "012345678912")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def test_eventbridge_create_log_group_event(moto_server: str, tmp_path: Path) -> None:
    """The CreateLogGroup event subscribes the new group (moto behind AWS_ENDPOINT_URL)."""
    aws = {
        "AWS_ENDPOINT_URL": moto_server,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1",
    }
    session = boto3.Session(
        region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    logs = session.client("logs", endpoint_url=moto_server)
    logs.create_log_group(logGroupName="/ecs/shop-payments")
    # The destination must exist for CloudWatch Logs (moto checks, as AWS does).
    role = session.client("iam", endpoint_url=moto_server).create_role(
        RoleName="forwarder", AssumeRolePolicyDocument="{}"
    )["Role"]["Arn"]
    session.client("lambda", endpoint_url=moto_server).create_function(
        FunctionName=FUNCTION_NAME,
        Runtime="python3.13",
        Role=role,
        Handler="handler.lambda_handler",
        Code={"ZipFile": _zip()},
    )
    env = env_for("http://127.0.0.1:9", "t-none", tmp_path / "dl", AUTO_SUBSCRIBE_PATTERNS="/ecs/*")
    with forwarder_runtime(env | aws) as runtime:
        result = runtime.invoke(sample("eventbridge-create-log-group.json"))
    assert result.ok, result.payload
    assert result.payload["subscribed"] == ["/ecs/shop-payments"]
    (only,) = logs.describe_subscription_filters(logGroupName="/ecs/shop-payments")[
        "subscriptionFilters"
    ]
    assert only["destinationArn"].endswith(f":function:{FUNCTION_NAME}")


def _zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def lambda_handler(event, context):\n    return None\n")
    return buffer.getvalue()


@pytest.fixture
def black_hole() -> Iterator[str]:
    """A loopback "cluster" that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(2)
    for connection in held:
        connection.close()
    listener.close()


def test_a_hanging_cluster_is_dead_lettered_inside_the_real_timeout(
    black_hole: str, tmp_path: Path
) -> None:
    """RIE kills the function at 8 s. The forwarder's deadline (the margin kept back) makes it
    dead-letter everything and answer before that: no timeout, nothing lost."""
    directory = tmp_path / "dl"
    env = env_for(
        black_hole, "t-hang", directory, DEADLINE_MARGIN_MS="3000", OPENSEARCH_TIMEOUT_SECONDS="30"
    )
    with forwarder_runtime(env, timeout_seconds=8) as runtime:
        result = runtime.invoke(sample("cloudwatch-emitter.json"))
    assert not result.timed_out and result.ok, result
    assert result.elapsed_seconds < 8
    counts = result.payload
    assert counts["dead_lettered"] == counts["received"] > 0 and counts["indexed"] == 0
    assert sum(len(letter.events) for letter in stored_letters(directory)) == counts["received"]
