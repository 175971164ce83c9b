"""`forwarder bootstrap`: install the index template, the retention policy and the Dashboards
index pattern, idempotently, and report existing indices mapped otherwise (with their fix). Run
it twice and the second run changes nothing. The forwarder itself ensures the template and the
policy before its first write (index/ensure.py); bootstrap remains for the Dashboards objects,
dry runs and the report.

Each step returns a line saying what it did (or, with `dry_run`, would do). Steps that need
something the cluster may not have (ISM on a bare node or Serverless, a reachable Dashboards)
are skipped with a line that says why; a real failure of the template step raises.
"""

from __future__ import annotations

from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError, TransportError

from lambda_forwarder.config import DashboardsSettings, IndexSettings
from lambda_forwarder.index.dashboards import ensure_index_pattern
from lambda_forwarder.index.drift import mapping_drift
from lambda_forwarder.index.mapping import POLICY_ID, TEMPLATE_NAME, index_template, ism_policy

ISM_COMPONENT = "opensearch-index-management"


def template_patterns(index_pattern: str) -> list[str]:
    """`logs-%Y.%m.%d` or `logs-{service}-%Y.%m.%d` -> `["logs-*"]`: the literal prefix."""
    cut = min((i for i in (index_pattern.find("%"), index_pattern.find("{")) if i >= 0), default=-1)
    prefix = index_pattern if cut < 0 else index_pattern[:cut]
    if not prefix:
        raise ValueError(f"index pattern {index_pattern!r} has no literal prefix to match")
    return [prefix + "*"] if cut >= 0 else [prefix]


def setup_names(index: IndexSettings) -> tuple[str, str]:
    """(index template name, retention policy id), the same for bootstrap and the forwarder.

    INDEX_TEMPLATE_NAME names both. Otherwise `logs-...` keeps the historic pair
    (`logpipe-logs`, `logpipe-retention`) and any other pattern gets `logpipe-<prefix>` for
    both, so forwarders with different index patterns on one cluster never share them.
    """
    if index.template_name:
        return index.template_name, index.template_name
    prefix = template_patterns(index.index_pattern)[0].rstrip("*").rstrip("-_.")
    if prefix == "logs":
        return TEMPLATE_NAME, POLICY_ID
    return f"logpipe-{prefix}", f"logpipe-{prefix}"


def bootstrap(
    client: OpenSearch,
    index: IndexSettings,
    dashboards: DashboardsSettings,
    *,
    dry_run: bool = False,
    replicas: int | None = None,
    dashboards_auth: Any = None,
    name: str | None = None,
) -> list[str]:
    """Template, ISM policy, Dashboards index pattern; lines describing each step.

    `replicas=None` picks 0 on a single-data-node cluster and 1 otherwise (and leaves it to
    the service where the cluster APIs are absent, as on Serverless). `name` names the template
    and the policy (tests use their own, so they never touch the real ones); without it,
    `setup_names` decides, as for the forwarder's own setup.
    """
    patterns = template_patterns(index.index_pattern)
    if replicas is None:
        replicas = default_replicas(client)
    days = index.retention_days
    template, policy = (name, name) if name else setup_names(index)
    return [
        ensure_template(client, patterns, replicas=replicas, dry_run=dry_run, name=template),
        *ensure_ism_policy(client, patterns, days, dry_run=dry_run, policy_id=policy),
        *drift_lines(client, patterns, index.index_pattern),
        ensure_index_pattern(dashboards, dry_run=dry_run, auth=dashboards_auth),
    ]


def drift_lines(client: OpenSearch, patterns: list[str], index_pattern: str) -> list[str]:
    """One line per existing index mapped otherwise than the template, with its fix."""
    try:
        drifts = mapping_drift(client, patterns, index_pattern)
    except TransportError as error:
        return [f"existing indices: not checked (HTTP {error.status_code})"]
    if not drifts:
        return ["existing indices: mapped as the template says"]
    return [line for drift in drifts for line in (drift.describe(), drift.fix())]


def default_replicas(client: OpenSearch) -> int | None:
    """0 on a single-data-node cluster, else 1; None where the cluster APIs are absent."""
    try:
        health = client.cluster.health()
    except TransportError:
        return None
    return 0 if int(health.get("number_of_data_nodes", 1)) <= 1 else 1


def ensure_template(
    client: OpenSearch,
    patterns: list[str],
    *,
    replicas: int | None,
    dry_run: bool = False,
    name: str = TEMPLATE_NAME,
) -> str:
    body = index_template(patterns, replicas=replicas)
    shown = "service default" if replicas is None else replicas
    label = f"index template {name} ({', '.join(patterns)}, replicas {shown})"
    try:
        found = client.indices.get_index_template(name=name)
        current = found["index_templates"][0]["index_template"].get("_meta", {}).get("digest")
    except NotFoundError:
        current = None
    if current == body["_meta"]["digest"]:
        return f"{label}: unchanged"
    verb = "create" if current is None else "update"
    if dry_run:
        return f"{label}: would {verb}"
    client.indices.put_index_template(name=name, body=body)
    return f"{label}: {verb}d (applies to indices created from now on)"


def has_ism(client: OpenSearch) -> bool:
    """Whether the Index State Management plugin is installed (not on bare nodes/Serverless)."""
    try:
        plugins = client.cat.plugins(format="json")
    except TransportError:
        return False
    return any(p.get("component") == ISM_COMPONENT for p in plugins if isinstance(p, dict))


def ensure_ism_policy(
    client: OpenSearch,
    patterns: list[str],
    retention_days: int,
    *,
    dry_run: bool = False,
    policy_id: str = POLICY_ID,
) -> list[str]:
    label = f"ISM policy {policy_id} (delete after {retention_days} days)"
    if not has_ism(client):
        return [
            f"{label}: skipped, the cluster has no Index State Management plugin "
            "(bare node or Serverless: use a data lifecycle policy there)"
        ]
    body = ism_policy(retention_days, patterns)
    path = f"/_plugins/_ism/policies/{policy_id}"
    try:
        current = client.transport.perform_request("GET", path)
    except NotFoundError:
        current = None
    if current and current.get("policy", {}).get("description") == body["policy"]["description"]:
        return [f"{label}: unchanged"]
    verb = "create" if current is None else "update"
    if dry_run:
        return [f"{label}: would {verb}", f"ISM: would attach {policy_id} to existing indices"]
    params = (
        {}
        if current is None
        else {"if_seq_no": current["_seq_no"], "if_primary_term": current["_primary_term"]}
    )
    client.transport.perform_request("PUT", path, params=params, body=body)
    lines = [f"{label}: {verb}d"]
    # ism_template only catches indices created later; attach the ones that already exist.
    added = client.transport.perform_request(
        "POST", f"/_plugins/_ism/add/{','.join(patterns)}", body={"policy_id": policy_id}
    )
    lines.append(
        f"ISM: attached {policy_id} to {added.get('updated_indices', 0)} existing indices "
        f"({len(added.get('failed_indices', []))} already managed or not attachable)"
    )
    return lines
