"""Phones written the way Europeans write them: a slash between area code and number
("0049-30/1234567", "0171 / 123 45 67"), a trunk zero in brackets ("+44 (0)20 7946 0958"),
or a short national number that only a word in another language gives away ("llámame al
612 34 56 78", "Handy: 0171 1234567").

The plain phone pattern wants ten digits or a "+"; these shapes are telling in another
way: a slash or "(0)" after a leading 0 or "+", or a phone word of French, German,
Spanish, Italian, Portuguese, Dutch or Swedish (``phrases/phone_cues.txt``) right before.
Dates, times and amounts are never phones.
"""

from __future__ import annotations

from functools import cache

import regex

from anonymizers.detect.calendar_dates import full_dates
from anonymizers.detect.phrases import phrase_list
from anonymizers.detect.recognizers import RawSpan

_NUMBER = (
    r"(?<![\w+/.-])(?P<num>(?:\+|00)?\(?\d{1,4}\)?(?:[ \t]?\(0\))?"
    r"(?:[ \t]?[./-]?[ \t]?\(?\d{1,5}\)?){1,6})(?![\w]|[.,/-]\d)"
)
_ODD = regex.compile(_NUMBER, regex.V0)
_DIGIT = regex.compile(r"\d")
_TIME = regex.compile(r"\d{1,2}:\d{2}|\d+[.,]\d{1,2}$")


@cache
def _cued() -> regex.Pattern[str]:
    cues = sorted(set(phrase_list("phone_cues")), key=len, reverse=True)
    alt = "|".join(regex.escape(c) for c in cues)
    return regex.compile(
        rf"(?i)(?<![\w])(?:{alt})(?!\w)[ \t]*(?:[:=]|\p{{Pd}})?[ \t]*"
        rf"(?:(?:al|au|op|på|unter|sur|em|a|al|no|nr\.?|is|es|è|é)[ \t]+)?{_NUMBER}",
        regex.V0,
    )


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


def _is_date(text: str, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in full_dates(text[max(0, start - 12) : end]))


def odd_phones(text: str) -> list[RawSpan]:
    """Phones with a slash or "(0)" in them, and short phones after a phone word."""
    if not _DIGIT.search(text):
        return []
    out: list[RawSpan] = []
    if "/" in text or "(0)" in text:
        for m in _ODD.finditer(text):
            num = m.group("num").rstrip(" .-/")
            odd = "/" in num or "(0)" in num
            if odd and num[0] in "0+" and 9 <= _digits(num) <= 15 and not _TIME.search(num):
                s = m.start("num")
                if not _is_date(text, s, s + len(num)):
                    out.append((s, s + len(num), "PHONE_NUMBER", 0.7))
    for m in _cued().finditer(text):
        num = m.group("num").rstrip(" .-/")
        if 7 <= _digits(num) <= 15 and not _TIME.search(num):
            s = m.start("num")
            if not _is_date(text, s, s + len(num)):
                out.append((s, s + len(num), "PHONE_NUMBER", 0.6))
    return out
