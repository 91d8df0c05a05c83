"""The ``safeset`` command line: run, plan, verify, pull, forget, keys, ledger."""

from __future__ import annotations

import atexit
import contextlib
import os
import sys


def main() -> None:
    """The console entry point, imported lazily: the flows import ``flows.cli.progress``,
    and that must not load the whole command line.

    The process ends without the interpreter's teardown (``_end``), after every exit
    handler the command registered and with the command's own exit status."""
    status = _Status()
    atexit.register(_end, status)  # first registered: runs after every other handler
    from flows.cli.app import main as run_app

    try:
        run_app()
    except SystemExit as done:
        status.code = _exit_code(done.code)
        raise
    status.code = 0


class _Status:
    """The exit status the process ends with: 1 unless the command said otherwise (an
    exception that escapes everything is an internal failure, as Python reports it)."""

    def __init__(self) -> None:
        self.code = 1


def _exit_code(code: object) -> int:
    """What Python's own exit makes of ``SystemExit(code)``: None is 0, an int itself,
    anything else (a message, printed by Python) 1."""
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


def _end(status: _Status) -> None:
    """End the process once the command and its exit handlers are done, skipping the
    interpreter's teardown: freeing the spaCy model, the polars frames and the maps one
    object at a time (measured on a process holding the bench's mixed export, its plan
    and the model: 1.6-1.9 s on a busy machine, 0.07-0.13 s without the teardown) is
    time the user waits for the prompt and a script for the exit status. Nothing is lost:
    every file a run writes is closed before it publishes, the Prefect server and the
    workers are stopped, and the streams are flushed here."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe must not change the status
            stream.flush()
    os._exit(status.code)
