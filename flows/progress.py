"""Terminal progress for long runs, on stderr so stdout stays machine-readable.

The CLI contract reserves stdout's last line for the run folder; everything a person
watches goes to stderr through rich.
"""

from __future__ import annotations

from rich.console import Console

_console = Console(stderr=True, highlight=False)


def say(message: str) -> None:
    _console.print(message, markup=False)
