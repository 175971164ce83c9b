"""What a job binds ends with the job: emitter.ThreadPoolExecutor, to_thread, executors, tasks.

Real pools and real event loops; one worker thread where the point is that a later job reuses
the thread an earlier one bound on.
"""

import asyncio
import concurrent.futures
import threading

import emitter
from emitter.context import bind_context, current_context


def _binding_job(log, n):
    """A job that binds its own field, logs, and leaves it bound (as careless code does)."""
    bind_context(job=n)
    log.info("bound", n=n)
    return threading.get_ident()


def _plain_job(log, n):
    log.info("plain", n=n)
    return threading.get_ident()


class TestThreadPoolExecutor:
    def test_stdlib_pool_keeps_a_jobs_binding_for_the_next_job(self, captured):
        """Why the pool exists: the stdlib's runs every job in its thread's one context."""
        log = captured.logger()
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            first = pool.submit(_binding_job, log, 1).result()
            second = pool.submit(_plain_job, log, 2).result()
        assert first == second
        assert captured.records()[1]["job"] == 1  # leaked into an unrelated job

    def test_a_jobs_binding_ends_with_the_job(self, captured):
        """The next job on the same thread sees nothing the previous one bound."""
        log = captured.logger()
        with emitter.ThreadPoolExecutor(1) as pool:
            first = pool.submit(_binding_job, log, 1).result()
            second = pool.submit(_plain_job, log, 2).result()
            third = pool.submit(current_context).result()
        assert first == second
        bound, plain = captured.records()
        assert bound["job"] == 1 and "job" not in plain
        assert third == {}

    def test_jobs_see_the_submitters_context(self, captured):
        """Each job starts from the context at submit time, like an asyncio task."""
        log = captured.logger()
        with emitter.ThreadPoolExecutor(2) as pool:
            with emitter.context(request_id="r-1"):
                a = pool.submit(_plain_job, log, 1)
            with emitter.context(request_id="r-2"):
                b = pool.submit(_plain_job, log, 2)
            c = pool.submit(_plain_job, log, 3)
            concurrent.futures.wait([a, b, c])
        by_n = {r["n"]: r for r in captured.records()}
        assert by_n[1]["request_id"] == "r-1" and by_n[2]["request_id"] == "r-2"
        assert "request_id" not in by_n[3]

    def test_map_is_scoped_and_concurrent_jobs_keep_their_own(self, captured):
        """400 jobs on 4 threads, each binding its own id: every record carries its own job's."""
        log = captured.logger()

        def job(n):
            bind_context(job=n)
            for step in range(3):
                log.info("step", n=n, step=step)

        with emitter.context(batch="b-7"), emitter.ThreadPoolExecutor(4) as pool:
            list(pool.map(job, range(400)))
        records = captured.records()
        assert len(records) == 1200
        assert all(r["job"] == r["n"] and r["batch"] == "b-7" for r in records)

    def test_wrap_context_still_wins(self, captured):
        """A function wrapped earlier runs in the context captured at wrap time."""
        log = captured.logger()
        with emitter.context(origin="wrapped"):
            wrapped = emitter.wrap_context(_binding_job)
        with emitter.context(origin="submitter"), emitter.ThreadPoolExecutor(1) as pool:
            pool.submit(wrapped, log, 1).result()
            pool.submit(_plain_job, log, 2).result()
        bound, plain = captured.records()
        assert bound["origin"] == "wrapped" and bound["job"] == 1
        assert plain["origin"] == "submitter" and "job" not in plain

    def test_a_failing_job_still_ends_its_binding(self, captured):
        """An exception in a job reaches its future; the binding does not reach the next job."""
        log = captured.logger()

        def failing():
            bind_context(job="bad")
            raise RuntimeError("boom")

        with emitter.ThreadPoolExecutor(1) as pool:
            future = pool.submit(failing)
            assert isinstance(future.exception(), RuntimeError)
            pool.submit(_plain_job, log, 2).result()
        assert "job" not in captured.record()


class TestAsyncio:
    def test_run_in_executor_with_the_pool_as_default(self, captured):
        """`loop.run_in_executor(None, ...)` jobs: the calling task's context, nothing left over."""
        log = captured.logger()

        async def request(rid, job):
            with emitter.context(request_id=rid):
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(None, job, log, rid)

        async def main():
            asyncio.get_running_loop().set_default_executor(emitter.ThreadPoolExecutor(1))
            first = await request("r-1", _binding_job)
            second = await request("r-2", _plain_job)
            return first, second

        first, second = asyncio.run(main())
        assert first == second
        bound, plain = captured.records()
        assert (bound["request_id"], bound["job"]) == ("r-1", "r-1")
        assert plain["request_id"] == "r-2" and "job" not in plain

    def test_to_thread_binding_ends_with_the_call(self, captured):
        """`asyncio.to_thread` runs in a copy of the caller's context (any default executor)."""
        log = captured.logger()

        async def main():
            asyncio.get_running_loop().set_default_executor(
                concurrent.futures.ThreadPoolExecutor(1)
            )
            with emitter.context(request_id="r-1"):
                first = await asyncio.to_thread(_binding_job, log, 1)
            second = await asyncio.to_thread(_plain_job, log, 2)
            return first, second, current_context()

        first, second, after = asyncio.run(main())
        assert first == second and after == {}
        bound, plain = captured.records()
        assert bound["request_id"] == "r-1" and bound["job"] == 1
        assert "job" not in plain and "request_id" not in plain

    def test_task_group_tasks_keep_their_bindings_to_themselves(self, captured):
        """A TaskGroup task's bind_context reaches neither its siblings nor its parent."""
        log = captured.logger()

        async def binder(gate):
            bind_context(job="binder")
            log.info("binder")
            gate.set()

        async def sibling(gate):
            await gate.wait()
            log.info("sibling")

        async def main():
            gate = asyncio.Event()
            with emitter.context(request_id="r-1"):
                async with asyncio.TaskGroup() as group:
                    group.create_task(binder(gate))
                    group.create_task(sibling(gate))
                log.info("parent")

        asyncio.run(main())
        records = {r["message"]: r for r in captured.records()}
        assert records["binder"]["job"] == "binder"
        assert "job" not in records["sibling"] and "job" not in records["parent"]
        assert all(r["request_id"] == "r-1" for r in records.values())
