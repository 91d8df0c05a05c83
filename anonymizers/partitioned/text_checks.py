"""The text checks of a partitioned run: every real value of the bundle hunted in each
partition's output text, and the residual NER re-scan of its share of the sample,
merged into one check each (``partitioned/text.py`` has the passes before them).

The targets are the whole bundle's (``GlobalTargets``: structured values of every
partition, ids and their cores, the values the text spans found), built into one
matcher per worker; the same matcher tells the draw pass which fakes hold a real value
as a whole word (``leaky_fakes``), so settling re-draws them.
"""

from __future__ import annotations

import math
import pickle
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from anonymizers.detect.known import ID_LIKE
from anonymizers.detect.masking import masked_context
from anonymizers.detect.spans import Span
from anonymizers.detect.whole_words import LeakMatcher
from anonymizers.io.tables import Table
from anonymizers.partitioned.text import KnownInput, Spread, detector_for, text_decisions
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy
from anonymizers.transform.apply import (
    Context,
    TableResult,
    cell_texts,
)
from anonymizers.verify.columns import column_kinds, output_columns, whole_fake_columns
from anonymizers.verify.leaks import OwnPersonalValues, leak_check
from anonymizers.verify.outcome import MAX_FINDINGS, Check
from anonymizers.verify.residual import residual_scan, residual_verdict
from anonymizers.verify.targets import Targets


@dataclass
class GlobalTargets:
    """Every real value of the bundle the text checks hunt for: structured values (of
    every partition, opted-out rows' included), the ids and their cores, and the values
    the text spans of every partition found (sure ones, and NER guesses)."""

    structured: dict[str, set[str]]
    ids: dict[str, str]
    sure: dict[str, set[str]]
    guess: dict[str, set[str]]

    def targets(self) -> Targets:
        t = Targets()
        for entity, values in sorted(self.structured.items()):
            t.add("structured", entity, sorted(values))
        t.add_ids(self.ids)
        for entity, values in sorted(self.sure.items()):
            t.add("detected", entity, sorted(values))
        for entity, values in sorted(self.guess.items()):
            t.add("detected", entity, sorted(values), guess=True)
        return t


def global_targets(
    structured_files: dict[str, list[Path]],
    spreads: Sequence[Spread],
    policy: Policy,
    rejected: set[str] = frozenset(),  # type: ignore[assignment]
) -> GlobalTargets:
    """The leak check's targets; a candidate of a ``rejected`` guess is none (the apply
    pass does not add it to its text's spans)."""
    structured: dict[str, set[str]] = {}
    for entity, files in structured_files.items():
        vals = pl.concat([pl.read_parquet(f, columns=["value"])["value"] for f in files])
        vals = vals.filter(vals.str.contains(r"[^\W_]"))
        structured[entity] = set(vals.unique().to_list())
    ids = {v: e for e in ID_LIKE for v in structured.get(e, ())}
    sure: dict[str, set[str]] = {}
    guess: dict[str, set[str]] = {}
    for s in spreads:
        if s.targets is None:
            continue
        own, more = pickle.loads(s.targets.read_bytes())
        more = more.without(rejected)
        for into, part in (
            (sure, own.sure), (guess, own.guess), (sure, more.sure), (guess, more.guess)
        ):  # fmt: skip
            for entity, values in part.items():
                into.setdefault(entity, set()).update(values)
    return GlobalTargets(structured, ids, sure, guess)


_matchers: dict[int, tuple[GlobalTargets, Targets, LeakMatcher]] = {}


def matcher_for(targets: GlobalTargets, policy: Policy) -> tuple[Targets, LeakMatcher]:
    """The targets and their matcher, built once per worker process (the targets arrive
    once per worker, ``OnDisk``: the same object for every partition)."""
    held = _matchers.get(id(targets))
    if held is None or held[0] is not targets:
        _matchers.clear()
        t = targets.targets()
        held = (targets, t, LeakMatcher(t.by_entity, policy.verification.min_leak_length))
        _matchers[id(targets)] = held
    return held[1], held[2]


def leaky_fakes(targets: GlobalTargets, policy: Policy, fakes: list[str]) -> np.ndarray:
    """Which fakes hold a real value of the bundle as a whole word (``scrub_fakes``'s
    test): settling re-draws them, so no fake in a text reads as a leak."""
    _, matcher = matcher_for(targets, policy)
    if not matcher.size or not fakes:
        return np.zeros(len(fakes), dtype=bool)
    return matcher.contains_many(pl.Series(fakes, dtype=pl.String)).to_numpy()


@dataclass
class TextShared:
    """What every apply task of a run with free text shares (``OnDisk``): the known
    values (the residual scan's detector), the guesses NER did not agree on, and the
    leak check's targets."""

    known: KnownInput
    rejected: set[str]
    targets: GlobalTargets
    #: (table, column) → the column's shared pages (the sweep clears them)
    shared_pages: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)


