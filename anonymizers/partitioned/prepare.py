"""Split and plan a partitioned run, meant for a short-lived process.

Splitting a large CSV leaves the reader's buffers in the process that read it, and
planning loads spaCy and Presidio to classify columns (about 160 MB) although a
partitioned run detects nothing in free text afterwards. Done in a process that exits,
neither stays in the flow process for the hours the passes take: the run's peak memory
is the sum of its processes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from anonymizers.detect.text import TextDetector
from anonymizers.governance.govern import mark_date_shift
from anonymizers.governance.subject_columns import SubjectColumns, find_subject_columns
from anonymizers.io.partitions import SplitTable, split_table
from anonymizers.io.tables import Table
from anonymizers.partitioned.collector import heap_frozen
from anonymizers.partitioned.govern import Governance, decide
from anonymizers.partitioned.optouts import optouts_for
from anonymizers.partitioned.passes import Optouts, refuse_unsupported
from anonymizers.plan.bundle import Bundle, plan_bundle, ruled_whole
from anonymizers.plan.columns import Plan
from anonymizers.plan.names import check_column_names, json_key_kind
from anonymizers.plan.references import check_references
from anonymizers.policy import Policy


@dataclass
class Prepared:
    """What the passes need: the partitions, the plan, the opt-outs per table, and how
    long splitting and planning took (reported by the caller, which owns the output)."""

    splits: list[SplitTable]
    plan: Plan
    optouts: dict[str, Optouts]
    seconds: dict[str, float]
    #: the subject columns (the policy's or the plan's) the subject index is made from
    subjects: SubjectColumns = field(default_factory=lambda: SubjectColumns((), "none", "-"))
    #: Policy entries that matched nothing (``plan/references.py``).
    warnings: list[str] = field(default_factory=list)
    #: date shifts and generalisation, decided over every partition (``partitioned/govern.py``)
    governance: Governance | None = None


def wrapper_notes(tables: list[Table]) -> list[str]:
    """What a wrapped JSON export leaves out: the wrapping object's other members (an
    export date, a count that opt-outs would make wrong, a requester's name) are not
    published, and the run says so rather than drop them silently."""
    return [
        f"{t.path.name}: its table is the list of records inside its JSON object; the "
        f"object's {t.wrapper[1]} other member(s) are not published"
        for t in tables
        if t.wrapper and t.wrapper[1]
    ]


@heap_frozen
def prepare(
    files: list[Path],
    work: Path,
    rows: int,
    policy: Policy,
    config: Path | None,
    plan_file: Path | None,
    opted: set[str],
    forgotten: frozenset[str] = frozenset(),
    key: bytes = b"",
) -> Prepared:
    """Split every file into partitions, plan the bundle from the first partitions and
    decide the subject columns and the opt-outs (``forgotten``: records of forgotten
    subjects, told by ``key``); a policy the partitioned path cannot honour is refused here."""
    t0 = time.perf_counter()
    whole = ruled_whole(policy)
    splits = [split_table(f, work, rows, json_key_kind, whole) for f in files]
    t1 = time.perf_counter()
    tables = [s.table for s in splits]
    check_column_names(tables)
    warnings = check_references(policy, tables, config) + wrapper_notes(tables)
    plan = plan_bundle(Bundle(policy, config, tables), plan_file, TextDetector(policy))
    plan = mark_date_shift(plan, tables, policy)
    refuse_unsupported(plan, policy, tables)
    found = find_subject_columns(tables, policy, plan)
    optouts = optouts_for(splits, policy, opted, work, found, forgotten, key)
    governance = decide(splits, plan, policy, work)
    seconds = {"split": t1 - t0, "plan": time.perf_counter() - t1}
    return Prepared(splits, plan, optouts, seconds, found, warnings, governance)
