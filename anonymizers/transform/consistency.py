"""One fake per person and per place across tables and text: what the maps learn from
the whole bundle before and after they are drawn.

- **Types.** A string the tables know as a first name is a first name in text too, even
  where NER read it as a town: the known type wins, so it gets the table's fake.
- **Countries.** A street or town is faked in the locale of its records' country column
  (the country it appears with most often, so a value keeps one fake).
- **Initials.** The bundle's full names tell which first name "T." stands for beside a
  surname.
- **Addresses in text.** A whole address NER or the rules found in a ticket ("12 Main
  Street, Dublin") is rebuilt from the fakes of the pieces the tables know (the street,
  the town, the postcode), so it names the same fake place as the customers table.

All of it is column-wise over distinct values, never per row.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from anonymizers.detect.known import Matcher
from anonymizers.detect.spans import Span
from anonymizers.detect.spelling import fold, in_style
from anonymizers.io.tables import Table
from anonymizers.plan.columns import Plan
from anonymizers.pseudonymise.countries import country_columns, is_country, row_locales
from anonymizers.pseudonymise.draw import ALNUM, apply_case
from anonymizers.pseudonymise.normalise import normalise_many
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

#: Known types, the first listed winning where the tables give a string several.
_KNOWN_ORDER = ("PERSON", "FIRST_NAME", "LAST_NAME", "LOCATION", "ADDRESS")
#: Span types a known type may overrule (NER's and the rules' guesses).
_RETYPABLE = frozenset({"PERSON", "FIRST_NAME", "LAST_NAME", "LOCATION", "ADDRESS",
                        "ORGANIZATION", "NRP"})  # fmt: skip
#: Entities whose fakes are local: drawn in the locale of the records' country.
LOCAL_ENTITIES = ("LOCATION", "ADDRESS")
#: Pieces a text address is rebuilt from, in the order a longer match wins.
ADDRESS_PIECES = ("ADDRESS", "LOCATION", "ZIP_CODE")
#: The structured values these steps consult.
KNOWN_ENTITIES = (*_KNOWN_ORDER, "ZIP_CODE")
_SEGMENT = re.compile(r"(,\s*|\n|\s+-\s+)")
_DIGITS_ONLY = re.compile(r"[\d\s-]+")
#: A run of words (letters, digits, inner apostrophes and hyphens) between separators.
_WORD_RUN = re.compile(r"[^\W_][\w'’-]*(?:[ ]+[^\W_][\w'’-]*)*")


def known_types(structured: Mapping[str, set[str]], keys: Sequence[str]) -> dict[str, set[str]]:
    """Folded string → the types the tables know it under, for the strings ``keys``
    only (a full name is a PERSON; its parts FIRST_NAME and, the last one, LAST_NAME)."""
    want = list(keys)
    out: dict[str, set[str]] = {}

    def note(found: pl.Series, entity: str) -> None:
        for k in found.filter(found.is_in(want)).unique().to_list():
            out.setdefault(k, set()).add(entity)

    for entity in _KNOWN_ORDER:
        values = structured.get(entity)
        if not values:
            continue
        norms = normalise_many(entity, pl.Series(list(values), dtype=pl.String))
        if entity not in ("PERSON", "FIRST_NAME", "LAST_NAME"):
            note(norms, entity)
            continue
        if entity == "PERSON":
            # "thornton, barry": a name written surname first is "barry thornton", as
            # ``known._add_name`` reads it (the text's "Barry" took a surname's fake).
            norms = norms.str.replace(r"^([^,]+),\s*(.+)$", "${2} ${1}")
        words = norms.str.split(" ")
        if entity == "PERSON":
            several = words.list.len() > 1
            note(norms.filter(several), "PERSON")
            note(words.filter(several).list.last(), "LAST_NAME")
            w = pl.col("w")
            firsts = pl.DataFrame({"w": words}).select(w.list.head(w.list.len() - 1)).to_series()
            note(firsts.explode().drop_nulls(), "FIRST_NAME")
            note(norms.filter(~several), "FIRST_NAME")
        else:
            note(words.explode().drop_nulls(), entity)
    return out


def retype_spans(
    texts: Mapping[tuple[str, str], list[str | None]],
    spans: dict[tuple[str, str], list[list[Span]]],
    structured: Mapping[str, set[str]],
) -> int:
    """Give every span the type the tables know its string under (in place): a guess of
    NER or of a rule, and a known value that a later step retyped ("Villagatan 967" read
    as a town). The number of spans retyped. A span whose own type is among the known
    ones stays."""
    where: dict[str, list[tuple[tuple[str, str], int, int]]] = {}
    for place, rows in spans.items():
        col = texts[place]
        for r, row in enumerate(rows):
            for k, sp in enumerate(row):
                if sp.entity in _RETYPABLE:
                    text = col[r] or ""
                    where.setdefault(fold(text[sp.start : sp.end]), []).append((place, r, k))
    if not where:
        return 0
    types = known_types(structured, list(where))
    changed = 0
    for key, found in types.items():
        winner = next(e for e in _KNOWN_ORDER if e in found)
        for place, r, k in where[key]:
            sp = spans[place][r][k]
            if sp.entity not in found:
                spans[place][r][k] = sp._replace(entity=winner)
                changed += 1
    return changed


_COUNTS = {"entity": pl.String, "n": pl.String, "locale": pl.String, "len": pl.UInt32}


def place_counts(
    df: pl.DataFrame, table: str, plan: Plan, country: str | None = None
) -> pl.DataFrame:
    """Rows per (entity, normalised value, locale) of one table or partition: counts
    that add up over partitions. ``country``: the table's country column, decided once
    for a partitioned table (default: this frame's first)."""
    decisions = [
        d for d in plan.tables.get(table, [])
        if d.kind == "entity" and d.entity in LOCAL_ENTITIES and d.operator == "fake"
    ]  # fmt: skip
    if country is None and decisions:
        countries = country_columns(df)
        country = countries[0] if countries else None
    if not decisions or country is None or country not in df.columns:
        return pl.DataFrame(schema=_COUNTS)
    locales = row_locales(df, country)
    out = []
    for dec in decisions:
        col = df[dec.column]
        if col.dtype != pl.String:
            continue
        entity = dec.entity or ""
        frame = pl.DataFrame({"v": col, "locale": locales}).drop_nulls()
        distinct = frame["v"].unique()
        norms = pl.DataFrame({"v": distinct, "n": normalise_many(entity, distinct)})
        counted = frame.join(norms, on="v").group_by("n", "locale").len()
        out.append(counted.select(pl.lit(entity).alias("entity"), "n", "locale", "len"))
    return pl.concat(out).cast(_COUNTS) if out else pl.DataFrame(schema=_COUNTS)  # type: ignore[arg-type]


class LocaleHints(Mapping[str, str]):
    """Normalised place → locale, kept as the two columns ``best_locales`` worked out: the
    dict a generator looks them up in is built on first use, in each process that fakes
    a place. The parent of a partitioned run only passes the hints on (a million
    addresses' hints: building the dict there and pickling it for the workers was ~1 s
    of the parent with both workers idle; a DataFrame pickles as Arrow columns)."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self._frame = frame
        self._map: dict[str, str] | None = None

    def _mapping(self) -> dict[str, str]:
        if self._map is None:
            f = self._frame
            self._map = dict(zip(f["n"].to_list(), f["locale"].to_list(), strict=True))
            self.get = self._map.get  # type: ignore[method-assign]  # the lookups' hot path
        return self._map

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        return self._mapping().get(key, default)

    def __getitem__(self, key: str) -> str:
        return self._mapping()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return self._frame.height

    def __getstate__(self) -> pl.DataFrame:
        return self._frame

    def __setstate__(self, frame: pl.DataFrame) -> None:
        self.__init__(frame)  # type: ignore[misc]


def best_locales(counts: Sequence[pl.DataFrame]) -> dict[str, LocaleHints]:
    """Each place's locale (the country its rows name most often) from the counts of
    every table or partition."""
    both = pl.concat([c for c in counts if c.height]) if any(c.height for c in counts) else None
    if both is None:
        return {}
    # The most rows, then the first locale by name; per entity, a dict built column-wise
    # (a million addresses each name their own country).
    best = (
        both.lazy()
        .group_by("entity", "n", "locale")
        .agg(pl.col("len").sum())
        .group_by("entity", "n")
        .agg(pl.col("locale").sort_by(["len", "locale"], descending=[True, False]).first())
        .collect()
    )
    return {
        str(entity[0]): LocaleHints(part.select("n", "locale"))
        for entity, part in best.group_by("entity")
    }


@dataclass
class Pieces:
    """The tables' streets, towns and postcodes, searchable in a text-only address."""

    matcher: Matcher
    #: matcher key → (entity, the value as the table holds it)
    origin: dict[str, tuple[str, str]]

    def found(self, values: Iterable[str]) -> set[tuple[str, str]]:
        """The (entity, value) of every piece some of ``values`` hold."""
        return {self.origin[key] for v in values for *_, key in self.matcher.find(v)}


def address_pieces(
    structured: Mapping[str, set[str]], entities: Collection[str], min_length: int
) -> Pieces:
    """``Pieces`` of the ``entities`` that have fakes (a longer match wins, by type)."""
    matcher = Matcher()
    origin: dict[str, tuple[str, str]] = {}
    for rank, entity in enumerate(ADDRESS_PIECES):
        if entity not in entities:
            continue
        for value in structured.get(entity, ()):
            if len(value.strip()) >= min_length:
                key = Matcher.key(value)
                if key not in origin:
                    origin[key] = (entity, value)
                    matcher.add(value, entity, rank)
    return Pieces(matcher, origin)


def compose_addresses(
    pz: Pseudonymizer,
    maps: dict[str, dict[str, str]],
    structured: Mapping[str, set[str]],
    mentioned: Mapping[str, set[str]],
    min_length: int,
    pieces: Pieces | None = None,
) -> list[tuple[str, str]]:
    """Rebuild the fakes of addresses (and multi-part places) found only in text from the
    fakes of the pieces the tables know (street, town, postcode); the rest of such an
    address is faked word run by word run with the same generators. ``mentioned``:
    entity → its values only text holds; ``pieces``: ``address_pieces`` made once (a
    partitioned run's worker), whose fakes ``maps`` must hold. Returns the (entity,
    value) pairs rebuilt: the caller checks their new fakes against the real values
    (``apply.scrub_rebuilt``)."""
    if not mentioned:
        return []
    if pieces is None:
        pieces = address_pieces(structured, maps, min_length)
    matcher, origin = pieces.matcher, pieces.origin
    if not len(matcher):
        return []
    rebuilt: list[tuple[str, str]] = []
    todo = [(e, v) for e in sorted(mentioned) if e in maps for v in sorted(mentioned[e])]
    for owner, value in todo:
        hits = matcher.find(value)
        if not hits or (len(hits) == 1 and hits[0][:2] == (0, len(value))):
            continue  # no known piece, or the value itself: its own map fake stands
        out: list[str] = []
        pos = 0
        for start, end, _entity, key in hits:
            out.append(_fake_rest(pz, maps, value[pos:start]))
            piece = value[start:end]
            entity, original = origin[key]
            fake = maps[entity].get(original, original)
            out.append(apply_case(piece, in_style(piece, fake)))
            pos = end
        out.append(_fake_rest(pz, maps, value[pos:]))
        maps[owner][value] = "".join(out)
        rebuilt.append((owner, value))
    return rebuilt


def _fake_rest(pz: Pseudonymizer, maps: dict[str, dict[str, str]], text: str) -> str:
    """What lies between known pieces of an address: separators and countries kept,
    digits (a district, a postcode) and unknown words faked by the bundle's generators."""
    out: list[str] = []
    for k, seg in enumerate(_SEGMENT.split(text)):
        core = seg.strip()
        if k % 2 or not ALNUM.search(core) or is_country(core):
            out.append(seg)
            continue
        out.append(_WORD_RUN.sub(lambda m: _fake_run(pz, maps, m.group()), seg))
    return "".join(out)


def _fake_run(pz: Pseudonymizer, maps: dict[str, dict[str, str]], run: str) -> str:
    """One run of words between known pieces: a postcode or district number, a street,
    or a town, by what it holds."""
    if _DIGITS_ONLY.fullmatch(run):
        entity = "ZIP_CODE"
    elif any(c.isdigit() for c in run):
        entity = "ZIP_CODE" if len(run.split()) <= 2 and len(run) <= 9 else "ADDRESS"
    else:
        entity = "LOCATION"
    return maps.get(entity, {}).get(run) or pz.fake(entity, run)


#: A lone initial among a name's words ("T. Ó Súilleabháin", "Anna K Berg").
_INITIAL = r"(^|\s)[^\W\d_]\.?(\s|$)"
INITIAL = re.compile(_INITIAL)


def teach_initials(pz: Pseudonymizer, *sources: set[str] | pl.Series) -> None:
    """Teach the name registry the first names of the surnames that also appear with an
    initial only, from the bundle's full names: nothing to do (and no pass over the
    names in Python) when no name holds an initial."""
    series = [s if isinstance(s, pl.Series) else pl.Series(list(s), dtype=pl.String)
              for s in sources]  # fmt: skip
    values = (
        pl.concat([s.cast(pl.String) for s in series]) if series else pl.Series([], dtype=pl.String)
    )
    if not values.len():
        return
    with_initial = values.filter(values.str.contains(_INITIAL).fill_null(False))
    if not with_initial.len():
        return
    surname = r"(\S+)\s*$"
    norms = normalise_many("PERSON", values)
    wanted = normalise_many("PERSON", with_initial).str.extract(surname).unique()
    pz.learn_full_names(values.filter(norms.str.extract(surname).is_in(wanted.to_list())).to_list())


def row_names(tables: Sequence[Table], plan: Plan) -> pl.Series:
    """ "First Last" of the rows of tables with a first-name and a last-name column (the
    full names ``teach_initials`` learns from), built column-wise."""
    out = pl.Series([], dtype=pl.String)
    for table in tables:
        decs = [d for d in plan.tables[table.name] if d.kind == "entity"]
        first = [d.column for d in decs if d.entity == "FIRST_NAME"]
        last = [d.column for d in decs if d.entity == "LAST_NAME"]
        if not first or not last:
            continue
        frame = table.df.select(first[0], last[0])
        lists = [isinstance(t, pl.List) for t in frame.dtypes]
        if any(lists):
            # A list of people ("applicants[].first_name" beside "applicants[].last_name"):
            # item by item, when both are lists of the same items.
            if not all(lists):
                continue
            try:
                frame = frame.explode(first[0], last[0])
            except pl.exceptions.PolarsError:
                continue  # lists of different lengths: no pairs to read
        if any(isinstance(t, pl.List | pl.Struct | pl.Array) for t in frame.dtypes):
            continue
        names = [pl.col(first[0]).cast(pl.String), pl.col(last[0]).cast(pl.String)]
        pair = frame.select(pl.concat_str(names, separator=" ")).to_series()
        out = pl.concat([out, pair.drop_nulls().unique()])
    return out
