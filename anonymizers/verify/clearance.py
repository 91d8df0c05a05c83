"""Which hits of the leak check are leaks, and why the others are not.

A hit is a real value of the input found again in the output. It is a **leak** when an
identifier of a data subject is still there. It is **cleared**, and listed with its reason
so an auditor sees the decision, when what was found is not an identifier where it sits:

- ``shape``: the value is a part of a timestamp, amount, UUID, version or digest
  (``2025`` inside ``2025-01-21 22:35:12.260447``), and is not itself one;
- ``short number``: in free or technical text, an id that is a bare number of up to four
  digits with no key before it ("552 Mailbox full", "AppleWebKit/605"; "employee=1001"
  is one): the transform leaves such a number (``detect.known.unkeyed_short_id``); its
  column is still faked;
- ``part of a longer name`` / ``month``: in free text, a one-word name found only as the
  second half of a prefixed surname ("Connor" in "O'Connor"), or only as a month written
  as one ("this June") (``leaks.decide``);
- ``common word``: a one-word name or place part that is an everyday word of the
  language (``May``, ``Christmas``), written where free text uses that word;
- ``category``: in a column the plan keeps as it is, the value sits in cells that many rows
  of the input already held (a product, a tag, a country): the kept column's own
  vocabulary, not one person's identifier;
- ``place or first name``: in a kept column, a place or first name inside a longer value
  ("Oxford shirt", "Victoria sponge"): alone, neither identifies anyone; in a column of
  fakes or in free text, one inside a fake the run wrote (the fake town "Sant'Angelo Del
  Pesco" holds a user's first name; in free text only where every occurrence lies inside
  a replacement: ``leaks.in_fakes``), and so is a street's name without a number there
  (``place_alone``);
- ``postcode``: in a kept column, a postcode's digits inside a longer value (a SKU, an
  amount): a postcode alone is shared by thousands;
- ``place`` / ``first name``: in a kept column, a whole town or postcode (a store's, an
  office's) that some data subject also lives in, or a whole first name (a country
  "Jordan"), unless the column echoes its rows' own personal data;
- ``name word in a thing's value``: in a kept column, a one-word surname inside a longer
  value whose other words name no one ("Oprea Kettle", a product line; lower-case
  function words name no one: "Pasta alla Norma");
- ``thing's name``: in a kept column named for a firm or a thing, or whose values are
  mostly no person's name (``thing_column``: a menu, a catalogue), a name NER guessed in
  a text ("Biff Rydberg" in a dish's description) and that no table names a person.

- ``coincidence``: in a kept column, a value that the same row's own personal columns hold
  (an *echo*: "Evers Press" on Maartje Evers's order), when the column's hits echo their
  own row no more often than chance would have them (``by_chance``).

What is never cleared: any other hit in a column of fakes; a whole kept cell that equals a direct
identifier (a full name, an e-mail, a phone, an id, an address); and a kept column whose
values echo their own row's person more often than chance: a kept ``company`` that reads
"<surname> Farms" on each farmer's row is their surname, however common the word.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import polars as pl

from anonymizers.detect.languages import stop_words as language_stop_words
from anonymizers.detect.lexicon import (
    NAME_PARTICLES,
    TITLE_WORDS,
    first_name_gazetteer,
    is_common_word,
    name_gazetteer,
    street_words,
)
from anonymizers.detect.spelling import fold_word
from anonymizers.plan.arrays import array_elements
from anonymizers.verify.shapes import has_shape, shape_around

if TYPE_CHECKING:
    from anonymizers.plan.columns import ColumnDecision

#: Entities that identify no one alone: cleared inside a longer kept value.
ALONE_HARMLESS = frozenset({"FIRST_NAME", "LOCATION", "GPE", "CITY", "COUNTRY", "NRP"})
#: Entities whose one-word values may be everyday words (names and places).
WORDY = frozenset({"PERSON", "FIRST_NAME", "LAST_NAME", "LOCATION", "GPE", "CITY", "COUNTRY",
                   "ORGANIZATION", "ADDRESS", "STREET"})  # fmt: skip
#: Entities whose values may be a kept column's category (never whole cells of the rest).
CATEGORY_OK = ALONE_HARMLESS | {"LAST_NAME", "ZIP_CODE", "ORGANIZATION"}
#: Places a kept cell may hold whole: a town or a postcode, never a street.
PLACES = frozenset({"LOCATION", "GPE", "CITY", "ZIP_CODE"})
#: Entities of a street address: its street's name alone, without a number, is a place.
STREETS = frozenset({"ADDRESS", "STREET"})


def place_alone(entity: str, value: str) -> bool:
    """A value that alone identifies no one: a town, a postcode, a first name, or a
    street's name without a house number ("Kyrkstigen" is in hundreds of Swedish towns,
    and a Swedish fake street is drawn from the same few dozen words)."""
    return (
        entity in ALONE_HARMLESS
        or entity in PLACES
        or (entity in STREETS and not any(c.isdigit() for c in value))
    )


#: Dates a kept cell may hold whole: a visit or an order on a day someone was born.
DATES = frozenset({"DATE_OF_BIRTH", "DATE"})
#: Reasons of whole kept cells that the echo rule still examines.
WHOLE_ALONE = ("place", "first name", "date")


@dataclass(frozen=True)
class Decision:
    """A cleared hit's reason, or ``None`` for a leak."""

    reason: str | None
    detail: str = ""


