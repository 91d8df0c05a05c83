"""The output as the gate reads it: every column that can hold an identifier, as text,
with the kind of column it is (free text, whole fakes, kept, technical) and where the
replacements sit in each row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from anonymizers.io.nested import leaf_texts
from anonymizers.io.tables import Table, data_columns
from anonymizers.plan.columns import Plan
from anonymizers.transform.apply import TableResult, cell_texts

#: Column kinds judged as kept columns by the gate (category, echo, place-in-value rules).
KEPT_KINDS = ("kept", "policy", "technical")


def inside(regions: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in regions)


@dataclass
class OutputColumn:
    """One output column as text. ``whole``: a structured replaced column, every cell a
    whole fake; ``regions``: where replacements sit per row of a free-text column."""

    table: str
    name: str
    texts: pl.Series
    whole: bool
    regions: list[list[tuple[int, int]]] | None

    def region(self, row: int) -> list[tuple[int, int]]:
        return self.regions[row] if self.regions else []

    def rows_with(self, texts: set[str]) -> list[int]:
        """Rows holding one of ``texts``, in row order: a hash join, not a Python loop."""
        return self.texts.is_in(list(texts)).fill_null(False).arg_true().to_list()


def output_columns(
    tables: Sequence[Table], results: dict[str, TableResult], whole: set[tuple[str, str]]
) -> list[OutputColumn]:
    """Every output column that can hold an identifier, as strings."""
    columns = []
    for table in tables:
        res = results[table.name]
        for column in data_columns(res.df):
            series = res.df[column]
            if series.dtype == pl.List(pl.String):
                # Joined as the transform joined them (``cell_texts``): the replacement
                # regions are offsets into that text. Joined by spaces, every match in a
                # list's second item onwards missed its region by two characters a
                # preceding item (a chat's fake phones were swept as unexplained).
                series = pl.Series(column, cell_texts(series), dtype=pl.String)
            elif series.dtype.is_nested():
                # Maps, structs, lists of anything else: every value inside, as text. The
                # reader hands these over as leaf columns; a nested column left whole is
                # still read, never skipped.
                series = leaf_texts(series)
            elif series.dtype.is_integer():
                series = series.cast(pl.String)  # a phone or an id stored as a number
            elif series.dtype != pl.String:
                # Floats, booleans and typed dates hold no identifier; their string form
                # ("2025-01-06 19:44:17") only feeds false pattern matches.
                continue
            is_whole = (table.name, column) in whole
            regions = None if is_whole else res.regions.get(column)
            columns.append(OutputColumn(table.name, column, series, is_whole, regions))
    return columns


def distinct_texts(series: pl.Series) -> pl.Series:
    """Each non-empty text once: a column of repeated values is searched per value."""
    return series.filter(series.str.len_chars() > 0).unique()


def finding(check: str, entity: str, col: OutputColumn, row: int, digest: str) -> dict:
    return {"check": check, "entity": entity, "table": col.table, "column": col.name,
            "row": row, "digest": digest}  # fmt: skip


def whole_fake_columns(tables: Sequence[Table], plan: Plan) -> set[tuple[str, str]]:
    """Structured replaced cells are whole fakes: marked so the sweep skips them."""
    return {(t.name, d.column) for t in tables for d in plan.tables[t.name]
            if d.kind == "entity" and d.operator not in ("keep", "shift")}  # fmt: skip


def column_kinds(plan: Plan) -> dict[tuple[str, str], str]:
    """(table, column) → ``text`` for free text, ``whole`` for fakes, ``policy`` for an
    entity column the policy keeps as it is (a data engineer's decision: identifier
    patterns there are cleared, listed as such), ``technical`` for machine text (user
    agents, URLs, logs: only patterns replaced in it, and judged like a kept column by
    the gate), ``kept`` for the rest left as it is (``safe`` columns, shifted dates)."""
    kinds = {}
    for table, decisions in plan.tables.items():
        for d in decisions:
            if d.kind == "free_text":
                kinds[(table, d.column)] = "text"
            elif d.kind == "technical":
                kinds[(table, d.column)] = "technical"
            elif d.kind == "entity" and d.operator not in ("keep", "shift"):
                kinds[(table, d.column)] = "whole"
            elif d.kind == "entity" and d.operator == "keep":
                kinds[(table, d.column)] = "policy"
            else:
                kinds[(table, d.column)] = "kept"
    return kinds
