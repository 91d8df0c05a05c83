"""Arrays the passes wrote with ``np.save``, read back by threads of one process.

``np.load`` reads each file's header with ``ast.literal_eval``, and CPython 3.11 builds
ASTs with state two threads can corrupt at once (python/cpython#106905: "SystemError: AST
constructor recursion depth mismatch"): the parent checks leaks while the gate merges in
a thread beside it, and a clean-clone CI run failed so, once. Every load takes one lock;
a memory-mapped load holds it for the header only.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Literal

import numpy as np

_LOCK = threading.Lock()


def load_array(path: Path, mmap_mode: Literal["r"] | None = None) -> np.ndarray:
    """``np.load(path, mmap_mode=...)``, one thread at a time."""
    with _LOCK:
        return np.load(path, mmap_mode=mmap_mode)
