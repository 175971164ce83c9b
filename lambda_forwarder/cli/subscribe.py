"""`forwarder subscribe` and `forwarder unsubscribe`: point log groups at the forwarder, or stop.

The work is in `lambda_forwarder.operations.subscriptions`; this module parses arguments, makes
the boto3 clients and prints one line per log group.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError, NoRegionError

from lambda_forwarder.cli.progress import Reporter, add_json_flag
from lambda_forwarder.operations.subscriptions import (
    FILTER_NAME,
    Outcome,
    SubscriptionError,
    resolve_function,
    select_log_groups,
    subscribe,
    unsubscribe,
)

DEFAULT_FUNCTION = "logpipe-forwarder"  # template.yaml's FunctionName default


def register(subparsers: Any) -> None:
    """Add `subscribe` and `unsubscribe`."""
    for name, helptext in (
        ("subscribe", "subscribe log groups to the forwarder (permission first, idempotent)"),
        (
            "unsubscribe",
            "remove the forwarder's subscription filter and permission from log groups",
        ),
    ):
        parser = subparsers.add_parser(
            name,
            help=helptext,
            description=f"{helptext[0].upper()}{helptext[1:]}. Log groups are chosen by exact "
            "name, --prefix or --pattern (fnmatch); the forwarder's own log group is always "
            f"skipped. The filter is named {FILTER_NAME!r}.",
        )
        _add_common(parser)
        if name == "subscribe":
            parser.add_argument(
                "--filter-pattern",
                default="",
                help="CloudWatch Logs filter pattern, e.g. '{ $.level = \"error\" }' "
                "(default: every event)",
            )
            parser.add_argument(
                "--permission-scope",
                choices=("group", "account"),
                default="group",
                help="one invoke permission per log group (default), or one for every log "
                "group of the account (for more groups than the ~20 KB resource policy holds)",
            )
        parser.set_defaults(func=run, operation=name)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("log_groups", nargs="*", metavar="LOG_GROUP", help="exact log group names")
    parser.add_argument(
        "--prefix",
        action="append",
        default=[],
        metavar="PREFIX",
        help="every log group whose name starts with PREFIX (repeatable)",
    )
    parser.add_argument(
        "--pattern",
        action="append",
        default=[],
        metavar="GLOB",
        help="every log group matching GLOB, e.g. '/ecs/*-api' (repeatable)",
    )
    parser.add_argument(
        "--function",
        default=DEFAULT_FUNCTION,
        help=f"forwarder function name or ARN (default: {DEFAULT_FUNCTION})",
    )
    parser.add_argument("--region", help="AWS Region (default: the function ARN's, or AWS_REGION)")
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would change and change nothing"
    )
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    if not (args.log_groups or args.prefix or args.pattern):
        raise SubscriptionError("name at least one LOG_GROUP, --prefix or --pattern")
    reporter = Reporter(json_only=getattr(args, "json", False))
    try:
        outcomes = _run(args, reporter)
    except (ClientError, BotoCoreError) as error:
        if isinstance(error, NoRegionError):
            raise SubscriptionError("no Region: pass --region or set AWS_REGION") from None
        raise SubscriptionError(str(error)) from None
    for outcome in outcomes:
        reporter.line(outcome.describe())
    counts = Counter(outcome.action for outcome in outcomes)
    summary = ", ".join(f"{count} {action}" for action, count in sorted(counts.items()))
    print(f"{summary}{' (dry run: nothing changed)' if args.dry_run else ''}", file=sys.stderr)
    reporter.summary(
        {
            "command": args.operation,
            "dry_run": args.dry_run,
            "actions": dict(sorted(counts.items())),
            "ok": all(outcome.ok for outcome in outcomes),
            "groups": [
                {"log_group": o.log_group, "action": o.action, "detail": o.detail} for o in outcomes
            ],
        }
    )
    return 0 if all(outcome.ok for outcome in outcomes) else 1


def _run(args: argparse.Namespace, reporter: Reporter | None = None) -> list[Outcome]:
    import boto3

    region = args.region
    if args.function.startswith("arn:"):
        arn_region = args.function.split(":")[3]
        if region and region != arn_region:
            raise SubscriptionError(
                f"--region {region} but the function is in {arn_region}: a log group can "
                "only be subscribed to a function in its own Region"
            )
        region = arn_region
    function = resolve_function(boto3.client("lambda", region_name=region), args.function)
    lambda_client = boto3.client("lambda", region_name=function.region)
    logs_client = boto3.client("logs", region_name=function.region)
    groups, missing = select_log_groups(
        logs_client, names=args.log_groups, prefixes=args.prefix, patterns=args.pattern
    )
    outcomes = [Outcome(name, "skip-missing", "no such log group") for name in missing]
    if not groups and not missing:
        raise SubscriptionError("no log group matched")
    reporter = reporter or Reporter()
    with reporter.progress(args.operation, len(groups)) as progress:
        for group in groups:  # one at a time, so the progress line moves
            if args.operation == "subscribe":
                done = subscribe(
                    logs_client,
                    lambda_client,
                    function,
                    [group],
                    filter_pattern=args.filter_pattern,
                    dry_run=args.dry_run,
                    permission_scope=args.permission_scope,
                )
            else:
                done = unsubscribe(
                    logs_client, lambda_client, function, [group], dry_run=args.dry_run
                )
            outcomes += done
            failed = [o for o in done if not o.ok]
            progress.advance(failure=failed[0].describe().strip() if failed else None)
    return outcomes
