"""The sanitize flow: plan → transform → govern → verify → certify → publish.

Thin by design: every stage is an engine call; this module only orders them, makes
them Prefect tasks (retries, UI, parallel tables), publishes artifacts and moves the
staging folder into place or into quarantine. Nothing reaches ``out/<dataset>/`` if a
gating check failed, and such a run ends as a Failed flow run (``ended``).
"""

from __future__ import annotations

import contextvars
import os
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.states import Failed
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from anonymizers.certify.encryption import encrypt_run_data, load_data_key
from anonymizers.certify.keys import run_keys
from anonymizers.certify.provenance import now_iso, triggered_by
from anonymizers.certify.publish import (
    RunOutcome,
    RunRejected,
    certify_and_publish,
    dataset_name,
    recover_publish,
)
from anonymizers.certify.row_counts import row_lines
from anonymizers.detect.text import TextDetector
from anonymizers.errors import SafesetError
from anonymizers.governance.forgotten import excluded_by, forgotten_ids, save_excluded
from anonymizers.governance.govern import (
    govern,
    k_anonymity_check,
    manifest_blocks,
    mark_date_shift,
)
from anonymizers.governance.optouts import exclude
from anonymizers.governance.subject_columns import find_subject_columns
from anonymizers.governance.subject_index import index_tables
from anonymizers.governance.subjects import opted_out
from anonymizers.io.staging import RunFolders
from anonymizers.io.tables import Table, write_table
from anonymizers.plan.bundle import load_bundle, plan_bundle
from anonymizers.plan.columns import Plan
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.apply import (
    Context,
    TableResult,
    build_maps,
    detect_free_text,
    known_values,
    transform_table,
)
from anonymizers.verify.checks import run_checks
from anonymizers.verify.outcome import Verification
from anonymizers.verify.residual import residual_check
from anonymizers.verify.summary import rejection_summary
from flows.arguments import Whole
from flows.artifacts import publish_artifacts
from flows.cli.progress import say, stage
from flows.detection import chunked_detector, load_model_task, prose_cells
from flows.lifeline import END_HOOKS, start_run, watch_parent
from flows.prefetch import take


@task(name="verify", cache_policy=NO_CACHE)
def verify_task(
    tables: Whole[list[Table]],
    results: Whole[dict[str, TableResult]],
    plan: Whole[Plan],
    ctx: Whole[Context],
    run_id: str,
    suppressed: Whole[dict[str, int]],
    removed: Whole[list[Table]],
) -> Verification:
    """Every check but the residual scan, which the flow fans out to the workers. Runs in
    the flow's process: ``Whole`` hands it the tables themselves, not a copy."""
    return run_checks(
        tables.value, results.value, plan.value, ctx.value, None,
        seed=run_id, suppressed=suppressed.value, removed=removed.value,
    )  # fmt: skip


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
    return ProcessPoolTaskRunner(max_workers=n, initializer=watch_parent)


