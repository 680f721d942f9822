"""Work shared out over forked processes gives exactly the serial answers, or the error."""

from __future__ import annotations

import os
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.core.parallel import forked_map, shares


def _square_where(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


@pytest.fixture
def children(monkeypatch) -> list[int]:
    """The pids of the children forked during the test (as the parent saw them)."""
    pids: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return pids


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # not a child any more: waited for already
        return True
    return False


def test_forked_results_come_back_in_order_and_children_did_part_of_the_work(children):
    items = list(range(200))
    answers = forked_map(_square_where, items, cost=lambda _i: 1, worth_it=1, processes=3)
    assert [a for a, _pid in answers] == [i * i for i in items]
    pids = {pid for _a, pid in answers}
    assert os.getpid() in pids
    assert len(pids) == 3
    assert pids - {os.getpid()} == set(children)
    assert all(_reaped(pid) for pid in children)


def test_pinned_items_run_in_this_process():
    answers = forked_map(
        _square_where,
        list(range(50)),
        cost=lambda _i: 1,
        worth_it=1,
        processes=2,
        pinned=lambda i: i % 10 == 0,
    )
    assert all(pid == os.getpid() for i, (_a, pid) in enumerate(answers) if i % 10 == 0)


def test_below_the_threshold_everything_runs_here():
    answers = forked_map(_square_where, list(range(20)), cost=lambda _i: 1, worth_it=21)
    assert {pid for _a, pid in answers} == {os.getpid()}


def test_a_child_that_dies_has_its_share_redone_here(children):
    parent = os.getpid()

    def dies_in_a_child(item: int) -> tuple[int, int]:
        if os.getpid() != parent:
            os._exit(3)
        return _square_where(item)

    answers = forked_map(
        dies_in_a_child, list(range(40)), cost=lambda _i: 1, worth_it=1, processes=2
    )
    assert answers == [(i * i, parent) for i in range(40)]
    assert len(children) == 1 and _reaped(children[0])


def test_an_error_in_the_work_is_raised_as_a_serial_run_would_raise_it(children):
    def fails_on_seven(item: int) -> int:
        if item == 7:
            raise ValueError("seven")
        return item

    with pytest.raises(ValueError, match="seven"):
        forked_map(fails_on_seven, list(range(30)), cost=lambda _i: 1, worth_it=1, processes=3)
    assert len(children) == 2 and all(_reaped(pid) for pid in children)


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        answers = forked_map(
            _square_where, list(range(30)), cost=lambda _i: 1, worth_it=1, processes=2
        )
    finally:
        stop.set()
        other.join()
    assert {pid for _a, pid in answers} == {os.getpid()}


@pytest.mark.parametrize("worth_it", [1, 10**9], ids=["forked", "serial"])
def test_then_runs_once_after_the_children_start(worth_it):
    calls: list[int] = []
    forked_map(
        _square_where,
        list(range(10)),
        cost=lambda _i: 1,
        worth_it=worth_it,
        processes=2,
        then=lambda: calls.append(threading.active_count()),
    )
    assert calls == [1]


@given(
    st.lists(st.tuples(st.integers(0, 10**6), st.booleans()), max_size=60),
    st.integers(1, 5),
)
def test_every_item_has_exactly_one_process_and_pinned_ones_the_parent(items, processes):
    costs = [c for c, _p in items]
    pinned = [p for _c, p in items]
    parts = shares(costs, pinned, processes)
    assert len(parts) == processes
    assert sorted(i for part in parts for i in part) == list(range(len(items)))
    assert all(i in parts[0] for i, p in enumerate(pinned) if p)
    if not any(pinned) and costs:
        loads = [sum(costs[i] for i in part) for part in parts]
        assert max(loads) - min(loads) <= max(costs)  # greedy, costliest first
