"""Every command fails the same way: one stderr line with the contract's prefix, then the code."""

from __future__ import annotations

import logging
import stat
import sys
from pathlib import Path

import pytest
import typer

from flows.cli import app, audit, governance
from flows.cli.failure import EXIT_INTERNAL, RunErrorsOffConsole, fail, internal_failure


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


def _raise_with_a_value() -> ValueError:
    try:
        raise ValueError("cannot map 'ingrid.halvorsen@example.no' (row 3)")
    except ValueError as exc:
        return exc


def test_an_internal_failure_is_one_line_naming_a_private_log(tmp_path, capsys) -> None:
    exc = _raise_with_a_value()
    with pytest.raises(typer.Exit) as exited:
        internal_failure(exc, tmp_path / "out" / ".logs", "run")
    assert exited.value.exit_code == EXIT_INTERNAL == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("safeset: error: internal failure (ValueError)")
    assert "ingrid" not in err  # the value stays in the log, off the terminal
    [log] = (tmp_path / "out" / ".logs").iterdir()
    assert f"traceback in {log}" in err
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "_raise_with_a_value" in text


def test_no_log_written_is_still_one_line(tmp_path, capsys) -> None:
    """A full disk or a read-only root must not turn the failure into a second traceback."""
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output root should be")
    with pytest.raises(typer.Exit) as exited:
        internal_failure(_raise_with_a_value(), blocker / ".logs", "run")
    err = capsys.readouterr().err
    assert exited.value.exit_code == 3 and err.count("\n") == 1 and "no log written" in err


@pytest.mark.parametrize(
    ("raised", "code", "line"),
    [
        (
            PermissionError(13, "Permission denied", "/srv/out/hr"),
            2,
            "/srv/out/hr: Permission denied",
        ),
        (OSError(28, "No space left on device"), 2, "No space left on device"),
        (_raise_with_a_value(), 3, "internal failure (ValueError); traceback in "),
    ],
)
def test_what_no_command_caught_ends_in_one_line(
    tmp_path, monkeypatch, capsys, raised: Exception, code: int, line: str
) -> None:
    """`main` is the last line of defence of every command (a read-only pull root once
    ended in a traceback and exit 1)."""

    def command() -> None:
        raise raised

    monkeypatch.setenv("SAFESET_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(app, "app", command)
    monkeypatch.setattr(sys, "argv", ["safeset", "pull", "hr"])
    with pytest.raises(SystemExit) as exited:
        app.main()
    err = capsys.readouterr().err
    assert exited.value.code == code and err.count("\n") == 1 and line in err
    if code == 3:
        [log] = (tmp_path / "home" / "logs").iterdir()
        assert "-pull-" in log.name and "Traceback" in log.read_text()


def test_prefect_run_errors_stay_off_the_console() -> None:
    """The console filter safeset's logging.yml installs: a run's errors (the exception's
    message, then its traceback) are dropped, its other lines and other loggers pass."""
    from prefect.logging.configuration import load_logging_config

    config = load_logging_config(Path(app.__file__).with_name("logging.yml"))
    assert config["handlers"]["console"]["filters"] == ["run_errors_to_log"]
    keep = RunErrorsOffConsole()

    def record(name: str, level: int) -> logging.LogRecord:
        return logging.LogRecord(name, level, __file__, 1, "Encountered exception", None, None)

    assert not keep.filter(record("prefect.flow_runs", logging.ERROR))
    assert not keep.filter(record("prefect.task_runs", logging.CRITICAL))
    assert keep.filter(record("prefect.flow_runs", logging.INFO))
    assert keep.filter(record("prefect.client", logging.ERROR))
