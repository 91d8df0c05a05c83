"""What a task runner's worker process does once, when it starts: the pool's initializer.

A worker runs many tasks (a pass is up to ``flows.passes.MAX_TASKS`` of them), and for
each one Prefect made two API clients (one to rebuild the flow's context, one for the
task engine), each loading the CA bundle into a new SSL context: 90 ms of a core per
task on the bench's machine, 8% of a worker's time on a million contacts. Prefect reuses
the client of an open ``SyncClientContext`` instead (``get_client`` returns it when no
other HTTP settings are asked for), so each worker opens one for its whole life.
"""

from __future__ import annotations

import contextlib
import logging
import os

from flows.lifeline import watch_parent

_log = logging.getLogger("safeset.worker")

#: The worker's client context, kept open (and referenced) for the process's life.
_CLIENT: list[object] = []


def start_worker() -> None:
    """The initializer of the local task runner's workers: watch the parent (a run's
    helpers die with it, ``flows/lifeline.py``), then keep one Prefect client."""
    watch_parent()
    keep_one_client()


def keep_one_client() -> None:
    """Open a ``SyncClientContext`` that every task of this process reuses.

    Only where the API's address is in the environment (the run's temporary server, or
    ``PREFECT_API_URL`` set by the user): asked without one, Prefect would start a
    temporary server of its own. A client that cannot be opened is no failure: each task
    then makes its own, as Prefect does by default."""
    if _CLIENT or not os.environ.get("PREFECT_API_URL"):
        return
    from prefect.context import SyncClientContext

    with contextlib.suppress(Exception):
        context = SyncClientContext()
        context.__enter__()
        _CLIENT.append(context)
        return
    _log.debug("no shared Prefect client in this worker: each task makes its own")
