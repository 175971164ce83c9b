"""One base exception for the forwarder, a few subclasses with named attributes."""

from __future__ import annotations


class ForwarderError(Exception):
    """Base class of every error the forwarder raises on purpose."""


class ConfigError(ForwarderError):
    """A required setting is missing or malformed; names the environment variable."""

    def __init__(self, variable: str, problem: str) -> None:
        self.variable = variable
        self.problem = problem
        super().__init__(f"{variable}: {problem}")


class UnsupportedEventError(ForwarderError):
    """The Lambda was invoked with an event shape it does not handle."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        super().__init__(
            "expected a CloudWatch Logs subscription event ({'awslogs': {'data': ...}}) "
            "or a Kinesis event ({'Records': [{'kinesis': {'data': ...}}]}), "
            "an EventBridge CreateLogGroup event, or a scheduled task "
            "({'logpipe_task': 'redrive' | 'subscription-sweep'}); "
            f"got an event with keys {sorted(keys)!r}"
        )


class DecodeError(ForwarderError):
    """A subscription payload could not be decoded (base64, gzip, JSON or shape). `content`:
    the decompressed payload, when it got that far (JSON and shape; the gzip members before
    trailing junk), so that a dead letter can keep it with its secrets masked."""

    def __init__(self, stage: str, reason: str, content: bytes | None = None) -> None:
        self.stage = stage
        self.reason = reason
        self.content = content
        super().__init__(f"cannot decode payload ({stage}): {reason}")


class DeadLetterError(ForwarderError):
    """The dead-letter store failed: the invocation must fail so Lambda keeps the event."""

    def __init__(self, target: str, reason: str) -> None:
        self.target = target
        self.reason = reason
        super().__init__(f"dead-letter store {target} failed: {reason}")


class SecretError(ForwarderError):
    """A secret (the Slack webhook URL) could not be read or has an unusable value.

    `source` names where it came from (an ARN or an environment variable), never the value.
    """

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"secret {source}: {problem}")


class DeadLetterFormatError(ForwarderError):
    """A stored dead letter cannot be read back (replay): names where it is and what is wrong."""

    def __init__(self, location: str, problem: str) -> None:
        self.location = location
        self.problem = problem
        super().__init__(f"dead letter {location}: {problem}")
