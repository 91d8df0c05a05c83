"""One run of the engine on a test bundle, in this process, and its checks run again on
an output a test has planted a problem in.

``run_engine`` runs what the sanitize flow runs (``partitioned.prepare`` then
``partitioned.run.run_stream``, its passes in this process with ``run_locally``), on a
work folder the test keeps. The apply pass's transform of each partition is recorded
as it happens (a spy around ``transform_table``: the engine's result, untouched): its
context (maps, spans), its input rows and its ``TableResult`` (output frame and the
replacement regions of its texts).

``recheck`` runs the engine's own checks again on those recorded results, after a test
has planted something in them (``plant``, ``append_text``): the structured leak check by
keyed digest against the run's real-value buckets (``partitioned/checks.py``), the text
leak check and residual scan (``text_checks.check_text``, with the run's own targets and
known values), the pattern sweep (``verify/sweep.sweep_tables``), the row count
(``partitioned.checks.structure_check``), and the kept-column hunt, schema and join
checks (``partitioned/gate.py``), merged as ``run_stream`` merges them. A clean
recheck gives the run's own verification (tests/verify/test_checks.py checks that).
"""

from __future__ import annotations

import copy
import dataclasses
import gc
import pickle
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from anonymizers.certify import provenance
from anonymizers.certify.publish import certify_and_publish
from anonymizers.governance.subject_index import manifest_entry, no_index
from anonymizers.io.tables import Table, discover
from anonymizers.partitioned import apply_pass
from anonymizers.partitioned.apply_pass import Applied, gate_partition
from anonymizers.partitioned.checks import leak_check, leak_findings, structure_check
from anonymizers.partitioned.digests import norm_digests
from anonymizers.partitioned.gate import gate_results, place_gate_checks
from anonymizers.partitioned.prepare import Prepared, prepare
from anonymizers.partitioned.run import StreamResult, run_stream
from anonymizers.partitioned.settle import Buckets, distinct
from anonymizers.partitioned.text import text_decisions
from anonymizers.partitioned.text_checks import (
    TextChecked,
    TextShared,
    add_text_checks,
    check_text,
    residual_share,
)
from anonymizers.plan.bundle import Bundle
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy
from anonymizers.transform.apply import UNMAPPED, Context, TableResult, string_values
from anonymizers.verify.outcome import MAX_FINDINGS, Check, Verification
from anonymizers.verify.sweep import sweep_tables

#: Rows per partition: larger than any test bundle, so each table is one partition.
ONE_PARTITION = 1_000_000


@dataclass
class Part:
    """One partition as the apply pass transformed it."""

    table: Table  # its input rows (opted-out rows removed)
    ctx: Context
    result: TableResult
    removed: int = 0


@dataclass
class EngineRun:
    folder: Path
    work: Path
    data: Path
    policy: Policy
    key: bytes
    prepared: Prepared
    stream: StreamResult
    #: table → its partitions, in order, as the apply pass made them
    parts: dict[str, list[Part]] = field(default_factory=dict)

    @property
    def plan(self) -> Plan:
        return self.prepared.plan

    @property
    def verification(self) -> Verification:
        return self.stream.verification

    @property
    def ctx(self) -> Context:
        """The first partition's context (a one-partition run: the whole bundle's maps)."""
        return next(iter(self.parts.values()))[0].ctx

    @property
    def tables(self) -> list[str]:
        return [s.table.name for s in self.prepared.splits]

    def inp(self, table: str) -> pl.DataFrame:
        """The table as the engine read it (every partition, opted-out rows included)."""
        split = next(s for s in self.prepared.splits if s.table.name == table)
        return pl.concat([pl.read_parquet(p) for p in split.parts], how="vertical_relaxed")

    def out(self, table: str) -> pl.DataFrame:
        """The table's output, as recorded (planted cells included)."""
        return pl.concat([p.result.df for p in self.parts[table]], how="vertical_relaxed")

    def spans(self) -> dict[tuple[str, str], list[list]]:
        """Every free-text column's spans, rows of every partition in order."""
        out: dict[tuple[str, str], list[list]] = {}
        for parts in self.parts.values():
            for p in parts:
                for place, rows in p.ctx.spans.items():
                    out.setdefault(place, []).extend(rows)
        return out

    def copy(self) -> EngineRun:
        """The same run, its recorded results copied: a test may plant in the copy."""
        parts = {
            name: [Part(p.table, copy.copy(p.ctx), copy.copy(p.result), p.removed) for p in ps]
            for name, ps in self.parts.items()
        }
        for ps in parts.values():
            for p in ps:
                p.result.regions = {c: [list(r) for r in rows]
                                    for c, rows in p.result.regions.items()}  # fmt: skip
        return EngineRun(self.folder, self.work, self.data, self.policy, self.key,
                         self.prepared, self.stream, parts)  # fmt: skip


