"""The fairness report on names in a partitioned run: counts per partition, added up.

The in-memory run measures the apparent gender and locale mix of every faked first-name
and full-name column before and after faking (``governance/bias.py``). Those are counts,
so each partition measures its own rows in the apply pass (its kept input rows, and the
output it writes) and the parent adds them up (``bias.merge_distributions``): the same
block as in memory. Only when k-anonymity suppression took rows from a table afterwards is
its output measured again, by a pass over the name columns of its output partitions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from anonymizers.governance.bias import merge_distributions
from anonymizers.governance.govern import fairness_block, fairness_row, name_columns, names_in
from anonymizers.io.partitions import SplitTable
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy

RunMany = Callable[[str, list[tuple]], Iterable[Any]]


def names_partition(
    kept: pl.DataFrame, out: pl.DataFrame, table: str, plan: Plan, policy: Policy
) -> dict[str, tuple[dict, dict]]:
    """column → (its names in this partition's input rows, in its output rows)."""
    return {
        col: (names_in(kept[col], policy), names_in(out[col], policy))
        for col in name_columns(plan, table)
    }


def names_after(out_part: Path, columns: Sequence[str], policy: Policy) -> dict[str, dict]:
    """column → its names in one output partition, as written (the "names" pass)."""
    df = pl.read_parquet(out_part, columns=list(columns))
    return {col: names_in(df[col], policy) for col in columns}


def fairness_report(
    splits: Sequence[SplitTable],
    measured: Sequence[dict[str, tuple[dict, dict]]],
    lost: dict[str, list[int]],
    out_parts: dict[str, list[Path]],
    plan: Plan,
    policy: Policy,
    run_many: RunMany,
) -> dict | None:
    """The manifest's ``fairness`` block from the partitions' counts (``measured``, one
    per partition in the order of ``splits``); ``lost``: rows each output partition lost
    to suppression since it was measured."""
    rows = []
    i = 0
    for s in splits:
        name = s.table.name
        parts = measured[i : i + len(s.parts)]
        i += len(s.parts)
        cols = name_columns(plan, name)
        if not cols:
            continue
        again = None
        if any(lost.get(name, ())):
            again = list(run_many("names", [(p, cols, policy) for p in out_parts[name]]))
        for col in cols:
            before = merge_distributions([m[col][0] for m in parts])
            after = [a[col] for a in again] if again else [m[col][1] for m in parts]
            rows.append(fairness_row(name, col, before, merge_distributions(after)))
    return fairness_block(rows, policy)
