"""Which hits of the leak check are leaks, and why the others are not.

A hit is a real value of the input found again in the output. It is a **leak** when an
identifier of a data subject is still there. It is **cleared**, and listed with its reason
so an auditor sees the decision, when what was found is not an identifier where it sits:

- ``shape``: the value is a part of a timestamp, amount, UUID, version or digest
  (``2025`` inside ``2025-01-21 22:35:12.260447``), and is not itself one;
- ``common word``: a one-word name or place part that is an everyday word of the
  language (``May``, ``Christmas``), written where free text uses that word;
- ``category``: in a column the plan keeps as it is, the value sits in cells that many rows
  of the input already held (a product, a tag, a country): the kept column's own
  vocabulary, not one person's identifier;
- ``place or first name``: in a kept column, a place or first name inside a longer value
  ("Oxford shirt", "Victoria sponge"): alone, neither identifies anyone;
- ``name word in a thing's value``: in a kept column, a one-word surname inside a longer
  value whose other words name no one ("Oprea Kettle", a product line).

What is never cleared: a hit in a column of fakes; a whole kept cell that equals a direct
identifier (a full name, an e-mail, a phone, an id, an address); and, in a kept column, a
value the same row's own personal columns hold (a kept ``company`` "Smith Farms" on
Mr Smith's row is his surname, however common).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import polars as pl

from anonymizers.detect.languages import stop_words as language_stop_words
from anonymizers.detect.lexicon import (
    NAME_PARTICLES,
    TITLE_WORDS,
    is_common_word,
    name_gazetteer,
)
from anonymizers.verify.shapes import has_shape, shape_around

#: Entities that identify no one alone: cleared inside a longer kept value.
ALONE_HARMLESS = frozenset({"FIRST_NAME", "LOCATION", "GPE", "CITY", "COUNTRY", "NRP"})
#: Entities whose one-word values may be everyday words (names and places).
WORDY = frozenset({"PERSON", "FIRST_NAME", "LAST_NAME", "LOCATION", "GPE", "CITY", "COUNTRY",
                   "ORGANIZATION", "ADDRESS", "STREET"})  # fmt: skip
#: Entities whose values may be a kept column's category (never whole cells of the rest).
CATEGORY_OK = ALONE_HARMLESS | {"LAST_NAME", "ZIP_CODE", "ORGANIZATION"}


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
    v = value.strip()
    return entity in WORDY and v.isalpha() and (is_common_word(v) or v.lower() in stop_words())


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
    if whole and entity not in CATEGORY_OK:
        return Decision(None)
    if rows_with_value >= min_rows:
        return Decision("category", f"held by {rows_with_value} rows of the kept input column")
    if not whole and entity in ALONE_HARMLESS:
        return Decision("place or first name", "inside a longer kept value")
    if not whole and entity in NAME_PARTS and names_no_one(cell, value, names, entity):
        return Decision("name word in a thing's value", "the rest of the value names no one")
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
    lists when none is given) or a title ("Mrs Oprea"): then the value may be the person."""
    words = {w.casefold() for w in re.findall(r"[^\W\d_]+", value)}
    if len(words - NAME_PARTICLES) != 1 and entity != "LAST_NAME":
        return False  # a full name ("John Smith Consulting") is more than a brand's word
    rest = [w.lower() for w in re.findall(r"[^\W\d_]+", cell) if w.casefold() not in words]
    known = names or name_gazetteer()
    return bool(rest) and not any(w in known or w in TITLE_WORDS for w in rest)


def own_values(df: pl.DataFrame, columns: list[str]) -> pl.Series:
    """Each row's personal cells, lower-cased and joined: what an echo is compared with."""
    if not columns:
        return pl.Series([""] * df.height, dtype=pl.String)
    parts = []
    for c in columns:
        s = df[c]
        if isinstance(s.dtype, pl.List | pl.Array):
            s = s.cast(pl.List(pl.String)).list.join(" ")
        parts.append(s.cast(pl.String).fill_null(""))
    joined = pl.DataFrame(parts).select(pl.concat_str(pl.all(), separator=" \x1f ")).to_series()
    return joined.str.to_lowercase()


def echoes(own: pl.Series, rows: list[int], values: list[str]) -> list[bool]:
    """Does row ``rows[i]``'s own personal data hold ``values[i]``? (vectorised) Callers
    ask it only of entities not in ``ALONE_HARMLESS``: a country or a city that a row's
    own address holds is still a category of the kept column, not an echo."""
    if not rows:
        return []
    frame = pl.DataFrame(
        {"own": own.gather(rows), "needle": pl.Series(values, dtype=pl.String).str.to_lowercase()}
    )
    return frame.select(pl.col("own").str.contains(pl.col("needle"), literal=True))["own"].to_list()
