"""A thread pool whose jobs cannot leak context: each runs in a copy of its submitter's context.

    with emitter.ThreadPoolExecutor(8) as pool:        # a drop-in for concurrent.futures'
        pool.submit(job, item)                          # job sees the caller's context fields,
                                                        # and what it binds ends with it
    loop.set_default_executor(emitter.ThreadPoolExecutor())   # the same for run_in_executor

The stdlib's pool runs every job in its worker thread's one context, so a contextvar a job sets
(`emitter.bind_context`) is still set for the next, unrelated job on that thread, and the
submitter's context (a request id) is not there at all. `contextvars.Context.run` is the stdlib's
unit of scope: asyncio runs each task and callback in one, `asyncio.to_thread` runs its function
in one; this pool does the same for each job. (An `initializer=` still runs in the worker's own
context, so contextvars it sets are not seen by jobs.)
"""

from __future__ import annotations

import concurrent.futures
import contextvars
from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")


class ThreadPoolExecutor(concurrent.futures.ThreadPoolExecutor):
    """`concurrent.futures.ThreadPoolExecutor`, each job in a fresh copy of the submitter's context.

    `map` goes through `submit`, so it is scoped too.
    """

    def submit(  # type: ignore[override]
        self, fn: Callable[..., R], /, *args: Any, **kwargs: Any
    ) -> concurrent.futures.Future[R]:
        """Schedule `fn(*args, **kwargs)` in a copy of the current context (taken now)."""
        return super().submit(contextvars.copy_context().run, fn, *args, **kwargs)
