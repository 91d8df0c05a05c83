"""The text checks of a partitioned run: every real value of the bundle hunted in each
partition's output text, and the residual NER re-scan of its share of the sample,
merged into one check each (``partitioned/text.py`` has the passes before them).

The targets are the whole bundle's (``GlobalTargets``: structured values of every
partition, ids and their cores, the values the text spans found), indexed on disk; each
partition reads back those its texts can hold (``target_index.py``), so a worker's
memory follows its partition, not the bundle. The same index tells the draw pass which
fakes hold a real value as a whole word (``leaky_fakes``), so settling re-draws them.
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

from anonymizers.detect.masking import masked_context
from anonymizers.detect.spans import Span
from anonymizers.io.tables import Table
from anonymizers.partitioned.arrays import load_array
from anonymizers.partitioned.known_index import clear_index
from anonymizers.partitioned.residual_pass import ResidualPending, residual_cuts
from anonymizers.partitioned.review_list import ReviewShare
from anonymizers.partitioned.settle import member
from anonymizers.partitioned.target_index import Subset, TargetIndex, TargetWriter
from anonymizers.partitioned.text import (
    KnownInput,
    Spread,
    detector_for,
    text_decisions,
)
from anonymizers.partitioned.text_merge import Rejected
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy
from anonymizers.transform.apply import (
    Context,
    TableResult,
    cell_texts,
)
from anonymizers.verify.clearance import ALONE_HARMLESS
from anonymizers.verify.columns import column_kinds, output_columns, whole_fake_columns
from anonymizers.verify.leaks import OwnPersonalValues, leak_check, unkeyed_short_number
from anonymizers.verify.outcome import MAX_FINDINGS, Check
from anonymizers.verify.residual import residual_sample, residual_scan, residual_verdict
from anonymizers.verify.shapes import has_shape, without_shapes


@dataclass
class GlobalTargets:
    """Every real value of the bundle the text checks hunt for: structured values (of
    every partition, opted-out rows' included), the ids and their cores, and the values
    the text spans of every partition found (sure ones, and NER guesses); on disk, read
    back per partition for the texts it searches (``target_index.py``)."""

    index: TargetIndex
    #: the bundle's distinct real values, when the index holds only those some searched
    #: text can hold (``kept_targets.kept_targets``): the count a check reports
    values: int | None = None
    #: per entity, the sorted digests of the values a text takes the fake of
    #: (``text_value_digests``); None: every value may be
    written_in_text: Path | None = None

    def in_text(self, entity: str, h: np.ndarray) -> np.ndarray:
        """Which of ``h`` (an entity's value digests) a text takes the fake of: only such
        a fake lands in a text, where the leak check reads it (``draw_pass._draw``)."""
        if self.written_in_text is None:
            return np.ones(h.size, dtype=bool)
        path = self.written_in_text / f"{entity}.npy"
        if not path.exists():
            return np.zeros(h.size, dtype=bool)
        return member(load_array(path, mmap_mode="r"), h)

    @property
    def size(self) -> int:
        return self.values if self.values is not None else self.index.size

    def subset(self, texts: Sequence[str], named: Sequence[str] | None = None) -> Subset:
        return self.index.subset(texts, named)

    def may_hold(self, texts: Sequence[str]) -> np.ndarray:
        return self.index.may_hold(texts)

    def whole(self) -> Subset:
        """Every target at once (``TargetIndex.whole``)."""
        return self.index.whole()

    def matcher(self) -> TextsMatcher:
        """A matcher for texts not known in advance (re-drawn fakes)."""
        return TextsMatcher(self.index)


class TextsMatcher:
    """``LeakMatcher``'s ``contains_many``/``contains`` over the index: each call reads
    back the targets its texts can hold."""

    def __init__(self, index: TargetIndex) -> None:
        self.index = index
        self.size = index.size

    def contains_many(self, texts: pl.Series) -> pl.Series:
        return self.index.subset(texts.to_list()).matcher.contains_many(texts)

    def contains(self, text: str) -> bool:
        return self.index.subset([text]).matcher.contains(text)


def global_targets(
    writer: TargetWriter, spreads: Sequence[Spread], rejected: Rejected | None = None
) -> GlobalTargets:
    """The index of every target, written a chunk at a time: the structured values and
    ids (the workers' parts, ``index_pass.py``), then, by ``writer``, each partition's
    span values (repeats across partitions are harmless: a share's ``Targets`` holds
    each once). A candidate of a ``rejected`` guess is none: the apply pass does not add
    it to its text's spans; nor is the guess itself, which the texts did not agree on."""
    for s in spreads:
        if s.targets is None:
            continue
        own, more = pickle.loads(s.targets.read_bytes())
        if rejected is not None:
            own, more = own.guesses_without(rejected), more.without(rejected)
        for found in (own, more):
            for entity, values in sorted(found.sure.items()):
                writer.add("detected", entity, sorted(values))
            for entity, values in sorted(found.guess.items()):
                writer.add("detected", entity, sorted(values), guess=True)
    return GlobalTargets(writer.close(), written_in_text=text_value_digests(spreads, writer.folder))


def text_value_digests(spreads: Sequence[Spread], index: Path) -> Path:
    """Per entity, the sorted digests of every value a text span takes the fake of (the
    spread pass's text value store files: a span's value as written and the value it
    stands for), one file each, beside the target ``index``."""
    folder = index.parent / "in-text"
    clear_index(folder, ("*.npy",))
    files: dict[str, list[Path]] = {}
    for s in spreads:
        for entity, path in s.store.items():
            files.setdefault(entity, []).append(path)
    for entity, paths in files.items():
        h = pl.scan_parquet(paths).select("h").unique().collect()["h"].to_numpy()
        np.save(folder / f"{entity}.npy", np.sort(h.astype(np.uint64)))
    return folder


def leaky_fakes(targets: GlobalTargets, policy: Policy, fakes: list[str]) -> np.ndarray:
    """Which fakes hold a real value of the bundle as a whole word (``scrub_fakes``'s
    test), or the digits of a real id in any form (the gate's ``Targets.id_forms``: the
    invoice number's fake "3871-26041" is a customer's tax id 387126041 with a dash; one
    such coincidence is expected among 60,000 nine-digit fakes beside 20,000 real ids):
    settling re-draws them, so no fake in a text reads as a leak. What the gate clears
    where a fake stands does not count (``_gate_would_find``): a real value only inside a
    shape of the fake (the year of a fake birth date "1974-08-30" that is also a ticket's
    number 1974: with ids numbered 1 to 2,000 nearly every birth date was re-drawn, each
    a read of the target index, and 400 customers took six minutes), a first name or a
    town inside it."""
    leaky = np.zeros(len(fakes), dtype=bool)
    maybe = np.flatnonzero(targets.index.may_hold(fakes))
    if maybe.size:
        leaky[maybe] = _leaky([fakes[i] for i in maybe], targets)
    return leaky


def _leaky(fakes: list[str], targets: GlobalTargets) -> np.ndarray:
    """``leaky_fakes`` of fakes that may hold a target, by the targets they can hold."""
    share = targets.subset(fakes)
    series = pl.Series(fakes, dtype=pl.String)
    leaky = np.zeros(len(fakes), dtype=bool)
    if share.matcher.size:
        leaky |= share.matcher.contains_many(series).to_numpy()
        held = np.flatnonzero(leaky)
        if held.size:
            leaky[held] = _gate_would_find(share, [fakes[i] for i in held])
    forms = share.targets.id_forms(series)
    if forms.height:
        leaky[forms["row"].unique().to_numpy()] = True
    return leaky


def _gate_would_find(share: Subset, fakes: list[str]) -> np.ndarray:
    """Per fake holding a real value: does it hold one the gate would not clear where the
    fake stands? Not a town or a first name alone, which the gate clears inside a
    replacement (``leaks.in_fakes``: "East Cesar" holds a customer's first name; 2,288
    of a family tree's fake towns were re-drawn so), not a short-number id without a key
    before it (``leaks.unkeyed_short_number``: "Suite 206"; one at the fake's start
    counts, as the text it lands in may key it: "neighbour: 2078 Sophia Springs"), and
    not one found only inside the fake's own shapes (the day, month and year of a fake
    birth date "12/07/1968" where notes are numbered 1 to 2,666: every draw was leaky,
    and each of 968 dates spent its 32 draws, a read of the target index each: 780 s);
    a real value that is a shape itself (a birth date) always counts."""
    whole = _findable(share, fakes)
    out = np.zeros(len(fakes), dtype=bool)
    if not whole.height:
        return out
    rows = sorted(set(whole["row"].to_list()))
    for k in _findable(share, without_shapes([fakes[r] for r in rows]))["row"].to_list():
        out[rows[k]] = True
    for row, value in whole.select("row", "value").iter_rows():
        out[row] |= has_shape(value)
    return out


def _findable(share: Subset, texts: list[str]) -> pl.DataFrame:
    """The hits of the share's targets in ``texts`` that the gate judges where a fake
    stands: (row, entity, value), no place or first name alone, and no short number with
    none of its places keyed or at the text's start."""
    hits = share.matcher.hits(pl.Series(texts, dtype=pl.String)).filter(
        ~pl.col("entity").is_in(sorted(ALONE_HARMLESS))
    )
    keep = [
        not unkeyed_short_number(texts[row], entity, value, start_keyed=True)
        for row, entity, value in hits.select("row", "entity", "value").iter_rows()
    ]
    return hits.filter(pl.Series(keep, dtype=pl.Boolean))


@dataclass
class TextShared:
    """What every apply task of a run with free text shares (``OnDisk``): the known
    values (the residual scan's detector), the guesses NER did not agree on, and the
    leak check's targets."""

    known: KnownInput
    #: the guesses NER did not agree on (``text_merge.Rejected``)
    rejected: Rejected
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
    #: spans detection scored in the review band: the first listed, all counted
    spans_review: ReviewShare = field(default_factory=ReviewShare)
    #: the residual sample the residual pass scans (``residual_pass.py``), until it has
    pending: ResidualPending | None = None

    def offset(self, rows: int) -> TextChecked:
        """The same, rows counted from the table's start (``rows`` before this partition)."""

        def moved(items: list[dict]) -> list[dict]:
            return [{**f, "row": f["row"] + rows} for f in items]

        return TextChecked(
            self.leak_counts, moved(self.findings), moved(self.cleared), self.residual,
            moved(self.review), self.spans_review.offset(rows),
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
    defer: Path | None = None,
) -> TextChecked:
    """The leak check of the partition's output text against every real value of the
    bundle, and the residual NER re-scan of ``sample_rows`` of its text cells; with
    ``defer``, the sample is only drawn, written there, and left ``pending`` for the
    residual pass, which shares its slices out over the workers."""
    kinds = column_kinds(plan)
    searched = {(table.name, d.column) for d in text_decisions(plan, table.name)}
    columns = [
        c for c in output_columns([table], {table.name: result}, whole_fake_columns([table], plan))
        if (c.table, c.name) in searched
    ]  # fmt: skip
    out = TextChecked()
    if not columns:
        return out
    share = targets.subset([t for c in columns for t in c.texts.drop_nulls().to_list() if t])
    t = share.targets
    own = OwnPersonalValues([table], {table.name: result}, plan)
    cfg = ctx.policy.verification
    check, findings, cleared = leak_check(
        ctx, columns, share.matcher, kinds, own, cfg.category_min_rows, t.unconfirmed,
        share.names, t.guess_only, t.id_forms,
    )  # fmt: skip
    # The share searched only what its texts can hold; the count is the bundle's.
    out.leak_counts = dict(check.counts) | {"values_searched": share.size}
    # The run lists the first MAX_FINDINGS in partition order: no partition's later ones.
    out.findings, out.cleared = findings[:MAX_FINDINGS], cleared[:MAX_FINDINGS]
    human = [c for c in columns if kinds.get((c.table, c.name)) != "technical"]
    if human:
        if defer is not None:
            population, cells = residual_sample(human, sample_rows, seed)
            defer.parent.mkdir(parents=True, exist_ok=True)
            defer.write_bytes(pickle.dumps(cells, protocol=pickle.HIGHEST_PROTOCOL))
            out.pending = ResidualPending(defer, population, residual_cuts(cells))
            return out
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


def add_text_checks(
    checks: list[Check], findings: list[dict], cleared: list[dict],
    parts: Sequence[TextChecked], policy: Policy,
) -> list[dict]:  # fmt: skip
    """The partitions' text checks put into the run's verification: the merged leak
    check second (after ``leak``), the residual scan last, their findings and clearances
    added; returns the residual scan's spans for review."""
    text_leak, text_found, text_cleared = merged_leak_check(parts)
    checks.insert(1, text_leak)
    findings += text_found
    cleared += text_cleared
    residual, review = merged_residual(parts, policy)
    checks.append(residual)
    return review
