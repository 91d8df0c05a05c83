"""Whole-file helpers: one digest every layer agrees on, one atomic replace."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from anonymizers.io.files import sha256_file, write_atomically, write_bytes_atomically


@pytest.mark.parametrize("size", [0, 1, 1 << 18, (1 << 20) * 3 + 7])
def test_sha256_file_is_the_sha256_of_the_bytes(tmp_path: Path, size: int) -> None:
    """Empty, tiny, exactly one read block and several blocks with a ragged tail."""
    data = os.urandom(size)
    path = tmp_path / "export.bin"
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("mode", [0o600, 0o644])
def test_atomic_write_replaces_with_the_mode_from_the_first_byte(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "trusted_keys.json"
    path.write_bytes(b"old\n")
    seen: list[int] = []

    def write(fh) -> None:
        seen.append(os.fstat(fh.fileno()).st_mode & 0o777)  # before any byte is written
        fh.write(b"new\n")

    write_atomically(path, write, mode)
    assert path.read_bytes() == b"new\n"
    assert seen == [mode] and path.stat().st_mode & 0o777 == mode
    assert [p.name for p in tmp_path.iterdir()] == ["trusted_keys.json"]  # no temporary left
    write_bytes_atomically(tmp_path / "signing.key", b"secret\n")
    assert (tmp_path / "signing.key").stat().st_mode & 0o777 == 0o600


def test_a_failed_atomic_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "staff.parquet"
    path.write_bytes(b"the old, whole file")

    def write(fh) -> None:
        fh.write(b"half of the new")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_atomically(path, write)
    assert path.read_bytes() == b"the old, whole file"
    assert [p.name for p in tmp_path.iterdir()] == ["staff.parquet"]
    with pytest.raises(RuntimeError):
        write_atomically(tmp_path / "new.key", write)
    assert [p.name for p in tmp_path.iterdir()] == ["staff.parquet"]  # nothing created
