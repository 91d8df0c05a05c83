"""The partitioned sanitize flow: exports larger than memory, partition by partition.

Same contract as ``flows/sanitize.py`` (the run folder, the manifest, the exit codes);
``anonymizers/partitioned/passes.py`` explains the passes and
``anonymizers/partitioned/run.py`` runs them. Here each partition of each pass is a
Prefect task on the flow's task runner: local processes, or a Dask cluster. The
pseudonymisation key goes to the workers, as for the free-text path (use tls:// for a
remote cluster).
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Failed
from prefect.task_runners import ProcessPoolTaskRunner

from anonymizers.certify.encryption import encrypt_run_data, load_data_key
from anonymizers.certify.keys import run_keys
from anonymizers.certify.provenance import git_commit, now_iso, triggered_by
from anonymizers.certify.publish import (
    RunOutcome,
    certify_and_publish,
    dataset_name,
    recover_publish,
)
from anonymizers.certify.row_counts import row_lines
from anonymizers.errors import SafesetError
from anonymizers.governance.forgotten import excluded_by, save_excluded
from anonymizers.governance.subject_index import manifest_entry, no_index
from anonymizers.governance.subjects import opted_out
from anonymizers.io.partitions import PARTITION_ROWS
from anonymizers.io.staging import RunFolders
from anonymizers.io.tables import discover
from anonymizers.partitioned.checkpoints import (
    Checkpoints,
    fingerprint,
    same_fingerprint,
    write_fingerprint,
)
from anonymizers.partitioned.prepare import Prepared, prepare
from anonymizers.partitioned.run import run_pass, run_stream
from anonymizers.plan.bundle import Bundle
from anonymizers.policy import load_policy
from anonymizers.verify.summary import rejection_summary
from flows.arguments import Whole
from flows.artifacts import publish_artifacts
from flows.cli.progress import say, stage, timing
from flows.lifeline import END_HOOKS, start_run, watch_parent
from flows.sanitize import csv_formulas, ended, new_run_id, swept


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


def _submit(name: str, i: int, group: list[tuple]):
    return pass_task.with_options(task_run_name=f"{name}-{i}").submit(name, Whole(group))


def _prepare_apart(*args: object) -> Prepared:
    """Split and plan in a short-lived process (``anonymizers/partitioned/prepare.py`` says why)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=watch_parent) as pool:
        return pool.submit(prepare, *args).result()


@flow(
    name="safeset-sanitize-partitioned",
    task_runner=ProcessPoolTaskRunner(initializer=watch_parent),
    log_prints=False,
    **END_HOOKS,
)
def sanitize_partitioned(
    inputs: list[str],
    config: str | None = None,
    out: str = "out",
    dataset: str | None = None,
    plan_file: str | None = None,
    via: str = "cli",
    partition_rows: int = PARTITION_ROWS,
):
    """Sanitize an export bundle too large for memory into a certified run folder."""
    started = now_iso()
    run_id = new_run_id()
    start_run(run_id)  # held while the run lives; marks runs that were killed
    out_root = Path(out)
    made_root = not out_root.exists()
    folders = RunFolders(out_root, run_id)
    staging, work = folders.staging, folders.work  # work: an interrupted run's, if resumed
    runner = OnTaskRunner()
    try:
        try:
            with stage("load"):
                policy = load_policy(Path(config) if config else None)
                home, key, signing_key = run_keys(policy)
                enc = policy.encryption
                data_key = load_data_key(enc, home) if enc.enabled else None
                folders.recover = recover_publish(out_root, signing_key)
                opted = opted_out(policy)
                forgotten = frozenset(excluded_by(key, out_root))
                files = discover([Path(p) for p in inputs])
                frozen = Path(plan_file) if plan_file else None
                # An interrupted run of this very export, policy, plan and key is carried on.
                also = f"{git_commit()} {sorted(opted)} {sorted(forgotten)}"
                same = fingerprint(files, policy, frozen, partition_rows, key, also)
                folders.open(resume=lambda folder: same_fingerprint(folder, same))
                work = folders.make_work()
                if folders.adopted is None:
                    write_fingerprint(work, same)
                else:
                    say(f"safeset: resuming run {folders.adopted}, interrupted: what its "
                        "passes finished is not done again")  # fmt: skip
                swept(folders)
            cfg = Path(config) if config else None
            checkpoints = Checkpoints(work)
            if checkpoints.has("prepare", 0):
                prepared = checkpoints.load("prepare", 0)  # split and planned already
            else:
                prepared = _prepare_apart(
                    files, work, partition_rows, policy, cfg, frozen, opted, forgotten, key
                )
                checkpoints.save("prepare", 0, prepared)
                for name, seconds in prepared.seconds.items():
                    timing(name, seconds)
            splits, plan, optouts = prepared.splits, prepared.plan, prepared.optouts
            tables = [s.table for s in splits]
            bundle = Bundle(policy, cfg, tables, prepared.warnings)
            for warning in prepared.warnings:  # also in the report
                say(f"safeset: warning: {warning}")
        except SafesetError as exc:
            return Failed(message=str(exc), data=exc)
        except OSError as exc:
            err = SafesetError(f"{out_root}: cannot create the run's folders ({exc.strerror})")
            return Failed(message=str(err), data=err)
        name = dataset or dataset_name(inputs)
        n_parts = sum(len(s.parts) for s in splits)
        say(f"safeset: run {run_id} on {len(tables)} table(s), {n_parts} partition(s) of up "
            f"to {partition_rows:,} rows → dataset '{name}'")  # fmt: skip
        result = run_stream(
            splits, plan, policy, key, optouts, work, staging / "data",
            run_many=runner, say=say, stage=stage, governance=prepared.governance,
            checkpoints=checkpoints,
        )  # fmt: skip
        if checkpoints.resumed:
            kept = ", ".join(f"{name} {n:,}" for name, n in checkpoints.resumed.items())
            say(f"  partitions read back from the interrupted run: {kept} (of {n_parts:,})")
        with stage("certify"):
            if result.subjects is None:
                index = no_index(prepared.subjects)
            else:
                index = manifest_entry(key, staging, result.subjects, prepared.subjects)
            save_excluded(staging, key, opted, set(forgotten))
            # Per output file, before signing, as in memory (certify/encryption.py).
            encryption = encrypt_run_data(staging, data_key) if data_key else None
            status, final, predicate = certify_and_publish(
                staging, bundle, plan, result.ctx, result.verification, signing_key,
                out_rows=result.out_rows,
                run={"id": run_id, "flow": "safeset-sanitize-partitioned", "dataset": name,
                     "triggered_by": triggered_by(via), "started_at": started},
                out_root=out_root, inputs=inputs, config=config,
                extra={"exclusions": result.exclusions, "subject_index": index,
                       "csv_formulas": csv_formulas(policy.output.neutralise_formulas,
                                                    bundle.tables, result.quoted),
                       **result.blocks(),
                       **({"encryption": encryption} if encryption else {})},
            )  # fmt: skip
            publish_artifacts(predicate, result.verification)
    finally:
        runner.drain()
        folders.close()
        if made_root:
            with contextlib.suppress(OSError):
                out_root.rmdir()  # only if still empty: nothing was published
    for line in row_lines(predicate):
        say(f"  {line}")
    say(f"safeset: {status} → {final}")
    return ended(RunOutcome(status, final, run_id, rejection_summary(result.verification)))
