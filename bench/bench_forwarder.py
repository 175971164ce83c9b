"""Forwarder benchmarks: transform CPU per MB, end to end against OpenSearch, cold import, memory.

Targets (issue 4): a 1 MB batch transformed in under 100 ms of CPU, import under 400 ms, peak
memory under 128 MB for the largest batch CloudWatch sends.
Run alone: `python -m bench.bench_forwarder`.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

from bench.instructions import python_instructions
from bench.opensearch import bench_indices
from lambda_forwarder.model import LogBatch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ONE_MB = 1_048_576


def _emitter_line(rng: random.Random, ts: str, n: int) -> str:
    record: dict[str, Any] = {
        "@timestamp": ts,
        "log.level": "info",
        "message": f"order {n} moved to state paid",
        "log.logger": "checkout.api",
        "service.name": "checkout",
        "service.version": "1.4.2",
        "service.environment": "prod",
        "log_id": f"{rng.getrandbits(128):032x}",
        "schema": "emitter/1",
        "order_id": f"ord-{n}",
        "customer_id": f"cus-{rng.randrange(10**6)}",
        "amount": round(rng.random() * 200, 2),
        "request_id": f"{rng.getrandbits(64):016x}",
        "latency_ms": rng.randrange(5, 900),
    }
    return json.dumps(record)


def _error_line(rng: random.Random, ts: str, n: int) -> str:
    trace = (
        "Traceback (most recent call last):\n"
        + "".join(
            f'  File "/app/checkout/{m}.py", line {rng.randrange(10, 400)}, in step_{m}\n'
            "    call()\n"
            for m in range(12)
        )
        + "requests.exceptions.Timeout: read timed out (read timeout=3.0)"
    )
    record = {
        "@timestamp": ts,
        "log.level": "error",
        "message": f"payment failed for order ord-{n}",
        "log.logger": "checkout.api",
        "service.name": "checkout",
        "log_id": f"{rng.getrandbits(128):032x}",
        "schema": "emitter/1",
        "error.type": "requests.exceptions.Timeout",
        "error.message": "read timed out (read timeout=3.0)",
        "error.stack_trace": trace,
        "order_id": f"ord-{n}",
    }
    return json.dumps(record)


def _powertools_line(rng: random.Random, ts: str, n: int) -> str:
    return json.dumps(
        {
            "level": "INFO",
            "location": "handler:42",
            "message": f"processed message {n}",
            "timestamp": ts.replace("T", " ").replace("Z", "+0000"),
            "service": "payments-worker",
            "cold_start": False,
            "function_name": "payments-worker",
            "function_request_id": f"{rng.getrandbits(128):032x}",
            "xray_trace_id": f"1-6543a1b2-{rng.getrandbits(96):024x}",
        }
    )


def _nested_line(rng: random.Random, ts: str, n: int) -> str:
    return json.dumps(
        {
            "@timestamp": ts,
            "log.level": "info",
            "message": "cart snapshot",
            "schema": "emitter/1",
            "service.name": "checkout",
            "log_id": f"{rng.getrandbits(128):032x}",
            "cart": {
                "items": [
                    {"sku": f"SKU-{i}", "qty": i, "attrs": {"color": "red"}} for i in range(6)
                ],
                "shipping": {"address": {"country": "DE", "zip": "10115"}},
            },
        }
    )


def _platform_line(rng: random.Random, ts: str, n: int) -> str:
    request = f"{rng.getrandbits(128):032x}"
    return rng.choice(
        [
            f"START RequestId: {request} Version: $LATEST",
            f"END RequestId: {request}",
            f"REPORT RequestId: {request}\tDuration: 12.34 ms\tBilled Duration: 13 ms\t"
            "Memory Size: 512 MB\tMax Memory Used: 88 MB",
        ]
    )


def _text_line(rng: random.Random, ts: str, n: int) -> str:
    return f"{ts} WARN connection pool nearly exhausted (in use: {rng.randrange(40, 50)}/50)"


MIX = (
    (_emitter_line, 60),
    (_error_line, 5),
    (_powertools_line, 15),
    (_nested_line, 5),
    (_platform_line, 5),
    (_text_line, 10),
)


_RID = "8f507cfc-5d2e-4697-b07a-ac58fc914c95"
_JAVA = (
    "java.lang.IllegalStateException: pool exhausted\n"
    "\tat com.acme.db.Pool.acquire(Pool.java:88)\n"
    "\tat com.acme.orders.OrderService.place(OrderService.java:41)"
)


def _format_line(rng: random.Random, ts: str, n: int) -> str:
    """One line of another producer (runtimes, text and JSON loggers, crash output)."""
    day, clock = ts[:10], ts[11:23]
    epoch = time.mktime(time.strptime(ts[:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone
    lines = [
        f"[INFO]\t{ts[:23]}Z\t{_RID}\tprocessed record {n}",
        f"{ts[:23]}Z\t{_RID}\tERROR\tInvoke Error \t"
        + json.dumps({"errorType": "Error", "errorMessage": f"upstream {n}", "stack": ["at x"]}),
        f"{ts[:23]}Z\t{_RID}\tinfo\tOrder {n} accepted",
        f"{ts[:23]}Z\tinfo\tserver/main.go:42\trequest {n} served\t"
        + json.dumps({"status": 200, "latency": 0.004}),
        f"I{day[5:7]}{day[8:10]} {clock}123     1 controller.go:175] synced pod-{n}",
        f'time={ts[:23]}Z level=ERROR msg="payment failed" order={n} err="card declined"',
        f"E, [{ts[:23]}456 #12] ERROR -- billing: charge {n} failed",
        f"[{day} {ts[11:19]} +0000] [7] [INFO] worker {n} booted",
        f"{day.replace('-', '/')} {ts[11:19]} [error] 31#31: *{n} upstream timed out",
        f'203.0.113.9 - - [25/Nov/2026:{ts[11:19]} +0000] "GET /cart/{n} HTTP/1.1" 200 512',
        f"{ts[:23]}Z  INFO 4711 --- [           main] c.a.orders.web.OrderController"
        f"           : order {n} placed",
        f"{day} {clock.replace('.', ',')} ERROR [main] c.a.Api - request {n} failed\n{_JAVA}",
        f'Traceback (most recent call last):\n  File "/app/x.py", line {n % 400}, in f\n'
        "    f()\nKeyError: 'amount'",
        json.dumps({"@t": ts, "@mt": "Order {OrderId} placed", "OrderId": n, "@l": "Warning"}),
        json.dumps(
            {
                "Timestamp": ts,
                "LogLevel": "Error",
                "Category": "Orders.Api",
                "Message": f"order {n} failed",
                "Exception": "System.Exception: x",
            }
        ),
        json.dumps(
            {
                "level": 50,
                "time": int(epoch * 1000),
                "pid": 7,
                "hostname": "web-1",
                "msg": f"db error {n}",
                "err": {"type": "Error", "message": "reset", "stack": "Error: reset\n    at x"},
            }
        ),
        json.dumps(
            {
                "@timestamp": ts,
                "log": {"level": "error", "logger": "com.acme.Repo"},
                "message": f"save {n} failed",
                "error": {"type": "java.sql.SQLException", "message": "deadlock"},
            }
        ),
        json.dumps({"level": "info", "ts": epoch, "caller": "main.go:20", "msg": f"started {n}"}),
        json.dumps(
            {
                "instant": {"epochSecond": int(epoch), "nanoOfSecond": 5000},
                "level": "INFO",
                "loggerName": "com.acme.App",
                "message": f"ready {n}",
            }
        ),
        json.dumps(
            {
                "timeUnixNano": str(int(epoch * 1e9)),
                "severityNumber": 17,
                "body": {"stringValue": f"charge {n} failed"},
                "traceId": "4bf92f35",
            }
        ),
        json.dumps(
            {"event": f"user {n} logged in", "level": "info", "logger": "auth", "timestamp": ts}
        ),
        json.dumps({"status": "warn", "message": f"slow {n}", "dd.trace_id": "123"}),
    ]
    return rng.choice(lines)


def formats_batch(target_bytes: int = ONE_MB, seed: int = 11) -> LogBatch:
    """A batch mixing the other producers' formats (about half) with today's mix."""
    return mixed_batch(target_bytes, seed, mix=(*MIX, (_format_line, 100)))


def mixed_batch(
    target_bytes: int = ONE_MB, seed: int = 7, mix: tuple[tuple[Any, int], ...] = MIX
) -> LogBatch:
    """A realistic mixed batch of about `target_bytes` of messages (CloudWatch's batch limit)."""
    from lambda_forwarder.decode import pack_batches

    rng = random.Random(seed)
    makers = [maker for maker, weight in mix for _ in range(weight)]
    now_ms = int(time.time() * 1000)
    lines: list[tuple[int, str]] = []
    size = 0
    n = 0
    while True:
        ts_ms = now_ms - 1000 + n
        ts = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts_ms / 1000)) + ".123456Z"
        line = rng.choice(makers)(rng, ts, n)
        if size + len(line.encode()) + 26 > target_bytes or len(lines) >= 10_000:
            break
        lines.append((ts_ms, line))
        size += len(line.encode()) + 26
        n += 1
    batches = list(
        pack_batches(lines, owner="123456789012", log_group="/ecs/checkout", log_stream="bench/1")
    )
    return batches[0]


