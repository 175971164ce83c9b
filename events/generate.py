"""Build the sample events in events/ from the raw lines in events/lines/.

    .venv/bin/python events/generate.py          # rewrite the event files
    .venv/bin/python events/generate.py --check  # exit 1 if a committed file is out of date

`*.log`: one message per line. `*.jsonl`: one JSON value per line; a JSON string is the
message (so multi-line text fits on one line), anything else is the message as written.
Output is deterministic: fixed timestamps, ids counted from them, gzip without a date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from lambda_forwarder.decode import kinesis_event, pack_batches, subscription_event  # noqa: E402
from lambda_forwarder.model import CONTROL_MESSAGE, LogBatch, LogEvent  # noqa: E402

OWNER = "123456789012"
BASE_MS = 1_795_601_226_000  # 2026-11-25T10:07:06Z
STEP_MS = 37

# file name -> (lines file, log group, log stream, offset from BASE_MS in seconds)
SOURCES = {
    "cloudwatch-emitter.json": (
        "emitter.jsonl",
        "/ecs/checkout",
        "checkout/app/5f3c2a1b9e8d4c7a9b0e1f2d3c4b5a69",
        0,
    ),
    "cloudwatch-powertools.json": (
        "powertools.jsonl",
        "/aws/lambda/payment-collector",
        "2026/11/25/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        55,
    ),
    "cloudwatch-json.json": (
        "python-json-logger.jsonl",
        "/ecs/billing",
        "billing/worker/7d6c5b4a39281706f5e4d3c2b1a09f8e",
        128,
    ),
    "cloudwatch-lambda-platform.json": (
        "lambda-platform.log",
        "/aws/lambda/report-builder",
        "2026/11/25/[$LATEST]f0e1d2c3b4a5968778695a4b3c2d1e0f",
        175,
    ),
    "cloudwatch-text.json": (
        "text.jsonl",
        "/ec2/legacy-worker",
        "i-0abc123def4567890",
        236,
    ),
}
KINESIS_PARTS = (
    "cloudwatch-emitter.json",
    "cloudwatch-lambda-platform.json",
    "cloudwatch-text.json",
)


def read_messages(path: Path) -> list[str]:
    """The messages of one lines file (see the module docstring for the two formats)."""
    messages = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if path.suffix == ".jsonl":
            value = json.loads(line)
            messages.append(value if isinstance(value, str) else line)
        else:
            messages.append(line)
    return messages


def build_batch(name: str) -> LogBatch:
    lines, group, stream, offset = SOURCES[name]
    start = BASE_MS + offset * 1000
    messages = read_messages(HERE / "lines" / lines)
    stamped = [(start + index * STEP_MS, message) for index, message in enumerate(messages)]
    batches = list(pack_batches(stamped, owner=OWNER, log_group=group, log_stream=stream))
    assert len(batches) == 1, name
    return batches[0]


def control_batch() -> LogBatch:
    return LogBatch(
        message_type=CONTROL_MESSAGE,
        owner="CloudwatchLogs",
        log_group="",
        log_stream="",
        events=(
            LogEvent(
                id="",
                timestamp=BASE_MS,
                message="CWL CONTROL MESSAGE: Checking health of destination Firehose.",
            ),
        ),
        subscription_filters=(),
    )


def build_all() -> dict[str, dict]:
    """Every event file's content, by file name."""
    files = {name: subscription_event(build_batch(name)) for name in SOURCES}
    files["cloudwatch-control.json"] = subscription_event(control_batch())
    files["kinesis-batch.json"] = kinesis_event([build_batch(name) for name in KINESIS_PARTS])
    return files


def render(content: dict) -> str:
    return json.dumps(content, indent=2) + "\n"


def main(argv: list[str]) -> int:
    stale = []
    for name, content in build_all().items():
        path = HERE / name
        text = render(content)
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(HERE.parent)}")
    if stale:
        print(f"out of date (run events/generate.py): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
