"""Rule-based span finders for what a small NER model misses in support and HR text.

A statistical NER model sees a name only in a context that looks like its training data
(newswire, title case). Customer exports are chat transcripts, e-mails and notes: names
come after "Hi", before a sign-off, inside a speaker label, after a title, in capitals,
and street addresses span several lines. These rules use the *shape* of such text, not
any list of real people, so they carry over to data they have never seen. Each returns
``(start, end, entity, score)`` tuples; detect.py merges them with NER and known values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

import regex  # Presidio's dependency; needed for Unicode letter classes

from anonymizers.detect.lexicon import (
    NAME_PARTICLES,
    ORG_WORDS,
    STREET_TYPES,
    country_gazetteer,
    is_common_word,
    name_gazetteer,
    name_words_only,
    place_gazetteer,
    street_words,
)

RawSpan = tuple[int, int, str, float]

_NAME_WORD = r"[A-Z][a-zà-öø-ÿ]+(?:['’-][A-Z]?[a-zà-öø-ÿ]+)*"
_NAME_WORD_ANYCASE = r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿ]+)*"
_NAME = rf"(?:(?:O|D|Mc|Mac)['’]?)?{_NAME_WORD}(?:\s+(?:(?:O|D)['’])?{_NAME_WORD}){{0,2}}"

_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Madam|Mme|Mlle|Rev|Fr|Capt|Sgt|Lt)"
_TITLE_RE = re.compile(rf"\b(?i:{_TITLES})\.?\s+({_NAME})", re.UNICODE)
_TITLE_CAPS_RE = re.compile(rf"\b{_TITLES.upper()}\.?\s+([A-Z'’-]{{2,}}(?:\s+[A-Z'’-]{{2,}})?)")

_GREETING_RE = re.compile(
    rf"(?im)(?:^|[.!?]\s+)(?:hi|hello|hey|hiya|dear|good\s+(?:morning|afternoon|evening)|"
    rf"morning|thanks|thank\s+you|cheers|bye|welcome)\s*,?\s+({_NAME_WORD_ANYCASE}"
    rf"(?:\s+{_NAME_WORD_ANYCASE})?)\s*(?=[,!.:;?\n]|$)"
)
_SIGNOFF_RE = re.compile(
    r"(?im)(?:regards|best|thanks|thank\s+you|cheers|sincerely|wishes|yours|talk\s+soon|"
    r"take\s+care|rgds|thx|br)\s*[,.!-]?\s*\n+\s*"
    rf"({_NAME_WORD_ANYCASE}(?:[ \t]+{_NAME_WORD_ANYCASE}){{0,2}})[ \t]*[.,]?[ \t]*(?=\n|$)"
)
_DASH_SIGN_RE = re.compile(rf"(?m)^\s*(?:--|–|—|-)\s*({_NAME})\s*$")
_LABEL_ROLE_RE = re.compile(
    r"(?im)^[ \t]*(?:\[[^\]\n]{0,30}\][ \t]*)?(?:agent|customer|rep|representative|support|"
    r"caller|client|advisor|adviser|operator|user|specialist|technician|manager|nurse|doctor)"
    r"[ \t]*[(\[]([^)\]\n]{2,60})[)\]][ \t]*:"
)
_LABEL_NAME_RE = re.compile(
    r"(?m)^[ \t]*(?:\[[^\]\n]{0,30}\][ \t]*)?"
    rf"({_NAME_WORD_ANYCASE}(?:[ \t]+{_NAME_WORD_ANYCASE})?)"
    r"[ \t]*:[ \t]*\S"
)


def _name_ok(name: str) -> bool:
    parts = name.split()
    return (
        bool(parts)
        and not any(is_common_word(p) for p in parts)
        and not any(c.isdigit() for c in name)
    )


def title_names(text: str) -> list[RawSpan]:
    """'Dr. O'Brien', 'Mrs Ashby-Fenwick', 'MR KOWALSKI': the name after a title."""
    out: list[RawSpan] = []
    for rx in (_TITLE_RE, _TITLE_CAPS_RE):
        for m in rx.finditer(text):
            if _name_ok(m.group(1)):
                out.append((m.start(1), m.end(1), "PERSON", 0.85))
    return out


def greeting_names(text: str) -> list[RawSpan]:
    """Names in greetings ('Hi Priya,'), sign-offs ('Best regards,\\nAnna') and '- Tom'."""
    out: list[RawSpan] = []
    for rx, score in ((_GREETING_RE, 0.7), (_SIGNOFF_RE, 0.7), (_DASH_SIGN_RE, 0.6)):
        for m in rx.finditer(text):
            name = m.group(1)
            if _name_ok(name):
                out.append((m.start(1), m.end(1), "PERSON", score))
    return out


def speaker_names(text: str) -> list[RawSpan]:
    """Chat speaker labels: 'Agent (Declan):' and a bare 'Declan:' opening a line."""
    out: list[RawSpan] = []
    for m in _LABEL_ROLE_RE.finditer(text):
        name = m.group(1).strip()
        if name and not any(c.isdigit() for c in name) and not is_common_word(name):
            s = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
            out.append((s, s + len(name), "PERSON", 0.9))
    labels = list(_LABEL_NAME_RE.finditer(text))
    # A bare "Word:" is a speaker only in a transcript: the same shape on two lines.
    if len(labels) >= 2:
        for m in labels:
            name = m.group(1)
            if _name_ok(name) and name[0].isupper():
                out.append((m.start(1), m.end(1), "PERSON", 0.75))
    return out