def shape_cleared(hits: pl.DataFrame, found_again: pl.DataFrame) -> pl.Series:
    """Per hit (``text``: index of its text, ``entity``, ``value``): explained by a shape?
    ``found_again`` holds the hits of the same search over the texts with their shapes cut
    out (``without_shapes``): a hit gone there sat inside a shape. A value that is itself
    a shape (a DOB, a UUID id) is never cleared this way."""
    again = set(found_again.select("text", "entity", "value").iter_rows())
    return pl.Series(
        [
            (t, e, v) not in again and not has_shape(v)
            for t, e, v in hits.select("text", "entity", "value").iter_rows()
        ],
        dtype=pl.Boolean,
    )


def shape_name(text: str, value: str) -> str:
    """Which shape holds ``value`` in ``text`` (for the reason shown to an auditor)."""
    low, needle = text.casefold(), value.casefold()
    i = low.find(needle)
    while i >= 0:
        if name := shape_around(text, i, i + len(needle)):
            return name
        i = low.find(needle, i + 1)
    return "timestamp, amount, UUID, version or digest"


#: Languages whose stop words (spaCy's lists, shipped with the library, no model) count as
#: everyday words: "über", "del", "und" are no one's name however a table spelled them.
STOP_WORD_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "pl", "fi")


@cache
def stop_words() -> frozenset[str]:
    """Every stop word of those languages, from ``detect.languages`` (one list per language)."""
    return frozenset().union(*(language_stop_words(lang) for lang in STOP_WORD_LANGUAGES))


def common_word(entity: str, value: str) -> bool:
    """A one-word name or place that is an everyday word: of English, a stop word of the
    languages, or a street type ("Canale", "Viale", "Borgo": Italy has towns named so, and
    an NER guess of one elsewhere is no reason to read "In Canale Emma" as a town)."""
    v = value.strip()
    return (
        entity in WORDY
        and v.isalpha()
        and (is_common_word(v) or v.lower() in stop_words() or v.lower() in street_words())
    )


def in_free_text(entity: str, value: str) -> Decision:
    if common_word(entity, value):
        return Decision("common word", "an everyday word of the language")
    return Decision(None)


