"""The forwarder against its simplest peer and against the node's own ingest rate, in one run.

- Peer: `bench/peer/blueprint.js`, a plain Node.js program doing what the AWS console's
  "CloudWatch Logs to OpenSearch" blueprint documents (gunzip, JSON.parse, one source per event,
  one `_bulk` POST). Both run on the same payload against the same loopback `_bulk` sink (its
  own process, so only the client's CPU counts): CPU per batch, and the ratio.
- Ingest: the forwarder end to end into the real node, against a plain `_bulk` of the very
  documents it produced (same bodies, same chunking, same node), wall time per batch.
- Cold start: `import lambda_forwarder.handler` against a naive import of boto3, opensearch-py,
  requests-aws4auth and Powertools' Logger and Metrics, best of several fresh interpreters, and
  the first invocation end to end (interpreter start, import, set-up, first batch).
Both batches: today's benchmark batch, and a realistic mixed one (two thirds emitter lines with
nested payloads, a third foreign formats, tracebacks and secrets).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from bench.bench_forwarder import (
    MIX,
    ONE_MB,
    _error_line,
    _format_line,
    _nested_line,
    compile_tree,
    mixed_batch,
)
from bench.bulk_sink import BulkSink
from bench.instructions import instructions, python_instructions
from lambda_forwarder.model import LogBatch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEER = os.path.join(ROOT, "bench", "peer", "blueprint.js")
REPEATS = 9


def _secret_line(rng: random.Random, ts: str, n: int) -> str:
    return json.dumps(
        {
            "@timestamp": ts,
            "log.level": "warning",
            "message": f"retrying upstream call {n} with Authorization: Bearer "
            f"{rng.getrandbits(160):040x}",
            "schema": "emitter/1",
            "service.name": "payments",
            "log_id": f"{rng.getrandbits(128):032x}",
            "request": {"headers": {"x-api-key": f"k-{rng.getrandbits(64):016x}"}, "retry": n},
        }
    )


def realistic_batch() -> LogBatch:
    """One full CloudWatch batch (1 MiB): two thirds emitter lines with nested payloads, a
    third foreign formats, tracebacks and secrets (the mix issue 14 measured)."""
    mix = (
        *MIX,
        (_nested_line, 90),
        (_error_line, 10),
        (_format_line, 60),
        (_secret_line, 8),
    )
    return mixed_batch(ONE_MB, seed=14, mix=mix)


def _payloads(batch: LogBatch) -> list[str]:
    from lambda_forwarder.decode import encode_payload

    return [encode_payload(batch)]


def _ours_round(payloads: list[str], sink_url: str, directory: str) -> Callable[[], float]:
    """One round (ms of CPU) of `handle_event`, the Lambda's own path, over the payloads."""
    from lambda_forwarder.config import load_settings
    from lambda_forwarder.deadline import Deadline
    from lambda_forwarder.handler import build_pipeline, handle_event

    env = {
        "OPENSEARCH_URL": sink_url,
        "DEAD_LETTER_DIR": directory,
        "INDEX_AUTO_SETUP": "false",  # the sink is no cluster; set-up is measured elsewhere
    }
    pipeline = build_pipeline(load_settings(env))
    events = [{"awslogs": {"data": payload}} for payload in payloads]

    def one() -> float:
        started = time.process_time()
        for event in events:
            handle_event(pipeline, event, None, Deadline.after(120))
        return (time.process_time() - started) * 1000

    return one


