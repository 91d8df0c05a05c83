"""The per-pass memory notes: peaks that start again at each note, workers included."""

from __future__ import annotations

import multiprocessing
import sys

import pytest

from anonymizers.partitioned import memory
from anonymizers.partitioned.memory import MemoryLog

linux = pytest.mark.skipif(sys.platform != "linux", reason="VmHWM and clear_refs are Linux's")


def _hold(mb: int, ready, done) -> None:  # type: ignore[no-untyped-def]
    block = bytearray(mb * 2**20)
    block[::4096] = b"x" * len(block[::4096])  # touched: resident, not only reserved
    ready.set()
    done.wait(30)


@linux
def test_a_note_is_the_peak_since_the_last_one_not_the_process_life() -> None:
    log = MemoryLog()
    block = bytearray(300 * 2**20)
    block[::4096] = b"x" * len(block[::4096])
    del block  # held, then given back, all within this stretch
    held = log.take().own
    after = log.take().own
    assert held - after > 200  # the 300 MB were the last stretch's peak, not this one's


@linux
def test_the_largest_worker_process_is_reported() -> None:
    ctx = multiprocessing.get_context("spawn")
    ready, done = ctx.Event(), ctx.Event()
    child = ctx.Process(target=_hold, args=(150, ready, done))
    child.start()
    try:
        assert ready.wait(30)
        peaks = MemoryLog().take()
        assert peaks.workers is not None and peaks.workers >= 150
        assert peaks.count >= 1
    finally:
        done.set()
        child.join(30)


def test_without_proc_the_note_still_says_this_process_peak(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setattr(memory, "_PROC", tmp_path)  # no status files there
    monkeypatch.setattr(memory, "_workers", lambda: [])
    log = MemoryLog()
    peaks = log.take()
    assert peaks.own > 10 and peaks.workers is None
    line = log.note("detect", peaks, peaks)
    assert line.startswith("safeset: memory detect peak MB: flow ")
    assert "worker" not in line
