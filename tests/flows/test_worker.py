"""A local worker's initializer: one Prefect client for every task the worker runs."""

from __future__ import annotations

import os

import pytest
from prefect import flow, task
from prefect.task_runners import ProcessPoolTaskRunner

from flows.worker import start_worker

pytestmark = pytest.mark.slow


@task
def _client_of_this_task() -> tuple[int, int]:
    from prefect.client.orchestration import get_client

    client = get_client(sync_client=True)
    client.hello()  # the kept client talks to the run's API
    return os.getpid(), id(client)


@flow(task_runner=ProcessPoolTaskRunner(max_workers=1, initializer=start_worker))
def _clients_of_six_tasks() -> list[tuple[int, int]]:
    return [_client_of_this_task.submit().result() for _ in range(6)]


@flow(task_runner=ProcessPoolTaskRunner(max_workers=1))
def _clients_without_the_initializer() -> list[tuple[int, int]]:
    futures = [_client_of_this_task.submit() for _ in range(3)]
    return [f.result() for f in futures]


def test_a_worker_keeps_one_client_for_all_its_tasks(
    prefect_server: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Prefect makes two API clients per task (an SSL context each: ~45 ms of a core);
    with ``start_worker`` the six tasks of one worker share the one it opened, and the
    client answers. Without it each task's client is a new object (the default this
    changes: if Prefect ever reuses clients itself, this test says so). The address is
    in the environment, as ``safeset run`` puts its temporary server's there."""
    from prefect.settings import PREFECT_API_URL

    monkeypatch.setenv("PREFECT_API_URL", str(PREFECT_API_URL.value()))
    kept = _clients_of_six_tasks()
    assert len({pid for pid, _ in kept}) == 1
    assert len({client for _, client in kept}) == 1
    fresh = _clients_without_the_initializer()
    assert len({pid for pid, _ in fresh}) == 1
    assert len({client for _, client in fresh}) == len(fresh)


def test_without_an_address_in_the_environment_no_client_is_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Asked for a client with no API address, Prefect starts a temporary server of its
    own: a process that embeds safeset with in-process settings only gets none."""
    import flows.worker as worker

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(worker, "_CLIENT", [])
    worker.keep_one_client()
    assert worker._CLIENT == []
