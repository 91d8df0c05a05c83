"""Apply a plan: one keyed mapping per entity for the whole bundle, then replace.

Order matters for consistency. Free text is scanned first, so the values found there
join the values of the structured columns before any fake is drawn; each entity then
gets one mapping for the whole bundle. A customer id therefore gets the same fake in
every table and in every transcript, and the foreign keys still join. What the maps
learn from the whole bundle (known types over NER's, country locales, initials, text
addresses rebuilt from their known pieces) lives in ``consistency.py``.
"""

from __future__ import annotations

import multiprocessing
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial

import polars as pl

from anonymizers.detect.known import ID_LIKE, KnownValues
from anonymizers.detect.known_ids import distinctive_cores, written_like
from anonymizers.detect.masking import masked_context
from anonymizers.detect.pieces import detect_in_pieces
from anonymizers.detect.recognizers.account_numbers import account_numbers
from anonymizers.detect.review import load_decisions
from anonymizers.detect.shared_urls import drop_shared
from anonymizers.detect.spans import Span
from anonymizers.detect.text import TextDetector
from anonymizers.detect.whole_words import LeakMatcher
from anonymizers.io.tables import Table
from anonymizers.plan.columns import TEXT_KINDS, ColumnDecision, Plan
from anonymizers.policy import Policy
from anonymizers.pseudonymise.keyed import derive
from anonymizers.pseudonymise.normalise import normalise, normalise_many
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.consistency import (
    KNOWN_ENTITIES,
    LOCAL_ENTITIES,
    compose_addresses,
    place_locales,
    retype_spans,
    row_names,
    teach_initials,
)
from anonymizers.transform.propagate import CERTAIN, propagate

NAME_ENTITIES = ("PERSON", "FIRST_NAME", "LAST_NAME")
#: Entities whose real values no place fake may pick (``Pseudonymizer.reserve_places``).
PLACE_ENTITIES = ("LOCATION", "ORGANIZATION", "ZIP_CODE")
#: Operators that take no value mapping: kept as is, or shifted per subject afterwards
#: (anonymizers/governance/govern.py).
UNMAPPED = ("keep", "shift")

#: Entities whose fakes depend on the key and the value only (not on the name-part
#: registry or the reserved real words): they can be mapped in another process.
SELF_CONTAINED = frozenset({"PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE",
                            "IP_ADDRESS", "ID", "ZIP_CODE", "DATE", "DATE_OF_BIRTH"})  # fmt: skip
#: Entities whose fakes depend on the key, the value, the bundle's reserved words and the
#: locale hints only (no name-part registry): they can be mapped in another process given
#: those, when no entity mapped before them here reserves more words (``RESERVING``).
RESERVED_ONLY = frozenset({"ADDRESS", "LOCATION", "ORGANIZATION"})
#: Entities whose ``build_map`` reserves words (names and e-mail local parts).
RESERVING = frozenset({*NAME_ENTITIES, "EMAIL_ADDRESS"})
#: Below this many values a worker start costs more than it saves.
PARALLEL_MAP_MIN = 200_000

#: Where a replacement sits in an output cell: (start, end) character offsets.
Region = tuple[int, int]


@dataclass
class Context:
    """Everything the replacement and the verification need about one bundle."""

    pseudonymizer: Pseudonymizer
    policy: Policy
    #: entity → {original value: replacement}
    maps: dict[str, dict[str, str]] = field(default_factory=dict)
    #: (table, column) → spans per row of that free-text column
    spans: dict[tuple[str, str], list[list[Span]]] = field(default_factory=dict)
    #: entity → {original: count of cells / spans} for the manifest's entity counts
    counts: dict[tuple[str, str, str], int] = field(default_factory=dict)
    review: list[dict] = field(default_factory=list)
    #: entity → real values the leak check hunts for: every structured value, and every
    #: span found by known values or patterns. Spans that only NER found in lower case
    #: ("onboard" read as a name) are replaced but not hunted: they are not identifiers.
    leak_targets: dict[str, set[str]] = field(default_factory=dict)
    _matcher: tuple[dict, LeakMatcher] | None = field(default=None, repr=False)

    def issued(self) -> set[str]:
        return {v for m in self.maps.values() for v in m.values()}

    def leak_matcher(self) -> LeakMatcher:
        """One index over the leak targets, shared by the scrub and the leak check:
        built once (it is the largest object of a big run), rebuilt if the targets change."""
        if self._matcher is None or self._matcher[0] is not self.leak_targets:
            size = self.policy.verification.min_leak_length
            self._matcher = (self.leak_targets, LeakMatcher(self.leak_targets, size))
        return self._matcher[1]