def in_kept_column(
    entity: str,
    value: str,
    cell: str,
    rows_with_value: int,
    min_rows: int,
    names: frozenset[str] = frozenset(),
) -> Decision:
    """A hit in a column the plan keeps as it is (so the input cell was the same). The
    echo rule is the caller's: it needs the row (``echoes``)."""
    whole = cell.strip().casefold() == value.strip().casefold()
    if entity == "PERSON" and len(value.split()) == 1:
        # A person of one word (a badge's "Keith", NER's "Rose" in "So sorry, Rose has
        # the flu") is a first or a last name however it is labelled: a wedding's table
        # "Rose", a firm "Keith, Friedman and Levine". (The caller still counts echoes.)
        listed = value.strip().casefold() in first_name_gazetteer()
        entity = "FIRST_NAME" if listed else "LAST_NAME"
    # A detected value may have run on over a thing's word: "van de Veen Bike".
    thing = entity in NAME_PARTS and names_no_one(cell, value, names, entity)
    if whole and entity in DATES:
        # 60,000 visits of three years fall on the birthdays of the patients born in them:
        # a day alone is shared by thousands. The caller still counts echoes: a kept column
        # holding each row's own birth date is that person's and rejects.
        return Decision("date", "a whole date: alone it identifies no one")
    if whole and entity not in CATEGORY_OK and not thing:
        return Decision(None)
    if rows_with_value >= min_rows:
        return Decision("category", f"held by {rows_with_value} rows of the kept input column")
    if whole and entity in PLACES:
        # A store's town or postcode where some customers live: a place alone is shared by
        # thousands. The caller still counts echoes: a kept column holding each row's own
        # town is that person's address and rejects.
        return Decision("place", "a whole town or postcode: alone it identifies no one")
    if whole and entity == "FIRST_NAME":
        # A shipping country "Jordan", a product "Mercedes": a first name alone is shared
        # by thousands (echoes of the row's own first name are still counted).
        return Decision("first name", "a whole first name: alone it identifies no one")
    if not whole and entity in ALONE_HARMLESS:
        return Decision("place or first name", "inside a longer kept value")
    if not whole and entity == "ZIP_CODE":
        # "SKU-81234", "1234.56 kr": a postcode's digits inside a code or an amount, and a
        # postcode alone is shared by thousands. (Its echoes are still counted by the caller.)
        return Decision("postcode", "inside a longer kept value")
    if thing:
        return Decision("name word in a thing's value", "the rest of the value names no one")
    if not whole and entity in NAME_PARTS and firm_of_partners(cell):
        # "MORALES, DAVIDSON AND CHANG" under a permit's CONTRACTOR: a firm of partners, as
        # people are never listed in one cell (the caller still counts echoes).
        return Decision("name word in a firm's name", "a firm of partners: A, B and C")
    if common_word(entity, value):
        return Decision("common word", "an everyday word of the language")
    return Decision(None)


#: Entities that are one word of a person's name.
NAME_PARTS = frozenset({"LAST_NAME", "FIRST_NAME", "PERSON"})


def names_no_one(
    cell: str, value: str, names: frozenset[str] = frozenset(), entity: str = "LAST_NAME"
) -> bool:
    """A one-word name inside a kept value whose other words name no one: a product line
    or a brand called after a surname ("Oprea Kettle", "Oprea Press"). Not when the rest
    holds a name word of the bundle (``names``: folded words of its name columns; Faker's
    lists when none is given) or a title ("Mrs Oprea"): then the value may be the person.
    A detected value that ran on over a thing's word ("van de Veen Bike", where only
    "van de Veen" is a name of the bundle) is judged by its name words: "Bike" is the rest."""
    items = array_elements([cell])
    if items:
        # A list of things ('{"Oprea Kettle","Vance Lamp"}'): each item is one value.
        holding = [i for i in items if value.casefold() in i.casefold()]
        return bool(holding) and all(names_no_one(i, value, names, entity) for i in holding)
    known = names or name_gazetteer()
    words = {w.casefold() for w in re.findall(r"[^\W\d_]+", value)}
    core = {w for w in words if w in known}
    if core:
        words = core | (words & NAME_PARTICLES)
    if len(words - NAME_PARTICLES) != 1 and entity != "LAST_NAME":
        return False  # a full name ("John Smith Consulting") is more than a brand's word
    rest = [w for w in re.findall(r"[^\W\d_]+", cell) if w.casefold() not in words]
    # A function word written in lower case ("Pasta alla Norma", "Torta della nonna",
    # "Kött och potatis") joins a thing's words: it is no name however a list spells one.
    said = [w.lower() for w in rest if not (w.islower() and w in stop_words())]
    return bool(rest) and not any(w in known or w in TITLE_WORDS for w in said)


#: Three names or more, listed with commas and joined by "and" or "&" in some language:
#: how firms of partners write themselves ("Morales, Davidson and Chang").
_PARTNERS = re.compile(
    r"\s*[^\W\d_][\w'’-]*(?:,\s*[^\W\d_][\w'’-]*)+,?\s+"
    r"(?i:and|&|und|et|y|e|en|och|og|i)\s+[^\W\d_][\w'’-]*\s*"
)


def firm_of_partners(cell: str) -> bool:
    """Is a kept value a firm of partners ("Morales, Davidson and Chang", Faker's firm
    format in every locale)? Two names joined ("Anna and Tom") may be a couple; three
    listed are a firm's name."""
    return bool(_PARTNERS.fullmatch(cell))


