"""Every command fails the same way: one stderr line with the contract's prefix, then the code."""

from __future__ import annotations

import pytest
import typer

from flows.cli import app, audit, governance
from flows.cli.failure import fail


@pytest.mark.parametrize("code", [None, 1, 3])
def test_fail_prints_one_line_and_exits_with_the_code(capsys, code: int | None) -> None:
    with pytest.raises(typer.Exit) as exited:
        fail("out: out is a file, not a folder") if code is None else fail("x", code)
    assert exited.value.exit_code == (2 if code is None else code)
    err = capsys.readouterr()
    assert err.out == ""
    assert err.err == ("safeset: error: out: out is a file, not a folder\n" if code is None
                       else "safeset: error: x\n")  # fmt: skip


def test_the_commands_share_the_one_definition() -> None:
    assert app.fail is audit.fail is governance.fail is fail
