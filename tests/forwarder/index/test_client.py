"""build_client: auth modes, compression, retries off. Requests go through the loopback proxy to
the real node (security off, so it ignores the signature), and the proxy shows what was sent."""

from __future__ import annotations

import gzip
import hashlib
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from botocore.credentials import RefreshableCredentials

from lambda_forwarder.config import OpenSearchSettings
from lambda_forwarder.errors import ConfigError
from lambda_forwarder.index.client import build_client
from tests.support.opensearch_proxy import OpenSearchProxy

pytestmark = pytest.mark.integration


@pytest.fixture
def proxy(opensearch_url: str) -> Iterator[OpenSearchProxy]:
    with OpenSearchProxy(opensearch_url) as proxy:
        yield proxy


class RotatingSession:
    """A boto3-Session-like object whose credentials expire in 5 minutes and rotate on refresh,
    like a Lambda role's."""

    def __init__(self) -> None:
        self.counter = itertools.count(1)

    def _refresh(self) -> dict[str, str]:
        n = next(self.counter)
        expiry = datetime.now(UTC) + timedelta(minutes=5)
        return {
            "access_key": f"ASIAROTATING{n:08d}",
            "secret_key": f"secret-{n}",
            "token": f"token-{n}",
            "expiry_time": expiry.isoformat(),
        }

    def get_credentials(self) -> RefreshableCredentials:
        return RefreshableCredentials.create_from_metadata(
            self._refresh(), refresh_using=self._refresh, method="test"
        )


def sigv4(url: str, service: str = "es") -> OpenSearchSettings:
    return OpenSearchSettings(url=url, auth="sigv4", aws_service=service, region="eu-west-1")  # type: ignore[arg-type]


@pytest.mark.parametrize("service", ["es", "aoss"])
def test_sigv4_signs_the_body_as_sent(proxy: OpenSearchProxy, service: str) -> None:
    """Authorization names the service and region; x-amz-content-sha256 (required by aoss) is
    the hash of the gzip body actually sent; the session token travels too."""
    client = build_client(sigv4(proxy.url, service), session=RotatingSession())  # type: ignore[arg-type]
    client.transport.perform_request(
        "POST",
        "/_bulk",
        body=b'{"index":{"_index":"test-sigv4"}}\n{"a":1}\n',
        headers={"content-type": "application/x-ndjson"},
    )
    _, _, headers, body = proxy.seen[-1]
    lowered = {k.lower(): v for k, v in headers.items()}
    assert lowered["authorization"].startswith("AWS4-HMAC-SHA256 Credential=ASIAROTATING")
    assert f"/eu-west-1/{service}/aws4_request" in lowered["authorization"]
    assert lowered["content-encoding"] == "gzip"
    assert gzip.decompress(body) == b'{"index":{"_index":"test-sigv4"}}\n{"a":1}\n'
    assert lowered["x-amz-content-sha256"] == hashlib.sha256(body).hexdigest()
    assert lowered["x-amz-security-token"].startswith("token-")
    client.indices.delete(index="test-sigv4", ignore_unavailable=True)
    client.close()


def test_sigv4_credentials_refresh(proxy: OpenSearchProxy) -> None:
    """Temporary credentials close to expiry are refreshed, not reused until they fail."""
    client = build_client(sigv4(proxy.url), session=RotatingSession())  # type: ignore[arg-type]
    client.cluster.health()
    client.cluster.health()
    keys = {
        {k.lower(): v for k, v in h.items()}["authorization"].split("Credential=")[1][:20]
        for _, _, h, _ in proxy.seen[-2:]
    }
    assert len(keys) == 2
    client.close()


def test_no_auth_is_uncompressed_and_does_not_retry(proxy: OpenSearchProxy) -> None:
    """Local clusters: plain requests; a failing request is not re-sent by the client
    (the bulk indexer owns retries)."""
    settings = OpenSearchSettings(url=proxy.url, auth="none", aws_service="es", region="x")
    client = build_client(settings)
    assert client.cluster.health()["status"] in ("green", "yellow")
    headers = {k.lower(): v for k, v in proxy.seen[-1][2].items()}
    assert "authorization" not in headers and "content-encoding" not in headers

    proxy.fail_requests(1, status=503)
    before = proxy.requests
    with pytest.raises(Exception) as caught:
        client.cluster.health()
    assert getattr(caught.value, "status_code", None) == 503
    assert proxy.requests == before + 1
    client.close()


def test_basic_auth_header(proxy: OpenSearchProxy) -> None:
    settings = OpenSearchSettings(
        url=proxy.url, auth="basic", aws_service="es", region="x", username="u", password="p"
    )
    client = build_client(settings)
    client.cluster.health()
    headers = {k.lower(): v for k, v in proxy.seen[-1][2].items()}
    assert headers["authorization"] == "Basic dTpw"
    client.close()


def test_basic_auth_without_password_is_a_config_error() -> None:
    settings = OpenSearchSettings(url="http://x", auth="basic", aws_service="es", region="x")
    with pytest.raises(ConfigError):
        build_client(settings)


def test_url_prefix_and_tls_are_taken_from_the_url() -> None:
    settings = OpenSearchSettings(
        url="https://search.example.com/prefix", auth="none", aws_service="es", region="x"
    )
    client = build_client(settings)
    [connection] = client.transport.connection_pool.connections
    assert connection.host == "https://search.example.com:443"
    assert connection.url_prefix == "/prefix"
    assert connection.timeout == 10.0
    client.close()


def test_bodies_are_gzipped_at_the_fastest_level(proxy: OpenSearchProxy) -> None:
    """opensearch-py's default level (9) costs five times level 1's CPU on a bulk body; the
    client sends level 1's bytes, which the cluster reads back to the same documents."""
    client = build_client(sigv4(proxy.url), session=RotatingSession())  # type: ignore[arg-type]
    lines = b"".join(
        b'{"index":{"_index":"test-gzip-level"}}\n{"message":"line %d of a batch","n":%d}\n'
        % (n, n)
        for n in range(2000)
    )
    client.transport.perform_request(
        "POST", "/_bulk", body=lines, headers={"content-type": "application/x-ndjson"}
    )
    body = proxy.seen[-1][3]
    assert gzip.decompress(body) == lines
    assert body[8] == 4  # the gzip header's XFL byte: 4 = compressed with the fastest algorithm
    assert len(body) == len(gzip.compress(lines, compresslevel=1, mtime=0))
    client.indices.delete(index="test-gzip-level", ignore_unavailable=True)
    client.close()
