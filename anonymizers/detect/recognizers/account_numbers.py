"""Customer and account numbers that no table of the bundle holds: "my customer number
is 553120", "Kundennummer: 553120", "numéro de client 553-120", "553120 is my account".

Known ids are found by their cores (``detect/known_ids.py``); an id the tables never saw
has only its wording to go by. A number right next to a word that names a person's own
number with a company (``phrases/account_words.txt``, eight languages: "account",
"Kundennummer", "numéro de client", "kundnummer" ...), with only linking words between
(``phrases/id_links.txt``: "is", "my", "lautet", "est le" ...), is that person's id; so
is one right after a holder noun on the same line ("Kunde 553120", "Client : 553120",
``phrases/account_holders.txt``). A speaker label ("Customer: 720.555.0184") is followed
by what the customer said: a number there is an id unless it is written as a phone
(digit groups) or an amount.
Order, ticket and invoice numbers name a transaction, not a person, and are left alone;
so are amounts (decimals, thousands groups, a currency next to them), dates and times.
The number needs five digits at least, so "customer for 3 years" or "Konto 1200" is no id.
"""

from __future__ import annotations

import re
from functools import cache

import regex

from anonymizers.detect.phrases import phrase_list
from anonymizers.detect.recognizers import RawSpan
from anonymizers.detect.recognizers.numbers import YEAR_RANGE

ENTITY = "ID"
#: A number: maybe a short letter prefix, then letters and digits joined by single
#: - _ / . ("553120", "553-120", "CL-0093321"); it needs five digits (``account_numbers``).
_CANDIDATE = re.compile(
    r"(?<![^\W_])(?:[^\W\d_]{1,5}[-_/.]?)?\d[^\W_]*(?:[-_/.][^\W_]+)*(?![^\W_])"
)
_CURRENCY = regex.compile(
    r"(?i)\s*(?:[€$£¥]|(?:eur|euros?|usd|gbp|chf|sek|nok|dkk|kr|dollars?|pounds?)(?!\w))"
)
_AMOUNT = regex.compile(r"\d{1,3}(?:[.,'\u00a0 ]\d{3})+")
_DIGIT = re.compile(r"\d")
_PHONE = re.compile(r"\d{2,4}(?:[-. ]\d{2,4}){2,}")
_DECIMAL = re.compile(r"[.,:]\d")
_CURRENCY_BEFORE = re.compile(r"[€$£¥]\s*$")
_DATE = regex.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")


def _alternation(name: str) -> str:
    entries = sorted({w.casefold() for w in phrase_list(name)}, key=len, reverse=True)
    return "|".join(r"\s+".join(regex.escape(p) for p in w.split()) for w in entries)


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """A person-number word and linking words ending right before a number, or a holder
    noun with only a space, a colon or a number sign on the same line ("Kunde 553120",
    "socio n.º 1120934", "Client : 553120"); and, right after a number, linking words
    then such a word ("553120 is my account")."""
    words, links = _alternation("account_words"), _alternation("id_links")
    holders = _alternation("account_holders")
    before = regex.compile(
        rf"(?i)(?:(?<![\w])(?:{words})(?![\w])"
        rf"(?:[\s:#.,=-]*(?<![\w])(?:{words}|{holders}|{links})(?![\w]))*[\s:#.=(-]*"
        rf"|(?<![\w])(?:{holders})[ \t]*[ \t:][ \t]*(?:(?:\#|n[°º.]|n\.º|nr\.?|no\.?)[ \t]*)?)\Z",
        regex.V0,
    )
    after = regex.compile(
        rf"(?i)[\s:,()=-]*(?:(?:{links})[\s:,]+){{0,3}}(?:{words}|{holders})(?![\w])", regex.V0
    )
    return before, after


#: How far before or after a number its word may stand ("numéro de client est le ").
_WINDOW = 48


def _is_id(text: str, start: int, end: int) -> bool:
    num = text[start:end]
    if len(num) > 24 or _AMOUNT.fullmatch(num) or _DATE.fullmatch(num):
        return False
    if YEAR_RANGE.fullmatch(num):
        return False  # "(2012-2014)" before a bullet "- Customer-focused ...": a job's years
    if _PHONE.fullmatch(num) or text[max(0, start - 1) : start] == "+":
        return False  # digit groups as a phone writes them: "720.555.0184"
    if _DECIMAL.match(text, end) or _CURRENCY_BEFORE.search(text, max(0, start - 4), start):
        return False  # a decimal, a time or an amount written with its currency first
    return not _CURRENCY.match(text, end)


def account_numbers(text: str) -> list[RawSpan]:
    """(start, end, "ID", score) of each number a person-number word marks as an id.
    Numbers first (few per text), then the words in a short window around each."""
    before, after = _patterns()
    out: list[RawSpan] = []
    for m in _CANDIDATE.finditer(text):
        start, end = m.start(), m.end()
        if len(_DIGIT.findall(m.group(0))) < 5 or not _is_id(text, start, end):
            continue
        if before.search(text, max(0, start - _WINDOW), start) or after.match(
            text, end, min(len(text), end + _WINDOW)
        ):
            out.append((start, end, ENTITY, 0.7))
    return out
