"""The garbage collector in a run's long stretches of its own work: what the process held
before them is frozen (``gc.freeze``) until they end.

Python's full collection walks every tracked object of the process, and the parent of a
run holds many that live as long as it does: imported modules, Prefect's runtime, pydantic
models, a loaded model. Its work between passes (the known-value and target indexes,
settling, the name registry) makes objects by the hundred thousand, and each full
collection they set off walked all of those again: ``global_targets`` took 0.8 s of CPU
beside the flow's imports, 0.5 s with them frozen. The stretch's own objects are
collected as before, and what was frozen goes back to the collector when it ends.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def heap_frozen(run: Callable[P, R]) -> Callable[P, R]:
    """``run`` with the heap it starts with frozen until it returns. A process that has
    frozen its heap itself (a worker: ``run._freeze_long_lived``) is left as it is."""

    @functools.wraps(run)
    def frozen(*args: P.args, **kwargs: P.kwargs) -> R:
        if gc.get_freeze_count():
            return run(*args, **kwargs)
        gc.freeze()
        try:
            return run(*args, **kwargs)
        finally:
            gc.unfreeze()

    return frozen
