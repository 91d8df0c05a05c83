"""The checks of a partitioned run's structured output, made from what the apply pass
returned: every output cell against every real value by keyed digest, a run of buckets
at a time (``leak_check``), the leaked cells found again for the report by type, place
and digest (``leak_findings``), and rows in against rows out (``structure_check``).

A replaced cell left as it was is a real value of its entity: the digest check finds it
(the in-memory ``replaced_cells_changed`` check has no separate line here). Columns and
types are compared by ``schema.py``, joins by ``join_checks.py``, and kept columns are
searched by ``kept_checks.py`` (merged by ``gate.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
import polars as pl

from anonymizers.io.tables import Table
from anonymizers.partitioned.apply_pass import Applied
from anonymizers.partitioned.digests import norm_digests
from anonymizers.partitioned.settle import Buckets, distinct, groups, member, read_buckets
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.verify.outcome import Check

RunMany = Callable[[str, list[tuple]], Iterable]


def leak_check(
    real: Callable[[str], Buckets],
    out_digests: dict[tuple[str, str, str], list[Path]],
    run_many: RunMany | None = None,
) -> tuple[Check, list[tuple[str, str, str, np.ndarray]]]:
    """Every output cell of an entity column against every real value of that entity
    (exact, normalised, by keyed digest), a run of buckets of real values in memory at a
    time (``settle.groups``); ``cells_checked`` counts each column's distinct cells.
    Returns the check and the hit digests per column, for findings. With ``run_many``,
    each entity is a task on the workers (pass ``leak``: the entities side by side, not
    one after another in the parent at the end of the run)."""
    by_entity: dict[str, list[tuple[str, str]]] = {}
    for table, column, entity in sorted(out_digests):
        by_entity.setdefault(entity, []).append((table, column))
    calls = [
        (entity, real(entity), {place: out_digests[(*place, entity)] for place in places})
        for entity, places in by_entity.items()
    ]
    results = run_many("leak", calls) if run_many is not None else (leak_entity(*c) for c in calls)
    checked = hits = 0
    where: list[tuple[str, str, str, np.ndarray]] = []
    for (entity, _, _), (n, found) in zip(calls, results, strict=True):
        checked += n
        for table, column, leaked in found:
            hits += leaked.size
            where.append((table, column, entity, leaked))
    counts = {"cells_checked": checked, "leaks": hits}
    return Check("leak", hits == 0, counts, applicable=checked > 0), where


def leak_entity(
    entity: str, buckets: Buckets, places: dict[tuple[str, str], list[Path]]
) -> tuple[int, list[tuple[str, str, np.ndarray]]]:
    """``leak_check`` of one entity's columns (``places``: (table, column) → its partitions'
    digest files): the distinct cells checked, and the leaked digests per column."""
    checked = 0
    bad: dict[tuple[str, str], list[np.ndarray]] = {p: [] for p in places}
    files = [f for paths in places.values() for f in paths]
    for g in groups(files, held=buckets.held("real")):
        known = buckets.real(g)
        for place, paths in places.items():
            # The column's distinct cells over its partitions: a count that does not
            # depend on how the table was partitioned.
            part = distinct(*[read_buckets(f, g) for f in paths])
            checked += part.size
            if known.size and part.size:
                bad[place].append(part[member(known, part)])
    found = []
    for (table, column), parts in bad.items():
        leaked = distinct(*parts)
        if leaked.size:
            found.append((table, column, leaked))
    return checked, found


def leak_findings(
    key: bytes,
    pz: Pseudonymizer,
    where: list[tuple[str, str, str, np.ndarray]],
    out_parts: dict[str, list[Path]],
    limit: int = 200,
) -> list[dict]:
    """Type, place and keyed digest of each leaked cell (a second pass over the output
    columns that leaked: a failed run only)."""
    findings: list[dict] = []
    for table, column, entity, bad in where:
        offset = 0
        for part in out_parts[table]:
            series = pl.read_parquet(part, columns=[column])[column]
            cells = _cells(series)
            values = cells["value"].to_list()
            rows = cells["row"].to_list()
            digests = norm_digests(key, entity, [v or "" for v in values])
            for i in np.flatnonzero(np.isin(digests, bad)).tolist():
                if values[i] is None:
                    continue
                findings.append({"check": "leak", "entity": entity, "table": table,
                                 "column": column, "row": offset + rows[i],
                                 "digest": pz.digest(entity, values[i])})  # fmt: skip
                if len(findings) >= limit:
                    return findings
            offset += len(series)
    return findings


def _cells(series: pl.Series) -> pl.DataFrame:
    """Each value of a column as text with its row: a list column (a nested value's
    leaves) gives a line per element, as the apply pass digested them."""
    frame = pl.DataFrame({"value": series}).with_row_index("row")
    if isinstance(series.dtype, pl.List):
        frame = frame.with_columns(pl.col("value").cast(pl.List(pl.String))).explode("value")
    return frame.with_columns(pl.col("value").cast(pl.String))


def structure_check(tables: Sequence[Table], applied: dict[str, list[Applied]]) -> Check:
    """Rows in = rows out + rows excluded, table by table."""
    rows_in = rows_out = excluded = 0
    ok = True
    for t in tables:
        out = sum(a.rows for a in applied[t.name])
        gone = sum(a.removed + a.suppressed for a in applied[t.name])
        ok &= out + gone == t.rows
        rows_in, rows_out, excluded = rows_in + t.rows, rows_out + out, excluded + gone
    return Check(
        "structure", ok, {"rows_in": rows_in, "rows_out": rows_out, "rows_excluded": excluded}
    )
