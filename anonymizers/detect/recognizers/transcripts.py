"""Chat transcripts: the speakers' handles, and the answers to identity questions.

A chat tool exports each turn as a line with a time and a speaker, '[10:42] jdoe: hi',
'10:42 - Marta: ...', or as a header line with the time after the speaker and the words
below it ('jdoe (customer) 10:42'); a pasted chat may have no times at all ('jdoe: hi' /
'Support: hello' / 'jdoe: ...'). The speaker is a person's handle or name, whatever its
letter case or characters ('christopher.w', 'grete74', 'ragna'), and comes back in the
same text ('@jdoe'). NER reads none of this: a handle is no name, and a label at a line's
start has no sentence around it. So a line shape with a clock time, seen on two lines at
least, is a transcript; without times, labelled lines are one only when the speakers take
turns (one label, another, the first again), as a form's fields ('Name:', 'Phone:') never
do. Its labels are handles (``ID``: a fake keeps their shape) or, when they are names the
name list knows, people; a role ('Support', 'Agent', 'Kunde', ``words/chat_roles.txt``)
is neither.

A turn that is only a date, a postcode or a valid national id, right after a turn asking
for a birth date, a postcode or that id ('Can you confirm your date of birth?' /
'1962-12-23', 'Vilket är ditt personnummer?' / '590216-3764'), is that person's: the
question is its context, a line above.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache
from itertools import pairwise

import regex

from anonymizers.detect.calendar_dates import date_pattern, read_date
from anonymizers.detect.lexicon import is_common_word, name_gazetteer, word_list
from anonymizers.detect.phrases import phrase_list
from anonymizers.detect.recognizers import RawSpan
from anonymizers.detect.recognizers.national_ids import ENTITY, id_cues, schemes_of
from anonymizers.detect.recognizers.postcodes import POSTCODE_AFTER, POSTCODE_FIRST

#: The pieces of a turn: a speaker of one or two words, a role in brackets, a clock time.
_WHO = r"(?P<who>@?[\p{L}\d][\p{L}\d._'’-]{0,39}(?:[ \t]\p{L}[\p{L}'’-]{0,39})?)"
_ROLE = r"(?:[ \t]*\((?P<role>[^()\n]{1,30})\))?"
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?"
#: A time in brackets, ':' or '.' between hours and minutes ('[10:42]', '(10.42)').
_BRACKETED = r"[\[(][^\])\n]{0,20}?\d{1,2}[:.]\d{2}(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?[\])]"
#: A turn: a clock time (bracketed or bare, maybe with a date before it), a speaker of one
#: or two words, maybe a role in brackets, a colon. The time is what makes it a chat line.
_TURN = regex.compile(
    rf"(?m)^[ \t]*(?:{_BRACKETED}"
    rf"|(?:\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}},?[ \t]+)?{_CLOCK}[ \t]*[-–|]?)[ \t]*"
    rf"{_WHO}{_ROLE}[ \t]*:(?P<said>[^\n]*)"
)
#: A turn with the time after the speaker, then the words: 'jdoe [10:42]: hi', 'Marta
#: (10.42): hola', 'grete74 - 10:42: hej'.
_TURN_AFTER = regex.compile(
    rf"(?m)^[ \t]*{_WHO}{_ROLE}[ \t]*(?:{_BRACKETED}|[-–,|·][ \t]*{_CLOCK})"
    r"[ \t]*:(?P<said>[^\n]*)"
)
#: A header turn: the speaker, maybe a role in brackets, then only a clock time on the line
#: ('jdoe (customer) 10:42', 'Marta · 10:42', 'grete74 [10:42]'); the words follow below.
_HEADER = regex.compile(rf"(?m)^[ \t]*{_WHO}{_ROLE}[ \t]*(?:[-–|·•,][ \t]*)?\[?{_CLOCK}\]?[ \t]*$")
#: An untimed turn: a label of one to three words starting with a letter, maybe a role in
#: brackets, a colon and a space ('jdoe: hi', 'Atención al cliente: Hola').
_PLAIN = regex.compile(
    r"(?m)^[ \t]*(?P<who>@?\p{L}[\p{L}\d._'’-]{0,39}(?:[ \t]\p{L}[\p{L}'’-]{0,39}){0,2})"
    rf"{_ROLE}[ \t]*:(?:[ \t]+|$)"
)
_HANDLE_CHARS = regex.compile(r"[\d._]")
#: What may be left of a turn around an answer: spaces and closing punctuation.
_LOOSE = " \t.,;!"


@cache
def chat_roles() -> frozenset[str]:
    """Speaker labels that name a role (``words/chat_roles.txt``), folded."""
    return frozenset(w.casefold() for w in word_list("chat_roles"))


def _words_rx(words: Iterable[str]) -> regex.Pattern[str]:
    """Any of ``words`` as whole words, any case, longest first."""
    alts = "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return regex.compile(rf"(?i)(?<![\w.])(?:{alts})(?!\w)", regex.V0)


@cache
def _question_cues() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    births = tuple(w.casefold() for w in phrase_list("birth_cues"))
    return _words_rx(births), _words_rx(phrase_list("postcode_cues"))


@cache
def _phone_question() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """A question naming a phone ('¿Cuál es el teléfono de la cuenta?'), one asking for a
    number ('Op welk nummer kunnen we u bereiken?'), and the order or account words that
    make a number theirs ('What is your order number?')."""
    ids = [w for w in phrase_list("id_words") if w.casefold() not in _NUMBER_WORDS]
    return (
        _words_rx((*phrase_list("phone_cues"), *phrase_list("callback_cues"))),
        _words_rx(_NUMBER_WORDS),
        _words_rx(ids),
    )


#: Words for 'number' alone: a question with one and no order or account word asks for
#: a phone ('Unter welcher Nummer erreichen wir Sie?').
_NUMBER_WORDS = frozenset(
    {"number", "nummer", "numéro", "número", "numero", "numer", "nummeret", "numret"}
)
#: A whole answer that is a phone: digits in groups, maybe a '+' or '00' first.
_PHONE_ANSWER = regex.compile(r"(?:\+|00)?\(?\d[\d \t().-]{5,22}\d")


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
    if bare.casefold() in chat_roles() or len(bare) < 2:
        return None
    if _HANDLE_CHARS.search(bare):
        return "ID" if any(c.isalpha() for c in bare) and turns >= 2 else None
    words = bare.split()
    if any(is_common_word(w) or w.casefold() in chat_roles() for w in words):
        return None
    listed = all(w.casefold() in name_gazetteer() for w in words)
    if not listed and turns < 2:
        return None
    if listed or bare[:1].isupper():
        return "PERSON"
    return "ID" if len(words) == 1 else None


def _take_turns(labels: list[str]) -> bool:
    """Speakers that take turns: some label comes back after another one spoke."""
    seen: list[str] = []
    for label in labels:
        if label in seen and seen[-1] != label:
            return True
        seen.append(label)
    return False


def _turns(text: str) -> list[regex.Match[str]]:
    """The turns of a transcript: timed ones and header lines if two at least, else
    untimed labelled lines whose speakers take turns."""
    timed = sorted(
        [*_TURN.finditer(text), *_TURN_AFTER.finditer(text), *_HEADER.finditer(text)],
        key=lambda m: m.start(),
    )
    if len(timed) >= 2:
        return timed
    plain = list(_PLAIN.finditer(text))
    if len(plain) >= 3 and _take_turns([m.group("who").lstrip("@").casefold() for m in plain]):
        return plain
    return []


def speaker_handles(text: str) -> list[RawSpan]:
    """Speakers of a transcript (see ``_turns``), and their other mentions."""
    turns = _turns(text)
    if not turns:
        return []
    out: list[RawSpan] = []
    found: dict[str, str] = {}
    spoke = Counter(m.group("who").lstrip("@") for m in turns)
    # A role in brackets ('toftw (kunde) 18:23') says a speaker as surely as a second
    # turn does.
    spoke.update(
        {
            m.group("who").lstrip("@")
            for m in turns
            if (m.group("role") or "").strip().casefold() in chat_roles()
        }
    )
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
        m = _TURN.match(text, pos, end) or _TURN_AFTER.match(text, pos, end)
        if m is not None:
            out.append((pos, m.start("said"), end))
        else:
            plain = _PLAIN.match(text, pos, end)
            out.append((pos, plain.end() if plain else pos, end))
        pos = end + 1
    return out


def answered_questions(text: str, place_entity: str = "ADDRESS") -> list[RawSpan]:
    """A date or a postcode that is a whole turn (or line), right after a turn (or line)
    asking for it: 'date of birth?', 'Proszę podać datę urodzenia.', 'Geburtsdatum:'."""
    birth, postcode = _question_cues()
    lines = _turn_lines(text)
    out: list[RawSpan] = []
    for (q_start, q_said, q_end), (_a, a_said, a_end) in pairwise(lines):
        # An untimed label is part of what is asked ('Geburtsdatum:' has nothing after it).
        question = text[q_said:q_end] if q_said < q_end else text[q_start:q_end]
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
        elif _asked_phone(question, value):
            out.append((s, s + len(value), "PHONE_NUMBER", 0.8))
    return out


def _asked_phone(question: str, value: str) -> bool:
    """Is ``value`` a phone number answering a question that asks for one?"""
    if not _PHONE_ANSWER.fullmatch(value) or not 7 <= sum(c.isdigit() for c in value) <= 15:
        return False
    if read_date(value) is not None:
        return False
    phone, number, ids = _phone_question()
    if phone.search(question) is not None:
        return True
    return number.search(question) is not None and ids.search(question) is None
