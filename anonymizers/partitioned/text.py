"""Free text in partitioned runs: detection, spreading and the text checks, partition by
partition, with what must be known of the whole bundle decided between passes.

The in-memory path finds spans in every text of the bundle at once
(``transform.apply.detect_free_text``). Here each step that needs the whole bundle is
split into a per-partition part on the workers and a small merge in the parent:

1. ``named_ids`` (in the collect pass): ids that texts name ("my customer number is
   553120"), so the same number elsewhere in the bundle is the same id.
2. ``detect_partition``: the known values of the whole bundle (every structured value
   and named id, ``KnownInput``) found in each text, with NER and the rules; the
   spreadable guesses of the partition go back (``propagate.Guesses``).
3. The parent merges the guesses of every partition.
4. ``spread_partition``: where those guesses occur in this partition's texts outside its
   spans (candidates), each span given the type the tables know its string under
   (``consistency.retype_spans``); every value a span or candidate holds goes to the
   partition's text value store, so settling gives it a fake like a column value.
5. The parent merges the counts of texts holding each guess and decides which guesses
   NER agreed on (``Guesses.rejected``); the apply pass adds the other candidates.
6. ``check_text`` (in the apply pass): the output text against every real value of the
   bundle (``GlobalTargets``, one matcher per worker), and an NER re-scan of the
   partition's share of the residual sample.

Results depend on the data only: spans of a text depend on the text and the bundle's
known values and guesses, never on the partition it lies in. Memory: each worker holds
the bundle's distinct structured values and text targets once (as the in-memory path
does), never its texts.
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

from anonymizers.detect.known import ID_LIKE, KnownValues
from anonymizers.detect.masking import masked_context
from anonymizers.detect.pieces import detect_in_pieces
from anonymizers.detect.recognizers.account_numbers import account_numbers
from anonymizers.detect.shared_urls import (
    drop_urls,
    merge_url_texts,
    shared_of,
    url_texts,
)
from anonymizers.detect.spans import Span
from anonymizers.detect.spelling import fold
from anonymizers.detect.text import TextDetector
from anonymizers.detect.whole_words import LeakMatcher
from anonymizers.io.tables import Table
from anonymizers.offline import configure_offline
from anonymizers.plan.columns import TEXT_KINDS, ColumnDecision, Plan
from anonymizers.policy import Policy
from anonymizers.pseudonymise.normalise import normalise
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.apply import (
    Context,
    TableResult,
    apply_decisions,
    cell_texts,
    drop_item_crossing,
    is_target,
    scrub_rebuilt,
    string_values,
)
from anonymizers.transform.consistency import (
    KNOWN_ENTITIES,
    LOCAL_ENTITIES,
    Pieces,
    address_pieces,
    compose_addresses,
    retype_spans,
)
from anonymizers.transform.propagate import CERTAIN, Guesses, candidates, guesses, spread
from anonymizers.verify.columns import column_kinds, output_columns, whole_fake_columns
from anonymizers.verify.leaks import OwnPersonalValues, leak_check
from anonymizers.verify.outcome import MAX_FINDINGS, Check
from anonymizers.verify.residual import residual_scan, residual_verdict
from anonymizers.verify.targets import Targets, folded_words

#: Subfolder of the run's work folder for the text passes' files.
TEXT_DIR = "text"


def text_decisions(plan: Plan, table: str) -> list[ColumnDecision]:
    """The columns of ``table`` whose text is searched (free text and technical)."""
    return [d for d in plan.tables.get(table, []) if d.kind in TEXT_KINDS and d.operator != "keep"]


def named_ids(df: pl.DataFrame, table: str, plan: Plan, policy: Policy) -> set[str]:
    """Ids no table holds that a text of this partition names, as ``known_values`` finds
    them in memory."""
    if "ID" not in policy.detection.entities:
        return set()
    found: set[str] = set()
    for dec in plan.tables.get(table, []):
        if dec.kind in TEXT_KINDS and dec.column in df.columns:
            values = string_values(df[dec.column])
            for text in values.filter(values.str.contains(r"\d{2}")).to_list():
                found.update(text[s:e] for s, e, _entity, _score in account_numbers(text))
    return found


@dataclass
class KnownInput:
    """The whole bundle's known values, shipped once to every worker (``OnDisk``): every
    structured value and named id, and the structured values the retyping consults."""

    known: KnownValues
    structured: dict[str, set[str]]
    #: every structured value and each of its words, folded: a "known" span whose value
    #: is none of these was an NER guess spread to other texts, no sure target
    words: set[str] = field(default_factory=set)


def known_input(
    store_files: dict[str, list[Path]], ids: set[str], plan: Plan, policy: Policy
) -> KnownInput:
    """``KnownInput`` from the value store's structured files (every partition's values,
    opted-out rows' included: their names are hunted in others' text)."""
    known = KnownValues(policy)
    structured: dict[str, set[str]] = {}
    every: dict[str, set[str]] = {}
    for entity in sorted(store_files):
        values = sorted(
            {v for f in store_files[entity] for v in pl.read_parquet(f, columns=["value"])["value"]}
        )
        for value in values:
            known.add(entity, value)
        every[entity] = set(values)
        if entity in KNOWN_ENTITIES:
            structured[entity] = every[entity]
    for value in sorted(ids):
        known.add_named_id(value)
    return KnownInput(known, structured, folded_words(every))


_detectors: dict[int, tuple[object, TextDetector]] = {}


def _detector(policy: Policy, known: KnownValues | None) -> TextDetector:
    """One detector per worker and known-value set (the model loads once per process)."""
    configure_offline()
    held = _detectors.get(id(known))
    if held is None or held[0] is not known:
        if len(_detectors) > 1:  # the run's known values and the bare re-scan's at most
            _detectors.clear()
        held = (known, TextDetector(policy, known))
        _detectors[id(known)] = held
    return held[1]


@dataclass
class Cells:
    """The texts of one partition's searched columns, in one list: where each came from
    (column, row of the kept rows) and which are technical."""

    texts: list[str] = field(default_factory=list)
    slots: list[tuple[str, int]] = field(default_factory=list)
    technical: set[int] = field(default_factory=set)
    rows: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, df: pl.DataFrame, decisions: Sequence[ColumnDecision]) -> Cells:
        out = cls()
        for dec in decisions:
            texts = cell_texts(df[dec.column])
            out.rows[dec.column] = len(texts)
            for row, text in enumerate(texts):
                if text:
                    if dec.kind == "technical":
                        out.technical.add(len(out.texts))
                    out.texts.append(text)
                    out.slots.append((dec.column, row))
        return out

    def by_column(self, found: list[list[Span]]) -> dict[str, list[list[Span]]]:
        out: dict[str, list[list[Span]]] = {c: [[] for _ in range(n)] for c, n in self.rows.items()}
        for (column, row), spans in zip(self.slots, found, strict=True):
            out[column][row] = spans
        return out

    def flat(self, by_column: dict[str, list[list[Span]]]) -> list[list[Span]]:
        return [by_column[c][r] for c, r in self.slots]


def _kept(part: Path, key: bytes, optouts: object) -> pl.DataFrame:
    df = pl.read_parquet(part)
    return optouts.split(df, key)[0]  # type: ignore[attr-defined]


@dataclass
class Detected:
    """What the detect pass returns: the partition's spans and guesses, on disk."""

    spans: Path | None = None
    table: str = ""
    #: pickle of (``propagate.Guesses``, column → ``shared_urls.url_texts``)
    guesses: Path | None = None

    def load(self) -> tuple[Guesses, dict[str, dict[str, set[bytes]]]]:
        return pickle.loads(self.guesses.read_bytes()) if self.guesses else (Guesses(), {})


