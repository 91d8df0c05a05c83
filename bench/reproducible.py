"""The evaluation corpora, the same on every run: Python's string hashing is seeded per
process, and Faker's providers for some locales iterate sets (``Faker('it_IT').city()``
after ``seed_instance(5)`` gives another town under another hash seed), so a generated
bundle, and every figure scored on it, moved from one run of ``make eval`` to the next.
The evaluation entry points run under a fixed hash seed instead."""

from __future__ import annotations

import os
import sys

#: The hash seed the corpora are generated under.
HASH_SEED = "0"


def under_fixed_hash_seed(module: str) -> None:
    """Re-run ``python -m module`` with this process's arguments under ``HASH_SEED``,
    unless this process already runs under it (then return and go on)."""
    if os.environ.get("PYTHONHASHSEED") == HASH_SEED:
        return
    env = {**os.environ, "PYTHONHASHSEED": HASH_SEED}
    os.execve(sys.executable, [sys.executable, "-m", module, *sys.argv[1:]], env)
