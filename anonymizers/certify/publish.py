"""The tail every run shares: manifest, report, lineage and signature in the staging
folder, then the atomic move to ``out/<dataset>/<run-id>/`` (certified) or to quarantine
(rejected), then the ledger line. Both flows call it, so a certified folder is assembled
the same way whatever the run's size."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from anonymizers.certify import attest, keys, ledger, lineage, manifest, report
from anonymizers.certify.provenance import build_predicate, now_iso, tool_info
from anonymizers.errors import SafesetError
from anonymizers.io.files import sha256_file
from anonymizers.io.staging import private_quarantine
from anonymizers.io.tables import Table, publish
from anonymizers.plan.bundle import Bundle
from anonymizers.plan.columns import Plan, write_plan
from anonymizers.transform.apply import Context
from anonymizers.verify.outcome import Verification


@dataclass
class RunOutcome:
    """What a flow returns to the command line."""

    status: str  # CERTIFIED | REJECTED
    run_dir: Path
    run_id: str
    #: For a rejected run: the failed checks and where their findings are (no values).
    summary: list[str] = field(default_factory=list)


class RunRejected(SafesetError):
    """A run that ended in quarantine: the flow fails with it (so the orchestrator shows
    the run as failed) and the command line prints its summary and exits 1."""

    exit_code = 1

    def __init__(self, outcome: RunOutcome) -> None:
        super().__init__(outcome)  # args hold the outcome: the error pickles whole
        self.outcome = outcome

    def __str__(self) -> str:
        failed = [line.removeprefix("failed check: ") for line in self.outcome.summary
                  if line.startswith("failed check: ")]  # fmt: skip
        return (f"run REJECTED ({'; '.join(failed) or 'a gating check failed'}); "
                f"quarantined at {self.outcome.run_dir}")  # fmt: skip


def dataset_name(inputs: list[str]) -> str:
    """The dataset a bundle publishes to when none is given: its folder's name."""
    first = Path(inputs[0]).resolve()
    return (first if first.is_dir() else first.parent).name or "dataset"


def certify_and_publish(
    staging: Path, bundle: Bundle, plan: Plan, ctx: Context, verification: Verification,
    signing_key: Any, *, out_rows: dict[str, int], run: dict, out_root: Path,
    inputs: list[str], config: str | None, extra: dict,
) -> tuple[str, Path, dict]:  # fmt: skip
    """Sign, publish (certified) or quarantine (rejected), then append to the ledger.
    Returns the status, the final folder and the signed predicate."""
    status = "CERTIFIED" if verification.passed else "REJECTED"
    predicate = certify(
        staging, bundle, plan, ctx, out_rows, verification, signing_key,
        run=run, status=status, out_root=out_root, extra=extra,
    )  # fmt: skip
    name = run["dataset"]
    final = (
        out_root / name / run["id"]
        if status == "CERTIFIED"
        else out_root / "quarantine" / name / run["id"]
    )
    if status != "CERTIFIED":
        private_quarantine(staging, final)  # its data/ holds the values that failed
    publish(staging, final)
    ledger.append(
        out_root,
        {"event": "run", "run_id": run["id"], "dataset": name, "status": status,
         "manifest_digest": "sha256:" + sha256_file(final / "manifest.json"),
         "dataset_root": predicate["outputs"]["dataset_root"],
         "run_dir": str(final.relative_to(out_root)),
         "inputs": [str(Path(p).resolve()) for p in inputs],
         "config": str(Path(config).resolve()) if config else None},
    )  # fmt: skip
    return status, final, predicate


def certify(
    staging: Path, bundle: Bundle, plan: Plan, ctx: Context, out_rows: dict[str, int],
    verification: Verification, signing_key: Any, *, run: dict, status: str, out_root: Path,
    extra: dict,
) -> dict:  # fmt: skip
    """Manifest, report, lineage and signature, all inside the staging folder: nothing is
    signed that is not already in the place it will be published from."""
    write_plan(plan, staging / "plan.yaml")
    outputs = {
        "files": [
            {**entry, "rows": _rows_for(entry["path"], bundle.tables, out_rows)}
            for entry in manifest.file_entries(staging)
        ],
        "dataset_root": manifest.dataset_root(staging),
    }
    extra = dict(extra)
    exclusions = extra.pop("exclusions")
    predicate = build_predicate(
        run={**run, "ended_at": now_iso()},
        tool=tool_info(bundle.policy.nlp.spacy_model),
        policy={"file": bundle.policy_path.name if bundle.policy_path else "(defaults)",
                "digest": bundle.policy.digest},  # taken when the file was loaded
        tables=bundle.tables, outputs=outputs, plan=plan, counts=ctx.counts,
        exclusions=exclusions, key_id=keys.pseudonym_key_id(ctx.pseudonymizer.key),
        checks=[c.manifest_entry() for c in verification.checks], status=status,
        previous_manifest=ledger.last_manifest_digest(out_root, run["dataset"]),
    )  # fmt: skip
    predicate.update(extra)
    report.write_report(staging, predicate, verification.findings,
                        ctx.review + verification.review, verification.cleared)  # fmt: skip
    lineage.emit_lineage(staging, predicate, "COMPLETE" if status == "CERTIFIED" else "FAIL")
    attest.sign_run(staging, predicate, signing_key)
    return predicate


def _rows_for(path: str, tables: list[Table], out_rows: dict[str, int]) -> int | None:
    name = Path(path).name.removesuffix(".enc")  # an encrypted copy keeps the plain name
    for t in tables:
        if t.path.name == name:
            return out_rows[t.name]
    return None
