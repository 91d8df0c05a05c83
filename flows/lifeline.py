"""A run's helpers die with it, and a run that was killed is recorded as crashed.

``kill -9`` of ``safeset run`` (or the OOM killer) gives the run no chance to stop what
it started: the temporary Prefect server, the task runner's worker processes and
multiprocessing's resource tracker stayed alive (about 900 MB, minutes later), and the
flow run stayed RUNNING in Prefect for ever. So:

- the server is started with a parent-death signal (Linux ``PR_SET_PDEATHSIG``, set in
  the child between fork and exec): the kernel sends it SIGTERM when the run dies;
- each worker runs a watchdog thread (``watch_parent``, the task runner's initializer)
  that ends the worker once its parent is gone: it waits on multiprocessing's sentinel
  of the parent (a parent-death signal would be wrong there: it fires when the *thread*
  that spawned the worker ends, and the task runner spawns from threads that come and
  go). The resource tracker exits by itself once the run and its workers have closed
  their ends of its pipe. The same initializer makes a worker's normal end quick
  (``end_without_teardown``): the run waits for it;
- each flow run holds an ``flock`` on ``$PREFECT_HOME/safeset-runs/<flow-run-id>.lock``
  while it lives. The kernel drops it however the run dies, so the next run that can
  take a lock knows that flow run's process is gone, and marks it Crashed if Prefect
  still says it is running (``mark_crashed``). Runs of other machines (a shared
  served API) leave no lock file here and are never touched.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import fcntl
import multiprocessing
import os
import signal
import sys
import threading
from pathlib import Path

#: ``prctl`` option of <linux/prctl.h>.
_PR_SET_PDEATHSIG = 1
LOCKS = "safeset-runs"
_CRASHED = "the run's process ended without finishing (killed); found by a later run"


def die_with_parent() -> None:
    """``preexec_fn`` for a child process: SIGTERM when the parent dies (Linux; elsewhere
    nothing). Runs between fork and exec, so it only calls ``prctl`` and checks that the
    parent did not die already."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # died before prctl took effect
        os.kill(os.getpid(), signal.SIGTERM)


def watch_parent() -> None:
    """The task runner's worker initializer: a daemon thread that ends this process
    (SIGKILL to itself: no handler, no lingering thread) once the process that spawned
    it is gone. It waits on multiprocessing's sentinel of the parent, which also covers a
    parent that died while this worker was still starting (its pid is long reparented)."""
    parent = multiprocessing.parent_process()
    if parent is None:  # not started by multiprocessing: nothing to watch
        return

    def watch() -> None:
        parent.join()  # returns when the parent's end of the sentinel pipe closes
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="safeset-watch-parent", daemon=True).start()
    # Registered first, so it runs last: after every exit handler the worker's tasks
    # registered (Prefect's among them; its event and log queues drain before these).
    atexit.register(end_without_teardown)


def end_without_teardown() -> None:
    """The last exit handler of a worker: end the process once every other handler ran,
    without the interpreter's teardown. A worker holding the spaCy model and Prefect took
    1 to 2.5 s to free its objects one by one at exit, and the run waits for its workers
    to end before it returns (measured: a pool of two shut down in 2.1-2.6 s, 0.06-0.08 s
    with this). Nothing is lost: a task's results went back over the pipe and its files
    were closed before it returned; the streams are flushed here. The exit status is 0:
    the pool has stopped watching its workers' exit by now."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)


class RunLock:
    """The flock a flow run holds while it lives (see the module docstring)."""

    def __init__(self, home: Path, run_id: str) -> None:
        self.folder = home / LOCKS
        self.path = self.folder / f"{run_id}.lock"
        self._fd: int | None = None

    def take(self) -> RunLock:
        """Never fails a run: without the lock, only the crash record is lost."""
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise
            self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None


def dead_runs(home: Path, keep: str) -> list[str]:
    """Flow run ids whose lock file no live process holds (``keep`` excepted)."""
    folder = home / LOCKS
    try:
        locks = sorted(folder.glob("*.lock"))
    except OSError:
        return []
    dead: list[str] = []
    for lock in locks:
        run_id = lock.name.removesuffix(".lock")
        if run_id == keep:
            continue
        try:
            fd = os.open(lock, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a live run
        finally:
            os.close(fd)
        dead.append(run_id)
    return dead


def mark_crashed(home: Path, keep: str) -> list[str]:
    """Mark Crashed each flow run that Prefect still shows running or pending although
    its process is gone; returns their ids. A lock whose flow run is unknown here or
    already ended is just removed."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import StateType
    from prefect.states import Crashed

    marked: list[str] = []
    dead = dead_runs(home, keep)
    if not dead:
        return marked
    with get_client(sync_client=True) as client:
        for run_id in dead:
            with contextlib.suppress(Exception):  # unknown id, another API: leave it
                state = client.read_flow_run(run_id).state
                if state is not None and state.type in (StateType.RUNNING, StateType.PENDING):
                    client.set_flow_run_state(
                        run_id,
                        Crashed(message=_CRASHED),
                        force=True,
                    )
                    marked.append(run_id)
            with contextlib.suppress(OSError):
                (home / LOCKS / f"{run_id}.lock").unlink()
    return marked


#: Locks held by the flow runs of this process, by flow run id.
_HELD: dict[str, RunLock] = {}


def prefect_home() -> Path:
    import prefect.settings

    return Path(prefect.settings.PREFECT_HOME.value()).expanduser()


def start_run(run_id: str) -> None:
    """At the start of a flow run: hold its lock, and mark the killed runs found."""
    from flows.cli.progress import say

    home = prefect_home()
    _HELD[run_id] = RunLock(home, run_id).take()
    with contextlib.suppress(Exception):  # a crash record is never worth failing a run
        for dead in mark_crashed(home, keep=run_id):
            say(f"safeset: flow run {dead} was killed before it finished; marked Crashed")


def end_run(flow: object, flow_run: object, state: object) -> None:
    """Flow hook (completion, failure, crash, cancellation): release the run's lock."""
    lock = _HELD.pop(str(getattr(flow_run, "id", "")), None)
    if lock is not None:
        lock.release()


#: The hooks a flow passes to ``@flow`` so its lock goes whatever way it ends.
END_HOOKS = {
    "on_completion": [end_run],
    "on_failure": [end_run],
    "on_crashed": [end_run],
    "on_cancellation": [end_run],
}
