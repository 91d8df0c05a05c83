"""The pattern sweep: high-precision identifier patterns over the output text; a match
must be a fake the run issued, sit inside a replacement, or be cleared with its reason.
A partitioned run sweeps each output partition on its worker (``sweep_tables``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

import polars as pl

from anonymizers.detect.patterns import luhn_ok, might_match, sweep
from anonymizers.detect.shared_urls import shared_urls, url_key
from anonymizers.io.tables import Table
from anonymizers.plan.columns import Plan
from anonymizers.transform.apply import Context, TableResult
from anonymizers.verify.clearance import by_chance
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

#: A whole cell of card length: 13 to 19 digits, single spaces or hyphens between them.
_CARD_LENGTH = r"^\d(?:[ -]?\d){12,18}$"
#: A whole cell that is an ISO date with a clock time ("2025-08-09 20:43:04",
#: "2025-01-21T22:35:12.260447+00:00"): every identifier pattern that matches in one (a
#: phone in its digits, an IPv6 address in its clock) lies strictly inside the timestamp
#: and is cleared as its ``shape``, so such cells are counted, not swept one by one: a
#: kept ``signup_at`` of a million distinct times cost a 1M-row run ~25 s of sweeping.
WHOLE_TIMESTAMP = (
    r"^\s*\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?"
    r"(?:\s?(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?\s*$"
)
#: Numbers of card length a kept column needs before their check digits say anything.
NUMBERS_MIN = 20
#: The share of random numbers that pass the card check digit (Luhn: one in ten).
LUHN_CHANCE = 0.1


T = TypeVar("T")

#: Codes a kept column needs before the share of digits at each place says anything.
CODES_MIN = 100


def code_column(texts: pl.Series) -> tuple[int, int, float, int] | None:
    """(cells of digits only, codes, the number expected, the codes' length) when a kept
    column holds codes of one length of letters and digits (a sponsor's licence
    "8YM638XQMW") and holds no more codes of digits alone than its places' share of
    digits draws by chance: one licence in 20,000 drawn all digits ("1314025221") reads
    as a phone number. A column with real phone numbers among its codes holds far more
    of them than chance. None otherwise."""
    cells = texts.drop_nulls().str.strip_chars().unique()
    lengths = cells.str.len_chars().value_counts(sort=True)
    if cells.len() < CODES_MIN or lengths[0, "count"] < 0.95 * cells.len():
        return None
    codes = cells.filter(
        (cells.str.len_chars() == lengths[0, 0]) & cells.str.contains(r"^[^\W_]+$")
    )
    if codes.len() < 0.95 * cells.len() or codes.str.contains(r"\D").mean() < 0.5:
        return None
    chance = 1.0
    for place in range(lengths[0, 0]):
        chance *= float(codes.str.slice(place, 1).str.contains(r"^\d$").mean())
    digits = int(codes.str.contains(r"^\d+$").sum())
    expected = chance * codes.len()
    found = (digits, codes.len(), expected, lengths[0, 0])
    return found if by_chance(digits, expected) else None


def number_column(texts: pl.Series) -> tuple[int, int] | None:
    """(passing, numbers) when a kept column's whole cells of card length pass the card
    check digit no more often than chance (``by_chance``): a column of barcodes, loan
    numbers or meter readings, of which one in ten passes Luhn by chance. A card column
    passes every time, and so does a column of one card number. None otherwise."""
    cells = texts.drop_nulls().str.strip_chars().unique()
    numbers = cells.filter(cells.str.contains(_CARD_LENGTH)).to_list()
    if len(numbers) < NUMBERS_MIN:
        return None
    digits = [re.sub(r"\D", "", n) for n in numbers]
    passing = sum(luhn_ok(d) and len(set(d)) > 1 for d in digits)
    return (passing, len(numbers)) if by_chance(passing, LUHN_CHANCE * len(numbers)) else None


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
    hits = unexplained = n_cleared = swept = stamp_cells = 0
    for col in columns:
        if col.whole:
            continue
        swept += 1
        kind = (kinds or {}).get((col.table, col.name), "text")
        kept = kind in KEPT_KINDS
        epochs = kept and epoch_column(col.texts)
        numbers: list[tuple[int, int] | None] = []  # the column's figures, once read
        code_shapes: list[tuple[int, int, float, int] | None] = []  # and its codes
        matched: dict[str, list[tuple[int, int, str]]] = {}
        distinct = distinct_texts(col.texts)
        candidates = distinct.filter(might_match(distinct))
        stamps = candidates.str.contains(WHOLE_TIMESTAMP)
        if stamps.any():
            stamp_cells += int(col.texts.str.contains(WHOLE_TIMESTAMP).sum())
            candidates = candidates.filter(~stamps)
        for text in candidates.to_list():
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
                elif epochs and _whole_item(text, start, end):
                    reason, detail = "shape", "a Unix time: every cell of the column is one"
                elif rows_of_match.get(value, 0) >= min_rows:
                    reason = "category"
                    detail = f"held by {rows_of_match[value]} rows of the kept input column"
                elif (
                    kept
                    and entity == "CREDIT_CARD"
                    and (start, end) == _whole(text)
                    and (figures := _read_once(numbers, col.texts, number_column))
                ):
                    reason = "number column"
                    detail = (
                        f"{figures[0]} of {figures[1]} numbers of card length in the kept "
                        "column pass the card check digit, as one in ten does by chance"
                    )
                elif (
                    kept
                    and (start, end) == _whole(text)
                    and value.isdigit()
                    and (codes := _read_once(code_shapes, col.texts, code_column))
                    and len(value) == codes[3]
                ):
                    reason = "code column"
                    detail = (
                        f"{codes[0]} of {codes[1]} codes of letters and digits in the kept "
                        f"column are digits alone, {codes[2]:.2f} expected by chance"
                    )
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
    if stamp_cells:
        counts["timestamp_cells"] = stamp_cells
    check = Check("pattern_sweep", not unexplained, counts, applicable=swept > 0)
    return check, findings, cleared


def _read_once(
    store: list[T | None], texts: pl.Series, read: Callable[[pl.Series], T | None]
) -> T | None:
    """``read(texts)``, read on first use and kept in ``store``."""
    if not store:
        store.append(read(texts))
    return store[0]


def _whole(text: str) -> tuple[int, int]:
    """The span of ``text`` without its edge spaces."""
    start = len(text) - len(text.lstrip())
    return start, len(text.rstrip())


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


def _whole_item(text: str, start: int, end: int) -> bool:
    """The match is a whole cell, or a whole item of a list's space-joined cell."""
    return (start == 0 or text[start - 1] == " ") and (end == len(text) or text[end] == " ")
