"""Independent checks before anything is certified.

The transform trusts its own detection; these checks do not. They look at the output
only, with other means: an exact search for every original value (a hash join), a
pattern sweep for identifiers the detector may have missed, an NER re-scan of a sample
for a residual estimate, and structural checks (rows, schema, joins). Findings carry
type, place and a keyed digest — never the value.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from anonymizers.detect.patterns import sweep
from anonymizers.detect.text import TextDetector
from anonymizers.detect.whole_words import LeakMatcher
from anonymizers.io.tables import Table, data_columns
from anonymizers.plan.columns import Plan
from anonymizers.pseudonymise.normalise import DIGIT_ENTITIES
from anonymizers.transform.apply import Context, DetectFn, TableResult

MAX_FINDINGS = 200


@dataclass
class Check:
    name: str
    passed: bool
    counts: dict[str, int] = field(default_factory=dict)
    #: gating checks reject the run when they fail; estimates only report.
    gating: bool = True

    def manifest_entry(self) -> dict:
        return {"name": self.name, "passed": self.passed, "counts": dict(self.counts)}


@dataclass
class Verification:
    checks: list[Check]
    findings: list[dict]
    review: list[dict]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks if c.gating)


def _inside(regions: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in regions)


@dataclass
class _Column:
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


def _text_columns(
    tables: Sequence[Table], results: dict[str, TableResult], whole: set[tuple[str, str]]
) -> list[_Column]:
    """Every output column that can hold an identifier, as strings."""
    columns = []
    for table in tables:
        res = results[table.name]
        for column in data_columns(res.df):
            series = res.df[column]
            if series.dtype == pl.List(pl.String):
                series = series.list.join(" ")
            elif series.dtype.is_integer():
                series = series.cast(pl.String)  # a phone or an id stored as a number
            elif series.dtype != pl.String:
                # Floats, booleans and typed dates hold no identifier; their string form
                # ("2025-01-06 19:44:17") only feeds false pattern matches.
                continue
            is_whole = (table.name, column) in whole
            regions = None if is_whole else res.regions.get(column)
            columns.append(_Column(table.name, column, series, is_whole, regions))
    return columns


def _distinct(series: pl.Series) -> pl.Series:
    """Each non-empty text once: a column of repeated values is searched per value."""
    return series.filter(series.str.len_chars() > 0).unique()


def _finding(check: str, entity: str, col: _Column, row: int, digest: str) -> dict:
    return {"check": check, "entity": entity, "table": col.table, "column": col.name,
            "row": row, "digest": digest}  # fmt: skip


def _leaked_rows(col: _Column, texts: pl.Series, found: pl.DataFrame) -> pl.DataFrame:
    """(row, entity, value) of each original value in ``col``, from what was ``found`` in
    its distinct ``texts``: the rows of a hit are found again by a join on the text."""
    if not found.height:
        return found
    found = found.with_columns(text=texts.gather(found["row"])).drop("row")
    return (
        pl.DataFrame({"text": col.texts})
        .with_row_index("row")
        .join(found, on="text", how="inner")
        .sort("row", "entity", "value")
        .select("row", "entity", "value")
    )


def leak_check(
    ctx: Context, columns: list[_Column], matcher: LeakMatcher
) -> tuple[Check, list[dict]]:
    """Exact search of every replaced original value in every output cell: each distinct
    text once, cut into word runs and joined against the values' forms; the rows of a hit
    are found again by a join on the text."""
    findings: list[dict] = []
    texts = [_distinct(col.texts) for col in columns]
    found = matcher.each(matcher.hits, texts)
    for col, distinct, hits in zip(columns, texts, found, strict=True):
        for row, entity, value in _leaked_rows(col, distinct, hits).iter_rows():
            digest = ctx.pseudonymizer.digest(entity, value)
            findings.append(_finding("leak", entity, col, row, digest))
    counts = {"values_searched": matcher.size, "hits": len(findings)}
    return Check("leak_check", not findings, counts), findings


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
    compared = 0
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
    return Check("replaced_cells_changed", not findings, {"cells": compared}), findings


def pattern_sweep(ctx: Context, columns: list[_Column]) -> tuple[Check, list[dict]]:
    """High-precision patterns over all output text; a hit must be a fake we issued.

    Whole-fake columns are skipped (every cell is a fake we issued). Elsewhere each
    distinct text is swept once; only texts with a match are looked at row by row,
    where the replacement regions of that row explain a match or not. The set of issued
    fakes (millions of strings in a big structured run) is built only once a sweep matched."""
    issued_set: set[str] | None = None

    def issued(text: str) -> bool:
        nonlocal issued_set
        if issued_set is None:
            issued_set = ctx.issued()
        return text in issued_set

    findings: list[dict] = []
    hits = 0
    for col in columns:
        if col.whole:
            continue
        matched: dict[str, list[tuple[int, int, str]]] = {}
        for text in _distinct(col.texts).to_list():
            if (found := sweep(text)) and not issued(text):
                matched[text] = found
        if not matched:
            continue
        for row in col.rows_with(set(matched)):
            text = col.texts[row]
            regions = col.region(row)
            for start, end, entity in matched[text]:
                hits += 1
                if _inside(regions, start, end) or issued(text[start:end]):
                    continue
                digest = ctx.pseudonymizer.digest(entity, text[start:end])
                findings.append(_finding("pattern_sweep", entity, col, row, digest))
    return (
        Check("pattern_sweep", not findings, {"matches": hits, "unexplained": len(findings)}),
        findings,
    )


def _residual_cells(columns: list[_Column]) -> list[tuple[_Column, int, str]]:
    """Free-text cells that had replacements, then other long texts: what NER re-reads."""
    replaced, long = [], []
    for col in columns:
        if col.whole:
            continue
        for row, text in enumerate(col.texts.to_list()):
            if not text:
                continue
            if col.region(row):
                replaced.append((col, row, text))
            elif len(text) > 30:
                long.append((col, row, text))
    return replaced + long


def residual_scan(
    ctx: Context,
    columns: list[_Column],
    detector: TextDetector | DetectFn,
    sample_rows: int,
    seed: str,
) -> tuple[Check, list[dict]]:
    """NER over a sample of output free text; reports an upper bound on the residual rate.

    Not gating: a lower-threshold NER always finds something the transform chose not
    to replace. The spans it finds go to human review instead. ``detector`` may be a
    function that spreads the texts over worker processes (the flow's chunked tasks)."""
    detect = detector.detect if isinstance(detector, TextDetector) else detector
    text_cells = _residual_cells(columns)
    if sample_rows and len(text_cells) > sample_rows:
        text_cells = random.Random(seed).sample(text_cells, sample_rows)
    found = detect([c[2] for c in text_cells]) if text_cells else []
    review: list[dict] = []
    flagged = 0
    for (col, row, text), spans in zip(text_cells, found, strict=True):
        regions = col.region(row)
        unexplained = [s for s in spans if not _inside(regions, s.start, s.end)]
        if unexplained:
            flagged += 1
        for s in unexplained[:5]:
            review.append(
                {
                    "entity": s.entity,
                    "table": col.table,
                    "column": col.name,
                    "row": row,
                    "score": round(s.score, 3),
                    "context": "residual scan: possible unreplaced identifier",
                    "digest": ctx.pseudonymizer.digest(s.entity, text[s.start : s.end]),
                }
            )
    n = len(text_cells)
    # Clopper-Pearson style one-sided 95% upper bound; with 0 flagged it is the rule of 3.
    upper = upper_bound(flagged, n)
    counts = {
        "cells_scanned": n,
        "cells_flagged": flagged,
        "upper_bound_per_10000": math.ceil(upper * 10000),
    }
    return Check("residual_scan", True, counts, gating=False), review


def upper_bound(k: int, n: int, conf: float = 0.95) -> float:
    """One-sided upper confidence bound of a binomial rate (Wilson score, continuity-free)."""
    if n == 0:
        return 1.0
    if k == 0:
        return min(1.0, -math.log(1 - conf) / n)
    z = 1.6448536269514722
    p = k / n
    denom = 1 + z * z / n
    centre = p + z * z / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return min(1.0, (centre + margin) / denom)


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
        pvals = parent.df[pcol].drop_nulls()
        if pvals.len() == 0 or pvals.n_unique() != pvals.len():
            continue
        pset = set(pvals.cast(pl.String).to_list())
        for child, ccol in ids:
            if (child.name, ccol) == (parent.name, pcol):
                continue
            cvals = child.df[ccol].drop_nulls().cast(pl.String).unique()
            if cvals.len() == 0 or not set(cvals.to_list()) <= pset:
                continue
            checked += 1
            out_p = set(results[parent.name].df[pcol].drop_nulls().cast(pl.String).to_list())
            out_c = set(results[child.name].df[ccol].drop_nulls().cast(pl.String).to_list())
            if not out_c <= out_p:
                broken.append(((child.name, ccol), (parent.name, pcol)))
    return checked, broken


def whole_fake_columns(tables: Sequence[Table], plan: Plan) -> set[tuple[str, str]]:
    """Structured replaced cells are whole fakes: marked so the sweep skips them."""
    return {(t.name, d.column) for t in tables for d in plan.tables[t.name]
            if d.kind == "entity" and d.operator not in ("keep", "shift")}  # fmt: skip


def sweep_tables(
    ctx: Context, tables: Sequence[Table], results: dict[str, TableResult], plan: Plan
) -> tuple[Check, list[dict]]:
    """The pattern sweep alone, as ``run_checks`` runs it (a partitioned run sweeps each
    output partition on its worker)."""
    return pattern_sweep(ctx, _text_columns(tables, results, whole_fake_columns(tables, plan)))


def residual_check(
    tables: Sequence[Table],
    results: dict[str, TableResult],
    plan: Plan,
    ctx: Context,
    detector: TextDetector | DetectFn,
    seed: str,
) -> tuple[Check, list[dict]]:
    """The residual scan alone, as ``run_checks`` runs it: the flow runs it outside the
    verify task, so that its NER chunks can go to the task runner's workers."""
    columns = _text_columns(tables, results, whole_fake_columns(tables, plan))
    sample = ctx.policy.verification.residual_sample_rows
    return residual_scan(ctx, columns, detector, sample, seed)


def run_checks(
    tables: Sequence[Table],
    results: dict[str, TableResult],
    plan: Plan,
    ctx: Context,
    detector: TextDetector | DetectFn | None,
    seed: str,
    suppressed: dict[str, int] | None = None,
) -> Verification:
    """All checks; gating ones decide certification."""
    cfg = ctx.policy.verification
    columns = _text_columns(tables, results, whole_fake_columns(tables, plan))
    checks: list[Check] = []
    findings: list[dict] = []
    review: list[dict] = []
    for check, found in (
        leak_check(ctx, columns, ctx.leak_matcher()),
        unchanged_cells_check(tables, results, plan),
        pattern_sweep(ctx, columns),
        structure_check(tables, results, plan, suppressed),
    ):
        checks.append(check)
        findings.extend(found[:MAX_FINDINGS])
    if detector is not None:
        check, review = residual_scan(ctx, columns, detector, cfg.residual_sample_rows, seed)
        checks.append(check)
    return Verification(checks, findings, review)
