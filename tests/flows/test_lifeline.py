"""A run's helpers die with it (even under kill -9), and a killed run is marked Crashed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from flows.lifeline import LOCKS, RunLock, dead_runs

REPO = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    """Running, not a zombie (an orphan's zombie waits for a PID 1 that may never reap)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        kids = _children(todo.pop())
        found += kids
        todo += kids
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _gone_within(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not [p for p in pids if _alive(p)]:
            return []
        time.sleep(0.2)
    return [p for p in pids if _alive(p)]


def _killed_parent(child_code: str) -> int:
    """A parent that starts a child with ``child_code`` (Python, which prints the pid of
    the process to watch), then dies by SIGKILL; returns that pid."""
    parent = subprocess.run(
        [sys.executable, "-c", child_code], cwd=REPO, capture_output=True, text=True, timeout=120
    )  # fmt: skip
    assert parent.returncode == -signal.SIGKILL, parent.stderr[-2000:]
    return int(parent.stdout.split()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_a_server_started_with_the_parent_death_signal_dies_with_a_killed_run() -> None:
    pid = _killed_parent(
        "import os, signal, subprocess, time\n"
        "from flows.lifeline import die_with_parent\n"
        "p = subprocess.Popen(['sleep', '120'], preexec_fn=die_with_parent)\n"
        "print(p.pid, flush=True); time.sleep(0.3)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    assert _gone_within([pid], 5) == []


def test_a_worker_watching_its_parent_dies_with_a_killed_run() -> None:
    """The task runner's initializer, in a spawned worker as Prefect starts them."""
    pid = _killed_parent(
        "import os, signal, time\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "import multiprocessing as mp\n"
        "from flows.lifeline import watch_parent\n"
        "if __name__ == '__main__':\n"
        "    pool = ProcessPoolExecutor(1, mp_context=mp.get_context('spawn'),\n"
        "                               initializer=watch_parent)\n"
        "    print(pool.submit(os.getpid).result(), flush=True)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    assert _gone_within([pid], 5) == []


def test_a_worker_ends_quickly_after_its_tasks_exit_handlers(tmp_path: Path) -> None:
    """A worker skips the interpreter's teardown (``end_without_teardown``), but only
    after the exit handlers its tasks registered (Prefect drains its queues in those)."""
    marker = tmp_path / "drained"
    code = (
        "import atexit, os\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "import multiprocessing as mp\n"
        "from pathlib import Path\n"
        "from flows.lifeline import watch_parent\n"
        "if __name__ == '__main__':\n"
        "    pool = ProcessPoolExecutor(1, mp_context=mp.get_context('spawn'),\n"
        "                               initializer=watch_parent)\n"
        f"    pool.submit(atexit.register, Path({str(marker)!r}).write_text, 'x').result()\n"
        "    pool.shutdown(wait=True)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, timeout=120)
    assert proc.returncode == 0
    assert marker.read_text() == "x"


def test_a_killed_runs_lock_is_found_and_a_live_one_is_not(tmp_path: Path) -> None:
    code = (
        "import os, signal; from pathlib import Path; from flows.lifeline import RunLock\n"
        f"RunLock(Path({str(tmp_path)!r}), 'killed-run').take()\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, timeout=60)
    assert proc.returncode == -signal.SIGKILL
    live = RunLock(tmp_path, "live-run").take()
    assert (tmp_path / LOCKS / "live-run.lock").exists()
    assert dead_runs(tmp_path, keep="this-run") == ["killed-run"]
    live.release()
    assert not (tmp_path / LOCKS / "live-run.lock").exists()


@pytest.mark.slow
def test_mark_crashed_sets_a_killed_running_flow_run_crashed(
    prefect_server: None, tmp_path: Path
) -> None:
    from prefect import flow
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import StateType
    from prefect.states import Completed, Running

    from flows.lifeline import mark_crashed

    @flow(name="safeset-lifeline-probe")
    def probe() -> None:
        return None

    with get_client(sync_client=True) as client:
        killed = client.create_flow_run(probe, state=Running())
        finished = client.create_flow_run(probe, state=Completed())
        for run in (killed, finished):  # locks nobody holds: both processes are gone
            (tmp_path / LOCKS).mkdir(exist_ok=True)
            (tmp_path / LOCKS / f"{run.id}.lock").write_text("")
        assert mark_crashed(tmp_path, keep="this-run") == [str(killed.id)]
        assert client.read_flow_run(killed.id).state.type == StateType.CRASHED
        assert client.read_flow_run(finished.id).state.type == StateType.COMPLETED
    assert list((tmp_path / LOCKS).iterdir()) == []


@pytest.mark.slow
def test_kill_9_of_a_run_leaves_no_process_behind(tmp_path: Path, sample_bundle: Path) -> None:
    """The server, the workers and the resource tracker once lived on for minutes (about
    900 MB) after `safeset run` was killed."""
    from anonymizers.certify.keys import init_keys
    from bench import run as bench_run

    env = bench_run.bench_env(tmp_path / "home")
    init_keys(Path(env["SAFESET_HOME"]), demo=True)
    # Small detection chunks: the sample's free text goes to worker processes.
    policy = yaml.safe_load((REPO / "configs" / "default.yaml").read_text())
    policy.setdefault("nlp", {})["chunk_size"] = 20
    config = tmp_path / "policy.yaml"
    config.write_text(yaml.safe_dump(policy))
    run = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", str(sample_bundle), "--out",
         str(tmp_path / "out"), "--workers", "2", "--config", str(config)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        seen: set[int] = set()
        while time.monotonic() < deadline and run.poll() is None:
            tree = _descendants(run.pid)
            seen.update(tree)
            if any("spawn_main" in _cmdline(p) for p in tree):
                break  # workers are up: the moment the leftovers used to be largest
            time.sleep(0.2)
        assert run.poll() is None, "the run ended before it could be killed"
        tree = _descendants(run.pid)
        assert any("uvicorn" in _cmdline(p) for p in tree), [_cmdline(p) for p in tree]
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
    finally:
        if run.poll() is None:
            run.kill()
    left = _gone_within(sorted(seen | set(tree)), 10)
    assert left == [], [_cmdline(p) for p in left]
