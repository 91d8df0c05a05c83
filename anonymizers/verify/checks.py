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
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import polars as pl

from anonymizers.detect.patterns import sweep
from anonymizers.detect.text import TextDetector
from anonymizers.detect.whole_words import LeakMatcher
from anonymizers.io.tables import Table, data_columns
from anonymizers.plan.columns import Plan
from anonymizers.policy import VerificationConfig
from anonymizers.pseudonymise.normalise import DIGIT_ENTITIES
from anonymizers.transform.apply import Context, DetectFn, TableResult
from anonymizers.verify.clearance import (
    ALONE_HARMLESS,
    Decision,
    echoes,
    in_free_text,
    in_kept_column,
    own_values,
    shape_cleared,
    shape_name,
    without_shapes,
)
from anonymizers.verify.describe import FAIL, NOT_APPLICABLE, PASS, describe
from anonymizers.verify.shapes import epoch_column, shape_around
from anonymizers.verify.targets import build_targets

MAX_FINDINGS = 200
#: Column kinds judged as kept columns by the gate (category, echo, place-in-value rules).
KEPT_KINDS = ("kept", "policy", "technical")
UNCONFIRMED = "an NER guess from another text: no other source, no known name or place word"


@dataclass
class Check:
    """One check's outcome. ``passed``: it found no problem; ``applicable``: it had
    something to measure. A check with nothing to measure (no replaced cell, no table
    with quasi-identifiers) is ``not_applicable``: never reported as a pass, never a
    reason to reject. ``measured`` and ``reason`` (no values) default to the standard
    wording of ``describe.py`` for the check's name."""

    name: str
    passed: bool
    counts: dict[str, int] = field(default_factory=dict)
    #: gating checks reject the run when they fail; estimates only report.
    gating: bool = True
    applicable: bool = True
    measured: str = ""
    reason: str = ""

    @property
    def status(self) -> str:
        """pass, fail or not_applicable (a problem found is a fail, measured or not)."""
        if not self.passed:
            return FAIL
        return PASS if self.applicable else NOT_APPLICABLE

    @property
    def rejects(self) -> bool:
        """Only a failed gating check rejects a run."""
        return self.gating and self.status == FAIL

    def manifest_entry(self) -> dict:
        measured, reason = describe(self.name, self.status, self.counts)
        return {
            "name": self.name,
            # Kept from the two-valued manifests: true only for a real pass.
            "passed": self.status == PASS,
            "status": self.status,
            "gating": self.gating,
            "measured": self.measured or measured,
            "reason": self.reason or reason,
            "counts": dict(self.counts),
        }


@dataclass
class Verification:
    checks: list[Check]
    findings: list[dict]
    review: list[dict]
    #: hits that did not reject, each with its reason (type, place, digest; never a value)
    cleared: list[dict] = field(default_factory=list)

    @property
    def failed(self) -> list[Check]:
        """The gating checks that failed: what rejects the run."""
        return [c for c in self.checks if c.rejects]

    @property
    def passed(self) -> bool:
        return not self.failed


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


def _rows_of(col: _Column, found: pl.DataFrame) -> pl.DataFrame:
    """``found`` (per distinct text ``t``) joined to every row of ``col`` holding ``t``."""
    rows = pl.DataFrame({"t": col.texts}).with_row_index("row")
    return rows.join(found, on="t", how="inner").sort("row", "entity", "value")


def _decide(
    col: _Column,
    kind: str,
    hits: pl.DataFrame,
    min_rows: int,
    unconfirmed: Callable[[str, str], bool] | None,
) -> pl.DataFrame:
    """One decision per distinct (text, entity, value) hit of ``col``: ``reason`` null for
    a leak. ``hits`` carries the text ``t``, the rows holding it (``len``) and whether a
    shape explains it (``shape``)."""
    value_rows = hits.group_by("entity", "value").agg(pl.col("len").sum().alias("vrows"))
    hits = hits.join(value_rows, on=["entity", "value"], how="left")
    reasons, details = [], []
    for t, entity, value, shaped, vrows in hits.select(
        "t", "entity", "value", "shape", "vrows"
    ).iter_rows():
        if kind == "whole":
            decision = Decision(None)  # a fake that holds a real value
        elif shaped:
            decision = Decision("shape", f"part of a {shape_name(t, value)}")
        elif unconfirmed is not None and unconfirmed(entity, value):
            decision = Decision("unconfirmed guess", UNCONFIRMED)
        elif kind == "text":
            decision = in_free_text(entity, value)
        else:
            decision = in_kept_column(entity, value, t, vrows, min_rows)
        reasons.append(decision.reason)
        details.append(decision.detail)
    return hits.with_columns(
        reason=pl.Series(reasons, dtype=pl.String), detail=pl.Series(details, dtype=pl.String)
    )


