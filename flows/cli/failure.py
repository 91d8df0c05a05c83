"""How every command fails: one line on stderr, then the exit code of the CLI contract.

Scripts read the exit code and people read the line; a single definition keeps the
prefix (``safeset: error:``) the same for every command, which tests and log searches
rely on. An internal failure (exit 3) is no message anyone wrote for a person: its
traceback goes to a log file (mode 0600 in a 0700 folder, since a library's message can
quote a cell), and the one line names that file instead of printing the traceback.
"""

from __future__ import annotations

import logging
import os
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import typer

#: Exit code for an unexpected internal failure (outside the 0/1/2 contract).
EXIT_INTERNAL = 3
#: Where an internal failure's log goes when a command has no output root.
LOG_FOLDER = "logs"


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``safeset: error: <message>`` to stderr and exit with ``code`` (2: usage or
    input, the contract's default). The message must already be free of data values."""
    typer.echo(f"safeset: error: {message}", err=True)
    raise typer.Exit(code)


def write_failure_log(exc: BaseException, folder: Path, command: str) -> Path:
    """The traceback of ``exc`` in a new file under ``folder`` (0700), readable by its
    owner only (0600); never the values of local variables, only what the traceback has."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{stamp}-{command}-{os.getpid()}.log"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as log:
        log.write(f"safeset {command}: internal failure at {stamp}\n")
        log.write("".join(traceback.format_exception(exc)))
    return path


def internal_failure(exc: BaseException, folder: Path, command: str, doing: str = "") -> NoReturn:
    """Exit 3 with one line: the error's type, and the log file that holds its traceback
    (or why none could be written: a full disk must not turn into a second traceback)."""
    what = f"internal failure ({type(exc).__name__}){f' while {doing}' if doing else ''}"
    try:
        path = write_failure_log(exc, folder, command)
    except OSError as err:
        fail(f"{what}; no log written ({folder}: {err.strerror})", EXIT_INTERNAL)
    fail(f"{what}; traceback in {path}", EXIT_INTERNAL)


def environment_failure(exc: OSError) -> NoReturn:
    """Exit 2 for the system refusing: a read-only folder, a full disk, no permission.
    The line names the path and the system's reason, nothing read from a file."""
    where = f"{exc.filename}: " if exc.filename else ""
    reason = exc.strerror or type(exc).__name__
    fail(f"{where}{reason}")


class RunErrorsOffConsole(logging.Filter):
    """Keeps a flow or task run's errors off the console (``flows/cli/logging.yml``): their
    message quotes the exception (possibly a cell value) and the traceback follows; the
    command's one line and its log file say it instead. Other lines pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        run_log = record.name.startswith(("prefect.flow_runs", "prefect.task_runs"))
        return not (run_log and record.levelno >= logging.ERROR)
