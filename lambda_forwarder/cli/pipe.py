"""`forwarder pipe`: run a service's stdout through the Lambda's own code path, locally.

Lines read from standard input are batched the way CloudWatch Logs batches them for a
subscription (up to 10,000 events or 1,048,576 bytes, delivered every `--flush-seconds`), packed
into real base64+gzip subscription events, and handed to `lambda_handler`.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from lambda_forwarder.cli.local import LocalContext, apply_local_defaults
from lambda_forwarder.cli.progress import Progress, Reporter, add_json_flag
from lambda_forwarder.decode.pack import MAX_BATCH_BYTES, MAX_BATCH_EVENTS, event_size
from lambda_forwarder.model import InvocationReport

_EOF = object()


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "pipe",
        help="forward a service's stdout (on stdin) through the forwarder, locally",
        description="Read log lines from standard input and run them through the same pipeline "
        "as the Lambda: CloudWatch-style batches, subscription events, lambda_handler. "
        "Example: python -m myservice | forwarder pipe --log-group /ecs/checkout",
    )
    parser.add_argument("--log-group", default="/local/stdin", help="log group the lines belong to")
    parser.add_argument("--log-stream", default=f"{socket.gethostname()}/{os.getpid()}")
    parser.add_argument("--owner", default="000000000000", help="account id recorded on documents")
    parser.add_argument(
        "--flush-seconds",
        type=float,
        default=1.0,
        help="deliver a batch at least this often (CloudWatch: a few seconds)",
    )
    parser.add_argument("--opensearch-url", help="default: $OPENSEARCH_URL")
    parser.add_argument("--dead-letter-dir", help="default: $DEAD_LETTER_DIR or ./.dead-letters")
    parser.add_argument("--tee", action="store_true", help="echo every line to standard error")
    parser.add_argument("--summary-json", help="write the final counts to this file as JSON")
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    apply_local_defaults(
        os.environ, opensearch_url=args.opensearch_url, dead_letter_dir=args.dead_letter_dir
    )
    from lambda_forwarder.decode import pack_batches, subscription_event
    from lambda_forwarder.handler import lambda_handler

    total = InvocationReport()
    # CloudWatch-like 56-digit ids, counting up across flushes; the nanosecond start keeps two
    # runs from ever reusing an id (which would overwrite the other run's documents).
    next_id = time.time_ns() * 10**37

    reporter = Reporter(json_only=getattr(args, "json", False))
    if args.tee:
        reporter.interactive = False  # the echoed lines and a live line would interleave

    def deliver(lines: list[tuple[int, str]], progress: Progress) -> None:
        nonlocal next_id
        for batch in pack_batches(
            lines,
            owner=args.owner,
            log_group=args.log_group,
            log_stream=args.log_stream,
            start_id=next_id,
        ):
            next_id += len(batch.events)
            counts = lambda_handler(subscription_event(batch), LocalContext())
            total.add(InvocationReport(**counts))
            lost = counts["dead_lettered"]
            progress.advance(
                len(batch.events), failure=f"{lost} line(s) dead-lettered" if lost else None
            )

    tee = sys.stderr if args.tee else None
    with reporter.progress("pipe") as progress:
        for lines in timed_batches(sys.stdin.buffer, args.flush_seconds, tee=tee):
            deliver(lines, progress)

    summary = total.as_dict()
    print(
        "forwarder pipe: received {received}, indexed {indexed} ({degraded} degraded), "
        "dead-lettered {dead_lettered}, skipped {skipped}; alerts posted {alerts_posted}".format(
            **summary
        ),
        file=sys.stderr,
    )
    if args.summary_json:
        with open(args.summary_json, "w", encoding="utf-8") as handle:
            json.dump(summary, handle)
    reporter.summary({"command": "pipe", **summary})
    return 0 if total.balanced() else 1


def timed_batches(
    stream: BinaryIO,
    flush_seconds: float,
    *,
    tee: Any = None,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[list[tuple[int, str]]]:
    """Yield (timestamp ms, line) lists: when CloudWatch's size limits fill up, when
    `flush_seconds` have passed since the first buffered line, and at end of input."""
    lines: queue.Queue[Any] = queue.Queue(maxsize=50_000)

    def read() -> None:
        for raw in stream:
            lines.put((int(time.time() * 1000), raw.decode("utf-8", "replace").rstrip("\r\n")))
        lines.put(_EOF)

    threading.Thread(target=read, name="forwarder-pipe-reader", daemon=True).start()
    buffered: list[tuple[int, str]] = []
    size = 0
    first_at = 0.0
    while True:
        timeout = None if not buffered else max(0.0, first_at + flush_seconds - clock())
        try:
            item = lines.get(timeout=timeout)
        except queue.Empty:
            item = None
        if item is _EOF:
            if buffered:
                yield buffered
            return
        if item is not None:
            timestamp, line = item
            if tee is not None:
                print(line, file=tee)
            if not line.strip():
                continue
            if not buffered:
                first_at = clock()
            buffered.append((timestamp, line))
            size += event_size(line)
        if buffered and (
            item is None
            or size >= MAX_BATCH_BYTES
            or len(buffered) >= MAX_BATCH_EVENTS
            or clock() - first_at >= flush_seconds
        ):
            yield buffered
            buffered, size = [], 0
