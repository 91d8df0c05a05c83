"""arrays: np.save'd files read back by several threads of one process at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from anonymizers.partitioned.arrays import load_array


def test_threads_read_the_arrays_they_wrote_whole_and_memory_mapped(tmp_path: Path) -> None:
    arrays = {}
    for i in range(40):
        path = tmp_path / f"bucket-{i}.npy"
        np.save(path, np.arange(i, i + 1_000, dtype=np.uint64))
        arrays[path] = np.arange(i, i + 1_000, dtype=np.uint64)

    def read(path: Path) -> bool:
        whole, mapped = load_array(path), load_array(path, mmap_mode="r")
        return bool((whole == arrays[path]).all() and (mapped == arrays[path]).all())

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(read, list(arrays) * 5))
