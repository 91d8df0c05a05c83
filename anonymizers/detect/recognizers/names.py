"""Names in the slots support text gives them: titles, greetings, sign-offs, speaker labels,
introductions, sentence subjects and relatives ("Oksana's kid").
"""

from __future__ import annotations

import re

import regex  # Presidio's dependency; needed for Unicode letter classes

from anonymizers.detect.casing import case_ok
from anonymizers.detect.lexicon import (
    ORG_WORDS,
    english_words,
    first_name_gazetteer,
    is_common_word,
    name_gazetteer,
    name_words_only,
    place_gazetteer,
)
from anonymizers.detect.recognizers import RawSpan
from anonymizers.detect.recognizers.transcripts import chat_roles

#: A word, compiled once (``regex``'s module functions look the pattern up at every call).
_WORD = regex.compile(r"\S+")

_NAME_WORD = r"[A-Z][a-zà-öø-ÿ]+(?:['’-][A-Z]?[a-zà-öø-ÿ]+)*"
_NAME_WORD_ANYCASE = r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿ]+)*"
#: A name's words, and a title and its name, stay on one line: "Best, Mrs" closing one
#: comment and "Internal: ..." opening the next (a ticket's comments, joined) are no
#: "Mrs Internal" (session 49: every ticket's "Internal:" was faked).
_NAME = rf"(?:(?:O|D|Mc|Mac)['’]?)?{_NAME_WORD}(?:[ \t]+(?:(?:O|D)['’])?{_NAME_WORD}){{0,2}}"

_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Madam|Mme|Mlle|Rev|Fr|Capt|Sgt|Lt)"
_TITLE_RE = re.compile(rf"\b(?i:{_TITLES})\.?[ \t]+({_NAME})", re.UNICODE)
_TITLE_CAPS_RE = re.compile(
    rf"\b{_TITLES.upper()}\.?[ \t]+([A-Z'’-]{{2,}}(?:[ \t]+[A-Z'’-]{{2,}})?)"
)

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


#: A case's title: "R v OKAFOR", "Smith v Jones Ltd", "Patel & Anor v Hughes": the parties
#: on either side of "v" (or "vs."), up to three capitalised words each.
_PARTY = r"[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]+){0,2}"
_VERSUS_RE = regex.compile(
    rf"(?<![\w.])(?P<a>{_PARTY})(?:[ \t]+&[ \t]+Anor)?[ \t]+(?:v|vs|v\.|vs\.)[ \t]+(?P<b>{_PARTY})"
    r"(?![\w'’-])",
    regex.V0,
)
#: The Crown and the sovereign, who are parties no one need hide.
_CROWN = frozenset({"r", "regina", "rex", "the queen", "the king", "the crown", "people", "state"})


def versus_names(text: str) -> list[RawSpan]:
    """The parties of a case's title ("R v OKAFOR", "Okafor v Brennan Ltd"): people unless
    the Crown, or a firm or body by its last word ("Ltd", "Council"); a title without
    either ("Arsenal v Chelsea") is no case's."""
    if " v" not in text:
        return []
    out: list[RawSpan] = []
    for m in _VERSUS_RE.finditer(text):
        body = {p: _body(m.group(p)) for p in ("a", "b")}
        if not (body["a"] or body["b"] or "& Anor" in m.group(0)):
            continue  # "Arsenal v Chelsea": a fixture; a case has the Crown, a firm or "Anor"
        for part in ("a", "b"):
            name = m.group(part)
            if body[part] or (any(is_common_word(w) for w in name.split()) and not name.isupper()):
                continue
            out.append((m.start(part), m.end(part), "PERSON", 0.7))
    return out


def _body(party: str) -> bool:
    """The Crown, or a firm or public body by its last word ("Ltd", "Council")."""
    return party.lower() in _CROWN or party.split()[-1].lower().strip(".") in ORG_WORDS


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
            if _name_ok(name) and name[0].isupper() and not _label_word(name):
                out.append((m.start(1), m.end(1), "PERSON", 0.75))
    return out


#: A programmer's name for an error ("ValueError", "NullPointerException").
_CODE_NAME = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Error|Exception|Warning|Exit|Interrupt)")


def _label_word(name: str) -> bool:
    """A label that names no one: an exception's class ("ValueError:" in a traceback) or
    an English word no name list knows ("Steps:", "Expected:")."""
    if _CODE_NAME.fullmatch(name):
        return True
    if name.casefold() in chat_roles():
        return True  # "Agente:", "Atendente:", "Kunde:": a role, in any language
    names = name_gazetteer()
    words = english_words()
    return any(w.lower() in words and w.lower() not in names for w in name.split())


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


_KIN = (
    r"(?:daughter|son|kid|kids|child|children|wife|husband|partner|mother|father|mom|mum|dad|"
    r"sister|brother|boyfriend|girlfriend|fianc[eé]e?|widow|widower|granddaughter|grandson|"
    r"niece|nephew|cousin|aunt|uncle|parents|family|friend|boss|colleague)"
)
_KIN_RE = regex.compile(
    rf"(?<![\p{{L}}\d'’.-])(?P<name>\p{{L}}\p{{Ll}}+)['’]s[ \t]+(?:\p{{Ll}}+[ \t]+)?{_KIN}\b"
)


#: A family word, then a capitalised word: "husband Iain visiting", "daughter Mary to
#: call back" (a clinician's or an agent's note drops the possessive).
_KIN_NAMED_RE = regex.compile(
    rf"(?<![\p{{L}}'’-])(?i:{_KIN})[ \t]+(?P<name>\p{{Lu}}\p{{Ll}}+)(?![\p{{L}}'’-])"
)


def kin_names(text: str) -> list[RawSpan]:
    """'Philippa's daughter', 'Oksana's kid': a possessive before a family word is a person;
    so is a listed first name right after a family word ('husband Iain'), not an everyday
    word ('son Will', 'family Christmas')."""
    out: list[RawSpan] = []
    firsts = first_name_gazetteer()
    for m in _KIN_NAMED_RE.finditer(text):
        name = m.group("name")
        if (
            name.lower() in firsts
            and not is_common_word(name)
            and case_ok([name], text, m.start("name"))
        ):
            out.append((m.start("name"), m.end("name"), "PERSON", 0.6))
    names = name_gazetteer()
    for m in _KIN_RE.finditer(text):
        name = m.group("name")
        if not case_ok([name], text, m.start()) or not name_words_only(name):
            continue
        if len(name) < 3:
            continue  # 'Pt's daughter': a patient, abbreviated
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
        words = list(_WORD.finditer(m.group("name")))
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
