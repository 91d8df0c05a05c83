"""A run's folders under ``OUT/.staging``, and the sweep of those an interrupted run left.

A run that is killed (SIGKILL, the OOM killer, a lost machine) cannot clean up after
itself: its staging folder (output not yet verified) and, for a partitioned run, its work
folder (the input's partitions and distinct raw values) stay behind, and nothing else
would ever remove them. So each run holds an exclusive ``flock`` on
``OUT/.staging/<run-id>.lock`` while it lives (the kernel drops it when the process dies,
however it dies), and every run that starts on the same output root removes the folders
of any run whose lock it can take. Concurrent runs on one output root keep theirs.
Folders with no lock file at all (a run that died before taking its lock, or a copy
from elsewhere) are removed once they are a day old.

A run that died while publishing left ``<run-id>.publish.json`` (its publish intent,
``certify.publish``) beside its lock: before its folders are removed, the sweeper's
``recover`` hook finishes or rolls back that publish and says what it did. If the hook
cannot (the disk is still full), the leftovers stay for the next run to try again.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from anonymizers.errors import SafesetError
from anonymizers.io.tables import discard

#: A dead run's publish intent, beside its lock (written by ``certify.publish``).
INTENT_SUFFIX = ".publish.json"
#: Given a dead run's id and its intent file: finish or roll back; returns what was done.
Recover = Callable[[str, Path], str]

#: A lock-less leftover this old is certainly not a run still starting.
UNLOCKED_GRACE_S = 24 * 3600


class RunFolders:
    """``staging`` (becomes the run folder) and ``work`` (partitioned runs' scratch, 0700)
    for one run, locked while the run lives and removed when it ends."""

    def __init__(self, out_root: Path, run_id: str, recover: Recover | None = None) -> None:
        self.root = out_root / ".staging"
        self.recover = recover
        #: What the sweep did about interrupted publishes, one sentence each (no values).
        self.recovered: list[str] = []
        self.run_id = run_id
        self.staging = self.root / run_id
        self.work = self.root / f"{run_id}.work"
        self._lock = self.root / f"{run_id}.lock"
        self._fd: int | None = None
        self.swept: list[str] = []
        #: the interrupted run whose work folder this run resumes, and its lock
        self.adopted: str | None = None
        self._adopted_fd: int | None = None

    def open(self, resume: Callable[[Path], bool] | None = None) -> RunFolders:
        """Takes the lock, sweeps, creates the staging folder; raises OSError if it cannot
        (and holds nothing then). ``resume``: given an interrupted run's work folder, may
        this run carry on with it? The first that may is kept (its lock held by this
        run, so no other run sweeps it) and ``work`` is that folder; the rest is swept."""
        try:
            self._take_lock()
            if resume is not None:
                self._adopt(resume)
            self.swept = sweep(self.root, keep=self.run_id, recover=self.recover,
                               said=self.recovered)  # fmt: skip
            # Private until sealed and published: it holds plain output (certify/modes.py).
            self.staging.mkdir(mode=0o700)
        except OSError:
            self.close()
            raise
        return self

    def _take_lock(self) -> None:
        # The lock is created and locked under a name the sweep ignores, then renamed into
        # place: a sweeper never sees an unlocked lock file of a live run.
        for attempt in range(3):
            # 0700: what a run stages (unverified output) is its owner's alone until published.
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            if self._lock.exists():  # an earlier attempt of this run id (a Prefect retry)
                _sweep_run(self.root, self.run_id, self.recover, self.recovered)  # dead: removed
            pending = self.root / f".{self.run_id}.{os.getpid()}.locking"
            try:
                fd = os.open(pending, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            except FileNotFoundError:  # another run's close() removed .staging just now
                if attempt == 2:
                    raise
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if self._lock.exists():
                    raise FileExistsError(17, "a live run has the same id", str(self._lock))
                os.rename(pending, self._lock)
            except OSError:
                os.close(fd)
                with contextlib.suppress(OSError):
                    pending.unlink()
                raise
            self._fd = fd
            return

    def _adopt(self, resume: Callable[[Path], bool]) -> None:
        """The newest interrupted run whose work folder ``resume`` accepts, if any."""
        locks = sorted(self.root.glob("*.lock"), key=_mtime, reverse=True)
        for lock in locks:
            run_id = lock.name.removesuffix(".lock")
            work = self.root / f"{run_id}.work"
            if run_id == self.run_id or not work.is_dir():
                continue
            try:
                fd = os.open(lock, os.O_RDONLY)
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free: its run is dead
                if (self.root / f"{run_id}{INTENT_SUFFIX}").exists() or not resume(work):
                    raise OSError("not resumable")
            except OSError:
                os.close(fd)
                continue
            self.adopted, self._adopted_fd, self.work = run_id, fd, work
            return

    def make_work(self) -> Path:
        """The work folder: new, or the adopted one as its run left it."""
        if self.adopted is None:
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
        if self._fd is None:
            return  # never locked: the folders, if any, are another run's
        # Folders first, the lock last: a sweeper that takes the lock finds nothing left.
        _discard_folders(self.root, self.run_id)
        if self.adopted is not None and self._adopted_fd is not None:
            _discard_folders(self.root, self.adopted)
            with contextlib.suppress(OSError):
                (self.root / f"{self.adopted}.lock").unlink()
            os.close(self._adopted_fd)
            self._adopted_fd = None
        with contextlib.suppress(OSError):
            self._lock.unlink()
        os.close(self._fd)
        self._fd = None
        with contextlib.suppress(OSError):
            self.root.rmdir()  # only if empty


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def sweep(
    root: Path, keep: str, recover: Recover | None = None, said: list[str] | None = None
) -> list[str]:
    """Remove the folders of interrupted runs under ``root``; the run ids removed.
    Never fails a run: what cannot be checked or removed (another user's files, a
    filesystem without flock) is left alone. ``said`` collects ``recover``'s reports."""
    removed: list[str] = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return removed
    locks = {p.name[: -len(".lock")] for p in entries if p.name.endswith(".lock")}
    for run_id in sorted(locks - {keep}):
        if _sweep_run(root, run_id, recover, said if said is not None else []):
            removed.append(run_id)
    now = time.time()
    for entry in entries:
        run_id = entry.name.removesuffix(".work")
        if entry.name.startswith(".") and entry.name.endswith(".locking"):
            # A lock never renamed into place (its run died within that instant).
            with contextlib.suppress(OSError):
                if now - entry.stat().st_mtime > 60:
                    entry.unlink()
            continue
        if run_id in locks or run_id == keep or entry.name.startswith("."):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir() and now - entry.stat().st_mtime > UNLOCKED_GRACE_S:
                discard(entry)
                if run_id not in removed:
                    removed.append(run_id)
    return removed


def _sweep_run(
    root: Path, run_id: str, recover: Recover | None = None, said: list[str] | None = None
) -> bool:
    """Remove one run's folders and lock if its lock is free, holding the lock meanwhile;
    a publish it left half done is first finished or rolled back by ``recover``."""
    lock = root / f"{run_id}.lock"
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:  # gone (its run just ended), or not ours to open
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held by a live run (or no flock here): keep
            return False
        intent = root / f"{run_id}{INTENT_SUFFIX}"
        if intent.exists():
            if recover is None:
                return False  # a sweeper that cannot recover leaves it to one that can
            try:
                message = recover(run_id, intent)
            except (OSError, SafesetError) as exc:
                why = exc.strerror if isinstance(exc, OSError) else str(exc)
                if said is not None:
                    said.append(f"run {run_id}: interrupted publish left as it is ({why}); "
                                "the next run tries again")  # fmt: skip
                return False
            if said is not None:
                said.append(message)
        _discard_folders(root, run_id)
        with contextlib.suppress(OSError):
            lock.unlink()
        return True
    finally:
        os.close(fd)


def _discard_folders(root: Path, run_id: str) -> None:
    """A run's staging and work folders and publish intent (names as ``RunFolders``
    and ``certify.publish`` give them)."""
    for folder in (root / run_id, root / f"{run_id}.work"):
        if folder.exists():
            discard(folder)
    with contextlib.suppress(OSError):
        (root / f"{run_id}{INTENT_SUFFIX}").unlink(missing_ok=True)


def private_tree(folder: Path) -> None:
    """Owner-only modes for a folder and all it holds (folders 0700, files 0600): a
    rejected run's ``data/`` holds the values its checks failed on, and the quarantine
    that receives it is no place for the group or the world to read."""
    for path in (folder, *folder.rglob("*")):
        if path.is_symlink():
            continue
        os.chmod(path, 0o700 if path.is_dir() else 0o600)


def private_quarantine(staging: Path, final: Path) -> None:
    """``staging`` made owner-only before it moves to ``final``
    (``OUT/quarantine/<dataset>/<run-id>``), and the two quarantine folders above it
    created 0700, or tightened to it."""
    private_tree(staging)
    for folder in (final.parent.parent, final.parent):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