def string_values(series: pl.Series) -> pl.Series:
    if isinstance(series.dtype, pl.List):
        series = series.explode()
    return series.drop_nulls().cast(pl.String).unique()


def _name_parts(value: str) -> list[str]:
    return [p for p in value.replace(",", " ").split() if len(p) > 1 and p[0].isalpha()]


def known_values(tables: Sequence[Table], plan: Plan, policy: Policy) -> KnownValues:
    """Values of the structured sensitive columns, to be found again in free text; and
    the ids no table holds that a text names ("my customer number is 553120"), so that
    the same number elsewhere in the bundle is the same id, with the same fake."""
    known = KnownValues(policy)
    texts: list[str] = []
    for table in tables:
        for dec in plan.tables[table.name]:
            if dec.kind in TEXT_KINDS and "ID" in policy.detection.entities:
                values = string_values(table.df[dec.column])
                texts.extend(values.filter(values.str.contains(r"\d{2}")).to_list())
            if dec.kind != "entity" or dec.operator in UNMAPPED or dec.entity is None:
                continue
            for value in string_values(table.df[dec.column]).to_list():
                known.add(dec.entity, value)
    for text in texts:
        for start, end, _entity, _score in account_numbers(text):
            known.add_named_id(text[start:end])
    return known


#: Detects spans in many texts: ``TextDetector.detect`` or a parallel equivalent.
DetectFn = Callable[[list[str]], list[list[Span]]]


def detect_free_text(
    tables: Sequence[Table],
    plan: Plan,
    detector: TextDetector | DetectFn,
    ctx: Context,
    patterns: DetectFn | None = None,
) -> None:
    """Spans for every free-text and technical cell of the bundle, in one batched call each.

    ``detector`` may be a function that spreads the texts over worker processes (the
    flow's chunked tasks); it must return the spans of each text in order. Technical
    columns (user agents, log lines) get ``patterns`` instead: known values, deny lists
    and patterns, no NER (``TextDetector.detect_patterns``, the default with a detector)."""
    detect = detector.detect if isinstance(detector, TextDetector) else detector
    if patterns is None and isinstance(detector, TextDetector):
        patterns = detector.detect_patterns
    # A long cell goes out as pieces (detect/pieces.py): spread over the workers with
    # progress, instead of one task that never reports.
    detect = partial(detect_in_pieces, detect)
    if patterns is not None:
        patterns = partial(detect_in_pieces, patterns)
    cells: list[str] = []
    slots: list[tuple[str, str, int]] = []
    technical: set[int] = set()
    for table in tables:
        for dec in plan.tables[table.name]:
            if dec.kind not in TEXT_KINDS or dec.operator == "keep":
                continue
            texts = cell_texts(table.df[dec.column])
            ctx.spans[(table.name, dec.column)] = [[] for _ in texts]
            for row, text in enumerate(texts):
                if text:
                    if dec.kind == "technical":
                        technical.add(len(cells))
                    cells.append(text)
                    slots.append((table.name, dec.column, row))
    if not cells:
        return
    if technical and patterns is None:
        raise ValueError("technical columns need a pattern detector (TextDetector.detect_patterns)")
    human = [i for i in range(len(cells)) if i not in technical]
    machine = sorted(technical)
    found: list[list[Span]] = [[] for _ in cells]
    for i, spans in zip(human, detect([cells[i] for i in human]) if human else [], strict=True):
        found[i] = spans
    if machine:
        assert patterns is not None
        for i, spans in zip(machine, patterns([cells[i] for i in machine]), strict=True):
            found[i] = spans
    # Decisions first: a rejected false positive must not be propagated to other texts.
    found = apply_decisions(cells, found, ctx)
    # A page address that many texts of a column share is the organisation's, not a person's.
    found = drop_shared(cells, found, [(t, c) for t, c, _ in slots])
    found = propagate(cells, found, ctx.policy, skip=technical)
    found = drop_item_crossing(cells, found)
    for (tname, column, row), spans, text in zip(slots, found, cells, strict=True):
        ctx.spans[(tname, column)][row] = spans
        for span in spans:
            key = (tname, column, span.entity)
            ctx.counts[key] = ctx.counts.get(key, 0) + 1
            if getattr(span, "review", False):
                ctx.review.append(
                    {
                        "entity": span.entity,
                        "table": tname,
                        "column": column,
                        "row": row,
                        "score": round(span.score, 3),
                        "context": masked_context(text, span, spans),
                        "digest": ctx.pseudonymizer.digest(
                            span.entity, text[span.start : span.end]
                        ),
                    }
                )


