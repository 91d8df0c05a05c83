"""A kept column whose cells name the bundle's people is text to search, not a category.

A bank's ``purpose`` line ("Überweisung an Adela Burgos", "Rent Feb flat 2A") or a
``counterparty`` that is a firm on most rows and a customer paid by transfer on the
rest: short texts, no free-text name, and NER reads most cells as nothing, so the plan
kept them, and the gate then found every customer named in them and rejected the run.
The bundle knows better: a kept column whose cells hold, as whole words, the full name
or a direct identifier (an e-mail, a phone, an IBAN, an address, an id) of a column the
plan replaces is searched as the plan's ``technical`` text is: the bundle's known values
and the identifier patterns, so each name gets its person's fake and each e-mail its
fake, and the gate judges what is left as it judges a kept column (a firm named after a
surname stays a firm). Not NER: on labels of three words in five languages it reads
"Alquiler Jun" (June's rent) as a person and every "S.A." as a name's end, and a column
no name or length said was text is no place to start guessing. Like a kept reference
(``joins.py``), such a column is one the gate would reject anyway: a whole name or a
direct identifier in a kept cell is never cleared (``verify/clearance.py``). Towns,
first names and surnames alone never count: a merchant's town is some customer's too,
and a firm is named after a surname.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import polars as pl

from anonymizers.detect.known import Matcher
from anonymizers.io.tables import Table
from anonymizers.plan.hints import names_a_thing

if TYPE_CHECKING:
    from anonymizers.plan.columns import ColumnDecision

#: Distinct cells of a kept column that must name someone for it to be scanned as text.
MENTIONS = 3
#: Distinct texts of a column read at most (a seeded sample: the same plan every run).
SAMPLE = 2_000
#: Entities whose values alone name no one (or name a thing), or may be everyday words.
_NOT_MENTIONS = frozenset({
    "DATE", "DATE_OF_BIRTH", "LOCATION", "GPE", "CITY", "COUNTRY", "NRP", "ZIP_CODE",
    "FIRST_NAME", "LAST_NAME", "ORGANIZATION",
})  # fmt: skip
#: The shortest value that counts: "Al Wu" as a whole name is too easily a word pair.
_MIN_LENGTH = 6


def _telling(value: str) -> bool:
    """A value that names one person wherever it is written: words with letters (a
    name, an address), an e-mail, a code of digits and letters (an IBAN, an id), or a
    long number (a phone); never a short number ("44512" is as likely an amount)."""
    v = value.strip()
    if len(v) < _MIN_LENGTH:
        return False
    digits = sum(c.isdigit() for c in v)
    letters = any(c.isalpha() for c in v)
    return (letters and (len(v.split()) >= 2 or "@" in v or digits > 0)) or digits >= 8


def _candidate(dec: ColumnDecision) -> bool:
    """A column kept for its values or for want of a reason (never by its name or by
    policy: "merchant_city" or "branch" said what it is), and not named for a firm or a
    thing: a ``company`` of "Hanna Andersson HB" has a customer's name replaced whole
    and its surname alone kept (``partitioned/thing_names.py``)."""
    return (
        dec.kind == "safe"
        and dec.detected_by in ("values", "default")
        and not names_a_thing(dec.column)
    )


def _texts(series: pl.Series) -> list[str]:
    """Up to ``SAMPLE`` distinct texts of a column that could hold a name or an
    identifier: words of letters with a second word, an "@" or a digit. One word ("retail",
    "card") holds none of them, nor does a timestamp or an amount; the plan reads a
    sample of each column, and so does this (a kept column of a million timestamps would
    otherwise cost the plan seconds)."""
    if isinstance(series.dtype, pl.List):
        series = series.explode()
    if series.dtype != pl.String:
        return []
    values = series.drop_nulls().unique()
    values = values.filter(values.str.contains(r"\p{L}{2}") & values.str.contains(r"\s\S|@|\d"))
    if values.len() > SAMPLE:
        values = values.sort().sample(SAMPLE, seed=0)
    return values.to_list()


def _people(table: Table, decisions: Sequence[ColumnDecision]) -> Iterable[str]:
    """The telling values of one table's replaced columns, and its rows' full names
    written from a first-name and a last-name column ("Adela" and "Burgos")."""
    firsts = lasts = None
    for dec in decisions:
        if dec.kind != "entity" or dec.operator in ("keep", "shift"):
            continue
        col = table.df[dec.column]
        if dec.entity == "FIRST_NAME" and firsts is None:
            firsts = col
        elif dec.entity == "LAST_NAME" and lasts is None:
            lasts = col
        if dec.entity in _NOT_MENTIONS or col.dtype != pl.String:
            continue
        yield from (v for v in col.drop_nulls().unique().to_list() if _telling(v))
    if firsts is not None and lasts is not None and firsts.dtype == lasts.dtype == pl.String:
        full = (firsts + " " + lasts).drop_nulls().unique()
        yield from (v for v in full.to_list() if _telling(v))


def mentioning_columns(
    tables: Sequence[Table], decisions: dict[str, list[ColumnDecision]]
) -> dict[str, list[ColumnDecision]]:
    """``decisions`` with kept columns whose cells name the bundle's people retyped to
    technical text (detected_by ``values``)."""
    by_name = {t.name: t for t in tables}
    texts = {
        (tname, i): found
        for tname, decs in decisions.items()
        for i, dec in enumerate(decs)
        if _candidate(dec) and (found := _texts(by_name[tname].df[dec.column]))
    }
    if not texts:  # the usual bundle: categories, codes and numbers only
        return decisions
    people = Matcher()
    for tname, decs in decisions.items():
        for value in _people(by_name[tname], decs):
            people.add(value, "PERSON", 0)
    if not len(people):
        return decisions
    out = {t: list(d) for t, d in decisions.items()}
    for (tname, i), values in texts.items():
        named = 0
        for value in values:
            named += bool(people.find(value))
            if named >= MENTIONS:
                out[tname][i] = replace(out[tname][i], kind="technical", entity=None,
                                        detected_by="values", operator="fake")  # fmt: skip
                break
    return out
