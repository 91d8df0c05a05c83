"""Names the name list vouches for: known first or last names grown over their neighbours,
'First M. Last', and words listed alongside a name ('Petrosyan and Whitcombe').
"""

from __future__ import annotations

from functools import lru_cache

import regex  # Presidio's dependency; needed for Unicode letter classes

from anonymizers.detect.casing import CAPS_LINE, case_ok
from anonymizers.detect.languages import guess_language
from anonymizers.detect.lexicon import (
    NAME_PARTICLES,
    ORG_WORDS,
    is_common_word,
    name_gazetteer,
    name_words_only,
    street_words,
)
from anonymizers.detect.recognizers import RawSpan

_PROPER = frozenset({"NNP", "NNPS"})
#: The longest word in capitals read as an abbreviation amid small letters (IBM, USD,
#: ETA, NATO); ``casing.case_variant`` gives longer ones a capital for NER as names.
ACRONYM_MAX = 4
_NAME_SHAPE = regex.compile(r"^\p{Lu}\p{Ll}+(?:['’-]\p{Lu}?\p{Ll}+)*$")


def _shaped_word(text: str) -> bool:
    """A capitalised word that is no everyday, street or organisation word."""
    low = text.lower()
    return (
        bool(_NAME_SHAPE.match(text))
        and not is_common_word(text)
        and low not in street_words()
        and low not in ORG_WORDS
    )


def _listed_word(text: str, names: frozenset[str] | set[str]) -> bool:
    """A capitalised known first or last name that is no everyday word."""
    return text[:1].isupper() and text.lower() in names and not is_common_word(text)


_LISTED, _SHAPED, _JOINS = 1, 2, 4


@lru_cache(maxsize=1 << 15)
def _word_kind(text: str) -> int:
    """``_listed_word`` (with the name list), ``_shaped_word`` and ``_joins`` of a token's
    text as bits: the two passes below test every token of every text, and most words
    recur (a lookup instead of three tests and two word-list lookups)."""
    return (
        (_LISTED if _listed_word(text, name_gazetteer()) else 0)
        | (_SHAPED if _shaped_word(text) else 0)
        | (_JOINS if _joins(text) else 0)
    )


def _acronym(tok) -> bool:  # type: ignore[no-untyped-def]
    """A short word in capitals on a line mostly in small letters: an abbreviation ("ETA
    week 12", "norma ADA"), not a name, however the name list reads its letters. A longer
    one is a surname written in capitals ("M. DUPONT"), as ``casing.case_variant`` reads
    it; on a line in capitals ("CALL PETER WALSH") every word counts as written."""
    word = tok.text
    if not 2 <= len(word) <= ACRONYM_MAX or not word.isupper():
        return False
    text = tok.doc.text
    start = text.rfind("\n", 0, tok.idx) + 1
    end = text.find("\n", tok.idx)
    letters = [c for c in text[start : end if end >= 0 else len(text)] if c.isalpha()]
    return sum(c.isupper() for c in letters) < CAPS_LINE * len(letters)


def _name_shaped(tok) -> bool:  # type: ignore[no-untyped-def]
    """A capitalised proper-noun token that is no everyday, street or organisation word.
    The tag is read last: only tokens that pass the rest need one (``tags_read``)."""
    return bool(_word_kind(tok.text) & _SHAPED) and tok.tag_ in _PROPER


def _joins(text: str) -> bool:
    """A token that may sit inside a name: an initial or a particle."""
    return (len(text.rstrip(".")) == 1 and text[:1].isupper()) or text in NAME_PARTICLES


def tags_read(doc) -> list[int]:  # type: ignore[no-untyped-def]
    """The tokens whose tag ``gazetteer_names`` can read: the listed and name-shaped words
    of each run of such words (initials and particles between them) that holds a listed
    name. Every other test it makes is on the letters, so tagging these alone gives the
    result of tagging the whole text (``detect/tagging.py``)."""
    out: list[int] = []
    run: list[int] = []
    listed = False
    for tok in doc:
        kind = _word_kind(tok.text)
        if kind & (_LISTED | _SHAPED):
            run.append(tok.i)
            listed = listed or bool(kind & _LISTED)
        elif not (run and kind & _JOINS):  # an initial or particle keeps a run going
            out.extend(run if listed else ())
            run, listed = [], False
    out.extend(run if listed else ())
    return out


def gazetteer_names(doc) -> list[RawSpan]:  # type: ignore[no-untyped-def]
    """Proper nouns that are known first or last names, grown over adjacent name-shaped
    proper nouns, initials and particles on the same line ('Jolanta K Nowak',
    'Jantine van Dijk', 'Colette Marchand'). A street word on either side ('Via Roma',
    'Roma Street') means a street, not a person."""
    streets = street_words()
    out: list[RawSpan] = []
    n = len(doc)

    def is_name(tok) -> bool:  # type: ignore[no-untyped-def]
        # tag last: tags_read
        return bool(_word_kind(tok.text) & _LISTED) and tok.tag_ in _PROPER

    def joinable(k: int) -> bool:
        # A surname in capitals after a given name ("Marie ROY") still joins it. A listed
        # name beside one joins whatever its tag: the model tags first names that end as
        # adjectives do as adjectives ("Customer Damian Davies", "Lilian Hughes called").
        return (
            is_name(doc[k])
            or _name_shaped(doc[k])
            or (bool(_word_kind(doc[k].text) & _LISTED) and not _acronym(doc[k]))
        )

    def inner(k: int) -> bool:
        """Initials and particles only count between two name tokens."""
        if not (0 < k < n - 1) or not joinable(k + 1):
            return False
        return bool(_word_kind(doc[k].text) & _JOINS)

    i = 0
    while i < n:
        if not is_name(doc[i]) or _acronym(doc[i]):
            i += 1
            continue
        start, j = i, i + 1
        while j < n and (joinable(j) or inner(j)):
            j += 1
        while (
            start > 0
            and joinable(start - 1)
            and (not doc[start - 1].is_sent_start or _word_kind(doc[start - 1].text) & _LISTED)
        ):
            # A sentence's first word is capitalised anyway: it joins if listed.
            start -= 1
        before = doc[start - 1].text.lower().strip(".") if start > 0 else ""
        after = doc[j].text.lower().strip(".") if j < n else ""
        last = doc[j - 1].text.lower().strip(".")
        if (
            before not in streets
            and after not in streets
            and after not in ORG_WORDS
            and last not in _INSTITUTION_ENDS
        ):
            out.append((doc[start].idx, doc[j - 1].idx + len(doc[j - 1].text), "PERSON", 0.55))
        i = j
    return out


