"""The forwarder under the real Lambda runtime on this machine, without Docker.

A thin wrapper of `devtools.lambda_runtime` (AWS's Runtime Interface Emulator + awslambdaric):
the forwarder's handler, its function name (so its own log group is the one it skips), and a
local environment (dead letters in a directory, metrics on stdout as in Lambda).

    make forwarder-rie      # = python -m devtools.forwarder_runtime

runs it in the foreground and prints the invoke URL; any event from events/ can be posted:

    curl -sS -d @events/cloudwatch-emitter.json http://127.0.0.1:PORT/2015-03-31/functions/function/invocations
    curl -sS -d @events/scheduled-redrive.json  http://127.0.0.1:PORT/2015-03-31/functions/function/invocations

Without OPENSEARCH_URL it starts a local OpenSearch node for the session.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence

from devtools.lambda_runtime import INVOKE_PATH, ROOT, LambdaRuntime, LambdaRuntimeError

HANDLER = "lambda_forwarder.handler.lambda_handler"
FUNCTION_NAME = "logpipe-forwarder"
# Passed through from the caller's environment when set: the forwarder's own settings.
_PASSED = ("OPENSEARCH_", "INDEX_", "DASHBOARDS_", "DEAD_LETTER_", "SLACK_", "ALERT_", "AUTO_")


def forwarder_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The function's environment: the caller's forwarder settings, then `env`."""
    passed = {k: v for k, v in os.environ.items() if k.startswith(_PASSED)}
    return {"POWERTOOLS_SERVICE_NAME": FUNCTION_NAME, **passed, **(env or {})}


def forwarder_runtime(
    env: Mapping[str, str] | None = None, *, timeout_seconds: int = 60, memory_mb: int = 512
) -> LambdaRuntime:
    """A `LambdaRuntime` serving the forwarder (use it as a context manager)."""
    return LambdaRuntime(
        HANDLER,
        env=forwarder_env(env),
        timeout_seconds=timeout_seconds,
        pythonpath=[ROOT],
        function_name=FUNCTION_NAME,
        memory_mb=memory_mb,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.forwarder_runtime", description=__doc__
    )
    parser.add_argument("--timeout", type=int, default=60, help="the function timeout, seconds")
    parser.add_argument("--dead-letter-dir", help="default: $DEAD_LETTER_DIR or a temporary one")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with contextlib.ExitStack() as stack:
        env: dict[str, str] = {}
        if not os.environ.get("OPENSEARCH_URL"):
            from devtools.opensearch_node import LocalOpenSearch

            env["OPENSEARCH_URL"] = stack.enter_context(LocalOpenSearch()).url
        if args.dead_letter_dir or not os.environ.get("DEAD_LETTER_DIR"):
            env["DEAD_LETTER_DIR"] = args.dead_letter_dir or stack.enter_context(
                tempfile.TemporaryDirectory(prefix="logpipe-dead-letters-")
            )
        try:
            runtime = stack.enter_context(forwarder_runtime(env, timeout_seconds=args.timeout))
        except LambdaRuntimeError as error:
            print(error, file=sys.stderr)
            return 1
        url = f"http://127.0.0.1:{runtime.port}{INVOKE_PATH}"
        print(f"forwarder under RIE: {url}", flush=True)
        print(f"  curl -sS -d @events/cloudwatch-emitter.json {url}", flush=True)
        print("Ctrl-C stops it", file=sys.stderr, flush=True)
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
