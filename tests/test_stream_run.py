"""The worker side of the partitioned passes: what a worker keeps and what it frees."""

from __future__ import annotations

import gc
import multiprocessing
import weakref
from concurrent.futures import ProcessPoolExecutor

from anonymizers import stream_run


class _GeneratorTable:
    """Like a pseudonymizer's generator table: garbage only the cycle collector frees."""

    def __init__(self) -> None:
        self.table = {"self": self}


_MADE: list[weakref.ref] = []


def _cyclic_pass() -> int:
    table = _GeneratorTable()
    _MADE.append(weakref.ref(table))
    return len(table.table)


def _in_a_worker() -> tuple[int, int, int]:
    """Three passes in a fresh process that carries Prefect, as a flow's worker does."""
    import prefect  # noqa: F401  (a worker's long-lived objects)

    stream_run.PASSES["cyclic"] = _cyclic_pass
    for _ in range(3):
        stream_run.run_pass("cyclic", ())
    alive = sum(ref() is not None for ref in _MADE)
    return gc.get_freeze_count(), alive, len(_MADE)


def test_a_worker_frees_each_pass_garbage_but_stops_walking_its_modules() -> None:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        frozen, alive, made = pool.submit(_in_a_worker).result()
    assert made == 3
    assert alive == 0  # cycles made after the freeze are still collected
    # Prefect's and the engine's objects: no longer walked by every pass's collection
    assert frozen > 50_000


def test_the_parent_loop_leaves_the_collector_alone() -> None:
    stream_run.PASSES["cyclic"] = _cyclic_pass
    try:
        before = gc.get_freeze_count()
        list(stream_run.run_locally("cyclic", [(), ()]))
        assert gc.get_freeze_count() == before
    finally:
        del stream_run.PASSES["cyclic"]
