"""`forwarder replay`: re-drive dead letters through the same pipeline, deleting only what got
indexed.

The work is `lambda_forwarder.operations.redrive`, which the scheduled self-healing run of the
Lambda uses too; this module parses arguments, shows progress and prints the summary. Unlike the
scheduled run, the operator's replay has no age limit: it re-drives every stored unit.
"""

from __future__ import annotations

import argparse
import os
from typing import Any
from urllib.parse import urlsplit

from msgspec.structs import replace

from lambda_forwarder.cli.progress import Reporter, add_json_flag
from lambda_forwarder.config import DeadLetterSettings, Settings
from lambda_forwarder.operations.redrive import RedriveReport, UnitOutcome, redrive

ReplayReport = RedriveReport  # the name callers of `replay` know


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "replay",
        help="re-drive dead letters from S3, SQS or a directory through the pipeline",
        description="Reads the same environment as the Lambda. --source overrides where dead "
        "letters are read from: s3://bucket/prefix, an SQS queue URL, or a directory.",
    )
    parser.add_argument("--source", help="default: the configured dead-letter store")
    parser.add_argument("--limit", type=int, help="stop after this many stored units")
    parser.add_argument("--opensearch-url", help="default: $OPENSEARCH_URL")
    parser.add_argument("--dry-run", action="store_true", help="count what would be replayed")
    add_json_flag(parser)
    parser.set_defaults(func=run)


def source_settings(source: str, base: DeadLetterSettings) -> DeadLetterSettings:
    """`s3://bucket/prefix`, an SQS queue URL or a directory, as dead-letter settings."""
    parts = urlsplit(source)
    if parts.scheme == "s3":
        return DeadLetterSettings(bucket=parts.netloc, prefix=parts.path.lstrip("/") or base.prefix)
    if parts.scheme in ("http", "https"):
        return DeadLetterSettings(queue_url=source)
    return DeadLetterSettings(directory=source)


def run(args: argparse.Namespace) -> int:
    from lambda_forwarder.cli.local import apply_local_defaults
    from lambda_forwarder.config import load_settings

    apply_local_defaults(os.environ, opensearch_url=args.opensearch_url)
    settings = load_settings()
    if args.source:
        settings = replace(settings, dead_letter=source_settings(args.source, settings.dead_letter))
    reporter = Reporter(json_only=getattr(args, "json", False))
    report = replay(settings, limit=args.limit, dry_run=args.dry_run, reporter=reporter)
    verb = "would replay" if args.dry_run else "replayed"
    reporter.line(
        f"forwarder replay: {verb} {report.units} unit(s), {report.letters} letter(s), "
        f"{report.events} event(s) from {settings.dead_letter.target}; indexed {report.indexed}, "
        f"still failing {report.still_failing}, units deleted {report.deleted}"
    )
    reporter.summary(
        {"command": "replay", "dry_run": args.dry_run, "source": settings.dead_letter.target}
        | report.as_dict()
    )
    return 1 if report.still_failing else 0


def replay(
    settings: Settings,
    *,
    limit: int | None = None,
    dry_run: bool = False,
    reporter: Reporter | None = None,
) -> RedriveReport:
    """Re-drive every stored dead letter; delete a unit only when all of it got indexed."""
    from lambda_forwarder.deadletter import build_store
    from lambda_forwarder.handler import build_pipeline

    store = build_store(settings.dead_letter)
    pipeline = None if dry_run else build_pipeline(settings)
    if reporter is None:
        return redrive(store, pipeline, limit=limit)
    waiting = store.backlog().units
    with reporter.progress("replay", min(waiting, limit) if limit else waiting) as progress:

        def on_unit(outcome: UnitOutcome) -> None:
            failure = None
            if outcome.failed:
                failure = f"{outcome.stored.location}: {outcome.failed} still failing, kept"
            progress.advance(failure=failure)

        return redrive(store, pipeline, limit=limit, on_unit=on_unit)
