"""Is the cluster fit to take a re-drive? One cheap question before dead letters are re-sent."""

from __future__ import annotations

from opensearchpy import OpenSearch
from opensearchpy.exceptions import (
    AuthorizationException,
    ConnectionError,
    ConnectionTimeout,
    NotFoundError,
    TransportError,
)


def cluster_problem(client: OpenSearch) -> str | None:
    """None when the cluster can take writes; else why not.

    `_cluster/health` red (or unreachable) is a problem. Where the cluster APIs are absent or
    forbidden (Serverless answers 404/403), the answer is None: the re-drive's first unit is then
    the probe, and the run stops if it indexes nothing.
    """
    try:
        health = client.cluster.health()
    except (NotFoundError, AuthorizationException):
        return None
    except (ConnectionError, ConnectionTimeout) as error:
        return f"unreachable ({type(error).__name__})"
    except TransportError as error:
        return f"health check failed: HTTP {error.status_code}"
    status = health.get("status")
    if status == "red":
        return "cluster status red"
    return None
