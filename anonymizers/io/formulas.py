"""Spreadsheet formulas kept inert in CSV and TSV outputs (OWASP "CSV injection").

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
some spreadsheets skip before reading one of those) is run as a formula when a team
opens the file in Excel or LibreOffice: ``=HYPERLINK(...)`` sends data away, ``=cmd|...``
(DDE) starts programs. Such cells come from the customer's export unchanged (comments,
notes, free text), so the outputs safeset hands out would carry the attack into the
teams that trust them. OWASP's remedy is a single quote before the cell: spreadsheets
show the text as text, and a reader sees the quote.

Numbers and phone numbers stay as they are: ``-12.5``, ``-0.75e3`` and ``+44 20 7946
0958`` start with a sign but can call nothing (a number, or only digits, spaces and
``+-.()/``); every
other cell that starts with ``+`` or ``-``, and every cell that starts with ``=``, ``@``,
a tab or a carriage return, gets the quote. Done when the file is written (``tables.
write_table``, ``partitions.assemble``), after the values were verified, so the checks
compare the values themselves; the manifest records the policy and the count.
"""

from __future__ import annotations

import polars as pl

#: Always a formula (or a way to start one) at the start of a cell.
_ALWAYS = r"^[=@\t\r]"
#: A sign, then something other than a number or a phone number.
_SIGNED = r"^[+\-].*[^0-9 +\-.()/]"
QUOTE = "'"


def risky(column: pl.Expr) -> pl.Expr:
    """True for a text cell a spreadsheet would read as a formula."""
    signed = column.str.contains(_SIGNED) & column.cast(pl.Float64, strict=False).is_null()
    return column.str.contains(_ALWAYS) | signed


def neutralise(df: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """``df`` with a quote before every risky text cell, and how many cells got one.
    Only String columns are looked at: a typed number or date is no formula."""
    texts = [name for name, dtype in df.schema.items() if dtype == pl.String]
    if not texts:
        return df, 0
    counts = df.select(pl.sum_horizontal(risky(pl.col(c)).sum() for c in texts)).item()
    if not counts:
        return df, 0
    return (
        df.with_columns(
            pl.when(risky(pl.col(c))).then(QUOTE + pl.col(c)).otherwise(pl.col(c)).alias(c)
            for c in texts
        ),
        int(counts),
    )
