"""A run's folders under ``OUT/.staging``, and the sweep of those an interrupted run left.

A run that is killed (SIGKILL, the OOM killer, a lost machine) cannot clean up after
itself: its staging folder (output not yet verified) and, for a partitioned run, its work
folder (the input's partitions and distinct raw values) stay behind, and nothing else
would ever remove them. So each run holds an exclusive ``flock`` on
``OUT/.staging/<run-id>.lock`` while it lives (the kernel drops it when the process dies,
however it dies), and every run that starts on the same output root removes the folders
of any run whose lock it can take. Concurrent runs on one output root keep theirs.
Folders with no lock file at all (left by a version before this one) are removed once
they are a day old.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path
from types import TracebackType

from anonymizers.io import discard

#: A lock-less leftover this old is certainly not a run still starting.
UNLOCKED_GRACE_S = 24 * 3600


class RunFolders:
    """``staging`` (becomes the run folder) and ``work`` (partitioned runs' scratch, 0700)
    for one run, locked while the run lives and removed when it ends."""

    def __init__(self, out_root: Path, run_id: str) -> None:
        self.root = out_root / ".staging"
        self.run_id = run_id
        self.staging = self.root / run_id
        self.work = self.root / f"{run_id}.work"
        self._lock = self.root / f"{run_id}.lock"
        self._fd: int | None = None
        self.swept: list[str] = []

    def open(self) -> RunFolders:
        """Creates the lock and the staging folder; raises OSError if it cannot."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self._lock, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.swept = sweep(self.root, keep=self.run_id)
        self.staging.mkdir()
        return self

    def make_work(self) -> Path:
        self.work.mkdir(mode=0o700)
        return self.work

    def __enter__(self) -> RunFolders:
        return self.open()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Removes both folders (whatever was published has moved out), then the lock."""
        # Folders first, the lock last: a sweeper that takes the lock finds nothing left.
        for folder in (self.staging, self.work):
            if folder.exists():
                discard(folder)
        if self._fd is not None:
            with contextlib.suppress(OSError):
                self._lock.unlink()
            os.close(self._fd)
            self._fd = None
        with contextlib.suppress(OSError):
            self.root.rmdir()  # only if empty


def _lock_is_free(lock: Path) -> bool:
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return False  # its run has just ended and removed it
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def sweep(root: Path, keep: str) -> list[str]:
    """Remove the folders of interrupted runs under ``root``; the run ids removed."""
    removed: list[str] = []
    try:
        entries = list(root.iterdir())
    except FileNotFoundError:
        return removed
    locks = {p.name[: -len(".lock")] for p in entries if p.name.endswith(".lock")}
    for run_id in sorted(locks - {keep}):
        if _lock_is_free(root / f"{run_id}.lock"):
            _remove(root, run_id)
            removed.append(run_id)
    now = time.time()
    for entry in entries:
        run_id = entry.name.removesuffix(".work")
        if not entry.is_dir() or run_id in locks or run_id == keep:
            continue
        with contextlib.suppress(FileNotFoundError):
            if now - entry.stat().st_mtime > UNLOCKED_GRACE_S:
                discard(entry)
                if run_id not in removed:
                    removed.append(run_id)
    return removed


def _remove(root: Path, run_id: str) -> None:
    for folder in (root / run_id, root / f"{run_id}.work"):
        if folder.exists():
            discard(folder)
    with contextlib.suppress(FileNotFoundError):
        (root / f"{run_id}.lock").unlink()