def leak_check(
    ctx: Context,
    columns: list[_Column],
    matcher: LeakMatcher,
    kinds: dict[tuple[str, str], str] | None = None,
    own: dict[str, pl.Series] | None = None,
    min_rows: int = 3,
    unconfirmed: Callable[[str, str], bool] | None = None,
) -> tuple[Check, list[dict], list[dict]]:
    """Exact search of every real value in every output cell, then a decision per hit.

    Each distinct text is searched once (cut into word runs and joined against the values'
    forms); a hit is then a leak or cleared with its reason (``verify/clearance.py``), by
    the kind of column it sits in (``kinds``: ``text`` for free text, ``kept`` for a column
    left as it is; whole-fake columns are known from the column). ``own`` holds, per
    table, each row's own personal cells, for the echo rule of kept columns;
    ``unconfirmed`` tells a target that is only an NER guess (``Targets.unconfirmed``).
    Returns the check, the leaks and the cleared hits."""
    findings: list[dict] = []
    cleared: list[dict] = []
    reasons: dict[str, int] = {}
    hit_rows = 0
    texts = [_distinct(col.texts) for col in columns]
    found = matcher.each(matcher.hits, texts)
    for col, distinct, hits in zip(columns, texts, found, strict=True):
        if not hits.height:
            continue
        kind = "whole" if col.whole else (kinds or {}).get((col.table, col.name), "text")
        idx = hits["row"].unique().sort()
        again = matcher.hits(pl.Series(without_shapes(distinct.gather(idx).to_list())))
        again = again.with_columns(row=idx.gather(again["row"]))
        hits = hits.with_columns(
            shape=shape_cleared(hits.rename({"row": "text"}), again.rename({"row": "text"}))
        )
        counts = pl.DataFrame({"t": col.texts}).group_by("t").len()
        hits = hits.with_columns(t=distinct.gather(hits["row"])).drop("row")
        hits = _decide(col, kind, hits.join(counts, on="t", how="left"), min_rows, unconfirmed)
        rows = _rows_of(col, hits.select("t", "entity", "value", "reason", "detail"))
        if kind in KEPT_KINDS and own is not None and col.table in own:
            # A cleared hit that the row's own personal data holds is that person's value.
            maybe = rows.filter(
                pl.col("reason").is_not_null() & ~pl.col("entity").is_in(list(ALONE_HARMLESS))
            )
            echo = echoes(own[col.table], maybe["row"].to_list(), maybe["value"].to_list())
            if any(echo):
                echoed = maybe.filter(pl.Series(echo)).select("row", "entity", "value")
                rows = rows.join(
                    echoed.with_columns(echo=pl.lit(True)),
                    on=["row", "entity", "value"],
                    how="left",
                ).with_columns(
                    reason=pl.when(pl.col("echo")).then(None).otherwise(pl.col("reason")),
                    detail=pl.when(pl.col("echo"))
                    .then(pl.lit("the row's own personal data"))
                    .otherwise(pl.col("detail")),
                )
        hit_rows += rows.height
        for reason, n in rows.group_by("reason").len().iter_rows():
            reasons[reason or "leak"] = reasons.get(reason or "leak", 0) + n
        for row, entity, value, reason, detail in rows.select(
            "row", "entity", "value", "reason", "detail"
        ).iter_rows():
            into = findings if reason is None else cleared
            if len(into) >= MAX_FINDINGS:
                continue
            entry = _finding("leak", entity, col, row, ctx.pseudonymizer.digest(entity, value))
            if reason is not None:
                entry |= {"cleared": reason, "detail": detail}
            into.append(entry)
    leaks = reasons.pop("leak", 0)
    counts = {"values_searched": matcher.size, "hits": hit_rows, "leaks": leaks,
              "cleared": hit_rows - leaks}  # fmt: skip
    counts |= {f"cleared_{r.replace(' ', '_')}": n for r, n in sorted(reasons.items())}
    check = Check("leak_check", leaks == 0, counts, applicable=matcher.size > 0)
    return check, findings, cleared


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