def drop_item_crossing(cells: list[str], found: list[list[Span]]) -> list[list[Span]]:
    """Spans that run across two items of a list cell are no value: dropped."""
    return [
        [sp for sp in spans if _ITEM_SEP not in text[sp.start : sp.end]]
        for text, spans in zip(cells, found, strict=True)
    ]


#: Joins the items of a list-of-text cell so it is scanned as one text (paragraph
#: separator: never inside a value; spans across it are dropped).
_ITEM_SEP = "\n\u2029\n"


def cell_texts(series: pl.Series) -> list[str | None]:
    """One text per row; a list of strings becomes its items joined by ``_ITEM_SEP``."""
    if isinstance(series.dtype, pl.List):
        return [
            None if items is None else _ITEM_SEP.join("" if i is None else i for i in items)
            for items in series.to_list()
        ]
    return series.cast(pl.String).to_list()


def _from_cell_texts(series: pl.Series, texts: list[str | None]) -> pl.Series:
    """Inverse of ``cell_texts`` (an empty list stays empty, a null item stays null)."""
    if not isinstance(series.dtype, pl.List):
        return pl.Series(series.name, texts, dtype=pl.String).cast(series.dtype)
    rebuilt = []
    for before, text in zip(series.to_list(), texts, strict=True):
        if before is None or text is None:
            rebuilt.append(before)
            continue
        items = text.split(_ITEM_SEP) if before else []
        rebuilt.append([None if b is None else i for b, i in zip(before, items, strict=True)])
    return pl.Series(series.name, rebuilt, dtype=series.dtype)


#: Sources whose spans are certain enough to hunt for everywhere.


def is_target(span: Span, value: str) -> bool:
    return span.source in CERTAIN or any(c.isupper() or c.isdigit() for c in value)


def apply_decisions(cells: list[str], found: list[list[Span]], ctx: Context) -> list[list[Span]]:
    """A reviewer's verdicts: rejected spans are left alone, accepted ones stop being
    listed for review. Only uncertain spans (not known values) can be rejected."""
    decisions = load_decisions(ctx.policy.detection.review_decisions)
    if not decisions:
        return found
    out = []
    for text, spans in zip(cells, found, strict=True):
        kept = []
        for sp in spans:
            verdict = None
            if sp.source not in CERTAIN:
                verdict = decisions.get(
                    ctx.pseudonymizer.digest(sp.entity, text[sp.start : sp.end])
                )
            if verdict == "reject":
                continue
            kept.append(sp._replace(review=False) if verdict == "accept" else sp)
        out.append(kept)
    return out


def _map_apart(
    key: bytes,
    locale: str,
    entity: str,
    values: pl.Series,
    reserved: set[str] | None = None,
    hints: dict[str, str] | None = None,
) -> dict[str, str]:
    """One entity's mapping in a worker process (no shared name registry needed): with
    the bundle's ``reserved`` words and locale ``hints`` for a place entity."""
    pz = Pseudonymizer(key, locale)
    if reserved is not None:
        pz.load_registry(({}, {"first": set(), "last": set()}, reserved))
    if hints:
        pz.set_locales(entity, hints)
    return pz.build_map(entity, values)


