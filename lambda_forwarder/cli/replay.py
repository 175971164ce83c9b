"""`forwarder replay`: re-drive dead letters through the same pipeline, deleting only what got
indexed.

A stored unit (an S3 object, an SQS message, a file) is deleted only when every event in it was
indexed; otherwise it stays where it is, and replaying it again later is harmless (document ids
are the CloudWatch event ids).
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from lambda_forwarder.config import DeadLetterSettings, Settings
from lambda_forwarder.model import DATA_MESSAGE, DeadLetter, LogBatch


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
    parser.set_defaults(func=run)


@dataclass
class ReplayReport:
    units: int = 0
    letters: int = 0
    events: int = 0
    indexed: int = 0
    still_failing: int = 0
    deleted: int = 0


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
    report = replay(settings, limit=args.limit, dry_run=args.dry_run)
    verb = "would replay" if args.dry_run else "replayed"
    print(
        f"forwarder replay: {verb} {report.units} unit(s), {report.letters} letter(s), "
        f"{report.events} event(s) from {settings.dead_letter.target}; indexed {report.indexed}, "
        f"still failing {report.still_failing}, units deleted {report.deleted}"
    )
    return 1 if report.still_failing else 0


def replay(settings: Settings, *, limit: int | None = None, dry_run: bool = False) -> ReplayReport:
    """Re-drive every stored dead letter; delete a unit only when all of it got indexed."""
    from lambda_forwarder.deadletter import build_store
    from lambda_forwarder.deadline import Deadline
    from lambda_forwarder.handler import build_pipeline

    store = build_store(settings.dead_letter)
    pipeline = None if dry_run else build_pipeline(settings)
    report = ReplayReport()
    for stored in store.read(limit):
        report.units += 1
        report.letters += len(stored.letters)
        report.events += stored.event_count
        if pipeline is None:
            continue
        complete = True
        for letter in stored.letters:
            batch = _batch_of(letter)
            if batch is None:  # an undecodable payload stays undecodable: keep it
                report.still_failing += 1
                complete = False
                continue
            outcome = pipeline.run_batch(batch, Deadline.after(300), dead_letter_failures=False)
            report.indexed += outcome.report.indexed
            report.still_failing += len(outcome.failures)
            complete = complete and not outcome.failures
        if complete:
            store.delete(stored)
            report.deleted += 1
    return report


def _batch_of(letter: DeadLetter) -> LogBatch | None:
    if letter.raw_payload is not None:
        from lambda_forwarder.decode import decode_payload
        from lambda_forwarder.errors import DecodeError

        try:
            return decode_payload(letter.raw_payload)
        except DecodeError:
            return None
    return LogBatch(
        message_type=DATA_MESSAGE,
        owner=letter.owner or "",
        log_group=letter.log_group or "",
        log_stream=letter.log_stream or "",
        events=letter.events,
    )
