"""Independent training runs spread over the machine's cores.

A table of runs (several seeds, several models) is a set of computations that share nothing:
each run draws its own data from its own seed and returns its own result. ``run_all`` runs
them in separate processes, one per core, and returns exactly what running them one after the
other would return (the same arithmetic in the same order inside each run), in the order given.
On a machine with one core it simply runs them one after the other.

A single run that a lesson needs only later can go to a spare core at once: ``in_background``
starts it in a process of its own and returns a handle whose ``result()`` waits for it, so the
lesson goes on with the other core meanwhile.

The function must be importable (a function of course_utils, not one defined in a notebook),
because each process imports it afresh; its arguments and results travel by pickle.
"""
from __future__ import annotations

import gc
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
    pool = _open_pool(n)
    try:
        with pool:
            futures = [pool.submit(fn, **job) for job in jobs]
            return [f.result() for f in futures]
    finally:
        del pool
        _closed_pool()


_OPEN_POOLS = [0]           # our pools not yet shut down


def _open_pool(workers: int) -> ProcessPoolExecutor:
    _OPEN_POOLS[0] += 1
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def _closed_pool() -> None:
    """After a pool's shutdown: once none of ours is left, release the helper process."""
    _OPEN_POOLS[0] -= 1
    if _OPEN_POOLS[0] == 0:
        _release_helper_process()


def _release_helper_process() -> None:
    """Stop the helper process multiprocessing keeps while it has locks to clean up.

    A pool of processes started with "spawn" (or "forkserver") leaves multiprocessing's
    resource tracker running after the pool has shut down. It ignores the signals a Jupyter
    kernel sends its children when it shuts down or restarts, so the kernel then waits about
    2.5 s until jupyter_client terminates it. Once our pools are gone nothing is left for it to
    track, and multiprocessing starts a new one when it next needs one. Python has no public
    call for this; where the private one is missing (another Python, or Windows, which needs
    no tracker) nothing is done.
    """
    from multiprocessing import resource_tracker
    gc.collect()                                # the pool's locks unregister as they are freed
    stop = getattr(getattr(resource_tracker, "_resource_tracker", None), "_stop", None)
    if callable(stop):
        stop()


class BackgroundRun:
    """fn(**kwargs), computed in a process of its own (or here, later: see in_background)."""

    def __init__(self, fn, kwargs: dict, here: bool):
        self._fn, self._kwargs, self._here = fn, kwargs, here
        self._pool = self._future = None
        self._outcome = None                    # ("value" or "error", object) once known
        if not here:
            self._pool = _open_pool(1)
            self._future = self._pool.submit(fn, **kwargs)

    @property
    def in_background(self) -> bool:
        """True when another process computes it, False when result() will compute it here."""
        return not self._here

    def done(self) -> bool:
        """Whether result() would return at once."""
        return self._outcome is not None or (self._future is not None and self._future.done())

    def result(self):
        """fn(**kwargs): waits for the other process, or computes it here; an error in fn is
        raised here. Asked again, it returns the same object."""
        if self._outcome is None:
            try:
                value = self._fn(**self._kwargs) if self._here else self._future.result()
            except Exception as error:          # noqa: BLE001 - kept, and raised at every call
                self._outcome = ("error", error)
            else:
                self._outcome = ("value", value)
            self._close()       # not after an interrupt: the run goes on, and result() may be asked again
        kind, value = self._outcome
        if kind == "error":
            raise value
        return value


    def _close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
            _closed_pool()


def in_background(fn, /, *, here=None, **kwargs) -> BackgroundRun:
    """Start fn(**kwargs) in another process now; ``.result()`` waits for it.

    here: None to use another process when this machine has a core to spare (else fn runs
    here when result() is first asked for: the same numbers, one after the other); True to
    always do that. The other process starts fresh ("spawn") with this one's environment, so
    fn gives the numbers it would give here.
    """
    if not callable(fn):
        raise TypeError(f"fn must be a function, got {type(fn).__name__}")
    if here is not None and not isinstance(here, bool):
        raise TypeError(f"here must be None, True or False, got {here!r}")
    if here is None:
        here = usable_cores() < 2
    return BackgroundRun(fn, kwargs, here)
