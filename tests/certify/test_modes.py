"""modes: a published run folder and the output root get the policy's permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from anonymizers.certify import modes
from tests.helpers.run_folders import make_run_folder


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_group_mode_reaches_every_file_and_folder(tmp_path: Path) -> None:
    run = make_run_folder(tmp_path / "out")
    os.chmod(run, 0o700)  # as staging leaves it
    (run / "data" / "employees.csv").chmod(0o600)
    modes.apply_run_mode(run, "group")
    modes.apply_root_mode(tmp_path / "out", run.parent, "group")
    assert _mode(run) == _mode(run / "data") == _mode(run / "lineage") == 0o750
    files = [p for p in run.rglob("*") if p.is_file()]
    assert files and {_mode(p) for p in files} == {0o640}
    assert _mode(tmp_path / "out") == _mode(run.parent) == 0o750


def test_private_and_umask_modes(tmp_path: Path) -> None:
    run = make_run_folder(tmp_path / "out")
    modes.apply_run_mode(run, "private")
    assert _mode(run) == 0o700 and _mode(run / "data" / "employees.csv") == 0o600
    os.chmod(run, 0o700)
    old = os.umask(0o027)
    try:
        assert modes.current_umask() == 0o027
        modes.apply_run_mode(run, "umask")  # only the folder: what a plain mkdir would give
        modes.apply_root_mode(tmp_path / "out", run.parent, "umask")  # left alone
    finally:
        os.umask(old)
    assert _mode(run) == 0o750 and _mode(run / "data" / "employees.csv") == 0o600
