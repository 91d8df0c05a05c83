"""Recall on support text written in styles our corpus does not have (``bench/support_s28``).

    python -m bench.eval_support [--rows 60] [--seed 28] [--only en de] [--out DIR]
                                 [--dev-misses N] [--set standard|s38]

Builds one small export per language (a helpdesk CSV and a chat JSON Lines file, each
with one free-text column), runs safeset's engine on it as a user runs it
(``bench/corpus/engines.py``), and scores every labelled span as the corpus does
(``bench/corpus/score.py``: a span is found when none of its identifying parts is left
in the output text). Prints recall per entity, per language and per way of writing
(``case``), dev and held-out templates apart, and the share of labelled non-personal
words left unchanged. ``--dev-misses N`` lists up to N missed spans of the *dev*
templates with their neighbourhood (synthetic values; held-out texts are never shown).
``--set s38`` scores the second dev set alone (``templates_s38.py``: every text dev).
Results: ``support.json`` in ``--out``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.corpus.engines import run_safeset
from bench.corpus.labels import Cell, words
from bench.corpus.score import Tally, fold, occurrences
from bench.eval_corpus import cell_str, score_cells
from bench.reproducible import under_fixed_hash_seed
from bench.support_s28 import build as support_build


def _misses(truth: dict, cells: list[Cell], inputs: dict, outs: dict, limit: int) -> list[str]:
    """Dev spans left in the output, with 50 characters of their input either side."""
    lines = []
    for cell in cells:
        text = cell_str(inputs.get(cell.table), cell.column, cell.row) or ""
        out = fold(
            outs.get(cell.table, {}).get(cell.column, [None] * (cell.row + 1))[cell.row] or ""
        )
        chars = list(text)
        for s in cell.spans:
            chars[s.start : s.end] = " " * (s.end - s.start)
        base = fold("".join(chars))
        for s in cell.spans:
            if s.split != "dev":
                continue
            if any(occurrences(t, out) > occurrences(t, base) for t in s.tokens):
                ctx = text[max(0, s.start - 50) : s.end + 50].replace("\n", "⏎")
                lines.append(f"{truth['language']} {s.entity} {s.case}: [{s.value}] … {ctx}")
                if len(lines) >= limit:
                    return lines
    return lines


def _changed(cells: list[Cell], inputs: dict, outs: dict, counts: Counter) -> None:
    """Labelled non-personal words of the *dev* templates that the output lost."""
    for cell in cells:
        out = outs.get(cell.table, {}).get(cell.column, [None] * (cell.row + 1))[cell.row]
        remaining = Counter(words(fold(out or "")))
        for k in cell.keep:
            if k.split != "dev":
                continue
            for w in words(fold(k.value)):
                if remaining[w] > 0:
                    remaining[w] -= 1
                else:
                    counts[f"{k.kind}:{w}"] += 1


def evaluate(
    root: Path, dev_misses: int, changed: Counter | None = None
) -> tuple[Tally, list[str], dict]:
    tally = Tally()
    misses: list[str] = []
    gate: dict = {}
    for folder in sorted(p.parent for p in root.glob("*/truth.json")):
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        cells = [Cell.from_dict(c) for c in truth["cells"]]
        run = run_safeset(folder / "export", "support")
        outs = {
            name: {c: [cell_str(df, c, r) for r in range(df.height)] for c in df.columns}
            for name, df in run.outputs.items()
        }
        bad = score_cells(truth, cells, run.inputs, outs, run.outputs, tally, False)
        if bad:
            print(f"{folder.name}: {bad} cells with misaligned labels", file=sys.stderr)
        gate[folder.name] = {
            "certified": run.passed,
            "failed": sorted(n for n, c in run.checks.items() if c["gating"] and not c["passed"]),
            "plan": run.plan,
        }
        if changed is not None:
            _changed(cells, run.inputs, outs, changed)
        if dev_misses > len(misses):
            misses += _misses(truth, cells, run.inputs, outs, dev_misses - len(misses))
        print(
            f"{folder.name}: {'CERTIFIED' if run.passed else 'REJECTED'} {run.seconds:.1f}s",
            file=sys.stderr,
            flush=True,
        )
    return tally, misses, gate


def _fmt(r: dict | None) -> str:
    if not r or not r["n"]:
        return "    -    "
    return f"{r['share']:.3f} ({r['hits']}/{r['n']})"


def report(tally: dict) -> str:
    """Recall by entity, language and case, dev and held-out; words kept."""
    rec, kept = tally.get("recall", {}), tally.get("kept", {})
    split = rec.get("split", {})
    lines = [
        f"recall all: {_fmt(rec.get('all', {}).get('all'))}  dev {_fmt(split.get('dev'))}"
        f"  held-out {_fmt(split.get('heldout'))}",
        f"non-personal words unchanged: {_fmt(kept.get('all', {}).get('all'))}"
        f"  dev {_fmt(kept.get('split', {}).get('dev'))}"
        f"  held-out {_fmt(kept.get('split', {}).get('heldout'))}",
    ]
    for dim in ("entity", "language", "case"):
        lines.append(f"\n{dim:<24} {'dev':<20} held-out")
        for value in sorted(rec.get(dim, {})):
            by = rec.get(f"{dim}|split", {})
            dev, held = by.get(f"{value}|dev"), by.get(f"{value}|heldout")
            lines.append(f"  {value:<22} {_fmt(dev):<20} {_fmt(held)}")
    lines.append(f"\n{'kept by kind':<24} {'dev':<20} held-out")
    for value in sorted(kept.get("kind", {})):
        by = kept.get("kind|split", {})
        lines.append(
            f"  {value:<22} {_fmt(by.get(f'{value}|dev')):<20} {_fmt(by.get(f'{value}|heldout'))}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=support_build.DEFAULT_ROWS)
    ap.add_argument("--seed", type=int, default=support_build.DEFAULT_SEED)
    ap.add_argument("--only", nargs="*", help="languages (e.g. en de)")
    ap.add_argument(
        "--set", choices=sorted(support_build.SETS), default="standard", dest="template_set"
    )
    ap.add_argument("--workdir", type=Path, help="keep the generated exports here")
    ap.add_argument("--out", type=Path, help="write support.json here")
    ap.add_argument("--dev-misses", type=int, default=0, help="list N missed dev spans")
    ap.add_argument(
        "--dev-changed", type=int, default=0, help="list the N dev non-personal words most lost"
    )
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="safeset-support-") as tmp:
        root = args.workdir or Path(tmp)
        support_build.build(root, args.rows, args.seed, args.only, args.template_set)
        changed: Counter = Counter()
        tally, misses, gate = evaluate(root, args.dev_misses, changed)
    result = {
        "settings": {
            "rows": args.rows,
            "seed": args.seed,
            "only": args.only,
            "set": args.template_set,
            "seconds": round(time.perf_counter() - t0, 1),
        },
        "totals": tally.as_dict(),
        "gate": gate,
    }
    text = report(result["totals"])
    print(text)
    for line in misses:
        print(line)
    if args.dev_changed:
        print("dev non-personal words lost:", changed.most_common(args.dev_changed))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "support.json").write_text(json.dumps(result, indent=1) + "\n", "utf-8")
        (args.out / "support.md").write_text(text + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    under_fixed_hash_seed("bench.eval_support")
    raise SystemExit(main())