def _transform_cpu(batch: LogBatch) -> dict[str, float]:
    """decode + multi-line grouping + parse + sanitize + index naming + serialization, CPU
    time, best of several: the pipeline's own `transform` and the bulk body's serializer."""
    from lambda_forwarder.config import load_settings
    from lambda_forwarder.decode import decode_payload, encode_payload
    from lambda_forwarder.index.body import format_ingested, source_line
    from lambda_forwarder.pipeline import Pipeline

    settings = load_settings({"OPENSEARCH_URL": "http://127.0.0.1:9", "DEAD_LETTER_DIR": "/x"})
    pipeline = Pipeline(settings, indexer=None, dead_letters=None)  # type: ignore[arg-type]
    payload = encode_payload(batch)
    message_bytes = sum(len(e.message.encode()) for e in batch.events)
    ingested = format_ingested(time.time())
    timings = []
    for _ in range(15):
        started = time.process_time()
        decoded = decode_payload(payload)
        for documents, _failures in pipeline.transform(decoded):
            for document in documents:
                source_line(document, ingested)
        timings.append(time.process_time() - started)
    best = min(timings)
    return {
        "events": len(batch.events),
        "message_mb": message_bytes / ONE_MB,
        "payload_kb": len(payload) / 1024,
        "cpu_ms_best": best * 1000,
        "cpu_ms_median": statistics.median(timings) * 1000,
        "cpu_ms_per_mb": best * 1000 / (message_bytes / ONE_MB),
        "records_per_s": len(batch.events) / best,
    }


