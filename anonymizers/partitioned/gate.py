"""The gate's checks that look past what the transform replaced, merged over a run's
partitions into its verification: real values hunted in the kept columns
(``kept_checks.py``), the joins of the input checked in the output (``join_checks.py``)
and the output's columns and types against the input's (``schema.py``).

Each partition's share is made in the apply pass (``apply_pass.apply_partition``); the parent
merges them here (``gate_results``, in a thread beside the leak check) and places them in
the verification (``place_gate_checks``), for ``run.run_stream`` and for the tests'
re-check of a planted output, which call the same functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import polars as pl

from anonymizers.io.tables import Table
from anonymizers.partitioned.apply_pass import Applied, from_table_start
from anonymizers.partitioned.join_checks import gather, join_check, join_findings
from anonymizers.partitioned.kept_checks import KeptChecked, chance_sample, merged_kept_check
from anonymizers.partitioned.schema import schema_check
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.verify.clearance import naming_columns
from anonymizers.verify.outcome import MAX_FINDINGS, Check

#: ``frames(table)``: each partition's (input rows kept, output rows), in order.
Frames = Callable[[str], Iterator[tuple[pl.DataFrame, pl.DataFrame]]]


@dataclass
class GateResults:
    """The gate's checks, merged, with their findings and cleared hits: worked out apart
    from where they go in the run's verification (``place_gate_checks``), so the parent
    can merge them while the workers run the leak check."""

    hunt: Check
    leaks: list[dict]
    hunt_cleared: list[dict]
    schema: Check
    joins: Check
    found: list[dict]


def gate_results(
    by_table: dict[str, list[Applied]],
    tables: Sequence[Table],
    plan: Plan,
    policy: Policy,
    pz: Pseudonymizer,
    frames: Frames,
) -> GateResults:
    """The kept-column hunt, the schema and join checks, merged over the partitions."""
    kept: list[KeptChecked] = from_table_start(by_table, lambda a: a.kept)
    totals = {name: sum(a.kept.rows for a in parts if a.kept is not None)
              for name, parts in by_table.items()}  # fmt: skip

    def sample(table: str) -> pl.Series:
        columns = [d.column for d in plan.tables[table] if d.kind == "entity"]
        naming = naming_columns(plan.tables[table])
        return chance_sample([inp for inp, _ in frames(table)], columns, totals[table], naming)

    hunt, leaks, hunt_cleared = merged_kept_check(
        kept, policy.verification.category_min_rows, sample, pz.digest
    )
    names = [name for name, parts in by_table.items() for _ in parts]
    files = gather([a.joins for parts in by_table.values() for a in parts], names)
    joins, broken, merged = join_check(files)
    schema, schema_found = schema_check(
        tables, [a.schema for parts in by_table.values() for a in parts]
    )
    found = schema_found + merged
    if broken:
        found += join_findings(broken, frames, pz)[:MAX_FINDINGS]
    return GateResults(hunt, leaks, hunt_cleared, schema, joins, found)


def place_gate_checks(
    checks: list[Check], findings: list[dict], cleared: list[dict], gate: GateResults
) -> None:
    """The kept-column hunt after the text leak check (or after ``leak``), the schema and
    join checks after ``structure``, their findings and cleared hits added."""
    after = next((i for i, c in enumerate(checks) if c.name == "leak_check"), 0)
    checks.insert(after + 1, gate.hunt)
    findings += gate.leaks
    cleared += gate.hunt_cleared
    at = next((i for i, c in enumerate(checks) if c.name == "structure"), len(checks) - 1)
    checks[at + 1 : at + 1] = [gate.schema, gate.joins]
    findings += gate.found
