"""Using every core for the slow parts of a build: Markdown, item views, pages, images and cards.

Pelican builds on one core; a build here spreads independent work over worker
processes made by fork, so the work may be any function (a closure, a bound
method): the workers inherit it with the parent's memory, and only indices go
to them and results come back. Small batches, and processes that run threads
(the preview's server), work in the calling process instead.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
MIN_BATCH = 24  # fewer quick items than this cost more to fork for than they save
_WORK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # what the forked workers run (see fork_map)


# glibc's mallopt() parameters, and what the build sets them to (see keep_freed_memory)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
TRIM_BYTES, MMAP_BYTES = 64 << 20, 32 << 20


@functools.cache
def keep_freed_memory() -> bool:
    """Let the build's processes reuse the memory they free instead of handing it back to the system.

    By default glibc gives back every block over 128 KB as soon as it is freed, and
    every card and image allocates and frees several: each allocation then costs
    page faults again (a third of a card's time on this project's CI machine). Set
    once per process, before the workers are forked, which inherit it; False where
    the C library is not glibc (it then does as it does).
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_TRIM_THRESHOLD, TRIM_BYTES) and mallopt(M_MMAP_THRESHOLD, MMAP_BYTES))


def workers() -> int:
    return max(1, min(8, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def _run(index: int) -> Any:
    func, items = _WORK  # set by fork_map in the parent before the workers were forked
    return func(items[index])


def fork_map(func: Callable[[T], R], items: Sequence[T], chunksize: int = 0, minimum: int = MIN_BATCH,
             then: tuple[int, Callable[[], None]] | None = None) -> list[R]:
    """[func(item) for item in items], on every core when that helps (at least minimum items, no other
    thread running); results in order. Items go to the workers in batches of chunksize; by default a
    32nd of each worker's share, so that slow items next to each other (posts with photos to check) do
    not keep one worker busy after the others are done. With then=(n, call): call() runs in this process
    as soon as the first n results are back, while the workers go on with the rest."""
    global _WORK
    count = workers()
    if count == 1 or len(items) < max(2, minimum) or threading.active_count() > 1 or _WORK is not None:
        return _collect((func(item) for item in items), then)
    _WORK = (func, items)
    keep_freed_memory()
    gc.freeze()  # the workers' garbage collector then leaves the parent's objects (and their pages) alone
    try:
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
            chunks = chunksize or max(1, len(items) // (count * 32))
            return _collect(pool.map(_run, range(len(items)), chunksize=chunks), then)
    finally:
        gc.unfreeze()
        _WORK = None


def _collect(results: Iterable[R], then: tuple[int, Callable[[], None]] | None) -> list[R]:
    """The results as a list; then's call made once its count of them is in (at the end if fewer)."""
    count, call = then if then is not None else (0, None)
    if call is not None and count <= 0:
        call()
        call = None
    found: list[R] = []
    for result in results:
        found.append(result)
        if call is not None and len(found) >= count:
            call()
            call = None
    if call is not None:
        call()
    return found