# The parse stage as it was before issue 12 (one format reader, no merging): the "before" of the
# parse-stage comparison, run from this repository's own history in the same bench run.
BASELINE_REV = os.environ.get("BENCH_BASELINE_REV", "8bf55c3")

# Fresh interpreters per tree, alternating, each timing the stage PARSE_REPEATS times: on this
# shared machine one interpreter can run the same code a third slower than the next, so the
# best of many is the figure that compares.
PARSE_ROUNDS = 7
PARSE_REPEATS = 10

_PARSE_CODE = """
import json, sys, time
from lambda_forwarder.config import ParseSettings
from lambda_forwarder.decode import decode_payload
from lambda_forwarder import parse as stage
batch = decode_payload(open(sys.argv[1]).read())
parse = stage.RecordParser(ParseSettings(region="eu-west-1"))
grouping = getattr(stage, "group_events", None)
timings = []
for _ in range(int(sys.argv[2])):
    started = time.process_time()
    if grouping is None:
        for event in batch.events:
            parse(event, batch)
    else:
        for head, absorbed in grouping(batch.events):
            parse(stage.merged_event(head, absorbed), batch, continued=bool(absorbed))
    timings.append(time.process_time() - started)
print(json.dumps({"best": min(timings), "events": len(batch.events)}))
"""


