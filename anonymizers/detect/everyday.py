"""Everyday words are no names or places: the veto on NER's and the rules' guesses.

spaCy's English model reads 'Viele Grüße' as a person, 'Rücksendung' or 'Bonsoir' as a
town and 'Jan 2024' as a surname; a name guessed in Spanish text runs on over 'el
jueves'. The words of ``languages.py`` (greetings, holidays, support words, month and
day names, stop words of the text's language) settle it: a guess made only of them goes,
a longer one loses them at its edges. Only guesses are touched (NER and rules); a known
value, a deny-list value or a pattern's match is never vetoed.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from typing import NamedTuple

from anonymizers.detect.casing import SENTENCE_START
from anonymizers.detect.languages import (
    calendar_words,
    everyday_phrases,
    everyday_words,
    foreign_stop_words,
    guess_language,
    stop_words,
)
from anonymizers.detect.lexicon import (
    NAME_PARTICLES,
    TITLE_WORDS,
    country_gazetteer,
    english_words,
    name_gazetteer,
    place_gazetteer,
    word_list,
)
from anonymizers.detect.spans import NAME_ENTITIES, Span

_TOKEN = re.compile(r"\d+(?:[.,:/-]\d+)*|[^\W\d_]+(?:['’-][^\W\d_]+)*")
_DIGIT_GAP = re.compile(r"[\s.,/-]{0,3}")
#: Guessed spans the everyday-word veto looks at: names and places, from NER or rules.
_VETOED = NAME_ENTITIES | {"LOCATION", "ADDRESS"}


class _Token(NamedTuple):
    start: int
    end: int
    digit: bool
    plain: bool


#: Pronouns of polite address that the language capitalises mid-sentence ('können Sie
#: bitte', 'Ihre Bestellung'): a capital there says nothing, even where a name list knows
#: the word ('Sie' is also a surname).
_POLITE_FORMS = {
    "de": frozenset({"sie", "ihnen", "ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres"}),
}

#: Languages that write month and weekday names with a capital (German: every noun).
_CAPITAL_MONTHS = frozenset({"en", "de"})


def _mixed_case_lines(text: str) -> list[tuple[int, int]]:
    """Lines that use capitals as prose does (not all lower case, not all capitals)."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        letters = [c for c in m.group(0) if c.isalpha()]
        if letters and 0 < sum(c.isupper() for c in letters) < 0.6 * len(letters):
            out.append(m.span())
    return out


@cache
def _kin_words() -> frozenset[str]:
    """Kinship words that are no place ('Man' is one)."""
    return frozenset(w for w in word_list("kin") if w not in place_gazetteer())


@cache
def _phrase_words() -> frozenset[str]:
    """Every word of the greeting and holiday phrases, in lower case, as ``_TOKEN`` cuts
    them: a token inside a phrase match is one of these."""
    return frozenset(
        m.group(0).lower()
        for p in (*word_list("greetings"), *word_list("holidays"))
        for m in _TOKEN.finditer(p)
    )


def _within(raw: list[tuple[int, int, str]], within: list[tuple[int, int]]) -> list[bool]:
    """For each token of ``raw`` (in text order, non-empty, not overlapping: their starts
    and ends both rise), whether it lies inside one of the ``within`` ranges: those
    inside ``[a, b)`` are the run from the first starting at ``a`` or later to the last
    ending at ``b`` or earlier, found by bisection instead of testing every token
    against every range."""
    starts = [s for s, _e, _t in raw]
    ends = [e for _s, e, _t in raw]
    judged = [False] * len(raw)
    for a, b in within:
        for k in range(bisect_left(starts, a), bisect_right(ends, b)):
            judged[k] = True
    return judged


