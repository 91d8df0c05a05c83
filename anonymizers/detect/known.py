"""Values from the bundle's structured columns, found again in free text as whole words.

A value seen in a structured column (a customer's name, phone or id) is certain, and NER
misses exactly those in chat text (a lone "Priya", an order id, a name in capitals), so
an Aho-Corasick pass over every known value runs before any model. The search ignores
case and accents ("BJORN HAKANSSON" finds "Björn Håkansson"), and a name is also looked
for without its apostrophes and in its transliterations ("OConnell", "Mueller").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import ahocorasick

from anonymizers.detect.casing import SENTENCE_START, case_ok
from anonymizers.detect.known_ids import IdCores
from anonymizers.detect.languages import foreign_stop_words, guess_language, stop_words
from anonymizers.detect.lexicon import (
    TITLE_WORDS,
    english_verbs_and_qualifiers,
    english_words,
    first_name_gazetteer,
    is_common_word,
)
from anonymizers.detect.scripts import SPACED_WORD, UNSPACED, glued, width
from anonymizers.detect.spans import NAME_ENTITIES, Span
from anonymizers.detect.spelling import (
    APOSTROPHES,
    CONJUNCTIONS,
    NAME_JOINERS,
    PARTICLES,
    fold_word,
    strip_marks,
)
from anonymizers.detect.url_encoding import decoded, decoded_spans
from anonymizers.policy import Policy

#: Entities of prefixed ids whose digits text may write alone ("acc 553120" for
#: ACC-553120): customer and order ids, and account numbers.
ID_LIKE = frozenset({"ID", "US_BANK_NUMBER"})

#: Letters without a decomposition, folded to one ASCII letter (same length).
_ONE_LETTER = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "ħ": "h", "ŧ": "t"}
_TRANSLIT = {"ä": "ae", "ö": "oe", "ü": "ue", "å": "aa", "ø": "oe"}


@cache
def _accent_table() -> dict[int, str]:
    """Lower-case Latin letters with marks → their base letter: a translation that
    keeps every offset, so a match in the folded text is a match in the text."""
    table: dict[int, str] = {}
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        c = chr(cp)
        if c != c.lower():
            continue
        base = unicodedata.normalize("NFD", c)
        if len(base) > 1 and base[0].isascii() and all(unicodedata.combining(x) for x in base[1:]):
            table[cp] = base[0]
    table.update({ord(k): v for k, v in _ONE_LETTER.items()})
    return table


def _lower_same_length(text: str) -> str:
    """Lower case without accents, character for character (offsets kept)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low if low.isascii() else low.translate(_accent_table())


def spellings(value: str) -> set[str]:
    """Other ways text writes a name: without apostrophes ("OConnell"), transliterated
    ("Mueller" for "Müller", "Muller" for a listed "Mueller")."""
    out = set()
    low = value.lower()
    if any(a in low for a in APOSTROPHES):
        out.add(low.translate(str.maketrans("", "", APOSTROPHES)))
    if any(c in _TRANSLIT for c in low):
        out.add("".join(_TRANSLIT.get(c, c) for c in low))
    if low.isascii() and re.search("ae|oe|ue|aa", low):
        folded = " ".join(fold_word(w) for w in low.split())
        if folded != low:
            out.add(folded)
    out.discard(strip_marks(low))
    out.discard(low)
    return out


