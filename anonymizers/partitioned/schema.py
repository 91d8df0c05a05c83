"""The output's columns and types against the input's, partition by partition: a column
lost, added or moved, or of another type than its input (hash and mask write text, and
generalisation its own types), is a schema problem (the in-memory structure check's
schema and type lines, ported to the one engine)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from anonymizers.io.tables import Table, data_columns
from anonymizers.plan.columns import Plan
from anonymizers.verify.outcome import MAX_FINDINGS, Check


def schema_problems(
    inp: pl.DataFrame, out: pl.DataFrame, dropped: Sequence[str], table: str, plan: Plan,
    expected: dict[str, pl.DataType] | None = None,
) -> list[tuple[str, str | None, str]]:  # fmt: skip
    """One partition's output columns and types against its input's: (table, column,
    problem) for each column missing, added, moved or of another type. Hash and mask
    write text whatever the input type; ``expected``: types generalisation gives
    (``risk.generalise`` of the empty input)."""
    want = [c for c in data_columns(inp) if c not in dropped]
    have = data_columns(out)
    problems: list[tuple[str, str | None, str]] = []
    for c in [c for c in want if c not in have]:
        problems.append((table, c, "column missing"))
    for c in [c for c in have if c not in want]:
        problems.append((table, c, "column added"))
    if not problems and have != want:
        problems.append((table, None, "columns in another order"))
    as_text = {d.column for d in plan.tables.get(table, []) if d.operator in ("hash", "mask")}
    for c in [c for c in want if c in have]:
        dtype = pl.String if c in as_text else (expected or {}).get(c, inp.schema[c])
        if out.schema[c] != dtype:
            problems.append((table, c, "type changed"))
    return problems


def schema_check(
    tables: Sequence[Table], parts: Sequence[list[tuple[str, str | None, str]]]
) -> tuple[Check, list[dict]]:
    """The partitions' schema comparisons as one check: each problem once per place."""
    seen = sorted({p for found in parts for p in found}, key=lambda p: (p[0], p[1] or "", p[2]))
    columns = sum(len(data_columns(t.df)) for t in tables)
    findings = [
        {"check": "schema", "entity": None, "table": t, "column": c, "row": None,
         "digest": "", "detail": what}
        for t, c, what in seen[:MAX_FINDINGS]
    ]  # fmt: skip
    # No count of partitions: a check's counts do not depend on partitioning.
    counts = {"tables": len(tables), "columns": columns, "problems": len(seen)}
    return Check("schema", not seen, counts, applicable=bool(parts) and columns > 0), findings