@flow(
    name="safeset-sanitize",
    task_runner=ProcessPoolTaskRunner(initializer=watch_parent),
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
    exclude_subjects: list[str] | None = None,
    workers: int | None = None,
):
    """Sanitize one export bundle into a certified (or quarantined) run folder.

    ``exclude_subjects`` adds opted-out subject ids to the policy's (deletion rebuilds);
    Prefect stores flow parameters, so the CLI passes them in ``$SAFESET_EXCLUDE_SUBJECTS``
    (read here too) instead.
    ``workers``: local processes for mapping large structured columns (default: cores)."""
    started = now_iso()
    run_id = new_run_id()
    start_run(run_id)  # held while the run lives; marks runs that were killed
    out_root = Path(out)
    try:
        with stage("load"):
            held = take(inputs, config, plan_file)  # read while the server booted
            bundle = held[0] if held else load_bundle(
                [Path(p) for p in inputs], Path(config) if config else None
            )  # fmt: skip
            policy = bundle.policy
            home, key, signing_key = run_keys(policy)
            data_key = load_data_key(policy.encryption, home) if policy.encryption.enabled else None
            opted = opted_out(policy, exclude_subjects or ())
        # More prose than one chunk: the detect stage will run on the workers. They start
        # and load the model now, while this process plans, instead of after it.
        warming = []
        if prose_cells(bundle.tables) > policy.nlp.chunk_size:
            warming = [load_model_task.submit(Whole(policy))
                       for _ in range(workers or default_workers())]  # fmt: skip
        with stage("plan"):
            detector = TextDetector(policy)
            plan = held[1] if held else plan_bundle(
                bundle, Path(plan_file) if plan_file else None, detector
            )  # fmt: skip
            plan = mark_date_shift(plan, bundle.tables, policy)
            # The plan tells whom rows are about when the policy does not (subject_columns).
            found = find_subject_columns(bundle.tables, policy, plan)
            opted |= forgotten_ids(out_root, key, bundle.tables, found)
            dropped = excluded_by(key, out_root)
            excluded = exclude(bundle.tables, policy, opted, plan)
    except SafesetError as exc:
        return Failed(message=str(exc), data=exc)
    name = dataset or dataset_name(inputs)
    for warning in bundle.warnings:  # also in the report
        say(f"safeset: warning: {warning}")
    say(f"safeset: run {run_id} on {len(bundle.tables)} table(s) → dataset '{name}'")
    tables = excluded.kept

    folders = RunFolders(out_root, run_id, recover=recover_publish(out_root, signing_key))
    try:
        folders.open()
    except OSError as exc:  # a file in the way, no permission, disk full
        err = SafesetError(f"{out_root}: cannot create the run's staging folder ({exc.strerror})")
        return Failed(message=str(err), data=err)
    swept(folders)
    staging = folders.staging
    try:
        pz = Pseudonymizer(
            key,
            policy.locale,
            keep_gender=policy.fakes.keep_gender,
            keep_locale_mix=policy.fakes.keep_locale_mix,
        )
        ctx = Context(pz, policy)
        parts = workers or default_workers()  # the task runner's (flows/cli/app.py)
        say("  detecting personal data in free text")
        with stage("detect"):
            if plan.columns("free_text") or plan.columns("technical"):
                # Known values include opted-out rows: their names are hunted in others' text.
                known = known_values(bundle.tables, plan, policy)
                local = TextDetector(policy, known)
                detect = chunked_detector(policy, known, local, workers=parts,
                                          spread=bool(warming))  # fmt: skip
                detect_free_text(tables, plan, detect, ctx, patterns=local.detect_patterns)
            for future in warming:  # done long ago; a model that did not load failed above
                future.wait()
        with stage("map"):
            build_maps(tables, plan, ctx, excluded.removed, parts)
        with stage("transform"):
            # Vectorised polars: fast in-process, no need to ship the mappings to workers.
            results = {t.name: transform_table(t, plan, ctx) for t in tables}
        with stage("govern"):
            governed = govern(tables, results, plan, policy, key)
            # Formulas get their quote as the files are written: the checks see the values.
            quote = policy.output.neutralise_formulas
            quoted = {t.name: write_table(t, results[t.name].df, staging / "data" / t.path.name,
                                          formulas=quote) for t in tables}  # fmt: skip
        say("  verifying output independently")
        with stage("verify"), ThreadPoolExecutor(1) as waiter:
            # NER on a sample of the output, in chunks on the workers (which hold the model
            # since the detect stage), submitted from the flow (a thread of it, with its
            # context) while this process runs the other checks instead of waiting.
            rescan = chunked_detector(policy, None, detector, "re-scanned", parts,
                                      spread=bool(warming))  # fmt: skip
            residual = waiter.submit(
                contextvars.copy_context().run,
                residual_check, tables, results, plan, ctx, rescan, run_id,
            )  # fmt: skip
            verification = verify_task(
                Whole(tables), Whole(results), Whole(plan), Whole(ctx), run_id,
                Whole(governed.suppressed), Whole(list(excluded.removed)),
            )  # fmt: skip
            check, verification.review = residual.result()
            verification.checks.append(check)
            if k_check := k_anonymity_check(governed, policy):
                verification.checks.append(k_check)
        with stage("certify"):
            encryption = encrypt_run_data(staging, data_key) if data_key else None
            index = index_tables(staging, key, tables, found)
            save_excluded(staging, key, opted, dropped)
            status, final, predicate = certify_and_publish(
                staging, bundle, plan, ctx, verification, signing_key,
                out_rows={t.name: results[t.name].df.height for t in tables},
                run={"id": run_id, "flow": "safeset-sanitize", "dataset": name,
                     "triggered_by": triggered_by(via), "started_at": started},
                out_root=out_root, inputs=inputs, config=config,
                extra={**manifest_blocks(excluded, governed, encryption, index),
                       "csv_formulas": csv_formulas(quote, tables, quoted)},
            )  # fmt: skip
            publish_artifacts(predicate, verification)
    finally:
        folders.close()
    for line in row_lines(predicate):  # after suppression: the report's counts
        say(f"  {line}")
    say(f"safeset: {status} → {final}")
    return ended(RunOutcome(status, final, run_id, rejection_summary(verification)))


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
