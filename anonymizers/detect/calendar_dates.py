"""Dates as people write them, read and written back: numeric and with month names.

A date of birth comes in many spellings ("04-09-1972", "4/9/72", "2nd of June 1990",
"12. März 1980", "3 de março de 1985"), and its fake must be a plausible date in the same
spelling, or the text reads as garbled. One reader serves both the birth-date recognizer
(where is a date?) and the date generator (which day is it, and how is it written?), so
what detection finds the fake can always rewrite. Month names come from
``phrases/months.txt`` (eight languages), not from code.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import NamedTuple

import regex

from anonymizers.detect.phrases import phrase_list


class Month(NamedTuple):
    number: int
    #: The spelling the text used (its case is kept when written back).
    word: str
    #: The languages that write this month so (``phrases/months.txt`` order).
    langs: tuple[str, ...]
    #: Which of the language's names it is (0: the full name, then abbreviations).
    slot: int


_ByName = dict[str, list[tuple[str, int, int]]]
_ByMonth = dict[tuple[str, int], tuple[str, ...]]


@cache
def _table() -> tuple[_ByName, _ByMonth]:
    """(month name (folded) → [(language, number, slot)], (language, number) → names)."""
    by_name: _ByName = {}
    by_month: _ByMonth = {}
    for line in phrase_list("months"):
        lang, number, *names = line.split()
        by_month[(lang, int(number))] = tuple(names)
        for slot, name in enumerate(names):
            by_name.setdefault(name.casefold(), []).append((lang, int(number), slot))
    return by_name, by_month


def _months() -> dict[str, list[tuple[str, int, int]]]:
    return _table()[0]


def month_is_ambiguous(month: Month) -> bool:
    """Whether the month's languages name other months differently ("juni": German März,
    Dutch maart), so only the same month can be written back in the text's language."""
    by_month = _table()[1]
    return any(len({by_month[(lang, n)][0] for lang in month.langs}) > 1 for n in range(1, 13))


@cache
def _month_alternation() -> str:
    names = sorted(_months(), key=len, reverse=True)
    return "(?:" + "|".join(regex.escape(n) for n in names) + ")"


_SUFFIX = r"(?:st|nd|rd|th|er|re|e|º|ª|o|\.)"


@cache
def date_pattern() -> regex.Pattern[str]:
    """Numeric dates (year first or last, 2- or 4-digit year) and dates with a month name
    (day first or month first, year optional)."""
    month = _month_alternation()
    numeric = (
        r"(?P<y1>(?:1[89]|20)\d\d)(?P<s1>[-./])(?P<m1>[01]?\d)(?P=s1)(?P<d1>[0-3]?\d)"
        r"|(?P<a2>[0-3]?\d)(?P<s2>[-./])(?P<b2>[0-3]?\d)(?P=s2)(?P<y2>(?:1[89]|20)\d\d|\d\d)"
    )
    day_first = (
        rf"(?P<d3>[0-3]?\d)(?P<x3>{_SUFFIX})?[ \t]+(?:(?:of|de|del|di)[ \t]+)?"
        rf"(?P<m3>{month})(?P<p3>\.)?(?:,?[ \t]+(?:(?:de|del|of)[ \t]+)?(?P<y3>(?:1[89]|20)\d\d))?"
    )
    month_first = (
        rf"(?P<m4>{month})(?P<p4>\.)?[ \t]+(?:the[ \t]+)?(?P<d4>[0-3]?\d)(?P<x4>st|nd|rd|th)?"
        rf"(?:,?[ \t]+(?P<y4>(?:1[89]|20)\d\d))?"
    )
    return regex.compile(
        rf"(?<![\w./-])(?:{numeric})(?![\w]|[./-]\d)"
        rf"|(?<![\w.])(?i:{day_first})(?![\w])"
        rf"|(?<![\w.])(?i:{month_first})(?![\w])",
        regex.V0,
    )


class DateForm(NamedTuple):
    """A date and how it was written, enough to write another date the same way."""

    day: date
    #: "ymd", "dmy", "mdy" (numeric) or "written".
    form: str
    #: Numeric: the three fields as written; written: (day as written, suffix, year or "").
    fields: tuple[str, ...]
    sep: str
    month: Month | None
    #: Text before and after the date inside the value ("the 2nd of June 1990").
    before: str
    after: str
    #: The written date's text between its fields, as a template ("{d}{x} of {m} {y}").
    template: str = ""


def _year(y: str) -> int:
    if len(y) == 4:
        return int(y)
    n = int(y)
    return 1900 + n if n > 30 else 2000 + n


