"""The AI-policy promises a run keeps: date shifts, re-identification risk (k / l) and
the fairness report on names; what the manifest says of each, and the k check.

The engine applies them partition by partition (``partitioned/govern.py``, ``risk.py``,
``fairness.py``) after the replacement, because each step needs the fakes in place (k is
measured on what dev teams will get) and the original subject ids (dates shift per
subject, keyed); this module holds what they share. Everything returned for the
manifest is a count or a name.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import polars as pl

from anonymizers.errors import PolicyError
from anonymizers.governance import bias, dates
from anonymizers.io.tables import Table, data_columns
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy
from anonymizers.pseudonymise.locales import MIX_LOCALES
from anonymizers.transform.apply import TableResult
from anonymizers.verify.outcome import Check


@dataclass
class GovernanceReport:
    """Manifest blocks (counts only) and the rows suppressed per table."""

    date_shift: dict | None = None
    risk: dict | None = None
    fairness: dict | None = None
    suppressed: dict[str, int] = field(default_factory=dict)
    #: False when the policy sets k and some table misses it after suppression.
    meets_k: bool = True


def _matches(patterns: Sequence[str], table: str, column: str) -> bool:
    qualified = f"{table}.{column}"
    return any(
        fnmatch.fnmatchcase(qualified, p) or fnmatch.fnmatchcase(column, p) for p in patterns
    )


def date_shift_columns(tables: Sequence[Table], policy: Policy) -> dict[str, list[str]]:
    """table → the date columns the policy shifts per subject."""
    cfg = policy.date_shift
    if not cfg.enabled:
        return {}
    out = {
        t.name: [c for c in data_columns(t.df) if _matches(cfg.columns, t.name, c)] for t in tables
    }
    return {t: cols for t, cols in out.items() if cols}


def shift_frame(
    df: pl.DataFrame, subjects: pl.Series, columns: Sequence[str], policy: Policy, key: bytes
) -> pl.DataFrame:
    """``columns`` of ``df`` shifted by each row's subject offset (``subjects``: the
    subject id of each row, in the input's form) or, for birth dates under
    ``birth_dates: year``, cut to the year. Row by row, so a partition of a table is
    shifted exactly as the whole table would be."""
    cfg = policy.date_shift
    offsets = dates.subject_offsets(key, subjects, cfg.max_days, cfg.keep_weekday)
    new = []
    for col in columns:
        is_birth = "birth" in col.lower() or col.lower() in ("dob",)
        if is_birth and cfg.birth_dates == "year":
            new.append(dates.birth_year(df[col]))
        else:
            new.append(dates.shift_column(df[col], offsets))
    return df.with_columns(new)


def date_shift_block(shifted: Sequence[str], policy: Policy) -> dict:
    """The manifest's ``date_shift`` block: "table.column" of every shifted column."""
    cfg = policy.date_shift
    return {
        "technique": "randomisation",
        "columns": list(shifted),
        "max_days": cfg.max_days,
        "keep_weekday": cfg.keep_weekday,
        "birth_dates": cfg.birth_dates,
    }


def no_subject(table: str) -> PolicyError:
    return PolicyError(
        f"date_shift: table '{table}' has no subject column; add one to "
        "subjects.id_columns or a foreign key to one"
    )


def k_anonymity_check(report: GovernanceReport, policy: Policy) -> Check | None:
    """The gate on ``risk.k`` (None when the policy sets no k). With no table measured
    (no quasi-identifiers listed for any table of the bundle) it is not applicable:
    k of nothing is not a pass."""
    k = policy.risk.k
    if not k:
        return None
    tables = (report.risk or {}).get("tables", [])
    below = sum(not t.get("meets_k", True) for t in tables)
    counts = {"k_required": k, "tables": len(tables), "tables_below_k": below}
    achieved = [t["k_achieved"] for t in tables if t.get("k_achieved") is not None]
    if achieved:
        counts["smallest_group"] = min(achieved)
    measured = (
        f"the smallest group of rows sharing all quasi-identifiers, in {len(tables)} "
        "table(s) with quasi-identifiers in the policy, after generalisation and suppression"
    )
    if not tables:
        return Check("k_anonymity", True, counts, applicable=False, measured=measured,
                     reason="no table of the bundle has quasi-identifiers listed in "
                     "risk.quasi_identifiers, so k was not measured")  # fmt: skip
    reason = (
        f"every group holds at least {k} rows"
        if not below
        else f"{below} table(s) have groups of fewer than {k} rows"
    )
    return Check("k_anonymity", not below, counts, measured=measured, reason=reason)


def identity_among(ids: Sequence[str], within: set[tuple[str, str]]) -> list[str]:
    """``identity_columns`` given which column's values lie within which other's
    (``(c, o)``: every value of c is a value of o), however that was found."""
    return [c for c in ids if not any((c, o) in within and (o, c) not in within for o in ids)]


def name_columns(plan: Plan, table: str) -> list[str]:
    """The faked first-name and full-name columns of a table: what ``fairness`` measures."""
    return [
        d.column
        for d in plan.tables[table]
        if d.entity in ("FIRST_NAME", "PERSON") and d.operator == "fake"
    ]


def names_in(series: pl.Series, policy: Policy) -> dict:
    """The apparent gender and locale mix of one column's first names (counts only)."""
    return bias.name_distribution(series, policy.locale, MIX_LOCALES)


def fairness_row(table: str, column: str, before: dict, after: dict) -> dict:
    """One column of the ``fairness`` block: shares before and after, and the moves."""
    return {"table": table, "column": column, "before": before["gender_share"],
            "after": after["gender_share"], **bias.compare(before, after)}  # fmt: skip


def fairness_block(rows: list[dict], policy: Policy) -> dict | None:
    """The manifest's ``fairness`` block (None: no faked name column)."""
    if not rows:
        return None
    return {
        "keep_gender": policy.fakes.keep_gender,
        "keep_locale_mix": policy.fakes.keep_locale_mix,
        "columns": rows,
    }


def fairness(
    tables: Sequence[Table], results: dict[str, TableResult], plan: Plan, policy: Policy
) -> dict | None:
    """Apparent gender and locale mix of first names, before and after faking."""
    rows = [
        fairness_row(table.name, col, names_in(table.df[col], policy),
                     names_in(results[table.name].df[col], policy))
        for table in tables
        for col in name_columns(plan, table.name)
    ]  # fmt: skip
    return fairness_block(rows, policy)


def mark_date_shift(plan: Plan, tables: Sequence[Table], policy: Policy) -> Plan:
    """Date columns the policy shifts per subject get the ``shift`` operator in the plan,
    so the transform leaves them for the date shift (``partitioned/govern.py``) instead
    of faking them per value."""
    columns = date_shift_columns(tables, policy)
    if not columns:
        return plan
    tables_out = {}
    for name, decisions in plan.tables.items():
        cols = set(columns.get(name, ()))
        tables_out[name] = [
            replace(d, kind="entity", entity=d.entity or "DATE", operator="shift",
                    detected_by="policy") if d.column in cols else d
            for d in decisions
        ]  # fmt: skip
    return Plan(tables=tables_out, files=plan.files, frozen=plan.frozen)
