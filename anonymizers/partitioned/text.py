"""Free text in partitioned runs: detection, spreading and the text checks, partition by
partition, with what must be known of the whole bundle decided between passes.

The in-memory path finds spans in every text of the bundle at once
(``transform.apply.detect_free_text``). Here each step that needs the whole bundle is
split into a per-partition part on the workers and a small merge in the parent:

1. ``named_ids`` (in the collect pass): ids that texts name ("my customer number is
   553120"), so the same number elsewhere in the bundle is the same id.
   The index pass (``index_pass.py``): the bundle's structured values indexed for
   detection (``known_index.py``) and for the text checks (``target_index.py``), a chunk
   of values a worker task.
2. ``detect_partition``: the known values of the whole bundle (every structured value
   and named id, ``KnownInput``) found in each text, with NER and the rules; the
   spreadable guesses of the partition go back (``propagate.Guesses``).
3. The parent merges the guesses of every partition (on disk: ``text_merge.py``).
4. ``spread_partition``: where those guesses occur in this partition's texts outside its
   spans (candidates), each span given the type the tables know its string under
   (``consistency.retype_spans``); every value a span or candidate holds goes to the
   partition's text value store, so settling gives it a fake like a column value.
5. The parent merges the counts of texts holding each guess and decides which guesses
   NER agreed on (``MergedGuesses.rejected``, as ``Guesses.rejected``); the apply pass
   adds the other candidates.
6. In the apply pass: text-only addresses rebuilt from known pieces
   (``text_addresses.py``), then the output text checked against every real value of the
   bundle and re-scanned by NER on the partition's share of the residual sample
   (``text_checks.py``).

Results depend on the data only: spans of a text depend on the text and the bundle's
known values and guesses, never on the partition it lies in. Memory: the bundle's known
values, guesses and leak targets are indexed on disk once (``known_index.py``,
``target_index.py``); a worker reads back those its partition's texts can hold, so it
holds its partition's share, not the bundle's. The structured names, places and
postcodes the retyping and the address pieces consult are still held whole.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from anonymizers.detect.known import KnownValues
from anonymizers.detect.pieces import detect_in_pieces
from anonymizers.detect.recognizers.account_numbers import account_numbers
from anonymizers.detect.shared_urls import drop_urls, url_texts
from anonymizers.detect.spans import Span
from anonymizers.detect.spelling import fold
from anonymizers.detect.text import TextDetector
from anonymizers.offline import configure_offline
from anonymizers.partitioned.categories import CategoryVeto
from anonymizers.partitioned.known_index import KnownIndex, write_known_index
from anonymizers.partitioned.text_merge import (
    MergedGuesses,
    Rejected,
    merged_values,
    shared_pages,
    write_counts,
    write_guesses,
)
from anonymizers.plan.columns import TEXT_KINDS, ColumnDecision, Plan
from anonymizers.policy import Policy
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.apply import (
    Context,
    apply_decisions,
    cell_texts,
    cut_item_crossing,
    is_target,
    string_values,
)
from anonymizers.transform.consistency import (
    retype_spans,
)
from anonymizers.transform.propagate import CERTAIN, candidates, guesses, spread

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
    structured value and named id, on disk (``known_index``: a partition reads back only
    those its texts can hold), and the structured values the retyping consults."""

    index: KnownIndex
    structured: dict[str, set[str]]
    #: the bundle's kept categories, which no NER guess replaces (``categories.py``)
    categories: frozenset[str] = frozenset()

    def known_for(self, texts: Sequence[str]) -> KnownValues:
        return self.index.known_for(texts)

    def words_among(self, folded: set[str]) -> set[str]:
        """Those of ``folded`` that are a structured value or one of its words, folded:
        a "known" span whose value is none of these was an NER guess spread to other
        texts, no sure target."""
        return self.index.words_among(folded)


_detectors: dict[int, tuple[object, TextDetector]] = {}
#: The detector of a run's texts (its known values set per partition: ``known_for``).
_RUN_KNOWN = KnownValues.blank(0)


def detector_for(policy: Policy, known: KnownValues | None) -> TextDetector:
    """One detector per worker and known-value set (the model loads once per process).
    Waits for a warm-up in progress (``warm_detector``): the model is loaded once."""
    configure_offline()
    with _detectors_lock:
        held = _detectors.get(id(known))
        if held is None or held[0] is not known:
            if len(_detectors) > 1:  # the run's known values and the bare re-scan's at most
                _detectors.clear()
            held = (known, TextDetector(policy, known))
            _detectors[id(known)] = held
    return held[1]


_detectors_lock = threading.RLock()
_warming: threading.Thread | None = None
#: A few words that take a text through every layer of detection once (the model, the
#: tagger's windows, the word lists, the phone matcher), each loaded on its first use.
_WARM_TEXT = "Please ask Maria Jensen in Leeds to call +44 20 7946 0958 about order 5521."


