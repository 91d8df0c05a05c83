"""Prefect's own list commands against a real `prefect server start` of the locked
versions: what an engineer on call types to see last night's runs and their artifacts.

Prefect 3.8's client sends explicit nulls in its filter bodies; a FastAPI that validates
them (0.154) made the server answer 422 to `flow-run ls`, `artifact ls` and
`deployment ls` (pyproject.toml pins FastAPI below 0.142 for that).
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

PREFECT = Path(sys.executable).with_name("prefect")

#: One flow run with an artifact, and one deployment, made through the public client.
SEED = """
from prefect import flow
from prefect.artifacts import create_markdown_artifact

@flow(name="safeset-cli-probe")
def probe():
    create_markdown_artifact("# run summary", key="safeset-probe-summary")

probe()
probe.to_deployment(name="nightly-probe").apply()
"""


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def real_server(tmp_path: Path) -> Iterator[dict[str, str]]:
    """`prefect server start`, as the README says, on a private PREFECT_HOME."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_UI_ENABLED": "0",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "0", "PREFECT_LOGGING_LEVEL": "WARNING"}  # fmt: skip
    server = subprocess.Popen(
        [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    api = f"http://127.0.0.1:{port}/api"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 120
    try:
        while True:
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            with contextlib.suppress(OSError), opener.open(f"{api}/health", timeout=2) as r:
                if r.status == 200:
                    break
            assert time.monotonic() < deadline, "prefect server start did not answer"
            time.sleep(0.2)
        yield {**env, "PREFECT_API_URL": api}
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.mark.slow
def test_list_commands_work_against_prefect_server_start(
    real_server: dict[str, str], tmp_path: Path
) -> None:
    script = tmp_path / "probe_flow.py"  # Prefect deploys only flows defined in a file
    script.write_text(SEED)
    seeded = subprocess.run([sys.executable, str(script)], env=real_server, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert seeded.returncode == 0, seeded.stderr[-2000:]
    wide = {**real_server, "COLUMNS": "250"}
    expect = {
        "flow-run": "safeset-cli-probe",  # the flow's name is in the run's row
        "artifact": "safeset-probe-summary",
        "deployment": "nightly-probe",
    }
    for command, shown in expect.items():
        listed = subprocess.run([str(PREFECT), command, "ls"], env=wide, capture_output=True,
                                text=True, timeout=120)  # fmt: skip
        assert listed.returncode == 0, (command, listed.stdout[-1500:], listed.stderr[-1500:])
        # The server's refusal, not "422" inside a listed run's UUID ("…-422d-…").
        assert not re.search(r"\b422\b|Unprocessable", listed.stdout + listed.stderr)
        assert shown in listed.stdout, (command, listed.stdout)
