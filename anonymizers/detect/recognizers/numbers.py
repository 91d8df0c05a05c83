"""Phones, cards and driving licences that only their context gives away.

A short or checksum-less number ('reach me at 617 2093', 'card 638205917443') matches no
validated pattern; the word in front of it says what it is.
"""

from __future__ import annotations

import regex  # Presidio's dependency; needed for Unicode letter classes

from anonymizers.detect.recognizers import RawSpan

#: Whose line a number is, between the phone word and the number ("Tel. privat 0171
#: 2345678", "phone (home): ...", "tél. perso", "teléfono fijo"), in our languages.
PHONE_QUALIFIER = (
    r"(?:\(?(?:privat|private|priv|privé|perso|personnel|geschäftlich|dienstlich|büro|mobil|"
    r"direkt|direct|home|work|office|mobile|cell|fixe|fijo|móvil|movil|casa|trabajo|fisso|"
    r"ufficio|thuis|werk|zakelijk|hem|arbete|prywatny|służbowy|residencial)"
    r"\.?\)?[\s.:,;\p{Pd}]{0,3})?"
)
_PHONE_CTX = regex.compile(
    r"(?i)\b(?:phone|tel|telephone|mobile|cell|cellphone|fax|desk|office|home|work|"
    r"call(?:ed|ing)?(?:\s+me)?|rang|phoned|reach(?:\s+me)?|text(?:\s+me)?|sms|whatsapp|"
    r"number|no|contact|"
    r"answering|registered|messages\s+to|dial)\b[\s.:,;#=/\p{Pd}]{0,4}"
    + PHONE_QUALIFIER
    + r"(?:(?:on|at|to|is|from|:)\s*){0,2}"
    r"(?P<num>\+?\(?\d{1,4}\)?(?:[ .-]?\(?\d{2,5}\)?){1,5}(?!\d)(?:\s?(?:x|ext\.?)\s?\d{1,5})?)"
)
_PHONE_AFTER = regex.compile(
    r"(?P<num>\+?\(?\d{1,4}\)?(?:[ .-]?\d{2,5}){1,5}(?!\d))[\s-]*"
    r"(?=(?i:office|fax|mobile|cell|home|work)\b)"
)
_CARD_CTX = regex.compile(
    r"(?i)\b(?:card|cc|credit|debit|visa|mastercard|amex|maestro|discover)\b[^\d\n]{0,25}"
    r"(?P<num>\d(?:[ -]?\d){11,18})(?!\d)"
)
# "driver's license no. 3817-58-6093", "DL# B1234567": the context names it, so a
# phone rule that fires on "number" must not take it.
_LICENCE_CTX = regex.compile(
    r"(?i:\b(?:driver'?s?'?[ \t]+licen[cs]e|driving[ \t]+licen[cs]e|DL)\b"
    r"(?:[ \t]+(?:number|no\.?|num|id))?[ \t]*(?:is|:|#)?[ \t]*)"
    r"(?P<num>[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){4,19})(?![\w-])"
)
DATE_LIKE = regex.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}")
#: Two years joined: a period ("T-Mobile (2014-2018)" on a CV is a job's years, however
#: "Mobile" cues a phone).
YEAR_RANGE = regex.compile(r"\(?(?:19|20)\d\d\)?[ \t]*[-–/][ \t]*\(?(?:19|20)\d\d\)?")


def context_numbers(text: str) -> list[RawSpan]:
    """Phones and cards that only their context gives away: 'reach me at 617 2093',
    'Mobile: 734 961 285', 'card 638205917443' (short or checksum-less numbers)."""
    out: list[RawSpan] = []
    for rx in (_PHONE_CTX, _PHONE_AFTER):
        for m in rx.finditer(text):
            num = m.group("num").rstrip(" .-")
            digits = sum(c.isdigit() for c in num)
            if 7 <= digits <= 15 and not DATE_LIKE.search(num) and not YEAR_RANGE.fullmatch(num):
                s = m.start("num")
                out.append((s, s + len(num), "PHONE_NUMBER", 0.6))
    for m in _CARD_CTX.finditer(text):
        out.append((m.start("num"), m.end("num"), "CREDIT_CARD", 0.6))
    for m in _LICENCE_CTX.finditer(text):
        if any(c.isdigit() for c in m.group("num")):
            out.append((m.start("num"), m.end("num"), "US_DRIVER_LICENSE", 0.8))
    return out