def pattern_sweep(
    ctx: Context,
    columns: list[_Column],
    kinds: dict[tuple[str, str], str] | None = None,
    min_rows: int = 3,
) -> tuple[Check, list[dict], list[dict]]:
    """High-precision patterns over all output text; a match must be a fake we issued,
    sit in a replacement, or be cleared with its reason.

    Type-aware: a match inside a timestamp, amount, UUID, version or digest (the phone
    that ``2025-01-21 22:35:12.260447`` seems to hold) is cleared as ``shape``; in a kept
    column, an identifier that many rows hold alike (a company's hotline on every row) is
    the column's ``category``. Whole-fake columns are skipped (every cell is a fake we
    issued). Each distinct text is swept once; only texts with a match are looked at row by
    row. The set of issued fakes (millions of strings in a big structured run) is built
    only once a sweep matched. Returns the check, the unexplained matches and the cleared."""
    issued_set: set[str] | None = None

    def issued(text: str) -> bool:
        nonlocal issued_set
        if issued_set is None:
            issued_set = ctx.issued()
        return text in issued_set

    findings: list[dict] = []
    cleared: list[dict] = []
    hits = unexplained = n_cleared = swept = 0
    for col in columns:
        if col.whole:
            continue
        swept += 1
        kind = (kinds or {}).get((col.table, col.name), "text")
        kept = kind in KEPT_KINDS
        epochs = kept and epoch_column(col.texts)
        matched: dict[str, list[tuple[int, int, str]]] = {}
        for text in _distinct(col.texts).to_list():
            if (found := sweep(text)) and not issued(text):
                matched[text] = found
        if not matched:
            continue
        rows_of_match: dict[str, int] = {}
        if kept:
            per_text = col.texts.filter(col.texts.is_in(list(matched))).value_counts()
            for text, n in per_text.iter_rows():
                for start, end, _ in matched[text]:
                    m = text[start:end]
                    rows_of_match[m] = rows_of_match.get(m, 0) + n
        for row in col.rows_with(set(matched)):
            text = col.texts[row]
            regions = col.region(row)
            for start, end, entity in matched[text]:
                hits += 1
                value = text[start:end]
                if _inside(regions, start, end) or issued(value):
                    continue
                if kind == "policy" or ctx.policy.operator_for(entity) == "keep":
                    reason, detail = "kept by policy", "the policy keeps this column or entity"
                elif shape := shape_around(text, start, end):
                    reason, detail = "shape", f"part of a {shape}"
                elif epochs and (start, end) == (0, len(text)):
                    reason, detail = "shape", "a Unix time: every cell of the column is one"
                elif rows_of_match.get(value, 0) >= min_rows:
                    reason = "category"
                    detail = f"held by {rows_of_match[value]} rows of the kept input column"
                else:
                    unexplained += 1
                    if len(findings) < MAX_FINDINGS:
                        digest = ctx.pseudonymizer.digest(entity, value)
                        findings.append(_finding("pattern_sweep", entity, col, row, digest))
                    continue
                n_cleared += 1
                if len(cleared) < MAX_FINDINGS:
                    entry = _finding(
                        "pattern_sweep", entity, col, row, ctx.pseudonymizer.digest(entity, value)
                    )
                    cleared.append(entry | {"cleared": reason, "detail": detail})
    counts = {"columns": swept, "matches": hits, "unexplained": unexplained, "cleared": n_cleared}
    check = Check("pattern_sweep", not unexplained, counts, applicable=swept > 0)
    return check, findings, cleared


def _residual_cells(columns: list[_Column]) -> list[tuple[_Column, int, str]]:
    """The residual scan's population: output text cells that had replacements, then
    other texts longer than ``RESIDUAL_MIN_CHARS`` (outside whole-fake columns)."""
    replaced, long = [], []
    for col in columns:
        if col.whole:
            continue
        for row, text in enumerate(col.texts.to_list()):
            if not text:
                continue
            if col.region(row):
                replaced.append((col, row, text))
            elif len(text) > RESIDUAL_MIN_CHARS:
                long.append((col, row, text))
    return replaced + long