def _build_apart(
    ctx: Context,
    apart: dict[str, set[str]],
    workers: int,
    rest: Callable[[], dict[str, dict[str, str]]],
) -> dict[str, dict[str, str]]:
    """Self-contained entities (and places, with the reserved words they avoid) on local
    worker processes while this process maps the names (they share the part registry).
    The key goes to local processes only, over a pipe; an entity is never split, so
    collisions settle exactly as in one process."""
    ctxt = multiprocessing.get_context("forkserver")  # no fork of a threaded process
    pz = ctx.pseudonymizer
    with ProcessPoolExecutor(max_workers=min(workers, len(apart)), mp_context=ctxt) as pool:
        # Biggest first, so the longest map does not start last.
        order = sorted(apart, key=lambda e: -len(apart[e]))
        reserved = set(pz.registry()[2])  # a copy: names mapped here reserve more
        # build_map sorts for itself; a polars Series pickles as one Arrow buffer. A place
        # entity takes the reserved words and its locale hints along.
        futures = {
            e: pool.submit(_map_apart, pz.key, pz.locale, e,
                           pl.Series(list(apart[e]), dtype=pl.String),
                           *((reserved, pz.locales(e)) if e in RESERVED_ONLY else ()))
            for e in order
        }  # fmt: skip
        out = rest()
        out.update({e: f.result() for e, f in futures.items()})
    return out


def mapped_apart(values: dict[str, set[str]], policy: Policy, workers: int) -> list[str]:
    """The entities ``build_maps`` maps on worker processes: the self-contained ones, and
    the places sorted before the first entity whose map reserves words (the maps here run
    in sorted order, so a place mapped after a name would avoid more words). None with
    one worker or few values."""
    faked = [e for e in values if policy.operator_for(e) == "fake"]
    first_reserving = min((e for e in faked if e in RESERVING), default=None)
    apart = [
        e for e in faked if e in SELF_CONTAINED
        or (e in RESERVED_ONLY and (first_reserving is None or e < first_reserving))
    ]  # fmt: skip
    if workers < 2 or sum(len(values[e]) for e in apart) < PARALLEL_MAP_MIN:
        return []
    return apart


def build_maps(
    tables: Sequence[Table],
    plan: Plan,
    ctx: Context,
    removed: Sequence[Table] = (),
    workers: int = 1,
) -> None:
    """One mapping per entity over every value of the bundle (columns and text spans).

    ``removed`` holds the rows taken out for opted-out subjects: their values are not
    published, but they join the leak targets and the reserved values, so an opted-out
    person appears nowhere, not even as somebody else's fake. With ``workers`` > 1 and a
    large bundle, self-contained entities are mapped on local processes: the same maps,
    sooner."""
    values: dict[str, set[str]] = defaultdict(set)
    for table in (*tables, *removed):
        for dec in plan.tables[table.name]:
            if dec.kind == "entity" and dec.entity and dec.operator not in UNMAPPED:
                values[dec.entity].update(string_values(table.df[dec.column]).to_list())
    texts = {
        (tname, column): cell_texts(next(t for t in tables if t.name == tname).df[column])
        for tname, column in ctx.spans
    }
    # A string the tables know as a first name is one in text too (not NER's town).
    structured = {e: set(values[e]) for e in KNOWN_ENTITIES if e in values and ctx.spans}
    retype_spans(texts, ctx.spans, structured)
    # Structured values are all targets; spans add theirs (copied only where they do).
    targets: dict[str, set[str]] = dict(values)
    # So are the distinctive cores of ids ("553120" of ACC-553120): text replaces them
    # alone, and no fake may hold one.
    ids = {v: e for e in ID_LIKE for v in values.get(e, ())}
    for core, value in distinctive_cores(ids).items():
        entity = ids[value]
        if targets[entity] is values[entity]:
            targets[entity] = set(values[entity])
        targets[entity].add(core)
    mentioned: dict[str, set[str]] = {}  # places only text holds: rebuilt from known pieces
    for place, rows in ctx.spans.items():
        for text, spans in zip(texts[place], rows, strict=True):
            for span in spans:
                value = text[span.start : span.end]
                if span.entity in targets and targets[span.entity] is values[span.entity]:
                    targets[span.entity] = set(targets[span.entity])
                if span.entity in LOCAL_ENTITIES and value not in structured.get(span.entity, ()):
                    mentioned.setdefault(span.entity, set()).add(value)
                values[span.entity].add(value)
                if span.stands_for:
                    # "account 553120" is replaced after ACC-553120's fake; its bare
                    # digits are no target of their own (an amount may share them).
                    values[span.entity].add(span.stands_for)
                    if value.isdigit():
                        continue
                if is_target(span, value):
                    targets.setdefault(span.entity, set()).add(value)
    # Name parts seen anywhere must never come back as a fake name part.
    parts: set[str] = set()
    for entity in NAME_ENTITIES:
        for value in values.get(entity, ()):
            parts.update(_name_parts(value))
    ctx.pseudonymizer.reserve_name_parts(parts)
    # Nor a real town, company or postcode: Faker's towns and streets are made of
    # surnames (France has towns called Fischer and Le Gall) and house numbers of digits.
    # Drawn around up front, not re-drawn by the scrub (a tenth of a large staff's
    # street fakes were).
    for entity in PLACE_ENTITIES:
        ctx.pseudonymizer.reserve_places(values.get(entity, ()))
    teach_initials(ctx.pseudonymizer, values.get("PERSON", set()), row_names(tables, plan))
    for entity, hints in place_locales((*tables, *removed), plan).items():
        ctx.pseudonymizer.set_locales(entity, hints)
    apart = mapped_apart(values, ctx.policy, workers)

    def local() -> dict[str, dict[str, str]]:
        # Sorted: the name-part registry fills in the same order whatever the table order.
        return {
            e: replacements_for(ctx, e, ctx.policy.operator_for(e), values[e])
            for e in sorted(values)
            if e not in apart
        }

    if apart:
        maps = _build_apart(ctx, {e: values[e] for e in apart}, workers, rest=local)
    else:
        maps = local()
    for entity in sorted(maps):
        ctx.maps[entity] = maps[entity]
    ctx.leak_targets = {e: _replaced(vals, ctx.maps[e]) for e, vals in targets.items()}
    scrub_fakes(ctx)
    composed = {e: v for e, v in mentioned.items() if ctx.policy.operator_for(e) == "fake"}
    rebuilt = compose_addresses(ctx.pseudonymizer, ctx.maps, structured, composed,
                                ctx.policy.detection.min_known_length)  # fmt: skip
    scrub_rebuilt(ctx, rebuilt)


