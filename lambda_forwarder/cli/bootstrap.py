"""`forwarder bootstrap`: index template, retention policy and Dashboards index pattern."""

from __future__ import annotations

import argparse
import os
from typing import Any

from lambda_forwarder.config import (
    DashboardsSettings,
    IndexSettings,
    OpenSearchSettings,
    read_config,
)
from lambda_forwarder.index.mapping import POLICY_ID, TEMPLATE_NAME


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "bootstrap",
        help="install the index template, retention policy and Dashboards index pattern",
        description="Idempotent: run it again after an upgrade, or to check. Reads the same "
        "environment as the Lambda (OPENSEARCH_URL, INDEX_PATTERN, RETENTION_DAYS, DASHBOARDS_URL, "
        "INDEX_PATTERN_ID, ...).",
    )
    parser.add_argument("--opensearch-url", help="default: $OPENSEARCH_URL")
    parser.add_argument("--dashboards-url", help="default: $DASHBOARDS_URL")
    parser.add_argument("--replicas", type=int, help="default: 0 on a single-node cluster, else 1")
    parser.add_argument(
        "--name",
        default=None,
        help="name of the index template and retention policy (default: $INDEX_TEMPLATE_NAME, "
        f"else {TEMPLATE_NAME} and {POLICY_ID} for logs-*, else logpipe-<index prefix>, as the "
        "forwarder itself uses); give each forwarder its own when several share a cluster",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would change; change nothing"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from lambda_forwarder.index.bootstrap import bootstrap
    from lambda_forwarder.index.client import build_client, sigv4_auth

    env = dict(os.environ)
    if args.opensearch_url:
        env["OPENSEARCH_URL"] = args.opensearch_url
    if args.dashboards_url:
        env["DASHBOARDS_URL"] = args.dashboards_url
    effective = read_config(env)
    effective.raise_first(("opensearch", "index", "dashboards"))
    opensearch = effective.section(OpenSearchSettings)
    dashboards_auth = (
        sigv4_auth(opensearch.region, opensearch.aws_service)
        if opensearch.auth == "sigv4"
        else None
    )
    lines = bootstrap(
        build_client(opensearch),
        effective.section(IndexSettings),
        effective.section(DashboardsSettings),
        dry_run=args.dry_run,
        replicas=args.replicas,
        dashboards_auth=dashboards_auth,
        name=args.name,
    )
    for line in lines:
        print(line)
    return 0
