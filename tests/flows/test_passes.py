"""Partitions of a pass as Prefect tasks: the workers started ahead of the first pass."""

from __future__ import annotations

import psutil
import pytest
from prefect import flow
from prefect.task_runners import ProcessPoolTaskRunner

from flows.lifeline import watch_parent
from flows.passes import OnTaskRunner

pytestmark = pytest.mark.slow


def _python_children() -> set[int]:
    me = psutil.Process()
    return {p.pid for p in me.children(recursive=True) if "python" in p.name().lower()}


@flow(task_runner=ProcessPoolTaskRunner(max_workers=2, initializer=watch_parent))
def _started_then_collected() -> tuple[int, int, list[int]]:
    runner = OnTaskRunner()
    before = _python_children()
    runner.start(2)
    for future in runner.starting:  # done: both workers up, the engine imported
        future.wait()
    workers = len(_python_children() - before)
    # A pass after the start tasks yields its own results only, in order.
    results = list(runner("collect", []))
    runner.drain()
    return workers, len(runner.starting), results


def test_start_spawns_every_worker_before_the_first_pass(prefect_server: None) -> None:
    """``OnTaskRunner.start`` has the task runner spawn its worker processes (which the
    first pass would otherwise wait for, after split and plan); its tasks are not taken
    for a pass's results, and ``drain`` waits for them."""
    workers, left, results = _started_then_collected()
    assert workers >= 2
    assert left == 0
    assert results == []