def _python_blueprint_round(payloads: list[str], sink_url: str) -> Callable[[], float]:
    """One round (ms of CPU) of the blueprint's own steps written in Python with orjson and the
    same urllib3 pool the forwarder's client uses: what the language costs, without features
    (no parsing of formats, no sanitizing, no redaction, no retries)."""
    import base64
    import zlib
    from datetime import UTC, datetime
    from urllib.parse import urlsplit

    import orjson
    import urllib3

    parts = urlsplit(sink_url)
    pool = urllib3.HTTPConnectionPool(parts.hostname, parts.port)

    def handle(data: str) -> int:
        batch = orjson.loads(zlib.decompress(base64.b64decode(data), zlib.MAX_WBITS | 32))
        lines = []
        for event in batch["logEvents"]:
            message = event["message"]
            start = message.find("{")
            source: Any = {}
            if start >= 0:
                try:
                    source = orjson.loads(message[start:])
                except orjson.JSONDecodeError:
                    source = {}
                if type(source) is not dict:
                    source = {}
            at = datetime.fromtimestamp(event["timestamp"] / 1000, UTC)
            source["@id"] = event["id"]
            source["@timestamp"] = at.isoformat()
            source["@message"] = message
            source["@owner"] = batch["owner"]
            source["@log_group"] = batch["logGroup"]
            source["@log_stream"] = batch["logStream"]
            action = {"index": {"_index": at.strftime("cwl-%Y.%m.%d"), "_id": event["id"]}}
            lines.append(orjson.dumps(action, option=orjson.OPT_APPEND_NEWLINE))
            lines.append(orjson.dumps(source, option=orjson.OPT_APPEND_NEWLINE))
        answer = pool.urlopen(
            "POST", "/_bulk", body=b"".join(lines), headers={"content-type": "application/x-ndjson"}
        )
        return len(orjson.loads(answer.data)["items"])

    def one() -> float:
        started = time.process_time()
        for data in payloads:
            handle(data)
        return (time.process_time() - started) * 1000

    return one


