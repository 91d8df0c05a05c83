"""Whole-file helpers: one digest every layer agrees on."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from anonymizers.io.files import sha256_file


@pytest.mark.parametrize("size", [0, 1, 1 << 18, (1 << 20) * 3 + 7])
def test_sha256_file_is_the_sha256_of_the_bytes(tmp_path: Path, size: int) -> None:
    """Empty, tiny, exactly one read block and several blocks with a ragged tail."""
    data = os.urandom(size)
    path = tmp_path / "export.bin"
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()