class Matcher:
    """Case-insensitive whole-word dictionary search; longest match wins."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, int]] = {}
        #: the entities of a key added under more than one ("Burgos": a surname, a town)
        self._also: dict[str, set[str]] = {}
        self._auto: ahocorasick.Automaton | None = None

    @staticmethod
    def key(value: str) -> str:
        """The form a value is searched under (``find`` returns it with each match)."""
        return _lower_same_length(" ".join(value.split()))

    def add(self, value: str, entity: str, rank: int) -> None:
        key = self.key(value)
        if not key:
            return
        old = self._entries.get(key)
        if old is not None and old[0] != entity:
            self._also.setdefault(key, {old[0]}).add(entity)
        if old is None or rank < old[1]:
            self._entries[key] = (entity, rank)
            self._auto = None

    def __len__(self) -> int:
        return len(self._entries)

    def searched(self) -> list[str]:
        """The keys searched for."""
        return list(self._entries)

    def known_as(self, key: str, entity: str) -> bool:
        """Was ``key`` added under ``entity`` too (whichever rank ``find`` reports)?"""
        entry = self._entries.get(key)
        return entry is not None and (entry[0] == entity or entity in self._also.get(key, ()))

    def _automaton(self) -> ahocorasick.Automaton:
        if self._auto is None:
            auto = ahocorasick.Automaton()
            for key, (entity, rank) in self._entries.items():
                auto.add_word(key, (len(key), entity, rank, key))
            auto.make_automaton()
            self._auto = auto
        return self._auto

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, entity, key) for each whole-word match, longest first, no overlaps."""
        if not self._entries or not text:
            return []
        low = _lower_same_length(text)
        # Collapse whitespace runs so "Greta  Kowalski" and "Greta\nKowalski" still match.
        hits: list[tuple[int, int, str, int, str]] = []
        for end_idx, (length, entity, rank, key) in self._automaton().iter(low):
            start, end = end_idx - length + 1, end_idx + 1
            if start > 0 and glued(low[start - 1], key[0]):
                continue
            if end < len(low) and glued(key[-1], low[end]):
                continue
            hits.append((start, end, entity, rank, key))
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[3], h[0]))
        taken: list[tuple[int, int, str, str]] = []
        for start, end, entity, _rank, key in hits:
            if all(end <= s or start >= e for s, e, _, _ in taken):
                taken.append((start, end, entity, key))
        return sorted(taken)


#: Ranks: lower wins when the same string is known under two entity types.
_RANK = {"PERSON": 0, "EMAIL_ADDRESS": 1, "ID": 2, "LAST_NAME": 5, "FIRST_NAME": 6}
#: A capital initial right before a known surname ("T. Ó Súilleabháin").
_INITIAL_BEFORE = re.compile(r"(?<![\w.])[^\W\d_a-z]\.[ \t]+\Z")
_PHONE_CANDIDATE = re.compile(rf"(?<!{SPACED_WORD})\+?\(?\d[\d\s().-]{{5,22}}\d(?!{SPACED_WORD})")


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


#: An HTTP request line's method (RFC 9110), in capitals before its target.
_HTTP_METHOD = re.compile(
    r"(?:GET|HEAD|POST|PUT|DELETE|CONNECT|OPTIONS|TRACE|PATCH) +(?:/|\*|https?://)"
)
#: A word as ``Matcher.find`` bounds it: a run of a spaced script's word characters, or one
#: character of a script written without spaces (``scripts.py``).
_WORD_RUN = re.compile(rf"{UNSPACED}|{SPACED_WORD}+")
#: Lookup namespaces: a phone's last ten digits, an id's core key (words have no NUL).
PHONE_LOOKUP = "\x00p"
CORE_LOOKUP = "\x00c"


def _anchor(key: str) -> str:
    """The word of a matcher key it is looked up by: its longest run of word characters
    (the first of equals), "" for a key without one. Every run of word characters of a
    whole-word match is a run of the lowered text (the match starts and ends at word
    boundaries), so a key can match a text only if its anchor is among ``lookups``."""
    return max(_WORD_RUN.findall(key), key=len, default="")


#: A latitude or longitude written to fewer than three decimals: a square kilometre or
#: more, shared by thousands, and as often a rating, a price or a score ("4.5", "12.25").
_COARSE_COORDINATE = re.compile(r"[+-]?\d{1,3}(?:\.\d{0,2})?")


