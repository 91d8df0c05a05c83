"""shared_api: one temporary Prefect API per run, booting while the run imports, gone after."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import run as bench_run

REPO = Path(__file__).resolve().parents[3]

# Runs in a fresh interpreter: the test session's own Prefect harness must not be seen.
PROBE = r"""
import json, os, sys, urllib.request
from flows.cli.server import shared_api
seen = {}
def while_starting():
    seen["imported_before_wait"] = "prefect.server.api.server" not in sys.modules
with shared_api(while_starting=while_starting):
    url = os.environ.get("PREFECT_API_URL", "")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    if sys.argv[1] == "start":
        with opener.open(url + "/health", timeout=5) as r:
            seen["health"] = r.status
    seen["url"] = url
    seen["client_imported_server_module"] = "prefect.server.api.server" in sys.modules
seen["url_after"] = os.environ.get("PREFECT_API_URL")
print(json.dumps(seen))
"""


@pytest.fixture(scope="module")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Prefect database migrated once for this module (~14 s of migrations a copy
    saves each test that needs its own, fresh PREFECT_HOME)."""
    env = bench_run.bench_env(tmp_path_factory.mktemp("template"))
    bench_run.init_prefect_db(env)
    return Path(env["PREFECT_HOME"]) / "prefect.db"


def _fresh_home(tmp_path: Path, migrated_db: Path) -> dict[str, str]:
    """An environment of a home of its own, with no Prefect API to use (the run under
    test starts its own server) and the migrated database in place."""
    env = bench_run.bench_env(tmp_path / "home")
    env.pop("PREFECT_API_URL", None)
    shutil.copyfile(migrated_db, Path(env["PREFECT_HOME"]) / "prefect.db")
    return env


def _probe(env: dict[str, str], mode: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, mode], env=env, cwd=REPO, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), "stderr": proc.stderr}


@pytest.mark.slow
def test_temporary_server_answers_during_the_run_and_is_gone_after(
    tmp_path: Path, migrated_db: Path
) -> None:
    env = _fresh_home(tmp_path, migrated_db)
    seen = _probe(env, "start")
    assert seen["health"] == 200
    assert seen["url"].startswith("http://127.0.0.1:") and seen["url"].endswith("/api")
    assert seen["imported_before_wait"] is True
    # The client never imports Prefect's server package: that is the server's job.
    assert seen["client_imported_server_module"] is False
    assert seen["url_after"] is None
    stages = bench_run.parse_timings(seen["stderr"])
    assert {"import", "server-start", "server-stop"} <= set(stages)
    port = int(seen["url"].rsplit(":", 1)[1].split("/")[0])
    with socket.socket() as sock:  # nothing listens there any more (TIME_WAIT is fine)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen()


def test_a_configured_api_is_used_and_nothing_is_started(tmp_path: Path) -> None:
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api",
           "PREFECT_HOME": str(tmp_path / "prefect")}  # fmt: skip
    seen = _probe(env, "configured")
    assert seen["url"] == "http://127.0.0.1:9/api"
    assert seen["imported_before_wait"] is True
    assert "server-start" not in bench_run.parse_timings(seen["stderr"])


@pytest.mark.slow
def test_a_partitioned_run_starts_one_server_for_all_its_processes(
    tmp_path: Path, migrated_db: Path
) -> None:
    """Prefect's background threads read settings outside the flow's context: with the
    address only in the flow's settings, one started a second server (+220 MB)."""
    import psutil

    from bench import generate

    data = tmp_path / "export"
    generate.write_structured(data, rows=2_000)
    env = _fresh_home(tmp_path, migrated_db)
    subprocess.run([sys.executable, "-m", "flows.cli.app", "keys", "init", "--demo"], env=env,
                   cwd=REPO, capture_output=True, check=True)  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli.app", "run", str(data), "--out", str(tmp_path / "out"),
         "--partition-rows", "1000", "--workers", "2"],
        env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    most = 0
    parent = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            servers = [
                c for c in parent.children(recursive=True)
                if "prefect.server.api.server:create_app" in " ".join(c.cmdline())
            ]  # fmt: skip
        except psutil.Error:
            continue
        most = max(most, len(servers))
        time.sleep(0.1)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-2000:]
    assert "collect" in bench_run.parse_timings(err)  # really partitioned
    assert most == 1


@pytest.mark.slow
def test_a_server_that_cannot_start_is_one_clear_error_not_a_retry_loop(tmp_path: Path) -> None:
    """uvicorn exits 3 for a lost port and for an app that failed to start alike; only
    the first is worth a relaunch. A database it cannot open fails every time."""
    env = bench_run.bench_env(tmp_path / "home")
    env.pop("PREFECT_API_URL", None)
    env["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = "sqlite+aiosqlite:////proc/none/prefect.db"
    env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "900"  # a loop would hang
    subprocess.run(
        [sys.executable, "-m", "flows.cli.app", "keys", "init", "--demo"],
        env=env,
        cwd=REPO,
        capture_output=True,
        check=True,
    )  # else: no key, before any server
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli.app", "run", str(REPO / "samples"), "--out", str(out)],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert proc.returncode == 3
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("safeset: error: the temporary Prefect server failed to start")
    assert "PREFECT_API_URL" in last and "internal failure" not in last
    assert not out.exists()  # nothing ran, nothing half-written


FAILING_RUN = r"""
from flows.cli.server import shared_api
from prefect import flow, get_run_logger

@flow(name="safeset-failing-probe")
def failing():
    get_run_logger().info("a line the server must receive before it stops")
    raise RuntimeError("the run failed")

try:
    with shared_api():
        failing()
except RuntimeError:
    print("failed as expected")
"""


@pytest.mark.slow
def test_a_failed_run_sends_its_last_log_lines_before_the_server_stops(
    tmp_path: Path, migrated_db: Path
) -> None:
    """The drain ran only after a run that returned: every failed or rejected run ended
    with `--- Error logging to API --- All connection attempts failed` (issue 22)."""
    env = _fresh_home(tmp_path, migrated_db)
    env["PREFECT_LOGGING_LEVEL"] = "INFO"
    proc = subprocess.run([sys.executable, "-c", FAILING_RUN], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.stdout.strip().splitlines()[-1] == "failed as expected", proc.stderr[-2000:]
    assert "Error logging to API" not in proc.stderr
    assert "All connection attempts failed" not in proc.stderr