@contextmanager
def _recording() -> Iterator[list[tuple[Table, Context, TableResult]]]:
    """Every ``transform_table`` call of the apply pass, with its result."""
    real = apply_pass.transform_table
    seen: list[tuple[Table, Context, TableResult]] = []

    def spy(table: Table, plan: Plan, ctx: Context) -> TableResult:
        result = real(table, plan, ctx)
        seen.append((table, ctx, result))
        return result

    apply_pass.transform_table = spy  # type: ignore[assignment]
    try:
        yield seen
    finally:
        apply_pass.transform_table = real  # type: ignore[assignment]


def run_engine(
    folder: Path,
    work: Path,
    key: bytes,
    policy: Policy | None = None,
    rows: int = ONE_PARTITION,
    opted: set[str] = frozenset(),  # type: ignore[assignment]
) -> EngineRun:
    """``prepare`` and ``run_stream`` on ``folder``'s export, as the flow runs them (no
    Prefect); the work folder and the written output (``work/out/data``) stay."""
    policy = policy if policy is not None else Policy()
    files = discover([folder])
    (work / "run").mkdir(parents=True, exist_ok=True)
    prepared = prepare(files, work / "run", rows, policy, None, None, set(opted), key=key)
    data = work / "out" / "data"
    # The engine collects garbage between passes (``run._settle_all``); in a test process
    # that holds the model and every earlier test's objects each collection walks them
    # all (seconds per run). Frozen once here, they are out of its sight.
    gc.collect()
    gc.freeze()
    with _recording() as seen:
        stream = run_stream(prepared.splits, prepared.plan, policy, key, prepared.optouts,
                            work / "run", data, governance=prepared.governance)  # fmt: skip
    by_name: dict[str, list[Part]] = {}
    for table, ctx, result in seen:
        rows_in = pl.scan_parquet(table.path).select(pl.len()).collect().item()
        by_name.setdefault(table.name, []).append(
            Part(table, ctx, result, rows_in - table.df.height)
        )
    return EngineRun(folder, work / "run", data, policy, key, prepared, stream, by_name)


def plant(run: EngineRun, table: str, col: str, row: int, value: object) -> None:
    """Overwrite one output cell (a row of the whole table), keeping the replacement
    regions of its text."""
    for part in run.parts[table]:
        if row < part.result.df.height:
            series = part.result.df[col]
            values = series.to_list()
            values[row] = value
            df = part.result.df.with_columns(pl.Series(col, values, dtype=series.dtype))
            part.result = TableResult(df, part.result.regions, part.result.dropped_columns)
            return
        row -= part.result.df.height
    raise IndexError(row)


def split(run: EngineRun, table: str, rows: int) -> None:
    """Cut a one-partition table's recorded input and output into partitions of ``rows``
    rows (the last one shorter), as a run of that partition size would have made them:
    ``recheck`` then merges their checks (a table without free text: text spans are
    not cut)."""
    [part] = run.parts[table]
    height = part.result.df.height
    run.parts[table] = [
        Part(
            dataclasses.replace(part.table, df=part.table.df.slice(lo, rows)),
            part.ctx,
            TableResult(part.result.df.slice(lo, rows), {}, part.result.dropped_columns),
        )
        for lo in range(0, height, rows)
    ]


def append_text(run: EngineRun, table: str, col: str, row: int, extra: str) -> None:
    """Add text at the end of a free-text cell (its regions stay valid)."""
    plant(run, table, col, row, run.out(table)[col][row] + extra)


def set_regions(run: EngineRun, table: str, col: str, row: int, regions: list) -> None:
    """The replacement regions of one text cell, as if the transform had recorded them."""
    for part in run.parts[table]:
        if row < part.result.df.height:
            per_row = [list(r) for r in part.result.regions[col]]
            per_row[row] = regions
            part.result.regions = {**part.result.regions, col: per_row}
            return
        row -= part.result.df.height
    raise IndexError(row)


def text_shared(run: EngineRun) -> TextShared | None:
    """What the run's text checks shared (targets, known values, shared pages)."""
    path = run.work / "text.pickle"
    return pickle.loads(path.read_bytes()) if path.exists() else None


def whole(run: EngineRun) -> tuple[list[Table], dict[str, TableResult]]:
    """A one-partition run's input tables and their results, table by table."""
    assert all(len(ps) == 1 for ps in run.parts.values()), "one partition per table"
    tables = [ps[0].table for ps in run.parts.values()]
    return tables, {name: ps[0].result for name, ps in run.parts.items()}


