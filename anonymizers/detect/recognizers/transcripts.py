"""Chat transcripts: the speakers' handles, and the answers to identity questions.

A chat tool exports each turn as a line with a time and a speaker, '[10:42] jdoe: hi',
'10:42 - Marta: ...'. The speaker is a person's handle or name, whatever its letter case
or characters ('christopher.w', 'grete74', 'ragna'), and comes back in the same text
('@jdoe'). NER reads none of this: a handle is no name, and a label at a line's start
has no sentence around it. So a line shape with a clock time, seen on two lines at
least, is a transcript, and its labels are handles (``ID``: a fake keeps their shape) or,
when they are names the name list knows, people; a role ('Support', 'Agent', 'Kunde',
``words/chat_roles.txt``) is neither.

A turn that is only a date, a postcode or a valid national id, right after a turn asking
for a birth date, a postcode or that id ('Can you confirm your date of birth?' /
'1962-12-23', 'Vilket är ditt personnummer?' / '590216-3764'), is that person's: the
question is its context, a line above.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from itertools import pairwise

import regex

from anonymizers.detect.calendar_dates import date_pattern, read_date
from anonymizers.detect.lexicon import is_common_word, name_gazetteer, word_list
from anonymizers.detect.phrases import phrase_list
from anonymizers.detect.recognizers import RawSpan
from anonymizers.detect.recognizers.national_ids import ENTITY, id_cues, schemes_of
from anonymizers.detect.recognizers.postcodes import POSTCODE_AFTER, POSTCODE_FIRST

#: A turn: a clock time (bracketed or bare, maybe with a date before it), a speaker of one
#: or two words, maybe a role in brackets, a colon. The time is what makes it a chat line.
_TURN = regex.compile(
    r"(?m)^[ \t]*(?:\[[^\]\n]{0,20}?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?\]"
    r"|(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?[ \t]+)?\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:[ \t]?[AaPp]\.?[Mm]\.?)?[ \t]*[-–|]?)[ \t]*"
    r"(?P<who>@?[\p{L}\d][\p{L}\d._'’-]{0,39}(?:[ \t]\p{L}[\p{L}'’-]{0,39})?)"
    r"(?:[ \t]*\((?P<role>[^()\n]{1,30})\))?[ \t]*:(?P<said>[^\n]*)"
)
_HANDLE_CHARS = regex.compile(r"[\d._]")
#: What may be left of a turn around an answer: spaces and closing punctuation.
_LOOSE = " \t.,;!"


@cache
def _roles() -> frozenset[str]:
    return frozenset(w.casefold() for w in word_list("chat_roles"))


@cache
def _question_cues() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    def alternation(words: tuple[str, ...]) -> regex.Pattern[str]:
        alts = "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))
        return regex.compile(rf"(?i)(?<![\w.])(?:{alts})(?!\w)", regex.V0)

    births = tuple(w.casefold() for w in phrase_list("birth_cues"))
    return alternation(births), alternation(tuple(phrase_list("postcode_cues")))


@cache
def _postcode() -> regex.Pattern[str]:
    """A postcode of our countries' shapes; as a whole answer also a ZIP+4, a Brazilian
    CEP or four to eight digits: the question says what it is."""
    shapes = (*POSTCODE_FIRST.values(), *POSTCODE_AFTER.values(), r"\d{5}-?\d{3,4}", r"\d{4,8}")
    return regex.compile("(?:" + "|".join(shapes) + ")")


def _asked_id(question: str, value: str) -> bool:
    """Is ``value`` a valid id of a scheme the question names ('ditt personnummer?')?"""
    rx, schemes = id_cues()
    named: set[str] = set()
    for m in rx.finditer(question):
        named |= schemes.get(m.group(0).casefold(), frozenset())
    if not named:
        return False
    return any(s.name in named or "any" in named for s in schemes_of(value))


def _speaker_entity(who: str, turns: int) -> str | None:
    """What a speaker label is: a handle (ID), a person, or nothing (a role, a word). A
    label no name list knows counts only when it speaks twice: a one-off 'Note:' or
    'Warnung:' after a time is a heading."""
    bare = who.lstrip("@")
    if bare.casefold() in _roles() or len(bare) < 2:
        return None
    if _HANDLE_CHARS.search(bare):
        return "ID" if any(c.isalpha() for c in bare) and turns >= 2 else None
    words = bare.split()
    if any(is_common_word(w) or w.casefold() in _roles() for w in words):
        return None
    listed = all(w.casefold() in name_gazetteer() for w in words)
    if not listed and turns < 2:
        return None
    if listed or bare[:1].isupper():
        return "PERSON"
    return "ID" if len(words) == 1 else None


def speaker_handles(text: str) -> list[RawSpan]:
    """Speakers of a transcript (two timed turns at least), and their other mentions."""
    turns = list(_TURN.finditer(text))
    if len(turns) < 2:
        return []
    out: list[RawSpan] = []
    found: dict[str, str] = {}
    spoke = Counter(m.group("who").lstrip("@") for m in turns)
    for m in turns:
        who = m.group("who")
        entity = _speaker_entity(who, spoke[who.lstrip("@")])
        if entity is None:
            continue
        s = m.start("who") + (1 if who.startswith("@") else 0)
        out.append((s, m.end("who"), entity, 0.8))
        found[who.lstrip("@")] = entity
    for handle, entity in found.items():
        if " " in handle or (not _HANDLE_CHARS.search(handle) and entity != "ID"):
            continue  # a name's other mentions are NER's and the name rules' to find
        for m in regex.finditer(rf"(?<![\w.@-])@?({regex.escape(handle)})(?![\w@-]|\.\w)", text):
            out.append((m.start(1), m.end(1), entity, 0.8))
    return out


def _turn_lines(text: str) -> list[tuple[int, int, int]]:
    """(line start, what-was-said start, line end) of each line: a turn's words start after
    its speaker label, a plain line's at its first character."""
    out = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        m = _TURN.match(text, pos, end)
        out.append((pos, m.start("said") if m else pos, end))
        pos = end + 1
    return out


def answered_questions(text: str, place_entity: str = "ADDRESS") -> list[RawSpan]:
    """A date or a postcode that is a whole turn (or line), right after a turn (or line)
    asking for it: 'date of birth?', 'Proszę podać datę urodzenia.', 'Geburtsdatum:'."""
    birth, postcode = _question_cues()
    lines = _turn_lines(text)
    out: list[RawSpan] = []
    for (_q, q_said, q_end), (_a, a_said, a_end) in pairwise(lines):
        question = text[q_said:q_end]
        said = text[a_said:a_end]
        value = said.strip(_LOOSE)
        if not value:
            continue
        s = a_said + said.index(value)
        if birth.search(question) and read_date(value) is not None:
            m = date_pattern().fullmatch(value)
            if m is not None:
                out.append((s, s + len(value), "DATE_OF_BIRTH", 0.85))
        elif postcode.search(question) and _postcode().fullmatch(value):
            out.append((s, s + len(value), place_entity, 0.8))
        elif any(c.isdigit() for c in value) and _asked_id(question, value):
            out.append((s, s + len(value), ENTITY, 0.9))
    return out
