"""Independent training runs spread over the machine's cores.

A table of runs (several seeds, several models) is a set of computations that share nothing:
each run draws its own data from its own seed and returns its own result. ``run_all`` runs
them in separate processes, one per core, and returns exactly what running them one after the
other would return (the same arithmetic in the same order inside each run), in the order given.
On a machine with one core it simply runs them one after the other.

The function must be importable (a function of course_utils, not one defined in a notebook),
because each process imports it afresh; its arguments and results travel by pickle.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from .validation import check_int


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def run_all(fn, jobs, *, workers=None) -> list:
    """[fn(**job) for job in jobs], computed in up to ``workers`` processes at once.

    fn: an importable function; jobs: a list of dicts of keyword arguments. workers: None for
    every usable core (at most one per job); 1 runs everything here, one job after another.
    Every process starts fresh ("spawn") and inherits this one's environment, so a run gives
    the same numbers as in this process. An exception in a run is raised here.
    """
    if not callable(fn):
        raise TypeError(f"fn must be a function, got {type(fn).__name__}")
    if not isinstance(jobs, (list, tuple)) or not all(isinstance(j, dict) for j in jobs):
        raise TypeError("jobs must be a list of dicts of keyword arguments, "
                        f"got {type(jobs).__name__}")
    n = usable_cores() if workers is None else check_int("workers", workers, min_value=1)
    n = min(n, len(jobs))
    if n <= 1:
        return [fn(**job) for job in jobs]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=n, mp_context=context) as pool:
        futures = [pool.submit(fn, **job) for job in jobs]
        return [f.result() for f in futures]
