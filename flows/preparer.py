"""The process a run splits and plans in (``anonymizers/partitioned/prepare.py`` says why
apart): short-lived, and started early by the command line (``warm_preparer``) so that
it has imported the engine and loaded the model by the time the flow needs it.

Kept apart from ``flows/passes.py``: the spawned process imports this module to run its
initializer, and must not pay for Prefect's import to do so.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from anonymizers.partitioned.prepare import Prepared, prepare
from flows.lifeline import watch_parent

#: The process ``warm_preparer`` started for the next ``prepare_apart``, if any.
_warm: ProcessPoolExecutor | None = None


def warm_preparer(config: str | None) -> None:
    """Start the process ``prepare_apart`` will split and plan in, now: it imports the
    engine and loads the policy's model while the caller waits for the Prefect server
    (the server's boot leaves a core idle for seconds; spawning, importing and loading
    the model were ~2 s of the run's serial start on that core's other side)."""
    global _warm
    close_preparer()
    context = multiprocessing.get_context("spawn")
    _warm = ProcessPoolExecutor(
        max_workers=1, mp_context=context, initializer=_warm_up, initargs=(config,)
    )
    _warm.submit(int)  # spawns the process now, not at the first real call


def close_preparer() -> None:
    """End a preparer ``prepare_apart`` did not use (a run resumed past its split, or
    one that failed before it)."""
    global _warm
    pool, _warm = _warm, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def _warm_up(config: str | None) -> None:
    watch_parent()
    from anonymizers.detect.nlp import build_analyzer
    from anonymizers.policy import load_policy

    # A policy or model that does not load is prepare's to report, in its own words.
    with contextlib.suppress(Exception):
        build_analyzer(load_policy(Path(config) if config else None))


def prepare_apart(*args: object) -> Prepared:
    """Split and plan in a short-lived process (``anonymizers/partitioned/prepare.py`` says
    why): the one ``warm_preparer`` started, else a new one."""
    global _warm
    pool, _warm = _warm, None
    if pool is None:
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=watch_parent)
    with pool:
        return pool.submit(prepare, *args).result()
