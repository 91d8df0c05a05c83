"""The worker side of the partitioned passes: what a worker keeps and what it frees."""

from __future__ import annotations

import gc
import multiprocessing
import weakref
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from anonymizers.partitioned import run as stream_run


class _GeneratorTable:
    """Like a pseudonymizer's Faker: garbage only the cycle collector frees."""

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


def _uses_shared(table: _GeneratorTable) -> int:
    return len(table.table)


def _an_earlier_run_dropped(folder: str) -> bool:
    """A long-lived Dask worker: a run's shared value (frozen with the rest) is dropped
    from the cache; the next run's first load thaws, collects and freezes again."""
    stream_run.PASSES["uses"] = _uses_shared
    first = stream_run.on_disk(Path(folder), "first", _GeneratorTable())
    stream_run.run_pass("uses", (first,))
    earlier = weakref.ref(first.load())
    for i in range(stream_run._load.cache_info().maxsize or 8):  # later runs evict it
        later = stream_run.on_disk(Path(folder), f"later-{i}", _GeneratorTable())
        stream_run.run_pass("uses", (later,))
    return earlier() is None


def test_a_long_lived_worker_still_frees_what_it_froze_once_dropped(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        assert pool.submit(_an_earlier_run_dropped, str(tmp_path)).result()


def test_the_parent_leaves_the_collector_alone() -> None:
    """The local loop, and the threads runner's tasks (tidy, but in the flow process)."""
    stream_run.PASSES["cyclic"] = _cyclic_pass
    try:
        before = gc.get_freeze_count()
        list(stream_run.run_locally("cyclic", [(), ()]))
        stream_run.run_pass("cyclic", ())
        assert gc.get_freeze_count() == before
    finally:
        del stream_run.PASSES["cyclic"]