def searched_alone(entity: str, value: str) -> bool:
    """Is a table's value worth finding again wherever it stands, as a known value in
    text and as the gate's target? A coarse coordinate is not (``_COARSE_COORDINATE``):
    its column is still faked; only its chance twins elsewhere are left alone."""
    return not (entity == "GEO_COORDINATE" and _COARSE_COORDINATE.fullmatch(value.strip()))


#: A bare number of up to four digits: a count, a code, an amount or a status as often
#: as an id.
_SHORT_NUMBER = re.compile(r"\d{1,4}")


def short_number_id(entity: str, value: str) -> bool:
    """An id that is a bare number of up to four digits (subscriber 552 of a thousand):
    in text, "552 Mailbox full" is a mail server's code and "AppleWebKit/605" a version,
    whatever table numbers its rows so. Its column is still faked; in text it is the id
    only after a key (``keyed_at``)."""
    return entity in ID_LIKE and bool(_SHORT_NUMBER.fullmatch(value.strip()))


#: A key right before a value: "employee=1001", "user_id: 552", "#552", "no. 552".
_KEY_BEFORE = re.compile(r"(?i)(?:[a-z_][\w.-]*[ \t]*[=:]|#|\b(?:id|no|nr|num|number)\.?)[ \t]*\Z")


def keyed_at(text: str, start: int) -> bool:
    """Does a key stand right before ``text[start:]`` (``_KEY_BEFORE``)?"""
    return _KEY_BEFORE.search(text, max(0, start - 40), start) is not None


def unkeyed_short_id(text: str, span: Span) -> bool:
    """A known short numeric id found in text without a key before it: left as it is."""
    return short_number_id(span.entity, text[span.start : span.end]) and not keyed_at(
        text, span.start
    )


