"""Worker processes for CPU-bound pure work (parsing feeds, extracting models). A utility: no business logic."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any

MAX_WORKERS = 4  # the most worker processes a pool gets, however many cores the machine has


def pool_size() -> int:
    """How many worker processes a pool for parsing or extraction should have on this machine."""
    return min(usable_cpus(), MAX_WORKERS)


def usable_cpus() -> int:
    """The cores this process may run on (its affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def process_pool(
    workers: int,
    *,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    preload: Sequence[str] = (),
) -> ProcessPoolExecutor:
    """``preload``: modules the workers need, imported once in the fork server rather than once per worker."""
    # Not fork: the daemon has threads (event loop, HTTP server) whose locks a forked child would inherit. The
    # fork server is a fresh single-threaded process that imports ``preload`` once and forks each worker from
    # itself: importing releasewatch's extraction (its patterns compiled) costs ≈ 0.3 s of CPU a process.
    context: BaseContext
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        if preload:
            context.set_forkserver_preload(list(preload))
    else:  # Windows: spawned, each worker imports for itself
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=initializer, initargs=initargs)
