"""Names a slot labels in any of our languages: a mail header ('Peter Barrett
<pbarrett@x.com>', 'schreef Chantal Rutten <c.rutten@x.nl>:'), a form field ('Name:
ROTRAUD ALBERS', 'Nom : léa privet'), a greeting or sign-off ('Hej ida,', 'Cordialement
\\nRené Nguyen') and a title ('Frau WIBKE SCHÖNLAND', 'Hr. liebelt').

A mail program writes the sender's display name right before the address in angle
brackets, in whatever case the sender typed it; a pasted web form writes the name after
its label (``phrases/name_labels.txt``); greetings and sign-offs come from
``words/greetings.txt`` and titles from ``phrases/person_titles.txt``. None of these has
a sentence around it for NER to read, and all keep the case the person typed, so the
slot decides, not the capitals. The words must still look like a name: no digits, no
everyday or organisation word ('Customer Care <care@shop.com>' is a mailbox, 'Grazie
mille' a greeting), and a name in lower case must be one the name list knows.
"""

from __future__ import annotations

from functools import cache

import regex

from anonymizers.detect.languages import is_everyday
from anonymizers.detect.lexicon import (
    NAME_PARTICLES,
    ORG_WORDS,
    english_words,
    first_name_gazetteer,
    is_common_word,
    name_gazetteer,
    place_gazetteer,
    street_words,
    word_list,
)
from anonymizers.detect.phrases import phrase_halves, phrase_list
from anonymizers.detect.recognizers import RawSpan

#: A name word: letters with inner apostrophes, hyphens or dots ('O'Neill', 'Jean-Luc', 'A.').
_WORD = r"\p{L}[\p{L}'’.-]*"
_BEFORE_ADDRESS = regex.compile(
    rf"(?P<name>{_WORD}(?:,?[ \t]+{_WORD}){{0,4}})[\"']?[ \t]*<[^<>\s@]{{1,64}}@[^<>\s]{{1,255}}>"
)
_MAX_WORDS = 4
_SPLIT = regex.compile(r"\S+")
_INITIAL = regex.compile(r"\p{Lu}\.")


@cache
def _labels() -> regex.Pattern[str]:
    alts = "|".join(
        regex.escape(p) for p in sorted(set(phrase_list("name_labels")), key=len, reverse=True)
    )
    return regex.compile(
        rf"(?im)^[ \t>*-]*(?:{alts})[ \t]*:[ \t]*(?P<name>{_WORD}(?:,?[ \t]+{_WORD}){{0,4}})"
        r"[ \t]*$",
        regex.V0,
    )


def _plain(word: str) -> bool:
    if _INITIAL.fullmatch(word.rstrip(",")):
        return False  # 'E.' of 'D. E. Galarza' is no Italian 'e'
    w = word.strip(",.!")
    if is_common_word(w) or w.casefold() in ORG_WORDS:
        return True
    # 'Ben', 'Per', 'Floor': a stop word of some language, and a first name when written
    # with its capital in a name slot.
    return is_everyday(w, "any") and not (w[:1].isupper() and w.casefold() in name_gazetteer())


def _particle(word: str) -> bool:
    return word.casefold() in NAME_PARTICLES


def _alternation(entries: tuple[str, ...]) -> str:
    return "|".join(regex.escape(e) for e in sorted(set(entries), key=len, reverse=True))


@cache
def _titles() -> frozenset[str]:
    return frozenset(t.casefold() for t in phrase_list("person_titles"))


@cache
def _greeting_rules() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    greet = _alternation(tuple(g.casefold() for g in word_list("greetings")))
    titles = _alternation(tuple(t.casefold() for t in phrase_list("person_titles")))
    name = rf"(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,3}})"
    opening = regex.compile(
        rf"(?im)(?:^|(?<=[.!?][ \t]))[ \t]*(?P<greet>{greet})[ \t]*,?[ \t]+(?:(?:{titles})[ \t]+)?"
        rf"(?P<name>{_WORD}(?:[ \t]+{_WORD})?)[ \t]*(?=[,!.:;?\n]|$)",
        regex.V0,
    )
    closing = regex.compile(
        rf"(?im)^[ \t]*(?:{greet})[ \t]*[,.!]?[ \t]*\n(?:[ \t]*--[ \t]*\n)?"
        rf"[ \t]*(?:(?:{titles})[ \t]+)?{name}[ \t]*$",
        regex.V0,
    )
    titled = regex.compile(rf"(?i)(?<![\w.])(?:{titles})(?<=\.|\w)[ \t]+(?-i:{name})", regex.V0)
    return opening, closing, titled


