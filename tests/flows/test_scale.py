"""Scale-out: the same flow on a real Dask LocalCluster (two worker processes) gives
byte-identical output to a local run, because the detection chunks are fixed by the
policy and the fakes are keyed, not stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli.app import app

pytestmark = pytest.mark.slow
runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]


def _root(run_dir: Path) -> str:
    return json.loads((run_dir / "manifest.json").read_text())["outputs"]["dataset_root"]


def _chunked_policy(tmp_path: Path) -> Path:
    policy = tmp_path / "policy.yaml"
    # Small chunks, so the ~330 free-text cells of the samples become several tasks.
    policy.write_text(
        (REPO / "configs" / "default.yaml")
        .read_text()
        .replace("  n_process: 1", "  n_process: 1\n  chunk_size: 60")
    )
    return policy


def test_worker_processes_keep_the_terminal_quiet(
    safeset_home: Path, sample_bundle: Path, tmp_path: Path
) -> None:
    """Worker processes log through Prefect to the user's terminal, out of reach of the
    CLI's own logging setup: no library warning may come through from them."""
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli.app", "run", str(sample_bundle), "--config",
         str(_chunked_policy(tmp_path)), "--out", str(tmp_path / "out"), "--workers", "2"],
        capture_output=True, text=True, cwd=REPO, env=os.environ.copy(), timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "detected chunk 2/" in done.stderr  # the chunks really ran on workers
    assert "WARNING" not in done.stderr, done.stderr[-2000:]


def test_dask_local_cluster_matches_local_run(
    prefect_server: None, safeset_home: Path, sample_bundle: Path, tmp_path: Path
) -> None:
    policy = _chunked_policy(tmp_path)
    dirs = {}
    for name, extra in (
        ("local", ["--task-runner", "threads", "--workers", "1"]),
        ("dask", ["--task-runner", "dask", "--workers", "2"]),
    ):
        result = runner.invoke(
            app,
            ["run", str(sample_bundle), "--config", str(policy), "--out", str(tmp_path / name),
             "--dataset", "hr", *extra],
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        assert "detected chunk 2/" in result.stderr  # really split into tasks
        dirs[name] = Path(result.stdout.strip().splitlines()[-1])
    assert _root(dirs["dask"]) == _root(dirs["local"])
    for f in (dirs["local"] / "data").iterdir():
        assert (dirs["dask"] / "data" / f.name).read_bytes() == f.read_bytes()


def test_partitioned_run_on_dask_matches_local_processes(
    prefect_server: None, safeset_home: Path, tmp_path: Path
) -> None:
    """Partitions are tasks: on a Dask LocalCluster (two workers) the output is the same
    bytes as on local processes, because fakes are keyed and the settling depends on the
    data only."""
    from bench.generate import structured_frame

    export = tmp_path / "export"
    export.mkdir()
    structured_frame(400).write_csv(export / "customers.csv")
    dirs = {}
    for name, extra in (
        ("local", ["--workers", "2"]),
        ("dask", ["--task-runner", "dask", "--workers", "2"]),
    ):
        result = runner.invoke(
            app,
            ["run", str(export), "--out", str(tmp_path / name), "--dataset", "crm",
             "--partition-rows", "90", *extra],
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        dirs[name] = Path(result.stdout.strip().splitlines()[-1])
    assert _root(dirs["dask"]) == _root(dirs["local"])
