"""The OpenSearch client: one per container, reused across invocations.

Retries are off at the client level: the bulk indexer owns retries (failed items only, with
backoff against the invocation deadline), and a transport that silently re-sends whole bodies
would double the work and blow the time budget.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from opensearchpy import OpenSearch, RequestsHttpConnection

from lambda_forwarder.config import OpenSearchSettings
from lambda_forwarder.errors import ConfigError

if TYPE_CHECKING:
    import boto3


def build_client(
    settings: OpenSearchSettings, *, session: boto3.Session | None = None
) -> OpenSearch:
    """A client for `settings.url` with none, basic or SigV4 auth.

    SigV4 signs with requests-aws4auth from refreshable botocore credentials, so the Lambda
    role's temporary credentials are renewed before they expire (static keys never would).
    requests-aws4auth always sends `x-amz-content-sha256`, which Serverless (`aoss`) requires,
    and signs the body as sent (after gzip). `session` is for tests and the command line.
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
        connection_class=RequestsHttpConnection,
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
    return sigv4_auth(settings.region, settings.aws_service, session)


def sigv4_auth(region: str, service: str, session: boto3.Session | None = None) -> Any:
    """requests-aws4auth signer on refreshable credentials (also used for Dashboards on AWS)."""
    import boto3
    from requests_aws4auth import AWS4Auth

    credentials = (session or boto3.Session()).get_credentials()
    if credentials is None:
        raise ConfigError(
            "OPENSEARCH_AUTH", "sigv4 needs AWS credentials (a Lambda role, profile or env keys)"
        )
    return AWS4Auth(region=region, service=service, refreshable_credentials=credentials)
