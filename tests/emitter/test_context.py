"""emitter.context: fields carried by contextvars, across asyncio tasks and into threads."""

import asyncio
import contextvars
from concurrent.futures import ThreadPoolExecutor

import emitter
from emitter.context import bind_context, clear_context, current_context, opentelemetry_ids


class TestContextManager:
    def test_fields_in_scope_only(self, captured):
        """Records in the with block carry the fields; after it they do not."""
        log = captured.logger()
        with emitter.context(order_id=1):
            log.info("inside")
            with emitter.context(step="charge", order_id=2):
                log.info("nested")
            log.info("inside again")
        log.info("outside")
        records = captured.records()
        assert [r.get("order_id") for r in records] == [1, 2, 1, None]
        assert [r.get("step") for r in records] == [None, "charge", None, None]

    def test_bound_and_call_fields_win_over_context(self, captured):
        """Call fields beat bound fields, which beat context fields."""
        with emitter.context(a="ctx", b="ctx", c="ctx"):
            captured.logger().bind(b="bound", c="bound").info("m", c="call")
        record = captured.record()
        assert (record["a"], record["b"], record["c"]) == ("ctx", "bound", "call")

    def test_reserved_names_in_context_are_renamed(self, captured):
        """A context field named like a schema key is renamed like any other field."""
        with emitter.context(service="mine"):
            captured.logger().info("m")
        record = captured.record()
        assert record["service_"] == "mine" and record["logpipe.renamed"] == ["service -> service_"]

    def test_bind_and_clear_context(self, captured):
        """bind_context adds fields until clear_context."""
        ctx = contextvars.copy_context()

        def run():
            bind_context(tenant="t1")
            captured.logger().info("a")
            assert current_context() == {"tenant": "t1"}
            clear_context()
            captured.logger().info("b")

        ctx.run(run)
        assert [r.get("tenant") for r in captured.records()] == ["t1", None]


class TestAsyncio:
    def test_tasks_do_not_see_each_other(self, captured):
        """Concurrent tasks each log their own context fields only."""
        log = captured.logger()

        async def task(n):
            with emitter.context(task=n):
                await asyncio.sleep(0)
                log.info("step 1")
                await asyncio.sleep(0.001 * (3 - n))
                log.info("step 2")

        async def main():
            await asyncio.gather(*(task(n) for n in range(3)))

        asyncio.run(main())
        records = captured.records()
        assert len(records) == 6
        assert sorted(r["task"] for r in records) == [0, 0, 1, 1, 2, 2]

    def test_async_with(self, captured):
        """context() works as an async context manager too."""

        async def main():
            async with emitter.context(a=1):
                captured.logger().info("m")

        asyncio.run(main())
        assert captured.record()["a"] == 1


class TestThreads:
    def test_wrap_context_carries_fields_into_pool(self, captured):
        """wrap_context runs the function in the caller's context in pool threads."""
        log = captured.logger()

        def work(n):
            log.info("work", n=n)

        with emitter.context(request_id="r-9"), ThreadPoolExecutor(4) as pool:
            list(pool.map(emitter.wrap_context(work), range(8)))
            pool.submit(work, 99).result()  # unwrapped: the thread has no context
        records = captured.records()
        wrapped = [r for r in records if r["n"] != 99]
        assert len(wrapped) == 8 and all(r["request_id"] == "r-9" for r in wrapped)
        assert "request_id" not in next(r for r in records if r["n"] == 99)


class TestOpenTelemetry:
    def test_absent_is_none(self):
        """Without opentelemetry installed there is no id provider."""
        try:
            import opentelemetry  # noqa: F401
        except ImportError:
            assert opentelemetry_ids() is None

    def test_current_span_ids_are_added(self, monkeypatch, make_captured):
        """With opentelemetry importable, the current valid span's ids are in each record."""
        import sys
        import types

        class SpanContext:
            is_valid = True
            trace_id = 0x0AF7651916CD43DD8448EB211C80319C
            span_id = 0x00F067AA0BA902B7

        class Span:
            def get_span_context(self):
                return SpanContext()

        package = types.ModuleType("opentelemetry")
        trace = types.ModuleType("opentelemetry.trace")
        trace.get_current_span = Span
        package.trace = trace
        monkeypatch.setitem(sys.modules, "opentelemetry", package)
        monkeypatch.setitem(sys.modules, "opentelemetry.trace", trace)
        out = make_captured(opentelemetry=True)
        out.logger().info("traced")
        out.logger().info("explicit", **{"trace.id": "mine"})
        first, second = out.records()
        assert first["trace.id"] == "0af7651916cd43dd8448eb211c80319c"
        assert first["span.id"] == "00f067aa0ba902b7"
        assert second["trace.id"] == "mine"


class TestRealOpenTelemetry:
    """With the real opentelemetry-api (FastAPI requires it): a span's ids, and none without."""

    def test_a_current_span_gives_its_ids_and_none_outside(self, make_captured):
        from opentelemetry import context as otel_context
        from opentelemetry import trace

        span = trace.NonRecordingSpan(
            trace.SpanContext(
                trace_id=0x0AF7651916CD43DD8448EB211C80319C,
                span_id=0x00F067AA0BA902B7,
                is_remote=False,
                trace_flags=trace.TraceFlags(1),
            )
        )
        out = make_captured(opentelemetry=True)
        log = out.logger()
        log.info("before")
        with trace.use_span(span):
            log.info("in span")
        token = otel_context.attach(otel_context.set_value("unrelated", 1))
        try:
            log.info("context without a span")
        finally:
            otel_context.detach(token)
        before, inside, other = out.records()
        assert "trace.id" not in before and "trace.id" not in other
        assert inside["trace.id"] == "0af7651916cd43dd8448eb211c80319c"
        assert inside["span.id"] == "00f067aa0ba902b7"

    def test_the_span_of_each_task(self, make_captured):
        """Each asyncio task sees its own span (OpenTelemetry's context is a contextvar too)."""
        from opentelemetry import trace

        out = make_captured(opentelemetry=True)
        log = out.logger()

        async def traced(n):
            context = trace.SpanContext(n, n, is_remote=False)
            with trace.use_span(trace.NonRecordingSpan(context)):
                await asyncio.sleep(0)
                log.info("task", n=n)

        async def main():
            await asyncio.gather(*(traced(n) for n in range(1, 6)))

        asyncio.run(main())
        assert all(int(r["span.id"], 16) == r["n"] for r in out.records())
