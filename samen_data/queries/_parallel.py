"""Independent reads of one figure at the same time. Each is an aggregate over up to a million rows that the
database does without Python (SQLite steps with the GIL released; PostgreSQL works in its own processes), so a
figure made of several waits for the slowest of them, not for their sum."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

from sqlalchemy import Engine

# Shared by every session of the server, and bounded: under load the reads queue here instead of multiplying
# threads and connections (SQLAlchemy's pool holds 5 + 10 by default).
WORKERS = 4
_worker = threading.local()


def _new_pool() -> None:
    global _pool
    _pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="samen-lezen")


_new_pool()
os.register_at_fork(after_in_child=_new_pool)  # a forked child (the benchmark's workers) has none of the threads


def _in_worker(call: Callable[[], Any]) -> Any:
    _worker.active = True  # a worker never waits on the pool (no deadlock): its own together() runs in line
    return call()


def together(engine: Engine, *calls: Callable[[], Any]) -> list[Any]:
    """The results of `calls`, in order, made concurrently; the first raised error is raised after all ended.
    In line when there is nothing to gain: one call, inside a worker, or an in-memory SQLite database (one
    connection per thread there, each its own empty database)."""
    inline = len(calls) < 2 or getattr(_worker, "active", False) or engine.url.database in (None, "", ":memory:")
    if inline:
        return [call() for call in calls]
    futures = [_pool.submit(_in_worker, call) for call in calls[1:]]
    try:
        first = calls[0]()  # the caller's thread does one itself
    finally:
        wait(futures)  # also when the first failed: nothing of this figure runs on after it
    return [first, *(f.result() for f in futures)]
