"""The heap a run starts with is frozen while it runs, and handed back when it ends."""

from __future__ import annotations

import gc

import pytest

from anonymizers.partitioned.collector import heap_frozen


@pytest.fixture(autouse=True)
def thawed():  # type: ignore[no-untyped-def]
    """A process whose heap nothing froze: earlier tests' engine runs freeze the test
    process's heap for good (``tests/helpers/engine_run.py``); frozen again after."""
    before = gc.get_freeze_count()
    gc.unfreeze()
    yield
    if before:
        gc.freeze()


def test_the_heap_is_frozen_while_the_run_goes_and_thawed_after() -> None:
    assert gc.get_freeze_count() == 0
    held = [{"row": i} for i in range(1000)]  # what the process holds before the run

    @heap_frozen
    def run() -> tuple[int, bool, int]:
        cycle: list = []
        cycle.append(cycle)  # the run's own garbage: still collected
        del cycle
        collected = gc.collect()
        walked = any(o is held for o in gc.get_objects())
        return gc.get_freeze_count(), walked, collected

    frozen, walked, collected = run()
    assert frozen >= len(held) and not walked and collected >= 1
    assert gc.get_freeze_count() == 0
    assert any(o is held for o in gc.get_objects())  # handed back to the collector


def test_a_failing_run_thaws_the_heap_too() -> None:
    @heap_frozen
    def run() -> None:
        raise RuntimeError("a pass failed")

    with pytest.raises(RuntimeError):
        run()
    assert gc.get_freeze_count() == 0


def test_a_heap_frozen_by_the_process_itself_is_left_frozen() -> None:
    # Counts are not compared for equality: a frozen object whose last reference another
    # thread drops (Prefect's, the test runner's) leaves the frozen generation mid-test.
    held = [{"row": i} for i in range(1000)]
    gc.freeze()
    try:

        @heap_frozen
        def run() -> bool:
            return any(o is held for o in gc.get_objects())

        assert run() is False  # still frozen inside the run
        assert gc.get_freeze_count() > 0
        assert not any(o is held for o in gc.get_objects())  # not thawed by the run
    finally:
        gc.unfreeze()