def read_date(value: str) -> DateForm | None:
    """The first date in ``value`` with its spelling; None when there is none or it is
    not a real day (31 February)."""
    m = date_pattern().search(value)
    if m is None:
        return _compact(value)
    before, after = value[: m.start()], value[m.end() :]
    g = m.groupdict()
    try:
        if g["y1"]:
            y, mo, d = g["y1"], g["m1"], g["d1"]
            return DateForm(date(int(y), int(mo), int(d)), "ymd", (y, mo, d), g["s1"], None,
                            before, after)  # fmt: skip
        if g["a2"]:
            a, b, y = g["a2"], g["b2"], g["y2"]
            # Day first unless the first field cannot be a day's month partner (US "12/31").
            form = "mdy" if int(b) > 12 and int(a) <= 12 else "dmy"
            d, mo = (b, a) if form == "mdy" else (a, b)
            return DateForm(date(_year(y), int(mo), int(d)), form, (a, b, y), g["s2"], None,
                            before, after)  # fmt: skip
    except ValueError:
        return None
    k = "3" if g["m3"] else "4"
    word = g["m" + k]
    entries = _months()[word.casefold()]
    number = entries[0][1]
    langs = tuple(lang for lang, n, _ in entries if n == number)
    slot = next(sl for _, n, sl in entries if n == number)
    year = g["y" + k] or ""
    try:
        day = date(_year(year) if year else 2000, number, int(g["d" + k]))
    except ValueError:
        return None
    text = m.group(0)
    # The written date as a template: its day, month and year slots filled in later.
    spans = sorted(
        (m.span(n)[0] - m.start(), m.span(n)[1] - m.start(), n[0])
        for n in ("d" + k, "x" + k, "m" + k, "y" + k)
        if g[n]
    )
    template, pos = "", 0
    for s, e, name in spans:
        template += text[pos:s].replace("{", "{{").replace("}", "}}") + "{" + name + "}"
        pos = e
    template += text[pos:].replace("{", "{{").replace("}", "}}")
    return DateForm(day, "written", (g["d" + k], g["x" + k] or "", year), "",
                    Month(number, word, langs, slot), before, after, template)  # fmt: skip


def _ordinal(n: int, suffix: str) -> str:
    """The suffix a day takes in the style of ``suffix`` ("2nd" → "3rd", "1er" → "")."""
    if not suffix or suffix in ".ºªo":
        return suffix
    if suffix.lower() in ("st", "nd", "rd", "th"):
        s = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return s.upper() if suffix.isupper() else s
    return suffix if n == 1 else ""  # French "1er", "1re": the first of the month only


def _case_like(word: str, new: str) -> str:
    if word.isupper():
        return new.upper()
    if word[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


#: A date written as eight digits, year first ("19950208": HL7's birth dates, file stamps).
COMPACT_DATE = r"((?:1[89]|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
_COMPACT = regex.compile(rf"[ \t]*{COMPACT_DATE}[ \t]*")


def _compact(value: str) -> DateForm | None:
    """A value that is all a date of eight digits, year first; not one inside a text (an
    invoice "20240315" is a number there), only a date entity's whole value."""
    m = _COMPACT.fullmatch(value)
    if m is None:
        return None
    y, mo, d = m.groups()
    try:
        day = date(int(y), int(mo), int(d))
    except ValueError:
        return None
    before, after = value[: m.start(1)], value[m.end(3) :]
    return DateForm(day, "ymd", (y, mo, d), "", None, before, after)


def write_date(form: DateForm, day: date) -> str:
    """``day`` written the way ``form`` was: the same order, separators, widths, month
    language, abbreviation and case."""
    if form.form != "written":
        a, b, c = form.fields
        values = {"ymd": (day.year, day.month, day.day), "dmy": (day.day, day.month, day.year),
                  "mdy": (day.month, day.day, day.year)}[form.form]  # fmt: skip
        # Day and month padded if either was ("04/9/72"), or both had two digits.
        pad = (
            2
            if any(f.startswith("0") for f in form.fields)
            or (len(a) == len(b) == 2 if form.form != "ymd" else len(b) == len(c) == 2)
            else 1
        )
        out = []
        for v, f in zip(values, (a, b, c), strict=True):
            if v > 31:  # the year, in its own width
                out.append(f"{v % 100:02d}" if len(f) == 2 else f"{v:04d}")
            else:
                out.append(f"{v:0{pad}d}")
        return form.before + form.sep.join(out) + form.after
    assert form.month is not None
    word = form.month.word
    names = _table()[1][(form.month.langs[0], day.month)]
    # The same slot in the new month's names: abbreviations stay abbreviations.
    new_word = names[min(form.month.slot, len(names) - 1)]
    d_text, suffix, year = form.fields
    filled = form.template.format(
        d=f"{day.day:02d}" if d_text.startswith("0") else str(day.day),
        x=_ordinal(day.day, suffix),
        m=_case_like(word, new_word),
        y=f"{day.year:04d}" if year else "",
    )
    return form.before + filled + form.after


def full_dates(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds a complete date (day, month and year): never a street number,
    a postcode or a place, whatever a place rule makes of "12 March 2024"."""
    out = []
    for m in date_pattern().finditer(text):
        g = m.groupdict()
        if (g["y1"] or g["y2"] or g["y3"] or g["y4"]) and read_date(m.group(0)) is not None:
            out.append(m.span())
    return out
