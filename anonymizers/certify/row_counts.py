"""Rows in, rows out and rows left out, per table: one count for the console, the Prefect
run summary and the report.

All three read the signed predicate, so they cannot disagree: the console used to print
the rows it transformed ("customers: 35 rows") before k-anonymity suppression removed
17 of them, which only the report said.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def row_accounts(predicate: dict[str, Any]) -> list[dict[str, Any]]:
    """Per input table: ``table``, ``rows_in``, ``rows_out`` and ``excluded`` (reason →
    rows), in input order. A table's name is its file's stem (one table per file)."""
    out_rows: dict[str, Any] = {}
    for entry in predicate.get("outputs", {}).get("files", []):
        name = Path(str(entry.get("path", ""))).name.removesuffix(".enc")
        out_rows[name] = entry.get("rows")
    excluded: dict[str, dict[str, int]] = {}
    for e in predicate.get("exclusions", []):
        by_reason = excluded.setdefault(str(e.get("table")), {})
        reason = str(e.get("reason"))
        by_reason[reason] = by_reason.get(reason, 0) + int(e.get("rows_excluded") or 0)
    accounts = []
    for entry in predicate.get("inputs", []):
        name = str(entry.get("name", ""))
        table = Path(name).stem
        accounts.append({
            "table": table, "rows_in": entry.get("rows"), "rows_out": out_rows.get(name),
            "excluded": {r: n for r, n in excluded.get(table, {}).items() if n},
        })  # fmt: skip
    return accounts


def excluded_text(excluded: dict[str, int]) -> str:
    """``17 k-anonymity suppression, 2 opt-out``, or ``none``."""
    return ", ".join(f"{n:,} {reason}" for reason, n in excluded.items()) or "none"


def row_lines(predicate: dict[str, Any]) -> list[str]:
    """One console line per table: ``customers: 35 rows in, 18 out (17 excluded: 17
    k-anonymity suppression)``."""
    lines = []
    for a in row_accounts(predicate):
        line = f"{a['table']}: {_n(a['rows_in'])} rows in, {_n(a['rows_out'])} out"
        if a["excluded"]:
            total = sum(a["excluded"].values())
            line += f" ({total:,} excluded: {excluded_text(a['excluded'])})"
        lines.append(line)
    return lines


def _n(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else "?"
