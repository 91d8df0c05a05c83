"""Opt-outs: rows of opted-out subjects never reach a dataset, nor do their child rows
(the engine finds them partition by partition: ``partitioned/optouts.py``).

A subject is identified by the policy's ``subjects.id_columns`` ("customers.customer_id"),
or, when it names none, by the columns the plan points at (``subject_columns.py``).
Child rows are found from the data, not declared: any other column whose values all lie
within a subject column's values is a foreign key to it ("support_tickets.customer_id"),
so a ticket of an opted-out customer goes with the customer. Row order is kept.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import polars as pl

from anonymizers.governance.subject_columns import find_subject_columns
from anonymizers.io.tables import Table
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy


def subject_columns(
    tables: Sequence[Table], policy: Policy, plan: Plan | None = None
) -> list[tuple[str, str]]:
    """The subject id columns: the policy's, checked against the bundle, or (given the
    plan, when the policy names none) those ``subject_columns.find_subject_columns``
    finds."""
    return list(find_subject_columns(tables, policy, plan).columns)


def as_text(series: pl.Series) -> pl.Series:
    """The form references are compared in (``partitioned/optouts.py``'s references)."""
    return series.cast(pl.String).str.strip_chars()


def _as_id(series: pl.Series) -> pl.Series:
    """The form ids are compared in (as subjects.normalise_id: trimmed, case-folded)."""
    return as_text(series).str.to_lowercase()


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