def _baseline_tree(directory: str) -> bool:
    """The baseline revision's `lambda_forwarder` in `directory` (False without git history)."""
    archive = subprocess.run(
        ["git", "archive", BASELINE_REV, "lambda_forwarder"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        return False
    subprocess.run(["tar", "-x", "-C", directory], input=archive.stdout, check=True)
    return True


def _parse_env(where: str) -> dict[str, str]:
    # One hash seed for both trees: dict-heavy code varies with it between interpreters.
    return {"PYTHONPATH": where, "PYTHONHASHSEED": "0"}


def _instructions(where: str, path: str) -> float | None:
    """Instructions one warm run of the parse stage executes on the batch at `path`: three runs
    minus one, so interpreter start-up, imports and the first (cold) run cancel. None without
    valgrind."""
    env = {**os.environ, **_parse_env(where)}
    refs = [
        python_instructions(["-c", _PARSE_CODE, path, runs], cwd=where, env=env)
        for runs in ("1", "3")
    ]
    if refs[0] is None or refs[1] is None:
        return None
    return (refs[1] - refs[0]) / 2


def _parse_stage(
    batches: dict[str, LogBatch], counted: str
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Parse-stage CPU per MiB of each batch, this tree against the baseline revision, in
    alternating fresh interpreters (best of several rounds each), so both see the same load;
    and for the batch `counted`, millions of instructions per MiB (a count does not move with
    the machine's load, where the CPU-time gap between the trees is smaller than the noise)."""
    from lambda_forwarder.decode import encode_payload

    figures: dict[str, dict[str, float]] = {}
    instructions: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"now": ROOT}
        if _baseline_tree(tmp):
            trees["baseline"] = tmp
        for name, batch in batches.items():
            path = os.path.join(tmp, f"{name}.b64")
            with open(path, "w") as handle:
                handle.write(encode_payload(batch))
            mib = sum(len(e.message.encode()) for e in batch.events) / ONE_MB
            best: dict[str, float] = {}
            for _ in range(PARSE_ROUNDS):
                for tree, where in trees.items():
                    out = json.loads(
                        _child(
                            _PARSE_CODE, path, str(PARSE_REPEATS), env=_parse_env(where), cwd=where
                        )
                    )
                    best[tree] = min(best.get(tree, float("inf")), out["best"])
            figures[name] = {tree: seconds * 1000 / mib for tree, seconds in best.items()}
            if name == counted:
                for tree, where in trees.items():
                    count = _instructions(where, path)
                    if count is not None:
                        instructions[tree] = count / mib / 1e6
    return figures, instructions


def _end_to_end(batch: LogBatch, opensearch_url: str) -> dict[str, float]:
    """The whole pipeline (no alerts) against the real node: wall time per 1 MB batch."""
    from lambda_forwarder.config import load_settings
    from lambda_forwarder.deadline import Deadline
    from lambda_forwarder.decode import encode_payload
    from lambda_forwarder.handler import build_pipeline

    with (
        bench_indices(opensearch_url, "bench-e2e-"),
        tempfile.TemporaryDirectory() as dead_letters,
    ):
        settings = load_settings(
            {
                "OPENSEARCH_URL": opensearch_url,
                "DEAD_LETTER_DIR": dead_letters,
                "INDEX_PATTERN": "bench-e2e-%Y.%m.%d",
            }
        )
        pipeline = build_pipeline(settings)
        payload = encode_payload(batch)
        walls = []
        for _ in range(6):
            started = time.perf_counter()
            report = pipeline.process_payload(payload, Deadline.after(60))
            walls.append(time.perf_counter() - started)
            if not (report.balanced() and report.dead_lettered == 0):
                raise RuntimeError(f"end to end lost or dead-lettered records: {report}")
    best = min(walls[1:])  # the first run creates the index
    return {
        "wall_ms_best": best * 1000,
        "wall_ms_median": statistics.median(walls[1:]) * 1000,
        "records_per_s": len(batch.events) / best,
        "first_batch_ms": walls[0] * 1000,
    }


def _child(code: str, *args: str, env: dict[str, str] | None = None, cwd: str = ROOT) -> str:
    """The last line a fresh interpreter running `code` prints."""
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def compile_tree() -> None:
    """Bytecode for our packages, as pip writes it for every installed library (and as the
    Lambda artifact ships it): an import measured without it would time compiling our sources
    (PYTHONDONTWRITEBYTECODE keeps the interpreter from caching it) against libraries that
    load theirs."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "lambda_forwarder", "emitter"],
        cwd=ROOT,
        check=True,
    )


def _import_time() -> dict[str, float]:
    compile_tree()
    code = (
        "import time; t = time.perf_counter(); import lambda_forwarder.handler; "
        "print(time.perf_counter() - t)"
    )
    samples = [float(_child(code)) * 1000 for _ in range(7)]
    return {"import_ms_min": min(samples), "import_ms_median": statistics.median(samples)}


_MEMORY_CODE = """
import json, resource, sys, tempfile, tracemalloc
from lambda_forwarder.config import load_settings
from lambda_forwarder.deadline import Deadline
from lambda_forwarder.handler import build_pipeline
payload = open(sys.argv[1]).read()
settings = load_settings({"OPENSEARCH_URL": sys.argv[2], "DEAD_LETTER_DIR": tempfile.mkdtemp(),
                          "INDEX_PATTERN": "bench-mem-%Y.%m.%d"})
pipeline = build_pipeline(settings)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
status = open("/proc/self/status").read()
current = int(next(l for l in status.splitlines() if l.startswith("VmRSS:")).split()[1])
tracemalloc.start()
report = pipeline.process_payload(payload, Deadline.after(120))
_, traced_peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"before_mb": before / 1024, "after_mb": after / 1024,
                  "current_mb": current / 1024, "traced_peak_mb": traced_peak / 2**20,
                  "received": report.received}))
