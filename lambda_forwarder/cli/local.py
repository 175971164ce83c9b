"""Running the Lambda handler on a workstation: a Lambda-shaped context and local defaults."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import MutableMapping

from msgspec import Struct, field

LOCAL_DEFAULTS = {
    "DEAD_LETTER_DIR": ".dead-letters",
    "AWS_REGION": "us-east-1",
    # EMF metrics are for CloudWatch; locally they would only clutter the terminal.
    "POWERTOOLS_METRICS_DISABLED": "true",
    "LOG_LEVEL": "WARNING",
}


def apply_local_defaults(
    env: MutableMapping[str, str],
    *,
    opensearch_url: str | None = None,
    dead_letter_dir: str | None = None,
) -> None:
    """Fill in what a local run needs and the Lambda would get from its template.

    Explicit arguments win over the environment, the environment over the defaults. Must run
    before `lambda_forwarder.handler` builds its pipeline (settings are read once).
    """
    if opensearch_url:
        env["OPENSEARCH_URL"] = opensearch_url
    if dead_letter_dir:
        env["DEAD_LETTER_DIR"] = dead_letter_dir
    for name, value in LOCAL_DEFAULTS.items():
        env.setdefault(name, value)


class LocalContext(Struct):
    """The attributes of a Lambda context that the handler and Powertools read."""

    timeout_seconds: float = 60.0
    function_name: str = "logpipe-forwarder-local"
    memory_limit_in_mb: int = 512
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    started: float = field(default_factory=time.monotonic)

    @property
    def invoked_function_arn(self) -> str:
        region = os.environ.get("AWS_REGION", "us-east-1")
        return f"arn:aws:lambda:{region}:000000000000:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.timeout_seconds - (time.monotonic() - self.started)) * 1000))
