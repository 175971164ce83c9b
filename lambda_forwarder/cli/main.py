"""Entry point of the `forwarder` command.

Each subcommand lives in its own module under `lambda_forwarder.cli` and exposes
`register(subparsers)`, which adds its parser and sets `func` to a `run(args) -> int`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from lambda_forwarder.errors import ForwarderError

SUBCOMMANDS: tuple[str, ...] = (
    "config",
    "subscribe",
    "bootstrap",
    "pipe",
    "replay",
    "event",
    "issues",
)


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="forwarder",
        description="Operate the CloudWatch Logs -> OpenSearch forwarder.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(f"lambda_forwarder.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ForwarderError as error:
        print(f"forwarder {args.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
