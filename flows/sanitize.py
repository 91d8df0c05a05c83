"""The sanitize flow, one for every export: split → plan → collect → draw → apply →
verify → certify → publish, partition by partition (a small export is one partition).

Thin by design: ``anonymizers/partitioned/passes.py`` explains the passes and
``anonymizers/partitioned/run.py`` runs them; here each partition of each pass is a
Prefect task on the flow's task runner (local processes, or a Dask cluster:
``flows/passes.py``), or, for an export small enough that starting workers would cost
more than it saves, a call in this process. Nothing reaches ``out/<dataset>/`` if a
gating check failed, and such a run ends as a Failed flow run (``ended``). The
pseudonymisation key goes to the workers (use tls:// for a remote cluster).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

from prefect import flow
from prefect.runtime import flow_run
from prefect.states import Failed
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from anonymizers.certify.encryption import encrypt_run_data, load_data_key
from anonymizers.certify.keys import run_keys
from anonymizers.certify.provenance import git_commit, now_iso, triggered_by
from anonymizers.certify.publish import (
    RunOutcome,
    RunRejected,
    certify_and_publish,
    dataset_name,
    recover_publish,
)
from anonymizers.certify.row_counts import row_lines
from anonymizers.errors import SafesetError
from anonymizers.governance.forgotten import excluded_by, save_excluded
from anonymizers.governance.subject_index import manifest_entry, no_index
from anonymizers.governance.subjects import opted_out
from anonymizers.io.partitions import PARTITION_ROWS, in_process
from anonymizers.io.staging import RunFolders
from anonymizers.io.tables import Table, discover
from anonymizers.partitioned.checkpoints import (
    Checkpoints,
    fingerprint,
    same_fingerprint,
    write_fingerprint,
)
from anonymizers.partitioned.prepare import prepare
from anonymizers.partitioned.run import run_locally, run_stream
from anonymizers.plan.bundle import Bundle
from anonymizers.policy import load_policy
from anonymizers.verify.summary import rejection_summary
from flows.artifacts import publish_artifacts
from flows.cli.progress import say, stage, timing
from flows.lifeline import END_HOOKS, start_run
from flows.passes import OnTaskRunner
from flows.preparer import close_preparer, prepare_apart
from flows.worker import start_worker


def new_run_id() -> str:
    rid = flow_run.get_id()
    return str(rid) if rid else str(uuid.uuid4())


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def task_runner(
    kind: str = "processes", workers: int | None = None, dask_address: str | None = None
):
    """The flow's task runner: local processes (default), threads, or Dask — an existing
    cluster at ``dask_address`` or a LocalCluster of ``workers`` processes."""
    n = workers or default_workers()
    if dask_address or kind == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={"n_workers": n, "threads_per_worker": 1, "processes": True,
                            "dashboard_address": None},
        )  # fmt: skip
    if kind == "threads":
        return ThreadPoolTaskRunner(max_workers=n)
    # Workers end when the run does, even a run killed with SIGKILL (flows/lifeline.py).
    return ProcessPoolTaskRunner(max_workers=n, initializer=start_worker)


@flow(
    name="safeset-sanitize",
    task_runner=ProcessPoolTaskRunner(initializer=start_worker),
    log_prints=False,
    **END_HOOKS,
)
def sanitize(
    inputs: list[str],
    config: str | None = None,
    out: str = "out",
    dataset: str | None = None,
    plan_file: str | None = None,
    via: str = "cli",
    partition_rows: int = PARTITION_ROWS,
    exclude_subjects: list[str] | None = None,
    local: bool | None = None,
):
    """Sanitize one export bundle into a certified (or quarantined) run folder.

    ``exclude_subjects`` adds opted-out subject ids to the policy's (deletion rebuilds);
    Prefect stores flow parameters, so the CLI passes them in ``$SAFESET_EXCLUDE_SUBJECTS``
    (read here too) instead. ``local``: run the passes in this process (default: when
    the export is small, ``io.partitions.in_process``)."""
    started = now_iso()
    run_id = new_run_id()
    start_run(run_id)  # held while the run lives; marks runs that were killed
    out_root = Path(out)
    made_root = not out_root.exists()
    folders = RunFolders(out_root, run_id)
    staging, work = folders.staging, folders.work  # work: an interrupted run's, if resumed
    runner = OnTaskRunner()
    run_many = runner
    try:
        try:
            with stage("load"):
                policy = load_policy(Path(config) if config else None)
                home, key, signing_key = run_keys(policy)
                enc = policy.encryption
                data_key = load_data_key(enc, home) if enc.enabled else None
                folders.recover = recover_publish(out_root, signing_key)
                opted = opted_out(policy, exclude_subjects or ())
                forgotten = frozenset(excluded_by(key, out_root))
                files = discover([Path(p) for p in inputs])
                if local if local is not None else in_process(files):
                    run_many = run_locally  # no worker to start: seconds saved
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
                split = prepare if run_many is run_locally else prepare_apart
                if run_many is runner:  # the workers start and import while this plans
                    runner.start(default_workers())
                prepared = split(
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
            run_many=run_many, say=say, stage=stage, governance=prepared.governance,
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
                run={"id": run_id, "flow": "safeset-sanitize", "dataset": name,
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
        close_preparer()  # unused if the run resumed past its split, or failed before it
        runner.drain()
        folders.close()
        if made_root:
            with contextlib.suppress(OSError):
                out_root.rmdir()  # only if still empty: nothing was published
    for line in row_lines(predicate):
        say(f"  {line}")
    say(f"safeset: {status} → {final}")
    return ended(RunOutcome(status, final, run_id, rejection_summary(result.verification)))


def ended(outcome: RunOutcome) -> RunOutcome | Failed:
    """A certified run's outcome, or a Failed state for a rejected one: Prefect records
    the flow run as failed, and calling the flow raises ``RunRejected`` carrying the
    outcome, so the command line still prints the quarantine folder and exits 1."""
    if outcome.status == "CERTIFIED":
        return outcome
    rejected = RunRejected(outcome)
    return Failed(message=str(rejected), data=rejected)


def csv_formulas(quote: bool, tables: list[Table], quoted: dict[str, int]) -> dict:
    """The manifest's record of the formula policy: per CSV/TSV table, cells quoted."""
    cells = {t.name: quoted.get(t.name, 0) for t in tables if t.fmt == "csv"}
    return {"policy": "quote" if quote else "off", "cells": cells}


def swept(folders: RunFolders) -> None:
    """Tell the user what the start of this run cleaned up (run ids only), and how it
    finished or rolled back a publish an interrupted run left half done."""
    for line in folders.recovered:
        say(f"safeset: {line}")
    if folders.swept:
        say(f"safeset: removed the staging folders of {len(folders.swept)} interrupted "
            f"run(s): {', '.join(folders.swept)}")  # fmt: skip
