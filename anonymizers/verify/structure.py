"""Structure checks: every replaced cell changed, and rows, schema, types and joins survive
the transform."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from anonymizers.io.tables import Table, data_columns
from anonymizers.plan.columns import Plan
from anonymizers.pseudonymise.normalise import DIGIT_ENTITIES
from anonymizers.transform.apply import TableResult
from anonymizers.verify.outcome import MAX_FINDINGS, Check


def _cell_strings(series: pl.Series) -> pl.Series:
    """One comparable string per cell; a list cell joins its items, and a cell with
    nothing in it (null, [], [null]) is null, so it never counts as left unchanged."""
    if isinstance(series.dtype, pl.Array):
        series = series.cast(pl.List(series.dtype.inner))
    if isinstance(series.dtype, pl.List):
        joined = series.cast(pl.List(pl.String)).list.drop_nulls().list.join("\x1f")
        return pl.select(pl.when(joined.str.len_chars() > 0).then(joined)).to_series()
    return series.cast(pl.String)


def unchanged_cells_check(
    tables: Sequence[Table], results: dict[str, TableResult], plan: Plan
) -> tuple[Check, list[dict]]:
    """Every replaced cell differs from its input cell (covers values too short to search)."""
    findings: list[dict] = []
    compared = columns = 0
    for table in tables:
        out = results[table.name].df
        for dec in plan.tables[table.name]:
            if dec.kind != "entity" or dec.operator in ("keep", "drop"):
                continue
            if out.height != table.df.height:
                continue  # rows out of step: the structure check reports it
            before = _cell_strings(table.df[dec.column])
            after = _cell_strings(out[dec.column])
            # A cell with nothing to replace ("N/A" in a phone column) may stay as it is.
            payload = before.str.contains(r"\d" if dec.entity in DIGIT_ENTITIES else r"[^\W_]")
            same = ((before == after) & payload).fill_null(False)
            compared += int(before.drop_nulls().len())
            columns += 1
            for row in same.arg_true().to_list()[:MAX_FINDINGS]:
                findings.append(
                    {
                        "check": "unchanged",
                        "entity": dec.entity,
                        "table": table.name,
                        "column": dec.column,
                        "row": row,
                        "digest": "",
                    }
                )
    counts = {"columns": columns, "cells": compared}
    # No replaced cell (no entity column, or all empty): nothing was compared, no pass.
    return Check("replaced_cells_changed", not findings, counts, applicable=compared > 0), findings


def structure_check(
    tables: Sequence[Table],
    results: dict[str, TableResult],
    plan: Plan,
    suppressed: dict[str, int] | None = None,
) -> tuple[Check, list[dict]]:
    """Row counts, schema and foreign-key joins survive the transform."""
    findings: list[dict] = []
    problems = 0
    for table in tables:
        res = results[table.name]
        expected_cols = [c for c in data_columns(table.df) if c not in res.dropped_columns]
        if data_columns(res.df) != expected_cols:
            problems += 1
            findings.append({"check": "schema", "entity": None, "table": table.name,
                             "column": None, "row": None, "digest": ""})  # fmt: skip
        if res.df.height != table.df.height - (suppressed or {}).get(table.name, 0):
            problems += 1
            findings.append({"check": "row_count", "entity": None, "table": table.name,
                             "column": None, "row": None, "digest": ""})  # fmt: skip
        # Hash and mask produce text whatever the input type ("ab12…", "****").
        as_text = {d.column for d in plan.tables[table.name] if d.operator in ("hash", "mask")}
        for col in expected_cols:
            expected = pl.String if col in as_text else table.df.schema[col]
            if res.df.schema[col] != expected:
                problems += 1
                findings.append({"check": "dtype", "entity": None, "table": table.name,
                                 "column": col, "row": None, "digest": ""})  # fmt: skip
    joins, broken = _join_check(tables, results, plan)
    for child, parent in broken:
        problems += 1
        findings.append(
            {"check": "foreign_key", "entity": "ID", "table": child[0], "column": child[1],
             "row": None, "digest": "", "detail": f"no longer joins {parent[0]}.{parent[1]}"}
        )  # fmt: skip
    counts = {"tables": len(tables), "foreign_keys_checked": joins, "problems": problems}
    return Check("structure", problems == 0, counts), findings


def _ids(series: pl.Series) -> pl.Series:
    """An id column's ids: a list column (ids inside a map or a list) counts each item."""
    if isinstance(series.dtype, pl.List | pl.Array):
        series = series.explode()
    return series.drop_nulls()


def _join_check(
    tables: Sequence[Table], results: dict[str, TableResult], plan: Plan
) -> tuple[int, list[tuple[tuple[str, str], tuple[str, str]]]]:
    """Find ID columns whose input values lie within another table's unique ID column,
    and check that every such foreign key still joins in the output."""
    ids = [
        (t, dec.column)
        for t in tables
        for dec in plan.tables[t.name]
        if dec.kind == "entity" and dec.entity == "ID" and dec.operator in ("fake", "hash", "keep")
    ]
    checked = 0
    broken = []
    for parent, pcol in ids:
        pvals = _ids(parent.df[pcol])
        if pvals.len() == 0 or pvals.n_unique() != pvals.len():
            continue
        pset = set(pvals.cast(pl.String).to_list())
        for child, ccol in ids:
            if (child.name, ccol) == (parent.name, pcol):
                continue
            cvals = _ids(child.df[ccol]).cast(pl.String).unique()
            if cvals.len() == 0 or not set(cvals.to_list()) <= pset:
                continue
            checked += 1
            out_p = set(_ids(results[parent.name].df[pcol]).cast(pl.String).to_list())
            out_c = set(_ids(results[child.name].df[ccol]).cast(pl.String).to_list())
            if not out_c <= out_p:
                broken.append(((child.name, ccol), (parent.name, pcol)))
    return checked, broken
