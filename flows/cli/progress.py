"""Terminal progress for long runs, on stderr so stdout stays machine-readable.

The CLI contract reserves stdout's last line for the run folder; everything a person
watches goes to stderr through rich.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console

_console = Console(stderr=True, highlight=False)


def say(message: str) -> None:
    """One line per message whatever the width: scheduled runs log to files, and a run id
    or a path cut in two at column 80 cannot be searched for."""
    _console.print(message, markup=False, soft_wrap=True)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time one stage; the line format is parsed by `make bench` (bench/run.py)."""
    t0 = time.perf_counter()
    try:
        yield
    finally:
        timing(name, time.perf_counter() - t0)


def timing(name: str, seconds: float) -> None:
    """A stage timed elsewhere (in a child process), reported in ``stage``'s format."""
    say(f"safeset: timing {name} {seconds:.3f}s")
