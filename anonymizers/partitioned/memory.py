"""Peak memory of a run, pass by pass: this process and its worker processes.

A large export's run is judged by its peak RSS, and what grows with the export shows
only pass by pass (the detect pass's workers, the flow's merges between passes). Linux
keeps each process's high-water mark (``VmHWM``) and lets its owner reset it
(``clear_refs``), so each pass's note is that pass's peak, not the run's so far. Counts
of megabytes only: no value, no path of the export. Where ``/proc`` is missing (another
system) or a worker is not a child of this process (a Dask cluster), the note says what
it can (this process's peak so far, from ``getrusage``) and leaves the workers out.
"""

from __future__ import annotations

import contextlib
import resource
import sys
from dataclasses import dataclass
from pathlib import Path

import psutil

_PROC = Path("/proc")


def _peak_kb(pid: int | str) -> int | None:
    """The process's high-water mark of RSS in KiB since its last reset, if known."""
    with contextlib.suppress(OSError, ValueError):
        for line in (_PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def _reset_peak(pid: int | str) -> None:
    """Start the process's high-water mark again from its current RSS."""
    with contextlib.suppress(OSError):
        (_PROC / str(pid) / "clear_refs").write_text("5")


def _own_peak_mb() -> float:
    kb = _peak_kb("self")
    if kb is None:  # ru_maxrss: KiB on Linux, bytes on macOS; never reset
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        kb //= 1024 if sys.platform == "darwin" else 1
    return kb / 1024


def _workers() -> list[int]:
    """The pids of this process's worker processes (started by ``multiprocessing``: a
    process pool's workers; not a Prefect server or another helper it started)."""
    found = []
    with contextlib.suppress(psutil.Error):
        for child in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "multiprocessing" in " ".join(child.cmdline()):
                    found.append(child.pid)
    return found


@dataclass
class Peaks:
    """Peak RSS (MB) since the last ``MemoryLog.take``: this process, and the largest of
    its worker processes (None: no worker seen)."""

    own: float
    workers: float | None
    count: int = 0


class MemoryLog:
    """Peaks per stretch of a run: each ``take`` returns the peaks since the last one and
    starts them again."""

    def __init__(self) -> None:
        self.take()

    def take(self) -> Peaks:
        own = _own_peak_mb()
        _reset_peak("self")
        peaks = []
        for pid in _workers():
            kb = _peak_kb(pid)
            if kb is not None:
                peaks.append(kb / 1024)
                _reset_peak(pid)
        return Peaks(own, max(peaks) if peaks else None, len(peaks))

    def note(self, name: str, before: Peaks, during: Peaks) -> str:
        """One line of a pass: this process's peak before it (its merges since the last
        pass) and during it, and the largest worker's during it."""
        line = f"safeset: memory {name} peak MB: flow {before.own:,.0f} before, "
        line += f"{during.own:,.0f} during"
        if during.workers is not None:
            line += f"; largest of {during.count} worker(s) {during.workers:,.0f}"
        return line

    def note_here(self, name: str) -> str:
        """One line of a stretch of this process's own work (the leak check's merges)."""
        return f"safeset: memory {name} peak MB: flow {self.take().own:,.0f}"
