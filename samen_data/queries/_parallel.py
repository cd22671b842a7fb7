"""Independent reads of one figure at the same time. Each is an aggregate over up to a million rows that the
database does without Python (SQLite steps with the GIL released; PostgreSQL works in its own processes), so a
figure made of several waits for the slowest of them, not for their sum."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from sqlalchemy import Engine

# Shared by every session of the server, and bounded: under load the reads queue here instead of multiplying
# threads and connections (SQLAlchemy's pool holds 5 + 10 by default).
WORKERS = 4


def _new_pool() -> None:
    global _pool
    _pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="samen-lezen")


_new_pool()
os.register_at_fork(after_in_child=_new_pool)  # a forked child (the benchmark's workers) has none of the threads


def _settled(call: Callable[[], Any]) -> Future:
    done: Future = Future()
    try:
        done.set_result(call())
    except Exception as exc:  # noqa: BLE001 - kept, raised in order by together()
        done.set_exception(exc)
    return done  # anything else (Streamlit's rerun or stop, KeyboardInterrupt) goes up at once


def together(engine: Engine, *calls: Callable[[], Any]) -> list[Any]:
    """The results of `calls`, in order, made concurrently; the first error (in order) is raised after all ended.

    The caller does the first itself, then every part no worker has started yet (a full pool, or a read inside a
    worker): it only ever waits for parts that are running, so a full pool cannot wait on itself. In line for an
    in-memory SQLite database (one connection per thread there, each its own empty database)."""
    if len(calls) < 2 or engine.url.database in (None, "", ":memory:"):
        return [call() for call in calls]
    queued = [_pool.submit(call) for call in calls[1:]]
    outcomes: list[Future] = []
    try:
        outcomes.append(_settled(calls[0]))
        outcomes += [_settled(call) if part.cancel() else part for part, call in zip(queued, calls[1:], strict=True)]
    finally:
        for part in queued:  # left by a rerun or stop: the parts no worker has started are not run at all
            part.cancel()
        wait([part for part in queued if not part.cancelled()])  # nothing of this figure runs on after it
    return [outcome.result() for outcome in outcomes]