def _style(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if all(c.isupper() for c in letters):
        return "upper"
    return "title" if letters[0].isupper() else "lower"


def _name_words(words: list[str]) -> list[str] | None:
    """The trailing words of ``words`` that make a name, or None: one letter case for all
    ('Premium plan' is no name), and a capitalised everyday word right before them ('Customer
    Care') makes the whole phrase no name."""
    keep: list[str] = []
    for w in reversed(words):
        if len(keep) == _MAX_WORDS or any(c.isdigit() for c in w):
            break
        if keep and _particle(w) and _style(keep[0]) != "lower":
            keep.insert(0, w)  # 'Floor van Olst', 'LE GALL Gilles'
            continue
        if _plain(w):
            if keep and not w.endswith((",", ":", ";")) and _style(w) == _style(keep[0]) != "lower":
                return None
            break
        # A capitalised name ends where a lower-case word starts ('schreef Chantal').
        if keep and _style(keep[0]) != "lower" and _style(w) == "lower":
            break
        keep.insert(0, w)
    if not keep or all(len(w.strip(".,")) < 2 for w in keep):
        return None
    full = [w for w in keep if len(w.strip(".,")) > 1]
    if len({_style(w) for w in full}) > 1 and not (
        {_style(w) for w in full} == {"upper", "title"} and len(full) >= 2
    ):
        return None
    if all(_style(w) == "lower" for w in full):
        names = name_gazetteer()
        while keep and keep[0].strip(",.").casefold() not in names:
            keep.pop(0)
        if not keep:
            return None
    return keep


def _span(text: str, start: int, end: int, score: float, listed: bool) -> list[RawSpan]:
    """The name at the end of ``text[start:end]``; with ``listed``, one of its words must
    be on the name list."""
    words = list(_SPLIT.finditer(text, start, end))
    keep = _name_words([w.group(0) for w in words])
    if keep is None:
        return []
    if listed and not any(w.strip(",.").casefold() in name_gazetteer() for w in keep):
        return []
    first = words[len(words) - len(keep)]
    last_end = words[-1].end()
    value_end = last_end - (1 if text[last_end - 1] == "," else 0)
    return [(first.start(), value_end, "PERSON", score)]


def mailbox_names(text: str) -> list[RawSpan]:
    """The display name before an address in angle brackets."""
    if "<" not in text:
        return []
    out: list[RawSpan] = []
    for m in _BEFORE_ADDRESS.finditer(text):
        out.extend(_span(text, m.start("name"), m.end("name"), 0.85, False))
    return out


def _leading(text: str, start: int, end: int, score: float, lower_words: int = 1) -> list[RawSpan]:
    """The name that starts at ``start``: its words in one letter case, up to the first
    everyday word, digit or punctuation ('Hr. liebelt, ich ...', 'Frau Müller hat ...');
    up to ``lower_words`` words in lower case, each one the name list knows."""
    keep: list[tuple[str, int]] = []
    particles: list[tuple[str, int]] = []
    titles = _titles()
    for w in _SPLIT.finditer(text, start, end):
        word = w.group(0)
        bare = word.rstrip(",.;:!?")
        if not keep and not particles and word.casefold() in titles:
            continue  # a second title: 'Herr Dr. Müller', 'Frau Dott.ssa Conti'
        if bare and _particle(bare) and bare == word and len(keep) < 3:
            particles.append((bare, w.start()))  # 'Dhr. van Egisheim': kept if a name follows
            continue
        if not bare or _plain(bare) or any(c.isdigit() for c in bare) or len(keep) == 3:
            break
        if bare.endswith(("-", "‐")) and text[w.end() : w.end() + 1].isdigit():
            break  # "INV-2026-7733": a reference's prefix ends the name before it
        if particles:
            keep.extend(particles)
            particles.clear()
        style = _style(bare)
        named = [k for k, _ in keep if not _particle(k)]
        if named and (style == "lower") != (_style(named[0]) == "lower"):
            break
        if style == "lower" and bare.casefold() not in name_gazetteer():
            break
        keep.append((bare, w.start()))
        if bare != word or (style == "lower" and len(keep) >= lower_words):
            break  # one word in lower case: of 'Sr. rocha para o' only 'rocha'
    if not keep or len(keep[-1][0]) < 2 or _particle(keep[-1][0]):
        return []
    return [(keep[0][1], keep[-1][1] + len(keep[-1][0]), "PERSON", score)]


def _words(text: str, span: RawSpan) -> list[str]:
    return [w.strip(".,") for w in text[span[0] : span[1]].split()]


def _a_place(value: str) -> bool:
    """A place the place lists know and the name lists do not ('Lisboa', 'Portugal')."""
    v = value.casefold()
    return v in place_gazetteer() and v not in name_gazetteer()


def _ends_name(text: str, found: list[RawSpan], m: regex.Match[str]) -> bool:
    """Whether only punctuation or spaces lie between the name and the slot's end."""
    return not text[found[0][1] : m.end("name")].strip(" \t,.!?;:")


@cache
def _greetings() -> frozenset[str]:
    """The greetings list in case-folded form (built once, not per text)."""
    return frozenset(g.casefold() for g in word_list("greetings"))


def greeted_names(text: str) -> list[RawSpan]:
    """Names after a greeting of any of our languages ('Hej ida,', 'Hola Marta:'), on the
    line after a sign-off ('Cordialement\\nRené Nguyen', 'Saludos\\nD. E. W. Galarza'),
    and after a title ('Frau WIBKE SCHÖNLAND', 'Hr. liebelt', 'Sig.ra Conti')."""
    opening, closing, titled = _greeting_rules()
    out: list[RawSpan] = []
    for m in closing.finditer(text):
        found = _span(text, m.start("name"), m.end("name"), 0.7, False)
        # The whole line after a sign-off is the name, or none of it is; a name in lower
        # case only on the text's last line ('regards\\nmike', not 'Hola,\\nnada').
        if not found or found[0][0] != m.start("name"):
            continue
        if m.group("name").islower() and text[m.end() :].strip():
            continue
        out.extend(found)
    greetings = _greetings()
    for rx in (opening, titled):
        for m in rx.finditer(text):
            found = _leading(text, m.start("name"), m.end("name"), 0.7)
            if found and _a_place(text[found[0][0] : found[0][1]]):
                continue  # 'Boa tarde Lisboa', 'Sr. Portugal'
            if found and rx is opening:
                # 'Grazie mille', 'Thanks all': a greeting of more words, not a name after one.
                said = " ".join(text[m.start("greet") : found[0][1]].casefold().split())
                if said.replace(",", "") in greetings:
                    continue
                # The slot holds the name and nothing else ('Obrigada pela ajuda!' is no
                # name), and a name the name list knows: after a greeting a capitalised
                # word is as often a team, a shop or a holiday ('Olá Loja', 'Bom dia Equipa').
                if found[0][1] != m.end("name") and not _ends_name(text, found, m):
                    continue
                if not any(w.casefold() in name_gazetteer() for w in _words(text, found[0])):
                    continue
            out.extend(found)
    return out


#: Possessives before a relative, in our languages ('ihr Sohn', 'mi vecina', 'mijn buurman').
_POSSESSIVES = (
    "my", "his", "her", "our", "their", "mein", "meine", "meinen", "meinem", "ihr", "ihre",
    "ihren", "ihrem", "sein", "seine", "seinen", "unser", "unsere", "mon", "ma", "son", "sa",
    "notre", "mi", "su", "nuestro", "nuestra", "mio", "mia", "il mio", "la mia", "suo", "sua",
    "il suo", "la sua", "mijn", "zijn", "haar", "onze", "min", "mitt", "sin", "sitt", "hans",
    "hennes", "meu", "minha", "o meu", "a minha", "seu", "o seu", "a sua", "mój", "moja", "mojego",
    "mojej", "jej", "jego",
)  # fmt: skip


@cache
def _related() -> regex.Pattern[str]:
    kin = _alternation(tuple(w.casefold() for w in word_list("kin")))
    own = _alternation(_POSSESSIVES)
    return regex.compile(
        rf"(?i)(?<![\w])(?:{own})[ \t]+(?:{kin})[ \t]+"
        rf"(?-i:(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,2}}))",
        regex.V0,
    )


def related_names(text: str) -> list[RawSpan]:
    """The name right after a relative of someone ('ihr Sohn caterina', 'mi vecina Rocío
    Gil', 'mijn buurman Bart Mertens'), in any letter case: one word in lower case when
    the name list knows it."""
    out: list[RawSpan] = []
    for m in _related().finditer(text):
        out.extend(_leading(text, m.start("name"), m.end("name"), 0.65))
    return out


@cache
def _intro_rules() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    rules = []
    # After a call's opening and up to three words (a firm's name), with no punctuation:
    # a transcript's "thank you for calling acme this is amber how can I help".
    opening = _alternation(phrase_list("call_openings"))
    after = rf"(?<=(?<![\p{{L}}\d'’])(?:{opening})(?:[ \t]+[\p{{L}}'’&-]+){{0,3}}[ \t])"
    for cues in phrase_halves("intro_cues"):
        rules.append(
            regex.compile(
                rf"(?im)(?:^|(?<=[,.!?:;(])|{after})[ \t]*(?:{_alternation(cues)})[ \t]+"
                rf"(?-i:(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,3}}))",
                regex.V0,
            )
        )
    return rules[0], rules[1]


def introduced_names(text: str) -> list[RawSpan]:
    """The name a person gives for themselves at a sentence's start ('hola, soy maria
    lopez', 'Guten Tag, hier ist Jana', 'hoi, met sanne de wit'), in any letter case, up
    to two words in lower case when the name list knows both (``phrases/intro_cues.txt``).
    After a cue that also starts plain sentences the first word must be a listed first
    name: 'I'm Sorry' or 'sono arrivato' is nobody."""
    out: list[RawSpan] = []
    strong, weak = _intro_rules()
    firsts = first_name_gazetteer()
    for rule, any_word in ((strong, True), (weak, False)):
        for m in rule.finditer(text):
            first = m.group("name").split()[0].strip(",.;:!?")
            if not any_word and first.casefold() not in firsts:
                continue
            if _a_place(first):
                continue
            # A listed first name after the cue outweighs the model's guess of a place
            # ("I'm Luciana, 48": the model reads a town).
            score = 0.9 if first.casefold() in firsts else 0.7
            out.extend(_leading(text, m.start("name"), m.end("name"), score, lower_words=2))
    return out


_LOWER_PAIR = regex.compile(r"(?<![\p{L}\d@._'’-])(\p{Ll}{3,})[ \t](\p{Ll}{3,})(?![\p{L}\d@_'’-])")


def lower_case_names(text: str) -> list[RawSpan]:
    """A first name and a family name typed in lower case ('kunde claus christensen
    (bruger ...)', 'client adrienne goncalves'): a listed first name, then a listed name,
    neither an everyday word of any of our languages, a place or a street word, not both
    English words. Two such words side by side are a name far more often than a phrase;
    one alone is not."""
    if not any(c.islower() for c in text):
        return []
    firsts, names, streets = first_name_gazetteer(), name_gazetteer(), street_words()
    english = english_words()
    out: list[RawSpan] = []
    for m in _LOWER_PAIR.finditer(text, overlapped=True):
        first, last = m.group(1), m.group(2)
        if first not in firsts or last not in names:
            continue
        if any(_plain(w) or _a_place(w) or w in streets for w in (first, last)):
            continue
        if first in english and last in english:
            continue  # 'jade green', 'grace period': English words both, as names are too
        out.append((m.start(1), m.end(2), "PERSON", 0.6))
    return out


def form_names(text: str) -> list[RawSpan]:
    """The value of a name field: a label, a colon and the rest of the line."""
    if ":" not in text:
        return []
    out: list[RawSpan] = []
    for m in _labels().finditer(text):
        # 'Name: Oak Desk' in a product form: a field's value is a person's name only
        # when the name list knows a word of it.
        out.extend(_span(text, m.start("name"), m.end("name"), 0.85, True))
    return out
