"""`forwarder config`: the effective settings, where each came from, and every problem.

Reads the same environment as the Lambda. Secrets are masked. Exits 1 when any setting is
malformed or contradicts another, so a deploy pipeline can run it before shipping an environment.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from lambda_forwarder.config import VARIABLES, markdown_table, read_config


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "config",
        help="show the effective settings and every configuration problem",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="machine-readable output")
    output.add_argument(
        "--markdown", action="store_true", help="print the table of every variable (README's)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.markdown:
        print(markdown_table())
        return 0
    effective = read_config(dict(os.environ))
    if args.json:
        print(
            json.dumps(
                {
                    "settings": {
                        var.name: {
                            "value": effective.shown(var.name),
                            "source": "env" if var.name in effective.from_env else "default",
                        }
                        for var in VARIABLES
                    },
                    "problems": [
                        {"variable": p.variable, "problem": p.problem} for p in effective.problems
                    ],
                },
                indent=2,
            )
        )
    else:
        width = max(len(var.name) for var in VARIABLES)
        for var in VARIABLES:
            source = "env" if var.name in effective.from_env else "default"
            print(f"{var.name:<{width}}  {source:<7}  {effective.shown(var.name)}")
        for problem in effective.problems:
            print(f"problem: {problem.variable}: {problem.problem}")
        if not effective.problems:
            print("no problems")
    return 1 if effective.problems else 0
