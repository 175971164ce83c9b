"""A corpus of log lines from many producers, each with the record its users expect.

Written for this project from each format's own documentation (no line copied from a real
system). `CW_MS` is the CloudWatch time of every event (2026-11-25T10:07:06.123Z); a case whose
line carries its own time expects that time in `@timestamp`. A case lists only the keys it
checks: `log.level` and `message` always, then whatever the line says (logger, error, ids).
Cases with several `events` are one record split over several CloudWatch events.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

CW_MS = 1_795_601_226_123
CW_TIME = "2026-11-25T10:07:06.123000Z"
RID = "8f507cfc-5d2e-4697-b07a-ac58fc914c95"
XRAY = "1-6565c0a1-bd862e3fe1be46a994272793"
OTEL_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


@dataclass(frozen=True)
class Case:
    producer: str
    events: tuple[str, ...]
    expected: dict[str, Any]
    records: int = 1  # how many records the events become
    notes: dict[str, Any] = field(default_factory=dict)


def case(producer: str, line: str | list[str], **expected: Any) -> Case:
    events = (line,) if isinstance(line, str) else tuple(line)
    records = expected.pop("records", 1)
    renamed = {key.replace("__", "."): value for key, value in expected.items()}
    renamed = {("@timestamp" if key == "at" else key): value for key, value in renamed.items()}
    renamed.setdefault("@timestamp", CW_TIME)
    return Case(producer, events, renamed, records)


def j(**fields: Any) -> str:
    return json.dumps(fields)


PY_TB = (
    "Traceback (most recent call last):\n"
    '  File "/var/task/app.py", line 12, in handler\n'
    "    total = order['amount']\n"
    "KeyError: 'amount'"
)
JAVA_STACK = (
    "java.lang.IllegalStateException: pool exhausted\n"
    "\tat com.acme.db.Pool.acquire(Pool.java:88)\n"
    "\tat com.acme.orders.OrderService.place(OrderService.java:41)"
)
NODE_STACK = (
    "TypeError: Cannot read properties of undefined (reading 'id')\n"
    "    at handler (/var/task/index.js:7:24)\n"
    "    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)"
)
RUBY_CRASH = (
    "/app/main.rb:3:in `charge': card declined (RuntimeError)\n\tfrom /app/main.rb:7:in `<main>'"
)
NODE_REJECTION = (
    "[UnhandledPromiseRejection: This error originated either by throwing inside of an async "
    "function without a catch block, or by rejecting a promise which was not handled with "
    '.catch(). The promise rejected with the reason "boom".] {'
)
NODE_REJECTION_EXIT = (
    "node:internal/process/promises:288\n"
    "            triggerUncaughtException(err, true /* fromPromise */);\n"
    "            ^\n"
    "\n"
    f"{NODE_REJECTION}\n"
    "  code: 'ERR_UNHANDLED_REJECTION'\n"
    "}\n"
    "\n"
    "Node.js v18.19.0"
)
# npm 6-8's failure (npmlog): each line after `npm ERR! `, a blank line `npm ERR! ` alone.
NPM6 = [
    "npm ERR! code ELIFECYCLE",
    "npm ERR! errno 1",
    "npm ERR! app@1.0.0 start: `node index.js`",
    "npm ERR! Exit status 1",
    "npm ERR! ",
    "npm ERR! Failed at the app@1.0.0 start script.",
    "npm ERR! This is probably not a problem with npm. There is likely additional logging "
    "output above.",
    "",
    "npm ERR! A complete log of this run can be found in:",
    "npm ERR!     /root/.npm/_logs/2026-11-25T10_07_06_123Z-debug.log",
]
RUBY_LAMBDA_ERROR = (
    "Error raised from handler method\n"
    "{\n"
    '  "errorMessage": "card declined",\n'
    '  "errorType": "Function<RuntimeError>",\n'
    '  "stackTrace": [\n'
    '    "/var/task/lambda_function.rb:3:in `charge\'",\n'
    '    "/var/task/lambda_function.rb:7:in `lambda_handler\'"\n'
    "  ]\n"
    "}"
)
RUBY_LAMBDA_FRAMES = (
    "/var/task/lambda_function.rb:3:in `charge'\n/var/task/lambda_function.rb:7:in `lambda_handler'"
)
PY_TB_FRAMES = (
    "Traceback (most recent call last):\n"
    '  File "/app/db.py", line 9, in save\n'
    "    session.commit()\n"
)
SQLALCHEMY_ERROR = (
    "(psycopg2.errors.UniqueViolation) duplicate key value violates unique constraint\n"
    "DETAIL:  Key (email)=(a@b.c) already exists.\n"
    "\n"
    "[SQL: INSERT INTO users (email) VALUES (%(email)s)]\n"
    "(Background on this error at: https://sqlalche.me/e/20/gkpj)"
)
PYDANTIC_ERROR = (
    "2 validation errors for User\n"
    "email\n"
    "  Field required [type=missing, input_value={}, input_type=dict]\n"
    "name\n"
    "  Field required [type=missing, input_value={}, input_type=dict]"
)
RUBY_REPORT = "/app/main.rb:3:in `charge': card declined (RuntimeError)"  # no frames
# Rails' exception report (DebugExceptions), one Logger call: the lines below the header line
# repeat the tags (`config.log_tags = [:request_id]`); awslogs makes each line an event.
RAILS_REPORT = (
    f"F, [2026-11-25T10:07:06.123456 #1] FATAL -- : [{RID}]   \n"
    f"[{RID}] NoMethodError (undefined method `name' for nil):\n"
    f"[{RID}]   \n"
    f"[{RID}] app/controllers/orders_controller.rb:5:in `show'"
)
RAILS_MESSAGE = (
    "NoMethodError (undefined method `name' for nil):\n  \n"
    "app/controllers/orders_controller.rb:5:in `show'"
)
CROSS = "\N{VECTOR OR CROSS PRODUCT}"  # Next.js marks a server error with it
NEXT_ERROR = f" {CROSS} Error: boom\n    at GET (/app/.next/server/app/api/route.js:1:234)"
DOTNET_STACK = (
    "System.InvalidOperationException: Sequence contains no elements\n"
    "   at System.Linq.ThrowHelper.ThrowNoElementsException()\n"
    "   at Orders.Api.Handler.Run() in /src/Orders.Api/Handler.cs:line 27"
)

CASES: list[Case] = [
    # --- Lambda Python runtime (text format) --------------------------------------------------
    case(
        "lambda-python",
        f"[INFO]\t2026-11-25T10:07:05.210Z\t{RID}\tcharging order 42\n",
        log__level="info",
        at="2026-11-25T10:07:05.210000Z",
        message="charging order 42",
        request_id=RID,
    ),
    case(
        "lambda-python",
        f"[WARNING]\t2026-11-25T10:07:05.300Z\t{RID}\tretrying in 2 s\n",
        log__level="warning",
        at="2026-11-25T10:07:05.300000Z",
        message="retrying in 2 s",
        request_id=RID,
    ),
    case(
        "lambda-python",
        f"[ERROR]\t2026-11-25T10:07:05.400Z\t{RID}\tpayment failed\n",
        log__level="error",
        at="2026-11-25T10:07:05.400000Z",
        message="payment failed",
        request_id=RID,
    ),
    case(
        "lambda-python",
        f"[ERROR] KeyError: 'amount'\r{PY_TB.replace(chr(10), chr(13))}\n",
        log__level="error",
        error__type="KeyError",
        error__message="'amount'",
        message=f"KeyError: 'amount'\n{PY_TB}",
    ),
    case(
        "lambda-python",
        "[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No "
        "module named 'requests'\nTraceback (most recent call last):",
        log__level="error",
        error__type="Runtime.ImportModuleError",
        error__message="Unable to import module 'app': No module named 'requests'",
        message="Runtime.ImportModuleError: Unable to import module 'app': No module named "
        "'requests'\nTraceback (most recent call last):",
    ),
    # --- Lambda Node.js runtime ----------------------------------------------------------------
    case(
        "lambda-node",
        f"2026-11-25T10:07:05.101Z\t{RID}\tINFO\tfetched 3 items\n",
        log__level="info",
        at="2026-11-25T10:07:05.101000Z",
        message="fetched 3 items",
        request_id=RID,
    ),
    case(
        "lambda-node",
        f"2026-11-25T10:07:05.102Z\t{RID}\tWARN\tcache miss for user u-7\n",
        log__level="warning",
        at="2026-11-25T10:07:05.102000Z",
        message="cache miss for user u-7",
        request_id=RID,
    ),
    case(
        "lambda-node",
        f"2026-11-25T10:07:05.103Z\t{RID}\tERROR\t{NODE_STACK}\n",
        log__level="error",
        at="2026-11-25T10:07:05.103000Z",
        message=NODE_STACK,
        request_id=RID,
        error__type="TypeError",
        error__message="Cannot read properties of undefined (reading 'id')",
    ),
    case(
        "lambda-node",
        f"2026-11-25T10:07:05.104Z\t{RID}\tERROR\tInvoke Error \t"
        + j(
            errorType="Error",
            errorMessage="upstream 503",
            stack=["Error: upstream 503", "    at fetchPrices (/var/task/prices.js:19:11)"],
        ),
        log__level="error",
        at="2026-11-25T10:07:05.104000Z",
        request_id=RID,
        error__type="Error",
        error__message="upstream 503",
        message="Invoke Error: upstream 503",
        error__stack_trace="Error: upstream 503\n    at fetchPrices (/var/task/prices.js:19:11)",
    ),
    case(
        "lambda-node",
        "2026-11-25T10:07:05.105Z\tundefined\tERROR\tUncaught Exception \t"
        + j(
            errorType="ReferenceError",
            errorMessage="config is not defined",
            stack=["ReferenceError: config is not defined", "    at /var/task/index.js:2:1"],
        ),
        log__level="error",
        at="2026-11-25T10:07:05.105000Z",
        error__type="ReferenceError",
        error__message="config is not defined",
        message="Uncaught Exception: config is not defined",
    ),
    case(
        "lambda-node",
        f"2026-11-25T10:07:05.106Z\t{RID}\tDEBUG\tpayload size 512\n",
        log__level="debug",
        at="2026-11-25T10:07:05.106000Z",
        message="payload size 512",
        request_id=RID,
    ),
    # --- Lambda Ruby runtime: its unhandled error, a header line then the error JSON ---------
    case(
        "lambda-ruby",
        RUBY_LAMBDA_ERROR,
        log__level="error",
        error__type="Function<RuntimeError>",  # as written, as other runtimes' `errorType`
        error__message="card declined",
        error__stack_trace=RUBY_LAMBDA_FRAMES,
        message=RUBY_LAMBDA_ERROR,
    ),
    case(
        "lambda-ruby",
        RUBY_LAMBDA_ERROR.split("\n"),
        log__level="error",
        error__type="Function<RuntimeError>",
        error__message="card declined",
        error__stack_trace=RUBY_LAMBDA_FRAMES,
        message=RUBY_LAMBDA_ERROR,
    ),
    case(
        "lambda-ruby",
        "Init error when loading handler lambda_function.lambda_handler\n"
        + RUBY_LAMBDA_ERROR.split("\n", 1)[1]
        .replace("Function<RuntimeError>", "Init<LoadError>")
        .replace("card declined", "cannot load such file -- x"),
        log__level="error",
        error__type="Init<LoadError>",
        error__message="cannot load such file -- x",
    ),
    case(  # the error JSON alone in its event reads as before: a JSON record
        "lambda-ruby",
        RUBY_LAMBDA_ERROR.split("\n", 1)[1],
        log__level="error",
        error__type="Function<RuntimeError>",
        error__message="card declined",
        error__stack_trace=RUBY_LAMBDA_FRAMES,
        message="card declined",
    ),
    case(  # a header line without its JSON is an ordinary line
        "lambda-ruby",
        ["Error raised from handler method", "next"],
        log__level="info",
        message="Error raised from handler method",
        records=2,
    ),
    case(  # the header in one event, the pretty-printed error JSON whole in the next
        "lambda-ruby",
        RUBY_LAMBDA_ERROR.split("\n", 1),
        log__level="error",
        error__type="Function<RuntimeError>",
        error__message="card declined",
        error__stack_trace=RUBY_LAMBDA_FRAMES,
        message=RUBY_LAMBDA_ERROR,
    ),
    case(  # the same with the JSON on one line, between JSON lines
        "lambda-ruby",
        [
            "Error raised from handler method",
            j(
                errorMessage="card declined",
                errorType="Function<RuntimeError>",
                stackTrace=RUBY_LAMBDA_FRAMES.split("\n"),
            ),
            j(level="info", msg="next"),
        ],
        records=2,
        log__level="error",
        error__type="Function<RuntimeError>",
        error__message="card declined",
        error__stack_trace=RUBY_LAMBDA_FRAMES,
    ),
    case(
        "lambda-ruby",
        [
            "Init error when loading handler lambda_function.lambda_handler",
            j(errorMessage="cannot load such file -- x", errorType="Init<LoadError>"),
        ],
        log__level="error",
        error__type="Init<LoadError>",
        error__message="cannot load such file -- x",
    ),
    case(  # JSON that is no error below the header stays a record of its own
        "lambda-ruby",
        ["Error raised from handler method", j(level="info", msg="next")],
        records=2,
        log__level="info",
        message="Error raised from handler method",
    ),
    # --- Lambda .NET runtime --------------------------------------------------------------------
    case(
        "lambda-dotnet",
        f"2026-11-25T10:07:05.201Z\t{RID}\tinfo\tOrder 42 accepted\n",
        log__level="info",
        at="2026-11-25T10:07:05.201000Z",
        message="Order 42 accepted",
        request_id=RID,
    ),
    case(
        "lambda-dotnet",
        f"2026-11-25T10:07:05.202Z\t{RID}\twarn\tSlow query: 2300 ms\n",
        log__level="warning",
        at="2026-11-25T10:07:05.202000Z",
        message="Slow query: 2300 ms",
        request_id=RID,
    ),
    case(
        "lambda-dotnet",
        f"2026-11-25T10:07:05.203Z\t{RID}\tfail\t{DOTNET_STACK}\n",
        log__level="error",
        at="2026-11-25T10:07:05.203000Z",
        request_id=RID,
        message=DOTNET_STACK,
        error__type="System.InvalidOperationException",
        error__message="Sequence contains no elements",
    ),
    case(
        "lambda-dotnet",
        f"2026-11-25T10:07:05.204Z\t{RID}\tcrit\tDatabase unreachable\n",
        log__level="critical",
        at="2026-11-25T10:07:05.204000Z",
        message="Database unreachable",
        request_id=RID,
    ),
    # --- Lambda Java (aws-lambda-java-log4j2 pattern) ---------------------------------------------
    case(
        "lambda-java-log4j2",
        f"2026-11-25 10:07:05 {RID} INFO  OrderHandler - received 3 lines",
        log__level="info",
        at="2026-11-25T10:07:05.000000Z",
        request_id=RID,
        log__logger="OrderHandler",
        message="received 3 lines",
    ),
    case(
        "lambda-java-log4j2",
        f"2026-11-25 10:07:05 {RID} WARN  OrderHandler - stock low",
        log__level="warning",
        at="2026-11-25T10:07:05.000000Z",
        request_id=RID,
        log__logger="OrderHandler",
        message="stock low",
    ),
    case(
        "lambda-java-log4j2",
        f"2026-11-25 10:07:05 {RID} ERROR OrderHandler - place failed\n{JAVA_STACK}",
        log__level="error",
        at="2026-11-25T10:07:05.000000Z",
        request_id=RID,
        log__logger="OrderHandler",
        message=f"place failed\n{JAVA_STACK}",
        error__type="java.lang.IllegalStateException",
        error__message="pool exhausted",
    ),
    case(
        "lambda-java-log4j2",
        f"2026-11-25 10:07:05 {RID} FATAL OrderHandler - cannot start",
        log__level="critical",
        at="2026-11-25T10:07:05.000000Z",
        request_id=RID,
        log__logger="OrderHandler",
        message="cannot start",
    ),
    # --- Lambda Go (standard library log)
    case(
        "lambda-go",
        "2026/11/25 10:07:05 processing 12 records",
        log__level="info",
        at="2026-11-25T10:07:05.000000Z",
        message="processing 12 records",
    ),
    case(
        "lambda-go",
        "2026/11/25 10:07:05 ERROR: write to dynamodb failed",
        log__level="error",
        at="2026-11-25T10:07:05.000000Z",
        message="write to dynamodb failed",
    ),
    case(
        "lambda-go",
        "2026/11/25 10:07:05.123456 WARN: retrying batch 3",
        log__level="warning",
        at="2026-11-25T10:07:05.123456Z",
        message="retrying batch 3",
    ),
    # --- Lambda platform lines ------------------------------------------------------------------
    case(
        "lambda-platform",
        f"START RequestId: {RID} Version: $LATEST",
        log__level="info",
        request_id=RID,
        message=f"START RequestId: {RID} Version: $LATEST",
    ),
    case(
        "lambda-platform",
        f"END RequestId: {RID}",
        log__level="info",
        request_id=RID,
        message=f"END RequestId: {RID}",
    ),
    case(
        "lambda-platform",
        f"REPORT RequestId: {RID}\tDuration: 12.50 ms\tBilled Duration: 13 "
        "ms\tMemory Size: 512 MB\tMax Memory Used: 88 MB\tStatus: timeout",
        log__level="error",
        request_id=RID,
        message=f"REPORT RequestId: {RID}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory "
        "Size: 512 MB\tMax Memory Used: 88 MB\tStatus: timeout",
    ),
    case(
        "lambda-platform",
        f"2026-11-25T10:07:05.900Z {RID} Task timed out after 30.03 seconds",
        log__level="error",
        at="2026-11-25T10:07:05.900000Z",
        request_id=RID,
        error__type="Sandbox.Timedout",
        message=f"2026-11-25T10:07:05.900Z {RID} Task timed out after 30.03 seconds",
    ),
    # --- Lambda JSON log format ------------------------------------------------------------------
    case(
        "lambda-json-python",
        j(
            timestamp="2026-11-25T10:07:05Z",
            level="INFO",
            message="charging",
            logger="root",
            requestId=RID,
        ),
        log__level="info",
        at="2026-11-25T10:07:05.000000Z",
        message="charging",
        log__logger="root",
        request_id=RID,
    ),
    case(
        "lambda-json-python",
        j(
            timestamp="2026-11-25T10:07:05Z",
            level="ERROR",
            message="charge failed",
            logger="app.pay",
            requestId=RID,
            errorType="KeyError",
            errorMessage="'amount'",
            stackTrace=['  File "/var/task/app.py", line 12, in handler\n'],
        ),
        log__level="error",
        at="2026-11-25T10:07:05.000000Z",
        message="charge failed",
        log__logger="app.pay",
        request_id=RID,
        error__type="KeyError",
        error__message="'amount'",
    ),
    case(
        "lambda-json-node",
        j(
            timestamp="2026-11-25T10:07:05.333Z",
            level="ERROR",
            requestId=RID,
            message={
                "errorType": "Error",
                "errorMessage": "boom",
                "stackTrace": ["Error: boom", "    at x (/a.js:1:1)"],
            },
        ),
        log__level="error",
        at="2026-11-25T10:07:05.333000Z",
        message="boom",
        request_id=RID,
        error__type="Error",
        error__message="boom",
        error__stack_trace="Error: boom\n    at x (/a.js:1:1)",
    ),
    case(
        "lambda-json-node",
        j(
            timestamp="2026-11-25T10:07:05.334Z",
            level="WARN",
            requestId=RID,
            message="deprecated option",
        ),
        log__level="warning",
        at="2026-11-25T10:07:05.334000Z",
        message="deprecated option",
        request_id=RID,
    ),
    case(
        "lambda-json-java",
        j(
            timestamp="2026-11-25T10:07:05.335Z",
            level="ERROR",
            message="lookup failed",
            logger="com.acme.Lookup",
            AWSRequestId=RID,
            **{"AWS-XRAY-TRACE-ID": f"Root={XRAY};Parent=53995c3f42cd8ad8;Sampled=1"},
        ),
        log__level="error",
        at="2026-11-25T10:07:05.335000Z",
        message="lookup failed",
        log__logger="com.acme.Lookup",
        request_id=RID,
        trace__id=XRAY,
    ),
    # --- Lambda JSON platform records
    case(
        "lambda-json-platform",
        j(
            time="2026-11-25T10:07:05.000Z",
            type="platform.start",
            record={"requestId": RID, "version": "$LATEST"},
        ),
        log__level="info",
        at="2026-11-25T10:07:05.000000Z",
        request_id=RID,
        message=f"platform.start\tRequestId: {RID}",
    ),
    case(
        "lambda-json-platform",
        j(
            time="2026-11-25T10:07:05.500Z",
            type="platform.runtimeDone",
            record={
                "requestId": RID,
                "status": "error",
                "errorType": "Runtime.ExitError",
                "metrics": {"durationMs": 40.2},
            },
        ),
        log__level="error",
        at="2026-11-25T10:07:05.500000Z",
        request_id=RID,
        error__type="Runtime.ExitError",
        message=f"platform.runtimeDone\tRequestId: {RID}\tDuration: 40.2 ms\tStatus: error\t"
        "Error Type: Runtime.ExitError",
    ),
    case(
        "lambda-json-platform",
        j(
            time="2026-11-25T10:07:05.600Z",
            type="platform.report",
            record={
                "requestId": RID,
                "status": "success",
                "metrics": {
                    "durationMs": 12.5,
                    "billedDurationMs": 13,
                    "memorySizeMB": 512,
                    "maxMemoryUsedMB": 70,
                },
            },
        ),
        log__level="info",
        at="2026-11-25T10:07:05.600000Z",
        request_id=RID,
        message=f"platform.report\tRequestId: {RID}\tDuration: 12.5 ms\tBilled Duration: 13 ms"
        "\tMemory Size: 512 MB\tMax Memory Used: 70 MB\tStatus: success",
    ),
    case(
        "lambda-json-platform",
        j(
            time="2026-11-25T10:07:04.000Z",
            type="platform.initStart",
            record={
                "initializationType": "on-demand",
                "phase": "init",
                "runtimeVersion": "nodejs:20.v30",
            },
        ),
        log__level="info",
        at="2026-11-25T10:07:04.000000Z",
        message="platform.initStart",
    ),
    # --- crash output without a level
    case(
        "python-crash",
        f"{PY_TB}\n",
        log__level="error",
        error__type="KeyError",
        error__message="'amount'",
        message=PY_TB,
        error__stack_trace=PY_TB,
    ),
    case(
        "python-crash",
        'Traceback (most recent call last):\n  File "/app/main.py", line 3, in '
        "<module>\n    main()\nConnectionRefusedError: [Errno 111] Connection refused",
        log__level="error",
        error__type="ConnectionRefusedError",
        error__message="[Errno 111] Connection refused",
        message='Traceback (most recent call last):\n  File "/app/main.py", line 3, in '
        "<module>\n    main()\nConnectionRefusedError: [Errno 111] Connection refused",
    ),
    case(
        "java-crash",
        f'Exception in thread "main" {JAVA_STACK}',
        log__level="error",
        error__type="java.lang.IllegalStateException",
        error__message="pool exhausted",
        message=f'Exception in thread "main" {JAVA_STACK}',
    ),
    case(
        "java-crash",
        'Exception in thread "worker-2" java.lang.OutOfMemoryError: Java heap space',
        log__level="error",
        error__type="java.lang.OutOfMemoryError",
        error__message="Java heap space",
        message='Exception in thread "worker-2" java.lang.OutOfMemoryError: Java heap space',
    ),
    case(
        "go-crash",
        "panic: runtime error: invalid memory address or nil pointer dereference\n"
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f1a2]\n\ngoroutine 1 "
        "[running]:\nmain.main()\n\t/app/main.go:14 +0x22\nexit status 2",
        log__level="critical",
        error__type="runtime.Error",
        error__message="runtime error: invalid memory address or nil pointer dereference",
        message="panic: runtime error: invalid memory address or nil pointer dereference\n"
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f1a2]\n\ngoroutine 1 "
        "[running]:\nmain.main()\n\t/app/main.go:14 +0x22\nexit status 2",
    ),
    case(
        "go-crash",
        'panic: unknown currency "XXX"\n\ngoroutine 7 [running]:\nmain.price(...)'
        "\n\t/app/price.go:30",
        log__level="critical",
        error__type="panic",
        error__message='unknown currency "XXX"',
        message='panic: unknown currency "XXX"\n\ngoroutine 7 [running]:\nmain.price(...)'
        "\n\t/app/price.go:30",
    ),
    case(
        "go-crash",
        "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan "
        "receive]:\nmain.main()",
        log__level="critical",
        error__type="fatal error",
        error__message="all goroutines are asleep - deadlock!",
        message="fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan "
        "receive]:\nmain.main()",
    ),
    case(
        "node-crash",
        NODE_STACK,
        log__level="error",
        error__type="TypeError",
        error__message="Cannot read properties of undefined (reading 'id')",
        message=NODE_STACK,
    ),
    case(
        "node-crash",
        "Error: connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap."
        "afterConnect [as oncomplete] (node:net:1555:16)",
        log__level="error",
        error__type="Error",
        error__message="connect ECONNREFUSED 127.0.0.1:5432",
        message="Error: connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap."
        "afterConnect [as oncomplete] (node:net:1555:16)",
    ),
    case(
        "ruby-crash",
        RUBY_CRASH,
        log__level="error",
        error__type="RuntimeError",
        error__message="card declined",
        message=RUBY_CRASH,
        error__stack_trace=RUBY_CRASH,
    ),
    case(
        "ruby-crash",
        "/app/lib/billing.rb:12:in 'Billing::Card#charge': card declined (Billing::Declined)\n"
        "\tfrom /app/main.rb:7:in '<main>'",
        log__level="error",
        error__type="Billing::Declined",
        error__message="card declined",
        message="/app/lib/billing.rb:12:in 'Billing::Card#charge': card declined "
        "(Billing::Declined)\n\tfrom /app/main.rb:7:in '<main>'",
    ),
    case(  # a Ruby frame mentioned in a line is no crash
        "ruby-text",
        "retrying after /app/main.rb:3:in `charge' (attempt 2)\n\tfrom the scheduler",
        log__level="info",
        message="retrying after /app/main.rb:3:in `charge' (attempt 2)\n\tfrom the scheduler",
    ),
    case(  # raised at the top level: the report line without `from` frames
        "ruby-crash",
        RUBY_REPORT,
        log__level="error",
        error__type="RuntimeError",
        error__message="card declined",
        message=RUBY_REPORT,
    ),
    case(
        "ruby-crash",
        "/app/lib/billing.rb:12:in 'Billing::Card#charge': card declined (Billing::Declined)",
        log__level="error",
        error__type="Billing::Declined",
        error__message="card declined",
    ),
    case(
        "ruby-text",
        "retrying after /app/main.rb:3:in `charge' (attempt 2)",
        log__level="info",
        message="retrying after /app/main.rb:3:in `charge' (attempt 2)",
    ),
    case(
        "ruby-text",
        "/app/main.rb:3:in `charge': retrying (attempt 2)",
        log__level="info",
        message="/app/main.rb:3:in `charge': retrying (attempt 2)",
    ),
    case(
        "node-crash",
        NODE_REJECTION_EXIT,
        log__level="error",
        error__type="UnhandledPromiseRejection",
        error__message=NODE_REJECTION[len("[UnhandledPromiseRejection: ") : -len("] {")],
        message=NODE_REJECTION_EXIT,
        error__stack_trace=NODE_REJECTION_EXIT[NODE_REJECTION_EXIT.index("[") :],
    ),
    case(
        "nextjs",
        NEXT_ERROR,
        log__level="error",
        error__type="Error",
        error__message="boom",
        message=NEXT_ERROR,
    ),
    case(
        "nextjs",
        f" {CROSS} unhandledRejection: TypeError: fetch failed\n    at node:internal/undici:1:2",
        log__level="error",
        error__type="TypeError",
        error__message="fetch failed",
        message=f" {CROSS} unhandledRejection: TypeError: fetch failed\n    at node:internal/undici"
        ":1:2",
    ),
    case(  # a cross that marks no error
        "nextjs",
        f"grid 3 {CROSS} 4 rendered\n    at 120ms",
        log__level="info",
        message=f"grid 3 {CROSS} 4 rendered\n    at 120ms",
    ),
    case(  # the error line alone (Next.js prints no frames for many errors)
        "nextjs",
        f" {CROSS} Error: boom",
        log__level="error",
        error__type="Error",
        error__message="boom",
        message=f" {CROSS} Error: boom",
    ),
    case(
        "nextjs",
        f" {CROSS} unhandledRejection: TypeError: fetch failed",
        log__level="error",
        error__type="TypeError",
        error__message="fetch failed",
    ),
    case(
        "nextjs",
        f"grid 3 {CROSS} 4",
        log__level="info",
        message=f"grid 3 {CROSS} 4",
    ),
    case(
        "dotnet-crash",
        f"Unhandled exception. {DOTNET_STACK}",
        log__level="critical",
        error__type="System.InvalidOperationException",
        error__message="Sequence contains no elements",
        message=f"Unhandled exception. {DOTNET_STACK}",
    ),
    case(
        "dotnet-crash",
        "Unhandled exception. System.IO.FileNotFoundException: Could not find "
        "file '/app/settings.json'.",
        log__level="critical",
        error__type="System.IO.FileNotFoundException",
        error__message="Could not find file '/app/settings.json'.",
        message="Unhandled exception. System.IO.FileNotFoundException: Could not find file "
        "'/app/settings.json'.",
    ),
    # --- zap console encoder ----------------------------------------------------------------------
    case(
        "zap-console",
        '2026-11-25T10:07:05.123+0100\tinfo\tserver/main.go:42\tlistening\t{"addr": ":8080"}',
        log__level="info",
        at="2026-11-25T09:07:05.123000Z",
        message="listening",
    ),
    case(
        "zap-console",
        "2026-11-25T10:07:05.124Z\twarn\thttp\tserver/http.go:88\tslow request",
        log__level="warning",
        at="2026-11-25T10:07:05.124000Z",
        message="slow request",
        log__logger="http",
    ),
    case(
        "zap-console",
        "2026-11-25T10:07:05.125Z\terror\tdb/pool.go:17\tquery failed\t"
        '{"error": "context deadline exceeded"}',
        log__level="error",
        at="2026-11-25T10:07:05.125000Z",
        message="query failed",
        error__message="context deadline exceeded",
    ),
    case(
        "zap-console",
        "2026-11-25T10:07:05.126Z\tdpanic\tcache/lru.go:9\tinvariant broken",
        log__level="critical",
        at="2026-11-25T10:07:05.126000Z",
        message="invariant broken",
    ),
    # --- klog -------------------------------------------------------------------------------------
    case(
        "klog",
        "I1125 10:07:05.123456       1 controller.go:175] Starting workers count=4",
        log__level="info",
        at="2026-11-25T10:07:05.123456Z",
        message="Starting workers count=4",
    ),
    case(
        "klog",
        "W1125 10:07:05.200000       1 reflector.go:424] watch of *v1.Pod ended",
        log__level="warning",
        at="2026-11-25T10:07:05.200000Z",
        message="watch of *v1.Pod ended",
    ),
    case(
        "klog",
        'E1125 10:07:05.300001    4321 server.go:302] "Failed to sync" err="timeout"',
        log__level="error",
        at="2026-11-25T10:07:05.300001Z",
        message='"Failed to sync" err="timeout"',
    ),
    case(
        "klog",
        "F1125 10:07:05.400000       1 main.go:60] cannot load kubeconfig",
        log__level="critical",
        at="2026-11-25T10:07:05.400000Z",
        message="cannot load kubeconfig",
    ),
    case(
        "klog",
        "E1231 23:59:59.000000       1 leader.go:9] lease lost",  # last year's
        log__level="error",
        at=CW_TIME,
        message="lease lost",
    ),
    # --- logfmt: slog, logrus, go-kit ------------------------------------------------------------
    case(
        "slog-text",
        'time=2026-11-25T10:07:05.123+01:00 level=INFO msg="server started" port=80',
        log__level="info",
        at="2026-11-25T09:07:05.123000Z",
        message="server started",
    ),
    case(
        "slog-text",
        'time=2026-11-25T10:07:05.124Z level=WARN msg="disk almost full" pct=91',
        log__level="warning",
        at="2026-11-25T10:07:05.124000Z",
        message="disk almost full",
    ),
    case(
        "slog-text",
        'time=2026-11-25T10:07:05.125Z level=ERROR msg="payment failed" err="card declined"',
        log__level="error",
        at="2026-11-25T10:07:05.125000Z",
        message="payment failed",
        error__message="card declined",
    ),
    case(
        "slog-text",
        "time=2026-11-25T10:07:05.126Z level=DEBUG msg=tick n=3",
        log__level="debug",
        at="2026-11-25T10:07:05.126000Z",
        message="tick",
    ),
    case(
        "logrus-text",
        'time="2026-11-25T10:07:05Z" level=info msg="user logged in" user=bob',
        log__level="info",
        at="2026-11-25T10:07:05.000000Z",
        message="user logged in",
    ),
    case(
        "logrus-text",
        'time="2026-11-25T10:07:05Z" level=error msg="save failed" error="disk full"',
        log__level="error",
        at="2026-11-25T10:07:05.000000Z",
        message="save failed",
        error__message="disk full",
    ),
    case(
        "logrus-text",
        'time="2026-11-25T10:07:05Z" level=fatal msg="config missing"',
        log__level="critical",
        at="2026-11-25T10:07:05.000000Z",
        message="config missing",
    ),
    case(
        "go-kit",
        'level=warn ts=2026-11-25T10:07:05.5Z caller=main.go:31 msg="queue backlog"',
        log__level="warning",
        at="2026-11-25T10:07:05.500000Z",
        message="queue backlog",
    ),
    # --- Ruby Logger
    case(
        "ruby-logger",
        'I, [2026-11-25T10:07:05.123456 #12]  INFO -- : Started GET "/"',
        log__level="info",
        at="2026-11-25T10:07:05.123456Z",
        message='Started GET "/"',
    ),
    case(
        "ruby-logger",
        "W, [2026-11-25T10:07:05.223456 #12]  WARN -- billing: card expiring",
        log__level="warning",
        at="2026-11-25T10:07:05.223456Z",
        message="card expiring",
        log__logger="billing",
    ),
    case(
        "ruby-logger",
        "E, [2026-11-25T10:07:05.323456 #12] ERROR -- billing: charge failed",
        log__level="error",
        at="2026-11-25T10:07:05.323456Z",
        message="charge failed",
        log__logger="billing",
    ),
    case(
        "ruby-logger",
        "F, [2026-11-25T10:07:05.423456 #12] FATAL -- : cannot boot",
        log__level="critical",
        at="2026-11-25T10:07:05.423456Z",
        message="cannot boot",
    ),
    case(
        "ruby-logger",
        "D, [2026-11-25T10:07:05.523456 #12] DEBUG -- sql: SELECT 1",
        log__level="debug",
        at="2026-11-25T10:07:05.523456Z",
        message="SELECT 1",
        log__logger="sql",
    ),
    # --- Rails: Ruby's Logger with tagged logging (`[<request id>] `)
    case(
        "rails",
        f'I, [2026-11-25T10:07:05.623456 #1]  INFO -- : [{RID}] Started GET "/orders/7"',
        log__level="info",
        at="2026-11-25T10:07:05.623456Z",
        message='Started GET "/orders/7"',
        request_id=RID,
    ),
    case(  # a tag that is no request id stays in the message
        "rails",
        "I, [2026-11-25T10:07:05.723456 #1]  INFO -- : [www] Started GET /",
        log__level="info",
        at="2026-11-25T10:07:05.723456Z",
        message="[www] Started GET /",
    ),
    case(  # the exception report, one event per line, then the next request's line
        "rails",
        [*RAILS_REPORT.split("\n"), f"I, [2026-11-25T10:07:07.000000 #1]  INFO -- : [{RID}] next"],
        records=2,
        log__level="critical",
        at="2026-11-25T10:07:06.123456Z",
        error__type="NoMethodError",
        error__message="undefined method `name' for nil",
        error__stack_trace=RAILS_MESSAGE,
        message=RAILS_MESSAGE,
        request_id=RID,
        event__original=RAILS_REPORT,
    ),
    case(  # the same report written whole in one event
        "rails",
        RAILS_REPORT,
        log__level="critical",
        at="2026-11-25T10:07:06.123456Z",
        error__type="NoMethodError",
        error__message="undefined method `name' for nil",
        message=RAILS_MESSAGE,
        request_id=RID,
    ),
    # --- gunicorn -------------------------------------------------------------------------------
    case(
        "gunicorn",
        "[2026-11-25 10:07:05 +0000] [1] [INFO] Starting gunicorn 23.0.0",
        log__level="info",
        at="2026-11-25T10:07:05.000000Z",
        message="Starting gunicorn 23.0.0",
    ),
    case(
        "gunicorn",
        "[2026-11-25 10:07:05 +0000] [1] [INFO] Listening at: http://0.0.0.0:8000",
        log__level="info",
        at="2026-11-25T10:07:05.000000Z",
        message="Listening at: http://0.0.0.0:8000",
    ),
    case(
        "gunicorn",
        "[2026-11-25 10:07:05 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:8)",
        log__level="critical",
        at="2026-11-25T10:07:05.000000Z",
        message="WORKER TIMEOUT (pid:8)",
    ),
    case(
        "gunicorn",
        f"[2026-11-25 10:07:05 +0000] [8] [ERROR] Exception in worker process\n{PY_TB}",
        log__level="error",
        at="2026-11-25T10:07:05.000000Z",
        message=f"Exception in worker process\n{PY_TB}",
        error__type="KeyError",
        error__message="'amount'",
    ),
    case(
        "gunicorn",
        "[2026-11-25 10:07:05 +0000] [9] [WARNING] Worker with pid 8 was terminated",
        log__level="warning",
        at="2026-11-25T10:07:05.000000Z",
        message="Worker with pid 8 was terminated",
    ),
    # --- uvicorn and Python's default format -------------------------------------------------
    case(
        "uvicorn",
        "INFO:     Started server process [1]",
        log__level="info",
        message="Started server process [1]",
    ),
    case(
        "uvicorn",
        'INFO:     172.17.0.1:50512 - "GET /health HTTP/1.1" 200 OK',
        log__level="info",
        message='172.17.0.1:50512 - "GET /health HTTP/1.1" 200 OK',
    ),
    case(
        "uvicorn",
        "WARNING:  Invalid HTTP request received.",
        log__level="warning",
        message="Invalid HTTP request received.",
    ),
    case(
        "uvicorn",
        f"ERROR:    Exception in ASGI application\n{PY_TB}",
        log__level="error",
        message=f"Exception in ASGI application\n{PY_TB}",
        error__type="KeyError",
    ),
    case(
        "python-logging",
        "ERROR:root:could not open /data/in.csv",
        log__level="error",
        log__logger="root",
        message="could not open /data/in.csv",
    ),
    case(
        "python-logging",
        "WARNING:app.cache:evicting 10 keys",
        log__level="warning",
        log__logger="app.cache",
        message="evicting 10 keys",
    ),
    case(
        "python-logging",
        "2026-11-25 10:07:05,123 - app.db - ERROR - connection lost",
        log__level="error",
        at="2026-11-25T10:07:05.123000Z",
        log__logger="app.db",
        message="connection lost",
    ),
    case(
        "python-logging",
        "2026-11-25 10:07:05,124 INFO app.web: request served",
        log__level="info",
        at="2026-11-25T10:07:05.124000Z",
        log__logger="app.web",
        message="request served",
    ),
    # --- nginx error log: all eight levels ---------------------------------------------------
    *[
        case(
            "nginx-error",
            f"2026/11/25 10:07:05 [{name}] 31#31: *7 {text}",
            log__level=level,
            at="2026-11-25T10:07:05.000000Z",
            message=text,
        )
        for name, level, text in (
            ("debug", "debug", "http cleanup add: 0000"),
            ("info", "info", "client closed keepalive connection"),
            ("notice", "info", "signal process started"),
            ("warn", "warning", "an upstream response is buffered to a temporary file"),
            ("error", "error", 'open() "/usr/share/nginx/html/x" failed (2: No such file)'),
            ("crit", "critical", "SSL_do_handshake() failed"),
            ("alert", "critical", "worker process 42 exited on signal 9"),
            ("emerg", "critical", "bind() to 0.0.0.0:80 failed (98: Address already in use)"),
        )
    ],
    # --- access logs ---------------------------------------------------------------------------
    case(
        "nginx-access",
        '203.0.113.9 - - [25/Nov/2026:10:07:05 +0000] "GET /cart HTTP/1.1" 200 '
        '512 "-" "curl/8.5.0"',
        log__level="info",
        at="2026-11-25T10:07:05.000000Z",
        message='203.0.113.9 - - [25/Nov/2026:10:07:05 +0000] "GET /cart HTTP/1.1" 200 512 '
        '"-" "curl/8.5.0"',
    ),
    case(
        "apache-access",
        '198.51.100.4 - frank [25/Nov/2026:11:07:05 +0100] "POST /login HTTP/1.0" 302 0',
        log__level="info",
        at="2026-11-25T10:07:05.000000Z",
        message='198.51.100.4 - frank [25/Nov/2026:11:07:05 +0100] "POST /login HTTP/1.0" 302 0',
    ),
    case(
        "gunicorn-access",
        '10.0.0.7 - - [25/Nov/2026:10:07:05 +0000] "GET /api HTTP/1.1" 500 '
        '21 "-" "python-requests/2.32"',
        log__level="info",
        at="2026-11-25T10:07:05.000000Z",
        message='10.0.0.7 - - [25/Nov/2026:10:07:05 +0000] "GET /api HTTP/1.1" 500 21 "-" '
        '"python-requests/2.32"',
    ),
    # --- Apache error log ------------------------------------------------------------------------
    case(
        "apache-error",
        "[Wed Nov 25 10:07:05.123456 2026] [core:error] [pid 1234:tid 5678] "
        "[client 203.0.113.9:51234] AH00126: Invalid URI in request GET /%00 HTTP/1.1",
        log__level="error",
        at="2026-11-25T10:07:05.123456Z",
        log__logger="core",
        message="AH00126: Invalid URI in request GET /%00 HTTP/1.1",
    ),
    case(
        "apache-error",
        "[Wed Nov 25 10:07:05.200000 2026] [mpm_event:notice] [pid 1:tid 2] "
        "AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations",
        log__level="info",
        at="2026-11-25T10:07:05.200000Z",
        log__logger="mpm_event",
        message="AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations",
    ),
    case(
        "apache-error",
        "[Wed Nov 25 10:07:05.300000 2026] [ssl:warn] [pid 1:tid 2] AH01909: "
        "server certificate does NOT include an ID which matches the server name",
        log__level="warning",
        at="2026-11-25T10:07:05.300000Z",
        log__logger="ssl",
        message="AH01909: server certificate does NOT include an ID which matches the server name",
    ),
    case(
        "apache-error",
        "[Wed Nov 25 10:07:05 2026] [crit] [client 198.51.100.4] (13)Permission "
        "denied: /var/www/.htaccess pcfg_openfile",
        log__level="critical",
        at="2026-11-25T10:07:05.000000Z",
        message="(13)Permission denied: /var/www/.htaccess pcfg_openfile",
    ),
    # --- Spring Boot default pattern ------------------------------------------------------------
    case(
        "spring-boot",
        "2026-11-25T10:07:05.123+01:00  INFO 4711 --- [orders] [           main] "
        "o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat started on port 8080 (http)",
        log__level="info",
        at="2026-11-25T09:07:05.123000Z",
        log__logger="o.s.b.w.embedded.tomcat.TomcatWebServer",
        message="Tomcat started on port 8080 (http)",
    ),
    case(
        "spring-boot",
        "2026-11-25T10:07:05.124Z  WARN 4711 --- [nio-8080-exec-1] "
        "c.a.orders.web.OrderController           : order 42 has no lines",
        log__level="warning",
        at="2026-11-25T10:07:05.124000Z",
        log__logger="c.a.orders.web.OrderController",
        message="order 42 has no lines",
    ),
    case(
        "spring-boot",
        "2026-11-25T10:07:05.125Z ERROR 4711 --- [orders] [nio-8080-exec-2] "
        "o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() threw exception\n"
        f"{JAVA_STACK}",
        log__level="error",
        at="2026-11-25T10:07:05.125000Z",
        log__logger="o.a.c.c.C.[.[.[/].[dispatcherServlet]",
        message=f"Servlet.service() threw exception\n{JAVA_STACK}",
        error__type="java.lang.IllegalStateException",
        error__message="pool exhausted",
    ),
    case(
        "spring-boot",
        "2026-11-25 10:07:05.126 DEBUG 4711 --- [           main] "
        "o.s.c.s.DefaultLifecycleProcessor        : Starting beans in phase 0",
        log__level="debug",
        at="2026-11-25T10:07:05.126000Z",
        log__logger="o.s.c.s.DefaultLifecycleProcessor",
        message="Starting beans in phase 0",
    ),
    # --- log4j / logback patterns ---------------------------------------------------------------
    case(
        "logback-default",
        "10:07:05.123 [main] INFO  com.acme.App - started in 2.1 s",
        log__level="info",
        at="2026-11-25T10:07:05.123000Z",
        log__logger="com.acme.App",
        message="started in 2.1 s",
    ),
    case(
        "logback-default",
        f"10:07:05.124 [pool-1-thread-3] ERROR c.a.orders.Repo - save failed\n{JAVA_STACK}",
        log__level="error",
        at="2026-11-25T10:07:05.124000Z",
        log__logger="c.a.orders.Repo",
        message=f"save failed\n{JAVA_STACK}",
        error__type="java.lang.IllegalStateException",
    ),
    case(
        "log4j-pattern",
        "2026-11-25 10:07:05,125 WARN  [main] com.acme.Config - key x unset",
        log__level="warning",
        at="2026-11-25T10:07:05.125000Z",
        log__logger="com.acme.Config",
        message="key x unset",
    ),
    case(
        "log4j-pattern",
        "2026-11-25 10:07:05,126 ERROR [http-1] com.acme.Api - request failed",
        log__level="error",
        at="2026-11-25T10:07:05.126000Z",
        log__logger="com.acme.Api",
        message="request failed",
    ),
    case(
        "log4j2-default",
        "10:07:05.127 [main] FATAL com.acme.Boot - no datasource",
        log__level="critical",
        at="2026-11-25T10:07:05.127000Z",
        log__logger="com.acme.Boot",
        message="no datasource",
    ),
    case(
        "logback-iso",
        "2026-11-25T10:07:05.128Z [main] DEBUG com.acme.Cache - warm",
        log__level="debug",
        at="2026-11-25T10:07:05.128000Z",
        log__logger="com.acme.Cache",
        message="warm",
    ),
    # --- .NET console (simple formatter) -------------------------------------------------------
    case(
        ".NET-console",
        ["info: Microsoft.Hosting.Lifetime[14]", "      Now listening on: http://[::]:8080"],
        log__level="info",
        log__logger="Microsoft.Hosting.Lifetime",
        message="Now listening on: http://[::]:8080",
    ),
    case(
        ".NET-console",
        "fail: Orders.Api.Handler[0] Order 42 could not be saved",
        log__level="error",
        log__logger="Orders.Api.Handler",
        message="Order 42 could not be saved",
    ),
    case(
        ".NET-console",
        "crit: Orders.Api.Startup[0]\n      Database migration failed",
        log__level="critical",
        log__logger="Orders.Api.Startup",
        message="Database migration failed",
    ),
    case(
        ".NET-console",
        "warn: Microsoft.AspNetCore.HttpsPolicy[3]\n      Failed to determine "
        "the https port for redirect.",
        log__level="warning",
        log__logger="Microsoft.AspNetCore.HttpsPolicy",
        message="Failed to determine the https port for redirect.",
    ),
    # --- Serilog compact JSON ------------------------------------------------------------------
    case(
        "serilog-compact",
        j(
            **{
                "@t": "2026-11-25T10:07:05.1234567Z",
                "@mt": "Order {OrderId} placed by {User}",
                "OrderId": 42,
                "User": "bob",
                "SourceContext": "Orders.Api",
            }
        ),
        log__level="info",
        at="2026-11-25T10:07:05.123456Z",
        message="Order 42 placed by bob",
        log__logger="Orders.Api",
    ),
    case(
        "serilog-compact",
        j(**{"@t": "2026-11-25T10:07:05.2Z", "@mt": "Slow {Ms} ms", "@l": "Warning", "Ms": 2300}),
        log__level="warning",
        at="2026-11-25T10:07:05.200000Z",
        message="Slow 2300 ms",
    ),
    case(
        "serilog-compact",
        j(
            **{
                "@t": "2026-11-25T10:07:05.3Z",
                "@mt": "Save failed",
                "@l": "Error",
                "@x": DOTNET_STACK,
                "@tr": OTEL_TRACE,
                "@sp": "00f067aa0ba902b7",
            }
        ),
        log__level="error",
        at="2026-11-25T10:07:05.300000Z",
        message="Save failed",
        error__type="System.InvalidOperationException",
        error__message="Sequence contains no elements",
        error__stack_trace=DOTNET_STACK,
        trace__id=OTEL_TRACE,
    ),
    case(
        "serilog-compact",
        j(
            **{
                "@t": "2026-11-25T10:07:05.4Z",
                "@m": "Shutting down now",
                "@mt": "Shutting down {When}",
                "@l": "Fatal",
                "When": "now",
            }
        ),
        log__level="critical",
        at="2026-11-25T10:07:05.400000Z",
        message="Shutting down now",
    ),
    # --- Microsoft's JSON console formatter -----------------------------------------------------
    case(
        "ms-json-console",
        j(
            Timestamp="2026-11-25T10:07:05.5Z",
            EventId=14,
            LogLevel="Information",
            Category="Microsoft.Hosting.Lifetime",
            Message="Now listening on: http://[::]:8080",
            State={"Message": "Now listening on: http://[::]:8080"},
        ),
        log__level="info",
        at="2026-11-25T10:07:05.500000Z",
        log__logger="Microsoft.Hosting.Lifetime",
        message="Now listening on: http://[::]:8080",
    ),
    case(
        "ms-json-console",
        j(
            EventId=0,
            LogLevel="Error",
            Category="Orders.Api.Handler",
            Message="Order 42 could not be saved",
            Exception=DOTNET_STACK,
        ),
        log__level="error",
        log__logger="Orders.Api.Handler",
        message="Order 42 could not be saved",
        error__type="System.InvalidOperationException",
        error__message="Sequence contains no elements",
    ),
    case(
        "ms-json-console",
        j(
            EventId=0,
            LogLevel="Critical",
            Category="Orders.Api.Startup",
            Message="Database migration failed",
        ),
        log__level="critical",
        log__logger="Orders.Api.Startup",
        message="Database migration failed",
    ),
    # --- loguru serialize=True --------------------------------------------------------------------
    case(
        "loguru",
        j(
            text="2026-11-25 10:07:05.123 | INFO | app:main:5 - ready\n",
            record={
                "elapsed": {"repr": "0:00:00.01", "seconds": 0.01},
                "exception": None,
                "extra": {"port": 80},
                "file": {"name": "app.py", "path": "/srv/app.py"},
                "function": "main",
                "level": {"icon": "i", "name": "INFO", "no": 20},
                "line": 5,
                "message": "ready",
                "module": "app",
                "name": "app",
                "process": {"id": 1, "name": "MainProcess"},
                "thread": {"id": 2, "name": "MainThread"},
                "time": {"repr": "2026-11-25 10:07:05.123000+00:00", "timestamp": 1795601225.123},
            },
        ),
        log__level="info",
        at="2026-11-25T10:07:05.123000Z",
        message="ready",
        log__logger="app",
    ),
    case(
        "loguru",
        j(
            text=f"2026-11-25 10:07:05.124 | ERROR | app:run:9 - crashed\n{PY_TB}\n",
            record={
                "exception": {"type": "KeyError", "value": "'amount'", "traceback": True},
                "extra": {},
                "function": "run",
                "level": {"icon": "x", "name": "ERROR", "no": 40},
                "line": 9,
                "message": "crashed",
                "module": "app",
                "name": "app",
                "time": {"repr": "2026-11-25 10:07:05.124000+00:00", "timestamp": 1795601225.124},
            },
        ),
        log__level="error",
        at="2026-11-25T10:07:05.124000Z",
        message="crashed",
        log__logger="app",
        error__type="KeyError",
        error__message="'amount'",
    ),
    case(
        "loguru",
        j(
            text="x\n",
            record={
                "level": {"name": "WARNING", "no": 30},
                "message": "low disk",
                "name": "ops",
                "time": {"timestamp": 1795601225.125},
            },
        ),
        log__level="warning",
        at="2026-11-25T10:07:05.125000Z",
        message="low disk",
        log__logger="ops",
    ),
    # --- ECS (ecs-logging libraries): dotted and nested -------------------------------------------
    case(
        "ecs-dotted",
        j(
            **{
                "@timestamp": "2026-11-25T10:07:05.126Z",
                "log.level": "error",
                "message": "charge failed",
                "ecs.version": "1.6.0",
                "log.logger": "payments",
                "error.type": "TimeoutError",
                "error.message": "read timed out",
                "trace.id": OTEL_TRACE,
            }
        ),
        log__level="error",
        at="2026-11-25T10:07:05.126000Z",
        message="charge failed",
        log__logger="payments",
        error__type="TimeoutError",
        error__message="read timed out",
        trace__id=OTEL_TRACE,
    ),
    case(
        "ecs-nested",
        j(
            **{
                "@timestamp": "2026-11-25T10:07:05.127Z",
                "message": "save failed",
                "log": {
                    "level": "ERROR",
                    "logger": "com.acme.Repo",
                    "origin": {"function": "save", "file": {"name": "Repo.java", "line": 12}},
                },
                "error": {
                    "type": "java.sql.SQLException",
                    "message": "deadlock",
                    "stack_trace": "java.sql.SQLException: deadlock\n\tat x",
                },
                "trace": {"id": OTEL_TRACE},
                "ecs": {"version": "8.11"},
            }
        ),
        log__level="error",
        at="2026-11-25T10:07:05.127000Z",
        message="save failed",
        log__logger="com.acme.Repo",
        error__type="java.sql.SQLException",
        error__message="deadlock",
        error__stack_trace="java.sql.SQLException: deadlock\n\tat x",
        trace__id=OTEL_TRACE,
    ),
    case(
        "ecs-nested",
        j(
            **{
                "@timestamp": "2026-11-25T10:07:05.128Z",
                "message": "started",
                "log": {"level": "info", "logger": "app"},
                "service": {"name": "orders", "version": "2.0"},
            }
        ),
        log__level="info",
        at="2026-11-25T10:07:05.128000Z",
        message="started",
        log__logger="app",
        service__name="orders",
    ),
    case(
        "ecs-dotted",
        j(
            **{
                "@timestamp": "2026-11-25T10:07:05.129Z",
                "log.level": "warn",
                "message": "retrying",
                "log.logger": "http",
            }
        ),
        log__level="warning",
        at="2026-11-25T10:07:05.129000Z",
        message="retrying",
        log__logger="http",
    ),
    # --- pino ---------------------------------------------------------------------------------
    case(
        "pino",
        j(level=30, time=1795601225130, pid=7, hostname="web-1", msg="request done"),
        log__level="info",
        at="2026-11-25T10:07:05.130000Z",
        message="request done",
    ),
    case(
        "pino",
        j(level=40, time=1795601225131, pid=7, hostname="web-1", msg="slow upstream"),
        log__level="warning",
        at="2026-11-25T10:07:05.131000Z",
        message="slow upstream",
    ),
    case(
        "pino",
        j(
            level=50,
            time=1795601225132,
            pid=7,
            hostname="web-1",
            msg="db error",
            err={
                "type": "Error",
                "message": "connection reset",
                "stack": "Error: connection reset\n    at Socket.x (net.js:1:1)",
            },
        ),
        log__level="error",
        at="2026-11-25T10:07:05.132000Z",
        message="db error",
        error__type="Error",
        error__message="connection reset",
        error__stack_trace="Error: connection reset\n    at Socket.x (net.js:1:1)",
    ),
    case(
        "pino",
        j(level=60, time=1795601225133, pid=7, hostname="web-1", msg="out of memory"),
        log__level="critical",
        at="2026-11-25T10:07:05.133000Z",
        message="out of memory",
    ),
    case(
        "pino",
        j(level=20, time=1795601225134, pid=7, hostname="web-1", name="cache", msg="hit"),
        log__level="debug",
        at="2026-11-25T10:07:05.134000Z",
        message="hit",
        log__logger="cache",
    ),
    # --- bunyan -------------------------------------------------------------------------------
    case(
        "bunyan",
        j(
            name="orders",
            hostname="h1",
            pid=3,
            level=30,
            msg="listening",
            time="2026-11-25T10:07:05.135Z",
            v=0,
        ),
        log__level="info",
        at="2026-11-25T10:07:05.135000Z",
        message="listening",
        log__logger="orders",
    ),
    case(
        "bunyan",
        j(
            name="orders",
            hostname="h1",
            pid=3,
            level=50,
            msg="charge failed",
            err={
                "message": "declined",
                "name": "PaymentError",
                "stack": "PaymentError: declined\n    at charge (pay.js:9:3)",
            },
            time="2026-11-25T10:07:05.136Z",
            v=0,
        ),
        log__level="error",
        at="2026-11-25T10:07:05.136000Z",
        message="charge failed",
        log__logger="orders",
        error__type="PaymentError",
        error__message="declined",
    ),
    case(
        "bunyan",
        j(
            name="orders",
            hostname="h1",
            pid=3,
            level=60,
            msg="fatal",
            time="2026-11-25T10:07:05.137Z",
            v=0,
        ),
        log__level="critical",
        at="2026-11-25T10:07:05.137000Z",
        message="fatal",
        log__logger="orders",
    ),
    # --- winston ------------------------------------------------------------------------------
    case(
        "winston",
        j(level="info", message="server up", timestamp="2026-11-25T10:07:05.138Z"),
        log__level="info",
        at="2026-11-25T10:07:05.138000Z",
        message="server up",
    ),
    case(
        "winston",
        j(
            level="error",
            message="upstream 503",
            timestamp="2026-11-25T10:07:05.139Z",
            stack="Error: upstream 503\n    at fetch (/app/f.js:3:9)",
        ),
        log__level="error",
        at="2026-11-25T10:07:05.139000Z",
        message="upstream 503",
        error__type="Error",
        error__message="upstream 503",
    ),
    case(
        "winston",
        j(level="http", message="GET /x 200", timestamp="2026-11-25T10:07:05.140Z"),
        log__level="info",
        at="2026-11-25T10:07:05.140000Z",
        message="GET /x 200",
    ),
    case(
        "winston",
        j(level="warn", message="deprecated", service="user-service"),
        log__level="warning",
        message="deprecated",
        service__name="user-service",
    ),
    # --- zap JSON -----------------------------------------------------------------------------
    case(
        "zap-json",
        j(level="info", ts=1795601225.141, caller="main.go:20", msg="started", logger="api"),
        log__level="info",
        at="2026-11-25T10:07:05.141000Z",
        message="started",
        log__logger="api",
    ),
    case(
        "zap-json",
        j(
            level="error",
            ts=1795601225.142,
            caller="db.go:7",
            msg="query failed",
            error="context canceled",
            stacktrace="main.query\n\t/app/db.go:7",
        ),
        log__level="error",
        at="2026-11-25T10:07:05.142000Z",
        message="query failed",
        error__message="context canceled",
        error__stack_trace="main.query\n\t/app/db.go:7",
    ),
    case(
        "zap-json",
        j(level="dpanic", ts=1795601225.143, msg="invariant broken"),
        log__level="critical",
        at="2026-11-25T10:07:05.143000Z",
        message="invariant broken",
    ),
    # --- zerolog ------------------------------------------------------------------------------
    case(
        "zerolog",
        j(level="info", time="2026-11-25T10:07:05+00:00", message="hello"),
        log__level="info",
        at="2026-11-25T10:07:05.000000Z",
        message="hello",
    ),
    case(
        "zerolog",
        j(level="error", error="file not found", time=1795601225, message="open config"),
        log__level="error",
        at="2026-11-25T10:07:05.000000Z",
        message="open config",
        error__message="file not found",
    ),
    case(
        "zerolog",
        j(level="warn", time="2026-11-25T10:07:05Z", caller="/app/main.go:9", message="retry"),
        log__level="warning",
        at="2026-11-25T10:07:05.000000Z",
        message="retry",
    ),
    # --- logstash-logback-encoder ---------------------------------------------------------------
    case(
        "logstash-logback",
        j(
            **{
                "@timestamp": "2026-11-25T11:07:05.144+01:00",
                "@version": "1",
                "message": "place failed",
                "logger_name": "c.a.OrderService",
                "thread_name": "main",
                "level": "ERROR",
                "level_value": 40000,
                "stack_trace": JAVA_STACK,
                "trace_id": OTEL_TRACE,
            }
        ),
        log__level="error",
        at="2026-11-25T10:07:05.144000Z",
        message="place failed",
        log__logger="c.a.OrderService",
        error__type="java.lang.IllegalStateException",
        error__message="pool exhausted",
        trace__id=OTEL_TRACE,
    ),
    case(
        "logstash-logback",
        j(
            **{
                "@timestamp": "2026-11-25T10:07:05.145Z",
                "@version": "1",
                "message": "started",
                "logger_name": "c.a.App",
                "level": "INFO",
                "level_value": 20000,
            }
        ),
        log__level="info",
        at="2026-11-25T10:07:05.145000Z",
        message="started",
        log__logger="c.a.App",
    ),
    case(
        "logstash-logback",
        j(
            **{
                "@timestamp": "2026-11-25T10:07:05.146Z",
                "message": "slow",
                "logger_name": "c.a.Db",
                "level_value": 30000,
            }
        ),
        log__level="warning",
        at="2026-11-25T10:07:05.146000Z",
        message="slow",
        log__logger="c.a.Db",
    ),
    # --- log4j2 JSON layout -------------------------------------------------------------------
    case(
        "log4j2-json",
        j(
            instant={"epochSecond": 1795601225, "nanoOfSecond": 147000000},
            thread="main",
            level="ERROR",
            loggerName="com.acme.Repo",
            message="save failed",
            thrown={
                "commonElementCount": 0,
                "localizedMessage": "deadlock",
                "message": "deadlock",
                "name": "java.sql.SQLException",
                "extendedStackTrace": [
                    {"class": "com.acme.Repo", "method": "save", "file": "Repo.java", "line": 12}
                ],
            },
            endOfBatch=False,
            loggerFqcn="org.apache.logging.log4j.spi.Logger",
        ),
        log__level="error",
        at="2026-11-25T10:07:05.147000Z",
        message="save failed",
        log__logger="com.acme.Repo",
        error__type="java.sql.SQLException",
        error__message="deadlock",
        error__stack_trace="java.sql.SQLException: deadlock\n\tat com.acme.Repo.save(Repo.java:12)",
    ),
    case(
        "log4j2-json",
        j(
            instant={"epochSecond": 1795601225, "nanoOfSecond": 148000000},
            thread="main",
            level="INFO",
            loggerName="com.acme.App",
            message="ready",
        ),
        log__level="info",
        at="2026-11-25T10:07:05.148000Z",
        message="ready",
        log__logger="com.acme.App",
    ),
    case(
        "log4j2-json",
        j(
            timeMillis=1795601225149,
            thread="main",
            level="WARN",
            loggerName="com.acme.Cfg",
            message="default used",
        ),
        log__level="warning",
        at="2026-11-25T10:07:05.149000Z",
        message="default used",
        log__logger="com.acme.Cfg",
    ),
    # --- Datadog-style ------------------------------------------------------------------------
    case(
        "datadog",
        j(
            status="error",
            message="checkout failed",
            service="checkout",
            **{
                "dd.trace_id": "1234567890123456789",
                "dd.span_id": "987654321",
                "error.kind": "ValueError",
                "error.message": "bad sku",
                "error.stack": PY_TB,
            },
        ),
        log__level="error",
        message="checkout failed",
        service__name="checkout",
        trace__id="1234567890123456789",
        error__type="ValueError",
        error__message="bad sku",
    ),
    case(
        "datadog",
        j(
            status="warn",
            message="slow",
            dd={"trace_id": "42", "span_id": "7"},
            logger={"name": "web", "thread_name": "main"},
        ),
        log__level="warning",
        message="slow",
        trace__id="42",
        log__logger="web",
    ),
    case(
        "datadog",
        j(status="info", message="ok", http={"status_code": 200}),
        log__level="info",
        message="ok",
    ),
    # --- OpenTelemetry log records ----------------------------------------------------------------
    case(
        "otel-otlp-json",
        j(
            timeUnixNano="1795601225150000000",
            severityNumber=17,
            severityText="ERROR",
            body={"stringValue": "charge failed"},
            attributes=[
                {"key": "exception.type", "value": {"stringValue": "TimeoutError"}},
                {"key": "exception.message", "value": {"stringValue": "read timed out"}},
            ],
            traceId=OTEL_TRACE,
            spanId="00f067aa0ba902b7",
        ),
        log__level="error",
        at="2026-11-25T10:07:05.150000Z",
        message="charge failed",
        error__type="TimeoutError",
        error__message="read timed out",
        trace__id=OTEL_TRACE,
    ),
    case(
        "otel-python-console",
        j(
            body="cache warmed",
            severity_number=9,
            severity_text="INFO",
            attributes={"code.function": "warm"},
            timestamp="2026-11-25T10:07:05.151000Z",
            trace_id="0x" + OTEL_TRACE,
            span_id="0x00f067aa0ba902b7",
            resource={"attributes": {"service.name": "cache"}},
        ),
        log__level="info",
        at="2026-11-25T10:07:05.151000Z",
        message="cache warmed",
        trace__id=OTEL_TRACE,
        service__name="cache",
    ),
    case(
        "otel-otlp-json",
        j(
            timeUnixNano="1795601225152000000",
            severityNumber=21,
            body={"stringValue": "disk failure"},
        ),
        log__level="critical",
        at="2026-11-25T10:07:05.152000Z",
        message="disk failure",
    ),
    case(
        "otel-otlp-json",
        j(
            timeUnixNano="1795601225153000000",
            severityNumber=13,
            body={"stringValue": "queue 80% full"},
        ),
        log__level="warning",
        at="2026-11-25T10:07:05.153000Z",
        message="queue 80% full",
    ),
    # --- Powertools for AWS Lambda (Python, TypeScript)
    case(
        "powertools-python",
        j(
            level="INFO",
            location="handler:10",
            message="collected",
            timestamp="2026-11-25 10:07:05,154+0000",
            service="payment",
            cold_start=True,
            function_request_id=RID,
            xray_trace_id=XRAY,
        ),
        log__level="info",
        at="2026-11-25T10:07:05.154000Z",
        message="collected",
        service__name="payment",
        request_id=RID,
        trace__id=XRAY,
    ),
    case(
        "powertools-python",
        j(
            level="ERROR",
            location="handler:20",
            message="charge failed",
            timestamp="2026-11-25 10:07:05,155+0000",
            service="payment",
            cold_start=False,
            exception=PY_TB,
            exception_name="KeyError",
            stack_trace={
                "type": "KeyError",
                "value": "'amount'",
                "module": "builtins",
                "frames": [],
            },
        ),
        log__level="error",
        at="2026-11-25T10:07:05.155000Z",
        message="charge failed",
        error__type="KeyError",
        error__message="'amount'",
        error__stack_trace=PY_TB,
    ),
    case(
        "powertools-python",
        j(
            level="WARNING",
            location="handler:30",
            message="retry",
            timestamp="2026-11-25 10:07:05,156+0000",
            service="payment",
        ),
        log__level="warning",
        at="2026-11-25T10:07:05.156000Z",
        message="retry",
    ),
    case(
        "powertools-ts",
        j(
            level="ERROR",
            message="charge failed",
            sampling_rate=0,
            service="payment",
            timestamp="2026-11-25T10:07:05.157Z",
            xray_trace_id=XRAY,
            error={
                "name": "PaymentError",
                "location": "/var/task/index.js:10",
                "message": "declined",
                "stack": "PaymentError: declined\n    at charge (x.js:1:1)",
            },
        ),
        log__level="error",
        at="2026-11-25T10:07:05.157000Z",
        message="charge failed",
        error__type="PaymentError",
        error__message="declined",
        error__stack_trace="PaymentError: declined\n    at charge (x.js:1:1)",
        trace__id=XRAY,
    ),
    case(
        "powertools-ts",
        j(
            level="INFO",
            message="done",
            service="payment",
            timestamp="2026-11-25T10:07:05.158Z",
            xray_trace_id=XRAY,
        ),
        log__level="info",
        at="2026-11-25T10:07:05.158000Z",
        message="done",
        trace__id=XRAY,
    ),
    case(
        "powertools-ts",
        j(
            level="CRITICAL",
            message="no config",
            service="payment",
            timestamp="2026-11-25T10:07:05.159Z",
        ),
        log__level="critical",
        at="2026-11-25T10:07:05.159000Z",
        message="no config",
    ),
    # --- structlog ----------------------------------------------------------------------------
    case(
        "structlog",
        j(
            event="user logged in",
            level="info",
            logger="auth",
            timestamp="2026-11-25T10:07:05.160000Z",
            user="bob",
        ),
        log__level="info",
        at="2026-11-25T10:07:05.160000Z",
        message="user logged in",
        log__logger="auth",
    ),
    case(
        "structlog",
        j(
            event="charge failed",
            level="error",
            logger="pay",
            timestamp="2026-11-25T10:07:05.161000Z",
            exception=PY_TB,
        ),
        log__level="error",
        at="2026-11-25T10:07:05.161000Z",
        message="charge failed",
        log__logger="pay",
        error__type="KeyError",
        error__message="'amount'",
    ),
    case(
        "structlog",
        j(
            event="charge failed",
            level="critical",
            timestamp="2026-11-25T10:07:05.162000Z",
            exception=[
                {
                    "exc_type": "ValueError",
                    "exc_value": "bad amount",
                    "syntax_error": None,
                    "is_cause": False,
                    "frames": [],
                }
            ],
        ),
        log__level="critical",
        at="2026-11-25T10:07:05.162000Z",
        message="charge failed",
        error__type="ValueError",
        error__message="bad amount",
    ),
    # --- python-json-logger ---------------------------------------------------------------------
    case(
        "python-json-logger",
        j(
            asctime="2026-11-25 10:07:05,163",
            levelname="INFO",
            name="billing",
            message="invoice sent",
        ),
        log__level="info",
        at="2026-11-25T10:07:05.163000Z",
        message="invoice sent",
        log__logger="billing",
    ),
    case(
        "python-json-logger",
        j(
            asctime="2026-11-25 10:07:05,164",
            levelname="ERROR",
            name="billing",
            message="invoice failed",
            exc_info=PY_TB,
        ),
        log__level="error",
        at="2026-11-25T10:07:05.164000Z",
        message="invoice failed",
        log__logger="billing",
        error__type="KeyError",
        error__stack_trace=PY_TB,
    ),
    case(
        "python-json-logger",
        j(asctime="2026-11-25 10:07:05,165", levelname="WARNING", name="billing", message="late"),
        log__level="warning",
        at="2026-11-25T10:07:05.165000Z",
        message="late",
        log__logger="billing",
    ),
    # --- slog JSON, logrus JSON, GELF ----------------------------------------------------------
    case(
        "slog-json",
        j(
            time="2026-11-25T10:07:05.166666666+01:00",
            level="ERROR",
            msg="payment failed",
            err="card declined",
            order=42,
        ),
        log__level="error",
        at="2026-11-25T09:07:05.166666Z",
        message="payment failed",
        error__message="card declined",
    ),
    case(
        "slog-json",
        j(time="2026-11-25T10:07:05.167Z", level="INFO", msg="ok"),
        log__level="info",
        at="2026-11-25T10:07:05.167000Z",
        message="ok",
    ),
    case(
        "logrus-json",
        j(level="warning", msg="quota near", time="2026-11-25T10:07:05Z"),
        log__level="warning",
        at="2026-11-25T10:07:05.000000Z",
        message="quota near",
    ),
    case(
        "logrus-json",
        j(level="panic", msg="unrecoverable", time="2026-11-25T10:07:05Z"),
        log__level="critical",
        at="2026-11-25T10:07:05.000000Z",
        message="unrecoverable",
    ),
    case(
        "gelf",
        j(
            version="1.1",
            host="web-1",
            short_message="disk full",
            level=3,
            timestamp=1795601225.168,
            _app="web",
        ),
        log__level="error",
        at="2026-11-25T10:07:05.168000Z",
        message="disk full",
    ),
    case(
        "gelf",
        j(version="1.1", host="web-1", short_message="started", level=6, timestamp=1795601225.169),
        log__level="info",
        at="2026-11-25T10:07:05.169000Z",
        message="started",
    ),
    # --- one record split over several events (awslogs driver, print, line-by-line runtimes) ----
    case(
        "awslogs-python",
        [*PY_TB.split("\n")],
        log__level="error",
        error__type="KeyError",
        error__message="'amount'",
        message=PY_TB,
        error__stack_trace=PY_TB,
    ),
    case(
        "awslogs-python",
        [
            "2026-11-25 10:07:05,170 ERROR [app.pay] charge failed",
            *PY_TB.split("\n"),
            "",
            "The above exception was the direct cause of the following exception:",
            "",
            "Traceback (most recent call last):",
            '  File "/app/pay.py", line 30, in run',
            "RuntimeError: charge aborted",
        ],
        # the exception raised last (the traceback's final line) is the record's error
        log__level="error",
        at="2026-11-25T10:07:05.170000Z",
        error__type="RuntimeError",
        error__message="charge aborted",
        log__logger="app.pay",
        message="charge failed\n" + PY_TB + "\n\nThe above exception was the direct cause of "
        'the following exception:\n\nTraceback (most recent call last):\n  File "/app/pay'
        '.py", line 30, in run\nRuntimeError: charge aborted',
    ),
    case(  # an exception's message of several lines: the exception is the line after frames
        "awslogs-python",
        PY_TB_FRAMES + "sqlalchemy.exc.IntegrityError: " + SQLALCHEMY_ERROR,
        log__level="error",
        error__type="sqlalchemy.exc.IntegrityError",
        error__message=SQLALCHEMY_ERROR,
    ),
    case(
        "awslogs-python",
        [
            *PY_TB_FRAMES.rstrip().split("\n"),
            *("sqlalchemy.exc.IntegrityError: " + SQLALCHEMY_ERROR).split("\n"),
            "2026-11-25 10:07:07,000 INFO [app] next",
        ],
        log__level="error",
        error__type="sqlalchemy.exc.IntegrityError",
        error__message=SQLALCHEMY_ERROR,
        records=2,
    ),
    case(
        "awslogs-python",
        [
            *PY_TB_FRAMES.rstrip().split("\n"),
            *("pydantic_core._pydantic_core.ValidationError: " + PYDANTIC_ERROR).split("\n"),
            '{"msg": "next"}',
        ],
        log__level="error",
        error__type="pydantic_core._pydantic_core.ValidationError",
        error__message=PYDANTIC_ERROR,
        records=2,
    ),
    case(
        "awslogs-python",
        ["INFO:     Application startup complete.", *PY_TB.split("\n")],
        log__level="error",
        error__type="KeyError",
        error__message="'amount'",
        message="Application startup complete.\n" + PY_TB,
    ),
    case(
        "awslogs-java",
        [
            "2026-11-25 10:07:05,171 ERROR [main] c.a.Api - request failed",
            *JAVA_STACK.split("\n"),
            "Caused by: java.net.SocketTimeoutException: Read timed out",
            "\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)",
            "\t... 12 more",
        ],
        log__level="error",
        at="2026-11-25T10:07:05.171000Z",
        log__logger="c.a.Api",
        error__type="java.lang.IllegalStateException",
        error__message="pool exhausted",
        message="request failed\n" + JAVA_STACK + "\nCaused by: java.net.SocketTimeoutExce"
        "ption: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImp"
        "l.java:288)\n\t... 12 more",
    ),
    case(
        "awslogs-java",
        [
            'Exception in thread "main" java.lang.IllegalStateException: pool exhausted',
            *JAVA_STACK.split("\n")[1:],
        ],
        log__level="error",
        error__type="java.lang.IllegalStateException",
        message=f'Exception in thread "main" {JAVA_STACK}',
    ),
    case(
        "awslogs-go",
        [
            "panic: runtime error: index out of range [5] with length 3",
            "",
            "goroutine 1 [running]:",
            "main.main()",
            "\t/app/main.go:8 +0x1d",
            "exit status 2",
        ],
        log__level="critical",
        error__type="runtime.Error",
        error__message="runtime error: index out of range [5] with length 3",
        message="panic: runtime error: index out of range [5] with length 3\n\ngoroutine 1 "
        "[running]:\nmain.main()\n\t/app/main.go:8 +0x1d\nexit status 2",
    ),
    case(
        "awslogs-node",
        [*NODE_STACK.split("\n")],
        log__level="error",
        error__type="TypeError",
        message=NODE_STACK,
    ),
    case(
        "awslogs-ruby",
        RUBY_CRASH.split("\n"),
        log__level="error",
        error__type="RuntimeError",
        error__message="card declined",
        message=RUBY_CRASH,
    ),
    case(  # the lines after the preamble: the rejection and its properties are one record
        "awslogs-node",
        NODE_REJECTION_EXIT.split("\n")[4:],
        records=3,
        log__level="error",
        error__type="UnhandledPromiseRejection",
        message=f"{NODE_REJECTION}\n  code: 'ERR_UNHANDLED_REJECTION'\n}}",
    ),
    case(
        "awslogs-nextjs",
        [" ✓ Ready in 312ms", *NEXT_ERROR.split("\n")],
        records=2,
        log__level="info",
        message=" ✓ Ready in 312ms",
    ),
    case(
        "awslogs-dotnet",
        [*f"Unhandled exception. {DOTNET_STACK}".split("\n")],
        log__level="critical",
        error__type="System.InvalidOperationException",
        message=f"Unhandled exception. {DOTNET_STACK}",
    ),
    case(
        "awslogs-mixed",
        [
            "2026/11/25 10:07:05 [error] 31#31: *7 upstream timed out",
            '{"level":"info","msg":"next"}',
            "plain line after",
        ],
        records=3,
        log__level="error",
        at="2026-11-25T10:07:05.000000Z",
        message="upstream timed out",
    ),
    # --- times outside the sanity window: the CloudWatch time
    case(
        "bad-clock",
        j(level="info", msg="clock reset", time=0),
        log__level="info",
        message="clock reset",
    ),
    case(
        "bad-clock",
        j(level="info", msg="far future", time="2031-01-01T00:00:00Z"),
        log__level="info",
        message="far future",
    ),
    # --- consoles whose level is not first after the time, or abbreviated, or coloured -------
    case(
        "python-logging-name-first",
        "2026-11-25 10:07:06,123 app.db ERROR query failed",
        log__level="error",
        at="2026-11-25T10:07:06.123000Z",
        message="query failed",
        log__logger="app.db",
    ),
    case(
        "log4j-logger-first",
        "2026-11-25 10:07:06,123 com.acme.App ERROR - payment failed",
        log__level="error",
        at="2026-11-25T10:07:06.123000Z",
        message="payment failed",
        log__logger="com.acme.App",
    ),
    case(
        "go-log-shortfile",
        "2026/11/25 10:07:06 main.go:10: ERROR: payment failed",
        log__level="error",
        at="2026-11-25T10:07:06.000000Z",
        message="payment failed",
    ),
    case(
        "serilog-console",
        "[10:07:06 ERR] Payment failed for order 42",
        log__level="error",
        at="2026-11-25T10:07:06.000000Z",
        message="Payment failed for order 42",
    ),
    case(
        "serilog-console",
        "[10:07:06 FTL] Host terminated unexpectedly",
        log__level="critical",
        at="2026-11-25T10:07:06.000000Z",
        message="Host terminated unexpectedly",
    ),
    case(
        "zerolog-console",
        "10:07AM ERR payment failed error=boom",
        log__level="error",
        message="payment failed error=boom",
    ),
    case(
        "winston-simple",
        'error: payment failed {"service":"billing"}',
        log__level="error",
        message='payment failed {"service":"billing"}',
    ),
    case(
        "winston-colorize",
        "\x1b[31merror\x1b[39m: payment failed",
        log__level="error",
        message="payment failed",
    ),
    case(
        "tracing-subscriber",
        "\x1b[2m2026-11-25T10:07:06.123456Z\x1b[0m \x1b[31mERROR\x1b[0m "
        "\x1b[2morders::handler\x1b[0m\x1b[2m:\x1b[0m payment failed",
        log__level="error",
        at="2026-11-25T10:07:06.123456Z",
        message="payment failed",
        log__logger="orders::handler",
    ),
    case(
        "tracing-subscriber",
        "2026-11-25T10:07:06.123456Z  INFO orders::handler: listening on 0.0.0.0:8080",
        log__level="info",
        at="2026-11-25T10:07:06.123456Z",
        message="listening on 0.0.0.0:8080",
        log__logger="orders::handler",
    ),
    case(  # span context before the target: the spans stay in the message
        "tracing-subscriber",
        "2026-11-25T10:07:06.123456Z ERROR request{id=7}: orders::handler: payment failed",
        log__level="error",
        at="2026-11-25T10:07:06.123456Z",
        message="request{id=7}: payment failed",
        log__logger="orders::handler",
    ),
    case(
        "slog-text",
        'time=2026-11-25T10:07:06.123Z level=ERROR+4 msg="really bad"',
        log__level="error",
        at="2026-11-25T10:07:06.123000Z",
        message="really bad",
    ),
    # --- hunt_formats2: producers read wrong before ------------------------------------------
    *(
        case(
            "monolog-json",
            j(
                message="hello",
                context={},
                level=number,
                level_name=name,
                channel="app",
                datetime="2026-11-25T10:07:06.123456+00:00",
                extra={},
            ),
            log__level=level,
            at="2026-11-25T10:07:06.123456Z",
            message="hello",
        )
        for number, name, level in (
            (100, "DEBUG", "debug"),
            (200, "INFO", "info"),
            (300, "WARNING", "warning"),
            (400, "ERROR", "error"),
            (600, "EMERGENCY", "critical"),
        )
    ),
    case(
        "laravel-line",
        "[2026-11-25 10:07:06] local.ERROR: boom {} []",
        log__level="error",
        message="[2026-11-25 10:07:06] local.ERROR: boom {} []",
    ),
    *(
        case("plain-banner", line, log__level="info", message=line)
        for line in (
            "Log level set to ERROR",
            "Starting server with LOG_LEVEL=ERROR on port 8080",
            "Processed 120 records: 120 OK, 0 ERROR",
            "Tests: 10 passed, Errors: 0, FATAL: 0",
        )
    ),
    case(
        "node-console-error",
        [
            "Failed to process order Error: boom",
            "    at Object.<anonymous> (/app/index.js:4:42)",
            "    at Module._compile (node:internal/modules/cjs/loader:1521:14)",
        ],
        log__level="error",
        error__type="Error",
        error__message="boom",
    ),
    case(
        "node-console-error",
        [
            "Unhandled error TypeError: Cannot read properties of undefined (reading 'id')",
            "    at handler (/app/index.js:7:24)",
        ],
        log__level="error",
        error__type="TypeError",
        error__message="Cannot read properties of undefined (reading 'id')",
    ),
    case(
        "node-unhandled-rejection-warning",
        [
            "(node:1) UnhandledPromiseRejectionWarning: Error: boom",
            "    at Object.<anonymous> (/app/index.js:4:42)",
        ],
        log__level="error",
        error__type="Error",
        error__message="boom",
    ),
    case(
        "structlog-console",
        "2026-11-25 10:07:06 [error    ] payment failed                 order_id=42",
        log__level="error",
        at="2026-11-25T10:07:06.000000Z",
        message="payment failed                 order_id=42",
    ),
    case(
        "structlog-console",
        "2026-11-25 10:07:06 [critical ] db down",
        log__level="critical",
        at="2026-11-25T10:07:06.000000Z",
        message="db down",
    ),
    case(
        "structlog-console",
        "2026-11-25 10:07:06 [warning  ] slow query                     ms=900",
        log__level="warning",
        at="2026-11-25T10:07:06.000000Z",
        message="slow query                     ms=900",
    ),
    case(
        "python-warning-exc-info",
        [
            "WARNING:app:retrying in 5s",
            "Traceback (most recent call last):",
            '  File "/app/main.py", line 4, in f',
            '    raise ValueError("boom")',
            "ValueError: boom",
        ],
        log__level="warning",
        log__logger="app",
        error__type="ValueError",
        error__message="boom",
    ),
    case(
        "spring-boot-warn-stack",
        [
            "2026-11-25T10:07:06.123Z  WARN 1 --- [demo] [nio-8080-exec-1] "
            "com.zaxxer.hikari.pool.ProxyConnection   : HikariPool-1 - Connection marked as broken",
            "java.sql.SQLTransientConnectionException: timeout",
            "\tat com.zaxxer.hikari.pool.HikariPool.get(HikariPool.java:1)",
        ],
        log__level="warning",
        at="2026-11-25T10:07:06.123000Z",
        error__type="java.sql.SQLTransientConnectionException",
    ),
    case(
        "python-traceback-below-info",
        [
            "INFO:app:request done",
            "Traceback (most recent call last):",
            '  File "/app/main.py", line 4, in f',
            '    raise ValueError("boom")',
            "ValueError: boom",
        ],
        log__level="error",
        error__type="ValueError",
    ),
    case(
        "go-net-http-panic",
        [
            "2026/11/25 10:07:06 http: panic serving 10.0.0.1:5678: runtime error: invalid "
            "memory address or nil pointer dereference",
            "goroutine 23 [running]:",
            "net/http.(*conn).serve.func1()",
            "\t/usr/local/go/src/net/http/server.go:1898 +0xbe",
            "main.handler({0x7a0f28, 0xc0000a80e0}, 0xc0000b2000)",
            "\t/app/main.go:12 +0x1c",
        ],
        log__level="error",
        at="2026-11-25T10:07:06.000000Z",
        error__type="runtime.Error",
        error__message="runtime error: invalid memory address or nil pointer dereference",
    ),
    case(
        "rust-panic",
        [
            "thread 'main' panicked at src/main.rs:2:5:",
            "boom",
            "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
        ],
        log__level="critical",
        error__type="panic",
        error__message="boom",
    ),
    case(
        "rust-panic",
        "thread 'main' panicked at 'boom', src/main.rs:2:5",
        log__level="critical",
        message="thread 'main' panicked at 'boom', src/main.rs:2:5",
        error__message="boom",
    ),
    case(
        "rust-panic",
        [
            "thread 'tokio-runtime-worker' panicked at src/handler.rs:40:18:",
            "called `Option::unwrap()` on a `None` value",
        ],
        log__level="error",
        error__type="panic",
        error__message="called `Option::unwrap()` on a `None` value",
    ),
    case(
        "jvm-exit-on-oom",
        "Terminating due to java.lang.OutOfMemoryError: Java heap space",
        log__level="critical",
        message="Terminating due to java.lang.OutOfMemoryError: Java heap space",
        error__type="java.lang.OutOfMemoryError",
        error__message="Java heap space",
    ),
    case(
        "python-syntax-error",
        [
            '  File "/app/main.py", line 3',
            "    def f(",
            "         ^",
            "SyntaxError: '(' was never closed",
        ],
        log__level="error",
        error__type="SyntaxError",
        error__message="'(' was never closed",
    ),
    case(
        "php-cli",
        [
            "PHP Fatal error:  Uncaught Exception: boom in /app/index.php:3",
            "Stack trace:",
            "#0 {main}",
            "  thrown in /app/index.php on line 3",
        ],
        log__level="critical",
        error__type="Exception",
        error__message="boom",
    ),
    case(
        "php-cli",
        'PHP Parse error:  syntax error, unexpected token "}" in /app/index.php on line 5',
        log__level="critical",
        message='syntax error, unexpected token "}" in /app/index.php on line 5',
    ),
    case(
        "php-cli",
        "PHP Warning:  Undefined variable $x in /app/index.php on line 3",
        log__level="warning",
        message="Undefined variable $x in /app/index.php on line 3",
    ),
    case(
        "pino-no-base",
        j(level=30, time=1795601226123, message="hello"),
        log__level="info",
        message="hello",
    ),
    case(
        "pino-no-base",
        j(level=50, time=1795601226123, message="boom"),
        log__level="error",
        message="boom",
    ),
    case(
        "mongodb",
        '{"t":{"$date":"2026-11-25T10:07:06.123+00:00"},"s":"E","c":"NETWORK","id":23023,'
        '"ctx":"conn1","msg":"Error receiving request from client"}',
        log__level="error",
        at="2026-11-25T10:07:06.123000Z",
        message="Error receiving request from client",
    ),
    case(
        "dotnet-systemd-console",
        '<3>Microsoft.AspNetCore.Server.Kestrel[13] Connection id "0HN" failed',
        log__level="error",
        message='Connection id "0HN" failed',
        log__logger="Microsoft.AspNetCore.Server.Kestrel",
    ),
    case(
        "java-exception-message-lines",
        [
            "com.acme.ValidationException: invalid order",
            "  field: amount",
            "\tat com.acme.Order.check(Order.java:3)",
        ],
        log__level="error",
        error__type="com.acme.ValidationException",
        error__message="invalid order",
    ),
    case(
        "sidekiq",
        "2026-11-25T10:07:06.123Z pid=1 tid=2l9 class=Billing::GenerateMonthlyStatementsJob "
        "jid=b4a577edbccf1d805744efa9 ERROR: Stripe charge failed",
        log__level="error",
        at="2026-11-25T10:07:06.123000Z",
    ),
    # --- hunt_formats3: producers read wrong before ------------------------------------------
    # A log router's envelope per line of a traceback: one record, as the lines plain.
    case(
        "firelens-python",
        [
            j(container_id="3f9a", container_name="/ecs-app-1", source="stderr", log=line)
            for line in PY_TB.split("\n")
        ],
        log__level="error",
        message=PY_TB,
        error__type="KeyError",
        error__message="'amount'",
        container_name="/ecs-app-1",
    ),
    case(
        "docker-json-file-java",
        [
            j(log=line + "\n", stream="stderr", time="2026-11-25T10:07:06.5Z")
            for line in [
                "2026-11-25 10:07:06,500 ERROR [main] c.a.Api - request failed",
                *JAVA_STACK.split("\n"),
            ]
        ],
        log__level="error",
        at="2026-11-25T10:07:06.500000Z",
        message="request failed\n" + JAVA_STACK,
        error__type="java.lang.IllegalStateException",
        stream="stderr",
    ),
    case(
        "docker-json-file",
        [j(log="INFO started\n", stream="stdout"), j(log="  config loaded\n", stream="stderr")],
        records=2,
        log__level="info",
        message="INFO started",
    ),
    # gin's Recovery(): an error, the panic's value its message
    case(
        "gin-recovery",
        [
            "\x1b[31m2026/11/25 10:07:06 [Recovery] 2026/11/25 - 10:07:06 panic recovered:",
            "runtime error: invalid memory address or nil pointer dereference",
            "/app/handlers.go:27 (0x8c1f2a)",
            "/root/go/pkg/mod/github.com/gin-gonic/gin@v1.10.0/context.go:185 (0x8a5f0e)",
            "\x1b[0m",
        ],
        log__level="error",
        at="2026-11-25T10:07:06.000000Z",
        error__type="runtime.Error",
        error__message="runtime error: invalid memory address or nil pointer dereference",
    ),
    case(
        "gin-access",
        '[GIN] 2026/11/25 - 10:07:06 | 500 |     1.204ms |       10.0.0.1 | GET      "/orders"',
        log__level="info",
    ),
    case(
        "gin-debug",
        '[GIN-debug] [WARNING] Running in "debug" mode. Switch to "release" mode in production.',
        log__level="warning",  # its own tag: no recovery
    ),
    # npm: one failure, one error record
    case(
        "npm6",
        NPM6,
        log__level="error",
        error__type="ELIFECYCLE",
        error__message="app@1.0.0 start: `node index.js`",
    ),
    case(
        "npm10",
        [
            "npm error code ERESOLVE",
            "npm error ERESOLVE unable to resolve dependency tree",
            "npm error",
            "npm error While resolving: app@1.0.0",
        ],
        log__level="error",
        error__type="ERESOLVE",
        error__message="ERESOLVE unable to resolve dependency tree",
    ),
    case(
        "npm10", "npm warn deprecated glob@7.2.3: Glob versions prior to v9", log__level="warning"
    ),
    case(
        "npm10",
        "npm notice New minor version of npm available! 10.2.4 -> 10.9.0",
        log__level="info",
    ),
    case("npm-quoted", "deploy step output: npm ERR! code E404 (retried)", log__level="info"),
    # Elixir's exception (error), the BEAM halting (critical)
    case(
        "elixir",
        [
            "10:07:06.123 [error] GenServer App.Worker terminating",
            "** (RuntimeError) boom",
            "    (app 0.1.0) lib/app/worker.ex:9: App.Worker.handle_call/3",
            "    (stdlib 5.2) gen_server.erl:1131: :gen_server.try_handle_call/4",
        ],
        log__level="error",
        at="2026-11-25T10:07:06.123000Z",
        error__type="RuntimeError",
        error__message="boom",
    ),
    case(
        "elixir",
        ["** (Mix) Could not start application app: exited in: App.start(:normal, [])"],
        log__level="error",
        error__type="Mix",
    ),
    case(
        "beam",
        [
            "Runtime terminating during boot ({undef,[{main,main,[],[]},{init,start_it,1,[]}]})",
            "",
            "Crash dump is being written to: erl_crash.dump...done",
        ],
        log__level="critical",
        error__type="undef",
    ),
    case(
        "beam",
        "Kernel pid terminated (application_controller) "
        "({application_start_failure,app,{bad_return,{{'Elixir.App',start,[normal,[]]},x}}})",
        log__level="critical",
        error__type="application_start_failure",
    ),
    case("elixir", "** (note) see the docs", log__level="info"),
    case("beam", "the Kernel pid terminated message is printed by erts", log__level="info"),
    # --- an error's own line, with no level said: an error (a kill, an OOM: critical) -------------
    case(
        "python-raised",
        "ValueError: boom",
        log__level="error",
        error__type="ValueError",
        error__message="boom",
    ),
    case("python-raised", "Exception: boom", log__level="error", error__type="Exception"),
    case(
        "pytorch",
        "RuntimeError: CUDA out of memory.",
        log__level="error",
        error__type="RuntimeError",
        error__message="CUDA out of memory.",
    ),
    case(
        "django-raised",
        "django.db.utils.OperationalError: could not connect to server: Connection refused",
        log__level="error",
        error__type="django.db.utils.OperationalError",
        error__message="could not connect to server: Connection refused",
    ),
    case(
        "sqlalchemy-raised",
        "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection refused",
        log__level="error",
        error__type="sqlalchemy.exc.OperationalError",
    ),
    case(
        "java-raised",
        "java.lang.IllegalStateException: connection pool exhausted",
        log__level="error",
        error__type="java.lang.IllegalStateException",
        error__message="connection pool exhausted",
    ),
    case(
        "java-raised",
        "java.lang.OutOfMemoryError: Java heap space",
        log__level="critical",
        error__type="java.lang.OutOfMemoryError",
        error__message="Java heap space",
    ),
    case(
        "java-raised",
        "Caused by: java.net.ConnectException: Connection refused",
        log__level="error",
        error__type="java.net.ConnectException",
        error__message="Connection refused",
        message="Caused by: java.net.ConnectException: Connection refused",
    ),
    case(
        "node-raised",
        "TypeError: Cannot read properties of undefined (reading 'id')",
        log__level="error",
        error__type="TypeError",
    ),
    case(
        "node-raised",
        "Error: connect ECONNREFUSED 127.0.0.1:5432",
        log__level="error",
        error__type="Error",
        error__message="connect ECONNREFUSED 127.0.0.1:5432",
    ),
    case(
        "node-raised",
        "UnhandledPromiseRejection: This error originated either by throwing inside of an async "
        "function without a catch block",
        log__level="error",
        error__type="UnhandledPromiseRejection",
    ),
    case(
        "shell-signal",
        "Segmentation fault (core dumped)",
        log__level="critical",
        error__type="SIGSEGV",
    ),
    case(
        "django-request",
        "Internal Server Error: /api/pay",
        log__level="error",
        message="Internal Server Error: /api/pay",
    ),
    case("django-request", "Not Found: /favicon.ico", log__level="warning"),
    case(
        "redis",
        "1:M 25 Nov 2026 10:07:06.123 # Error accepting a client connection: Connection reset",
        log__level="warning",
        process__pid=1,
        message="Error accepting a client connection: Connection reset",
    ),
    case(
        "redis",
        "1:M 25 Nov 2026 10:07:06.123 * Ready to accept connections tcp",
        log__level="info",
        message="Ready to accept connections tcp",
    ),
    case("redis", "7:C 25 Nov 2026 10:07:06.123 . fork child started", log__level="debug"),
    case(
        "lambda-node",
        "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function "
        "code. However, in rare cases, a Lambda runtime update can cause unexpected function "
        "behavior.",
        log__level="warning",
    ),
    # Erlang/OTP's reports: the level by the report's kind, its lines below in its record
    case(
        "otp",
        [
            "=CRASH REPORT==== 1-Dec-2026::10:00:00.000000 ===",
            "  crasher:",
            "    initial call: app_srv:init/1",
            "    exception exit: badarg",
            "",
        ],
        log__level="error",
        message="=CRASH REPORT==== 1-Dec-2026::10:00:00.000000 ===\n  crasher:\n"
        "    initial call: app_srv:init/1\n    exception exit: badarg\n",
    ),
    case(
        "otp",
        [
            "=ERROR REPORT==== 1-Dec-2026::10:00:01.000000 ===",
            "** Generic server app_srv terminating",
            "** Last message in was boom",
        ],
        log__level="error",
    ),
    case(
        "otp",
        "=SUPERVISOR REPORT==== 1-Dec-2026::10:00:02 ===\n    supervisor: {local,app_sup}",
        log__level="error",
    ),
    case("otp", "=WARNING REPORT==== 1-Dec-2026::10:00:03 ===", log__level="warning"),
    case("otp", "=PROGRESS REPORT==== 1-Dec-2026::10:00:04 ===", log__level="info"),
    case(
        "otp",
        ["=INFO REPORT==== 1-Dec-2026::10:00:05 ===", "next line"],
        records=2,
        log__level="info",
    ),
    case("plain", "=CRASH REPORT==== pending", log__level="info"),
    case("plain", "=== RUN   TestCharge", log__level="info"),
    # ... and the lines like them that say nothing of an error: info
    case("plain", "Note: cache warmed", log__level="info"),
    case("plain", "Status: ok", log__level="info"),
    case("plain", "Errors: 0", log__level="info"),
    case("plain", "Error: 0", log__level="info"),
    case("plain", "ValueError handling enabled", log__level="info"),
    case("plain", "retrying after Error: none", log__level="info"),
    case("plain", "error_rate: 0.01", log__level="info"),
    case("plain", "Exception handlers: 3 registered", log__level="info"),
    case("uvicorn", "INFO: Error pages configured", log__level="info"),
    case("plain", "Traceback disabled", log__level="info"),
    case("plain", "java.lang.String", log__level="info"),
    case("plain", "Caused by config: none", log__level="info"),
    case("plain", "Segmentation fault handler installed", log__level="info"),
    case("plain", "Not Found: /x for user 7", log__level="info"),
    case("plain", "LAMBDA_WARNING is printed by the runtime", log__level="info"),
]
