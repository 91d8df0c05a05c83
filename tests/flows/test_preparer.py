"""The process a run splits and plans in: started early by the command line, used once,
and never left behind."""

from __future__ import annotations

from pathlib import Path

import psutil
import pytest

from anonymizers.partitioned.prepare import prepare
from anonymizers.policy import Policy
from bench.generate import structured_frame
from flows import preparer

pytestmark = pytest.mark.slow  # spawns a process that loads the spaCy model


def _children() -> set[int]:
    """Spawned worker processes (not multiprocessing's resource tracker, which lives as
    long as this process)."""
    out = set()
    for p in psutil.Process().children(recursive=True):
        try:
            if "spawn_main" in " ".join(p.cmdline()):
                out.add(p.pid)
        except psutil.NoSuchProcess:
            pass
    return out


def _export(tmp_path: Path) -> Path:
    src = tmp_path / "export" / "customers.csv"
    src.parent.mkdir()
    structured_frame(300).write_csv(src)
    return src


def test_a_warm_preparer_plans_as_this_process_would_then_ends(tmp_path: Path) -> None:
    """``warm_preparer`` spawns the process at once (it imports and loads the model while
    the caller waits for the server); ``prepare_apart`` splits and plans there, the same
    partitions and plan as ``prepare`` here, and the process is gone after it."""
    src = _export(tmp_path)
    before = _children()
    preparer.warm_preparer(None)
    assert len(_children() - before) >= 1
    args = (100, Policy(), None, None, set())
    there = preparer.prepare_apart([src], tmp_path / "there", *args)
    here = prepare([src], tmp_path / "here", *args)
    assert [len(s.parts) for s in there.splits] == [len(s.parts) for s in here.splits] == [3]
    assert there.plan == here.plan
    assert preparer._warm is None  # used once: the next run spawns its own
    psutil.wait_procs([psutil.Process(p) for p in _children() - before], timeout=30)
    assert not (_children() - before)


def test_an_unused_preparer_is_closed(tmp_path: Path) -> None:
    """A run resumed past its split (or one failing before it) never calls
    ``prepare_apart``: ``close_preparer`` ends the process, and a run without a warm
    one spawns its own."""
    before = _children()
    preparer.warm_preparer(None)
    spawned = [psutil.Process(p) for p in _children() - before]
    assert spawned
    preparer.close_preparer()
    _gone, alive = psutil.wait_procs(spawned, timeout=30)
    assert not alive
    src = _export(tmp_path)
    cold = preparer.prepare_apart([src], tmp_path / "work", 100, Policy(), None, None, set())
    assert len(cold.splits[0].parts) == 3
