"""Large arguments every task of a pass shares, written once to the run's work folder.

A task carries the file's path and each worker process reads it once; without this,
every queued task held its own copy in the parent (megabytes each, times hundreds of
partitions).
"""

from __future__ import annotations

import functools
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class OnDisk:
    """A shared argument (the plan, the name registry, the known values): ``run_pass``
    loads each top-level one, and a task's own object may hold one to ``load``."""

    path: Path

    def load(self) -> Any:
        return load_shared(self.path)


@functools.lru_cache(maxsize=8)
def load_shared(path: Path) -> Any:
    return pickle.loads(path.read_bytes())


def on_disk(work: Path, name: str, value: Any) -> OnDisk:
    path = work / f"{name}.pickle"
    path.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return OnDisk(path)