def warm_detector(policy: Policy) -> bool:
    """Load the model and detection's lazily read lists in a worker process in the
    background, from its first task of a run with free text (the collect pass): it loads
    while the parent merges the collected values, not when the first detect task has
    come. The first detection waits for it (``detector_for``'s lock). Nothing in the
    flow's own process: a run there loads its model beforehand (``flows/cli/app.py``).
    Returns whether this process is warming (or has warmed) its detector."""
    global _warming
    if multiprocessing.parent_process() is None:
        return False
    if _warming is None:
        _warming = threading.Thread(target=_warm, args=(policy,), name="warm-detector",
                                    daemon=True)  # fmt: skip
        _warming.start()
    return True


def _warm(policy: Policy) -> None:
    with _detectors_lock, contextlib.suppress(Exception):  # a failing load is detect's to report
        detector_for(policy, None).detect([_WARM_TEXT])


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


#: What a detection slice holds at most, in characters of searched text (past its first
#: row): a slice's cost follows its text, not its rows (a 1,000-row slice of chat
#: transcripts held 3.6 times the text of one of survey comments), so slices of like
#: cost keep the workers evenly busy to the end of the pass whatever order the task
#: runner starts them in. About 3 s of detection on one core; a slice's own cost
#: (reading its partition, a task's bookkeeping) is about 0.1 s.
SLICE_CHARS = 100_000
#: A text's detection costs its length and about this many characters more (spaCy's and
#: the rules' work per text: ~370 us against ~24 us a character, 3,000 short replies
#: against 300 paragraphs).
TEXT_CHARS = 15
#: A cell whose text the partition holds already costs this much: a slice detects each
#: distinct text once (``detect_partition``), so a million rows of three user agents are
#: a few slices, not a thousand (an orders table's user-agent column: 1,325 slices, 280 s
#: of a 546 s run, before).
REPEAT_CHARS = 1
#: The collect pass cuts a partition's text this much finer (``text_cuts``), with each
#: piece's size, so that the detect pass can send the end of its text in small slices
#: (``text_run.detect_slices``).
PIECES_PER_SLICE = 4


def text_cuts(
    df: pl.DataFrame, decisions: Sequence[ColumnDecision], chars: int | None = None
) -> list[tuple[int, int, int]]:
    """Row slices ``(lo, hi, cost)`` of ``df`` (a partition's kept rows) for the detect
    pass, in order: past its first row each costs at most ``chars`` (``SLICE_CHARS``),
    and says what it costs: a text's characters and ``TEXT_CHARS`` where the partition
    first holds it, ``REPEAT_CHARS`` where it repeats one. Spans do not depend on the
    slices."""
    chars = SLICE_CHARS if chars is None else chars
    costs = [0] * df.height
    for dec in decisions:
        seen: set[str] = set()
        for i, text in enumerate(cell_texts(df[dec.column])):
            if not text:
                continue
            if text in seen:
                costs[i] += REPEAT_CHARS
            else:
                seen.add(text)
                costs[i] += len(text) + TEXT_CHARS
    cuts: list[tuple[int, int, int]] = []
    lo, held = 0, 0
    for i, n in enumerate(costs):
        if i > lo and held + n > chars:
            cuts.append((lo, i, held))
            lo, held = i, 0
        held += n
    if lo < df.height:
        cuts.append((lo, df.height, held))
    return cuts


def _kept(part: Path, key: bytes, optouts: object) -> pl.DataFrame:
    df = pl.read_parquet(part)
    return optouts.split(df, key)[0]  # type: ignore[attr-defined]


