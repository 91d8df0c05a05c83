"""Partitions of a pass as Prefect tasks on the flow's task runner (local processes or a
Dask cluster): the task-runner side of the one sanitize flow (``flows/sanitize.py``),
which the engine (``anonymizers/partitioned/run.py``) calls as ``run_many``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from prefect import task
from prefect.cache_policies import NO_CACHE

from anonymizers.partitioned.run import run_pass
from flows.arguments import Whole


@task(name="partition-pass", cache_policy=NO_CACHE)
def pass_task(name: str, calls: Whole[list[tuple]]) -> list:
    """One pass (collect, draw or apply) over a few partitions, one after another, on a
    worker: memory stays at one partition, and Prefect's per-task cost (time, and state
    it keeps for the whole flow run) is paid per group, not per partition."""
    return [run_pass(name, args) for args in calls.value]


#: Tasks per pass at most: a few per worker, so the workers stay busy and balanced.
MAX_TASKS = 48
#: Tasks in flight at once, each future dropped once read.
WINDOW = 8


class OnTaskRunner:
    """``run_many`` for the engine: partitions in up to ``MAX_TASKS`` Prefect tasks on the
    flow's task runner, at most ``WINDOW`` in flight, results yielded in partition order.
    A group's calls travel as one ``Whole`` argument (``flows/arguments.py``), never
    walked by Prefect or Dask. The futures in flight are kept here so that a failing run
    can ``drain`` them before its cleanup removes the files they read (else they fail
    again, noisily)."""

    def __init__(self) -> None:
        self.pending: deque = deque()
        self.starting: list = []

    def start(self, workers: int) -> None:
        """Start the workers ahead of the first pass: a task each that does nothing, so
        that the task runner spawns its processes and they import the engine while this
        process splits and plans (in its own process: ``prepare_apart``) instead of after
        it, when the collect pass would wait seconds for them. ``workers``: tasks to
        submit, at most one per worker the runner has (more only queue)."""
        self.starting += [_submit("start", i, []) for i in range(workers)]

    def __call__(self, name: str, calls: list[tuple]) -> Iterator:
        size = -(-len(calls) // MAX_TASKS) if calls else 1
        groups = iter(enumerate(calls[i : i + size] for i in range(0, len(calls), size)))
        for i, group in groups:
            self.pending.append(_submit(name, i, group))
            if len(self.pending) >= WINDOW:
                break
        while self.pending:
            future = self.pending[0]
            results = future.result()
            self.pending.popleft()
            del future
            for i, group in groups:
                self.pending.append(_submit(name, i, group))
                break
            yield from results

    def drain(self) -> None:
        while self.pending:
            self.pending.popleft().wait()
        while self.starting:
            self.starting.pop().wait()


def _submit(name: str, i: int, group: list[tuple]):
    return pass_task.with_options(task_run_name=f"{name}-{i}").submit(name, Whole(group))
