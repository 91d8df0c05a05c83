"""One Prefect API for a run and all its worker processes.

Without ``PREFECT_API_URL`` Prefect starts a temporary server inside the process that
runs a flow, and it does so again in every worker process the flow spawns: each local
worker then carried its own server (about 220 MB and seconds of start-up, then seconds
of shutdown after the run). Here the CLI starts one, and its address reaches the workers
through the environment they inherit. With ``PREFECT_API_URL`` set (a server you run,
or Prefect Cloud) nothing is started: that server is used.
"""

from __future__ import annotations

import contextlib
import inspect
import os
from collections.abc import Iterator


@contextlib.contextmanager
def shared_api() -> Iterator[None]:
    import prefect.settings
    from prefect.server.api.server import SubprocessASGIServer

    if prefect.settings.PREFECT_API_URL.value():
        yield
        return
    from flows.progress import stage

    server = SubprocessASGIServer()
    with stage("server-start"):  # measured by `make bench`: a fixed cost of every run
        server.start(
            timeout=prefect.settings.PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()
        )
    before = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with prefect.settings.temporary_settings(
            updates={prefect.settings.PREFECT_API_URL: server.api_url}
        ):
            yield
            _drain_logs()
    finally:
        if before is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = before
        with stage("server-stop"):
            server.stop()


def _drain_logs() -> None:
    """Send the run's last log lines before the server goes (else: connection errors)."""
    from prefect.logging.handlers import APILogWorker
    from prefect.utilities.asyncutils import run_coro_as_sync

    async def drain() -> None:
        with contextlib.suppress(RuntimeError):
            result = APILogWorker.instance().drain()
            if inspect.isawaitable(result):
                await result

    run_coro_as_sync(drain())
