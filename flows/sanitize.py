"""The sanitize flow: plan → transform → govern → verify → certify → publish.

Thin by design: every stage is an engine call; this module only orders them, makes
them Prefect tasks (retries, UI, parallel tables), publishes artifacts and moves the
staging folder into place or into quarantine. Nothing reaches ``out/<dataset>/`` unless
every gating check passed.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.states import Failed
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from anonymizers import attest, crypto, keys, ledger, lineage, manifest, report
from anonymizers.bundle import Bundle, load_bundle, plan_bundle
from anonymizers.detect import KnownValues, Span, TextDetector, configure_offline
from anonymizers.errors import SafesetError
from anonymizers.exclusions import Exclusion, exclude, subject_ids
from anonymizers.governance import GovernanceReport, govern, mark_date_shift
from anonymizers.io import Table, publish, write_table
from anonymizers.plan import Plan, write_plan
from anonymizers.policy import Policy, policy_digest
from anonymizers.provenance import build_predicate, now_iso, tool_info, triggered_by
from anonymizers.pseudonyms import Pseudonymizer
from anonymizers.staging import RunFolders
from anonymizers.subjects import (
    excluded_from_env,
    load_opt_outs,
    normalise_id,
    subject_index,
)
from anonymizers.transform import (
    Context,
    DetectFn,
    build_maps,
    detect_free_text,
    known_values,
    transform_table,
)
from anonymizers.verify import Check, Verification, residual_check, run_checks
from flows.progress import say, stage


@dataclass
class RunOutcome:
    status: str  # CERTIFIED | REJECTED
    run_dir: Path
    run_id: str


@task(name="detect-chunk", cache_policy=NO_CACHE)
def detect_chunk_task(policy_json: str, known: KnownValues, texts_json: str) -> list[list[Span]]:
    """NER on one chunk in a worker process; the model loads once per process. Policy and
    texts travel as JSON: Prefect and Dask inspect task arguments (a list of texts would
    be taken for a collection of tasks), and plain strings pass through untouched."""
    configure_offline()
    texts = json.loads(texts_json)
    return TextDetector(Policy.model_validate_json(policy_json), known).detect(texts)


def chunked_detector(
    policy: Policy, known: KnownValues | None, local: TextDetector, what: str = "detected"
) -> DetectFn:
    """Unique texts in fixed chunks, one task each on the flow's task runner (processes
    or Dask workers: NER holds the GIL, threads would not help)."""

    def detect(cells: list[str]) -> list[list[Span]]:
        unique = list(dict.fromkeys(cells))
        # policy.nlp.chunk_size, not the worker count, fixes the batches: a Dask run gives
        # the same spans, so the same bytes, as a local one.
        size = policy.nlp.chunk_size
        chunks = [unique[i : i + size] for i in range(0, len(unique), size)]
        if len(chunks) <= 1:
            found = local.detect(unique)  # small bundle: no worker start-up
        else:
            as_json = policy.model_dump_json()
            futures = [detect_chunk_task.submit(as_json, known, json.dumps(c)) for c in chunks]
            found = []
            for i, future in enumerate(futures, 1):
                found.extend(future.result())
                say(f"  {what} chunk {i}/{len(chunks)}")
        by_text = dict(zip(unique, found, strict=True))
        return [by_text[c] for c in cells]

    return detect


@task(name="verify", cache_policy=NO_CACHE)
def verify_task(tables, results, plan, ctx, run_id, suppressed) -> Verification:
    """Every check but the residual scan, which the flow fans out to the workers."""
    return run_checks(tables, results, plan, ctx, None, seed=run_id, suppressed=suppressed)


def _run_id() -> str:
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
    return ProcessPoolTaskRunner(max_workers=n)


def run_keys(policy: Policy) -> tuple[Path, bytes, Any]:
    """SAFESET_HOME, the pseudonymisation key and the signing key a run needs."""
    home = keys.safeset_home()
    key = keys.load_pseudonym_key(policy.keys, home)
    signing_key = keys.load_signing_key(
        policy.keys.signing_key_file or home / "keys" / "signing.key"
    )
    return home, key, signing_key


def opted_out(policy: Policy, extra: Sequence[str] = ()) -> set[str]:
    """The policy's opted-out ids, plus ``extra`` and those in $SAFESET_EXCLUDE_SUBJECTS."""
    ids = [*extra, *excluded_from_env()]
    return load_opt_outs(policy.subjects) | {normalise_id(s) for s in ids if s.strip()}


