"""``make eval``, part two: safeset and plain Presidio on our own realistic corpus.

    python -m bench.eval_corpus [--rows 120] [--presidio-sample 25] [--out bench/results]

Builds the corpus (``bench/corpus/``: PostgreSQL and MySQL dumps, helpdesk, CRM, payments
and chat exports in eight languages, dirty and clean bundles, with truth labels), runs
safeset on each bundle in-process as the sanitize flow does, and plain Presidio on the
same cells (free text on a sample of each bundle's text cells), then reports:

- structured values left in their cell, per entity;
- free-text recall per entity, per kind of case, per language, dev vs held-out templates;
- the share of labelled non-personal words left unchanged, per kind;
- consistency: text mentions of a table person or address carrying the table's fake;
- the gate: clean bundles rejected (and by which checks), dirty bundles certified
  although a labelled value leaked.

Reports hold counts and shares only, never a value. Results: ``corpus.json`` and
``corpus.md`` in ``--out``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from anonymizers.errors import SafesetError
from bench.corpus import build as corpus_build
from bench.corpus.bundle import KEY
from bench.corpus.engines import Presidio, run_safeset, run_safeset_partitioned
from bench.corpus.labels import FREE_TEXT, Cell, Ref
from bench.corpus.report import markdown
from bench.corpus.score import Tally, score_consistency, score_text, value_left
from bench.reproducible import under_fixed_hash_seed

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "bench" / "results"


def cell_str(frame: pl.DataFrame | None, column: str, row: int) -> str | None:
    if frame is None or column not in frame.columns or row >= frame.height:
        return None
    value = frame.get_column(column)[row]
    if value is None:
        return None
    if isinstance(value, pl.Series):
        return ", ".join(str(v) for v in value.to_list() if v is not None)
    return str(value)


def score_tables(
    truth: dict, inputs: dict, outputs: dict, tally: Tally, rows: int | None = None
) -> None:
    """Structured values left in their cell; kept (non-personal) cells changed."""
    for table, info in truth["tables"].items():
        src, dst = inputs.get(table), outputs.get(table)
        if src is None or dst is None:
            continue
        for column, entity in info["columns"].items():
            if entity in (KEY, FREE_TEXT) or column not in src.columns:
                continue
            for row in range(min(src.height, rows or src.height)):
                before = cell_str(src, column, row)
                if before is None or not before.strip():
                    continue
                after = cell_str(dst, column, row)
                if entity is None:
                    tally.add("kept_cell", [("column", f"{table}.{column}")], before == after)
                else:
                    tally.add("left_in_cell", [("entity", entity)], value_left(before, after))


def score_cells(
    truth: dict,
    cells: list[Cell],
    inputs: dict[str, pl.DataFrame],
    outs: dict[str, dict[str, list[str | None]]],
    out_frames: dict[str, pl.DataFrame],
    tally: Tally,
    consistency: bool,
) -> int:
    """Free-text recall, kept words and (with ``consistency``) mentions carrying their
    table's fake. ``outs``: table → column → the system's output text per row. Returns
    the number of cells whose labels do not match their input text (0, or a bug)."""
    bad = 0

    def table_cell(ref: Ref) -> tuple[str | None, str | None]:
        return (
            cell_str(inputs.get(ref.table), ref.column, ref.row),
            cell_str(out_frames.get(ref.table), ref.column, ref.row),
        )

    for cell in cells:
        text = cell_str(inputs.get(cell.table), cell.column, cell.row) or ""
        if any(text[s.start : s.end] != s.value for s in cell.spans):
            bad += 1
            continue
        out = outs.get(cell.table, {}).get(cell.column, {})
        out_text = out.get(cell.row) if isinstance(out, dict) else out[cell.row]
        score_text(cell, text, out_text, truth["language"], tally)
        if consistency:
            score_consistency(cell, out_text, table_cell, tally)
    return bad


def sample(cells: list[Cell], size: int) -> list[Cell]:
    """Every k-th text cell, so the sample spreads over tables and rows."""
    if size <= 0 or len(cells) <= size:
        return list(cells)
    step = len(cells) / size
    return [cells[int(i * step)] for i in range(size)]


def evaluate_bundle(
    folder: Path, presidio: Presidio | None, presidio_sample: int, partition_rows: int = 0
) -> dict:
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    cells = [Cell.from_dict(c) for c in truth["cells"]]
    if partition_rows:
        run = run_safeset_partitioned(folder / "export", partition_rows)
    else:
        run = run_safeset(folder / "export")
    outs = {
        name: {c: [cell_str(df, c, r) for r in range(df.height)] for c in df.columns}
        for name, df in run.outputs.items()
    }
    s_all, s_sample, p_tally = Tally(), Tally(), Tally()
    score_tables(truth, run.inputs, run.outputs, s_all)
    bad = score_cells(truth, cells, run.inputs, outs, run.outputs, s_all, True)
    picked = sample(cells, presidio_sample)
    score_cells(truth, picked, run.inputs, outs, run.outputs, s_sample, False)
    p_seconds = 0.0
    if presidio is not None:
        t0 = time.perf_counter()
        p_outs: dict = {}
        for cell in picked:
            text = cell_str(run.inputs.get(cell.table), cell.column, cell.row) or ""
            p_outs.setdefault(cell.table, {}).setdefault(cell.column, {})[cell.row] = presidio.text(
                text
            )
        score_cells(truth, picked, run.inputs, p_outs, {}, p_tally, False)
        p_frames = {}
        for table, info in truth["tables"].items():
            cols = [c for c, e in info["columns"].items() if e not in (KEY, FREE_TEXT)]
            src = run.inputs[table].select([c for c in cols if c in run.inputs[table].columns])
            p_frames[table] = presidio.table(src, presidio_sample)
        score_tables(truth, run.inputs, p_frames, p_tally)
        p_seconds = time.perf_counter() - t0
    leaked = s_all.get("recall").n - s_all.get("recall").hits + s_all.get("left_in_cell").hits
    failed = sorted(n for n, c in run.checks.items() if c["gating"] and not c["passed"])
    return {
        "name": truth["name"],
        "shape": truth["shape"],
        "language": truth["language"],
        "clean": truth["clean"],
        "notes": truth["notes"],
        "misaligned_labels": bad,
        "text_cells": len(cells),
        "presidio_cells": len(picked) if presidio else 0,
        "gate": {
            "certified": run.passed,
            "failed_checks": failed,
            "checks": run.checks,
            "findings": run.findings,
        },
        "labelled_values_leaked": leaked,
        "seconds": round(run.seconds, 1),
        "presidio_seconds": round(p_seconds, 1),
        "safeset": s_all,
        "safeset_sample": s_sample,
        "presidio": p_tally,
    }


def evaluate(
    root: Path,
    presidio_sample: int,
    with_presidio: bool,
    only: list[str] | None,
    partition_rows: int = 0,
) -> dict:
    presidio = Presidio() if with_presidio else None
    results = []
    skipped: list[dict] = []
    for folder in sorted(p.parent for p in root.glob("*/truth.json")):
        if only and folder.name not in only:
            continue
        try:
            r = evaluate_bundle(folder, presidio, presidio_sample, partition_rows)
        except SafesetError as exc:  # what the partitioned engine cannot run yet
            reason = str(exc).split(": ", 1)[-1]
            skipped.append({"bundle": folder.name, "reason": reason})
            print(f"{folder.name}: skipped ({reason})", file=sys.stderr, flush=True)
            continue
        print(
            f"{r['name']}: {'CERTIFIED' if r['gate']['certified'] else 'REJECTED'} "
            f"{','.join(r['gate']['failed_checks'])} safeset {r['seconds']}s "
            f"presidio {r['presidio_seconds']}s",
            file=sys.stderr,
            flush=True,
        )
        results.append(r)
    totals = {k: Tally() for k in ("safeset", "safeset_sample", "presidio")}
    for r in results:
        for k, t in totals.items():
            t.merge(r[k])
    clean = [r for r in results if r["clean"]]
    dirty = [r for r in results if not r["clean"]]
    gate = {
        "clean_bundles": len(clean),
        "clean_rejected": [
            {"bundle": r["name"], "failed_checks": r["gate"]["failed_checks"]}
            for r in clean
            if not r["gate"]["certified"]
        ],
        "dirty_bundles": len(dirty),
        "dirty_certified_with_leaks": [
            {"bundle": r["name"], "labelled_values_leaked": r["labelled_values_leaked"]}
            for r in dirty
            if r["gate"]["certified"] and r["labelled_values_leaked"]
        ],
    }
    return {
        "totals": {k: t.as_dict() for k, t in totals.items()},
        "gate": gate,
        "skipped": skipped,
        "bundles": [r | {k: r[k].as_dict() for k in totals} for r in results],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=corpus_build.DEFAULT_ROWS)
    ap.add_argument("--seed", type=int, default=corpus_build.DEFAULT_SEED)
    ap.add_argument(
        "--presidio-sample",
        type=int,
        default=25,
        help="text cells per bundle given to Presidio (0: all)",
    )
    ap.add_argument("--skip-presidio", action="store_true")
    ap.add_argument("--only", nargs="*", help="bundle names (e.g. chat-de postgres-fr-clean)")
    ap.add_argument("--workdir", type=Path, help="keep the generated corpus here")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument(
        "--partition-rows",
        type=int,
        default=0,
        help="run the partitioned engine with partitions of this many rows (0: in memory)",
    )
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="safeset-corpus-") as tmp:
        root = args.workdir or Path(tmp)
        corpus_build.build(root, args.rows, args.seed, args.only)
        result = evaluate(
            root, args.presidio_sample, not args.skip_presidio, args.only, args.partition_rows
        )
    result["settings"] = {
        "rows": args.rows,
        "partition_rows": args.partition_rows,
        "seed": args.seed,
        "presidio_sample": args.presidio_sample,
        "seconds": round(time.perf_counter() - t0, 1),
        "command": "python -m bench.eval_corpus "
        + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "corpus.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    report = markdown(result)
    (args.out / "corpus.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    under_fixed_hash_seed("bench.eval_corpus")
    raise SystemExit(main())