def scrub_rebuilt(
    ctx: Context,
    rebuilt: list[tuple[str, str]],
    rounds: int = 32,
    matcher: LeakMatcher | None = None,
) -> None:
    """The scrub for addresses rebuilt from their pieces after ``scrub_fakes``: the pieces
    between known ones are fresh fakes ("10939 Stephanie Port" while 10939 is a customer
    id). One that holds a real value is drawn whole again instead, like any other fake.
    ``matcher``: the real values (default: the context's leak targets)."""
    if not rebuilt:
        return
    matcher = matcher or ctx.leak_matcher()
    fakes = pl.Series([ctx.maps[e][v] for e, v in rebuilt], dtype=pl.String)
    for (entity, value), bad in zip(rebuilt, matcher.contains_many(fakes), strict=True):
        attempt = 0
        fake = ctx.maps[entity][value]
        while bad and attempt < rounds:
            attempt += 1
            fake = ctx.pseudonymizer.fake(entity, value, attempt)
            bad = matcher.contains(fake)
        ctx.maps[entity][value] = fake


def _replaced(values: set[str], mapping: dict[str, str]) -> set[str]:
    """``values`` without those their mapping leaves as they are ("---", "N/A"): those
    are no identifiers to hunt. Compared column-wise, not value by value."""
    originals = pl.Series(list(mapping), dtype=pl.String)
    same = originals.filter(originals == pl.Series(list(mapping.values()), dtype=pl.String))
    return values - set(same.to_list()) if same.len() else values


