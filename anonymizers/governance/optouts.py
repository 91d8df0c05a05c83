"""Opt-outs: rows of opted-out subjects never reach a dataset, nor do their child rows.

A subject is identified by the policy's ``subjects.id_columns`` ("customers.customer_id"),
or, when it names none, by the columns the plan points at (``subject_columns.py``).
Child rows are found from the data, not declared: any other column whose values all lie
within a subject column's values is a foreign key to it ("support_tickets.customer_id"),
so a ticket of an opted-out customer goes with the customer. Row order is kept.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

import polars as pl

from anonymizers.governance.subject_columns import find_subject_columns
from anonymizers.io.tables import Table, data_columns
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy


@dataclass
class Exclusion:
    """The bundle split in two: what goes on, and the rows that were taken out."""

    kept: list[Table]
    removed: list[Table]
    #: manifest entries: {table, rows_excluded, reason} — counts only.
    counts: list[dict]


def subject_columns(
    tables: Sequence[Table], policy: Policy, plan: Plan | None = None
) -> list[tuple[str, str]]:
    """The subject id columns: the policy's, checked against the bundle, or (given the
    plan, when the policy names none) those ``subject_columns.find_subject_columns``
    finds."""
    return list(find_subject_columns(tables, policy, plan).columns)


def as_text(series: pl.Series) -> pl.Series:
    """The form references are compared in (``child_links``, partitioned self-references)."""
    return series.cast(pl.String).str.strip_chars()


def _as_id(series: pl.Series) -> pl.Series:
    """The form ids are compared in (as subjects.normalise_id: trimmed, case-folded)."""
    return as_text(series).str.to_lowercase()


def child_links(
    tables: Sequence[Table], parents: Sequence[tuple[str, str]]
) -> list[tuple[str, str, str, str]]:
    """(child table, child column, parent table, parent column) foreign keys, found from
    the values: every non-null child value is a parent value."""
    by_name = {t.name: t for t in tables}
    links = []
    for ptable, pcol in parents:
        pvals = set(as_text(by_name[ptable].df[pcol]).drop_nulls().to_list())
        if not pvals:
            continue
        for table in tables:
            for col in data_columns(table.df):
                if (table.name, col) == (ptable, pcol):
                    continue
                series = table.df[col]
                if series.dtype not in (pl.String,) and not series.dtype.is_integer():
                    continue
                vals = as_text(series).drop_nulls().unique()
                if vals.len() and set(vals.to_list()) <= pvals:
                    links.append((table.name, col, ptable, pcol))
    return links


def exclude(
    tables: Sequence[Table], policy: Policy, opted_out: set[str], plan: Plan | None = None
) -> Exclusion:
    """Drop every row that belongs to an opted-out subject, in every table. With the plan,
    a policy that names no subject columns still excludes (by the plan's)."""
    wanted = {s.strip().casefold() for s in opted_out if s and s.strip()}
    parents = subject_columns(tables, policy, plan)
    if not wanted or not parents:
        return Exclusion(list(tables), [], [])
    columns: dict[str, list[str]] = {}
    for tname, col in parents:
        columns.setdefault(tname, []).append(col)
    by_name = {t.name: t for t in tables}
    for tname, cols in columns.items():
        wanted = same_rows(by_name[tname].df, cols, wanted)
    self_refs: dict[str, list[str]] = {}
    for child, ccol, ptable, _pc in child_links(tables, parents):
        if child == ptable:
            # manager_id → employee_id: colleagues stay; the reference is cleared.
            self_refs.setdefault(child, []).append(ccol)
        else:
            columns.setdefault(child, []).append(ccol)
    kept: list[Table] = []
    removed: list[Table] = []
    counts: list[dict] = []
    for table in tables:
        cols = columns.get(table.name)
        if not cols:
            kept.append(table)
            continue
        df, gone = split_rows(table.df, cols, self_refs.get(table.name, ()), wanted)
        n = gone.height
        kept.append(replace(table, df=df))
        if n:
            removed.append(replace(table, df=gone))
        counts.append({"table": table.name, "rows_excluded": n, "reason": "opt-out"})
    return Exclusion(kept, removed, counts)


def same_rows(df: pl.DataFrame, id_columns: Sequence[str], wanted: set[str]) -> set[str]:
    """``wanted`` and the other subject ids of the rows it names: a subject asked for by
    e-mail is also their customer id, which is what their child rows refer to."""
    if not wanted or len(id_columns) < 2:
        return set(wanted)
    ids = list(wanted)
    mask = pl.Series([False] * df.height, dtype=pl.Boolean)
    for c in id_columns:
        mask = mask | _as_id(df[c]).is_in(ids).fill_null(False)
    rows = df.filter(mask)
    more = {v for c in id_columns for v in _as_id(rows[c]).drop_nulls().to_list()}
    return set(wanted) | more


def split_rows(
    df: pl.DataFrame, id_columns: Sequence[str], self_refs: Sequence[str], wanted: Collection[str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(kept rows, removed rows): a row goes when any of ``id_columns`` holds a wanted id;
    in kept rows, a ``self_refs`` cell naming a wanted id (manager_id) is cleared."""
    ids = list(wanted)
    if not ids or not id_columns:
        return df, df.clear()
    mask = pl.Series([False] * df.height, dtype=pl.Boolean)
    for c in id_columns:
        mask = mask | _as_id(df[c]).is_in(ids).fill_null(False)
    kept = df.filter(~mask)
    for ref in self_refs:
        gone = _as_id(kept[ref]).is_in(ids).fill_null(False)
        kept = kept.with_columns(pl.when(gone).then(None).otherwise(pl.col(ref)).alias(ref))
    return kept, df.filter(mask)


def subject_ids(tables: Sequence[Table], policy: Policy, plan: Plan | None = None) -> set[str]:
    """Every subject id a dataset is built from (for the keyed deletion index)."""
    by_name = {t.name: t for t in tables}
    ids: set[str] = set()
    for tname, col in subject_columns(tables, policy, plan):
        ids.update(as_text(by_name[tname].df[col]).drop_nulls().to_list())
    return ids
