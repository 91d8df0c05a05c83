"""Places NER misses: names from the public place lists, and capitalised phrases in a slot
only a place fills ('a year in Kettleby', 'our Leeds depot').

The slot tests also settle a guessed name against a place: ``retype_as_place``.
"""

from __future__ import annotations

from itertools import pairwise

import regex  # Presidio's dependency; needed for Unicode letter classes

from anonymizers.detect.languages import guess_language
from anonymizers.detect.lexicon import (
    country_gazetteer,
    is_common_word,
    name_gazetteer,
    place_gazetteer,
    street_prefixes,
)
from anonymizers.detect.recognizers import RawSpan

#: Patterns compiled once: ``regex``'s module functions look the pattern up in its cache
#: at every call (with flag arithmetic), which cost more than the search on short phrases.
_WORD = regex.compile(r"\S+")
_LINE = regex.compile(r"[^\n]+")
_CITY_ABOVE = regex.compile(r"[ \t>|]*(?P<p>\p{Lu}[\p{L}'’. -]{1,40}?)[ \t,]*")

# A capitalised (or ALL CAPS) phrase of up to four words, particles allowed inside.
_PLACE_PHRASE = regex.compile(
    r"(?<![\p{L}\d'’.-])\p{Lu}[\p{L}'’-]*"
    r"(?:[ \t]+(?:\p{Lu}[\p{L}'’-]*|de|del|la|le|les|do|da|dos|das|di|am|an|im|upon|on|sur|"
    r"en)(?=[ \t]+\p{Lu}|[^\p{L}]|$)){0,3}"
)
_LOCATIVE = regex.compile(
    r"(?i:\b(?:in|at|from|to|near|around|outside|across|into|towards?|of|serving"
    # The same slot in French, German, Spanish, Italian, Portuguese, Dutch, Nordic and
    # Polish text ('au dépôt de Lyon', 'im Lager in Oschatz', 'terminalen i Mölndal').
    r"|à|au|aux|en|de|près[ \t]+de|im|nach|aus|bei|ab|desde|hacia|di|da|dal|dalla|nel|"
    r"nella|em|no|na|do|para|naar|uit|bij|op|i|från|till|fra|til|w|we|z|ze|do|pod)[ \t]+"
    r"(?:(?:the[ \t]+)?(?:north|south|east|west|central|northern|southern|eastern|western|"
    r"greater|upper|lower|downtown)[ \t]+)?)$"
)
#: Italian, Spanish and Portuguese put a town after a bare "a" ("incidente a Formia",
#: "vivo a Madrid"): a locative there, an article in English ("a London bus").
_ROMANCE_A = regex.compile(r"(?<![\p{L}\d'’])a[ \t]+$")
_ROMANCE = frozenset({"it", "es", "pt"})
_COUNTRY_LINE = regex.compile(
    r"[ \t>|]*(?P<c>\p{Lu}[\p{L} .'’()-]{2,40}?)[ \t]*(?:\d{3,6})?[ \t]*$"
)


# "Congo (Brazzaville)": a qualifier in brackets is part of the country's name.
_QUALIFIER = regex.compile(r"(?:[ \t]+\(\p{Lu}[\p{L} .'-]{1,25}\))?")


#: Street types written before a street's name ("Strada", "Canale", "Rotonda", "Borgo"),
#: which Italy also has towns named after.
_STREET_TYPES = street_prefixes()


def _street_type(phrase: str, n: int) -> bool:
    """Is the place ``phrase[:n]`` one word that is a street type, with a name after it:
    "In Strada Polani" is a street, not the town of Strada."""
    place = phrase[:n]
    return " " not in place and place.lower() in _STREET_TYPES and bool(phrase[n:].strip())


def _longest_place(phrase: str, gazetteer: frozenset[str]) -> int:
    """Length of the longest word-prefix of ``phrase`` in ``gazetteer`` (0 if none)."""
    words = list(_WORD.finditer(phrase))
    for k in range(len(words), 0, -1):
        cand = phrase[: words[k - 1].end()]
        if cand.lower() in gazetteer:
            return len(cand)
    return 0


