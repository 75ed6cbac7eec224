"""Running one stage's independent work items on several cores, with results in input order.

Worker processes are forked, so they start with the parent's memory (the analysed corpus,
caches, the closure to run) and only the results travel back, pickled. Output does not
depend on the number of workers: items are cut into contiguous chunks and the results
come back in the order of the input. Where fork is unavailable (Windows), inside a
worker, with one worker, or for a handful of items, the work runs in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Fewer items than this run in this process: starting workers costs more than it saves.
MIN_ITEMS = 256
#: Chunks per worker: small enough to balance uneven items, large enough to keep pickling cheap.
CHUNKS_PER_WORKER = 8
#: Items per chunk in this process (progress is reported after each).
SERIAL_CHUNK = 200

_job: tuple[Callable[[Sequence[object]], object], Sequence[object]] | None = None


def available_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def resolve_workers(workers: int | None) -> int:
    """`None` or 0: one per available core; otherwise the number given (at least 1)."""
    return available_workers() if not workers else max(1, workers)


def _can_fork() -> bool:
    return ("fork" in multiprocessing.get_all_start_methods()
            and not multiprocessing.current_process().daemon)


def _run_chunk(bounds: tuple[int, int]) -> object:
    assert _job is not None
    fn, items = _job
    lo, hi = bounds
    return fn(items[lo:hi])


def pmap(fn: Callable[[T], R], items: Sequence[T], workers: int = 1,
         progress: Callable[[int], None] | None = None) -> list[R]:
    """`[fn(x) for x in items]`, on up to `workers` processes. `progress(done)` is called in
    this process as chunks finish. `fn` may be a closure: it is inherited, not pickled."""
    return [r for part in pmap_chunks(lambda xs: [fn(x) for x in xs], items, workers, progress) for r in part]


def pmap_chunks(fn: Callable[[Sequence[T]], R], items: Sequence[T], workers: int = 1,
                progress: Callable[[int], None] | None = None) -> list[R]:
    """`fn` over contiguous chunks of `items` (slices, in order), on up to `workers`
    processes; one result per chunk. For results that travel back cheaper packed than as one
    object per item (a matrix instead of an array per row: unpickling many small objects
    costs the waiting parent more than computing them cost a worker). `fn` must treat each
    item on its own, so that the chunks' boundaries do not change what it computes."""
    global _job
    n = len(items)
    if workers <= 1 or n < MIN_ITEMS or not _can_fork():
        out = []
        for lo in range(0, n, SERIAL_CHUNK):
            out.append(fn(items[lo:lo + SERIAL_CHUNK]))
            if progress is not None:
                progress(min(n, lo + SERIAL_CHUNK))
        return out
    chunks = min(n, workers * CHUNKS_PER_WORKER)
    bounds = [(n * c // chunks, n * (c + 1) // chunks) for c in range(chunks)]
    _job = (fn, items)  # type: ignore[assignment]
    # Objects that exist now are never collected by the workers' garbage collector, which
    # would otherwise write to every page of the inherited heap (copying it) just to scan it.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            out = []
            for (_, end), part in zip(bounds, pool.imap(_run_chunk, bounds)):
                out.append(part)
                if progress is not None:
                    progress(end)
    finally:
        _job = None
        gc.unfreeze()
    return out


class Background(Generic[R]):
    """`fn()` computed in a forked process while this one goes on with other work; `result()`
    waits for it. For a serial step (one core) that can overlap a parallel stage that does not
    need it. Where fork is unavailable, inside a worker, or when not `enabled`, or if the
    process dies, `fn()` runs in this process when the result is asked for."""

    def __init__(self, fn: Callable[[], R], enabled: bool = True) -> None:
        self._fn = fn
        self._proc: multiprocessing.process.BaseProcess | None = None
        if enabled and _can_fork():
            ctx = multiprocessing.get_context("fork")
            self._recv, send = ctx.Pipe(duplex=False)
            self._proc = ctx.Process(target=_send_result, args=(fn, send), daemon=True)
            self._proc.start()
            send.close()

    def result(self) -> R:
        if self._proc is None:
            return self._fn()
        try:
            ok, value = self._recv.recv()
        except EOFError:  # the process died without an answer (killed, out of memory)
            ok, value = None, None
        finally:
            self._recv.close()
        self._proc.join()
        self._proc = None
        if ok is None:
            return self._fn()
        if not ok:
            raise value
        return value


    def cancel(self) -> None:
        """Stop the work if it is still going (the caller failed and will not ask for it)."""
        if self._proc is not None:
            self._proc.terminate()
            self._proc.join()
            self._recv.close()
            self._proc = None


def _send_result(fn: Callable[[], R], send) -> None:
    gc.freeze()  # the inherited heap stays unscanned (and uncopied) by this process's collector
    try:
        out = (True, fn())
    except BaseException as exc:  # sent back and raised in the parent
        out = (False, exc)
    send.send(out)
    send.close()


def thread_blocks(fn: Callable[[int, int], R], n: int, block: int, workers: int = 1) -> list[R]:
    """`[fn(lo, hi) for each block [lo, hi) of range(n)]`, blocks of `block` items, on up to
    `workers` threads. For numpy work that lets go of the interpreter lock (gathers,
    comparisons, reductions) over arrays too large for the CPU cache: a block's working
    arrays stay in it, and threads share the arrays instead of copying them to processes."""
    bounds = [(lo, min(lo + block, n)) for lo in range(0, n, block)]
    if workers <= 1 or len(bounds) <= 1:
        return [fn(lo, hi) for lo, hi in bounds]
    with ThreadPoolExecutor(min(workers, len(bounds))) as pool:
        return list(pool.map(lambda b: fn(*b), bounds))