"""


def _peak_memory(batch: LogBatch, opensearch_url: str) -> dict[str, float]:
    """A fresh interpreter that reads the payload from a file, so nothing but the pipeline's
    own work (imports, decode, documents, bulk bodies) is in its high-water mark."""
    from lambda_forwarder.decode import encode_payload

    with (
        bench_indices(opensearch_url, "bench-mem-"),
        tempfile.NamedTemporaryFile("w", suffix=".b64") as payload,
    ):
        payload.write(encode_payload(batch))
        payload.flush()
        out = json.loads(
            _child(
                _MEMORY_CODE,
                payload.name,
                opensearch_url,
                env={"POWERTOOLS_METRICS_DISABLED": "true"},
            )
        )
    if out["received"] != len(batch.events):
        raise RuntimeError(f"memory run processed {out['received']} of {len(batch.events)}")
    return {
        "rss_mb_after_imports": out["before_mb"],
        "rss_mb_current_before": out["current_mb"],
        "rss_mb_peak": out["after_mb"],
        "traced_peak_mb": out["traced_peak_mb"],
    }


def run() -> dict[str, Any]:
    batch = mixed_batch()
    transform = _transform_cpu(batch)
    figures = [
        {"name": "batch events", "value": transform["events"], "unit": "events"},
        {"name": "batch message size", "value": transform["message_mb"], "unit": "MiB"},
        {"name": "batch payload (base64 gzip)", "value": transform["payload_kb"], "unit": "KiB"},
        {"name": "transform CPU, best", "value": transform["cpu_ms_best"], "unit": "ms per batch"},
        {"name": "transform CPU, median", "value": transform["cpu_ms_median"], "unit": "ms"},
        {"name": "transform CPU per MiB", "value": transform["cpu_ms_per_mb"], "unit": "ms/MiB"},
        {"name": "transform throughput", "value": transform["records_per_s"], "unit": "records/s"},
    ]
    formats = formats_batch()
    other = _transform_cpu(formats)
    figures += [
        {"name": "formats batch events", "value": other["events"], "unit": "events"},
        {"name": "formats batch message size", "value": other["message_mb"], "unit": "MiB"},
        {
            "name": "transform CPU per MiB, formats batch",
            "value": other["cpu_ms_per_mb"],
            "unit": "ms/MiB",
        },
        {
            "name": "transform throughput, formats batch",
            "value": other["records_per_s"],
            "unit": "records/s",
        },
    ]
    stage, instructions = _parse_stage({"today": batch, "formats": formats}, counted="today")
    for name, label in (("today", "today's batch"), ("formats", "formats batch")):
        for tree, which in (("baseline", f"before issue 12 ({BASELINE_REV})"), ("now", "now")):
            if tree in stage[name]:
                figures.append(
                    {
                        "name": f"parse stage CPU per MiB, {label}, {which}",
                        "value": stage[name][tree],
                        "unit": "ms/MiB",
                    }
                )
    for tree, which in (("baseline", f"before issue 12 ({BASELINE_REV})"), ("now", "now")):
        if tree in instructions:
            figures.append(
                {
                    "name": f"parse stage instructions per MiB, today's batch, {which}",
                    "value": instructions[tree],
                    "unit": "M/MiB",
                }
            )
    imports = _import_time()
    figures += [
        {
            "name": "import lambda_forwarder.handler, min",
            "value": imports["import_ms_min"],
            "unit": "ms",
        },
        {
            "name": "import lambda_forwarder.handler, median",
            "value": imports["import_ms_median"],
            "unit": "ms",
        },
    ]
    notes = [
        "Mixed batch: 60% emitter info, 5% emitter errors with tracebacks, 15% Powertools JSON, "
        "5% nested payloads, 5% Lambda platform lines, 10% plain text; packed to CloudWatch's "
        "1,048,576-byte / 10,000-event batch limit.",
        "Transform = decode + multi-line grouping + parse + sanitize + index name + JSON "
        "serialization, CPU time (time.process_time), best of 15.",
        "Formats batch: today's mix plus, for about half its lines, 23 other producers' formats "
        "(Lambda runtimes' text, Invoke Error, zap console, klog, logfmt, Ruby Logger, gunicorn, "
        "nginx error and access, Spring Boot, log4j, crash output, Serilog, MS JSON console, "
        "pino, ECS nested, zap JSON, log4j2 JSON, OpenTelemetry, structlog, Datadog).",
        "Parse stage = RecordParser over the decoded batch (with multi-line grouping where the "
        f"tree has it), this tree against revision {BASELINE_REV} (before issue 12, taken with "
        "`git archive`), in alternating fresh interpreters (one hash seed), best of 7 x 10 runs "
        "each; without git history only this tree's figure is shown. Instructions: the same "
        "loop under valgrind (cachegrind, no cache simulation), 3 runs minus 1 run, per MiB: "
        "a count the machine's load does not move.",
    ]
    url = os.environ.get("OPENSEARCH_URL")
    if url:
        e2e = _end_to_end(batch, url)
        figures += [
            {
                "name": "end to end per 1 MiB batch, best",
                "value": e2e["wall_ms_best"],
                "unit": "ms",
            },
            {
                "name": "end to end per 1 MiB batch, median",
                "value": e2e["wall_ms_median"],
                "unit": "ms",
            },
            {"name": "end to end throughput", "value": e2e["records_per_s"], "unit": "records/s"},
        ]
        memory = _peak_memory(batch, url)
        figures += [
            {
                "name": "RSS high-water after set-up",
                "value": memory["rss_mb_after_imports"],
                "unit": "MiB",
            },
            {
                "name": "RSS in use before the invocation",
                "value": memory["rss_mb_current_before"],
                "unit": "MiB",
            },
            {
                "name": "RSS peak, 1 MiB batch end to end",
                "value": memory["rss_mb_peak"],
                "unit": "MiB",
            },
            {
                "name": "Python heap peak in the invocation",
                "value": memory["traced_peak_mb"],
                "unit": "MiB",
            },
        ]
        notes.append(
            "Memory: a fresh interpreter reads the encoded payload from a file and runs one "
            "invocation; ru_maxrss before and after (the Lambda memory setting must hold the "
            "peak; set-up, mostly boto3's clients, can set it), RSS in use just before, and "
            "tracemalloc's peak of Python allocations during the invocation."
        )
        notes.append(
            "End to end: pipeline.process_payload against the local single-node OpenSearch "
            "(512 MB heap, same 2-core machine), no alerts; best and median of 5 after a warm-up."
        )
    else:
        notes.append("OPENSEARCH_URL unset: end-to-end and memory figures skipped.")
    return {"title": "forwarder", "figures": figures, "notes": notes}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
