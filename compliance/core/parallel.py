"""Spread CPU-bound work over forked processes; the answers are those of a serial run.

The evidence index reads and hashes thousands of files, a job that holds the interpreter
lock between the short system calls: threads do not share it out, processes do. Forked
children start with everything the parent has loaded, run their share and send the
results back through a pipe (pickle, between a parent and its own child only). Any child
that fails or dies, for whatever reason, has its share redone by the parent, so a result
is never lost or invented, and an error is raised where a serial run would raise it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_PROCESSES = 4
"""Beyond four, a file system's reads, not the CPUs, limit the index."""


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        return os.cpu_count() or 1


def _can_fork() -> bool:
    # Forking a process that runs other threads can copy a lock in a held state: only the
    # main thread may be alive (the index forks before it starts its git thread).
    return hasattr(os, "fork") and threading.active_count() == 1


def shares(costs: Sequence[int], pinned: Sequence[bool], processes: int) -> list[list[int]]:
    """Item indexes per process (the parent's first), costliest first to the least loaded.

    Pinned items go to the parent, which also waits for the children's results: it gets
    no more than its part of the total.
    """
    load = [0] * processes
    out: list[list[int]] = [[] for _ in range(processes)]
    for i, cost in enumerate(costs):
        if pinned[i]:
            out[0].append(i)
            load[0] += cost
    free = sorted((i for i in range(len(costs)) if not pinned[i]), key=lambda i: -costs[i])
    for i in free:
        target = min(range(processes), key=load.__getitem__)
        out[target].append(i)
        load[target] += costs[i]
    for part in out:
        part.sort()  # in path order: neighbouring files share directory blocks
    return out


def forked_map(
    work: Callable[[T], R],
    items: Sequence[T],
    cost: Callable[[T], int],
    *,
    worth_it: int,
    pinned: Callable[[T], bool] = lambda _item: False,
    processes: int | None = None,
    then: Callable[[], None] | None = None,
) -> list[R]:
    """[work(item) for item in items], with shares run in forked children when the total
    cost reaches `worth_it`. `pinned` items run in this process (their work has effects
    here, such as filling a dict). `work` must be a pure function of its item otherwise.
    `then` runs once the children are started (at once when there are none): a thread
    that should work beside them is started there, never before the fork.
    """
    wanted = processes if processes is not None else min(usable_cpus(), MAX_PROCESSES)
    costs = [cost(item) for item in items]
    if wanted < 2 or sum(costs) < worth_it or not _can_fork():
        if then is not None:
            then()
        return [work(item) for item in items]
    parts = shares(costs, [pinned(item) for item in items], wanted)
    running: list[tuple[int, int, list[int]]] = []  # (pid, read end, indexes)
    try:
        for part in parts[1:]:
            if part:
                running.append(_spawn(work, items, part))
        if then is not None:
            then()
        results: dict[int, R] = {i: work(items[i]) for i in parts[0]}
        while running:
            pid, fd, part = running.pop(0)
            answers = _collect(pid, fd, len(part))
            if answers is None:  # the child failed: its share is done again, here
                answers = [work(items[i]) for i in part]
            results.update(zip(part, answers, strict=True))
    finally:
        for pid, fd, _part in running:  # unwinding on an error: stop what still runs
            _stop(pid, fd)
    return [results[i] for i in range(len(items))]


def _spawn(
    work: Callable[[T], R], items: Sequence[T], part: list[int]
) -> tuple[int, int, list[int]]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        code = 1
        try:
            os.close(read_end)
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it quietly
            data = pickle.dumps([work(items[i]) for i in part], pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flushing of the parent's buffers
    os.close(write_end)
    return pid, read_end, part


def _collect(pid: int, fd: int, expected: int) -> list | None:
    """The child's results, or None when it failed (exit status, short or bad data)."""
    try:
        with os.fdopen(fd, "rb") as pipe:
            data = pipe.read()
    finally:
        _pid, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    try:
        answers = pickle.loads(data)  # written by our own child, never read from a file
    except Exception:  # a truncated or garbled stream: the share is redone
        return None
    if not isinstance(answers, list) or len(answers) != expected:
        return None
    return answers


def _stop(pid: int, fd: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.close(fd)
    os.waitpid(pid, 0)
