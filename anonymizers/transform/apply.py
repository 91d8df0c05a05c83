"""Replace one table (or partition) by the plan, given the maps its values take.

The maps come from the engine's passes (``anonymizers/partitioned/``): every value of
the bundle, columns and text spans alike, is collected and its fake settled once for the
whole bundle, so a customer id gets the same fake in every table and every transcript
and the foreign keys still join. Here: the run's ``Context`` (maps, text spans, counts),
structured columns replaced by their maps (or masked, hashed, redacted, dropped), text
spans replaced in place with the regions they now occupy, and a reviewer's verdicts on
uncertain spans (``apply_decisions``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import polars as pl

from anonymizers.detect.known_ids import written_like
from anonymizers.detect.review import load_decisions
from anonymizers.detect.spans import Span
from anonymizers.detect.url_encoding import encoded_like, url_written
from anonymizers.detect.whole_words import LeakMatcher
from anonymizers.io.tables import Table
from anonymizers.plan.columns import TEXT_KINDS, ColumnDecision, Plan
from anonymizers.policy import Policy
from anonymizers.pseudonymise.keyed import derive
from anonymizers.pseudonymise.normalise import normalise
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.propagate import CERTAIN

#: Entities whose real values no place fake may pick (``Pseudonymizer.reserve_places``).
PLACE_ENTITIES = ("LOCATION", "ORGANIZATION", "ZIP_CODE")
#: Operators that take no value mapping: kept as is, or shifted per subject afterwards
#: (anonymizers/governance/govern.py).
UNMAPPED = ("keep", "shift")


#: Where a replacement sits in an output cell: (start, end) character offsets.
Region = tuple[int, int]
#: Detects spans in many texts: ``TextDetector.detect`` or a parallel equivalent.
DetectFn = Callable[[list[str]], list[list[Span]]]


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
    #: items in the review band counted but not listed (entity → count): a large run lists
    #: only the first ``partitioned.review_list.REVIEW_LIMIT``
    review_left_out: dict[str, int] = field(default_factory=dict)

    def issued(self) -> set[str]:
        return {v for m in self.maps.values() for v in m.values()}


def string_values(series: pl.Series) -> pl.Series:
    if isinstance(series.dtype, pl.List):
        series = series.explode()
    return series.drop_nulls().cast(pl.String).unique()


def cut_item_crossing(cells: list[str], found: list[list[Span]]) -> list[list[Span]]:
    """Spans that run across two items of a list cell cut to the longest of their pieces.

    A list's items are scanned as one text (``cell_texts``), and a rule may read on into
    the next item: the address "Av Ema Jesus, 74, Câmara de Lobos." of a chat message
    and the "Combinado" opening the next. Dropped whole, such a span left the address,
    and the known town inside it, in the output; its piece in one item is the value."""
    out: list[list[Span]] = []
    for text, spans in zip(cells, found, strict=True):
        kept: list[Span] = []
        for sp in spans:
            value = text[sp.start : sp.end]
            if _ITEM_SEP not in value:
                kept.append(sp)
                continue
            at, best = sp.start, (0, 0)
            for piece in value.split(_ITEM_SEP):
                core = piece.strip()
                if len(core) > best[1] - best[0]:
                    first = at + piece.index(core)
                    best = (first, first + len(core))
                at += len(piece) + len(_ITEM_SEP)
            if best[1] > best[0]:
                kept.append(sp._replace(start=best[0], end=best[1]))
        out.append(kept)
    return out


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


def scrub_rebuilt(
    ctx: Context,
    rebuilt: list[tuple[str, str]],
    matcher: LeakMatcher,
    rounds: int = 32,
) -> None:
    """The scrub for addresses rebuilt from their pieces after settling: the pieces
    between known ones are fresh fakes ("10939 Stephanie Port" while 10939 is a customer
    id). One that holds a real value is drawn whole again instead, like any other fake.
    ``matcher``: the bundle's real values (``text_checks.matcher_for``)."""
    if not rebuilt:
        return
    fakes = pl.Series([ctx.maps[e][v] for e, v in rebuilt], dtype=pl.String)
    for (entity, value), bad in zip(rebuilt, matcher.contains_many(fakes), strict=True):
        attempt = 0
        fake = ctx.maps[entity][value]
        while bad and attempt < rounds:
            attempt += 1
            fake = ctx.pseudonymizer.fake(entity, value, attempt)
            bad = matcher.contains(fake)
        ctx.maps[entity][value] = fake


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
            fake = mapping[span.stands_for]
            # A value in a URL's query, percent-encoded (``url_encoding.py``), else an
            # id's core written otherwise ("acc 553120").
            fake = (
                encoded_like(original, fake)
                if url_written(original, span.stands_for)
                else written_like(original, span.stands_for, fake)
            )
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