@flow(name="safeset-sanitize", task_runner=ProcessPoolTaskRunner(), log_prints=False)
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
    run_id = _run_id()
    out_root = Path(out)
    try:
        with stage("load"):
            bundle = load_bundle([Path(p) for p in inputs], Path(config) if config else None)
            policy = bundle.policy
            home, key, signing_key = run_keys(policy)
            data_key = (
                crypto.load_data_key(policy.encryption, home) if policy.encryption.enabled else None
            )
            opted = opted_out(policy, exclude_subjects or ())
            excluded = exclude(bundle.tables, policy, opted)
        with stage("plan"):
            configure_offline()
            detector = TextDetector(policy)
            plan = plan_bundle(bundle, Path(plan_file) if plan_file else None, detector)
            plan = mark_date_shift(plan, bundle.tables, policy)
    except SafesetError as exc:
        return Failed(message=str(exc), data=exc)
    name = dataset or _dataset_name(inputs)
    say(f"safeset: run {run_id} on {len(bundle.tables)} table(s) → dataset '{name}'")
    tables = excluded.kept

    folders = RunFolders(out_root, run_id)
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
        say("  detecting personal data in free text")
        with stage("detect"):
            if plan.columns("free_text"):
                # Known values include opted-out rows: their names are hunted in others' text.
                known = known_values(bundle.tables, plan, policy)
                detect = chunked_detector(policy, known, TextDetector(policy, known))
                detect_free_text(tables, plan, detect, ctx)
        with stage("map"):
            build_maps(tables, plan, ctx, excluded.removed, workers or default_workers())
        with stage("transform"):
            # Vectorised polars: fast in-process, no need to ship the mappings to workers.
            results = {t.name: transform_table(t, plan, ctx) for t in tables}
            for t in tables:
                say(f"  transformed {t.name}: {results[t.name].df.height} rows")
        with stage("govern"):
            governed = govern(tables, results, plan, policy, key)
            for t in tables:
                write_table(t, results[t.name].df, staging / "data" / t.path.name)
        say("  verifying output independently")
        with stage("verify"):
            verification = verify_task(
                quote(tables), quote(results), quote(plan), quote(ctx), run_id,
                quote(governed.suppressed),
            )  # fmt: skip
            # NER on a sample of the output, in chunks on the workers (which hold the model
            # since the detect stage): submitted from the flow, not from inside a task.
            rescan = chunked_detector(policy, None, detector, "re-scanned")
            check, verification.review = residual_check(tables, results, plan, ctx, rescan, run_id)
            verification.checks.append(check)
            if policy.risk.k:
                verification.checks.append(
                    Check("k_anonymity", governed.meets_k, {"k_required": policy.risk.k})
                )
        with stage("certify"):
            encryption = crypto.encrypt_run_data(staging, data_key) if data_key else None
            status, final = certify_and_publish(
                staging, bundle, plan, ctx, verification, signing_key,
                out_rows={t.name: results[t.name].df.height for t in tables},
                run={"id": run_id, "flow": "safeset-sanitize", "dataset": name,
                     "triggered_by": triggered_by(via), "started_at": started},
                out_root=out_root, inputs=inputs, config=config,
                extra=_governance_blocks(excluded, governed, encryption, key, tables, policy),
            )  # fmt: skip
    finally:
        folders.close()
    say(f"safeset: {status} → {final}")
    return RunOutcome(status, final, run_id)


def certify_and_publish(
    staging: Path, bundle: Bundle, plan: Plan, ctx: Context, verification, signing_key, *,
    out_rows: dict[str, int], run: dict, out_root: Path, inputs: list[str],
    config: str | None, extra: dict,
) -> tuple[str, Path]:  # fmt: skip
    """Sign, publish (certified) or quarantine (rejected), then append to the ledger:
    the tail every flow shares."""
    status = "CERTIFIED" if verification.passed else "REJECTED"
    predicate = _certify(
        staging, bundle, plan, ctx, out_rows, verification, signing_key,
        run=run, status=status, out_root=out_root, extra=extra,
    )  # fmt: skip
    name = run["dataset"]
    final = (
        out_root / name / run["id"]
        if status == "CERTIFIED"
        else out_root / "quarantine" / name / run["id"]
    )
    publish(staging, final)
    ledger.append(
        out_root,
        {"event": "run", "run_id": run["id"], "dataset": name, "status": status,
         "manifest_digest": "sha256:" + manifest.sha256_file(final / "manifest.json"),
         "dataset_root": predicate["outputs"]["dataset_root"],
         "run_dir": str(final.relative_to(out_root)),
         "inputs": [str(Path(p).resolve()) for p in inputs],
         "config": str(Path(config).resolve()) if config else None},
    )  # fmt: skip
    _artifacts(predicate, verification)
    return status, final


