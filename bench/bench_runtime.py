"""The forwarder under the real Lambda runtime (RIE + awslambdaric, devtools/forwarder_runtime):
the first invocation of a fresh runtime (a cold start: interpreter, imports, settings, clients,
the index setup) and warm ones, each a real subscription event (events/cloudwatch-emitter.json)
indexed into the local node, timed over RIE's HTTP API as a caller sees it.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import uuid
from pathlib import Path
from typing import Any

from opensearchpy import OpenSearch

from devtools.forwarder_runtime import forwarder_runtime

EVENT = json.loads(
    (Path(__file__).resolve().parents[1] / "events" / "cloudwatch-emitter.json").read_text()
)
COLD_STARTS = 3
WARM = 20


def run() -> dict[str, Any]:
    url = os.environ["OPENSEARCH_URL"]
    prefix = f"bench-rie-{uuid.uuid4().hex[:8]}"
    client = OpenSearch(url, timeout=60)
    cold: list[float] = []
    warm: list[float] = []
    try:
        with tempfile.TemporaryDirectory() as dead_letters:
            env = {
                "OPENSEARCH_URL": url,
                "INDEX_PATTERN": f"{prefix}-%Y.%m.%d",
                "DEAD_LETTER_DIR": dead_letters,
                "POWERTOOLS_METRICS_DISABLED": "true",
                "LOG_LEVEL": "WARNING",
            }
            for attempt in range(COLD_STARTS):
                with forwarder_runtime(env) as runtime:
                    first = runtime.invoke(EVENT)
                    assert first.ok and first.payload["indexed"] > 0, first
                    cold.append(first.elapsed_seconds * 1000)
                    if attempt == 0:
                        for _ in range(WARM):
                            again = runtime.invoke(EVENT)
                            assert again.ok, again
                            warm.append(again.elapsed_seconds * 1000)
    finally:
        client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True)
        for template in client.indices.get_index_template(
            name=f"logpipe-{prefix}*", ignore=[404]
        ).get("index_templates", []):
            client.indices.delete_index_template(name=template["name"], ignore=[404])
        client.close()
    return {
        "title": "lambda runtime",
        "figures": [
            {
                "name": "first invocation (cold), median",
                "value": statistics.median(cold),
                "unit": "ms",
            },
            {"name": "first invocation (cold), max", "value": max(cold), "unit": "ms"},
            {"name": "warm invocation, median", "value": statistics.median(warm), "unit": "ms"},
            {"name": "warm invocation, max", "value": max(warm), "unit": "ms"},
        ],
        "notes": [
            f"{COLD_STARTS} fresh runtimes (RIE + awslambdaric), each timed on its first invoke; "
            f"{WARM} warm invokes of the first; the event: events/cloudwatch-emitter.json "
            f"({len(EVENT['awslogs']['data'])} base64 bytes), indexed into the local node.",
            "The cold figure includes starting Python, importing the forwarder and its "
            "dependencies, building the pipeline and the index setup (template check); Lambda's "
            "own sandbox start is not part of it.",
        ],
    }