def _dump(path: Path, value: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def detect_partition(
    part: Path,
    table: str,
    plan: Plan,
    policy: Policy,
    key: bytes,
    optouts: object,
    known: KnownInput,
    work: Path,
) -> Detected:
    """Spans of every searched text of one partition's kept rows (known values, NER and
    rules; patterns only in technical text), a reviewer's verdicts applied and shared
    page addresses dropped (shared within the partition's column), and its guesses."""
    decisions = text_decisions(plan, table)
    if not decisions:
        return Detected()
    cells = Cells.of(_kept(part, key, optouts), decisions)
    detector = _detector(policy, known.known)
    found: list[list[Span]] = [[] for _ in cells.texts]
    human = [i for i in range(len(cells.texts)) if i not in cells.technical]
    machine = sorted(cells.technical)
    if human:
        spans = detect_in_pieces(detector.detect, [cells.texts[i] for i in human])
        for i, s in zip(human, spans, strict=True):
            found[i] = s
    if machine:
        spans = detect_in_pieces(detector.detect_patterns, [cells.texts[i] for i in machine])
        for i, s in zip(machine, spans, strict=True):
            found[i] = s
    ctx = Context(Pseudonymizer(key, policy.locale), policy)  # digests of reviewed spans
    found = apply_decisions(cells.texts, found, ctx)
    # Shared pages are judged over the whole column (the spread pass drops them): here,
    # each column's URLs and the texts that hold them.
    urls = {c: url_texts(cells.texts[i] for i, (col, _) in enumerate(cells.slots) if col == c)
            for c in cells.rows}  # fmt: skip
    base = work / TEXT_DIR / f"{table}-{part.stem}"
    return Detected(
        _dump(base.with_suffix(".spans.pickle"), cells.by_column(found)),
        table,
        _dump(
            base.with_suffix(".guesses.pickle"),
            (guesses(cells.texts, found, policy, cells.technical), urls),
        ),
    )


@dataclass
class SpreadInput:
    """What every spread task shares (``OnDisk``): the bundle's guesses as values to
    search for, and the shared pages of each searched column."""

    extra: KnownValues
    shared: dict[tuple[str, str], frozenset[str]]


def merge_detected(detected: Sequence[Detected], policy: Policy) -> tuple[Guesses, SpreadInput]:
    """The partitions' guesses and URL counts, merged: the search for the spread pass."""
    merged = Guesses()
    urls: dict[tuple[str, str], dict[str, set[bytes]]] = {}
    for d in detected:
        g, columns = d.load()
        merged.merge(g)
        table = d.table
        for column, held in columns.items():
            merge_url_texts(urls.setdefault((table, column), {}), held)
    shared = {place: shared_of(held) for place, held in urls.items()}
    return merged, SpreadInput(merged.known(policy), {p: s for p, s in shared.items() if s})


@dataclass
class Spread:
    """What the spread pass returns: the text value store files per entity, the counts
    of texts holding each guess, and the partition's candidates, on disk."""

    store: dict[str, Path] = field(default_factory=dict)
    held: Path | None = None
    more: Path | None = None
    #: pickle of (entity → sure target values, entity → guess target values)
    targets: Path | None = None


def spread_partition(
    part: Path,
    table: str,
    plan: Plan,
    policy: Policy,
    key: bytes,
    optouts: object,
    known: KnownInput,
    search: SpreadInput,
    detected: Detected,
    work: Path,
    store: Path,
    digest: object,
) -> Spread:
    """Candidates of the bundle's guesses in this partition's texts, every span and
    candidate retyped as the tables know its string, and their values written to the
    partition's text value store (``digest``: the store's keyed digest function)."""
    if detected.spans is None:
        return Spread()
    decisions = text_decisions(plan, table)
    df = _kept(part, key, optouts)
    cells = Cells.of(df, decisions)
    spans_by_col: dict[str, list[list[Span]]] = pickle.loads(detected.spans.read_bytes())
    for column, rows in spans_by_col.items():
        if shared := search.shared.get((table, column)):
            texts = [t or "" for t in cell_texts(df[column])]
            spans_by_col[column] = drop_urls(texts, rows, shared)
    found = cells.flat(spans_by_col)
    more, held = candidates(cells.texts, found, search.extra, cells.technical)
    places = {(table, c): cell_texts(df[c]) for c in cells.rows}
    spans = {(table, c): rows for c, rows in spans_by_col.items()}
    more_by = {(table, c): rows for c, rows in cells.by_column(more).items()}
    retype_spans(places, spans, known.structured)
    retype_spans(places, more_by, known.structured)
    values: dict[str, set[str]] = {}
    sure: dict[str, set[str]] = {}
    guess: dict[str, set[str]] = {}
    for place in spans:
        for text, row, cand in zip(places[place], spans[place], more_by[place], strict=True):
            for sp in (*row, *cand):
                value = (text or "")[sp.start : sp.end]
                values.setdefault(sp.entity, set()).add(value)
                if sp.stands_for:
                    values[sp.entity].add(sp.stands_for)
                    if value.isdigit():
                        continue
                if sp.source in CERTAIN and (sp.source != "known" or fold(value) in known.words):
                    sure.setdefault(sp.entity, set()).add(value)
                elif is_target(sp, value):
                    guess.setdefault(sp.entity, set()).add(value)
    base = work / TEXT_DIR / f"{table}-{part.stem}"
    files: dict[str, Path] = {}
    for entity, vals in values.items():
        ordered = sorted(vals)
        dest = store / entity / f"text-{table}-{part.stem}.parquet"
        dest.parent.mkdir(parents=True, exist_ok=True)
        pl.DataFrame(
            {"value": ordered, "h": digest(key, entity, ordered)},  # type: ignore[operator]
            schema={"value": pl.String, "h": pl.UInt64},
        ).write_parquet(dest, compression="lz4", statistics=False)
        files[entity] = dest
    _dump(base.with_suffix(".spans.pickle"), {c: spans[(table, c)] for c in cells.rows})
    return Spread(
        files,
        _dump(base.with_suffix(".held.pickle"), held),
        _dump(base.with_suffix(".more.pickle"), {c: more_by[(table, c)] for c in cells.rows}),
        _dump(base.with_suffix(".targets.pickle"), (sure, guess)),
    )


def merge_held(spreads: Sequence[Spread]) -> Counter[str]:
    held: Counter[str] = Counter()
    for s in spreads:
        if s.held is not None:
            held.update(pickle.loads(s.held.read_bytes()))
    return held


def final_spans(
    df: pl.DataFrame, table: str, plan: Plan, detected: Detected, spread_: Spread,
    rejected: set[str],
) -> dict[tuple[str, str], list[list[Span]]]:  # fmt: skip
    """The partition's spans per searched column: its own, and the candidates of the
    guesses NER agreed on; none across the items of a list cell."""
    if detected.spans is None or spread_.more is None:
        return {}
    cells = Cells.of(df, text_decisions(plan, table))
    own = cells.flat(pickle.loads(detected.spans.read_bytes()))
    more = cells.flat(pickle.loads(spread_.more.read_bytes()))
    found = drop_item_crossing(cells.texts, spread(cells.texts, own, more, rejected))
    return {(table, c): rows for c, rows in cells.by_column(found).items()}


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
    structured_files: dict[str, list[Path]], spreads: Sequence[Spread], policy: Policy
) -> GlobalTargets:
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
        s_sure, s_guess = pickle.loads(s.targets.read_bytes())
        for into, part in ((sure, s_sure), (guess, s_guess)):
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