def _governance_blocks(
    excluded: Exclusion, governed: GovernanceReport, encryption: dict | None, key: bytes,
    tables: list[Table], policy,
) -> dict:  # fmt: skip
    """The optional manifest blocks of the AI-policy features (counts and digests only)."""
    blocks: dict = {"exclusions": excluded.counts + [
        {"table": t, "rows_excluded": n, "reason": "k-anonymity suppression"}
        for t, n in sorted(governed.suppressed.items()) if n
    ]}  # fmt: skip
    if policy.subjects.id_columns:
        blocks["subject_index"] = subject_index(key, subject_ids(tables, policy))
    for name in ("date_shift", "risk", "fairness"):
        value = getattr(governed, name)
        if value is not None:
            blocks[name] = value
    if encryption:
        blocks["encryption"] = encryption
    return blocks


def _certify(
    staging: Path, bundle: Bundle, plan: Plan, ctx: Context, out_rows: dict[str, int],
    verification, signing_key, *, run: dict, status: str, out_root: Path, extra: dict,
) -> dict:  # fmt: skip
    """Manifest, report, lineage and signature, all inside the staging folder."""
    write_plan(plan, staging / "plan.yaml")
    outputs = {
        "files": [
            {**entry, "rows": _rows_for(entry["path"], bundle.tables, out_rows)}
            for entry in manifest.file_entries(staging)
        ],
        "dataset_root": manifest.dataset_root(staging),
    }
    exclusions = extra.pop("exclusions")
    predicate = build_predicate(
        run={**run, "ended_at": now_iso()},
        tool=tool_info(bundle.policy.nlp.spacy_model),
        policy={"file": bundle.policy_path.name if bundle.policy_path else "(defaults)",
                "digest": policy_digest(bundle.policy_path)},
        tables=bundle.tables, outputs=outputs, plan=plan, counts=ctx.counts,
        exclusions=exclusions, key_id=keys.pseudonym_key_id(ctx.pseudonymizer.key),
        checks=[c.manifest_entry() for c in verification.checks], status=status,
        previous_manifest=ledger.last_manifest_digest(out_root, run["dataset"]),
    )  # fmt: skip
    predicate.update(extra)
    report.write_report(staging, predicate, verification.findings,
                        ctx.review + verification.review)  # fmt: skip
    lineage.emit_lineage(staging, predicate, "COMPLETE" if status == "CERTIFIED" else "FAIL")
    attest.sign_run(staging, predicate, signing_key)
    return predicate


def _rows_for(path: str, tables: list[Table], out_rows: dict[str, int]) -> int | None:
    name = Path(path).name.removesuffix(".enc")  # an encrypted copy keeps the plain name
    for t in tables:
        if t.path.name == name:
            return out_rows[t.name]
    return None


def _dataset_name(inputs: list[str]) -> str:
    first = Path(inputs[0]).resolve()
    return (first if first.is_dir() else first.parent).name or "dataset"


def swept(folders: RunFolders) -> None:
    """Tell the user what the start of this run cleaned up (run ids only)."""
    if folders.swept:
        say(f"safeset: removed the staging folders of {len(folders.swept)} interrupted "
            f"run(s): {', '.join(folders.swept)}")  # fmt: skip


def _artifacts(predicate: dict, verification) -> None:
    """Summaries in the Prefect UI: decisions and check counts, never values."""
    rows = [
        {k: str(v) for k, v in col.items() if k in ("table", "column", "kind", "entity",
                                                     "operator", "technique")}
        for col in predicate["columns"]
    ]  # fmt: skip
    create_table_artifact(key="column-decisions", table=rows, description="safeset column plan")
    lines = [f"# safeset run `{predicate['run']['id']}`", "",
             f"**Status: {predicate['status']}** — dataset `{predicate['run']['dataset']}`", "",
             "| check | passed | counts |", "|---|---|---|"]  # fmt: skip
    for c in predicate["checks"]:
        counts = ", ".join(f"{k}={v}" for k, v in c["counts"].items())
        lines.append(f"| {c['name']} | {c['passed']} | {counts} |")
    lines.append("")
    lines.append(
        f"Findings: {len(verification.findings)} (type, place and keyed digest in report.md)"
    )
    create_markdown_artifact(key="run-summary", markdown="\n".join(lines))
