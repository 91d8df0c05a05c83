"""A full disk, injected where a write reaches it: ENOSPC from a write or an fsync.

Fault injection in the environment (the OS call fails), not a mock of the code under
test: the ledger and the publisher run as they do, and meet the error a full disk gives.
"""

from __future__ import annotations

import errno
import os

import pytest


def enospc(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def fsync_fails_for(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The bytes went out, the flush of the file called ``name`` fails (as on a full disk)."""
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").endswith(name):
            enospc()
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