def _everyday_tokens(
    text: str, within: list[tuple[int, int]] | None = None, lang: str | None = None
) -> list[_Token]:
    """Every word and number of ``text``, with whether it is everyday here (``plain``): a
    greeting, holiday or support word, a month or day name (a short or name-like one only
    next to a number, or after a stop word in a text that is not English), a word of a
    greeting or holiday phrase. In a text that is not English also a stop word (one a name
    list knows only where it is not capitalised mid-sentence: 'met Wouter Moet'), and a
    word in lower case on a line that uses capitals: those languages capitalise names too.

    With ``within``, only tokens inside one of those ranges are judged (the others are
    never plain): a text's guessed spans hold a few of its words. ``lang``: the text's
    ``guess_language``, when the caller has it."""
    lang = guess_language(text) if lang is None else lang
    local_stops = stop_words(lang) if lang != "en" else frozenset()
    foreign = foreign_stop_words() if lang != "en" else frozenset()
    calendar, names, everyday = calendar_words(), name_gazetteer(), everyday_words()
    kin = _kin_words()
    raw = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    judged = [True] * len(raw) if within is None else _within(raw, within)
    # A phrase match covers a judged token only if that token is one of a phrase's words,
    # and a line's case matters only to a judged token in lower case: else neither scan.
    words = [t.lower() for (_s, _e, t), j in zip(raw, judged, strict=True) if j]
    phrase_words = _phrase_words()
    in_phrase = (
        [m.span() for m in everyday_phrases().finditer(text)]
        if any(w in phrase_words for w in words)
        else []
    )
    lower = any(t.islower() for (_s, _e, t), j in zip(raw, judged, strict=True) if j)
    prose = _mixed_case_lines(text) if lang != "en" and lower else []
    out: list[_Token] = []
    for i, (s, e, tok) in enumerate(raw):
        if tok[0].isdigit():
            out.append(_Token(s, e, True, False))
            continue
        if not judged[i]:
            out.append(_Token(s, e, False, False))
            continue
        w = tok.lower()
        local = w in local_stops and (
            w in _POLITE_FORMS.get(lang, ())
            or not (tok[0].isupper() and w in names and not SENTENCE_START.search(text[:s]))
        )
        plain = (
            w in everyday
            or local
            or w in foreign
            or any(a <= s and e <= b for a, b in in_phrase)
            or (
                tok.islower()
                and w not in NAME_PARTICLES
                and any(a <= s and e <= b for a, b in prose)
            )
        )
        if not plain and w in kin and i and raw[i - 1][2].islower():
            plain = True  # 'ihr Mann Kathy Fiebig', 'mi vecina Rocío': the relation, not a name
        elif not plain and w in kin and _before_a_name(text, e, raw, i):
            plain = True  # 'Wasserschaden, Nachbarin Hedwig Wagner hat es gemeldet'
        if not plain and w in calendar:
            prev = raw[i - 1] if i else None
            nxt = raw[i + 1] if i + 1 < len(raw) else None
            by_number = (
                prev is not None
                and prev[2][0].isdigit()
                and _DIGIT_GAP.fullmatch(text[prev[1] : s]) is not None
            ) or (
                nxt is not None
                and nxt[2][0].isdigit()
                and _DIGIT_GAP.fullmatch(text[e : nxt[0]]) is not None
            )
            after_stop = prev is not None and prev[2].lower() in local_stops
            plain = (len(w) >= 5 and w not in names) or by_number or after_stop
            if (
                plain
                and not by_number
                and lang not in _CAPITAL_MONTHS
                and tok[0].isupper()
                and w in place_gazetteer()
                and not SENTENCE_START.search(text[:s])
            ):
                # Months and weekdays are written in lower case here: a capitalised one
                # mid-sentence, by no number, that is also a listed town is the town
                # ("w Września", a Polish town and September's genitive). Other months
                # keep their capital in chat ("el Sábado", "i Januari") and stay plain.
                plain = False
        out.append(_Token(s, e, False, plain))
    return out


def _trim_everyday(text: str, s: Span, toks: list[_Token]) -> Span | None:
    """``s`` without the everyday words at its edges (and a number after an everyday word
    at its end: 'seit dem 10'); None when nothing personal is left."""
    inside = [t for t in toks if s.start <= t.start and t.end <= s.end]
    if not inside or not any(t.plain for t in inside):
        return s
    words = [t for t in inside if not t.digit]
    if all(t.plain for t in words):
        return None  # only everyday words and numbers: 'Viele Grüße', '12 Oct', 'Nr 5'
    if s.entity == "ADDRESS" and any(t.digit for t in inside):
        return s  # a street line keeps its own words ('Via di Roma 5')
    trimmed = False
    while inside:
        first = inside[0]
        # 'van Dijk' keeps its particle; 'oficina de Málaga' loses 'de' with 'oficina'.
        particle = text[first.start : first.end].lower() in NAME_PARTICLES
        if particle and not trimmed and len(inside) > 1 and not inside[1].plain:
            break
        if first.plain or (particle and trimmed):
            inside.pop(0)
            trimmed = True
        else:
            break
    while inside:
        if inside[-1].plain:
            inside.pop()
        elif inside[-1].digit and len(inside) > 1 and inside[-2].plain:
            inside = inside[:-2]
        else:
            break
    if not inside or all(t.digit for t in inside):
        return None
    start, end = inside[0].start, inside[-1].end
    if (start, end) == (s.start, s.end):
        return s
    new = s._replace(start=start, end=end)
    value = text[start:end].lower()
    if new.entity in NAME_ENTITIES and value in place_gazetteer() and value not in name_gazetteer():
        new = new._replace(entity="LOCATION")  # 'oficina de Málaga' read as one person
    return new


