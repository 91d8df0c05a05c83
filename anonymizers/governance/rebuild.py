"""Rebuilding the datasets a deletion request revoked: each one re-run from its recorded
inputs with the frozen plan and the policy its revoked run kept in its own folder
(``plan.yaml``, ``policy.yaml``, both signed with it), so the rebuilt dataset is the
same dataset, minus the subject.

What to re-run and how is decided here; running it (``safeset run`` in a child process,
which starts Prefect) is the command line's job. A dataset needs a rebuild when its
*latest* certified run is revoked: ``pull`` serves nothing else. Each gets one outcome:

- ``rebuilt``: a new run was certified and its subject index says it does not hold the
  subject;
- ``still revoked``: nothing could be re-run (the inputs are gone, the run folder keeps
  no plan or policy), or the new run cannot be told free of the subject (it is revoked
  too);
- ``failed``: the re-run itself failed (drift against the frozen plan, a rejected run),
  with its one-line reason.

The subject is left out twice over: the child run reads the log of forgotten subjects
(``forgotten.py``) like every run, and also gets the id in ``$SAFESET_EXCLUDE_SUBJECTS``.
The subjects the replaced run excluded (its ``optouts.idx``: opt-outs from its policy and
from ``--exclude-subject``) are excluded again, by record, through
``$SAFESET_EXCLUDE_RECORDS``: a rebuild never brings back someone who had opted out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from anonymizers.certify import ledger
from anonymizers.certify.kept_policy import restore_policy
from anonymizers.errors import SafesetError
from anonymizers.governance.deletion import (
    ABSENT,
    HOLDS,
    check_run,
    latest_certified,
    signed_predicate_unverified,
)
from anonymizers.governance.forgotten import saved_excluded
from anonymizers.governance.subjects import subject_digest

REBUILT, STILL_REVOKED, FAILED = "rebuilt", "still revoked", "failed"
#: The frozen plan a run folder keeps (``certify.publish`` writes it).
PLAN_FILE = "plan.yaml"


@dataclass
class Rebuild:
    """One dataset to rebuild: the revoked run it replaces, and ``safeset run``'s
    arguments, or why it cannot be re-run."""

    dataset: str
    run_id: str
    args: list[str] | None
    reason: str = ""
    #: records of the subjects the replaced run excluded (``$SAFESET_EXCLUDE_RECORDS``)
    excluded: list[str] = field(default_factory=list)


def _partition_rows(predicate: dict[str, Any]) -> int:
    """The partition size of a partitioned run (its ``partitions`` check); the output
    does not depend on it, the memory does."""
    for check in predicate.get("checks") or []:
        if isinstance(check, dict) and check.get("name") == "partitions":
            rows = (check.get("counts") or {}).get("largest_partition_rows")
            if isinstance(rows, int) and rows > 0:
                return rows
    return 0


def plan_rebuilds(
    out_root: Path, checked: list[dict[str, Any]], key: bytes, scratch: Path
) -> list[Rebuild]:
    """The datasets of ``checked`` (``deletion.forget``'s result) whose latest certified
    run is revoked, each with the ``safeset run`` arguments that rebuild it. A sealed
    policy (``certify/kept_policy.py``) is opened with ``key`` into ``scratch``, a private
    folder the caller removes once the rebuilds are done."""
    out_root = Path(out_root)
    revoked = ledger.revoked_runs(out_root)
    todo: list[Rebuild] = []
    for dataset in sorted({c["dataset"] for c in checked}):
        rec = latest_certified(out_root, dataset)
        if rec is None or str(rec.get("run_id")) not in revoked:
            continue  # the dataset is served by a run that does not hold the subject
        run_id = str(rec["run_id"])
        run_dir = out_root / str(rec.get("run_dir") or "")
        inputs = [str(p) for p in rec.get("inputs") or []]
        missing = [p for p in inputs if not Path(p).exists()]
        predicate = signed_predicate_unverified(run_dir) or {}
        digest = str((predicate.get("policy") or {}).get("digest"))
        reason, policy = "", None
        if not inputs:
            reason = f"run {run_id} did not record its inputs"
        elif missing:
            reason = f"its input {Path(missing[0]).name} is no longer where run {run_id} read it"
        elif not (run_dir / PLAN_FILE).is_file():
            reason = f"run {run_id} keeps no {PLAN_FILE} (made by an older version)"
        else:
            try:
                policy = restore_policy(run_dir, key, digest, scratch)
            except SafesetError as exc:
                reason = f"{exc} (made by an older version?)"
        if reason or policy is None:
            todo.append(Rebuild(dataset, run_id, None, reason))
            continue
        args = [*inputs, "--out", str(out_root), "--dataset", dataset, "--plan",
                str(run_dir / PLAN_FILE), "--config", str(policy)]  # fmt: skip
        if rows := _partition_rows(predicate):
            args += ["--partition-rows", str(rows)]  # the memory it ran in, not the output
        todo.append(Rebuild(dataset, run_id, args, excluded=saved_excluded(run_dir)))
    return todo


def judge(
    out_root: Path, item: Rebuild, new_run: Path, key: bytes, subject_id: str
) -> tuple[str, str]:
    """(outcome, reason) of a re-run that published ``new_run``: rebuilt only if its own
    index says it is free of the subject; otherwise the new run is revoked as well."""
    verdict = check_run(new_run, key, subject_id)
    if verdict.verdict == ABSENT:
        return REBUILT, f"run {new_run.name} replaces run {item.run_id}"
    ref = subject_digest(key, subject_id)[:16]
    what = (
        "still holds the subject"
        if verdict.verdict == HOLDS
        else f"cannot be checked ({verdict.why})"
    )
    ledger.revoke(Path(out_root), new_run.name, item.dataset,
                  f"deletion request for subject {ref}: rebuilt run {what}")  # fmt: skip
    return STILL_REVOKED, f"the rebuilt run {new_run.name} {what}; it is revoked too"