#: A run of name-shaped words that ends with one of these is an institution named after
#: a place or a person: "Leeds General Infirmary", "Robertbury General" (a hospital),
#: "Whitcombe Foundation" (``ORG_WORDS``: words that end an organisation's name).
_INSTITUTION_ENDS = ORG_WORDS | {"general", "infirmary", "hospice"}


_COORD_RIGHT = regex.compile(
    r"(?:[ \t]*,[ \t]*(?:and[ \t]+|&[ \t]*)?|[ \t]+(?:and|&)[ \t]+)"
    r"(?P<name>\p{Lu}\p{Ll}+(?:['’-]\p{Lu}?\p{Ll}+)*)\b"
)
_COORD_LEFT = regex.compile(
    r"(?P<name>\p{Lu}\p{Ll}+(?:['’-]\p{Lu}?\p{Ll}+)*)"
    r"(?:[ \t]*,[ \t]*(?:and[ \t]+|&[ \t]*)?|[ \t]+(?:and|&)[ \t]+)$"
)


def coordinated_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Capitalised words joined to the name at [start, end) by ',' / 'and' / '&':
    'Petrosyan and Whitcombe', 'Taras, Glenys, Yvonne'. The list stops at an everyday word, a
    street or organisation word, or a word followed by an organisation word."""
    out: list[tuple[int, int]] = []
    e = end
    while m := _COORD_RIGHT.match(text, e):
        name = m.group("name")
        nxt = regex.match(r"[ \t]+(\p{L}+)", text[m.end() :])
        if not name_words_only(name) or (nxt and nxt.group(1).lower() in ORG_WORDS):
            break
        out.append((m.start("name"), m.end("name")))
        e = m.end()
    s = start
    while m := _COORD_LEFT.search(text[max(0, s - 40) : s]):
        base = max(0, s - 40)
        name = m.group("name")
        if not name_words_only(name) or (m.start() > 0 and text[base + m.start() - 1].isalnum()):
            break
        # "Updated, Ingrid." is a word and a vocative, not a list: when a comma alone joins
        # and no list goes on after the name, the word on the left needs the name list.
        joined = m.group(0)[m.end("name") - m.start() :]
        vocative = regex.match(r"[ \t]*(?:[.!?]|$)", text[end:]) is not None
        # Likewise, in a language that capitalises nouns or starts sentences with one, a
        # word opening its sentence that a comma alone joins ("Wasserschaden, Nachbarin
        # Hedwig Wagner hat es gemeldet": a water leak, then the neighbour).
        head = text[: base + m.start()].rstrip()
        opening = (not head or head[-1] in ".!?\n") and guess_language(text) != "en"
        if (
            (vocative or opening)
            and "," in joined
            and not regex.search(r"and|&", joined)
            and (name.lower() not in name_gazetteer())
        ):
            break
        out.append((base + m.start("name"), base + m.end("name")))
        s = base + m.start()
    return out


# "Rustam K Belyakov", "Zoya T. Kornilova", "frederik a winkler": first name, middle initial,
# last name — a shape few other things have.
_INITIAL_NAME_RE = regex.compile(
    r"(?<![\p{L}\d'’.-])(?P<a>\p{L}\p{Ll}+)[ \t]+(?P<i>\p{L})\.?[ \t]+"
    r"(?P<b>\p{L}\p{Ll}+(?:['’-]\p{Lu}?\p{Ll}+)*)(?![\p{L}\d])"
)


#: "signed: T.Abbott", "K.Hilary": an initial joined to a surname by its dot.
_DOTTED_INITIAL_RE = regex.compile(
    r"(?<![\p{L}\d'’.@/-])\p{Lu}\.(?P<b>\p{Lu}\p{Ll}+(?:['’-]\p{Lu}?\p{Ll}+)*)(?![\p{L}\d@]|\.\p{L})"
)


def initial_names(text: str) -> list[RawSpan]:
    """'First M. Last' with one of the two names in the name list, and 'T.Abbott' with
    its surname in it."""
    out: list[RawSpan] = []
    names = name_gazetteer()
    if "." in text:
        for m in _DOTTED_INITIAL_RE.finditer(text):
            b = m.group("b")
            if b.lower() in names and not is_common_word(b):
                out.append((m.start(), m.end(), "PERSON", 0.6))
    for m in _INITIAL_NAME_RE.finditer(text):
        a, i, b = m.group("a"), m.group("i"), m.group("b")
        if not case_ok([a, i, b], text, m.start()) or not name_words_only(f"{a} {b}"):
            continue
        if i.lower() == "a" and i.islower() and a.lower() not in names:
            continue
        if a.lower() in names or b.lower() in names:
            out.append((m.start("a"), m.end("b"), "PERSON", 0.6))
    return out
