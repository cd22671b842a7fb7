"""Independent reads of one figure run at the same time (samen_data.queries._parallel), and give what they
would give one after the other."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine

from samen_data.queries._parallel import WORKERS, together


@pytest.fixture
def file_engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'leeg.db'}")
    yield engine
    engine.dispose()


def test_calls_run_at_the_same_time_and_results_keep_their_order(file_engine):
    barrier = threading.Barrier(3, timeout=10)  # one after the other, the first would wait here in vain

    def part(n):
        def call():
            barrier.wait()
            return n

        return call

    assert together(file_engine, part(1), part(2), part(3)) == [1, 2, 3]


def test_an_error_is_raised_after_every_part_ended(file_engine):
    ended = threading.Event()

    def slow():
        ended.wait(0.2)
        ended.set()
        return "klaar"

    def fails():
        raise ValueError("kapot")

    with pytest.raises(ValueError, match="kapot"):
        together(file_engine, fails, slow)
    assert ended.is_set()


def test_reads_inside_reads_never_leave_a_full_pool_waiting_on_itself(file_engine):
    def inner(i):
        return lambda: together(file_engine, lambda: i, lambda: together(file_engine, lambda: i * 10, lambda: -i))

    n = WORKERS * 3 + 1  # more than the pool holds, each waiting on parts of its own
    result: list = []
    outer = threading.Thread(target=lambda: result.append(together(file_engine, *(inner(i) for i in range(n)))))
    outer.start()
    outer.join(timeout=30)  # a deadlock fails here instead of hanging the run
    assert not outer.is_alive(), "together() wacht op zichzelf"
    assert result == [[[i, [i * 10, -i]] for i in range(n)]]


def test_the_first_error_in_order_is_raised(file_engine):
    def fails(message):
        def call():
            raise ValueError(message)

        return call

    with pytest.raises(ValueError, match="eerste"):
        together(file_engine, lambda: 1, fails("eerste"), fails("tweede"))


def test_in_memory_sqlite_runs_in_line():
    # one connection per thread there, each an empty database of its own: a thread would read nothing
    engine = create_engine("sqlite://")
    threads = together(engine, threading.get_ident, threading.get_ident)
    assert threads == [threading.get_ident()] * 2


class _Rerun(BaseException):
    """As Streamlit's RerunException or StopException: not an error of the figure, the run is over."""


def test_a_rerun_goes_up_at_once_and_the_parts_not_started_never_run(file_engine):
    from samen_data.queries import _parallel

    busy, release = threading.Barrier(WORKERS + 1, timeout=10), threading.Event()

    def hold():
        busy.wait()
        release.wait(10)

    holders = [_parallel._pool.submit(hold) for _ in range(WORKERS)]  # every worker busy: the parts stay queued
    busy.wait()
    ran: list[int] = []

    def rerun():
        raise _Rerun

    try:
        with pytest.raises(_Rerun):
            together(file_engine, rerun, lambda: ran.append(1), lambda: ran.append(2))
        assert ran == []  # not run by the caller on its way out, nor later by a worker
    finally:
        release.set()
    wait_all = [h.result(timeout=10) for h in holders]
    assert wait_all == [None] * WORKERS and ran == []


def test_a_forked_child_reads_at_once_with_a_pool_of_its_own(file_engine):
    import multiprocessing

    together(file_engine, lambda: 1, lambda: 2)  # the parent's workers are started before the fork
    child = multiprocessing.get_context("fork").Process(target=_three_at_once, args=(str(file_engine.url),))
    child.start()
    child.join(timeout=30)
    assert child.exitcode == 0  # with the parent's pool (no threads in the child) the barrier breaks: exit 1


def _three_at_once(url: str) -> None:
    barrier = threading.Barrier(3, timeout=5)
    ok = together(create_engine(url), barrier.wait, barrier.wait, barrier.wait)
    raise SystemExit(0 if sorted(ok) == [0, 1, 2] else 2)