@dataclass
class Detected:
    """What the detect pass returns: the partition's spans and guesses, on disk."""

    spans: Path | None = None
    table: str = ""
    #: folder of the partition's guesses and page addresses (``text_merge.write_guesses``)
    guesses: Path | None = None
    #: the folders of its other row slices' guesses (``join_slices``)
    more_guesses: tuple[Path, ...] = ()


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
    rows: tuple[int, int] | None = None,
) -> Detected:
    """Spans of every searched text of one partition's kept rows (known values, NER and
    rules; patterns only in technical text), a reviewer's verdicts applied and shared
    page addresses dropped (shared within the partition's column), and its guesses.
    ``rows``: only kept rows [start, stop) of it, so that the workers share out one
    large partition (``join_slices`` puts the slices together)."""
    decisions = text_decisions(plan, table)
    if not decisions:
        return Detected()
    df = _kept(part, key, optouts)
    if rows is not None:
        df = df.slice(rows[0], rows[1] - rows[0])
    cells = Cells.of(df, decisions)
    detector = detector_for(policy, _RUN_KNOWN)
    detector.known = known.known_for(cells.texts)
    found: list[list[Span]] = [[] for _ in cells.texts]
    human = [i for i in range(len(cells.texts)) if i not in cells.technical]
    machine = sorted(cells.technical)
    # Each distinct text once (a column of user agents, a canned reply), in chunks of the
    # policy's size: a partition of 50,000 tickets at once would hold all their parses
    # (GBs) for nothing, since a text's spans do not depend on the texts beside it.
    size = max(1, policy.nlp.chunk_size)
    for picked, detect in ((human, detector.detect), (machine, detector.detect_patterns)):
        first: dict[str, int] = {}
        for i in picked:
            first.setdefault(cells.texts[i], i)
        distinct = list(first.values())
        for start in range(0, len(distinct), size):
            chunk = distinct[start : start + size]
            spans = detect_in_pieces(detect, [cells.texts[i] for i in chunk])
            for i, s in zip(chunk, spans, strict=True):
                found[i] = s
        for i in picked:
            found[i] = list(found[first[cells.texts[i]]])
    finds = detector.known.find if detector.known is not None else None
    found = CategoryVeto(known.categories)(cells.texts, found, finds)
    ctx = Context(Pseudonymizer(key, policy.locale), policy)  # digests of reviewed spans
    found = apply_decisions(cells.texts, found, ctx)
    # Shared pages are judged over the whole column (the spread pass drops them): here,
    # each column's URLs and the texts that hold them.
    urls = {c: url_texts(cells.texts[i] for i, (col, _) in enumerate(cells.slots) if col == c)
            for c in cells.rows}  # fmt: skip
    base = work / TEXT_DIR / f"{table}-{part.stem}{'' if rows is None else f'-r{rows[0]}'}"
    return Detected(
        _dump(base.with_suffix(".spans.pickle"), cells.by_column(found)),
        table,
        write_guesses(
            base.with_suffix(".guesses"),
            table,
            guesses(cells.texts, found, policy, cells.technical),
            urls,
        ),
    )


def join_slices(slices: Sequence[Detected], part: Path, work: Path) -> Detected:
    """One partition's ``Detected`` from those of its row slices, in row order: a text's
    spans do not depend on the texts beside it, and the slices' guesses and page counts
    are merged with every other partition's (``merge_detected``). Its spans file is the
    partition's own (``<table>-<part>.spans.pickle``), which the spread pass rewrites and
    the apply pass reads: written only if missing, so a resumed run keeps what its spread
    pass wrote (the slices' files stay, as the checkpoints name them)."""
    if slices[0].spans is None:
        return slices[0]
    spans_file = work / TEXT_DIR / f"{slices[0].table}-{part.stem}.spans.pickle"
    if not spans_file.exists():
        spans: dict[str, list[list[Span]]] = {}
        for d in slices:
            for column, rows in pickle.loads(d.spans.read_bytes()).items():  # type: ignore[union-attr]
                spans.setdefault(column, []).extend(rows)
        _dump(spans_file.with_suffix(".part"), spans)
        spans_file.with_suffix(".part").rename(spans_file)  # whole, or not there
    folders = tuple(d.guesses for d in slices if d.guesses is not None)
    return Detected(spans_file, slices[0].table, folders[0], folders[1:])


@dataclass
class SpreadInput:
    """What every spread task shares (``OnDisk``): the bundle's guesses as values to
    search for (indexed: ``known_index``), and the shared pages of each searched column."""

    extra: KnownIndex
    shared: dict[tuple[str, str], frozenset[str]]

    def extra_for(self, texts: Sequence[str]) -> KnownValues:
        """The guesses these texts can hold."""
        return self.extra.known_for(texts)


def merge_detected(
    detected: Sequence[Detected], policy: Policy, work: Path
) -> tuple[MergedGuesses, SpreadInput]:
    """The partitions' guesses and page addresses, merged on disk (``text_merge``): the
    search for the spread pass, indexed under ``work`` (a worker reads back only the
    guesses its partition's texts can hold)."""
    folders = [f for d in detected if d.guesses is not None for f in (d.guesses, *d.more_guesses)]
    min_length = policy.detection.min_known_length
    folder = work / TEXT_DIR / "guess-index"
    index = write_known_index(merged_values(folders), (), min_length, folder, False)
    return MergedGuesses(tuple(folders), work / TEXT_DIR), SpreadInput(index, shared_pages(folders))


@dataclass
class Spread:
    """What the spread pass returns: the text value store files per entity, the counts
    of texts holding each guess, and the partition's candidates, on disk."""

    store: dict[str, Path] = field(default_factory=dict)
    held: Path | None = None
    more: Path | None = None
    #: pickle of (entity → sure target values, entity → guess target values)
    targets: Path | None = None
    #: pickle of the name sets of the stored values (``passes.spread_named``)
    names: Path | None = None
    #: Parquet of its names' share of the bundle's initials (``initials.initials_share``)
    initials: Path | None = None


