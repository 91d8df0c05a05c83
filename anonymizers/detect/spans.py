"""The span type, and the repairs and merges every candidate span goes through.

A detected span is cleaned (a name trimmed of greeting words and grown over O'/-parts,
places glued into one address, dates dropped from phones), cut back to the known name it
contains, and finally made non-overlapping: the longest span wins, and a shorter one
that sticks out widens it rather than leaving half an identifier in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Literal, NamedTuple

from anonymizers.detect.languages import everyday_words, foreign_stop_words
from anonymizers.detect.lexicon import (
    NAME_PARTICLES,
    TITLE_WORDS,
    degree_suffixes,
    english_verbs_and_qualifiers,
    english_words,
    first_name_gazetteer,
    is_common_word,
    job_titles,
    name_gazetteer,
    person_roles,
    place_codes,
    place_gazetteer,
)
from anonymizers.detect.phrases import phrase_list
from anonymizers.detect.recognizers import RawSpan, hl7

Source = Literal["known", "ner", "pattern", "deny", "custom", "rule"]


class Span(NamedTuple):
    """A detected identifier in one text. ``review`` marks an uncertain span (still replaced)."""

    start: int
    end: int
    entity: str
    score: float
    source: str
    review: bool = False
    #: The known value this span stands for when the text wrote it another way (the
    #: digits of ``ACC-553120`` in "account 553120"): replaced by that value's fake.
    stands_for: str = ""


#: Entities that are a person's name or a part of it.
NAME_ENTITIES = frozenset({"PERSON", "FIRST_NAME", "LAST_NAME"})
#: ``TextDetector.tag_values``' tag for a short value that holds a person's name without
#: being one ("Dear Mrs Taylor", "c/o Anna Berg"): the column is text that names people.
NAME_INSIDE = "NAME_INSIDE"
_DATE_TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}|\b\d{1,2}:\d{2}\b")
#: Higher wins ties between equally long spans over the same text.
SOURCE_RANK = {
    "deny": 5, "known": 4, "custom": 3, "pattern": 3, "slot": 2, "rule": 2, "ner": 1
}  # fmt: skip


def _cut_at_patterns(text: str, spans: list[Span]) -> list[Span]:
    """A model's or a rule's span that runs into a pattern's from before it ends where
    the pattern begins: "Tyler - +1-907" (a place, says the model) across the phone
    "+1-907-619-3648x4629" is "Tyler" beside a phone; "David Lane 937" (a street and its
    number, says the address rule) across "937-711-6164x2569" is a name beside a phone.
    Widened over the phone instead (``resolve``), the name became part of the phone,
    whose fake keeps its letters: a sports club's emergency contacts kept their names.
    An address of the rule's left without a number is no address it would have found
    (the name rule's "David Lane" stands; an address's fake there ran into the phone's
    fake, which the sweep read as a card number)."""
    exact = [p for p in spans if p.source == "pattern"]
    if not exact:
        return spans
    out: list[Span] = []
    for s in spans:
        if s.source in ("ner", "rule"):
            for p in exact:
                if s.start < p.start < s.end < p.end:
                    end = p.start
                    while end > s.start and not text[end - 1].isalnum():
                        end -= 1
                    numbered = any(c.isdigit() for c in text[s.start : end])
                    if s.source == "rule" and s.entity == "ADDRESS" and not numbered:
                        end = s.start
                    s = s._replace(end=end)
                    break
            if s.end <= s.start:
                continue
        out.append(s)
    return out


def clean(text: str, spans: Iterable[Span]) -> list[Span]:
    """False-positive guards and span repairs for NER and rule output."""
    out: list[Span] = []
    free = hl7.free_text(text)
    for s in _cut_at_patterns(text, list(spans)):
        if s.source in ("known", "deny"):
            out.append(s)
            continue
        if (
            free is not None
            and s.source in ("ner", "rule", "slot")
            and not any(a <= s.start and s.end <= b for a, b in free)
        ):
            continue  # an HL7 message's codes: its person fields are read by their place
        if s.entity == "PHONE_NUMBER" and _DATE_TIME_RE.search(text[s.start : s.end]):
            continue
        if s.source == "ner" and (_lower_case_words(text, s) or _phrase_guess(text, s)):
            continue
        if s.source == "ner" and (_acronym_place(text, s) or _setting_value(text, s)):
            continue
        if s.source not in ("pattern", "custom") and _job_title(text, s):
            continue
        if s.source not in ("pattern", "custom") and s.entity in _GUESSED_PLACES_AND_NAMES:
            trimmed = _without_role(text, s)
            if trimmed is None:
                continue
            s = trimmed
        if s.source in ("ner", "rule") and s.entity in _BARRED and "|" in text[s.start : s.end]:
            # A place never runs over a field's bar ("12 Elm St | Leeds" is a street and
            # a town; HL7's "PV1|1|I|WARD6" and "NK1|1|..." no place at all): the part
            # before the bar stays if it has a word of three letters.
            s = s._replace(end=text.index("|", s.start, s.end))
            if not _WORD3.search(text, s.start, s.end):
                continue
            s = s._replace(end=s.start + len(text[s.start : s.end].rstrip()))
        if s.source == "ner" and text[s.start : s.start + 1] == "@":
            # '@olaf.deroo' read as a place or a person: a mention of a login. Its '@'
            # stays, and the handle is an id, whose fake keeps its shape.
            if s.end - s.start < 3:
                continue
            s = s._replace(start=s.start + 1, entity="ID")
        if s.entity == "PERSON":
            fixed = fix_person(text, s)
            if fixed is None:
                continue
            s = fixed
        out.append(s)
    # NER's place over exactly the words a name rule found ("Customer: Isa Brandt,
    # 4 Elm Row") is the person: kept out of the glue, or the name would become part
    # of the address.
    cued = {(s.start, s.end) for s in out if s.entity in NAME_ENTITIES and s.source == "rule"}
    places = place_gazetteer()
    out = [
        s
        for s in out
        if not (
            s.entity in ("LOCATION", "ADDRESS")
            and s.source == "ner"
            and (s.start, s.end) in cued
            and text[s.start : s.end].lower() not in places
        )
    ]
    # Glue places and postcodes into addresses (one fake per address, no stray zip).
    locs = [s for s in out if s.entity in ("LOCATION", "ADDRESS")]
    if locs:
        rest = [s for s in out if s.entity not in ("LOCATION", "ADDRESS")]
        merged = join_locations(text, [(s.start, s.end, s.entity, s.score) for s in locs])
        # A rule's place over the same words as NER's keeps "rule": the place rules
        # (slots, site nouns) must be able to beat a guessed name later on.
        src: dict[tuple[int, int], str] = {}
        for s in sorted(locs, key=lambda s: SOURCE_RANK.get(s.source, 0)):
            src[(s.start, s.end)] = s.source
        out = rest + [Span(a, b, e, sc, src.get((a, b), "ner")) for a, b, e, sc in merged]
    return out


def _lower_case_words(text: str, s: Span) -> bool:
    """An NER guess of a person of two words or more, all in lower case, none a
    name a list knows, in a text that writes capitals: no name. The English model reads
    text of a language it does not know as names ("ja kysyi asiasta asumistuki", a Finnish
    case note's "and asked about housing benefit"); a text written all in lower case
    ("this is john smith") keeps its guesses, as does one naming a listed name."""
    if s.entity not in _GUESSED_NAMES and s.entity != "LOCATION":
        return False
    words = _WORDS.findall(text[s.start : s.end])
    if not words or any(not w.islower() for w in words) or text.islower():
        return False
    if s.entity == "LOCATION":
        # "verified against scan": a town is written with a capital as a name is; one
        # English verb or qualifier in small letters that no list holds as a place is
        # that word (WordNet lists "london" and "paris" as nouns only).
        return (
            len(words) == 1
            and words[0] in english_verbs_and_qualifiers()
            and words[0] not in place_gazetteer()
            and words[0] not in first_name_gazetteer()
        )
    if len(words) == 1:
        # One word: an English one ('please ping Dr Lambert') is that word; another stays
        # a guess (a name no list knows, written in lower case).
        return words[0] in english_words() and words[0] not in first_name_gazetteer()
    names = name_gazetteer()
    return not any(w in names for w in words)


#: What ends a field of a signature or a form line: a line break, a tab, a bar, a bullet.
_FIELD_ENDS = "\n\t|•·"


def _job_title(text: str, s: Span) -> bool:
    """A model's person or place inside a job title that fills its field ("Anna Berg |
    Medizininformatiker | ...", "officier de la Marine nationale", "Pescador de alta mar"
    on a signature's line): an occupation. A field of one word that is a listed name too
    ("Koch", "Fischer") stays a name; in a sentence a trade is a surname as often as not
    ("Mrs. Poissonnier")."""
    if s.entity not in _GUESSED_PLACES_AND_NAMES:
        return False
    titles = job_titles()
    start = max(text.rfind(c, 0, s.start) for c in _FIELD_ENDS) + 1
    ends = [e for e in (text.find(c, s.end) for c in _FIELD_ENDS) if e >= 0]
    field = text[start : min(ends, default=len(text))].strip(" ,.;:-–—").lower()
    if field not in titles:
        return False
    return " " in field or field not in name_gazetteer()


#: A word starting with a letter, with its apostrophes, dots and hyphens ("O'Neil",
#: "Univ.Prof.", "Anne-Marie"): how the name rules and the planner cut a value into words.
LETTER_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def _role_of(word: str) -> str | None:
    """ "job" for a trade of Faker's job lists, "role" for a role a record calls a person
    by (``person_roles``), else None."""
    w = word.strip(" .,").lower()
    if w in person_roles():
        return "role"
    return "job" if w in job_titles() else None


def _without_role(text: str, s: Span) -> Span | None:
    """A guess without the trade of Faker's job lists that stands right before a first name
    ("MET CONTRACTOR KRISTINA ON SITE", "called architect Julia"), or without the role a
    record calls a person by before any capitalised name ("Patron Jo will collect
    Friday", "Tenant Okafor"): the role the person had, read as a name (the lists hold
    "Contractor" and "Patron" as surnames). A guess that ends in such a word, the name
    after it, is none ("MET CONTRACTOR" before "ALICIA")."""
    words = list(LETTER_WORD.finditer(text, s.start, s.end))
    after = LETTER_WORD.match(text, s.end + 1) if text[s.end : s.end + 1] in (" ", "\t") else None
    firsts = first_name_gazetteer()

    def before_a_name(k: int) -> bool:
        role = _role_of(words[k].group(0))
        nxt = words[k + 1] if k + 1 < len(words) else after
        if role is None or nxt is None:
            return False
        name = nxt.group(0)
        return name.lower() in firsts or (role == "role" and name[:1].isupper())

    if words and before_a_name(len(words) - 1):
        return None
    k = 0
    while k < len(words) - 1 and before_a_name(k):
        k += 1
    return s if k == 0 else s._replace(start=words[k].start())


_ACRONYM = re.compile(r"[A-Z]{2,4}")
_DIGITS_BEFORE = re.compile(r"\d[ \t]?$")


def _acronym_place(text: str, s: Span) -> bool:
    """A model's place of two to four capitals that no country, state or province is
    written as ("who owns the PO", "send the NDA"): an acronym (``lexicon.place_codes``)."""
    if s.entity not in ("LOCATION", "ADDRESS"):
        return False
    value = text[s.start : s.end]
    if _DIGITS_BEFORE.search(text, max(0, s.start - 8), s.start):
        return False  # a Dutch postcode's letters ("6011 HB"): part of an address
    return _ACRONYM.fullmatch(value) is not None and value not in place_codes()


#: A log line's setting written key=value ("mfa=totp", "plan=basic"), its value in small
#: letters; keys that name a person's value are left out ("user=", "name=").
_SETTING = re.compile(r"(?<![\w.-])(?P<key>[a-z][a-z_.-]*)=\Z")
_SETTING_END = re.compile(r"(?:[\s&;,)]|\Z)")
_PERSON_KEYS = frozenset(
    [
        "user",
        "username",
        "login",
        "name",
        "fullname",
        "first",
        "last",
        "firstname",
        "lastname",
        "given",
        "family",
        "owner",
        "author",
        "by",
        "customer",
        "contact",
        "from",
        "to",
        "cc",
        "email",
        "mail",
        "who",
        "agent",
        "member",
        "patient",
        "sender",
        "recipient",
        "assignee",
        "reporter",
        "holder",
        "account",
        "nick",
        "handle",
    ]
)


def _setting_value(text: str, s: Span) -> bool:
    """A model's name or place that is the whole value of a key=value setting in small
    letters whose key names no person ("mfa=totp"): a machine's value."""
    m = _SETTING.search(text, max(0, s.start - 40), s.start)
    value = text[s.start : s.end]
    return (
        m is not None
        and m.group("key").lower() not in _PERSON_KEYS
        and value.islower()
        and _SETTING_END.match(text, s.end) is not None
    )


#: A verb with its object pronoun written on ("Rappelez-moi", "ligue-me", "Llámenos" is
#: one word): no name ends so.
_CLITIC = re.compile(r"-(?:moi|toi|nous|vous|lui|leur|me|te|nos|vos)$", re.IGNORECASE)


def _phrase_guess(text: str, s: Span) -> bool:
    """An NER guess of a person or place that is a phrase of the text's language, not a
    name: it opens with a stop word of one of our languages and holds no listed name
    ("Keine Anmerkungen", a German survey answer "no comments", read as a person in a
    text too short to tell its language), or holds a verb with its pronoun written on
    ("Rappelez-moi svp", "please call me back")."""
    if s.entity not in _GUESSED_PLACES_AND_NAMES:
        return False
    value = text[s.start : s.end]
    if value.casefold().strip(",.;:!?") in _call_words():
        return True  # "Llámenme" ("call me") read as a town
    words = value.split()
    if any(_CLITIC.search(w.strip(",.;:!?")) for w in words):
        return True
    if not words or not words[0][:1].isupper():
        return False  # (in lower case, ``_lower_case_words`` judges)
    if s.entity == "PERSON" and len(words) >= 2 and _qualified_thing(words):
        return True
    first = words[0].lower().strip(",.;:!?")
    if first in NAME_PARTICLES or first not in foreign_stop_words():
        return False
    if first in first_name_gazetteer():
        return False  # "Dan", "Per", "Jan": first names too
    names = name_gazetteer()
    if len(words) == 1:
        # "Tutto perfetto" (Italian "all"), read as a town: a stop word alone is one
        # unless a list holds it as a name or a place ("Como").
        return not words[0].isupper() and first not in names and first not in place_gazetteer()
    return not any(w.lower().strip(",.;:!?") in names for w in words[1:])


def _qualified_thing(words: list[str]) -> bool:
    """A model's person of an English verb or qualifier and words no list holds as names
    ("Invalid BIC", a payout's failure reason): a thing qualified, not a name ("Frank
    Ocean" and "Young Kim" hold listed names)."""
    names = name_gazetteer()
    folded = [w.lower().strip(",.;:!?") for w in words]
    return folded[0] in english_verbs_and_qualifiers() and not any(w in names for w in folded)


@cache
def _call_words() -> frozenset[str]:
    """The phrases that ask for a call or name a phone (``phrases/phone_cues.txt``,
    ``callback_cues.txt``): never a person or a place."""
    return frozenset(
        w.casefold() for w in (*phrase_list("phone_cues"), *phrase_list("callback_cues"))
    )


_GUESSED_NAMES = frozenset({"PERSON", "NRP"})
_GUESSED_PLACES_AND_NAMES = frozenset({"PERSON", "NRP", "LOCATION", "ORGANIZATION"})
#: Guessed entities cut at a field's bar (a name is cut by ``fix_person``).
_BARRED = frozenset({"LOCATION", "ADDRESS", "NRP", "ORGANIZATION", "GPE"})
_WORD3 = re.compile(r"[^\W\d_]{3}")
_WORDS = re.compile(r"[^\W\d_]+")


#: Patterns of the span repairs below, compiled once (``re``'s module functions look the
#: pattern up in their cache at every call: 27,000 person spans on the bench's texts).
_ZIP_AFTER = re.compile(r"[ \t,]*\d{5}(?:-\d{4})?\b")
_NAME_PART_AFTER = re.compile(
    r"(?:['’](?![sS]\b)[A-Z]?[a-zà-öø-ÿ]+|-[A-Z]?[a-zà-öø-ÿ]+|['’-][A-Z][A-Za-zà-öø-ÿ]+)"
)
_NAME_PART_BEFORE = re.compile(r"(?:\b(?:O|D|L)['’]|\b[A-Z][a-zà-öø-ÿ]+-)$")
#: Where a model's name ends: a line break, a colon, a quote, a field's bar, a dash
#: between spaces, a bracket opening an aside ("Ms O Ramakrishnan (Defendant)"), or the
#: "v" between a case's parties ("Wayne Cox v Francis Clarke").
_NAME_CUT = re.compile(r"\n|\t|:|\"|\||•|·|\s>|\s[-–—]\s|\s\((?![^()]*\)\s*\w)|\s(?:v|vs)\s")
_NON_SPACE = re.compile(r"\S+")


def join_locations(text: str, spans: Iterable[RawSpan]) -> list[RawSpan]:
    """Glue LOCATION/ADDRESS spans separated only by commas, newlines or a postcode.

    'Encarnación\\n, IT\\n Paraguay 58213' comes out of NER as three places; as three
    replacements they would be three unrelated fakes and the postcode would stay."""
    locs = sorted(s for s in spans if s[2] in ("LOCATION", "ADDRESS"))
    if not locs:
        return []
    glue = re.compile(r"[\s,]*(?:(?:[A-Z]{2}|\d{4,6}(?:-\d{4})?)[\s,]*)?")
    merged: list[list] = [list(locs[0])]
    for s, e, ent, score in locs[1:]:
        last = merged[-1]
        gap = text[last[1] : s]
        if s >= last[1] and len(gap) <= 12 and glue.fullmatch(gap) and ("," in gap or "\n" in gap):
            last[1] = max(last[1], e)
            last[2] = "ADDRESS" if "ADDRESS" in (last[2], ent) else "LOCATION"
            last[3] = max(last[3], score)
        elif s < last[1]:
            last[1] = max(last[1], e)
            last[3] = max(last[3], score)  # NER and a rule on the same words: the surer
        else:
            merged.append([s, e, ent, score])
    # A trailing postcode right after a place belongs to it.
    out: list[RawSpan] = []
    for s, e, ent, score in merged:
        t = _ZIP_AFTER.match(text[e:])
        if t:
            e += t.end()
        out.append((s, e, ent, score))
    return out


def extend_name(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a name span over apostrophe and hyphen parts NER cut off (O'|Brien, Ashby-|Fenwick)."""
    while True:
        # Not over a possessive: "Priya's" is Priya.
        m = _NAME_PART_AFTER.match(text[end:])
        if not m:
            break
        end += m.end()
    while start >= 2:
        m = _NAME_PART_BEFORE.search(text[max(0, start - 30) : start])
        if not m:
            break
        start -= len(m.group(0))
    return start, end


def fix_person(text: str, span: Span) -> Span | None:
    """Trim greeting words off a PERSON span, extend it over O'/-parts, drop non-names."""
    start, end = span.start, span.end
    # A name never runs over a line break, a colon, a quote, a field's bar or a dash
    # between spaces: 'Maren Solberg\n\nHAMAR', 'nadia:"i'm ...', 'Tessa Kijnder |
    # Counsellor' and 'Kevin - quick one' are a name and something else; keep the name.
    cut = _NAME_CUT.search(text[start:end])
    if cut:
        end = start + cut.start()
    words = list(_NON_SPACE.finditer(text[start:end]))
    while words and (
        is_common_word(words[0].group(0)) or words[0].group(0).rstrip(".").lower() in TITLE_WORDS
    ):
        words.pop(0)
    # 'please ping Dawn Ward': a name's words in lower case are its particles; a
    # lower-case word right before a capitalised one is the sentence's ('oficina de
    # Valladolid' is left whole, for the place rules to judge).
    while (
        len(words) > 1
        and words[0].group(0).islower()
        and words[0].group(0) not in NAME_PARTICLES
        and words[1].group(0)[:1].isupper()
    ):
        words.pop(0)
    # "Alquiler Jun piso 13C" (rent, June, flat 13C) read as a person: a lower-case word
    # ends no capitalised name ("Ana Souza"; "ana souza", all in lower case, stays).
    while (
        len(words) > 1
        and words[0].group(0)[:1].isupper()
        and words[-1].group(0).rstrip(",.:;!?").islower()
        and words[-1].group(0) not in NAME_PARTICLES
    ):
        words.pop()
    while words and (
        is_common_word(last := words[-1].group(0).rstrip(",.:;!?"))
        or last.lower() in everyday_words()
        or last.lower() in degree_suffixes()  # "Elizabeth Döhn B.Sc."
    ):
        words.pop()
    if words and words[-1].group(0) in NAME_PARTICLES:
        # 'Persona de contacto': a particle ends no name, its family name follows it. A
        # model's guess cut there is a phrase unless the words before hold a listed name.
        while words and words[-1].group(0) in NAME_PARTICLES:
            words.pop()
        names = name_gazetteer()
        if span.source == "ner" and not any(w.group(0).lower() in names for w in words):
            return None
    if not words:
        return None
    start, end = span.start + words[0].start(), span.start + words[-1].end()
    while end > start and text[end - 1] in ",.:;!?)":
        end -= 1
    value = text[start:end]
    if not any(c.isalpha() for c in value) or sum(c.isdigit() for c in value) > 0:
        return None
    if "@" in value or "://" in value:
        return None
    start, end = extend_name(text, start, end)
    return span._replace(start=start, end=end)


#: A possessive ending a name ("Priya's").
POSSESSIVE = re.compile(r"['’][sS]$")


def trim_possessive(text: str, span: Span) -> Span:
    """ "Priya's desk": the name is "Priya". A possessive kept in the span would be faked
    as part of the name ("Page'b") and break consistency with the bare name."""
    if (
        span.entity in NAME_ENTITIES
        and span.end - span.start > 3
        and POSSESSIVE.search(text[span.start : span.end])
    ):
        return span._replace(end=span.end - 2)
    return span


_SENTENCE_START = re.compile(r"(?:^|[.!?:\n]\s*)$")


def prefer_known(text: str, spans: list[Span]) -> list[Span]:
    """A guessed name that contains a known name is cut back to what is known.

    NER reads "Contact Akinlabi at ..." as one person "Contact Akinlabi"; faking that
    whole span replaces "Contact" and breaks consistency with the known "Akinlabi". The
    extra words stay names (own spans) only if they look like names: in the name list,
    or capitalised mid-sentence and not a common word."""
    known = [s for s in spans if s.source == "known" and s.entity in NAME_ENTITIES]
    if not known:
        return spans
    out: list[Span] = []
    for s in spans:
        inner = [k for k in known if s.start <= k.start and k.end <= s.end and k != s]
        if s.source in ("known", "deny") or s.entity not in NAME_ENTITIES or not inner:
            out.append(s)
            continue
        for m in LETTER_WORD.finditer(text[s.start : s.end]):
            a, b = s.start + m.start(), s.start + m.end()
            if any(k.start < b and a < k.end for k in inner):
                continue
            word = m.group(0)
            named = word.lower().strip(".") in name_gazetteer()
            mid_sentence = not _SENTENCE_START.search(text[:a])
            if not is_common_word(word) and (named or (mid_sentence and word[0].isupper())):
                out.append(Span(a, b, "LAST_NAME" if a >= inner[0].end else "FIRST_NAME",
                                s.score, s.source, s.review))  # fmt: skip
    return out


def resolve(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans: longest first, then the more certain source and score.

    A shorter span that sticks out of a kept one widens it instead of being dropped:
    half an identifier left in the text is still a leak."""
    ordered = sorted(
        spans, key=lambda s: (-(s.end - s.start), -s.score, -SOURCE_RANK.get(s.source, 0))
    )
    kept: list[Span] = []
    for s in ordered:
        overlapping = [k for k in kept if s.start < k.end and k.start < s.end]
        if not overlapping:
            kept.append(s)
            continue
        for k in overlapping:
            if s.start < k.start or s.end > k.end:
                kept.remove(k)
                kept.append(k._replace(start=min(k.start, s.start), end=max(k.end, s.end)))
                break
    # Widening can create new overlaps; fold them.
    return fold_overlaps(kept)


def fold_overlaps(spans: list[Span]) -> list[Span]:
    """Sorted spans with no overlap: a span its neighbour overlaps is widened over it
    (linear, so a long text's many spans cost no more than sorting them)."""
    merged: list[Span] = []
    for s in sorted(spans):
        if merged and s.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = last._replace(end=max(last.end, s.end))
        else:
            merged.append(s)
    return merged