def gazetteer_places(text: str) -> list[RawSpan]:
    """Places NER misses, found through Faker's public place lists:

    - a country name anywhere ('serving Northern Mongolia', 'Slovakia 48271'), unless the
      name list also knows it as a first name and no locative word stands before it;
    - a city or region after a locative word ('arrived at Ptuj', 'to Sandbergfors',
      'University of Celje'; a bare 'a' in Italian, Spanish and Portuguese text: 'a
      Formia'), unless it is also a first or last name, or a street type before a
      street's name ('In Strada Polani');
    - the line above a country line in an address block ('WHADDON\nUnited Kingdom').
    """
    places, countries, names = place_gazetteer(), country_gazetteer(), name_gazetteer()
    out: list[RawSpan] = []
    romance: bool | None = None  # the text's language, guessed once if ever asked
    for m in _PLACE_PHRASE.finditer(text):
        # Try the phrase from each of its words: "Northern Mongolia" holds "Mongolia".
        for w in _WORD.finditer(m.group(0)):
            at = m.start() + w.start()
            phrase = text[at : m.end()]
            if is_common_word(w.group(0)):
                continue
            before = text[max(0, at - 40) : at]
            located = _LOCATIVE.search(before) is not None
            if not located and _ROMANCE_A.search(before):
                if romance is None:
                    romance = guess_language(text) in _ROMANCE
                located = romance
            n = _longest_place(phrase, countries)
            if n and (located or phrase[:n].lower() not in names):
                n += len(_QUALIFIER.match(text, at + n).group(0))  # type: ignore[union-attr]
                out.append((at, at + n, "LOCATION", 0.6))
                break
            n = _longest_place(phrase, places)
            if n and located and phrase[:n].lower() not in names and not _street_type(phrase, n):
                out.append((at, at + n, "LOCATION", 0.55))
                break
    lines = list(_LINE.finditer(text))
    for above, below in pairwise(lines):
        if below.start() != above.end() + 1:
            continue
        c = _COUNTRY_LINE.fullmatch(below.group(0))
        if not c or not _longest_place(c.group("c"), countries):
            continue
        city = _CITY_ABOVE.fullmatch(above.group(0))
        if city and not any(is_common_word(w) for w in city.group("p").split()):
            out.append((above.start() + city.start("p"), above.start() + city.end("p"),
                        "LOCATION", 0.55))  # fmt: skip
    return out


#: A place slot: a capitalised phrase here is a place, not a person or a product.
_PLACE_SLOT = regex.compile(
    r"(?i:(?:\bi[ \t]+am|\bi['’]m|\bwe[ \t]+are|\bwe['’]re|\bcurrently|\bstill)[ \t]+(?:in|at)"
    r"|\b(?:university|city|town|village|capital|suburbs?|outskirts|province|county|region|"
    r"municipality)[ \t]+of"
    r"|\b(?:trip|flight|holiday|vacation|journey|drive|train|bus|ferry|ticket)s?[ \t]+to"
    r"|\b(?:year|years|months|weeks|office|offices|branch|store|shop|clinic|warehouse|"
    r"headquarters|HQ|based|located|somewhere|here|there|anywhere|everywhere|people|"
    r"friends|family|weather|rain|snow|living|life)[ \t]+in"
    r"|(?<![\p{L}'’])in)[ \t]+\Z"
)
_SLOT_PHRASE = regex.compile(
    r"(?<![\p{L}\d'’.-])(?P<p>(?:\p{Lu}[\p{Ll}'’-]+|\p{Lu}{3,})"
    r"(?:[ \t]+(?:\p{Lu}[\p{Ll}'’-]+|\p{Lu}{3,}|de|do|da|del|la|le|am|an|im|upon|on|sur)"
    r"(?=[ \t]+\p{Lu})){0,2}"
    r"(?:[ \t]+(?:\p{Lu}[\p{Ll}'’-]+|\p{Lu}{3,}))?)"
    r"(?=[ \t]*(?:[,.;:!?)\n]|$)|[ \t]+(?:\d{3,6}\b|for|to|with|which|where|when|and|but|on|at|"
    r"by|since|until|last|next|this|every|during|after|before|because|so|is|was|has|had)\b)"
)