def scrub_fakes(ctx: Context, rounds: int = 32) -> None:
    """Re-draw any fake that contains a real value of the bundle as a whole word.

    Generators compose fakes from real-world word lists, so a fake street can be
    "Victor Ridge" while an employee is called Victor, or a fake phone can end in a real
    employee id. Such a fake is not a leak of that person, but it is indistinguishable
    from one, so it is re-drawn (deterministically: the next attempt of the same seed)."""
    matcher = ctx.leak_matcher()
    if not matcher.size:
        return
    faked = [e for e in ctx.maps if ctx.policy.operator_for(e) == "fake"]
    fakes = [pl.Series(list(ctx.maps[e].values()), dtype=pl.String) for e in faked]
    for entity, hit in zip(faked, matcher.each(matcher.contains_many, fakes), strict=True):
        mapping = ctx.maps[entity]
        if not hit.any():
            continue  # the common case: nothing to re-draw, so skip the per-value pass
        originals = list(mapping)
        norms = normalise_many(entity, pl.Series(originals, dtype=pl.String)).to_list()
        hit_norms = {norms[i] for i in hit.arg_true().to_list()}
        norm_of = {o: n for o, n in zip(originals, norms, strict=True) if n in hit_norms}
        pending = list(norm_of)
        leaky = _Leaky(matcher, {f for f, h in zip(mapping.values(), hit, strict=True) if h})
        # The candidates the loop below may ask about, checked in a few passes, not one by
        # one (a matcher call costs milliseconds whatever its size).
        # Compared case-folded: "Ingrid" and "INGRID" are one person with one fake.
        used = {v.casefold() for v in mapping.values()}
        # A re-drawn fake must not be another real value of the entity either (in a dense
        # domain, birth dates, the next attempt often is one).
        real = set(norms)
        takeable = partial(_takeable, entity, used, real)
        _precheck(ctx, entity, pending, leaky, rounds, takeable)
        chosen: dict[str, int] = {}
        for original in pending:
            fake = mapping[original]
            norm = norm_of[original]
            if norm in chosen:  # a case/format variant of a value already settled
                if chosen[norm]:
                    mapping[original] = ctx.pseudonymizer.fake(entity, original, chosen[norm])
                continue
            attempt = 0
            while leaky(fake) and attempt < rounds:
                attempt += 1
                candidate = ctx.pseudonymizer.fake(entity, original, attempt)
                if takeable(candidate):
                    used.discard(fake.casefold())
                    fake = candidate
                    used.add(fake.casefold())
            chosen[norm] = attempt if fake != mapping[original] else 0
            mapping[original] = fake


def _takeable(entity: str, used: set[str], real: set[str], candidate: str) -> bool:
    """A re-draw ``scrub_fakes`` may take: no other value's fake, no real value."""
    return candidate.casefold() not in used and normalise(entity, candidate) not in real


def _precheck(
    ctx: Context,
    entity: str,
    pending: list[str],
    leaky: _Leaky,
    rounds: int,
    takeable: Callable[[str], bool],
) -> None:
    """Ask the matcher about the re-draws ``scrub_fakes`` may try, attempts in widening
    stages, each stage only for the values with no earlier candidate it could take (clean,
    unused, no real value): answers are cached, so the choices are the same as asking one
    by one."""
    todo = pending
    for lo, hi in ((1, 4), (4, 9), (9, 17), (17, rounds + 1)):
        cands = {o: [ctx.pseudonymizer.fake(entity, o, a) for a in range(lo, hi)] for o in todo}
        leaky.check([c for cs in cands.values() for c in cs if takeable(c)])
        todo = [o for o in todo if not any(takeable(c) and not leaky(c) for c in cands[o])]
        if not todo:
            return


class _Leaky:
    """Does a fake hold a real value? Answers remembered, asked of the matcher in batches."""

    def __init__(self, matcher: LeakMatcher, known: set[str]) -> None:
        self._matcher = matcher
        self._answers: dict[str, bool] = dict.fromkeys(known, True)

    def check(self, fakes: list[str]) -> None:
        new = [f for f in dict.fromkeys(fakes) if f not in self._answers]
        if new:
            found = self._matcher.contains_many(pl.Series(new, dtype=pl.String))
            self._answers.update(zip(new, found.to_list(), strict=True))

    def __call__(self, fake: str) -> bool:
        if fake not in self._answers:
            self.check([fake])
        return self._answers[fake]


def _keyed_hash(key: bytes, entity: str, value: str) -> str:
    return derive(key, "hash-operator", entity, normalise(entity, value)).hex()[:32]


def replacements_for(ctx: Context, entity: str, op: str, values: Iterable[str]) -> dict[str, str]:
    if op == "fake":
        return ctx.pseudonymizer.build_map(entity, values)  # sorted there, column-wise
    vals = sorted(values)
    if op == "hash":
        return {v: _keyed_hash(ctx.pseudonymizer.key, entity, v) for v in vals}
    if op == "mask":
        return {v: "".join("*" if ch.isalnum() else ch for ch in v) for v in vals}
    if op in ("redact", "drop"):
        return {v: f"<{entity}>" for v in vals}
    return {v: v for v in vals}