def _explained(regions: list[tuple[int, int]], text: str, start: int, end: int) -> bool:
    """An NER span is explained by the replacements when it overlaps one and what it holds
    outside them is only lower-case words, spaces and punctuation: NER reading a fake
    whole ('<first> <last>', '<street>, <city> instead'). A span that reaches a capital
    or a digit outside every replacement may hold a missed identifier: unexplained."""
    if _inside(regions, start, end):
        return True
    chars = list(text[start:end])
    overlaps = False
    for a, b in regions:
        lo, hi = max(a, start), min(b, end)
        if lo < hi:
            overlaps = True
            chars[lo - start : hi - start] = " " * (hi - lo)
    if not overlaps:
        return False
    # A capital or a caseless letter first (names, places, scripts without case), or a
    # digit anywhere, may be (part of) an identifier.
    rest = _words("".join(chars))
    return not any(not w[0].islower() or any(c.isdigit() for c in w) for w in rest)


def _words(text: str) -> list[str]:
    """Letter-or-digit runs of ``text`` (a possessive's ``s`` included)."""
    return re.findall(r"[^\W_]+", text)


#: A text without a replacement this long or shorter is not re-scanned (codes, labels).
RESIDUAL_MIN_CHARS = 30
#: The residual scan's confidence: a one-sided bound at this level.
RESIDUAL_CONFIDENCE = 0.95


def residual_scan(
    ctx: Context,
    columns: list[_Column],
    detector: TextDetector | DetectFn,
    sample_rows: int,
    seed: str,
) -> tuple[Check, list[dict]]:
    """NER over a random sample of output text: an estimate of the share of text cells
    holding a possible unreplaced identifier, with a one-sided 95% Wilson upper bound.

    What is counted: sampled cells with an NER span (score at least
    ``verification.residual_threshold``) that ``_explained`` does not put down to the
    cell's replacements (NER reading a fake, or two adjacent ones, whole). NER
    flags non-personal words too, so the share is an upper estimate of what was missed,
    for review, not a measurement of leaks: the check gates only when the policy sets
    ``verification.residual_limit_per_10000`` (the bound above it rejects the run). The
    flagged spans go to human review. ``detector`` may be a function that spreads the
    texts over worker processes (the flow's chunked tasks)."""
    cfg = ctx.policy.verification
    detect = detector.detect if isinstance(detector, TextDetector) else detector
    population = _residual_cells(columns)
    text_cells = population
    if sample_rows and len(population) > sample_rows:
        text_cells = random.Random(seed).sample(population, sample_rows)
    found = detect([c[2] for c in text_cells]) if text_cells else []
    review: list[dict] = []
    flagged = spans_flagged = 0
    for (col, row, text), spans in zip(text_cells, found, strict=True):
        regions = col.region(row)
        unexplained = [
            s for s in spans
            if s.score >= cfg.residual_threshold and not _explained(regions, text, s.start, s.end)
        ]  # fmt: skip
        flagged += bool(unexplained)
        spans_flagged += len(unexplained)
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
    return _residual_check(len(population), len(text_cells), flagged, spans_flagged, cfg), review


def _residual_check(
    population: int, n: int, flagged: int, spans: int, cfg: VerificationConfig
) -> Check:
    """The residual scan's counts, method and verdict (gating only under a policy limit)."""
    limit = cfg.residual_limit_per_10000
    counts = {
        "cells_in_scope": population,
        "cells_scanned": n,
        "cells_flagged": flagged,
        "spans_flagged": spans,
        "confidence_percent": round(RESIDUAL_CONFIDENCE * 100),
    }
    measured = (
        f"NER re-scan of a random sample of {n:,} of {population:,} output text cells "
        f"(cells with replacements, and other texts over {RESIDUAL_MIN_CHARS} characters); "
        f"counted: cells with an NER span scoring at least {cfg.residual_threshold} that "
        "reaches outside the replacement regions by a capitalised word or a digit (possible "
        "unreplaced identifiers, NER false positives included); one-sided 95% upper bound "
        "on their share (Wilson score; the rule of three when none is flagged)"
    )
    if limit is not None:
        counts["limit_per_10000"] = limit
    if n == 0:
        return Check("residual_scan", True, counts, gating=limit is not None, applicable=False,
                     measured=measured, reason="no output text cell to re-scan")  # fmt: skip
    upper = math.ceil(upper_bound(flagged, n, RESIDUAL_CONFIDENCE) * 10000)
    counts["flagged_per_10000"] = round(flagged * 10000 / n)
    counts["upper_bound_per_10000"] = upper
    estimate = (
        f"{flagged:,} of {n:,} sampled cells flagged ({counts['flagged_per_10000']:,} per "
        f"10,000; at most {upper:,} per 10,000 at 95% confidence)"
    )
    if limit is None:
        reason = (
            f"estimate for review, not a gate: {estimate}; the flagged spans are listed for review"
        )
        return Check("residual_scan", True, counts, gating=False, measured=measured, reason=reason)
    within = upper <= limit
    reason = (
        f"{estimate}: {'within' if within else 'above'} the policy limit of {limit:,} per 10,000"
    )
    return Check("residual_scan", within, counts, measured=measured, reason=reason)


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


