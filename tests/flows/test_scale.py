"""Scale-out: the same flow on a real Dask LocalCluster (two worker processes) gives
byte-identical output to a local run, because a text's spans do not depend on the
slice or partition it is detected in and the fakes are keyed, not stored."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli.app import app

pytestmark = pytest.mark.slow
runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]


def _root(run_dir: Path) -> str:
    return json.loads((run_dir / "manifest.json").read_text())["outputs"]["dataset_root"]


def _slices(stderr: str) -> int:
    """The detect pass's count of text slices (``detect: text in N slice(s)``)."""
    found = re.search(r"detect: text in ([\d,]+) slice", stderr)
    assert found, stderr[-2000:]
    return int(found.group(1).replace(",", ""))


def _chunked_policy(tmp_path: Path) -> Path:
    policy = tmp_path / "policy.yaml"
    # Small slices, so the 230 rows of the samples' text tables become several tasks.
    policy.write_text(
        (REPO / "configs" / "default.yaml")
        .read_text()
        .replace("  n_process: 1", "  n_process: 1\n  chunk_size: 60")
    )
    return policy


def _run_samples(bundle: Path, policy: Path, out: Path, extra: list[str]) -> Path:
    """The samples through ``safeset run`` with the chunked policy: the run folder."""
    result = runner.invoke(
        app,
        ["run", str(bundle), "--config", str(policy), "--out", str(out), "--dataset", "hr",
         *extra],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert _slices(result.stderr) >= 4  # really split into tasks
    return Path(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def one_process_run(
    prefect_server: None,
    safeset_home: Path,
    sample_bundle: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """The samples in one process (free text in chunks): the run folder every scaled run
    of this module is compared with (made once: it is the same run each time)."""
    tmp = tmp_path_factory.mktemp("one-process")
    threads = ["--task-runner", "threads", "--workers", "1"]
    return _run_samples(sample_bundle, _chunked_policy(tmp), tmp / "local", threads)


def _same_bytes_as_one_process(
    tmp_path: Path, bundle: Path, local: Path, scaled: list[str]
) -> None:
    """Run the samples with ``scaled`` options: split into tasks as in one process
    (``local``, that run's folder), they give the same dataset, byte for byte."""
    scaled_dir = _run_samples(bundle, _chunked_policy(tmp_path), tmp_path / "scaled", scaled)
    assert _root(scaled_dir) == _root(local)
    for f in (local / "data").iterdir():
        assert (scaled_dir / "data" / f.name).read_bytes() == f.read_bytes()


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
    assert _slices(done.stderr) >= 4  # the slices really ran on workers
    assert "WARNING" not in done.stderr, done.stderr[-2000:]


def test_dask_local_cluster_matches_local_run(
    one_process_run: Path, sample_bundle: Path, tmp_path: Path
) -> None:
    dask = ["--task-runner", "dask", "--workers", "2"]
    _same_bytes_as_one_process(tmp_path, sample_bundle, one_process_run, dask)


@pytest.fixture
def dask_cluster_cli(tmp_path: Path) -> Iterator[str]:
    """A Dask cluster as an operator starts one: ``dask scheduler`` and ``dask worker``
    as separate processes from the command line (two single-threaded worker processes),
    with this repo's environment. Yields the scheduler's address."""
    from distributed import Client

    dask = str(Path(sys.executable).with_name("dask"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO),
           os.environ.get("PYTHONPATH")]))}  # fmt: skip
    info = tmp_path / "scheduler.json"
    scheduler = [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                 "--scheduler-file", str(info)]  # fmt: skip
    quiet = {"env": env, "cwd": REPO, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [subprocess.Popen(scheduler, **quiet)]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        workers = [dask, "worker", address, "--nworkers", "2", "--nthreads", "1",
                   "--no-dashboard", "--memory-limit", "0"]  # fmt: skip
        procs.append(subprocess.Popen(workers, **quiet))
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_cluster_started_from_the_command_line_matches_local_run(
    one_process_run: Path, sample_bundle: Path, tmp_path: Path, dask_cluster_cli: str
) -> None:
    """``safeset run --dask-address`` on a scheduler and workers started with the ``dask``
    command, free text included: the same bytes as a run in one process."""
    cluster = ["--dask-address", dask_cluster_cli, "--workers", "2"]
    _same_bytes_as_one_process(tmp_path, sample_bundle, one_process_run, cluster)


def test_partitioned_run_on_dask_matches_local_processes(
    prefect_server: None, safeset_home: Path, tmp_path: Path
) -> None:
    """Partitions are tasks: on a Dask LocalCluster (two workers) the output is the same
    bytes as on local processes, free text included, because fakes are keyed, the spans
    of a text do not depend on its partition and the settling depends on the data only."""
    import polars as pl

    from bench.generate import structured_frame

    export = tmp_path / "export"
    export.mkdir()
    frame = structured_frame(240)  # three partitions of 90 rows
    agents = ["Margaret Holloway", "Dmitri Volkov", "Beatriz Fonseca"]
    notes = [f"{f} {s} asked {agents[i % 3]} for a refund; reply sent to {e}."
             for i, (f, s, e) in enumerate(frame.select("first_name", "last_name", "email").rows())]  # fmt: skip
    frame.with_columns(pl.Series("agent_notes", notes)).write_csv(export / "customers.csv")
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
    written = (dirs["dask"] / "data" / "customers.csv").read_text()
    assert not any(name in written for name in [*agents, *frame["email"].to_list()])