#: 'logged in Zendesk', 'saved in Dropbox', 'written in Rust': a tool or language slot.
_SYSTEM_IN = regex.compile(
    r"(?i:\b(?:log(?:ged)?|sign(?:ed)?|saved?|stored?|filed?|entered|recorded|tracked|"
    r"documented|written|coded|built|implemented|listed|shown|displayed|available|opened|open|"
    r"created|updated|configured|set[ \t]+up|raised|reported|posted|shared|uploaded|found|"
    r"enabled|disabled|installed|running|deployed|hosted|fixed|broken|bug|error|issue|"
    r"ticket|feature|settings?|account|profile|folder|file|channel|workspace)[ \t]+in[ \t]+\Z)"
)


#: A place slot closed by a site noun: "our Leeds depot", "their Tulsa office" (not after
#: "the": "the Amazon warehouse" is more often a company's).
_SITE_SLOT = regex.compile(
    r"(?i:\b(?:our|your|their|its|at|in|from)[ \t]+)"
    r"(?P<p>\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+)?)[ \t]+"
    r"(?=(?i:office|offices|depot|warehouse|branch|store|site|plant|hub|facility|campus|"
    r"clinic|showroom|yard|terminal|distribution[ \t]+cent(?:er|re))\b)"
)


def before_site_noun(text: str, start: int, end: int) -> bool:
    """True when text[start:end] fills the slot before a site noun ("our Leeds depot")."""
    return any(
        m.span("p") == (start, end)
        for m in _SITE_SLOT.finditer(text, max(0, start - 8), min(len(text), end + 40))
    )


def place_cue(text: str, start: int) -> str | None:
    """The place cue ending right before ``start``: "strong" ("I'm in", "University of",
    "a year in", "trip to"), "weak" (a bare "in", which also opens "faith in Margaret" and
    "in Settings") or None. Searched on the text itself, so a lookbehind sees what is
    really there and a cue never reaches across a line break."""
    cue = _PLACE_SLOT.search(text, max(0, start - 40), start)
    if cue is None:
        return None
    if cue.group(0).strip().lower() != "in":
        return "strong"
    if _SYSTEM_IN.search(text, max(0, start - 40), start):
        return None
    return "weak"


def _names_only(phrase: str) -> bool:
    names = name_gazetteer()
    return all(w.lower() in names for w in phrase.split())


def retype_as_place(text: str, start: int, end: int) -> bool:
    """True when a guessed name at [start, end) stands in a place slot and is not plainly
    a person: no possessive ("at Sarah's"), not several words all known as first or last
    names ("at Daniel Smith"), and after a weak cue neither in capitals ("in EXCEL") nor
    a known name at all ("faith in Margaret")."""
    phrase = text[start:end]
    if phrase.endswith(("'s", "’s")) or (len(phrase.split()) > 1 and _names_only(phrase)):
        return False
    if before_site_noun(text, start, end):
        return True
    cue = place_cue(text, start)
    if cue == "strong":
        return True
    return (
        cue == "weak" and not any(w.isupper() for w in phrase.split()) and not _names_only(phrase)
    )


def slot_places(text: str) -> list[RawSpan]:
    """Capitalised phrases in a strong place slot ('a year in Kettleby', 'the University
    of Marwick', "I'm in OSTERBY for the week") or before a site noun ('our Leeds depot'),
    scored for review: the phrase must end the clause or be followed by a clause word and
    must not be an everyday word. The caller drops phrases NER calls an organisation,
    product, language, nationality or date ('in Zendesk', 'in French')."""
    out: list[RawSpan] = []
    for m in _SLOT_PHRASE.finditer(text):
        words = m.group("p").split()
        if any(is_common_word(w) for w in words if w[:1].isupper()):
            continue
        # A weak cue ("in" alone) only re-types what NER already found (``disambiguate.py``):
        # by itself it opens too many non-places ("in Settings", "in Denial"). "At
        # Sarah's" and "at Daniel Smith" are people, whatever the slot.
        if place_cue(text, m.start()) != "strong" or m.group("p").endswith(("'s", "’s")):
            continue
        if len(words) > 1 and _names_only(m.group("p")):
            continue
        out.append((m.start("p"), m.end("p"), "LOCATION", 0.5))
    for m in _SITE_SLOT.finditer(text):
        if not any(is_common_word(w) for w in m.group("p").split()):
            out.append((m.start("p"), m.end("p"), "LOCATION", 0.5))
    return out
