"""One Prefect API for a run and all its worker processes, started while the run imports.

Without ``PREFECT_API_URL`` Prefect starts a temporary server inside the process that
runs a flow, and it does so again in every worker process the flow spawns: each local
worker would carry its own server (a few hundred MB and seconds of start-up, then
seconds of shutdown after the run). Here the CLI starts one, and its address reaches the workers
through the environment they inherit. With ``PREFECT_API_URL`` set (a server you run,
or Prefect Cloud) nothing is started: that server is used.

The server is the command Prefect's own ``SubprocessASGIServer`` runs (uvicorn on
``prefect.server.api.server:create_app``, UI off, ephemeral), launched here without
importing that module: importing it costs the client seconds (FastAPI, the server's
models and database layer) for a class that only spawns a process and polls it. The
launch also returns at once, so the run imports Prefect and the engine while the server
boots, and waits for its health check only when the flow is about to start.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import inspect
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from flows.lifeline import die_with_parent

#: uvicorn's exit code for "did not start": the port was taken, or the app failed.
_STARTUP_FAILURE = 3
_RELAUNCHES = 5
_DEFAULT_TIMEOUT_S = 120.0


class ServerStartError(RuntimeError):
    """The temporary API did not come up; the message says why, with no run data."""


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _taken(port: int) -> bool:
    """Someone else holds ``port`` now (the race a relaunch on a new port fixes)."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def _prefect_dir() -> str:
    spec = importlib.util.find_spec("prefect")
    if spec is None or not spec.submodule_search_locations:
        raise ServerStartError("Prefect is not installed in this environment")
    return str(Path(next(iter(spec.submodule_search_locations))).parent)


class TemporaryServer:
    """A Prefect API on 127.0.0.1 for the length of one run."""

    def __init__(self) -> None:
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def launch(self) -> None:
        """Spawn the server and return without waiting for it."""
        self.port = _free_port()
        env = {
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
        }
        env.pop("PREFECT_API_URL", None)
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "uvicorn", "--app-dir", _prefect_dir(),
                "--factory", "prefect.server.api.server:create_app",
                "--host", "127.0.0.1", "--port", str(self.port),
                "--log-level", "error", "--lifespan", "on",
                # A client's events socket left open kept the server alive for all of
                # ``stop``'s 5 s (2 runs of ~100): connections get 2 s, then are closed.
                "--timeout-graceful-shutdown", "2",
            ],
            env=env,
            preexec_fn=die_with_parent,  # SIGTERM when the run dies, even by SIGKILL
        )  # fmt: skip

    def wait(self, timeout: float) -> None:
        """Block until ``/api/health`` answers 200 (relaunching on a port race)."""
        # Straight to 127.0.0.1: no proxy from the environment may see this traffic.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.monotonic() + timeout
        relaunches = 0
        while time.monotonic() < deadline:
            assert self.process is not None
            code = self.process.poll()
            # uvicorn exits 3 both when it lost the port to another process (relaunch on
            # a new one) and when the app failed to start (a database it cannot open):
            # that one fails the same way again, so it is an error, not a retry loop.
            lost_port = code == _STARTUP_FAILURE and _taken(self.port)
            if lost_port and relaunches < _RELAUNCHES:
                relaunches += 1
                self.launch()
                os.environ["PREFECT_API_URL"] = self.api_url
                continue
            if lost_port:
                raise ServerStartError(
                    f"the temporary Prefect server lost its port to another process "
                    f"{_RELAUNCHES + 1} times; set PREFECT_API_URL to use a running Prefect API"
                )
            if code is not None:
                raise ServerStartError(
                    f"the temporary Prefect server failed to start (exit code {code}; its "
                    "own log lines above say why, e.g. a PREFECT_HOME or database it cannot "
                    "write); set PREFECT_API_URL to use a running Prefect API instead"
                )
            with (
                contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError),
                opener.open(f"{self.api_url}/health", timeout=2) as response,
            ):
                if response.status == 200:
                    return
            time.sleep(0.05)
        raise ServerStartError(
            f"the temporary Prefect server did not answer in {timeout:.0f} s (raise "
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, or set PREFECT_API_URL)"
        )

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def _configured_in_process() -> bool:
    """An API set through Prefect's settings by a process that embeds safeset (a test
    harness, a notebook): only knowable once Prefect is imported, and then it is free."""
    settings = sys.modules.get("prefect.settings")
    return bool(settings and settings.PREFECT_API_URL.value())


@contextlib.contextmanager
def shared_api(while_starting: Callable[[], object] | None = None) -> Iterator[None]:
    """The run's Prefect API: ``PREFECT_API_URL`` from the environment (or the settings of
    a process that embeds safeset and has already imported Prefect), else a temporary
    server.

    ``while_starting`` runs while the server boots (the CLI imports the flow modules
    there); ``server-start`` then times only what is left to wait for."""
    if os.environ.get("PREFECT_API_URL") or _configured_in_process():
        if while_starting:
            while_starting()
        yield
        return
    server = TemporaryServer()
    server.launch()
    atexit.register(server.stop)  # a run that dies mid-way leaves no server behind
    # The address goes into the environment before anything imports Prefect: Prefect's
    # background threads (events, logs) read settings outside the flow's context, and one
    # that finds no API URL starts a temporary server of its own, a second one.
    # Prefect's own temporary server avoids that by being a singleton those threads share.
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        from flows.cli.progress import stage

        if while_starting:
            with stage("import"):
                while_starting()
        import prefect.settings

        timeout = float(
            prefect.settings.PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()
            or _DEFAULT_TIMEOUT_S
        )
        with stage("server-start"):  # measured by `make bench`: a fixed cost of every run
            server.wait(timeout)
        with prefect.settings.temporary_settings(
            updates={prefect.settings.PREFECT_API_URL: server.api_url}
        ):
            try:
                yield
            finally:  # a failed flow's last lines too, else "Error logging to API"
                with contextlib.suppress(Exception):
                    _drain_logs()
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        atexit.unregister(server.stop)  # an embedding process may run many times
        if server.process is not None:
            with stage("server-stop"):
                server.stop()


def _drain_logs() -> None:
    """Send the run's last log lines before the server goes, whatever the run's outcome
    (else Prefect's exit handler sends them to a stopped server: `--- Error logging to
    API --- All connection attempts failed` at the end of every failed run)."""
    from prefect.logging.handlers import APILogWorker
    from prefect.utilities.asyncutils import run_coro_as_sync

    async def drain() -> None:
        # Never in the way of the run's own outcome or error: a drain that fails costs
        # at most the log lines the server would not have kept anyway.
        with contextlib.suppress(Exception):
            result = APILogWorker.instance().drain()
            if inspect.isawaitable(result):
                await result

    run_coro_as_sync(drain())
