"""How every command fails: one line on stderr, then the exit code of the CLI contract.

Scripts read the exit code and people read the line; a single definition keeps the
prefix (``safeset: error:``) the same for every command, which tests and log searches
rely on.
"""

from __future__ import annotations

from typing import NoReturn

import typer


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``safeset: error: <message>`` to stderr and exit with ``code`` (2: usage or
    input, the contract's default). The message must already be free of data values."""
    typer.echo(f"safeset: error: {message}", err=True)
    raise typer.Exit(code)