class KnownValues:
    """Values from the bundle's structured sensitive columns, to find again in free text.

    A name column value becomes the full name (PERSON) plus its parts (FIRST_NAME /
    LAST_NAME), so "Priya" in a chat is found when the customers table has "Priya Nair".
    Phones are compared as digits, so "(415) 555-0134" finds "415.555.0134" and "+1 415
    555 0134"."""

    def __init__(self, policy: Policy) -> None:
        self._blank(policy.detection.min_known_length)

    @classmethod
    def blank(cls, min_length: int) -> KnownValues:
        """An empty one with this minimum length (no policy at hand)."""
        known = cls.__new__(cls)
        known._blank(min_length)
        return known

    def _blank(self, min_length: int) -> None:
        self.min_length = min_length
        #: values guessed in other texts, not a table's (``propagate.Guesses.known``)
        self.guessed = False
        self._matcher = Matcher()
        self._phones: dict[str, str] = {}
        self._id_cores = IdCores()
        #: known id → its entity (an account number is US_BANK_NUMBER, a customer id ID)
        self._id_entity: dict[str, str] = {}
        #: one-word first names and surnames a table holds whole, folded (``_part_ok``)
        self._whole_names: set[str] = set()

    def __len__(self) -> int:
        return len(self._matcher) + len(self._phones) + len(self._id_cores)

    def add(self, entity: str, value: str) -> None:
        """Remember one structured value of ``entity`` type."""
        if value is None:
            return
        value = " ".join(str(value).split())
        if not value:
            return
        if entity == "PHONE_NUMBER":
            digits = _digits(value)
            if len(digits) >= 7:
                self._phones[digits[-10:]] = entity
            if len(value) >= max(self.min_length, 7):
                self._matcher.add(value, entity, 3)
            return
        if entity in NAME_ENTITIES:
            self._add_name(entity, value)
            return
        if width(value) >= self.min_length:
            self._matcher.add(value, entity, _RANK.get(entity, 4))
        if entity in ID_LIKE:
            self._id_cores.add(value)
            self._id_entity[value] = entity

    def add_named_id(self, value: str, checked: bool = True) -> None:
        """An id no table holds that a text names ("Kundennummer 7781203"): known as an ID
        from now on, unless it is a known id's core (then it stands for that id; without
        ``checked`` the caller has already ruled that out against the whole bundle)."""
        if checked and self._id_cores.knows(value):
            return
        value = " ".join(value.split())
        if width(value) >= self.min_length:
            self._matcher.add(value, "ID", _RANK["ID"])
        self._id_cores.add(value, counted=False)
        self._id_entity[value] = "ID"

    def _add_name(self, entity: str, value: str) -> None:
        if "," in value and entity == "PERSON":
            last, _, first = value.partition(",")
            value_parts = [*first.split(), *last.split()]
            self._matcher.add(f"{first.strip()} {last.strip()}", "PERSON", 0)
            # As written too: 'Butler, Coleman and Thompson' (a firm of surnames in a
            # name column) comes back in a payment reference just so.
            self._matcher.add(value, "PERSON", 0)
        else:
            value_parts = value.split()
        parts = [
            p.strip(".")
            for p in value_parts
            if p.strip(".").lower() not in TITLE_WORDS and p.casefold() not in CONJUNCTIONS
        ]
        if entity == "PERSON" and len(parts) >= 2:
            self._matcher.add(value, "PERSON", 0)
            self._matcher.add(" ".join(parts), "PERSON", 0)
            for other in spellings(" ".join(parts)):
                self._matcher.add(other, "PERSON", 0)
        # A surname with particles ("Ó Súilleabháin", "van der Berg") is known whole, and
        # its particles are never names on their own.
        particles: range = range(0)
        if entity in ("PERSON", "LAST_NAME") and len(parts) >= 2:
            k = len(parts) - 1
            while k > (entity == "PERSON") and parts[k - 1].casefold() in PARTICLES:
                k -= 1
            if k < len(parts) - 1:
                surname = " ".join(parts[k:])
                for form in (surname, *spellings(surname)):
                    self._matcher.add(form, "LAST_NAME", _RANK["LAST_NAME"])
                particles = range(k, len(parts) - 1)
        # Given names or surnames of several parts, one too short to be searched alone
        # ("杨 想", "Jo Ann"): known whole, as the gate searches the value.
        if entity in ("FIRST_NAME", "LAST_NAME") and len(parts) == 1:
            self._whole_names.add(parts[0].casefold())
        short = any(width(p) < self.min_length for p in parts)
        if entity in ("FIRST_NAME", "LAST_NAME") and len(parts) >= 2 and short:
            self._matcher.add(" ".join(parts), entity, _RANK[entity])
        for i, part in enumerate(parts):
            if i in particles:
                continue
            if width(part) < self.min_length or not any(c.isalpha() for c in part):
                continue
            if entity == "PERSON":
                # A title before one name ("Dr. med. Pärtzelt", "Dott. Bignardi"): a surname.
                titled = len(parts) == 1 and len(value_parts) > 1
                ent = ("FIRST_NAME" if (i < len(parts) - 1 or len(parts) == 1) and not titled
                       else "LAST_NAME")  # fmt: skip
            else:
                ent = entity
            self._matcher.add(part, ent, _RANK[ent])
            for other in spellings(part):
                self._matcher.add(other, ent, _RANK[ent])
            # Hyphenated parts also appear alone ("Ashby-Fenwick" → "Ashby").
            for sub in re.split(r"-", part) if "-" in part else ():
                if width(sub) >= self.min_length:
                    self._matcher.add(sub, ent, _RANK[ent])

    def reckon_ids(self, counted: int) -> None:
        """Judge id cores among ``counted`` ids (the whole bundle's, for a subset)."""
        self._id_cores.reckon_with(counted)

    def lookups_of(self, entity: str, value: str, named: bool = False) -> set[str]:
        """What a text's ``lookups`` must hold for ``value`` (a named id with ``named``)
        to change what ``find`` returns: the anchor of every matcher key it adds, its
        phone digits, its id core."""
        scratch = KnownValues.blank(self.min_length)
        if named:
            scratch.add_named_id(value, checked=False)
        else:
            scratch.add(entity, value)
        out = {_anchor(k) for k in scratch._matcher.searched()}
        out.update(PHONE_LOOKUP + d for d in scratch._phones)
        out.update(CORE_LOOKUP + k for k in scratch._id_cores.core_keys())
        return out

    @staticmethod
    def lookups(text: str) -> set[str]:
        """Every anchor, phone and id core ``find`` could match in ``text``: a value whose
        ``lookups_of`` meet none of them is found nowhere in it (``""``: keys without a
        word, always looked up)."""
        out = {""}
        if (view := decoded(text)) is not None:  # a URL's escapes, read (``find``)
            text = f"{text}\n{view.text}"
        out.update(_WORD_RUN.findall(_lower_same_length(text)))
        for m in _PHONE_CANDIDATE.finditer(text):
            digits = _digits(m.group(0))
            if len(digits) >= 7:
                out.add(PHONE_LOOKUP + digits[-10:])
        out.update(CORE_LOOKUP + k for k in IdCores.lookups(text))
        return out

    def find(self, text: str) -> list[Span]:
        """Known values in ``text``: whole words, case-insensitive, longest match wins;
        also where a URL percent-encodes them (``url_encoding.py``): such a span stands
        for the value as decoded, whose fake it takes, written the same way."""
        spans = self._find(text)
        for s, e, span, value in decoded_spans(text, self._find):
            # Longest wins: "Bartek+%C5%BBero" is the known person, not the first name
            # "Bartek" read in the text as written.
            inside = [x for x in spans if s <= x.start and x.end <= e]
            if all(x in inside or e <= x.start or s >= x.end for x in spans):
                spans = [x for x in spans if x not in inside]
                spans.append(span._replace(start=s, end=e, stands_for=span.stands_for or value))
        return sorted(spans)

    def _find(self, text: str) -> list[Span]:
        spans: list[Span] = []
        for start, end, entity, key in self._matcher.find(text):
            one_place = entity == "LOCATION" and " " not in key  # "Angra do Heroísmo" is none
            if one_place and self._after_first_name(text, start, spans, key):
                # "Transfer to Adela Burgos": a customer's surname that is also some
                # customer's town (Burgos; a French town named after a saint) reads as
                # the surname after a known first name, and gets the surname's fake.
                entity, one_place = "LAST_NAME", False
            if (entity in NAME_ENTITIES or one_place) and not self._part_ok(text, start, end, key):
                continue
            if entity in ("LAST_NAME", "PERSON") and (m := _INITIAL_BEFORE.search(text, 0, start)):
                start, entity = m.start(), "PERSON"  # "T. Ó Súilleabháin": one person
            if entity == "LAST_NAME" and self._first_name_before(text, start, spans):
                # "Garrett Frost called": Garrett is a contact's first name and another's
                # surname, ranked a surname; before a surname it is the first name, and
                # takes the first name's fake, as the contact's FirstName column does.
                spans[-1] = spans[-1]._replace(entity="FIRST_NAME")
            spans.append(Span(start, end, entity, 1.0, "known"))
        if self._phones:
            for m in _PHONE_CANDIDATE.finditer(text):
                digits = _digits(m.group(0))
                if len(digits) >= 7 and digits[-10:] in self._phones:
                    s, e = m.start(), m.end()
                    if all(e <= x.start or s >= x.end for x in spans):
                        spans.append(Span(s, e, "PHONE_NUMBER", 1.0, "known"))
        for s, e, value in self._id_cores.find(text):
            if all(e <= x.start or s >= x.end for x in spans):
                entity = self._id_entity.get(value, "ID")
                spans.append(Span(s, e, entity, 1.0, "known", stands_for=value))
        return sorted(spans)

    def _after_first_name(self, text: str, start: int, spans: list[Span], key: str) -> bool:
        """Does a known first name end right before ``start`` (spaces apart, on the same
        line), and is ``key`` a known surname too?"""
        if not spans or not self._matcher.known_as(key, "LAST_NAME"):
            return False
        last = spans[-1]
        gap = text[last.end : start]
        return last.entity == "FIRST_NAME" and bool(gap) and gap.isspace() and "\n" not in gap

    def _first_name_before(self, text: str, start: int, spans: list[Span]) -> bool:
        """Is the span right before ``start`` (spaces apart, on the same line) a surname
        that is a known first name too, one word, capitalised?"""
        if not spans or spans[-1].entity != "LAST_NAME":
            return False
        last = spans[-1]
        gap, word = text[last.end : start], text[last.start : last.end]
        return (
            bool(gap) and gap.isspace() and "\n" not in gap and word[:1].isupper()
            and " " not in word and self._matcher.known_as(Matcher.key(word), "FIRST_NAME")
        )  # fmt: skip

    def _part_ok(self, text: str, start: int, end: int, key: str) -> bool:
        """A name or a one-word place that is also an everyday word ('Will', 'Grant'; alone,
        an English word of the model's dictionary that is no first name: the surname
        'White', the Czech town 'Most') counts only where the text capitalises it: in lower
        case it is the word, as the gate reads names. A value only guessed in another text
        needs the capital even when it is also a first name: "Stena Line" read as a person
        in a CV made "Line" (a Danish first name) a surname, and its spread rewrote every
        "bottom-line" and "secured line" of 6,000 CVs. A table's first name that is an
        English verb or adjective too ('Line', 'Hope', 'Grace') is found in lower case only
        on a line written all in lower case ("talked to hope", as support texts write
        names): one candidate named Line turned 326 of the CVs' 364 "line"s into her fake,
        in sentences that capitalise every name they hold. WordNet's proper nouns
        ("maria", "adam") stay found in any case."""
        found = text[start:end]
        if _HTTP_METHOD.match(text, start):
            return False  # "POST /checkout/pay HTTP/1.1": a request's method, not Mr Post
        # A surname's particles are written in lower case and are no everyday words here:
        # "Job van den Nyeuwenhuysen" is judged by "Job" and "Nyeuwenhuysen" (it was kept
        # whole in a teacher's note, its "van" and "den" not capitalised).
        words = [w for w in key.split() if w not in NAME_JOINERS]
        if not words:
            # A particle alone ("van": Faker's Dutch "Dussen van", a surname's particle
            # written after it) names nobody: it half-replaced "van Leuven Groep". One a
            # table holds whole as a name is that name where capitalised: the surname Bean
            # (Irish "bean", Mrs) in "Darrell /Bean/", the first name Della.
            named = [w for w in found.split() if w]
            whole = key.casefold() in self._whole_names
            return whole and all(w[:1].isupper() for w in named)
        named = [w for w in found.split() if w.casefold() not in NAME_JOINERS]
        capitals = all(w[:1].isupper() for w in named)
        if len(words) == 1 and words[0] in foreign_stop_words():
            # "Die", one tenant's first name (Faker's Dutch "Berat Die Bont"), replaced
            # the article opening 1,058 German repair requests: a stop word of the text's
            # own language is the name only capitalised mid-sentence.
            lang = guess_language(text)
            if lang != "en" and words[0] in stop_words(lang):
                return capitals and not SENTENCE_START.search(text, 0, start)
        if len(words) >= 3:
            # A whole value of three words or more ('Fabory, a Grainger company' in a name
            # column) is that value whatever its words: the gate searches it so.
            return True
        if any(is_common_word(w) for w in words):
            return capitals
        if len(words) != 1 or words[0] not in english_words():
            return True
        if not self.guessed and words[0] in first_name_gazetteer():
            everyday = words[0] in english_verbs_and_qualifiers()
            return case_ok(named, text, start) if everyday else True
        return capitals
