"""Person, place or organisation: settling what a span is from the rest of its text.

NER and the rules guess; the text around a guess often says more. A name mentioned once
in full is a person at every later mention, a word in a place slot is a place, a list of
surnames before "Ltd" is a company, and a word the tagger reads as a verb is no name.
"""

from __future__ import annotations

import re

import numpy as np

from anonymizers.detect.languages import is_everyday
from anonymizers.detect.lexicon import (
    ORG_WORDS,
    first_name_gazetteer,
    is_common_word,
    name_gazetteer,
    place_gazetteer,
)
from anonymizers.detect.recognizers.listed_names import coordinated_names
from anonymizers.detect.recognizers.places import place_cue, retype_as_place
from anonymizers.detect.spans import NAME_ENTITIES, POSSESSIVE, Span

#: Tags the tagger gives a lower-case word that is not a name ("sing", "retired").
_NOT_NAME_TAGS = ("VB", "RB", "MD", "IN", "DT", "PRP", "CC", "W", "TO", "UH", "RP")


def tokens_over(doc, start: int, end: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Indices of the tokens that overlap ``[start, end)``: those ``not_name_pos`` reads.
    The walk starts at the last token starting at or before ``start``, not at the first
    token: a walk from the start is quadratic in a long text (one walk per span)."""
    from spacy.attrs import IDX

    first = max(0, int(np.searchsorted(doc.to_array(IDX), start, side="right")) - 1)
    out: list[int] = []
    for tok in doc[first:]:
        if tok.idx >= end:
            break
        if tok.idx + len(tok.text) > start:
            out.append(tok.i)
    return out


#: English determiners and possessives: a lone word right after one is a thing, not a
#: person ("calling about my bill", "the will"). Not "a", "her": "a Maria" is Spanish,
#: Portuguese and Italian for "to Maria", and "her" is also an object ("told her Mark").
_DETERMINER_BEFORE = re.compile(
    r"(?i)(?<![\w'’-])(?:my|your|his|our|their|its|the|this|these|those|every|each|an)[ \t]+$"
)


def after_determiner(text: str, start: int) -> bool:
    """Does a determiner or possessive stand right before ``start``? For text in lower
    case or in capitals, where a name has no capital to tell it from the noun it spells."""
    return _DETERMINER_BEFORE.search(text, max(0, start - 12), start) is not None


def not_name_pos(doc, start: int, end: int) -> bool:  # type: ignore[no-untyped-def]
    """True when a name guessed on the re-capitalised copy covers a word that the tagger,
    reading the original letters, calls a verb, adverb or function word: re-capitalising
    'sing it with me' makes NER see a 'Sing', but the original says it is a verb."""
    return any(doc[i].tag_.startswith(_NOT_NAME_TAGS) for i in tokens_over(doc, start, end))


_LIST_JOIN = re.compile(
    r"^[^\W\d_][\w'’-]*(?:(?:\s*,\s*|\s+(?:and|&)\s+|\s*&\s*)[^\W\d_][\w'’-]*)+$"
)


def org_lists(text: str, ents) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Organisations named as a list of surnames ('Hartley, Quinn and Pell', 'Pryce &
    Ludlow'): the tagger calls the whole list ORG, while the name list knows every part. The
    parts are no people to replace; a person cue (title, greeting, intro) still wins."""
    out: list[tuple[int, int]] = []
    for ent in ents:
        if ent.label_ != "ORG":
            continue
        value = text[ent.start_char : ent.end_char]
        if "\n" not in value and _LIST_JOIN.match(value):
            out.append((ent.start_char, ent.end_char))
    return out


def _guessed_name(s: Span) -> bool:
    """A name NER or a weak rule guessed, as opposed to one a cue, a known value or a
    deny list vouches for: the kind an organisation word or a place slot may overrule."""
    return s.entity in NAME_ENTITIES and (
        s.source == "ner" or (s.source == "rule" and s.score < 0.7)
    )


def _guessed_place(s: Span) -> bool:
    """A town the model guessed: before an organisation word it names the firm ("P45
    received from Gibbs LLC", the model's town "Gibbs"), as a guessed name does."""
    return s.entity in ("LOCATION", "GPE") and s.source == "ner"


#: A firm's legal form written after its name, in the export languages: "Schmidt GmbH",
#: "Brandt KG", "Hein e.V.", "Transportes Rocha S.A.", "Jansen B.V.", "Rossi S.r.l.",
#: "Nowak Sp. z o.o.", "Lund AB", "Dahl A/S", "Virtanen Oy", "Morin SA", "Cordier
#: S.A.R.L.". Matched case-sensitively; "SA" before a postcode is South
#: Australia ("Adelaide SA 5000").
_LEGAL_FORM = re.compile(
    r"(?<![\w.])(?:GmbH|mbH|AG|KGaA|KG|OHG|GbR|UG|e\.[ \t]?[KV]\.|S\.A\.R\.L\.|"
    r"S\.[ \t]?A\.S?|SAS|SARL|EURL|SA(?![ \t]*\d)|"
    r"S\.[ \t]?L\.U?|S\.L|S\.[ \t]?p\.[ \t]?A\.|S\.[ \t]?r\.[ \t]?l\.|Srl|SpA|Ltd\.?|PLC|plc|LLC|"
    r"LLP|Inc\.?|Corp\.?|B\.[ \t]?V\.|BV|N\.[ \t]?V\.|NV|VOF|AB|A/S|ApS|ASA|Oy|Oyj|"
    r"Sp\.[ \t]?z[ \t]?o\.[ \t]?o\.|S\.[ \t]?C\.)(?![\w/])"
)


def org_guard(text: str, spans: list[Span]) -> list[Span]:
    """Drop guessed names (and towns the model guessed) inside an organisation list, right
    before an organisation word ('Pruitt Ltd.', 'Cousin Mabel Inc', 'Gibbs LLC'), holding
    or followed by a firm's legal form ('Schmidt GmbH', 'Hein Hermighausen e.V. hat
    angerufen', 'Rocha S.A.'), or two surnames joined by '&' ('Kristensen & Bertelsen':
    partners write their firm so, people their first names, 'Anna & Tom'). Known values,
    deny lists and cued names stay."""
    orgs = [s for s in spans if s.source == "org"]
    out: list[Span] = []
    for s in spans:
        if s.source == "org":
            continue
        if _guessed_name(s) or _guessed_place(s):
            if any(o.start <= s.start and s.end <= o.end for o in orgs):
                continue
            nxt = re.match(r"[ \t]*([^\W\d_]+)", text[s.end :])
            if nxt and nxt.group(1).lower() in ORG_WORDS:
                continue
            if _legal_form_after(text, s):
                continue
            if _guessed_name(s) and _partners(text, s):
                continue
        out.append(s)
    return out


_GAP = re.compile(r"[ \t]*")


def _legal_form_after(text: str, s: Span) -> bool:
    """A legal form inside ``s`` or right after it ("Jansen B.V" read with its form, the
    form's last dot left out; "Nowak Sp" of "Nowak Sp. z o.o.")."""
    inside = _LEGAL_FORM.search(text, s.start, min(len(text), s.end + 12))
    if inside and inside.start() < s.end:
        return True
    return legal_form_at(text, s.end)


def legal_form_at(text: str, end: int) -> bool:
    """Does a firm's legal form follow ``end`` ("Morin| SA", "van der Sande| BV")? The
    gate reads a name there as the transform does: the firm's."""
    return _LEGAL_FORM.match(text, _GAP.match(text, end).end()) is not None  # type: ignore[union-attr]


_PARTNER = re.compile(r"(?P<word>[A-ZÀ-Þ][\w'’-]+)")
_BEFORE_AMPERSAND = re.compile(r"(?P<word>[A-ZÀ-Þ][\w'’-]+)[ \t]+&[ \t]+$")
_AMPERSAND = re.compile(r"[ \t]+&[ \t]+")


def _partners(text: str, s: Span) -> bool:
    """``s`` is a surname on one side of '&' with another capitalised word that is no
    first name on the other ('Kristensen & Bertelsen', 'Hooper & Davies')."""
    value = text[s.start : s.end]
    if " " in value or value.lower() in first_name_gazetteer():
        return False
    after = _AMPERSAND.match(text, s.end)
    if after:
        other = _PARTNER.match(text, after.end())
    else:
        other = _BEFORE_AMPERSAND.search(text[max(0, s.start - 40) : s.start])
    if not other:
        return False
    word = other.group("word")
    return word.lower() not in first_name_gazetteer()


_EMAIL_NAME = re.compile(r"([^\W\d_]{2,})[._-]([^\W\d_]{2,})\d*@")


def _email_name_parts(text: str, spans: list[Span]) -> set[str]:
    """'ingrid.falk@…' in a text says Ingrid and Falk are a person's names: their
    capitalised mentions elsewhere in the same text are found like a name NER tagged once
    ("This is Ingrid Falk", "Thanks, Ingrid"). Only the first.last shape counts; a role
    address (sales.team@, info@) is no person."""
    out: set[str] = set()
    for s in spans:
        if s.entity != "EMAIL_ADDRESS":
            continue
        m = _EMAIL_NAME.match(text, s.start, s.end)
        if m and not any(is_common_word(p) or p.lower() in ORG_WORDS for p in m.groups()):
            out.update(p.title() for p in m.groups() if len(p) >= 3)
    return out


_NAME_TOKEN = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*")


def _word_char(c: str) -> bool:
    """What ``\\w`` matches in a ``str`` pattern: ``str.isalnum`` or the underscore."""
    return c.isalnum() or c == "_"


def whole_mentions(text: str, tokens: set[str]) -> list[tuple[int, int]]:
    """Where the ``tokens`` stand in ``text`` as words, left to right and not overlapping,
    the longest at a start: what ``(?<![\\w'’-])(?:t1|t2|…)(?![\\w-])`` (longest first)
    finds, found with ``str.find`` instead of a pattern compiled for each text (a regex
    compile per text cost more than the search, and thrashed ``re``'s cache)."""
    longest: dict[int, int] = {}
    for tok in tokens:
        i = text.find(tok)
        while i >= 0:
            j = i + len(tok)
            before_ok = i == 0 or not (_word_char(text[i - 1]) or text[i - 1] in "'’-")
            after_ok = j == len(text) or not (_word_char(text[j]) or text[j] == "-")
            if before_ok and after_ok and longest.get(i, 0) < j:
                longest[i] = j
            i = text.find(tok, i + 1)
    out: list[tuple[int, int]] = []
    for start in sorted(longest):
        if not out or start >= out[-1][1]:
            out.append((start, longest[start]))
    return out


def person_context(text: str, spans: list[Span]) -> list[Span]:
    """Use what the text already says about who is a person.

    - A token that NER calls a place but the name list knows as a person ('Imogen'
      tagged GPE) and no place list knows is a person.
    - Document-level propagation: once 'Dilnoza Karimova' is a person, every other capitalised
      'Dilnoza' or 'Karimova' in the same text is too (NER tags the first mention and misses
      the later lone surname).
    """
    persons = [s for s in spans if s.entity in NAME_ENTITIES]
    from_emails = _email_name_parts(text, spans)
    if not persons and not from_emails:
        return spans
    places = place_gazetteer()
    person_at = {(s.start, s.end) for s in persons}

    def bare(s: Span) -> tuple[int, int]:
        # NER often takes the possessive into a place: "Ottilie Sjöberg's" as GPE.
        end = s.end - 2 if POSSESSIVE.search(text[s.start : s.end]) else s.end
        return s.start, end

    def place_slot(s: Span) -> bool:
        return retype_as_place(text, *bare(s))

    spans = [
        s
        for s in spans
        if not (
            s.entity in ("LOCATION", "ADDRESS")
            and s.source == "ner"
            and bare(s) in person_at
            and text[bare(s)[0] : bare(s)[1]].lower() not in places
            and not place_slot(s)
        )
    ]
    spans = _place_beats_guess(text, spans)
    persons = [s for s in spans if s.entity in NAME_ENTITIES]
    tokens: set[str] = set()
    uncased = not any(c.isupper() for c in text)
    names = name_gazetteer()
    for p in persons:
        parts = list(_NAME_TOKEN.finditer(text, p.start, p.end))
        for m in parts:
            tok = m.group(0)
            if len(tok) < 3 or is_common_word(tok):
                continue
            # Text without capitals (a speech-to-text transcript: "my name is maria
            # gonzalez ... thanks maria"): a listed part of a full name counts too.
            if tok[:1].isupper() or (uncased and len(parts) >= 2 and tok in names):
                tokens.add(tok)
    tokens |= from_emails
    if not tokens:
        return spans
    added: list[Span] = []
    for a, b in whole_mentions(text, tokens):
        if uncased and after_determiner(text, a):
            continue
        over = [s for s in spans if s.start < b and a < s.end]
        if all(s.entity in ("LOCATION", "ADDRESS") and s.source == "ner" for s in over):
            spans = [s for s in spans if s not in over or (s.start, s.end) != (a, b)]
            if not any(s.start < b and a < s.end for s in spans):
                added.append(Span(a, b, "PERSON", 0.6, "rule"))
    spans = spans + added
    coord: list[Span] = []
    for p in [s for s in spans if s.entity in NAME_ENTITIES]:
        for a, b in coordinated_names(text, p.start, p.end):
            if is_everyday(text[a:b]):
                continue  # 'Groetjes,\nLinde Everts': a sign-off before a name, no list of names
            over = [s for s in spans + coord if s.start < b and a < s.end]
            # 'three friends: Okonkwo, Hartmann and Delgado': NER may call the one unfamiliar
            # surname a place; listed with people and unknown to the place lists, it is a
            # person too.
            guessed_place = [
                s
                for s in over
                if s.entity in ("LOCATION", "ADDRESS")
                and s.source == "ner"
                and (s.start, s.end) == (a, b)
                and text[a:b].lower() not in places
            ]
            if len(guessed_place) == len(over):
                spans = [s for s in spans if s not in guessed_place]
                coord.append(Span(a, b, "PERSON", 0.5, "rule"))
    return spans + coord


_MOTION_CUE = re.compile(
    r"(?i)\b(?:flew|fly|flying|moved|moving|arrived|arriving|travell?ed|relocated|returned|"
    r"lives?|living|based|located|born)[ \t]+(?:back[ \t]+)?(?:to|in|at|from|into)[ \t]+$"
)


def _place_beats_guess(text: str, spans: list[Span]) -> list[Span]:
    """A place rule and a guessed name over the same words ('arrived at Ptuj' tagged
    PERSON): the place wins when the place list knows the word and the name list does
    not, when a motion verb stands right before it ('flew to Preston'), or when the name
    is a guess standing in a place slot (``retype_as_place``). A guessed name in a
    bare 'in' slot ('a year in Hollowmere') becomes a place even without a place rule.
    The winning place keeps the name's score: a threshold or a reviewer's verdict on
    places must not let a would-be name through."""
    places, names = place_gazetteer(), name_gazetteer()
    rule_places = {
        (s.start, s.end)
        for s in spans
        if s.entity in ("LOCATION", "ADDRESS") and s.source == "rule"
    }
    place_entity = next(
        (s.entity for s in spans if s.entity in ("LOCATION", "ADDRESS")), "LOCATION"
    )
    out: list[Span] = []
    raised: dict[tuple[int, int], float] = {}
    for s in spans:
        guess = _guessed_name(s)
        at = (s.start, s.end)
        if s.entity in NAME_ENTITIES and at in rule_places and s.source in ("ner", "rule"):
            word = text[s.start : s.end].lower()
            if (
                (word in places and word not in names)
                or _MOTION_CUE.search(text[max(0, s.start - 40) : s.start])
                or (guess and retype_as_place(text, s.start, s.end))
            ):
                raised[at] = max(raised.get(at, 0.0), s.score)
                continue
        elif (
            guess
            and s.source == "ner"
            and place_cue(text, s.start) == "weak"
            and retype_as_place(text, s.start, s.end)
        ):
            out.append(s._replace(entity=place_entity))
            continue
        out.append(s)
    if raised:
        out = [
            s._replace(score=max(s.score, raised[(s.start, s.end)]))
            if s.entity in ("LOCATION", "ADDRESS") and (s.start, s.end) in raised
            else s
            for s in out
        ]
    return out