# --- addresses -------------------------------------------------------------------------

_UNIT_WORD = r"(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Bldg|Building|#)"
_UNIT = rf"(?:\s*,?\s*{_UNIT_WORD}\.?\s*#?\s*[\w-]+)?"
_STREET_WORD = r"[A-Z0-9][\w'’.-]*"
# "123 Main St", "4182 Rantakatu 19 Apt. 317", "Flat 2, 10 Downing Street"
_STREET_RE = re.compile(
    rf"\b\d{{1,6}}[A-Za-z]?(?:[ \t]+{_STREET_WORD}){{1,5}}?[ \t]+{STREET_TYPES}\b\.?{_UNIT}"
    rf"|\b\d{{1,6}}[A-Za-z]?(?:[ \t]+{_STREET_WORD}){{0,3}}?[ \t]+[A-Z][\w'’-]*"
    rf"(?:{STREET_TYPES.lower()}|katu|tie|gatan|vägen|vej|straße|strasse|weg|laan|straat)"
    rf"(?![\w'’-])(?:[ \t]+\d{{1,5}}[A-Za-z]?)?{_UNIT}"
    rf"|\b{_STREET_WORD}(?:[ \t]+{_STREET_WORD}){{0,3}}[ \t]+{STREET_TYPES}\b\.?"
    rf"[ \t]+\d{{1,5}}[A-Za-z]?{_UNIT}"
    rf"|\b(?:P\.?\s?O\.?\s?Box|Postfach)\s+\d+"
    rf"|\b\d{{1,6}}[A-Za-z]?(?:[ \t]+{_STREET_WORD}){{1,3}}[ \t]+"
    r"(?:Apt|Apartment|Suite|Ste|Unit)\.?\s*#?\s*[\w-]+",
)
# Trailing "City, ST 12345" / "\n City\n, IT\n Country 58213" after a street line.
_TAIL_RE = re.compile(
    r"(?:[ \t]*[,\n][ \t\n]*(?:,[ \t]*)?"
    r"(?:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}(?:[ \t]+\d{3,6}(?:-\d{4})?)?"
    r"|[A-Z]{2}(?:[ \t]+\d{5}(?:-\d{4})?)?|\d{4,6}(?:-\d{4})?|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d))"
)


def street_addresses(text: str) -> list[RawSpan]:
    """Street lines with their city / region / postcode tail, as one ADDRESS span."""
    out: list[RawSpan] = []
    for m in _STREET_RE.finditer(text):
        end = m.end()
        for _ in range(4):
            t = _TAIL_RE.match(text, end)
            if not t or not t.group(0).strip(" \t,\n"):
                break
            word = t.group(0).strip(" \t,\n").split()[0]
            if is_common_word(word):
                break
            end = t.end()
        out.append((m.start(), end, "ADDRESS", 0.7))
    return out


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
        t = re.match(r"[ \t,]*\d{5}(?:-\d{4})?\b", text[e:])
        if t:
            e += t.end()
        out.append((s, e, ent, score))
    return out


