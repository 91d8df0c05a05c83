"""A date is a date: a guessed place or phone over a full date, or a guessed place over a
checked id, is dropped; so is a guessed name that is a month written beside a day or a
year ("Salary June 2025", "due 12 August": June, May and August are first names too).

Place rules read "shipped 12 March 2024" or "3 de marzo de 1985" as a house number and a
street, and Presidio's phone recognizer reads "04.09.2024" as a number to dial; either
garbles an event date that is not personal, and hides a date of birth under the wrong
fake. A full date (day, month and year, in any spelling ``calendar_dates`` reads) is never
a place or a phone; a date of birth or a national id found by its own rule keeps its
type. Known values and the deny list are never second-guessed, but for a known name of
one word that is a month written as a month ("in May", "June 2025": ``months_stay``).
"""

from __future__ import annotations

import re

from anonymizers.detect.calendar_dates import full_dates
from anonymizers.detect.languages import calendar_words, is_everyday
from anonymizers.detect.lexicon import is_common_word, word_list
from anonymizers.detect.spans import Span

#: Entities whose checked spans a guessed place must not swallow.
CHECKED = frozenset({"DATE_OF_BIRTH", "NATIONAL_ID"})
_PLACES = frozenset({"ADDRESS", "LOCATION"})
_GUESSES = frozenset({"rule", "ner", "pattern"})
#: Address labels of our languages that no general word list holds.
_ADDRESS_LABELS = frozenset(
    ("adres", "adresse", "adr", "anschrift", "morada", "dirección", "direccion", "indirizzo",
     "adress", "adresa", "endereço", "endereco", "domicilio", "wohnort")
)  # fmt: skip


_NAMES = frozenset({"PERSON", "FIRST_NAME", "LAST_NAME"})
#: A day or a year right after a month ("June 2025", "June 12th", "Juni 2025").
_NUMBER_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:\d{1,2}(?:st|nd|rd|th)?|(?:19|20)\d\d)(?!\d)")
#: A day right before a month ("12 June", "12. Juni", "12th of June", "le 12 juin").
_NUMBER_BEFORE = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th|\.)?(?:[ \t]+of)?[ \t]*\Z")


def months_stay(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without the names that are a month where a month is written: a guessed
    name beside a day, a year or a month's preposition ("Salary June 2025", "in May"),
    and a known one-word name so placed (subscriber Peter May's surname is no reason to
    write "Don't forget Mum this Rowland"). A known "June" elsewhere ("June called") is
    still hers."""
    out = []
    for s in spans:
        one_word = " " not in text[s.start : s.end].strip()
        if (
            s.entity in _NAMES
            and (s.source in ("rule", "ner") or (s.source == "known" and one_word))
            and month_written(text, s.start, s.end)
        ):
            continue
        out.append(s)
    return out


#: Months that are given names too, which ``calendar_words`` leaves out in English.
NAMED_MONTHS = frozenset({"april", "may", "june", "july", "august"})


#: Words that make the month after them one ("in May", "this June", "until August",
#: "end of July"); "from", "with" and "after" are left out: "a message from June".
_MONTH_BEFORE = re.compile(
    r"(?i)(?<![\w'’])(?:in|this|next|last|every|since|until|till|early|mid|late|during|"
    r"throughout|(?:end|beginning|middle|start)[ \t]+of)[ \t]+\Z"
)


def month_written(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a month's name written as a month: beside a day or a year,
    or after a month's preposition ("in May", "this June")? Not when possessive ("May's
    order")."""
    month = text[start:end].casefold()
    if month not in NAMED_MONTHS and month not in calendar_words():
        return False
    if text[end : end + 2] in ("'s", "’s"):
        return False
    if _NUMBER_AFTER.match(text, end):
        return True
    before = max(0, start - 24)
    return bool(
        _NUMBER_BEFORE.search(text, before, start) or _MONTH_BEFORE.search(text, before, start)
    )


def dates_stay(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without the place and phone guesses that sit on a date or checked id."""
    places = [s for s in spans if s.entity in _PLACES and s.source in ("rule", "ner")]
    phones = [s for s in spans if s.entity == "PHONE_NUMBER" and s.source in _GUESSES]
    if not places and not phones:
        return spans
    digits = any(c.isdigit() for s in (*places, *phones) for c in text[s.start : s.end])
    dates = full_dates(text) if digits else []
    checked = [(s.start, s.end) for s in spans if s.entity in CHECKED and s.source == "pattern"]
    if not dates and not checked:
        return spans
    drop: set[Span] = set()
    kept: list[Span] = []
    for s in places:
        over = [b for a, b in (*dates, *checked) if a < s.end and s.start < b]
        if over:
            drop.add(s)
            tail = _after_date(text, s, max(over))
            if tail is not None:
                kept.append(tail)
    for s in phones:  # a phone exactly over a date ("04.09.2024"), not one next to it
        if any(a <= s.start and s.end <= b for a, b in dates):
            drop.add(s)
    if not drop:
        return spans
    return [s for s in spans if s not in drop] + kept


#: What may lead an address after a date in a note: punctuation, a label and its colon.
_LEAD = re.compile(r"[\W_]*(?:(?P<label>[^\W\d_]+\.?)[ \t]*:?[ \t]+)?")


def _after_date(text: str, s: Span, date_end: int) -> Span | None:
    """The address a place guess ran into after a date ('Geb. 07/11/1960. Adres
    Tylerweg 94, 8437 IL Sint Maarten', 'Nasc. 8-7-1987. Morada Rua Vaz, 84, 3352-097
    Ponte de Sor'): its part after the date, less the label in front, when that part
    is a street line (a number and a word) of its own; None otherwise."""
    if date_end >= s.end or s.entity != "ADDRESS":
        return None
    m = _LEAD.match(text, date_end, s.end)
    start = m.end() if m else date_end
    label = m.group("label") if m else None
    if label and not _labelled(label):
        start = m.start("label") if m else start
    rest = text[start : s.end]
    if not (re.search(r"\d", rest) and re.search(r"[^\W\d_]{3}", rest)):
        return None
    return s._replace(start=start)


def _labelled(word: str) -> bool:
    """A form or note label ('Adres', 'Adr.', 'Morada', 'Anschrift'): an everyday word of
    some language, never a street's name."""
    w = word.rstrip(".").casefold()
    return (
        w in _ADDRESS_LABELS
        or w in word_list("form_labels")
        or is_common_word(w)
        or (is_everyday(w, "any"))
    )
