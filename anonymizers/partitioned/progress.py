"""A pass's progress, said in counts and never values: how far it is, the time it has
left at the rate it has gone so far, and at its end the peak memory before and during
it (``memory.py``). A nightly 5 GiB run spends tens of minutes in one pass, and a log
that says nothing for half an hour looks like a hang.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from anonymizers.partitioned.memory import MemoryLog

#: Seconds between a pass's progress lines at most.
PROGRESS_EVERY_S = 60.0

#: Peaks of this process and its workers since the last pass (``progress``).
_memory: MemoryLog | None = None


def progress(
    name: str, results: Iterable[Any], total: int, say: Callable[[str], None],
    unit: str = "partitions",
) -> Iterator[Any]:  # fmt: skip
    """``results`` passed through, with a line of counts now and then; at its end, a
    line of the peak memory before and during the pass."""
    global _memory
    if _memory is None:
        _memory = MemoryLog()
    before = _memory.take()
    start = last = time.monotonic()
    noted = False
    for done, result in enumerate(results, 1):
        if done == total:  # said before the last result: a caller may stop at it
            say(_memory.note(name, before, _memory.take()))
            noted = True
        yield result
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY_S and done < total:
            left = (now - start) / done * (total - done)
            say(f"  {name}: {done:,} of {total:,} {unit} ({now - start:,.0f} s, "
                f"about {left:,.0f} s left)")  # fmt: skip
            last = now
    if not noted:
        say(_memory.note(name, before, _memory.take()))


def memory_here(stage: str) -> str | None:
    """The memory line of a stage that is no pass (the verification), once a pass has
    started the log; else None."""
    return _memory.note_here(stage) if _memory is not None else None