@dataclass
class TextTargets:
    """Values the text spans found, for the leak check: sure ones (a table value found
    again, a pattern) and NER guesses, entity → values."""

    sure: dict[str, set[str]] = field(default_factory=dict)
    guess: dict[str, set[str]] = field(default_factory=dict)

    def without(self, rejected: Rejected) -> TextTargets:
        """The same but the values of ``rejected`` guesses (folded)."""
        out = rejected.among({fold(v) for part in (self.sure, self.guess)
                              for vals in part.values() for v in vals})  # fmt: skip

        def keep(part: dict[str, set[str]]) -> dict[str, set[str]]:
            return {e: {v for v in vals if fold(v) not in out} for e, vals in part.items()}

        return TextTargets(keep(self.sure), keep(self.guess))

    def guesses_without(self, rejected: Rejected) -> TextTargets:
        """The same but the guesses ``rejected`` (folded): a guess the texts did not
        agree on stays replaced where it was found and is no target elsewhere, where it is
        the text's own word ("Oak" of "Oak Desk Lamp")."""
        out = rejected.among({fold(v) for vals in self.guess.values() for v in vals})
        guess = {e: {v for v in vals if fold(v) not in out} for e, vals in self.guess.items()}
        return TextTargets(self.sure, guess)


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
    more, held = candidates(cells.texts, found, search.extra_for(cells.texts), cells.technical)
    places = {(table, c): cell_texts(df[c]) for c in cells.rows}
    spans = {(table, c): rows for c, rows in spans_by_col.items()}
    more_by = {(table, c): rows for c, rows in cells.by_column(more).items()}
    retype_spans(places, spans, known.structured)
    retype_spans(places, more_by, known.structured)
    known_spans = {
        fold((text or "")[sp.start : sp.end])
        for place in spans
        for text, row, cand in zip(places[place], spans[place], more_by[place], strict=True)
        for sp in (*row, *cand)
        if sp.source == "known"
    }
    words = known.words_among(known_spans)
    values: dict[str, set[str]] = {}
    # Targets of the partition's own spans, and of the candidates: a candidate is a
    # target only if its guess is not rejected, which the flow decides after this pass
    # (``global_targets``), as in memory the gate sees only the spans kept.
    own = TextTargets()
    more_targets = TextTargets()
    for place in spans:
        for text, row, cand in zip(places[place], spans[place], more_by[place], strict=True):
            for into, found in ((own, row), (more_targets, cand)):
                for sp in found:
                    value = (text or "")[sp.start : sp.end]
                    values.setdefault(sp.entity, set()).add(value)
                    if sp.stands_for:
                        values[sp.entity].add(sp.stands_for)
                        if value.isdigit():
                            continue
                    if sp.source in CERTAIN and (sp.source != "known" or fold(value) in words):
                        into.sure.setdefault(sp.entity, set()).add(value)
                    elif is_target(sp, value):
                        into.guess.setdefault(sp.entity, set()).add(value)
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
        write_counts(base.with_suffix(".held.parquet"), held),
        _dump(base.with_suffix(".more.pickle"), {c: more_by[(table, c)] for c in cells.rows}),
        _dump(base.with_suffix(".targets.pickle"), (own, more_targets)),
    )


def merge_held(spreads: Sequence[Spread]) -> list[Path]:
    """The partitions' counts of texts holding each guess (``MergedGuesses.rejected``)."""
    return [s.held for s in spreads if s.held is not None]


def final_spans(
    df: pl.DataFrame, table: str, plan: Plan, detected: Detected, spread_: Spread,
    rejected: set[str] | Rejected,
) -> dict[tuple[str, str], list[list[Span]]]:  # fmt: skip
    """The partition's spans per searched column: its own, and the candidates of the
    guesses NER agreed on; none across the items of a list cell."""
    if detected.spans is None or spread_.more is None:
        return {}
    cells = Cells.of(df, text_decisions(plan, table))
    own = cells.flat(pickle.loads(detected.spans.read_bytes()))
    more = cells.flat(pickle.loads(spread_.more.read_bytes()))
    if isinstance(rejected, Rejected):  # only this partition's candidates are asked
        asked = {
            fold(t[x.start : x.end]) for t, m in zip(cells.texts, more, strict=True) for x in m
        }
        rejected = rejected.among(asked)
    found = cut_item_crossing(cells.texts, spread(cells.texts, own, more, rejected))
    return {(table, c): rows for c, rows in cells.by_column(found).items()}
