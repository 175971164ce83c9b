"""`forwarder issues`: the open error issues, and resolving or muting one.

Reads the same environment as the Lambda (OPENSEARCH_URL, ALERT_ISSUES_INDEX, or
ALERT_ISSUES_TABLE for the DynamoDB store, ...). Resolving
an issue means "fixed": its next occurrence is announced as Regressed. Muting means "known, do
not tell us": occurrences are still counted, never announced, until it is reopened.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from lambda_forwarder.config import AlertSettings, OpenSearchSettings, read_config

ACTIONS = {"resolve": "resolved", "mute": "muted", "reopen": "open"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "issues",
        help="list open error issues; resolve, mute or reopen one",
        description="Without an action: the open issues, most recently seen first (count, "
        "first and last seen, versions). `resolve FINGERPRINT`: its next occurrence is "
        "announced as Regressed. `mute FINGERPRINT`: counted, never announced. `reopen`.",
    )
    parser.add_argument("action", nargs="?", choices=["list", *ACTIONS], default="list")
    parser.add_argument("fingerprint", nargs="?", help="the issue (its error.fingerprint)")
    parser.add_argument("--opensearch-url", help="default: $OPENSEARCH_URL")
    parser.add_argument(
        "--status",
        default="open",
        choices=["open", "resolved", "muted", "all"],
        help="which issues to list (default: open)",
    )
    parser.add_argument("--size", type=int, default=50, help="at most this many (default 50)")
    parser.set_defaults(func=run)


def _store(env: dict[str, str]) -> Any:
    from lambda_forwarder.alerts.issues import OpenSearchIssueStore
    from lambda_forwarder.index.client import build_client

    effective = read_config(env)
    effective.raise_first(("opensearch", "alerts"))
    settings = effective.section(OpenSearchSettings)
    alerts: AlertSettings = effective.section(AlertSettings)
    if alerts.issues_table:  # the DynamoDB store, where the Lambda keeps them too
        from lambda_forwarder.alerts.issues.dynamo import DynamoIssueStore

        return DynamoIssueStore(alerts.issues_table)
    return OpenSearchIssueStore(build_client(settings), index=alerts.issues_index)


def format_issue(issue: dict[str, Any]) -> str:
    """One issue on one line, then its message."""
    versions = ",".join(issue.get("versions") or ()) or "-"
    services = ",".join(issue.get("services") or ()) or "-"
    head = (
        f"{issue['fingerprint']}  {issue.get('status', 'open'):<8} "
        f"{int(issue.get('count') or 0):>9,}  first {issue.get('first_seen', '-')}  "
        f"last {issue.get('last_seen', '-')}  {services}  versions {versions}"
    )
    kind = issue.get("error_type") or issue.get("level") or "error"
    sample = " ".join(str(issue.get("sample_message") or "").split())[:160]
    return f"{head}\n    {kind}: {sample}"


def run(args: argparse.Namespace) -> int:
    from lambda_forwarder.alerts.issues import IssueStatus, IssueStoreError

    env = dict(os.environ)
    if args.opensearch_url:
        env["OPENSEARCH_URL"] = args.opensearch_url
    store = _store(env)
    if args.action == "list":
        status = None if args.status == "all" else args.status
        try:
            issues = store.list(status=status, size=args.size)
        except Exception as error:
            print(f"forwarder issues: cannot read {store.index}: {error}", file=sys.stderr)
            return 2
        if not issues:
            print(f"no {args.status} issues in {store.index}")
        for issue in issues:
            print(format_issue(issue))
        return 0
    if not args.fingerprint:
        print(f"forwarder issues {args.action}: give the issue's fingerprint", file=sys.stderr)
        return 2
    try:
        store.set_status(args.fingerprint, IssueStatus(ACTIONS[args.action]))
    except IssueStoreError as error:
        print(f"forwarder issues {args.action}: {error}", file=sys.stderr)
        return 2
    print(f"{args.fingerprint}: {ACTIONS[args.action]}")
    return 0
