"""Shapes of text that hold digits but no identifier, for the gate's type-aware decisions.

Real exports write timestamps as text with fractions and zones (PostgreSQL's
``2025-01-21 22:35:12.260447+00``, Salesforce's ``2025-01-21T22:35:12.000+0000``): ten
digits in phone-like groups, and a whole word ``2025`` that equals a small customer id.
Amounts, UUIDs, version strings and hex digests do the same. A pattern match or a value
found *inside* one of these is no identifier of a person; an identifier that *is* one of
these shapes (a DOB ``1972-09-04``, a UUID customer id) still is, so callers clear a hit
only when the shape is strictly larger than the hit, or when the value itself does not
have the shape.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

import polars as pl

_ZONE = r"(?:\s?(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?"
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_CLOCK = rf"\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:[.,]\d{{1,9}})?)?{_ZONE}"

#: (shape, pattern), most specific first. Each pattern is bounded so that it never starts
#: or ends inside a longer run of digits or letters.
SHAPES: tuple[tuple[str, str], ...] = (
    ("uuid", r"(?<![0-9A-Za-z-])[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}(?![\w-])"),
    # ISO date with an optional clock: 2025-01-21, 2025-01-21 22:35, 2025-01-21T22:35:12.260447+00
    ("timestamp", rf"(?<![\d.-])\d{{4}}-\d{{1,2}}-\d{{1,2}}(?:[T ]{_CLOCK})?(?![\d])"),
    # Day-first or month-first date *with* a clock: 21/01/2025 22:35:12, 01.21.2025, 10:02
    ("timestamp", rf"(?<![\d./-])\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}},?[T ]{_CLOCK}(?![\d])"),
    # Day-first or month-first date without a clock: 21/01/2025, 7-4-1968, 03/30/42, the
    # same separator twice (a phone's groups "06-12-2345" have a part no day or month is).
    # Notes numbered 1 to 2,666 put a note's number in every such date's day, month and
    # year; a birth date written so is still one when a value is all of it (``has_shape``).
    (
        "date",
        rf"(?<![\w./-])(?:{_DAY}(?P<dmy>[./-]){_MONTH}(?P=dmy)|{_MONTH}(?P<mdy>[./-]){_DAY}"
        rf"(?P=mdy))(?:1[89]\d{{2}}|2[01]\d{{2}}|\d{{2}})(?![\w/-]|[.,]\w)",
    ),
    ("time", r"(?<![\d:.])\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?![\d:])"),
    # A date written with its month's name: "27 June", "June 27th, 2025", "3rd of May":
    # a donor named June is not in "meeting on 27 June".
    (
        "date",
        rf"(?<!\w)\d{{1,2}}(?:st|nd|rd|th)?\.?[ \t]+(?:of[ \t]+)?(?i:{_MONTHS})"
        rf"(?:,?[ \t]+\d{{4}})?(?!\w)"
        rf"|(?<!\w)(?i:{_MONTHS})[ \t]+\d{{1,2}}(?:st|nd|rd|th)?(?:,?[ \t]+\d{{4}})?(?!\w)",
    ),
    # A hex digest: 16+ hex characters with at least one letter (a card number has none).
    ("hash", r"(?<![0-9A-Za-z])(?=[0-9]*[A-Fa-f])[0-9A-Fa-f]{16,}(?![0-9A-Za-z])"),
    # A version: 1.2.3, v10.15.7, 118.0.5993.88-beta (an IPv4 address is not one: see below)
    ("version", r"(?<![\w.])[vV]?\d+(?:\.\d+){2,3}(?:[-+][0-9A-Za-z.]+)?(?![\w.])"),
    # An amount with decimals, with or without thousands and a currency: 1,299.00 1299.00 €12,50
    # 3 499,95 kr
    (
        "amount",
        r"(?<![\w.,])[-+]?(?:[$€£¥]\s?)?(?:\d{1,3}(?:[,.'\u00a0\u202f ]\d{3})*|\d+)[.,]\d{2}"
        r"(?![\w,]|\.\d)",
    ),
)
_COMPILED = tuple((name, re.compile(p)) for name, p in SHAPES)
#: One alternation of every shape, for vectorised stripping of whole columns.
ANY_SHAPE = "|".join(f"(?:{p})" for _, p in SHAPES)


def _is_ipv4(text: str) -> bool:
    if text.count(".") != 3:  # every IPv4 address written out has three; most shapes don't
        return False
    try:
        return isinstance(ipaddress.ip_address(text), ipaddress.IPv4Address)
    except ValueError:
        return False


def _spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """Every shape in ``text``; a short text's are kept for the next ask, since a kept
    column's cell is asked once per hit (a timestamp "2021-04-25 14:10:44" holds five ids
    numbered from 1, each judged twice by the gate: a million rows spent most of their
    gate in these patterns). Long texts are not kept: memory, and few hits each."""
    return _kept_spans(text) if len(text) <= _KEEP_UP_TO else _find_spans(text)


#: The longest text whose shapes are kept (65,536 such texts: ~15 MB at most).
_KEEP_UP_TO = 120


@lru_cache(maxsize=1 << 16)
def _kept_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    return _find_spans(text)


def _find_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    found = []
    for name, pattern in _COMPILED:
        for m in pattern.finditer(text):
            if name == "version" and _is_ipv4(m.group(0)):
                continue  # 10.0.0.12 is an IP address, personal data, not a version
            found.append((m.start(), m.end(), name))
    return tuple(found)


def shape_around(text: str, start: int, end: int) -> str | None:
    """The shape that strictly contains ``text[start:end]``, if any: the hit is part of a
    timestamp, a written date, an amount, a UUID, a version or a digest, not the whole
    of it."""
    for a, b, name in _spans(text):
        if a <= start and end <= b and (b - a) > (end - start):
            return name
    return None


def has_shape(value: str) -> bool:
    """Is ``value`` itself, whole, one of the shapes (a DOB, a UUID id, an amount)?"""
    v = value.strip()
    return any(a == 0 and b == len(v) for a, b, _ in _spans(v))


def without_shapes(texts: list[str]) -> list[str]:
    """``texts`` with every shape cut out (a space in its place): what a search still finds
    in these is not explained by a shape. An IPv4 address is never cut (it is personal).
    Python's ``re``, not polars: the patterns need look-around, which polars' engine lacks;
    callers pass only the distinct texts that had a hit."""

    def cut(m: re.Match[str]) -> str:
        return m.group(0) if _is_ipv4(m.group(0)) else " "

    if len(texts) < _SCREEN_FROM:
        return [_ANY.sub(cut, t) for t in texts]
    # Most texts of a kept column hold no shape at all (a plan, a country): screened
    # column-wise, only those that may hold one are cut in Python.
    column = pl.Series(texts, dtype=pl.String)
    may = (column.str.contains(_MAY_HOLD) & ~column.str.contains(_DIGITS_ONLY)).to_list()
    return [_ANY.sub(cut, t) if m else t for t, m in zip(texts, may, strict=True)]


_ANY = re.compile(ANY_SHAPE)
#: What every shape holds: a digit, or a run of eight hex letters (a UUID's or a digest's
#: without digits): a text without either is returned as it is.
_MAY_HOLD = r"\d|[0-9A-Fa-f]{8}"
#: Digits and spaces only: every shape also holds a letter or a separator (a count or an
#: id of a kept numeric column holds none, and a million accounts' metrics were cut one
#: number at a time).
_DIGITS_ONLY = r"^[\d\s]*$"
_SCREEN_FROM = 256


#: Unix times from 2000-01-01 to 2100-01-01, in seconds and in milliseconds.
EPOCH_SECONDS = (946_684_800, 4_102_444_800)


def epoch_column(texts: pl.Series) -> bool:
    """Is every non-empty cell of this column a Unix time (10 digits of seconds or 13 of
    milliseconds, 2000-2100)? Exporters write ``created_at`` so; the phone pattern reads
    ten bare digits as a phone. Only a whole column qualifies: a phone column stored as
    numbers (UK numbers lose their leading 0 and fall in the same range) also holds mobiles
    (7...) and other areas, so it is never *all* in range; a single number never is either.
    A list's numbers are read as the gate reads them, space-joined in one cell (a chat
    export's ``conversation_parts[].created_at``): every one of them must be a Unix time."""
    cells = texts.drop_nulls()
    cells = cells.filter(cells.str.len_chars() > 0)
    if cells.len() < 2:
        return False
    cells = cells.str.split(" ").explode()
    cells = cells.filter(cells.str.len_chars() > 0)
    if not cells.str.contains(r"^(?:\d{10}|\d{13})$").all():
        return False
    n = cells.cast(pl.Int64)
    values = pl.select(
        pl.when(cells.str.len_chars() == 13).then(n // 1000).otherwise(n)
    ).to_series()
    low, high = EPOCH_SECONDS
    return bool(((values >= low) & (values < high)).all())
