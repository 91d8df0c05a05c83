"""The AI-policy promises applied to a transformed bundle: date shifts, re-identification
risk (generalise, suppress, measure k / l) and the fairness report on names.

Runs after the transform, on the output frames, because each step needs the fakes in
place (k is measured on what dev teams will get) and the original subject ids (dates
shift per subject, keyed). Everything returned for the manifest is a count or a name.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import polars as pl

from anonymizers.errors import PolicyError
from anonymizers.governance import bias, dates, risk
from anonymizers.governance.optouts import Exclusion, as_text, child_links, subject_columns
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


def _subject_of(tables: Sequence[Table], policy: Policy) -> dict[str, str]:
    """table → the column holding each row's subject id (its own id column or a
    foreign key to one)."""
    parents = subject_columns(tables, policy)
    owner = {t: c for t, c in parents}
    for child, ccol, _p, _pc in child_links(tables, parents):
        owner.setdefault(child, ccol)
    return owner


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


def shift_dates(
    tables: Sequence[Table], results: dict[str, TableResult], policy: Policy, key: bytes
) -> dict | None:
    """Shift every configured date column by its row subject's keyed offset."""
    columns = date_shift_columns(tables, policy)
    if not columns:
        return None
    owner = _subject_of(tables, policy)
    shifted: list[str] = []
    for table in tables:
        cols = columns.get(table.name)
        if not cols:
            continue
        if table.name not in owner:
            raise no_subject(table.name)
        res = results[table.name]
        res.df = shift_frame(res.df, table.df[owner[table.name]], cols, policy, key)
        shifted += [f"{table.name}.{col}" for col in cols]
    return date_shift_block(shifted, policy)


def apply_risk(
    tables: Sequence[Table],
    results: dict[str, TableResult],
    plan: Plan,
    policy: Policy,
    report: GovernanceReport,
) -> None:
    """Generalise, optionally suppress below k, then measure k-anonymity / l-diversity."""
    cfg = policy.risk
    if not cfg.quasi_identifiers:
        return
    per_table = []
    for table in tables:
        qis = cfg.quasi_identifiers.get(table.name)
        if not qis:
            continue
        res = results[table.name]
        rules = risk.rules_for(table.name, cfg.generalise)
        if rules:
            res.df = risk.generalise(res.df, rules)
        suppressed = 0
        if cfg.k and cfg.suppress_below_k:
            before = res.df
            res.df, suppressed = risk.enforce_k(res.df, qis, cfg.k)
            report.suppressed[table.name] = report.suppressed.get(table.name, 0) + suppressed
            _cascade(table.name, before, res.df, tables, results, plan, report)
        measured = risk.assess(res.df, qis, cfg.sensitive_attribute.get(table.name), cfg.k)
        if cfg.k and not measured.get("meets_k", True):
            report.meets_k = False
        per_table.append(
            {"table": table.name, "generalised": sorted(rules), "rows_suppressed": suppressed,
             **measured}
        )  # fmt: skip
    report.risk = {"k_required": cfg.k, "tables": per_table}


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


def identity_columns(df: pl.DataFrame, ids: Sequence[str]) -> list[str]:
    """The id columns of ``ids`` that say which row this is: not a column whose every
    value is a value of another of them (manager_id → employee_id), unless that one's
    values are all its values too (two columns of the same ids)."""
    values = {c: set(as_text(df[c]).drop_nulls().to_list()) for c in ids}
    within = {(c, o) for c in ids for o in ids if c != o and values[c] and values[c] <= values[o]}
    return identity_among(ids, within)


def identity_among(ids: Sequence[str], within: set[tuple[str, str]]) -> list[str]:
    """``identity_columns`` given which column's values lie within which other's
    (``(c, o)``: every value of c is a value of o), however that was found."""
    return [c for c in ids if not any((c, o) in within and (o, c) not in within for o in ids)]


def _cascade(
    parent: str,
    before: pl.DataFrame,
    after: pl.DataFrame,
    tables: Sequence[Table],
    results: dict[str, TableResult],
    plan: Plan,
    report: GovernanceReport,
) -> None:
    """Rows that point at a suppressed row (by an id column) go too, so joins hold. A
    suppressed row is gone by its own ids (``identity_columns``): the manager it
    referenced is not gone because no kept row references them any more."""
    ids = [d.column for d in plan.tables[parent] if d.entity == "ID" and d.kind == "entity"]
    gone: set[str] = set()
    for col in identity_columns(before, ids):
        gone |= set(before[col].cast(pl.String).drop_nulls().to_list()) - set(
            after[col].cast(pl.String).drop_nulls().to_list()
        )
    if not gone:
        return
    gone_list = list(gone)
    own = results[parent]
    refs = [c for c in ids if own.df[c].cast(pl.String).is_in(gone_list).any()]
    # Within the suppressed table, references to suppressed rows (manager_id) are cleared.
    own.df = own.df.with_columns(
        [pl.when(pl.col(c).cast(pl.String).is_in(gone_list)).then(None).otherwise(pl.col(c))
         .alias(c) for c in refs]
    )  # fmt: skip
    for table in tables:
        if table.name == parent:
            continue
        res = results[table.name]
        cols = [
            d.column for d in plan.tables[table.name] if d.entity == "ID" and d.kind == "entity"
        ]
        if not cols:
            continue
        hit = pl.Series([False] * res.df.height, dtype=pl.Boolean)
        for col in cols:
            hit = hit | res.df[col].cast(pl.String).is_in(list(gone)).fill_null(False)
        n = int(hit.sum())
        if n:
            res.df = res.df.filter(~hit)
            report.suppressed[table.name] = report.suppressed.get(table.name, 0) + n


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


def govern(
    tables: Sequence[Table],
    results: dict[str, TableResult],
    plan: Plan,
    policy: Policy,
    key: bytes,
) -> GovernanceReport:
    """All post-transform policy steps, in order: shift dates, reduce risk, report bias."""
    report = GovernanceReport()
    report.date_shift = shift_dates(tables, results, policy, key)
    apply_risk(tables, results, plan, policy, report)
    report.fairness = fairness(tables, results, plan, policy)
    return report


def mark_date_shift(plan: Plan, tables: Sequence[Table], policy: Policy) -> Plan:
    """Date columns the policy shifts per subject get the ``shift`` operator in the plan,
    so the transform leaves them for ``shift_dates`` instead of faking them per value."""
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


def manifest_blocks(
    excluded: Exclusion, governed: GovernanceReport, encryption: dict | None,
    subject_index: dict,
) -> dict:  # fmt: skip
    """The optional manifest blocks of the AI-policy features (counts and digests only);
    ``subject_index`` is what ``subject_index.index_tables`` wrote."""
    blocks: dict = {"exclusions": excluded.counts + [
        {"table": t, "rows_excluded": n, "reason": "k-anonymity suppression"}
        for t, n in sorted(governed.suppressed.items()) if n
    ]}  # fmt: skip
    blocks["subject_index"] = subject_index
    for name in ("date_shift", "risk", "fairness"):
        value = getattr(governed, name)
        if value is not None:
            blocks[name] = value
    if encryption:
        blocks["encryption"] = encryption
    return blocks