def _cpu_rounds(
    payloads: list[str], sink_url: str, directory: str
) -> tuple[dict[str, list[float]], int]:
    """CPU per round (ms) of the forwarder, the Node.js peer and the Python blueprint,
    interleaved round by round (the peer a long-lived process answering on stdin), so all three
    see the same machine load; a first round of each warms up. Returns the rounds and the
    documents the peer sent per round."""
    path = os.path.join(directory, "payloads.json")
    with open(path, "w", encoding="utf-8") as file:
        json.dump(payloads, file)
    peer = subprocess.Popen(
        ["node", PEER, path, sink_url, "serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def peer_round() -> tuple[float, int]:
        assert peer.stdin is not None and peer.stdout is not None
        peer.stdin.write("run\n")
        peer.stdin.flush()
        answer = json.loads(peer.stdout.readline())
        return answer["cpu_ms"], answer["documents"]

    ours = _ours_round(payloads, sink_url, directory)
    python = _python_blueprint_round(payloads, sink_url)
    rounds: dict[str, list[float]] = {"ours": [], "peer": [], "python": []}
    documents = 0
    try:
        for round_ in range(REPEATS + 1):
            used = {"ours": ours(), "python": python()}
            used["peer"], documents = peer_round()
            if round_:  # the first round warms up
                for name, value in used.items():
                    rounds[name].append(value)
    finally:
        peer.stdin.close()  # type: ignore[union-attr]
        peer.wait(timeout=30)
    return rounds, documents


BULK_SIZES = (250, 500, 1000, 2500)


def _bulk_sizes(batch: LogBatch, opensearch_url: str, directory: str) -> dict[int, list[float]]:
    """Wall time (ms) of one batch end to end into the node for each `BULK_MAX_DOCS`: rounds
    alternate the sizes; each times the second pass of the batch into fresh indices (the first
    makes the node create them, which only the day's first writer pays)."""
    import requests

    from lambda_forwarder.config import load_settings
    from lambda_forwarder.deadline import Deadline
    from lambda_forwarder.handler import build_pipeline

    payload = _payloads(batch)[0]
    walls: dict[int, list[float]] = {size: [] for size in BULK_SIZES}
    for round_ in range(5):
        for size in BULK_SIZES:
            prefix = f"bench-size-{os.getpid()}-{size}-{round_}"
            settings = load_settings(
                {
                    "OPENSEARCH_URL": opensearch_url,
                    "DEAD_LETTER_DIR": directory,
                    "BULK_MAX_DOCS": str(size),
                    "ALERT_ISSUES": "false",
                    "INDEX_PATTERN": f"{prefix}-%Y.%m.%d",
                    "INDEX_PATTERN_TITLE": f"{prefix}-*",
                    "INDEX_TEMPLATE_NAME": f"{prefix}-template",
                }
            )
            pipeline = build_pipeline(settings)
            pipeline._indexer.ensure(wait=30)  # type: ignore[attr-defined]
            pipeline.process_payload(payload, Deadline.after(120))
            started = time.perf_counter()
            report = pipeline.process_payload(payload, Deadline.after(120))
            walls[size].append((time.perf_counter() - started) * 1000)
            assert report.indexed == report.received, report
            requests.delete(f"{opensearch_url}/{prefix}-*")
            requests.delete(f"{opensearch_url}/_index_template/{prefix}-template")
    return walls


_INVOCATIONS = """
import contextlib, io, sys, tempfile
from bench.bench_peer import _payloads, realistic_batch
from bench.bench_forwarder import mixed_batch
from bench.bulk_sink import BulkSink
from lambda_forwarder.config import load_settings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.handler import build_pipeline, handle_event
batch = realistic_batch() if sys.argv[1] == "realistic" else mixed_batch()
event = {"awslogs": {"data": _payloads(batch)[0]}}
with BulkSink() as sink, tempfile.TemporaryDirectory() as directory:
    settings = load_settings({"OPENSEARCH_URL": sink.url, "DEAD_LETTER_DIR": directory,
                              "INDEX_AUTO_SETUP": "false"})
    pipeline = build_pipeline(settings)
    with contextlib.redirect_stdout(io.StringIO()):
        for _ in range(int(sys.argv[2])):
            handle_event(pipeline, event, None, Deadline.after(120))
"""


_PYTHON_BLUEPRINT = """
import sys
from bench.bench_peer import _payloads, _python_blueprint_round, realistic_batch
from bench.bench_forwarder import mixed_batch
from bench.bulk_sink import BulkSink
batch = realistic_batch() if sys.argv[1] == "realistic" else mixed_batch()
with BulkSink() as sink:
    one = _python_blueprint_round(_payloads(batch), sink.url)
    for _ in range(int(sys.argv[2])):
        one()
"""


def _batch_instructions(
    batches: dict[str, LogBatch], sink_url: str, directory: str
) -> dict[str, dict[str, float]]:
    """Instructions (millions) per batch, by batch, of the forwarder (one invocation of
    `handle_event`: 4 less 1, over 3), the Python blueprint (its round: 4 less 1, over 3) and
    the Node.js peer once warm (8 rounds less 2, over 6: V8 compiles its hot code in the first
    rounds). The sinks run in processes of their own, not counted. Empty without valgrind."""
    found: dict[str, dict[str, float]] = {}
    for name, batch in zip(("today", "realistic"), batches.values(), strict=True):
        counts = {}
        for what, code in (("forwarder", _INVOCATIONS), ("python", _PYTHON_BLUEPRINT)):
            one = python_instructions(["-c", code, name, "1"], cwd=ROOT)
            four = python_instructions(["-c", code, name, "4"], cwd=ROOT)
            if one is None or four is None:
                return {}
            counts[what] = (four - one) / 3 / 1e6
        path = os.path.join(directory, f"instructions-{name}.json")
        with open(path, "w", encoding="utf-8") as file:
            json.dump(_payloads(batch), file)
        node = ["node", PEER, path, sink_url, "serve"]
        two = instructions(node, cwd=ROOT, stdin="run\n" * 2)
        eight = instructions(node, cwd=ROOT, stdin="run\n" * 8)
        if two is None or eight is None:
            return {}
        counts["peer"] = (eight - two) / 6 / 1e6
        found[name] = counts
    return found


def _bodies(lines: list[bytes], settings: Any) -> list[bytes]:
    """NDJSON lines cut into `_bulk` bodies as the forwarder cuts them (BULK_MAX_BYTES/DOCS)."""
    from lambda_forwarder.index.body import chunks

    index = settings.index
    sizes = [len(line) for line in lines]
    return [
        b"".join(chunk) for chunk in chunks(lines, sizes, index.bulk_max_bytes, index.bulk_max_docs)
    ]


def _ingest(batch: LogBatch, opensearch_url: str, directory: str) -> dict[str, float]:
    """Wall time per batch: the forwarder end to end, and plain `_bulk` of its own documents."""
    import requests

    from lambda_forwarder.config import load_settings
    from lambda_forwarder.deadline import Deadline
    from lambda_forwarder.handler import build_pipeline
    from lambda_forwarder.index.body import action_line, format_ingested, source_line

    payloads = _payloads(batch)
    forwarder_ms: list[float] = []
    plain_ms: list[float] = []
    session = requests.Session()
    for round_ in range(5):
        prefix = f"bench-peer-{os.getpid()}-{round_}"
        env = {
            "OPENSEARCH_URL": opensearch_url,
            "DEAD_LETTER_DIR": directory,
            "INDEX_PATTERN": f"{prefix}-f-%Y.%m.%d",
            "INDEX_PATTERN_TITLE": f"{prefix}-*",
            "INDEX_TEMPLATE_NAME": f"{prefix}-template",
            "ALERT_ISSUES": "false",
        }
        settings = load_settings(env)
        pipeline = build_pipeline(settings)
        pipeline._indexer.ensure(wait=30)  # type: ignore[attr-defined]  # set-up is not ingest
        started = time.perf_counter()
        for payload in payloads:
            report = pipeline.process_payload(payload, Deadline.after(120))
            assert report.indexed == report.received, report
        forwarder_ms.append((time.perf_counter() - started) * 1000)
        # The same documents, as plain `_bulk` bodies into a sibling index with the same mapping.
        documents = [doc for documents, _ in pipeline.transform(batch) for doc in documents]
        lines = []
        ingested = format_ingested(time.time())
        for document in documents:
            moved = type(document)(
                document.doc_id,
                document.index.replace(f"{prefix}-f-", f"{prefix}-p-"),
                document.source,
                document.event,
                document.batch,
                document.absorbed,
            )
            lines.append(action_line(moved) + source_line(moved, ingested))
        bodies = _bodies(lines, settings)
        headers = {"content-type": "application/x-ndjson"}
        started = time.perf_counter()
        for body in bodies:
            answer = session.post(f"{opensearch_url}/_bulk", data=body, headers=headers).json()
            assert not answer["errors"], answer["items"][:1]
        plain_ms.append((time.perf_counter() - started) * 1000)
        session.delete(f"{opensearch_url}/{prefix}-*")
        session.delete(f"{opensearch_url}/_index_template/{prefix}-template")
    best_forwarder, best_plain = min(forwarder_ms), min(plain_ms)
    return {
        "forwarder_ms": best_forwarder,
        "forwarder_median_ms": statistics.median(forwarder_ms),
        "plain_ms": best_plain,
        "plain_median_ms": statistics.median(plain_ms),
        "ratio": best_plain / best_forwarder,
        "ratio_median": statistics.median(plain_ms) / statistics.median(forwarder_ms),
    }


_NAIVE = (
    "import time; t = time.perf_counter(); "
    "import boto3, opensearchpy, requests_aws4auth; "
    "from aws_lambda_powertools import Logger, Metrics; "
    "print((time.perf_counter() - t) * 1000)"
)
# The two libraries the forwarder cannot do without at import: opensearch-py's package imports
# every client, helper and both HTTP stacks (requests, urllib3) whatever one uses, and
# Powertools' Logger and Metrics are the Lambda idioms it logs and counts with.
_FLOOR = (
    "import time; t = time.perf_counter(); import opensearchpy; "
    "from aws_lambda_powertools import Logger, Metrics; "
    "print((time.perf_counter() - t) * 1000)"
)
_OURS = (
    "import time; t = time.perf_counter(); import lambda_forwarder.handler; "
    "print((time.perf_counter() - t) * 1000)"
)
_FIRST = """
import os, sys, time
started = float(sys.argv[1])
os.environ.update(OPENSEARCH_URL=sys.argv[2], DEAD_LETTER_DIR=sys.argv[3], ALERT_ISSUES="false",
                  INDEX_PATTERN=sys.argv[5] + "-%Y.%m.%d", INDEX_PATTERN_TITLE=sys.argv[5] + "-*",
                  INDEX_TEMPLATE_NAME=sys.argv[5] + "-template")
from lambda_forwarder.handler import lambda_handler
from lambda_forwarder.cli.local import LocalContext
imported = time.time()
payload = open(sys.argv[4]).read()
lambda_handler({"awslogs": {"data": payload}}, LocalContext(timeout_seconds=60))
first = time.time()
lambda_handler({"awslogs": {"data": payload}}, LocalContext(timeout_seconds=60))
print((imported - started) * 1000, (first - started) * 1000, (time.time() - first) * 1000)
"""


def _gzip_levels(batch: LogBatch, directory: str) -> dict[str, float]:
    """CPU to gzip the batch's own bulk bodies (what the client sends to AWS): opensearch-py's
    default connection (level 9) against the forwarder's (zlib's fastest), alternating, best
    of 7; and the bytes each sends."""
    from opensearchpy import Urllib3HttpConnection

    from lambda_forwarder.config import load_settings
    from lambda_forwarder.handler import build_pipeline
    from lambda_forwarder.index.body import action_line, format_ingested, source_line
    from lambda_forwarder.index.client import _FastGzipConnection

    env = {"OPENSEARCH_URL": "http://127.0.0.1:9", "DEAD_LETTER_DIR": directory}
    settings = load_settings(env)
    pipeline = build_pipeline(settings)
    ingested = format_ingested(time.time())
    lines = [
        action_line(document) + source_line(document, ingested)
        for documents, _ in pipeline.transform(batch)
        for document in documents
    ]
    bodies = _bodies(lines, settings)
    connections = {
        "default": Urllib3HttpConnection(host="127.0.0.1", port=9, http_compress=True),
        "ours": _FastGzipConnection(host="127.0.0.1", port=9, http_compress=True),
    }
    cpu: dict[str, list[float]] = {name: [] for name in connections}
    sent: dict[str, int] = {}
    for _ in range(7):
        for name, connection in connections.items():
            started = time.process_time()
            sent[name] = sum(len(connection._gzip_compress(body)) for body in bodies)
            cpu[name].append((time.process_time() - started) * 1000)
    return {
        "body_bytes": sum(map(len, bodies)),
        "default_ms": min(cpu["default"]),
        "ours_ms": min(cpu["ours"]),
        "default_bytes": sent["default"],
        "ours_bytes": sent["ours"],
    }


def _cold(opensearch_url: str, directory: str, payload: str) -> dict[str, float]:
    env = {**os.environ, "POWERTOOLS_METRICS_DISABLED": "true", "LOG_LEVEL": "WARNING"}
    naive: list[float] = []
    ours: list[float] = []
    compile_tree()
    for _ in range(7):  # alternating, fresh interpreters: the same noise for both
        for code, into in ((_NAIVE, naive), (_OURS, ours)):
            out = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env
            )
            into.append(float(out.stdout.strip()))
    path = os.path.join(directory, "first.payload")
    with open(path, "w", encoding="ascii") as file:
        file.write(payload)
    firsts = []
    import requests

    for round_ in range(3):
        prefix = f"bench-first-{os.getpid()}-{round_}"
        started = time.time()
        out = subprocess.run(
            [sys.executable, "-c", _FIRST, str(started), opensearch_url, directory, path, prefix],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            check=True,
        )
        firsts.append(tuple(map(float, out.stdout.strip().splitlines()[-1].split())))
        requests.delete(f"{opensearch_url}/{prefix}-*")
        requests.delete(f"{opensearch_url}/_index_template/{prefix}-template")
    counts = _import_instructions(env)
    return {
        "naive_ms": min(naive),
        "ours_ms": min(ours),
        "ratio": min(ours) / min(naive),
        "first_invocation_ms": statistics.median(first for _, first, _ in firsts),
        "first_started_ms": statistics.median(imported for imported, _, _ in firsts),
        "second_invocation_ms": statistics.median(second for _, _, second in firsts),
        **counts,
    }


def _import_instructions(env: dict[str, str]) -> dict[str, float]:
    """Instructions (millions) each import executes, interpreter start-up taken off: what the
    cold-import ratio is when the machine's load cannot move it. Empty without valgrind."""
    counted = {
        name: python_instructions(["-c", code], cwd=ROOT, env=env)
        for name, code in (("start", "pass"), ("naive", _NAIVE), ("ours", _OURS), ("floor", _FLOOR))
    }
    if any(count is None for count in counted.values()):
        return {}
    start = counted.pop("start")
    return {f"{name}_minstr": (count - start) / 1e6 for name, count in counted.items()}


def _instruction_figures(cold: dict[str, float]) -> list[dict[str, Any]]:
    if "ours_minstr" not in cold:
        return []
    naive = cold["naive_minstr"]
    return [
        {
            "name": "import lambda_forwarder.handler, instructions",
            "value": cold["ours_minstr"],
            "unit": "M",
        },
        {"name": "naive import, instructions", "value": naive, "unit": "M"},
        {
            "name": "cold import / naive import, instructions",
            "value": cold["ours_minstr"] / naive,
            "unit": "x",
        },
        {
            "name": "floor: opensearch-py + Powertools Logger, Metrics alone / naive import, "
            "instructions",
            "value": cold["floor_minstr"] / naive,
            "unit": "x",
        },
    ]


def run() -> dict[str, Any]:
    opensearch_url = os.environ["OPENSEARCH_URL"]
    figures: list[dict[str, Any]] = []
    notes: list[str] = []
    batches = {"today's batch": mixed_batch(), "realistic mixed batch": realistic_batch()}
    directory = tempfile.mkdtemp(prefix="bench-peer-")
    try:
        with BulkSink() as sink:
            for name, batch in batches.items():
                payloads = _payloads(batch)
                size = sum(len(e.message.encode()) for e in batch.events) / ONE_MB
                rounds, documents = _cpu_rounds(payloads, sink.url, directory)
                assert documents == len(batch.events), (documents, len(batch.events))
                ours, peer, python_peer = rounds["ours"], rounds["peer"], rounds["python"]
                pairs = [mine / theirs for mine, theirs in zip(ours, peer, strict=True)]
                figures += [
                    {"name": f"{name}: events", "value": len(batch.events), "unit": "events"},
                    {"name": f"{name}: messages", "value": size, "unit": "MiB"},
                    {"name": f"{name}: forwarder CPU", "value": min(ours), "unit": "ms"},
                    {"name": f"{name}: blueprint peer CPU", "value": min(peer), "unit": "ms"},
                    {
                        "name": f"{name}: forwarder / peer CPU",
                        "value": min(ours) / min(peer),
                        "unit": "x",
                    },
                    {
                        "name": f"{name}: the blueprint's steps in Python / peer CPU",
                        "value": min(python_peer) / min(peer),
                        "unit": "x",
                    },
                ]
                notes.append(
                    f"{name}: CPU best of {REPEATS} interleaved rounds after a warm-up; medians "
                    f"forwarder {statistics.median(ours):.1f} ms, peer "
                    f"{statistics.median(peer):.1f} ms, Python blueprint "
                    f"{statistics.median(python_peer):.1f} ms; forwarder / peer of each round: "
                    f"median {statistics.median(pairs):.2f}x, range {min(pairs):.2f}x to "
                    f"{max(pairs):.2f}x"
                )
        for name, batch in batches.items():
            gzipped = _gzip_levels(batch, directory)
            forwarder_cpu = next(
                f["value"] for f in figures if f["name"] == f"{name}: forwarder CPU"
            )
            figures += [
                {
                    "name": f"{name}: gzip of the bulk bodies for AWS, opensearch-py's level 9",
                    "value": gzipped["default_ms"],
                    "unit": "ms",
                },
                {
                    "name": f"{name}: gzip of the bulk bodies for AWS, the forwarder's level 1",
                    "value": gzipped["ours_ms"],
                    "unit": "ms",
                },
                {
                    "name": f"{name}: level 9's gzip / the forwarder's whole CPU on the sink",
                    "value": gzipped["default_ms"] / forwarder_cpu,
                    "unit": "x",
                },
            ]
            notes.append(
                f"{name}: AWS bulk bodies ({gzipped['body_bytes'] / ONE_MB:.2f} MiB) gzipped "
                f"by opensearch-py's default connection to {gzipped['default_bytes'] / 1024:.0f} "
                f"KiB, by the forwarder's to {gzipped['ours_bytes'] / 1024:.0f} KiB; CPU best of "
                "7, alternating. The sink runs are uncompressed (a loopback cluster, as locally)."
            )
        for name, batch in batches.items():
            ingest = _ingest(batch, opensearch_url, directory)
            figures += [
                {"name": f"{name}: end to end", "value": ingest["forwarder_ms"], "unit": "ms"},
                {"name": f"{name}: plain _bulk", "value": ingest["plain_ms"], "unit": "ms"},
                {
                    "name": f"{name}: forwarder / plain _bulk throughput",
                    "value": ingest["ratio"],
                    "unit": "x",
                },
            ]
            notes.append(
                f"{name}: ingest best of 5 (medians {ingest['forwarder_median_ms']:.0f} ms "
                f"against {ingest['plain_median_ms']:.0f} ms, ratio "
                f"{ingest['ratio_median']:.2f}x)"
            )
        walls = _bulk_sizes(batches["realistic mixed batch"], opensearch_url, directory)
        figures += [
            {
                "name": f"realistic mixed batch, BULK_MAX_DOCS={size}: end to end, median",
                "value": statistics.median(times),
                "unit": "ms",
            }
            for size, times in walls.items()
        ]
        notes.append(
            "BULK_MAX_DOCS: the realistic batch end to end into the node, median of 5 rounds "
            "alternating the sizes, each the second pass of the batch into fresh indices "
            "(best: "
            + ", ".join(f"{size}: {min(times):.0f} ms" for size, times in walls.items())
            + ")"
        )
        with BulkSink() as sink:
            counted = _batch_instructions(batches, sink.url, directory)
        for name, count in counted.items():
            figures += [
                {
                    "name": f"{name} batch: instructions per invocation",
                    "value": count["forwarder"],
                    "unit": "M",
                },
                {
                    "name": f"{name} batch: blueprint peer, instructions per batch once warm",
                    "value": count["peer"],
                    "unit": "M",
                },
                {
                    "name": f"{name} batch: forwarder / peer, instructions",
                    "value": count["forwarder"] / count["peer"],
                    "unit": "x",
                },
                {
                    "name": f"{name} batch: the blueprint's steps in Python / peer, instructions",
                    "value": count["python"] / count["peer"],
                    "unit": "x",
                },
            ]
        cold = _cold(opensearch_url, directory, _payloads(batches["realistic mixed batch"])[0])
        figures += [
            {"name": "import lambda_forwarder.handler", "value": cold["ours_ms"], "unit": "ms"},
            {"name": "naive import of the four libraries", "value": cold["naive_ms"], "unit": "ms"},
            {"name": "cold import / naive import", "value": cold["ratio"], "unit": "x"},
            *_instruction_figures(cold),
            {
                "name": "first invocation (start, import, set-up, first batch)",
                "value": cold["first_invocation_ms"],
                "unit": "ms",
            },
            {
                "name": "first invocation: interpreter start and import",
                "value": cold["first_started_ms"],
                "unit": "ms",
            },
            {
                "name": "second invocation, same batch, same container",
                "value": cold["second_invocation_ms"],
                "unit": "ms",
            },
        ]
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    notes += [
        "Peer: bench/peer/blueprint.js (Node.js, no dependencies), the blueprint's documented "
        "steps without `_type`; forwarder: lambda_handler's own path (handle_event), index "
        "set-up off (the sink is not a cluster). Sink: bench/bulk_sink.py in its own process.",
        "The blueprint's steps in Python: the same steps as the peer with orjson and a urllib3 "
        "pool (what the language costs without the forwarder's features), same sink.",
        "Instructions per invocation: handle_event into the sink under valgrind (cachegrind), "
        "4 invocations less 1, over 3: a count the machine's load does not move. The same for "
        "the Python blueprint's round, and for the Node.js peer 8 rounds less 2, over 6 (warm "
        "V8). Counted: every thread's user-space instructions (V8's compiler and collector "
        "threads too), not the kernel's. An instruction of V8's compiled code and one of "
        "CPython's interpreter loop do not take the same time, so this ratio and the CPU ratio "
        "differ.",
        "Ingest: the forwarder's process_payload against plain `_bulk` POSTs of the same "
        "documents (same bodies and chunking) into sibling indices on the same node.",
        "Cold import: best of 7 fresh interpreters each, alternating, every package loaded from"
        " its bytecode (ours compiled first, as pip compiles the libraries); first invocation: "
        "median of 3 fresh interpreters, from before the import to the end of the first "
        "batch into the real node (index set-up included; the batch's first `_bulk` also "
        "makes the node create the day's index), then the same batch again in that process. "
        "Instructions (valgrind cachegrind,"
        " one fresh interpreter each, less one running `pass`): the same ratio free of the "
        "machine's load; the floor imports only opensearch-py and Powertools' Logger and "
        "Metrics, which the forwarder needs at import: no import of it can go below that.",
    ]
    return {"title": "forwarder against its peer", "figures": figures, "notes": notes}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