def extend_name(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a name span over apostrophe and hyphen parts NER cut off (O'|Brien, Ashby-|Fenwick)."""
    while True:
        # Not over a possessive: "Priya's" is Priya.
        m = re.match(
            r"(?:['’](?![sS]\b)[A-Z]?[a-zà-öø-ÿ]+|-[A-Z]?[a-zà-öø-ÿ]+|['’-][A-Z][A-Za-zà-öø-ÿ]+)",
            text[end:],
        )
        if not m:
            break
        end += m.end()
    while start >= 2:
        m = re.search(
            r"(?:\b(?:O|D|L)['’]|\b[A-Z][a-zà-öø-ÿ]+-)$", text[max(0, start - 30) : start]
        )
        if not m:
            break
        start -= len(m.group(0))
    return start, end


_CAPS_WORD = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-Þ]{5,}(?![\w'’-])")


def case_variant(text: str) -> str | None:
    """A same-length copy with names re-capitalised on lines in ALL CAPS or all lower case.

    NER relies on capitals; 'CALL PETER WALSH' or 'talked to peter walsh' hide them. Only
    words that are not common English get a capital, so the model is not shown a title-case
    sentence where every word looks like a name. None when no line needs it."""

    def fix(m: re.Match[str]) -> str:
        w = m.group(0)
        if is_common_word(w) or len(w) < 2:
            return w.lower()
        cap = w[0].upper() + w[1:].lower()
        return cap if len(cap) == len(w) else w

    def fix_caps(m: re.Match[str]) -> str:
        w = m.group(0)
        if is_common_word(w) or not any(c in "AEIOUYÅÄÖÆØÉÈÁÍÓÚ" for c in w):
            return w
        cap = w[0] + w[1:].lower()
        return cap if len(cap) == len(w) else w

    changed = False
    lines = text.split("\n")
    for i, line in enumerate(lines):
        letters = [c for c in line if c.isalpha()]
        if len(letters) < 4:
            continue
        upper = sum(c.isupper() for c in letters) / len(letters)
        if 0.02 < upper < 0.85:
            # A mixed-case line: only words in capitals ("a year in HAUGESUND") get a
            # title-case copy; short ones are acronyms (IBM, USD) and stay.
            new = _CAPS_WORD.sub(fix_caps, line)
            if new != line and len(new) == len(line):
                lines[i] = new
                changed = True
            continue
        new = re.sub(r"[A-Za-zÀ-ÖØ-öø-ÿ]+", fix, line)
        if len(new) == len(line) and new != line:
            lines[i] = new
            changed = True
    return "\n".join(lines) if changed else None


_PROPER = frozenset({"NNP", "NNPS"})
_NAME_SHAPE = regex.compile(r"^\p{Lu}\p{Ll}+(?:['’-]\p{Lu}?\p{Ll}+)*$")


def _name_shaped(tok) -> bool:  # type: ignore[no-untyped-def]
    """A capitalised proper-noun token that is no everyday, street or organisation word."""
    t = tok.text
    low = t.lower()
    return (
        bool(_NAME_SHAPE.match(t))
        and tok.tag_ in _PROPER
        and not is_common_word(t)
        and low not in street_words()
        and low not in ORG_WORDS
    )


def gazetteer_names(doc) -> list[RawSpan]:  # type: ignore[no-untyped-def]
    """Proper nouns that are known first or last names, grown over adjacent name-shaped
    proper nouns, initials and particles on the same line ('Jolanta K Nowak',
    'Jantine van Dijk', 'Colette Marchand'). A street word on either side ('Via Roma',
    'Roma Street') means a street, not a person."""
    names = name_gazetteer()
    streets = street_words()
    out: list[RawSpan] = []
    n = len(doc)

    def is_name(tok) -> bool:  # type: ignore[no-untyped-def]
        t = tok.text
        return (
            tok.tag_ in _PROPER and t[:1].isupper() and t.lower() in names and not is_common_word(t)
        )

    def is_initial(tok) -> bool:  # type: ignore[no-untyped-def]
        return len(tok.text.rstrip(".")) == 1 and tok.text[:1].isupper()

    def joinable(k: int) -> bool:
        return is_name(doc[k]) or _name_shaped(doc[k])

    def inner(k: int) -> bool:
        """Initials and particles only count between two name tokens."""
        if not (0 < k < n - 1) or not joinable(k + 1):
            return False
        return is_initial(doc[k]) or doc[k].text in NAME_PARTICLES

    i = 0
    while i < n:
        if not is_name(doc[i]):
            i += 1
            continue
        start, j = i, i + 1
        while j < n and (joinable(j) or inner(j)):
            j += 1
        while start > 0 and joinable(start - 1) and not doc[start - 1].is_sent_start:
            start -= 1
        before = doc[start - 1].text.lower().strip(".") if start > 0 else ""
        after = doc[j].text.lower().strip(".") if j < n else ""
        if before not in streets and after not in streets and after not in ORG_WORDS:
            out.append((doc[start].idx, doc[j - 1].idx + len(doc[j - 1].text), "PERSON", 0.55))
        i = j
    return out


# "My name is Hiroyuki", "people call me Jiří", "my maiden name was Lindholm", "my kid Staszek".
_INTRO_RE = regex.compile(
    r"(?i:\b(?:(?:my|his|her|their|your|maiden|first|last|full|middle|given|family|sur|nick)"
    r"[ \t]*name[ \t]*(?:is|was|'s|:|=)|name[ \t]+on[ \t]+the[ \t]+\w+[ \t]+is|"
    r"(?:people|everyone|they|friends)[ \t]+call[ \t]+me|call[ \t]+me|"
    r"(?:my|our)[ \t]+(?:kid|son|daughter|child|wife|husband|partner|brother|sister|mother|"
    r"father|mom|mum|dad|grandmother|grandfather|grandson|granddaughter|nephew|niece|cousin|"
    r"uncle|aunt|fiancée?|boyfriend|girlfriend|colleague|boss|landlord|tenant)|"
    r"(?:was|is|were)[ \t]+called|named|speak(?:ing)?[ \t]+(?:to|with)|"
    r"name\b[^?\n]{0,30}\?[ \t]*(?:(?:user|customer|caller|client|me|a)[ \t]*:)?)[ \t]*,?[ \t]+)"
    r"(?P<name>\p{L}[\p{L}'’-]+(?:[ \t]+\p{Lu}\.?(?=[ \t]))?(?:[ \t]+\p{L}[\p{L}'’-]+)?)"
)


#: A one- or two-word capitalised subject opening a sentence, before its verb.
_SUBJECT_HEAD = (
    r"(?m)(?:^|(?<=[.!?][ \t]))[ \t]*(?P<name>\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}+)?)[ \t]+"
)
_SUBJECT_RE = regex.compile(
    _SUBJECT_HEAD + r"(?=(?:lives|lived|grew[ \t]+up|was[ \t]+born|is[ \t]+from|was[ \t]+from|"
    r"told[ \t]+me|says|said|wrote|called[ \t]+(?:me|us|in))\b)"
)
# Verbs a team can do as well as a person ("Billing explained", "Finance agreed"): their
# subject counts only when the name lists know every word of it.
_AGENT_RE = regex.compile(
    _SUBJECT_HEAD + r"(?=(?:asked|replied|answered|explained|mentioned|agreed|promised|complained|"
    r"apologi[sz]ed|emailed|texted|phoned|(?:had|has)[ \t]+(?:given|told|asked|promised|"
    r"signed)|thinks|thought|believes|wants|wanted|decided|forgot|remembered|"
    r"will[ \t]+be[ \t]+(?:talking|speaking|presenting|joining|hosting))\b)"
)
_VOCATIVE_RE = regex.compile(
    r"(?m)^[ \t]*(?P<name>\p{Lu}\p{Ll}+),[ \t]+(?=(?:can|could|would|will|please|thanks|"
    r"thank|do|are|did|have)\b)"
)
_CARD_HEAD_RE = regex.compile(
    r"\A[\s>|?]*(?P<name>\p{Lu}\p{Ll}+(?:[ \t]+(?:\p{Lu}\.?|\p{Lu}\p{Ll}+)){1,2})[ \t]*\n"
)


def subject_names(text: str) -> list[RawSpan]:
    """Names in the slots a person fills: the subject of 'lives in' / 'is from' / 'grew up',
    a vocative opening a line ('Farhan, can I ...') and the first line of a contact card or
    signature block ('Colette Marchand\nAcme Freight\n...')."""
    out: list[RawSpan] = []
    for rx, score in ((_SUBJECT_RE, 0.6), (_VOCATIVE_RE, 0.55)):
        for m in rx.finditer(text):
            if name_words_only(m.group("name")):
                out.append((m.start("name"), m.end("name"), "PERSON", score))
    names = name_gazetteer()
    for m in _AGENT_RE.finditer(text):
        words = m.group("name").split()
        if name_words_only(m.group("name")) and all(w.lower() in names for w in words):
            out.append((m.start("name"), m.end("name"), "PERSON", 0.6))
    m = _CARD_HEAD_RE.match(text)
    if m and text.count("\n") >= 2 and name_words_only(m.group("name")):
        out.append((m.start("name"), m.end("name"), "PERSON", 0.6))
    return out


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
        if (
            vocative
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
_KIN = (
    r"(?:daughter|son|kid|kids|child|children|wife|husband|partner|mother|father|mom|mum|dad|"
    r"sister|brother|boyfriend|girlfriend|fianc[eé]e?|widow|widower|granddaughter|grandson|"
    r"niece|nephew|cousin|aunt|uncle|parents|family|friend|boss|colleague)"
)
_KIN_RE = regex.compile(
    rf"(?<![\p{{L}}\d'’.-])(?P<name>\p{{L}}\p{{Ll}}+)['’]s[ \t]+(?:\p{{Ll}}+[ \t]+)?{_KIN}\b"
)


def _case_ok(words: list[str], text: str, at: int) -> bool:
    """Capitalised words, or lower-case ones on a line written all in lower case."""
    if all(w[:1].isupper() for w in words):
        return True
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return line == line.lower() and all(w[:1].islower() for w in words)


def initial_names(text: str) -> list[RawSpan]:
    """'First M. Last' with one of the two names in the name list."""
    out: list[RawSpan] = []
    names = name_gazetteer()
    for m in _INITIAL_NAME_RE.finditer(text):
        a, i, b = m.group("a"), m.group("i"), m.group("b")
        if not _case_ok([a, i, b], text, m.start()) or not name_words_only(f"{a} {b}"):
            continue
        if i.lower() == "a" and i.islower() and a.lower() not in names:
            continue
        if a.lower() in names or b.lower() in names:
            out.append((m.start("a"), m.end("b"), "PERSON", 0.6))
    return out


def kin_names(text: str) -> list[RawSpan]:
    """'Philippa's daughter', 'Oksana's kid': a possessive before a family word is a person."""
    out: list[RawSpan] = []
    names = name_gazetteer()
    for m in _KIN_RE.finditer(text):
        name = m.group("name")
        if not _case_ok([name], text, m.start()) or not name_words_only(name):
            continue
        if name[:1].islower() and name.lower() not in names:
            continue
        out.append((m.start("name"), m.end("name"), "PERSON", 0.65))
    return out


# "Customer: This is Jolanta Wierzba.", "Hi, it's Mateo from dispatch": a speaker naming
# themselves at the start of a turn. Capitalised words only, closed by punctuation or a
# word that continues a self-introduction.
_SELF_INTRO_RE = regex.compile(
    r"(?:^|(?<=[:\n])|(?<=(?i:\b(?:hi|hello|hey|morning|afternoon|evening|yes|yeah))[,!.]?))"
    r"[ \t]*(?i:this[ \t]+is|it[ \t]+is|it['’]s)[ \t]+"
    r"(?P<name>\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){0,2})"
    r"(?=[ \t]*(?:[.,!;]|$)|[ \t]+(?:from|speaking|calling|here|with|again)\b)",
    regex.MULTILINE,
)


def intro_names(text: str) -> list[RawSpan]:
    """Names right after a phrase that introduces one, in any letter case."""
    out: list[RawSpan] = []
    for m in _SELF_INTRO_RE.finditer(text):
        if name_words_only(m.group("name")) and not any(
            w.lower() in place_gazetteer() and w.lower() not in name_gazetteer()
            for w in m.group("name").split()
        ):
            out.append((m.start("name"), m.end("name"), "PERSON", 0.7))
    for m in _INTRO_RE.finditer(text):
        words = list(regex.finditer(r"\S+", m.group("name")))
        lead_cap = words[0].group(0)[:1].isupper()
        # Keep the words up to the first everyday word: "call me Ana tomorrow" → "Ana".
        keep = []
        for w in words:
            word = w.group(0)
            if is_common_word(word) or (lead_cap and not word[:1].isupper()):
                break
            keep.append(w)
        if not keep or len(keep[0].group(0)) < 2:
            continue
        first = keep[0].group(0)
        cue = text[m.start() : m.start("name")].lower()
        # "my uncle retired", "speaking to support": after a relative or a verb the slot
        # is as often a verb or a noun, so a word in lower case needs the name list.
        if (
            not first[:1].isupper()
            and "name" not in cue
            and "call" not in cue
            and first.lower() not in name_gazetteer()
        ):
            continue
        s = m.start("name")
        out.append((s + keep[0].start(), s + keep[-1].end(), "PERSON", 0.7))
    return out


# --- context rules: phones, cards, places --------------------------------------------

_PHONE_CTX = regex.compile(
    r"(?i)\b(?:phone|tel|telephone|mobile|cell|cellphone|fax|desk|office|home|work|"
    r"call(?:\s+me)?|reach(?:\s+me)?|text(?:\s+me)?|sms|whatsapp|number|no|contact|"
    r"answering|registered|messages\s+to|dial)\b[\s\p{P}]{0,4}(?:(?:on|at|to|is|:)\s*){0,2}"
    r"(?P<num>\+?\(?\d{1,4}\)?(?:[ .-]?\(?\d{2,5}\)?){1,5}(?:\s?(?:x|ext\.?)\s?\d{1,5})?)"
)
_PHONE_AFTER = regex.compile(
    r"(?P<num>\+?\(?\d{1,4}\)?(?:[ .-]?\d{2,5}){1,5})[\s-]*"
    r"(?=(?i:office|fax|mobile|cell|home|work)\b)"
)
_CARD_CTX = regex.compile(
    r"(?i)\b(?:card|cc|credit|debit|visa|mastercard|amex|maestro|discover)\b[^\d\n]{0,25}"
    r"(?P<num>\d(?:[ -]?\d){11,18})(?!\d)"
)
# "driver's license no. 3817-58-6093", "DL# B1234567": the context names it, so a
# phone rule that fires on "number" must not take it.
_LICENCE_CTX = regex.compile(
    r"(?i:\b(?:driver'?s?'?[ \t]+licen[cs]e|driving[ \t]+licen[cs]e|DL)\b"
    r"(?:[ \t]+(?:number|no\.?|num|id))?[ \t]*(?:is|:|#)?[ \t]*)"
    r"(?P<num>[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){4,19})(?![\w-])"
)
_DATE_LIKE = regex.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}")


def context_numbers(text: str) -> list[RawSpan]:
    """Phones and cards that only their context gives away: 'reach me at 617 2093',
    'Mobile: 734 961 285', 'card 638205917443' (short or checksum-less numbers)."""
    out: list[RawSpan] = []
    for rx in (_PHONE_CTX, _PHONE_AFTER):
        for m in rx.finditer(text):
            num = m.group("num").rstrip(" .-")
            digits = sum(c.isdigit() for c in num)
            if 7 <= digits <= 15 and not _DATE_LIKE.search(num):
                s = m.start("num")
                out.append((s, s + len(num), "PHONE_NUMBER", 0.6))
    for m in _CARD_CTX.finditer(text):
        out.append((m.start("num"), m.end("num"), "CREDIT_CARD", 0.6))
    for m in _LICENCE_CTX.finditer(text):
        if any(c.isdigit() for c in m.group("num")):
            out.append((m.start("num"), m.end("num"), "US_DRIVER_LICENSE", 0.8))
    return out


_U_WORD = r"\p{Lu}[\p{L}'’.-]*"
_ANY_WORD = r"\p{L}[\p{L}'’.-]*"
# "439 Lõuna 41", "4129 Ilona u. 62.", "81346 Vahtra 27": number, street name, house number.
_NUM_STREET_NUM = regex.compile(
    rf"(?<![\w-])\d{{1,6}}[A-Za-z]?[ \t]+{_U_WORD}(?:[ \t]+{_ANY_WORD}){{0,4}}?"
    r"[ \t]+\d{1,5}[A-Za-z]?\b"
)
_PLACE_CTX = regex.compile(
    r"(?i:\b(?:lives?|living|located|based|moved(?:[ \t]+(?:here|there|back|away))?|move|"
    r"flew|fly|flying|arrived|travel+ed|originally|grew[ \t]+up|born|raised|"
    r"(?:i|we)(?:[ \t]+am|['’]m|[ \t]+are|['’]re)[ \t]+(?:in|at|from)|"
    r"home[ \t]+(?:city|town)|city[ \t]+of|town[ \t]+of|"
    r"where[ \t]*:|"
    r"trip|visit(?:ing|ed)?|stay(?:ing|ed)?|resides?|residing|ship(?:ped)?|deliver(?:ed)?|"
    r"drops?\s+you\s+off|address(?:\s+is)?)\s+(?:in|at|on|to|from|is)?\s*:?\s*)"
    rf"(?P<place>(?:\d{{1,6}}[A-Za-z]?[ \t]+)?{_U_WORD}"
    rf"(?:[ \t]+(?:{_U_WORD}|\d{{1,5}}|de|del|da|do|dei|"
    r"di|la|le|van|von|der|den|na|u\.|ul\.)(?![\p{L}\d])){0,5})"
)
_SEGMENT = regex.compile(
    r"\.?[ \t]*(?:,[ \t]*|\n(?:[ \t>|]|\?{3})*,?[ \t]*)+"
    r"(?P<seg>(?i:(?:apt|apartment|suite|ste|unit|flat|floor|room|box)\.?[ \t]*#?[ \t]*[\w-]+)"
    rf"|{_U_WORD}(?:[ \t]+{_ANY_WORD}){{0,3}}(?:[ \t]+\([\p{{L}} .'-]{{2,30}}\))?"
    r"(?:[ \t]+(?:\d{3,6}(?:-\d{4})?|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d"
    r"|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}))?"
    r"|\p{Lu}{2}(?:[ \t]+\d{5}(?:-\d{4})?)?|\d{4,6}(?:-\d{4})?)"
    r"(?=[ \t]*(?:[,.;:!?)\n]|$)|[ \t]+\p{Ll})"
)


_UNIT_START = regex.compile(r"(?i:apt|apartment|suite|ste|unit|flat|floor|room|box)\b")


def _grow_address(text: str, end: int) -> int:
    for _ in range(6):
        m = _SEGMENT.match(text, end)
        if not m:
            break
        seg = m.group("seg")
        first = seg.split()[0]
        unit = _UNIT_START.match(seg) is not None
        if (is_common_word(first) and not unit) or ":" in text[m.start() : m.end()]:
            break
        end = m.end()
    return end


# Military and diplomatic post: "PSC 2786, Box 5091\nAPO AA 41827", "USNS Doe\nFPO AE 12345".
_MILITARY_RE = regex.compile(
    r"(?i)\b(?:(?:PSC|Unit|CMR)[ \t]+\d{3,5},?[ \t]+Box[ \t]+\d{3,5}"
    r"|(?:USNS|USNV|USS|USCGC)[ \t]+\p{L}[\p{L}'-]*)"
    r"(?:[ \t]*[,\n][ \t>]*(?:APO|FPO|DPO)[ \t]+A[AEP][ \t]+\d{5})?"
)
# Street type *before* the name (Romance, Slavic, Nordic use): "Via dei Coronari 24",
# "ul. Jaskółcza 7", "52 rue de Hongrie", "C/ Maestros Canteros 41", "Rua do Salmonete 2953".
_PREFIX_TYPES = (
    r"(?:rue|via|viale|vicolo|piazza|piazzale|corso|largo|calle|avenida|avda|av|rua|travessa|"
    r"praça|alameda|carrer|camino|paseo|plaza|ul|ulica|al|aleja|plac|trg|ulitsa|pr|"
    r"chemin|boulevard|bd|impasse|allée|place|route|strada|c/|str|odos|leoforos)"
)
_PREFIX_STREET_RE = regex.compile(
    rf"(?i:(?<![\w-])(?:\d{{1,6}}[A-Za-z]?[ \t]+)?{_PREFIX_TYPES}\.?[ \t]+)"
    r"\p{L}[\p{L}'’.-]*(?:[ \t]+\p{L}[\p{L}'’.-]*){0,4}?[ \t]+\d{1,5}[A-Za-z]?\b\.?"
)
# "the corner of Männiku 4 and Everett Flat", "corner of 5th Ave and Main St".
_CORNER_RE = regex.compile(
    r"(?i:\b(?:the[ \t]+)?corner[ \t]+of[ \t]+)(?P<a>[\p{L}\d][^,\n?!;]{1,50}?)"
    r"(?i:[ \t]+(?:and|&)[ \t]+)(?P<b>[\p{L}\d][^,\n?!;.]{1,40}?)"
    r"(?=[ \t]*(?:[,\n?!;]|\.(?:\s|$)|$))"
)
# "ZIP: 4718", "my postal code is 61842-270", "postcode SW1A 1AA".
_POSTCODE_CTX_RE = regex.compile(
    r"(?i:\b(?:zip(?:[ \t]*code)?|post(?:al)?[ \t]*code|postcode|plz|cep)\b[ \t]*(?:is|:|#)?[ \t]*)"
    r"(?P<code>[A-Z0-9](?:[A-Z0-9]|[ -](?=[A-Z0-9])){1,9})(?![\w-])"
)


def postal_spans(text: str) -> list[RawSpan]:
    """Military post, prefix-type streets, street corners and postcodes named as such."""
    out: list[RawSpan] = []
    for m in _MILITARY_RE.finditer(text):
        out.append((m.start(), m.end(), "ADDRESS", 0.8))
    for m in _PREFIX_STREET_RE.finditer(text):
        if not _DATE_LIKE.search(m.group(0)):
            out.append((m.start(), _grow_address(text, m.end()), "ADDRESS", 0.6))
    for m in _CORNER_RE.finditer(text):
        if any(c.isdigit() for c in m.group(0)) or any(
            w.lower().strip(".") in street_words() for w in m.group(0).split()
        ):
            out.append((m.start("a"), m.end("b"), "ADDRESS", 0.6))
    for m in _POSTCODE_CTX_RE.finditer(text):
        if any(c.isdigit() for c in m.group("code")):
            out.append((m.start("code"), m.end("code"), "ADDRESS", 0.7))
    return out


# The rest of a street line after its street word: "27 Bell Street Harrowgate Square",
# "P.O. Box 382 Delphine Union" — more capitalised words up to the line's end or a comma.
_LINE_REST = regex.compile(r"(?:[ \t]+\p{Lu}[\p{L}'’.-]*){1,3}(?=[ \t]*(?:,|\n|$))")
# A unit written before its street: "Suite 218 4907 Furuveien 63", "Apt. 4B, 12 Elm Rd".
_UNIT_BEFORE = regex.compile(
    r"(?i:\b(?:apt|apartment|suite|ste|unit|flat)\.?[ \t]*#?[ \t]*\d[\w-]*)[ \t]*,?[ \t]*$"
)
# Number first, street type, then the name to the line's end or a comma (French, Iberian,
# Slavic order): "52 rue de Hongrie", "618 47 Rue des Lilas", "12 Calle Mayor".
_NUM_PREFIX_STREET = regex.compile(
    r"(?<![\w-])(?:\d{1,6}[A-Za-z]?[ \t]+){1,2}"
    r"(?i:rue|avenue|boulevard|bd|chemin|impasse|allée|calle|avenida|rua|travessa|praça|ulica|"
    r"ul\.|viale|piazza|corso|largo|strada|carrer|paseo|odos)[ \t]+"
    r"\p{L}[\p{L}'’.-]*(?:[ \t]+\p{L}[\p{L}'’.-]*){0,5}(?=[ \t]*(?:[,\n]|$))"
)
# One word that carries its street type as a suffix, then a house number: "Tranevej 23",
# "Grazer Landstrasse 47", "Furuveien 63", "J. Verhaegenstraat 14".
# Hyphenated names ("Ida-Pfeiffer-Platz 12/7"), the "str." abbreviation ("Lindenstr. 8")
# and a flat after a slash ("64/94") are the German and Austrian forms.
_SUFFIX_STREET = regex.compile(
    r"(?<![\w-])(?:(?:\p{Lu}\.|\p{Lu}[\p{L}'’-]*)[ \t]+){0,2}"
    r"(?:(?:\p{L}+-)+\p{L}*|\p{L}{2,})"
    r"(?i:strasse|straße|str\.|gasse|weg|vej|vejen|vägen|gatan|gata|katu|straat|laan|"
    r"stien|veien|vegen|gade|platz|allee|steeg|plein|kade|gracht|utca|útja|damm|ufer|"
    r"chaussee)"
    r"[ \t]+\d{1,5}[A-Za-z]?(?:[ \t]*/[ \t]*\d{1,4}[A-Za-z]?)?\b\.?"
)
# House number and a street named with a street word of any country that Faker knows
# ("7 Ferris Isle", "882 Glover Islands", "12 Quarry Estates"), or a unit, comma and such a
# street with no number ("Flat 12, Parker Forge").
_WORD_STREET = regex.compile(
    r"(?<![\w-])(?:\d{1,6}[A-Za-z]?|(?i:flat|apt|apartment|suite|unit)\.?[ \t]*\d{1,5}[A-Za-z]?,)"
    r"(?P<words>(?:[ \t]+\p{Lu}[\p{L}'’-]*){2,3})(?![\w'’-])"
)


_COUNT_LIST = regex.compile(r"(?i)[ \t](?:and|or|plus|then|but)[ \t]+\d{1,5}[A-Za-z]?$")


def _street_line_end(text: str, end: int) -> int:
    m = _LINE_REST.match(text, end)
    if m and not any(is_common_word(w) for w in m.group(0).split()):
        return m.end()
    return end


def _prefix_street_ok(text: str, m: regex.Match[str]) -> bool:
    """'3 rue cards yesterday' is English: the street name after the type must hold no
    everyday word and, on a line that uses capitals at all, a capitalised word."""
    words = m.group(0).split()
    k = next(i for i, w in enumerate(words) if not w[:1].isdigit())
    name = words[k + 1 :]
    if any(is_common_word(w) for w in name):
        return False
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return line == line.lower() or any(w[:1].isupper() for w in name)


def _unit_start(text: str, start: int) -> int:
    m = _UNIT_BEFORE.search(text[max(0, start - 30) : start])
    return start - len(m.group(0)) if m else start


# A capitalised (or ALL CAPS) phrase of up to four words, particles allowed inside.
_PLACE_PHRASE = regex.compile(
    r"(?<![\p{L}\d'’.-])\p{Lu}[\p{L}'’-]*"
    r"(?:[ \t]+(?:\p{Lu}[\p{L}'’-]*|de|del|la|le|les|do|da|dos|das|di|am|an|im|upon|on|sur|"
    r"en)(?=[ \t]+\p{Lu}|[^\p{L}]|$)){0,3}"
)
_LOCATIVE = regex.compile(
    r"(?i:\b(?:in|at|from|to|near|around|outside|across|into|towards?|of|serving)[ \t]+"
    r"(?:(?:the[ \t]+)?(?:north|south|east|west|central|northern|southern|eastern|western|"
    r"greater|upper|lower|downtown)[ \t]+)?)$"
)
_COUNTRY_LINE = regex.compile(
    r"[ \t>|]*(?P<c>\p{Lu}[\p{L} .'’()-]{2,40}?)[ \t]*(?:\d{3,6})?[ \t]*$"
)


# "Congo (Brazzaville)": a qualifier in brackets is part of the country's name.
_QUALIFIER = regex.compile(r"(?:[ \t]+\(\p{Lu}[\p{L} .'-]{1,25}\))?")


def _longest_place(phrase: str, gazetteer: frozenset[str]) -> int:
    """Length of the longest word-prefix of ``phrase`` in ``gazetteer`` (0 if none)."""
    words = list(regex.finditer(r"\S+", phrase))
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
      'University of Celje'), unless it is also a first or last name;
    - the line above a country line in an address block ('WHADDON\nUnited Kingdom').
    """
    places, countries, names = place_gazetteer(), country_gazetteer(), name_gazetteer()
    out: list[RawSpan] = []
    for m in _PLACE_PHRASE.finditer(text):
        # Try the phrase from each of its words: "Northern Mongolia" holds "Mongolia".
        for w in regex.finditer(r"\S+", m.group(0)):
            at = m.start() + w.start()
            phrase = text[at : m.end()]
            if is_common_word(w.group(0)):
                continue
            located = _LOCATIVE.search(text[max(0, at - 40) : at]) is not None
            n = _longest_place(phrase, countries)
            if n and (located or phrase[:n].lower() not in names):
                n += len(_QUALIFIER.match(text, at + n).group(0))  # type: ignore[union-attr]
                out.append((at, at + n, "LOCATION", 0.6))
                break
            n = _longest_place(phrase, places)
            if n and located and phrase[:n].lower() not in names:
                out.append((at, at + n, "LOCATION", 0.55))
                break
    lines = list(regex.finditer(r"[^\n]+", text))
    for above, below in pairwise(lines):
        if below.start() != above.end() + 1:
            continue
        c = _COUNTRY_LINE.fullmatch(below.group(0))
        if not c or not _longest_place(c.group("c"), countries):
            continue
        city = regex.fullmatch(r"[ \t>|]*(?P<p>\p{Lu}[\p{L}'’. -]{1,40}?)[ \t,]*", above.group(0))
        if city and not any(is_common_word(w) for w in city.group("p").split()):
            out.append((above.start() + city.start("p"), above.start() + city.end("p"),
                        "LOCATION", 0.55))  # fmt: skip
    return out


def address_spans(text: str) -> list[RawSpan]:
    """International street lines and their unit / city / region / country tail."""
    out: list[RawSpan] = []
    for s, e, ent, score in street_addresses(text):
        e = _street_line_end(text, e) if "\n" not in text[s:e] else e
        out.append((_unit_start(text, s), _grow_address(text, e), ent, score))
    for m in _WORD_STREET.finditer(text):
        words = m.group("words").split()
        if words[-1].lower().strip("'’") in street_words() and not any(
            is_common_word(w) for w in words[:-1]
        ):
            s = _unit_start(text, m.start())
            out.append((s, _grow_address(text, m.end()), "ADDRESS", 0.6))
    for rx in (_NUM_STREET_NUM, _NUM_PREFIX_STREET, _SUFFIX_STREET):
        for m in rx.finditer(text):
            if _DATE_LIKE.search(m.group(0)):
                continue
            if rx is _NUM_PREFIX_STREET and not _prefix_street_ok(text, m):
                continue
            # "3 Green Apples and 2 pears": a list of counts, not a street between numbers.
            if rx is _NUM_STREET_NUM and _COUNT_LIST.search(m.group(0)):
                continue
            s, e = _unit_start(text, m.start()), _grow_address(text, m.end())
            out.append((s, e, "ADDRESS", 0.6))
    out.extend(postal_spans(text))
    out.extend(gazetteer_places(text))
    for m in _PLACE_CTX.finditer(text):
        place = m.group("place")
        words = place.split()
        if not words or is_common_word(words[0]):
            continue
        s = m.start("place")
        out.append((s, _grow_address(text, s + len(place)), "LOCATION", 0.6))
    return out


# "shows on Willowmere Flats Street", "she grew up off Quarry Hill Road": a named street
# without a house number still places a person. Title-case words before a street type.
_NAMED_STREET = regex.compile(
    r"(?i:\b(?:on|along|down|up|off|near|onto|across)[ \t]+)"
    rf"(?P<street>\p{{Lu}}[\p{{L}}'’-]+(?:[ \t]+\p{{Lu}}[\p{{L}}'’-]+){{0,3}}[ \t]+{STREET_TYPES})"
    r"\b\.?"
)
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


def named_streets(text: str) -> list[RawSpan]:
    """Streets named without a house number after a place preposition. The caller drops
    those NER reads as an organisation or product ('on Google Drive')."""
    return [
        (m.start("street"), m.end("street"), "ADDRESS", 0.6)
        for m in _NAMED_STREET.finditer(text)
        if not is_common_word(m.group("street").split()[0])
    ]


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
        # A weak cue ("in" alone) only re-types what NER already found (see detect.py):
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
