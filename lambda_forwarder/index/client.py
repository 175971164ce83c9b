"""The OpenSearch client: one per container, reused across invocations.

Retries are off at the client level: the bulk indexer owns retries (failed items only, with
backoff against the invocation deadline), and a transport that silently re-sends whole bodies
would double the work and blow the time budget.

The transport is opensearch-py's urllib3 connection (what its documentation recommends as the
faster one: a third less client CPU per 500-document `_bulk` request than the requests
connection, measured against a loopback sink), and responses are read with orjson (jsonio).

Request bodies to AWS are gzipped at zlib's fastest level, not opensearch-py's default (9): on
the bench's 2 MiB of bulk bodies for a 1 MiB batch, level 9 took 43 ms of CPU (half of what the
forwarder does with that batch besides) and level 1 took 8.6 ms, for bodies 1.3x larger (231
against 175 KiB; bench/RESULTS.md). Lambda bills the CPU; the bytes stay inside the region.
"""

from __future__ import annotations

import gzip
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from opensearchpy import JSONSerializer, OpenSearch, Urllib3HttpConnection

from lambda_forwarder.config import OpenSearchSettings
from lambda_forwarder.errors import ConfigError
from lambda_forwarder.jsonio import fast_loads


class _Serializer(JSONSerializer):
    """opensearch-py's serializer, reading responses with orjson (a `_bulk` response has an item
    per document). Huge integers cannot come back: the sanitizer stores them as strings."""

    def loads(self, s: str) -> Any:
        return fast_loads(s)


class _FastGzipConnection(Urllib3HttpConnection):
    """opensearch-py's urllib3 connection, compressing request bodies at zlib's fastest level."""

    def _gzip_compress(self, body: Any) -> bytes:
        return gzip.compress(body, compresslevel=GZIP_LEVEL)


# zlib's fastest level: 8.1x smaller bulk bodies for a fifth of level 9's CPU.
GZIP_LEVEL = 1

if TYPE_CHECKING:
    import boto3


def build_client(
    settings: OpenSearchSettings, *, session: boto3.Session | None = None
) -> OpenSearch:
    """A client for `settings.url` with none, basic or SigV4 auth.

    SigV4 signs with opensearch-py's urllib3 signer (botocore's SigV4) from refreshable botocore
    credentials, frozen per request, so the Lambda role's temporary credentials are renewed
    before they expire (static keys never would). It sends `x-amz-content-sha256`, which
    Serverless (`aoss`) requires, and signs the body as sent (after gzip). `session` is for
    tests and the command line.
    """
    parts = urlsplit(settings.url)
    use_ssl = parts.scheme == "https"
    host = parts.hostname or "localhost"
    is_aws = settings.auth == "sigv4" or host.endswith(".amazonaws.com")
    return OpenSearch(
        hosts=[
            {
                "host": host,
                "port": parts.port or (443 if use_ssl else 80),
                "use_ssl": use_ssl,
                "url_prefix": parts.path.rstrip("/"),
            }
        ],
        http_auth=_auth(settings, session),
        use_ssl=use_ssl,
        verify_certs=use_ssl,
        ssl_show_warn=use_ssl,
        connection_class=_FastGzipConnection,
        serializer=_Serializer(),
        timeout=settings.timeout_seconds,
        max_retries=0,
        retry_on_timeout=False,
        retry_on_status=(),
        http_compress=is_aws,
    )


def _auth(settings: OpenSearchSettings, session: boto3.Session | None) -> Any:
    if settings.auth == "none":
        return None
    if settings.auth == "basic":
        if settings.username is None or settings.password is None:
            raise ConfigError("OPENSEARCH_PASSWORD", "basic auth needs a username and a password")
        return (settings.username, settings.password)
    from opensearchpy import Urllib3AWSV4SignerAuth

    return Urllib3AWSV4SignerAuth(_credentials(session), settings.region, settings.aws_service)


def sigv4_auth(region: str, service: str, session: boto3.Session | None = None) -> Any:
    """A requests signer on refreshable credentials, for Dashboards on AWS (requests-aws4auth:
    opensearch-py 3.1's requests signer is the one that breaks against Serverless in 3.2)."""
    from requests_aws4auth import AWS4Auth

    return AWS4Auth(region=region, service=service, refreshable_credentials=_credentials(session))


def _credentials(session: boto3.Session | None) -> Any:
    import boto3

    credentials = (session or boto3.Session()).get_credentials()
    if credentials is None:
        raise ConfigError(
            "OPENSEARCH_AUTH", "sigv4 needs AWS credentials (a Lambda role, profile or env keys)"
        )
    return credentials