def sweep_tables(
    ctx: Context, tables: Sequence[Table], results: dict[str, TableResult], plan: Plan
) -> tuple[Check, list[dict], list[dict]]:
    """The pattern sweep alone, as ``run_checks`` runs it (a partitioned run sweeps each
    output partition on its worker)."""
    columns = _text_columns(tables, results, whole_fake_columns(tables, plan))
    min_rows = ctx.policy.verification.category_min_rows
    return pattern_sweep(ctx, columns, column_kinds(plan), min_rows)


def own_personal_values(
    tables: Sequence[Table], results: dict[str, TableResult], plan: Plan
) -> dict[str, pl.Series]:
    """Per table whose output rows line up with its input rows, each row's own personal
    input cells (for the leak check's echo rule)."""
    own = {}
    for t in tables:
        if results[t.name].df.height != t.df.height:
            continue  # rows suppressed or out of step: no echo rule, the hit stays a leak
        cols = [d.column for d in plan.tables[t.name]
                if d.kind == "entity" and d.column in t.df.columns]  # fmt: skip
        own[t.name] = own_values(t.df, cols)
    return own


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
    sample = ctx.policy.verification.residual_sample_rows
    return residual_scan(ctx, human_text_columns(tables, results, plan), detector, sample, seed)


def human_text_columns(
    tables: Sequence[Table], results: dict[str, TableResult], plan: Plan
) -> list[_Column]:
    """What the residual scan re-reads with NER: every output text column but whole fakes
    and technical text (NER over user agents and log lines only finds noise)."""
    kinds = column_kinds(plan)
    columns = _text_columns(tables, results, whole_fake_columns(tables, plan))
    return [c for c in columns if kinds.get((c.table, c.name)) != "technical"]


def run_checks(
    tables: Sequence[Table],
    results: dict[str, TableResult],
    plan: Plan,
    ctx: Context,
    detector: TextDetector | DetectFn | None,
    seed: str,
    suppressed: dict[str, int] | None = None,
    removed: Sequence[Table] = (),
) -> Verification:
    """All checks; only a gating check that fails rejects the run (``Verification.passed``).
    The leak check's targets are built here from the input (``tables``, the opted-out rows
    ``removed``) and the plan, not taken from the transform (``verify/targets.py``)."""
    cfg = ctx.policy.verification
    columns = _text_columns(tables, results, whole_fake_columns(tables, plan))
    kinds = column_kinds(plan)
    targets = build_targets(tables, plan, ctx.spans, removed)
    matcher = LeakMatcher(targets.by_entity, cfg.min_leak_length)
    own = own_personal_values(tables, results, plan)
    leak, leaks, leak_cleared = leak_check(
        ctx, columns, matcher, kinds, own, cfg.category_min_rows, targets.unconfirmed
    )
    leak.counts |= {f"targets_{k}": v for k, v in targets.sources.items()}
    sweep, swept, sweep_cleared = pattern_sweep(ctx, columns, kinds, cfg.category_min_rows)
    checks: list[Check] = []
    findings: list[dict] = []
    review: list[dict] = []
    for check, found in (
        (leak, leaks),
        unchanged_cells_check(tables, results, plan),
        (sweep, swept),
        structure_check(tables, results, plan, suppressed),
    ):
        checks.append(check)
        findings.extend(found[:MAX_FINDINGS])
    if detector is not None:
        human = human_text_columns(tables, results, plan)
        check, review = residual_scan(ctx, human, detector, cfg.residual_sample_rows, seed)
        checks.append(check)
    return Verification(checks, findings, review, cleared=[*leak_cleared, *sweep_cleared])