@dataclass
class TextChecked:
    """One partition's text checks: the leak check's counts, findings and cleared hits,
    the residual scan's counts and flagged spans, and spans listed for review (rows
    within the partition)."""

    leak_counts: dict[str, int] = field(default_factory=dict)
    findings: list[dict] = field(default_factory=list)
    cleared: list[dict] = field(default_factory=list)
    residual: dict[str, int] = field(default_factory=dict)
    #: spans the residual scan flagged
    review: list[dict] = field(default_factory=list)
    #: spans detection scored in the review band (``Context.review`` in memory)
    spans_review: list[dict] = field(default_factory=list)

    def offset(self, rows: int) -> TextChecked:
        """The same, rows counted from the table's start (``rows`` before this partition)."""

        def moved(items: list[dict]) -> list[dict]:
            return [{**f, "row": f["row"] + rows} for f in items]

        return TextChecked(
            self.leak_counts, moved(self.findings), moved(self.cleared), self.residual,
            moved(self.review), moved(self.spans_review),
        )  # fmt: skip


def review_items(
    ctx: Context, df: pl.DataFrame, spans: dict[tuple[str, str], list[list[Span]]]
) -> list[dict]:
    """Spans in the review band, as ``detect_free_text`` lists them (no values)."""
    out: list[dict] = []
    for (table, column), rows in spans.items():
        for row, (text, found) in enumerate(zip(cell_texts(df[column]), rows, strict=True)):
            for sp in found:
                if getattr(sp, "review", False) and text:
                    out.append({
                        "entity": sp.entity, "table": table, "column": column, "row": row,
                        "score": round(sp.score, 3),
                        "context": masked_context(text, sp, found),
                        "digest": ctx.pseudonymizer.digest(sp.entity, text[sp.start : sp.end]),
                    })  # fmt: skip
    return out


def check_text(
    ctx: Context,
    table: Table,
    result: TableResult,
    plan: Plan,
    targets: GlobalTargets,
    known: KnownInput,
    sample_rows: int,
    seed: str,
) -> TextChecked:
    """The leak check of the partition's output text against every real value of the
    bundle, and the residual NER re-scan of ``sample_rows`` of its text cells."""
    kinds = column_kinds(plan)
    searched = {(table.name, d.column) for d in text_decisions(plan, table.name)}
    columns = [
        c for c in output_columns([table], {table.name: result}, whole_fake_columns([table], plan))
        if (c.table, c.name) in searched
    ]  # fmt: skip
    out = TextChecked()
    if not columns:
        return out
    t, matcher = matcher_for(targets, ctx.policy)
    own = OwnPersonalValues([table], {table.name: result}, plan)
    cfg = ctx.policy.verification
    check, findings, cleared = leak_check(
        ctx, columns, matcher, kinds, own, cfg.category_min_rows, t.unconfirmed,
        t.name_words(), t.guess_only, t.id_forms,
    )  # fmt: skip
    out.leak_counts = dict(check.counts)
    out.findings, out.cleared = findings, cleared
    human = [c for c in columns if kinds.get((c.table, c.name)) != "technical"]
    if human:
        # As in memory: NER and the rules on the output, no known values (they are real).
        detector = detector_for(ctx.policy, None)
        residual, review = residual_scan(ctx, human, detector, sample_rows, seed)
        out.residual = dict(residual.counts)
        out.review = review
    return out


def residual_share(sample_rows: int, rows: int, total_rows: int) -> int:
    """This partition's share of the residual sample (rounded up: never zero for a
    partition with rows), so the whole run scans about ``sample_rows`` cells."""
    if not sample_rows or not total_rows:
        return sample_rows
    return max(1, math.ceil(sample_rows * rows / total_rows))


def merged_leak_check(parts: Sequence[TextChecked]) -> tuple[Check, list, list]:
    """The partitions' text leak checks as one (``TextChecked.offset`` rows)."""
    counts: dict[str, int] = {}
    findings: list[dict] = []
    cleared: list[dict] = []
    for tc in parts:
        for name, n in tc.leak_counts.items():
            # The targets are the whole bundle's in every partition: counted once.
            once = name == "values_searched" or name.startswith("targets_")
            counts[name] = max(counts.get(name, 0), n) if once else counts.get(name, 0) + n
        findings += tc.findings
        cleared += tc.cleared
    searched = counts.get("values_searched", 0)
    check = Check("leak_check", not counts.get("leaks", 0), counts, applicable=searched > 0)
    return check, findings[:MAX_FINDINGS], cleared[:MAX_FINDINGS]


def merged_residual(parts: Sequence[TextChecked], policy: Policy) -> tuple[Check, list[dict]]:
    """The partitions' residual scans as one estimate over every sampled cell."""
    total: Counter[str] = Counter()
    review: list[dict] = []
    for tc in parts:
        total.update(tc.residual)
        review += tc.review
    check = residual_verdict(
        total["cells_in_scope"], total["cells_scanned"], total["cells_flagged"],
        total["spans_flagged"], policy.verification,
    )  # fmt: skip
    return check, review