_pieces: dict[int, tuple[KnownInput, Pieces]] = {}


def _pieces_for(known: KnownInput, policy: Policy) -> Pieces:
    """The bundle's address pieces, made once per worker."""
    held = _pieces.get(id(known))
    if held is None or held[0] is not known:
        _pieces.clear()
        min_length = policy.detection.min_known_length
        held = (known, address_pieces(known.structured, set(known.structured), min_length))
        _pieces[id(known)] = held
    return held[1]


#: Per entity, (sorted digests, settled attempts) of the values settling moved.
Moved = dict[str, tuple[np.ndarray, np.ndarray]]


def compose_text_addresses(
    ctx: Context,
    wanted: dict[str, set[str]],
    known: KnownInput,
    targets: GlobalTargets,
    moved: Moved,
    digest: object,
) -> None:
    """Addresses only this partition's texts hold, rebuilt from the fakes of the street,
    town and postcode the tables know (``consistency.compose_addresses``), as in memory:
    the pieces' fakes are computed here, at the attempt settling gave them (``moved``),
    wherever in the bundle they lie; a rebuilt fake that holds a real value is drawn
    whole again (``apply.scrub_rebuilt``)."""
    policy, pz = ctx.policy, ctx.pseudonymizer
    mentioned = {
        e: {v for v in wanted.get(e, ()) if v not in known.structured.get(e, ())}
        for e in LOCAL_ENTITIES
        if policy.operator_for(e) == "fake"
    }
    mentioned = {e: v for e, v in mentioned.items() if v}
    if not mentioned:
        return
    pieces = _pieces_for(known, policy)
    by_entity: dict[str, list[str]] = {}
    for entity, original in sorted(pieces.found(v for vs in mentioned.values() for v in vs)):
        by_entity.setdefault(entity, []).append(original)
    for entity, originals in by_entity.items():
        h = digest(pz.key, entity, originals)  # type: ignore[operator]
        digests, attempts = moved.get(entity, (np.empty(0, np.uint64), np.empty(0, np.int64)))
        at = np.zeros(len(originals), dtype=np.int64)
        if digests.size:
            pos = np.minimum(np.searchsorted(digests, h), digests.size - 1)
            hit = digests[pos] == h
            at[hit] = attempts[pos[hit]]
        norms = [normalise(entity, o) for o in originals]
        fakes, _ = pz.fake_many(entity, originals, norms, at.tolist())
        ctx.maps.setdefault(entity, {}).update(zip(originals, fakes, strict=True))
    for entity in mentioned:
        ctx.maps.setdefault(entity, {})
    min_length = policy.detection.min_known_length
    rebuilt = compose_addresses(pz, ctx.maps, known.structured, mentioned, min_length, pieces)
    scrub_rebuilt(ctx, rebuilt, matcher=matcher_for(targets, policy)[1])


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
        detector = _detector(ctx.policy, None)
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
