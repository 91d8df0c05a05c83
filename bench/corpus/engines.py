"""The two systems the corpus scores, each on one bundle: safeset in-process, and plain
Presidio as a user following its documentation would run it.

safeset runs the same engine calls as the sanitize flow (``flows/sanitize.py``: prepare,
then ``partitioned.run.run_stream``), without Prefect: no server, no task runner, one
process. The gate is the verification's verdict (every gating check).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

#: The pseudonymisation key of every corpus run (the corpus holds no real people).
KEY = b"safeset-corpus-evaluation-key-000"


@dataclass
class SafesetOut:
    inputs: dict[str, pl.DataFrame]
    outputs: dict[str, pl.DataFrame]
    passed: bool
    #: check name → {"passed", "gating", "counts"}: counts only, never values.
    checks: dict[str, dict] = field(default_factory=dict)
    plan: dict[str, dict[str, str]] = field(default_factory=dict)
    #: "check table.column entity" → findings (the verification keeps up to 200 per check)
    findings: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def run_safeset(export: Path, run_id: str = "corpus") -> SafesetOut:
    """safeset's engine on one bundle, partitions of the default size (the corpus's
    bundles are each one partition), as the sanitize flow runs a small export."""
    from anonymizers.io.partitions import PARTITION_ROWS

    return run_safeset_partitioned(export, PARTITION_ROWS, run_id)


def _out(inputs: dict, outputs: dict, verification: Any, plan: Any, t0: float) -> SafesetOut:
    checks = {
        c.name: {
            "passed": c.passed,
            "gating": c.gating,
            "counts": {k: v for k, v in c.counts.items() if isinstance(v, int | float)},
        }
        for c in verification.checks
    }
    findings: dict[str, int] = {}
    for f in verification.findings:
        where = f"{f.get('check')} {f.get('table')}.{f.get('column')} {f.get('entity')}"
        findings[where] = findings.get(where, 0) + 1
    planned = {
        table: {d.column: d.entity or d.kind for d in decisions}
        for table, decisions in plan.tables.items()
    }
    return SafesetOut(
        inputs, outputs, verification.passed, checks, planned, findings, time.perf_counter() - t0
    )


def run_safeset_partitioned(export: Path, rows: int, run_id: str = "corpus") -> SafesetOut:
    """The engine on one bundle, as ``flows/sanitize.py`` runs it, its passes in this
    process (``run_locally``): partitions of ``rows`` rows. Raises ``SafesetError`` for
    what it cannot run (a file format, a policy feature)."""
    import tempfile

    from anonymizers.offline import configure_offline

    configure_offline()
    from anonymizers.io.json_text import join as join_json_text
    from anonymizers.io.tables import discover, read_table
    from anonymizers.partitioned.prepare import prepare
    from anonymizers.partitioned.run import run_stream
    from anonymizers.policy import load_policy

    t0 = time.perf_counter()
    policy = load_policy(None)
    files = discover([export])
    with tempfile.TemporaryDirectory(prefix="safeset-partitioned-") as tmp:
        work = Path(tmp)
        prepared = prepare(files, work, rows, policy, None, None, set())
        out = work / "data"
        result = run_stream(
            prepared.splits, prepared.plan, policy, KEY, prepared.optouts, work, out
        )
        # Scored as written, as in memory: JSON text put back together.
        inputs = {t.name: join_json_text(t.df, t.json_text) for t in map(read_table, files)}
        written = [read_table(out / f.name) for f in files]
        outputs = {t.name: join_json_text(t.df, t.json_text) for t in written}
    return _out(inputs, outputs, result.verification, prepared.plan, t0)


class Presidio:
    """Plain Presidio (bench/baselines.py's offline set-up): the analyzer and the default
    anonymizer on each free-text cell, presidio-structured on the tables' other columns."""

    def __init__(self) -> None:
        from presidio_anonymizer import AnonymizerEngine

        from bench.baselines import analyzer_engine

        self.analyzer = analyzer_engine()
        self.anonymizer = AnonymizerEngine()

    def text(self, text: str) -> str:
        found = self.analyzer.analyze(text=text, language="en")
        return self.anonymizer.anonymize(text=text, analyzer_results=found).text

    def table(self, frame: pl.DataFrame, rows: int) -> pl.DataFrame:
        """presidio-structured over string columns: analyse a sample of ``rows`` rows
        (its own ``n``), then anonymise whole columns."""
        from presidio_structured import PandasAnalysisBuilder, StructuredEngine
        from presidio_structured.data.data_processors import PandasDataProcessor

        as_text = [
            pl.col(c).list.join(", ") if isinstance(t, pl.List) else pl.col(c).cast(pl.String)
            for c, t in frame.schema.items()
        ]
        pdf: Any = frame.select(as_text).fill_null("").to_pandas()
        analysis = PandasAnalysisBuilder(analyzer=self.analyzer).generate_analysis(
            pdf, n=min(rows, len(pdf))
        )
        result = StructuredEngine(data_processor=PandasDataProcessor()).anonymize(pdf, analysis)
        return pl.from_pandas(result).select(pl.all().cast(pl.String))
