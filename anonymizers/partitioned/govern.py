"""Date shifting and generalisation in a partitioned run, decided once, applied per partition.

The in-memory path shifts dates and generalises quasi-identifiers on whole output tables
(``governance/govern.py``). Both are row by row: a date moves by a keyed offset of its
row's subject (``governance/dates.py``), a postcode or a birth date is coarsened on its
own. So a partition can do both to its own rows, in the apply pass, before its output is
written and digested, provided the parent first decides what the in-memory path decides
from the whole bundle: which column says whose row it is (a table's own subject column,
or a foreign key to one, found over every partition as opt-outs find theirs), which
generalisation rules apply, and the day birth dates are aged on (one day for the whole
run, so a run across midnight stays one run). Suppression below k needs group counts of
the whole table: ``partitioned/risk.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

from anonymizers.governance import risk
from anonymizers.governance.govern import (
    date_shift_block,
    date_shift_columns,
    identity_among,
    no_subject,
    shift_frame,
)
from anonymizers.governance.optouts import subject_columns
from anonymizers.io.partitions import SplitTable
from anonymizers.plan.columns import Plan
from anonymizers.policy import GeneraliseRule, Policy


@dataclass(frozen=True)
class Governance:
    """What every partition needs to govern its rows like the whole table would be."""

    #: table → (the column holding each row's subject id, the date columns to shift)
    shifts: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    #: table → the policy's generalisation rules for it (``risk.rules_for``)
    generalise: dict[str, dict[str, GeneraliseRule]] = field(default_factory=dict)
    #: the day birth dates are aged on (``risk.generalise``'s ``as_of``)
    as_of: date | None = None
    #: table → its quasi-identifiers, in bundle order (the tables k is measured on)
    quasi_identifiers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: table → its ID columns (rows pointing at a suppressed row go too, as in memory)
    ids: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: table with quasi-identifiers → the ID columns a suppressed row is gone by
    #: (``governance.govern.identity_columns``: employee_id, not manager_id)
    identity: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def date_shift_block(self, policy: Policy) -> dict | None:
        """The manifest's ``date_shift`` block, as the in-memory run writes it."""
        if not self.shifts:
            return None
        shifted = [f"{t}.{c}" for t, (_owner, cols) in self.shifts.items() for c in cols]
        return date_shift_block(shifted, policy)


def decide(
    splits: Sequence[SplitTable], plan: Plan, policy: Policy, work: Path, today: date | None = None
) -> Governance:
    """The parent's decisions, before any pass; a policy that cannot be honoured (a date
    table with no subject, a quasi-identifier that is not a column) fails here, with the
    in-memory path's message."""
    tables = [s.table for s in splits]
    columns = date_shift_columns(tables, policy)
    owners = _owners(splits, policy, work, [t for t in columns]) if columns else {}
    shifts = {}
    for t in tables:
        if t.name in columns:
            if t.name not in owners:
                raise no_subject(t.name)
            shifts[t.name] = (owners[t.name], tuple(columns[t.name]))
    cfg = policy.risk
    as_of = today or datetime.now(UTC).date()
    generalise: dict[str, dict[str, GeneraliseRule]] = {}
    qis: dict[str, tuple[str, ...]] = {}
    for t in tables:
        table_qis = cfg.quasi_identifiers.get(t.name)
        if not table_qis:
            continue
        rules = risk.rules_for(t.name, cfg.generalise)
        # Checked on the schema: the same PolicyError as in memory, before any work.
        empty = risk.generalise(t.df.clear(), rules, as_of) if rules else t.df.clear()
        risk.assess(empty, table_qis, cfg.sensitive_attribute.get(t.name), cfg.k)
        generalise[t.name] = rules
        qis[t.name] = tuple(dict.fromkeys(table_qis))
    ids = {
        name: tuple(d.column for d in decisions if d.entity == "ID" and d.kind == "entity")
        for name, decisions in plan.tables.items()
    }
    suppress = bool(cfg.k and cfg.suppress_below_k)
    identity = {
        s.table.name: _identity(s, ids.get(s.table.name, ()), work)
        for s in splits
        if suppress and s.table.name in qis
    }
    return Governance(shifts, generalise, as_of if qis else None, qis, ids, identity)


def _identity(split: SplitTable, ids: Sequence[str], work: Path) -> tuple[str, ...]:
    """``identity_columns`` of a table, with which id column lies within which other
    found over every partition (``optouts.references``)."""
    if len(ids) < 2:
        return tuple(ids)
    from anonymizers.partitioned.optouts import references  # imports passes, which imports this

    within = {
        (c, o) for o in ids for c in references(split, o, split, work / "references") if c in ids
    }
    return tuple(identity_among(ids, within))


def _owners(
    splits: Sequence[SplitTable], policy: Policy, work: Path, wanted: Sequence[str]
) -> dict[str, str]:
    """table → the column holding each row's subject: ``governance.govern``'s choice
    (the table's own subject column, else its first column whose every value is a
    subject id), with the foreign keys found over every partition."""
    from anonymizers.partitioned.optouts import references  # imports passes, which imports this

    tables = [s.table for s in splits]
    parents = subject_columns(tables, policy)
    owner = {t: c for t, c in parents}
    by_name = {s.table.name: s for s in splits}
    for ptable, pcol in parents:
        for s in splits:
            if s.table.name in owner or s.table.name not in wanted:
                continue
            found = references(by_name[ptable], pcol, s, work / "references")
            if found:
                owner[s.table.name] = found[0]
    return owner


def govern_partition(
    out: pl.DataFrame, kept: pl.DataFrame, table: str, gov: Governance | None, policy: Policy,
    key: bytes,
) -> pl.DataFrame:  # fmt: skip
    """One partition's output with its dates shifted (by the subject ids of ``kept``, the
    input rows it was made from) and its quasi-identifiers generalised."""
    if gov is None:
        return out
    if table in gov.shifts:
        owner, columns = gov.shifts[table]
        out = shift_frame(out, kept[owner], columns, policy, key)
    if gov.generalise.get(table):
        out = risk.generalise(out, gov.generalise[table], gov.as_of)
    return out