def recheck(
    run: EngineRun, policy: Policy | None = None, shared: TextShared | None = None
) -> Verification:
    """The engine's checks on the recorded (maybe planted) output, merged as
    ``run_stream`` merges them; ``policy``: checked under another verification policy;
    ``shared``: the text checks' targets and known values, if not the run's own."""
    policy = policy or run.policy
    plan = run.plan
    shared = shared if shared is not None else text_shared(run)
    recheck_dir = run.work.parent / "recheck"
    recheck_dir.mkdir(exist_ok=True)
    digests: dict[tuple[str, str, str], list[Path]] = {}
    out_parts: dict[str, list[Path]] = {}
    applied: dict[str, list[Applied]] = {}
    checked: list[TextChecked] = []
    sweep_counts = {"columns": 0, "matches": 0, "unexplained": 0, "cleared": 0}
    swept: list[dict] = []
    cleared: list[dict] = []
    targets = (
        shared.targets
        if shared is not None
        else pickle.loads((run.work / "kept-targets.pickle").read_bytes())
    )
    text_rows = sum(p.table.df.height for ps in run.parts.values() for p in ps)
    sample = policy.verification.residual_sample_rows
    for name, parts in run.parts.items():
        offset = 0
        columns = 0
        for i, part in enumerate(parts):
            ctx = copy.copy(part.ctx)
            ctx.policy = policy
            df = part.result.df
            path = recheck_dir / f"{name}-{i}.parquet"
            df.write_parquet(path)
            out_parts.setdefault(name, []).append(path)
            done = Applied(df.height, part.removed, {})
            searched = {d.column for d in text_decisions(plan, name)} if shared else set()
            gate_partition(done, ctx, part.table, part.result, plan, run.prepared.governance,
                           recheck_dir, f"{name}-{i}", targets, searched)  # fmt: skip
            applied.setdefault(name, []).append(done)
            for dec in plan.tables[name]:
                if dec.kind != "entity" or not dec.entity or dec.column not in df.columns:
                    continue
                if dec.operator in UNMAPPED:
                    continue
                cells = string_values(df[dec.column]).unique().sort().to_list()
                dest = recheck_dir / f"{dec.entity}-{name}-{dec.column}-{i}.npy"
                np.save(dest, distinct(norm_digests(run.key, dec.entity, cells)))
                digests.setdefault((name, dec.column, dec.entity), []).append(dest)
            if shared is not None:
                share = residual_share(sample, df.height, text_rows)
                tc = check_text(ctx, part.table, part.result, plan, shared.targets,
                                shared.known, share, f"{name}-{part.table.path.stem}")  # fmt: skip
                checked.append(tc.offset(offset))
            pages = shared.shared_pages if shared is not None else None
            sweep, found, clear = sweep_tables(ctx, [part.table], {name: part.result}, plan,
                                               pages)  # fmt: skip
            for k in ("matches", "unexplained", "cleared", "timestamp_cells"):
                sweep_counts[k] = sweep_counts.get(k, 0) + sweep.counts.get(k, 0)
            columns = max(columns, sweep.counts["columns"])
            swept += [{**f, "row": f["row"] + offset} for f in found]
            cleared += [{**f, "row": f["row"] + offset} for f in clear]
            offset += df.height
        sweep_counts["columns"] += columns
    if not sweep_counts.get("timestamp_cells"):
        sweep_counts.pop("timestamp_cells", None)
    leak, where = leak_check(lambda e: Buckets(run.work / "real" / e), digests)
    pz = run.ctx.pseudonymizer
    findings = leak_findings(run.key, pz, where, out_parts) if where else []
    findings += swept[:MAX_FINDINGS]
    checks = [
        leak,
        Check("pattern_sweep", not sweep_counts["unexplained"], sweep_counts,
              applicable=sweep_counts["columns"] > 0),
        structure_check([s.table for s in run.prepared.splits], applied),
    ]  # fmt: skip
    review: list[dict] = []
    if shared is not None:
        review = add_text_checks(checks, findings, cleared, checked, policy)

    def frames(table: str) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
        for part in run.parts[table]:
            yield part.table.df, part.result.df

    tables = [s.table for s in run.prepared.splits]
    gated = gate_results(applied, tables, plan, policy, pz, frames)
    place_gate_checks(checks, findings, cleared, gated)
    return Verification(checks, findings, review, cleared=cleared[:MAX_FINDINGS])


def by_name(v: Verification) -> dict[str, Check]:
    return {c.name: c for c in v.checks}


def publish(
    run: EngineRun,
    out_root: Path,
    run_id: str,
    signing_key: Any,
    config: Path | None = None,
    dataset: str = "northwind",
) -> tuple[str, Path, dict]:
    """Certify and publish the run's written output as the sanitize flow does
    (``certify_and_publish`` with the run's plan, context, verification, row counts and
    manifest blocks), from a copy of its files: the run stays usable."""
    staging = out_root / ".staging" / run_id
    shutil.copytree(run.data.parent, staging)  # the data and the subject index
    tables = [s.table for s in run.prepared.splits]
    bundle = Bundle(run.policy, config, tables, run.prepared.warnings)
    stream = run.stream
    index = (
        no_index(run.prepared.subjects)
        if stream.subjects is None
        else manifest_entry(run.key, staging, stream.subjects, run.prepared.subjects)
    )
    return certify_and_publish(
        staging, bundle, run.plan, stream.ctx, stream.verification, signing_key,
        out_rows=stream.out_rows,
        run={"id": run_id, "flow": "safeset-sanitize", "dataset": dataset,
             "triggered_by": provenance.triggered_by("cli"), "started_at": provenance.now_iso()},
        out_root=out_root, inputs=[str(t.path) for t in tables],
        config=str(config) if config else None,
        extra={"exclusions": stream.exclusions, "subject_index": index, **stream.blocks()},
    )  # fmt: skip
