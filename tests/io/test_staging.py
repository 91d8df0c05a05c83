"""Run folders under OUT/.staging: locked while a run lives, swept once it is dead."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from anonymizers.io.staging import UNLOCKED_GRACE_S, RunFolders, private_quarantine
from anonymizers.io.tables import publish


def test_a_killed_runs_folders_are_swept_by_the_next_run(
    tmp_path: Path, killed_run: Callable[[Path, str], None]
) -> None:
    killed_run(tmp_path, "20261123T0100-dead")
    assert (tmp_path / ".staging" / "20261123T0100-dead.work" / "part-00000.parquet").exists()
    with RunFolders(tmp_path, "20261123T0200-next") as folders:
        assert folders.swept == ["20261123T0100-dead"]
        left = sorted(p.name for p in (tmp_path / ".staging").iterdir())
        assert left == ["20261123T0200-next", "20261123T0200-next.lock"]
    assert not (tmp_path / ".staging").exists()  # nothing left once the run ends


def test_a_live_runs_folders_are_kept(tmp_path: Path) -> None:
    with RunFolders(tmp_path, "live") as live:
        live.make_work()
        with RunFolders(tmp_path, "other") as other:
            assert other.swept == []
            assert live.staging.exists() and live.work.exists()
        assert live.staging.exists()
    assert not (tmp_path / ".staging").exists()


def test_lockless_leftovers_go_only_once_old(tmp_path: Path) -> None:
    staging = tmp_path / ".staging"
    old, fresh = staging / "old-run.work", staging / "fresh-run"
    old.mkdir(parents=True)
    fresh.mkdir()
    stale = time.time() - UNLOCKED_GRACE_S - 60
    os.utime(old, (stale, stale))
    with RunFolders(tmp_path, "now") as folders:
        assert folders.swept == ["old-run"]
        assert fresh.exists() and not old.exists()


def test_a_run_id_already_in_use_is_refused(tmp_path: Path) -> None:
    with RunFolders(tmp_path, "same"), pytest.raises(FileExistsError):
        RunFolders(tmp_path, "same").open()  # two runs never share folders


def test_a_retry_with_the_id_of_a_killed_attempt_starts_clean(
    tmp_path: Path, killed_run: Callable[[Path, str], None]
) -> None:
    killed_run(tmp_path, "flow-run-7")
    with RunFolders(tmp_path, "flow-run-7") as folders:
        assert not folders.work.exists()  # the killed attempt's partitions are gone
        assert folders.staging.exists()


def test_a_run_that_cannot_start_holds_nothing(tmp_path: Path) -> None:
    (tmp_path / ".staging").mkdir()
    (tmp_path / ".staging" / "blocked").write_text("a file where the folder should go")
    with pytest.raises(FileExistsError):
        RunFolders(tmp_path, "blocked").open()
    assert sorted(p.name for p in (tmp_path / ".staging").iterdir()) == ["blocked"]
    with RunFolders(tmp_path, "next") as folders:  # and the next run is not blocked
        assert folders.swept == []


def test_staging_is_private_to_the_running_user(tmp_path: Path) -> None:
    """It holds plain output until the run is sealed and published (certify/modes.py)."""
    import stat

    with RunFolders(tmp_path / "out", "20261204T1930-private") as folders:
        assert stat.S_IMODE(folders.staging.stat().st_mode) == 0o700
        assert stat.S_IMODE(folders.root.stat().st_mode) == 0o700


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_staged_output_is_reachable_by_its_owner_only(tmp_path: Path) -> None:
    """Files written with the usual umask (0644) still sit in an owner-only folder."""
    with RunFolders(tmp_path, "20261204T0900-run") as folders:
        assert _mode(tmp_path / ".staging") == 0o700
        (folders.staging / "data").mkdir()
        (folders.staging / "data" / "employees.csv").write_text("first_name\nIngrid\n")


def test_a_quarantine_is_written_0600_and_0700(tmp_path: Path) -> None:
    """A rejected run's data/ holds the values its checks failed on: owner-only, down to
    the quarantine folders above it; a symlink inside is not followed."""
    staging = tmp_path / ".staging" / "run-1"
    (staging / "data" / "nested").mkdir(parents=True)
    for name in ("data/employees.csv", "data/nested/tickets.jsonl", "manifest.json"):
        (staging / name).write_text("Ingrid Halvorsen,ingrid.halvorsen@example.no\n")
        (staging / name).chmod(0o644)
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("not ours")
    outside.chmod(0o644)
    (staging / "data" / "link").symlink_to(outside)
    final = tmp_path / "quarantine" / "hr" / "run-1"
    (tmp_path / "quarantine").mkdir(mode=0o755)
    private_quarantine(staging, final)
    publish(staging, final)
    for path in (final, *final.rglob("*")):
        if not path.is_symlink():
            assert _mode(path) == (0o700 if path.is_dir() else 0o600), path
    assert _mode(tmp_path / "quarantine") == 0o700
    assert _mode(tmp_path / "quarantine" / "hr") == 0o700
    assert _mode(outside) == 0o644


def test_a_killed_runs_work_folder_is_carried_on_when_the_next_run_may(
    tmp_path: Path, killed_run: Callable[[Path, str], None]
) -> None:
    """An interrupted run whose work folder the new run accepts is adopted: its lock held
    (no other run sweeps it), its work folder used as it is, both gone at the end."""
    killed_run(tmp_path, "20261124T0100-nightly")
    root = tmp_path / ".staging"
    (root / "20261124T0100-nightly.work" / "resume.json").write_text("{}")
    folders = RunFolders(tmp_path, "20261124T0300-rerun").open(
        resume=lambda work: (work / "resume.json").exists()
    )
    try:
        assert folders.adopted == "20261124T0100-nightly" and folders.swept == []
        assert folders.make_work() == root / "20261124T0100-nightly.work"
        assert (folders.work / "part-00000.parquet").exists()
        # Another run starting now must not sweep the folder this run carries on with.
        other = RunFolders(tmp_path, "20261124T0301-other").open()
        assert other.swept == []
        other.close()
        assert folders.work.exists()
    finally:
        folders.close()
    assert not root.exists()  # both runs' folders and locks gone


def test_a_killed_run_the_next_run_may_not_carry_on_is_swept(
    tmp_path: Path, killed_run: Callable[[Path, str], None]
) -> None:
    killed_run(tmp_path, "20261124T0100-other-export")
    folders = RunFolders(tmp_path, "20261124T0300-rerun").open(resume=lambda work: False)
    try:
        assert folders.adopted is None and folders.swept == ["20261124T0100-other-export"]
        assert folders.make_work() == tmp_path / ".staging" / "20261124T0300-rerun.work"
    finally:
        folders.close()