def _unknown_noun(text: str, s: Span, lang: str) -> bool:
    """Capitalised words that no name, place or country list knows, guessed by NER in a
    text that is not English, where the capital says nothing: German capitalises every
    noun ('Mein Nachbar', 'Geänderte Öffnungszeiten'), and every language the first word
    of a sentence ('Stuur het naar ...', 'Cambia el horario', 'La Lampe Arc du lot').
    Stop words and name particles inside the guess are not asked about; a hyphenated word
    is unknown only when none of its parts is listed ('Jean-Luc' stays a name)."""
    value = text[s.start : s.end]
    if lang == "en":
        return _english_noun_opening(text, s)
    words = [m.group(0) for m in _TOKEN.finditer(value)]
    if not words or any(w[0].isdigit() for w in words):
        return False
    stops = stop_words(lang)
    content = [
        w.lower() for w in words if w.lower() not in stops and w.lower() not in NAME_PARTICLES
    ]
    if not content:
        return False
    lists = (name_gazetteer(), place_gazetteer(), country_gazetteer())
    for w in content:
        if any(part in lst for part in (w, *re.split(r"['’-]", w)) for lst in lists):
            return False
    return lang == "de" or SENTENCE_START.search(text[: s.start]) is not None


def _reads_english(text: str, lang: str) -> bool:
    """Guessed English, with an English stop word to show for it: a short note
    ("Beim Nachbarn Nr. 8 abgegeben") is guessed English for want of any other
    language's stop words."""
    return lang == "en" and any(w.lower() in stop_words("en") for w in _WORDS.findall(text))


_WORDS = re.compile(r"[^\W\d_]+")


def _before_a_name(text: str, end: int, raw: list[tuple[int, int, str]], i: int) -> bool:
    """Is the kinship word ending at ``end`` (token ``i``) followed, a space apart, by a
    capitalised word the name list knows, after no letter of its own sentence (a comma or
    a sentence's start before it)? 'Nachbarin Hedwig Wagner' names Hedwig Wagner."""
    if i + 1 >= len(raw):
        return False
    start, _, following = raw[i + 1]
    if text[end:start] not in (" ", "\t") or not following[:1].isupper():
        return False
    before = text[: raw[i][0]].rstrip()
    return (not before or before[-1] in ",.!?:;\n") and following.lower() in name_gazetteer()


def _english_noun_opening(text: str, s: Span) -> bool:
    """One English dictionary word that no name, place or country list knows, opening a
    sentence, where only its capital made NER read a person: "Boiler in Simpson Court,
    floor 2, broken again" (a letting agency's repair requests, tagged in 41 of 72)."""
    value = text[s.start : s.end]
    if not value.isalpha() or value.lower() not in english_words():
        return False
    w = value.lower()
    if any(w in lst for lst in (name_gazetteer(), place_gazetteer(), country_gazetteer())):
        return False
    return SENTENCE_START.search(text[: s.start]) is not None


def _calendar_compound(text: str, s: Span) -> bool:
    """A month or day name joined to a noun by a hyphen: 'Mai-Charge', 'juli-leveransen',
    'April-Lieferung', 'december-actie' (a batch, a delivery, a sale), whether the guess
    holds the whole compound or only the month. A name that starts with one ('Mai-Linh',
    'April-Rose') has a listed name after the hyphen and stays."""
    if s.entity == "ADDRESS":
        return False  # a street line keeps its words
    value = text[s.start : s.end]
    lead = re.match(r"(?:(?:[^\W\d_]+)\s+)*?(?=[^\W\d_]+[-‐])", value)
    skip = lead.end() if lead else 0
    if any(w.lower() not in NAME_PARTICLES for w in value[:skip].split()):
        return False  # only a particle may stand before it: 'der Juli-Charge'
    m = re.match(r"[^\W\d_]+(?:[-‐][^\W\d_]+)+", value[skip:] + text[s.end :])
    if m is None or m.end() < len(value) - skip:
        return False
    first, *rest = re.split(r"[-‐]", m.group(0))
    names = name_gazetteer()
    return first.lower() in calendar_words() and not any(r.lower() in names for r in rest)


@cache
def _goods() -> tuple[frozenset[str], tuple[str, ...]]:
    """Goods nouns no name or place list knows, and the longer ones as compound endings
    ('Schreibtisch|lampe', 'golv|lampa', 'bureau|lamp')."""
    names, places = name_gazetteer(), place_gazetteer()
    words = frozenset(w for w in word_list("goods") if w not in names and w not in places)
    return words, tuple(sorted((w for w in words if len(w) >= 5), key=len, reverse=True))