def _replace_structured(series: pl.Series, dec: ColumnDecision, ctx: Context) -> pl.Series:
    entity = dec.entity or ""
    mapping = ctx.maps.get(entity, {})
    if dec.operator != ctx.policy.operator_for(entity):
        # A column rule chose another operator than the entity's default.
        mapping = replacements_for(ctx, entity, dec.operator, string_values(series).to_list())
    if dec.operator == "redact":
        return pl.Series(series.name, [None] * series.len(), dtype=series.dtype)
    is_list = isinstance(series.dtype, pl.List)
    as_text = series.cast(pl.List(pl.String) if is_list else pl.String)
    old, new = list(mapping), list(mapping.values())
    if is_list:
        out = as_text.list.eval(pl.element().replace(old, new))
    else:
        out = as_text.replace(old, new)
    if dec.operator in ("mask", "hash") or series.dtype == out.dtype:
        return out
    return _restore_dtype(out, series.dtype)


def _restore_dtype(text: pl.Series, dtype: pl.DataType) -> pl.Series:
    """Back to the input's type. Dates and timestamps are parsed from the ISO text their
    cast to string gave (polars has no string-to-temporal cast); fakes keep that form."""
    if dtype == pl.Date:
        return text.str.to_date("%Y-%m-%d", strict=True)
    if isinstance(dtype, pl.Datetime):
        form = "%Y-%m-%d %H:%M:%S%.f" + ("%z" if dtype.time_zone else "")
        return text.str.to_datetime(form, time_unit=dtype.time_unit, time_zone=dtype.time_zone,
                                    strict=True)  # fmt: skip
    return text.cast(dtype, strict=True)


def _replace_text(text: str | None, spans: list[Span], ctx: Context) -> tuple[str | None, list]:
    if not text or not spans:
        return text, []
    out: list[str] = []
    regions: list[Region] = []
    pos = 0
    length = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < pos:
            continue
        original = text[span.start : span.end]
        mapping = ctx.maps.get(span.entity, {})
        if span.stands_for and span.stands_for in mapping:
            fake = written_like(original, span.stands_for, mapping[span.stands_for])
        else:
            fake = mapping.get(original, original)
        out.append(text[pos : span.start])
        length += span.start - pos
        out.append(fake)
        regions.append((length, length + len(fake)))
        length += len(fake)
        pos = span.end
    out.append(text[pos:])
    return "".join(out), regions


@dataclass
class TableResult:
    df: pl.DataFrame
    #: (column) → regions per row that hold replacements (free text only)
    regions: dict[str, list[list[Region]]]
    dropped_columns: list[str]


def transform_table(table: Table, plan: Plan, ctx: Context) -> TableResult:
    """Replace every planned column of one table; keeps row and column order."""
    df = table.df
    cols: dict[str, pl.Series] = {}
    regions: dict[str, list[list[Region]]] = {}
    dropped: list[str] = []
    for dec in plan.tables[table.name]:
        series = df[dec.column]
        if dec.kind == "entity" and dec.operator == "drop":
            dropped.append(dec.column)
            continue
        if dec.kind == "entity" and dec.operator not in UNMAPPED:
            cols[dec.column] = _replace_structured(series, dec, ctx)
            key = (table.name, dec.column, dec.entity or "")
            ctx.counts[key] = int(series.drop_nulls().len())
        elif dec.kind in TEXT_KINDS and (table.name, dec.column) in ctx.spans:
            texts = cell_texts(series)
            spans = ctx.spans[(table.name, dec.column)]
            new_texts: list[str | None] = []
            col_regions: list[list[Region]] = []
            for text, sp in zip(texts, spans, strict=True):
                new, reg = _replace_text(text, sp, ctx)
                new_texts.append(new)
                col_regions.append(reg)
            cols[dec.column] = _from_cell_texts(series, new_texts)
            regions[dec.column] = col_regions
        else:
            cols[dec.column] = series
    extra = [c for c in df.columns if c not in cols and c not in dropped]
    out = pl.DataFrame([cols[c] if c in cols else df[c] for c in [*cols, *extra]])
    order = [c for c in df.columns if c not in dropped]
    return TableResult(out.select(order), regions, dropped)