#: Distinct values a kept column needs before its values say what it holds.
THING_VALUES_MIN = 5
#: The most words of a label (a dish, a title, a team): longer values are sentences.
LABEL_WORDS = 6


def thing_column(values: Sequence[str], names: frozenset[str] = frozenset()) -> bool:
    """Do a kept column's distinct ``values`` name things rather than people? Under half of
    them read as a person's name (every word of the value, particles and lower-case
    function words left out, a name word of the bundle, ``names``, or of Faker's lists):
    a menu's dishes ("Biff Rydberg", "Toast Skagen"), a catalogue's titles
    ("Anna Karenina", "Pasta alla Norma"), a league's teams. The plan reads a short text
    column with NER and keeps it only when most of its values are no names, so a kept
    column of people is one NER missed; its values read as names here and stay leaks."""
    listed = name_gazetteer()
    seen = [v for v in dict.fromkeys(x.strip() for x in values if x) if v]
    if len(seen) < THING_VALUES_MIN or sum(len(v.split()) > LABEL_WORDS for v in seen) * 2 > len(
        seen
    ):
        return False  # few values, or sentences and log lines: no labels of things
    named = 0
    for v in seen:
        words = [
            w.casefold() for w in re.findall(r"[^\W\d_]+", v)
            if w.casefold() not in NAME_PARTICLES and not (w.islower() and w in stop_words())
        ]  # fmt: skip
        named += bool(words) and all(w in listed or fold_word(w) in names for w in words)
    return named * 2 < len(seen)


def _words(s: pl.Series) -> pl.Series:
    """Lower-cased, punctuation as spaces, padded: so an echo matches whole words only
    ("Bont" is not in "de Bontekoe")."""
    return " " + s.str.to_lowercase().str.replace_all(r"[^\w]+", " ") + " "


#: The entities whose cells name a row's person: a hit of a name part echoes only these
#: of its row's own data. Street and town names are made of surnames ("470 Williams
#: Summit, Port Garyfort"), and a firm's own address in its rows shares a word with its
#: name ("Wood, Williams and Keith"): on 180 rows, an echo each, and no person's name.
PERSON_NAMING = NAME_PARTS | {"EMAIL_ADDRESS"}


def naming_columns(decisions: Iterable[ColumnDecision]) -> list[str]:
    """The entity columns of a table whose cells name its row's person (``PERSON_NAMING``):
    ``own_values``'s ``naming``."""
    return [d.column for d in decisions if d.kind == "entity" and d.entity in PERSON_NAMING]


#: Between a row's own naming words and the rest in ``own_values`` (no word character).
_REST = "\x1e"


def own_values(df: pl.DataFrame, columns: list[str], naming: Collection[str] = ()) -> pl.Series:
    """Each row's personal cells as one string of words: what an echo is compared with.
    The cells of the ``naming`` columns (``PERSON_NAMING``) come first, then ``_REST`` and
    all of them: a name part's echo is looked for before it (``echoes``)."""
    if not columns:
        return pl.Series([""] * df.height, dtype=pl.String)

    def joined(cols: list[str]) -> pl.Series:
        if not cols:
            return pl.Series([""] * df.height, dtype=pl.String)
        parts = []
        for c in cols:
            s = df[c]
            if isinstance(s.dtype, pl.List | pl.Array):
                s = s.cast(pl.List(pl.String)).list.join(" ")
            parts.append(s.cast(pl.String).fill_null(""))
        return _words(
            pl.DataFrame(parts).select(pl.concat_str(pl.all(), separator=" ")).to_series()
        )

    names = joined([c for c in columns if c in naming])
    return names + _REST + joined(columns)


def _searched(own: pl.Expr, entity: pl.Expr) -> pl.Expr:
    """The part of ``own_values`` a hit of ``entity`` may echo: a name part's, the row's
    naming cells (``PERSON_NAMING``); any other's, all its cells."""
    naming = own.str.extract(f"^([^{_REST}]*)")
    return pl.when(entity.is_in(list(NAME_PARTS))).then(naming).otherwise(own)