def _names_a_thing(text: str, s: Span) -> bool:
    """A guessed name or place that holds a goods noun ('the Oak Bookshelf', 'Lampada
    Arco', 'Trail Jacket', 'Golvlampa') is a product, unless a title stands before it
    ('Mr Kettle' is a person whatever his name means)."""
    if s.entity == "ADDRESS":
        return False
    words, endings = _goods()
    listed = (name_gazetteer(), place_gazetteer())
    for m in _TOKEN.finditer(text, s.start, s.end):
        w = m.group(0).lower()
        if any(w in lst for lst in listed):
            continue  # 'Dunstable' ends with 'table', 'Forno' is a village too
        if w in words or any(w.endswith(e) and len(w) >= len(e) + 3 for e in endings):
            before = re.findall(r"[^\W\d_]+", text[max(0, s.start - 12) : s.start])
            return not (before and before[-1].lower() in TITLE_WORDS)
    return False


_NUMBER_AFTER = re.compile(r"\s*[:=x×]?\s*\d")
_NUMBER_BEFORE = re.compile(r"\d\s*$")


def _lower_case_by_number(text: str, s: Span) -> bool:
    """One word in lower case that NER read as a name, next to a number, on a line that
    uses capitals as prose does: a limit or a unit ('pallets max 5', 'min 10 units',
    'qty 3'), not a person, whom a writer who capitalises would have capitalised too. A
    line all in lower case keeps its guesses ('ask john 2 times')."""
    value = text[s.start : s.end]
    if not value.isalpha() or not value.islower():
        return False
    near = _NUMBER_AFTER.match(text, s.end) or _NUMBER_BEFORE.search(text, 0, s.start)
    if near is None:
        return False
    return any(a <= s.start and s.end <= b for a, b in _mixed_case_lines(text))


#: A code, not a name or a place: 'ORD-8982118', 'SKU-44-B' (NER reads some as places).
_CODE = re.compile(r"[A-Z0-9]+(?:[-_/.][A-Z0-9]+)+")


def drop_everyday(text: str, spans: list[Span]) -> list[Span]:
    """Guessed names and places made of everyday words lose them: 'Viele Grüße' or
    'Bonjour' as a name, 'Rücksendung' or 'Jan 2024' as a place go; 'Fidel Ripoll el
    jueves' keeps 'Fidel Ripoll'. Known values, deny lists and patterns are never touched."""
    guessed = [s for s in spans if s.entity in _VETOED and s.source in ("ner", "rule")]
    if not guessed:
        return spans
    lang = guess_language(text)
    toks = _everyday_tokens(text, [(s.start, s.end) for s in guessed], lang)
    out: list[Span] = []
    for s in spans:
        if s.entity in _VETOED and s.source in ("ner", "rule"):
            value = text[s.start : s.end]
            if s.source == "ner" and _CODE.fullmatch(value) and any(c.isdigit() for c in value):
                continue
            if s.source == "ner" and _unknown_noun(text, s, lang):
                continue
            if s.source == "ner" and s.entity in NAME_ENTITIES and _lower_case_by_number(text, s):
                continue
            if _calendar_compound(text, s) or _names_a_thing(text, s):
                continue
            if value.lower() in _kin_words() and not _reads_english(text, lang):
                # 'Beim Nachbarn Nr. 8 abgegeben': the relation alone names no one (in an
                # English text "Nachbar" is a German surname).
                continue
            trimmed = _trim_everyday(text, s, toks)
            if trimmed is None or (
                trimmed is not s
                and (
                    (s.source == "ner" and _unknown_noun(text, trimmed, lang))
                    or _calendar_compound(text, trimmed)
                )
            ):
                continue  # 'Cambia el' read as a place: 'Cambia' alone is no more known
            out.append(trimmed)
        else:
            out.append(s)
    return out


def everyday_use(text: str, value: str) -> bool:
    """Does ``text`` use ``value`` only as an everyday word ("pour Noël", "I will")?
    Judged at every whole-word occurrence as ``drop_everyday`` judges a rule's guess there:
    the gate clears a guess found where detection would never have kept it."""
    at = [
        m.span()
        for m in re.finditer(rf"(?<![^\W_]){re.escape(value)}(?![^\W_])", text, re.IGNORECASE)
    ]
    if not at:
        return False
    spans = [Span(a, b, "PERSON", 0.55, "rule") for a, b in at]
    kept = {(x.start, x.end) for x in drop_everyday(text, spans)}
    return not any(span in kept for span in at)
