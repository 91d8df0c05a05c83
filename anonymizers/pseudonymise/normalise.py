"""The form a value is keyed on, so formatting variants of one value share a fake.

A fake is a function of the normalised value, never of its spelling: "+1 (406) 555-0187"
and "14065550187" are one phone number, "Maria  GARCIA" and "maria garcia" one name. The
digest in every finding keys on the same form, so a reviewer's decision holds for all
spellings of a value.
"""

from __future__ import annotations

import re
from datetime import date

import polars as pl

from anonymizers.detect.spelling import fold, transliterated

NAME_ENTITIES = frozenset({"PERSON", "FIRST_NAME", "LAST_NAME"})
#: Compared by their digits only (normalise drops the rest).
DIGIT_ENTITIES = frozenset({"PHONE_NUMBER", "CREDIT_CARD", "US_SSN"})
DATE_ENTITIES = frozenset({"DATE", "DATE_OF_BIRTH"})
#: Keyed on their fold (``detect/spelling.py``): accents, apostrophes, case and transliteration
#: ignored, so "Björn Håkansson" and "BJORN HAKANSSON" are one person with one fake.
FOLDED_ENTITIES = NAME_ENTITIES | {"LOCATION", "ADDRESS"}

_DATE_FORMS = (
    ("ymd", re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(.*)", re.S)),
    ("mdy", re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(.*)", re.S)),
    ("dmy", re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(.*)", re.S)),
)
_NON_DIGITS = re.compile(r"[^0-9]+")
#: A whole number as a float column writes it: pandas writes an integer column that has a
#: missing value as float64, so an export's ids, phones and postcodes read "853817.0".
_WHOLE_FLOAT_PATTERN = r"([+-]?[0-9]+)\.0+"
_WHOLE_FLOAT = re.compile(_WHOLE_FLOAT_PATTERN)
#: Entities whose "853817.0" is the number 853817: keyed and faked as it (its fake keeps
#: the ".0"), so the customer table pandas wrote and the orders table that holds the same
#: ids as integers join on their fakes too.
WHOLE_NUMBER_ENTITIES = DIGIT_ENTITIES | {
    "ID", "NATIONAL_ID", "ZIP_CODE", "US_BANK_NUMBER", "US_DRIVER_LICENSE", "US_PASSPORT",
}  # fmt: skip


def whole_number(entity: str, core: str) -> str:
    """``core`` ("853817.0") without the ".0" a float column writes after a whole number,
    for an entity that can be one; else ``core`` as it is."""
    if entity in WHOLE_NUMBER_ENTITIES and (m := _WHOLE_FLOAT.fullmatch(core)):
        return m.group(1)
    return core


def normalise(entity: str, value: str) -> str:
    """The form a value is keyed on, so formatting variants of one value share a fake."""
    v = whole_number(entity, value.strip())
    if entity in DIGIT_ENTITIES:
        return v if v.isascii() and v.isdigit() else _NON_DIGITS.sub("", v)
    if entity == "IBAN_CODE":
        return "".join(v.split()).upper()
    if entity == "EMAIL_ADDRESS":
        # "jane%40example.org" in a link is jane@example.org: one fake for both.
        return v.lower().replace("%40", "@")
    if entity in DATE_ENTITIES and (parsed := parse_date(v)):
        return parsed[0].isoformat() + " ".join(parsed[1].casefold().split())
    if entity in FOLDED_ENTITIES:
        return fold(v)
    if entity == "GEO_COORDINATE" and _DECIMAL.fullmatch(v):
        return _decimal_form(v)
    return " ".join(v.casefold().split())


#: A coordinate written as a decimal number: its normal form drops a "+" and trailing
#: zeros, so "44.10073" read from a float column and the fake "44.100730" are one value.
_DECIMAL = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _decimal_form(v: str) -> str:
    v = v.removeprefix("+")
    return v.rstrip("0").rstrip(".") if "." in v else v


#: ASCII without the separators \x1c-\x1f, which Python's str.split takes for spaces
#: and polars does not: the values ``normalise_many`` computes column-wise.
_PLAIN_ASCII = r"^[\t\n\x0b\x0c\r\x20-\x7e]*$"
_ASCII_SPACE = " \t\n\x0b\x0c\r"


def normalise_many(entity: str, values: pl.Series) -> pl.Series:
    """``normalise`` for a whole column: polars expressions for plain-ASCII values, the
    Python function for the rest (dates, accents), so the result is the same value by
    value and a column of millions is keyed without a Python call per value."""
    values = values.cast(pl.String)
    if entity in DATE_ENTITIES:
        # An ISO date of 4-2-2 digits is its own form (read, it is written back alike;
        # unread, as "2023-02-30", it has no space or capital to fold): the rest by value.
        iso = values.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$").fill_null(False)
        other = (~iso).arg_true()
        if not other.len():
            return values
        return values.scatter(other, [normalise(entity, v) for v in values.gather(other).to_list()])
    if entity == "GEO_COORDINATE":
        return pl.Series(values.name, [None if v is None else normalise(entity, v)
                                       for v in values.to_list()], dtype=pl.String)  # fmt: skip
    if entity in WHOLE_NUMBER_ENTITIES:
        space = f"[{_ASCII_SPACE}]*"
        values = values.str.replace(f"^{space}{_WHOLE_FLOAT_PATTERN}{space}$", "${1}")
    col = pl.col("v")
    if entity in DIGIT_ENTITIES:
        fast = col.str.replace_all("[^0-9]+", "")
    elif entity == "IBAN_CODE":
        fast = col.str.replace_all(f"[{_ASCII_SPACE}]+", "").str.to_uppercase()
    elif entity == "EMAIL_ADDRESS":
        fast = col.str.strip_chars(_ASCII_SPACE).str.to_lowercase().str.replace_all("%40", "@")
    else:
        fast = col.str.to_lowercase()
        if entity in FOLDED_ENTITIES:
            fast = fast.str.replace_all("['`]", "")
        fast = fast.str.replace_all(f"[{_ASCII_SPACE}]+", " ").str.strip_chars(" ")
    out = pl.DataFrame({"v": values}).select(fast).to_series()
    if entity in FOLDED_ENTITIES:
        out = _untransliterate(out)
    other = (~values.str.contains(_PLAIN_ASCII)).fill_null(False).arg_true()
    if other.len():
        out = out.scatter(other, [normalise(entity, v) for v in values.gather(other).to_list()])
    return out


def _untransliterate(folded: pl.Series) -> pl.Series:
    """``fold``'s transliteration step on folded ASCII values, word by word, for the few
    values that hold a cue ("ue", "oe", …): "mueller" → "muller"."""
    cue = folded.str.contains("ae|oe|ue|aa").fill_null(False).arg_true()
    if not cue.len():
        return folded
    words = pl.DataFrame({"w": folded.gather(cue).str.split(" ")}).select(
        pl.col("w").list.eval(pl.element().replace(transliterated())).list.join(" ")
    )
    return folded.scatter(cue, words.to_series())


def parse_date(v: str) -> tuple[date, str, str, tuple[str, ...]] | None:
    """(day, text after the date, form, the three fields as written) of a date in one of
    the forms a fake keeps (ISO, US, dotted European); None for anything else."""
    for form, rx in _DATE_FORMS:
        if m := rx.fullmatch(v):
            a, b, c, rest = m.groups()
            y, mo, d = {"ymd": (a, b, c), "mdy": (c, a, b), "dmy": (c, b, a)}[form]
            try:
                return date(int(y), int(mo), int(d)), rest, form, (a, b, c)
            except ValueError:
                return None
    return None