def echoes(own: pl.Series, rows: list[int], values: list[str], entities: list[str]) -> list[bool]:
    """Does row ``rows[i]``'s own personal data hold ``values[i]`` (as whole words), a hit
    of ``entities[i]``? (vectorised) Callers ask it only of entities not in
    ``ALONE_HARMLESS``: a country or a city that a row's own address holds is still a
    category of the kept column, not an echo."""
    if not rows:
        return []
    frame = pl.DataFrame(
        {"own": own.gather(rows), "needle": _words(pl.Series(values, dtype=pl.String)),
         "entity": pl.Series(entities, dtype=pl.String)}
    )  # fmt: skip
    searched = _searched(pl.col("own"), pl.col("entity"))
    return frame.select(searched.str.contains(pl.col("needle"), literal=True))["own"].to_list()


#: Rows of a table read to estimate how often a value is in a random row's own data.
CHANCE_SAMPLE = 20_000


def chance_echoes(
    own: pl.Series, values: list[str], entities: list[str], counts: list[int] | None = None
) -> float:
    """How many of these hits (of ``entities``; ``counts[i]`` hits of ``values[i]``, one
    each without) would echo their row if the rows were shuffled: the sum, over the hits,
    of the share of the table's rows whose own personal data hold the value (as
    ``echoes`` looks; read on an even sample of at most ``CHANCE_SAMPLE`` rows).

    A one-word value's share is its word's row count over the sample, all words counted
    in one pass: a kept column of counts among ids numbered from 1 is a hit in every cell,
    and searching the sample once per distinct number took minutes (a million accounts'
    metrics). A value of several words is searched for as a phrase."""
    if not values or not own.len():
        return 0.0
    step = max(1, own.len() // CHANCE_SAMPLE)
    sample = own.gather_every(step)
    weights = counts if counts is not None else [1] * len(values)
    hits = (
        pl.DataFrame(
            {
                "needle": _words(pl.Series(values, dtype=pl.String)),
                "naming": pl.Series([e in NAME_PARTS for e in entities], dtype=pl.Boolean),
                "n": pl.Series(weights, dtype=pl.Int64),
            }
        )
        .group_by("needle", "naming")
        .agg(pl.col("n").sum())
        .with_columns(word=pl.col("needle").str.strip_chars(" "))
    )
    one_word = (pl.col("word") != "") & ~pl.col("word").str.contains(" ", literal=True)
    texts = {False: sample, True: sample.str.extract(f"^([^{_REST}]*)")}
    total = 0.0
    for naming, text in texts.items():
        mine = hits.filter(pl.col("naming") == naming)
        words = mine.filter(one_word)
        if words.height:
            rows = (
                pl.DataFrame({"w": text.str.split(" ")}).with_row_index("r").explode("w")
                .unique().group_by("w").len()
            )  # fmt: skip
            held = words.join(rows, left_on="word", right_on="w", how="inner")
            total += float((held["n"] * held["len"]).sum()) / sample.len()
        for needle, n in mine.filter(~one_word).select("needle", "n").iter_rows():
            total += n * (text.str.contains(needle, literal=True).mean() or 0.0)
    return total


#: An echo rate above chance at this significance makes a column's echoes leaks.
ECHO_ALPHA = 0.01
#: ... and only when at least this share of the column's cleared hits echo their row.
ECHO_SHARE = 0.02


def echoes_by_chance(observed: int, expected: float, hits: int) -> bool:
    """Are a kept column's ``observed`` echoes among its ``hits`` cleared hits a
    coincidence? A column built from its rows' persons echoes in most of its hits; one
    whose echoes are a sliver of its hits is not, even above the table-wide chance: a
    Dutch shop's firms ("de Graaf & de Hoogh", on hundreds of rows) ship to Dutch
    customers, whose surnames are drawn from the same names more often than the whole
    table's rows suggest (99 echoes among 17,768 hits of the parcels probe's senders)."""
    return by_chance(observed, expected) or observed < ECHO_SHARE * hits


def by_chance(observed: int, expected: float, alpha: float = ECHO_ALPHA) -> bool:
    """Could ``observed`` echoes come from chance alone? The Poisson upper tail
    P(X >= observed) for a mean of ``expected`` (the rows' coincidences are independent and
    each rare), compared with ``alpha``. A column of values built from their own row's
    person echoes nearly every time, far above chance; a product line that happens to
    share a surname with one buyer in a hundred does not."""
    if observed <= 0:
        return True
    if expected <= 0:
        return False
    term = below = math.exp(-expected)
    for i in range(1, observed):
        term *= expected / i
        below += term
    return 1.0 - below >= alpha
