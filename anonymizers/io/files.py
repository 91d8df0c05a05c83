"""Whole files, the same way in every layer: one sha256 and one atomic replace.

A file's digest goes into the manifest, the attestation, the ledger and the pull check;
were they computed by different code, a verifier could disagree with the signer about
the same bytes. A file the engine writes in place (a key, a manifest, a decrypted
Parquet file) is replaced in one rename, so a reader, or the disk after a crash, holds
the old file or the whole new one, never a half-written one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def sha256_file(path: Path) -> str:
    """Hex sha256 of the file's bytes, read in blocks: a 5 GB export is never in memory."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def write_atomically(path: Path, write: Callable[[BinaryIO], object], mode: int = 0o600) -> None:
    """``write`` fills a temporary file beside ``path``, which then replaces ``path`` in
    one rename. The file has ``mode`` before its first byte (no umask window for a
    secret) and is fsynced before the rename. If anything raises, ``path`` is left as it
    was and the temporary file is removed."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), mode)
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes_atomically(path: Path, data: bytes, mode: int = 0o600) -> None:
    """``write_atomically`` for bytes already in memory."""
    write_atomically(path, lambda fh: fh.write(data), mode)
