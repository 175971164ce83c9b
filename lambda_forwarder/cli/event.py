"""`forwarder event`: build a subscription (or Kinesis) event file from log lines.

For `sam local invoke -e` and for tests: the same base64+gzip packing CloudWatch Logs does.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from lambda_forwarder.decode import kinesis_event, pack_batches, subscription_event
from lambda_forwarder.model import CONTROL_MESSAGE, LogBatch, LogEvent


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "event",
        help="build a CloudWatch Logs subscription event from log lines",
        description="Read log lines (one per line) and print a Lambda event: "
        "{'awslogs': {'data': ...}}, or a Kinesis event with --kinesis.",
    )
    parser.add_argument(
        "input",
        nargs="?",
        type=argparse.FileType("r", encoding="utf-8"),
        default=sys.stdin,
        help="file of log lines (default: standard input)",
    )
    parser.add_argument("--log-group", default="/aws/lambda/example-service")
    parser.add_argument(
        "--log-stream", default="2026/11/25/[$LATEST]0123456789abcdef0123456789abcdef"
    )
    parser.add_argument("--owner", default="123456789012", help="account id of the log group")
    parser.add_argument(
        "--kinesis", action="store_true", help="wrap the payload(s) in a Kinesis event"
    )
    parser.add_argument("--control", action="store_true", help="build a CONTROL_MESSAGE instead")
    parser.add_argument(
        "--output", "-o", type=argparse.FileType("w", encoding="utf-8"), default=sys.stdout
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    now = int(time.time() * 1000)
    if args.control:
        batches = [
            LogBatch(
                message_type=CONTROL_MESSAGE,
                owner="CloudwatchLogs",
                log_group="",
                log_stream="",
                events=(LogEvent("0", now, "CWL CONTROL MESSAGE: Checking health of destination"),),
            )
        ]
    else:
        lines = [(now, line.rstrip("\n")) for line in args.input if line.strip()]
        batches = list(
            pack_batches(
                lines, owner=args.owner, log_group=args.log_group, log_stream=args.log_stream
            )
        )
    if not batches:
        print("forwarder event: no log lines on input", file=sys.stderr)
        return 1
    if args.kinesis:
        event = kinesis_event(batches)
    elif len(batches) == 1:
        event = subscription_event(batches[0])
    else:
        print(
            f"forwarder event: input needs {len(batches)} payloads; use --kinesis", file=sys.stderr
        )
        return 1
    json.dump(event, args.output, indent=2)
    args.output.write("\n")
    return 0
