"""The pattern sweep: high-precision identifier patterns over the output text; a match
must be a fake the run issued, sit inside a replacement, or be cleared with its reason.
A partitioned run sweeps each output partition on its worker (``sweep_tables``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from anonymizers.detect.patterns import might_match, sweep
from anonymizers.detect.shared_urls import shared_urls, url_key
from anonymizers.io.tables import Table
from anonymizers.plan.columns import Plan
from anonymizers.transform.apply import Context, TableResult
from anonymizers.verify.columns import (
    KEPT_KINDS,
    OutputColumn,
    column_kinds,
    distinct_texts,
    finding,
    inside,
    output_columns,
    whole_fake_columns,
)
from anonymizers.verify.outcome import MAX_FINDINGS, Check
from anonymizers.verify.shapes import epoch_column, shape_around


def pattern_sweep(
    ctx: Context,
    columns: list[OutputColumn],
    kinds: dict[tuple[str, str], str] | None = None,
    min_rows: int = 3,
    shared_pages: Mapping[tuple[str, str], frozenset[str]] | None = None,
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
        distinct = distinct_texts(col.texts)
        for text in distinct.filter(might_match(distinct)).to_list():
            if (found := sweep(text, urls=kind != "technical")) and not issued(text):
                matched[text] = found
        if not matched:
            continue
        rows_of_match: dict[str, int] = {}
        # A partitioned run knows the shared pages of the whole column, not only of this part.
        shared = (shared_pages or {}).get((col.table, col.name))
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
                if inside(regions, start, end) or issued(value):
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
                elif entity == "URL" and url_key(value) in (
                    shared := shared if shared is not None else shared_urls(col.texts.to_list())
                ):
                    reason = "shared page"
                    detail = "a page address that many texts of the column hold and no name is in"
                else:
                    unexplained += 1
                    if len(findings) < MAX_FINDINGS:
                        digest = ctx.pseudonymizer.digest(entity, value)
                        findings.append(finding("pattern_sweep", entity, col, row, digest))
                    continue
                n_cleared += 1
                if len(cleared) < MAX_FINDINGS:
                    entry = finding(
                        "pattern_sweep", entity, col, row, ctx.pseudonymizer.digest(entity, value)
                    )
                    cleared.append(entry | {"cleared": reason, "detail": detail})
    counts = {"columns": swept, "matches": hits, "unexplained": unexplained, "cleared": n_cleared}
    check = Check("pattern_sweep", not unexplained, counts, applicable=swept > 0)
    return check, findings, cleared


def sweep_tables(
    ctx: Context,
    tables: Sequence[Table],
    results: dict[str, TableResult],
    plan: Plan,
    shared_pages: Mapping[tuple[str, str], frozenset[str]] | None = None,
) -> tuple[Check, list[dict], list[dict]]:
    """The pattern sweep alone, as the engine runs it (a partitioned run sweeps each
    output partition on its worker, with the shared pages of the whole column)."""
    columns = output_columns(tables, results, whole_fake_columns(tables, plan))
    min_rows = ctx.policy.verification.category_min_rows
    return pattern_sweep(ctx, columns, column_kinds(plan), min_rows, shared_pages)
