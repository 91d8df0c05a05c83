"""Names joined over their particles: "Raf van de Biezenbos", "KLAUS VON DER HEYDE".

NER and the rules often end a name at its first particle ("Raf", "KLAUS VON") or cut it
in two ("SEPP VAN" + "BERG"): the surname after the particle is then left in the text,
and it is the part that identifies. A name span followed by particles (``words/
name_particles.txt``: van, de, der, von, da, di, 't, ...) and a capitalised word is
extended over them; a name span that ends in a particle takes the word after it. In an
all-capitals name the surname must be in capitals too, so "Raf van de Biezenbos in de
cc" stops at "Biezenbos" and "Anna de la" before a lower-case word does not grow.
"""

from __future__ import annotations

import regex

from anonymizers.detect.lexicon import NAME_PARTICLES
from anonymizers.detect.spans import NAME_ENTITIES, Span

#: Particles written with an apostrophe ("van 't Hof", "d'Alembert" is one word already).
_EXTRA = ("'t", "’t")


def _particles() -> str:
    words = sorted({*NAME_PARTICLES, *_EXTRA}, key=len, reverse=True)
    return "|".join(regex.escape(w) for w in words)


_PARTICLE = rf"(?i:{_particles()})(?![\p{{L}}'’])"
#: The surname: a capitalised word that is not itself a particle.
_SURNAME = rf"[ \t]+(?!{_PARTICLE})(?P<word>\p{{Lu}}[\p{{L}}'’-]+)(?![\p{{L}}\d])"
_TAIL = regex.compile(rf"(?:[ \t]+{_PARTICLE})+{_SURNAME}")
_AFTER_PARTICLE = regex.compile(rf"(?:[ \t]+{_PARTICLE})*{_SURNAME}")
_ENDS_IN_PARTICLE = regex.compile(rf"[ \t]{_PARTICLE}$")


def _extension(text: str, span: Span) -> int:
    """Where the name ends once its particles and surname are taken (``span.end`` if not)."""
    name = text[span.start : span.end]
    caps = name.isupper()
    m = _AFTER_PARTICLE.match(text, span.end) if _ENDS_IN_PARTICLE.search(name) else None
    if m is None:
        m = _TAIL.match(text, span.end)
    if m is None or (caps and not m.group("word").isupper()):
        return span.end
    if not caps and m.group("word").isupper() and len(m.group("word")) > 1:
        return span.end  # "Anna de LA": a capitalised acronym after a name is no surname
    return m.end()


#: What may sit between a grown name and the rest of a span it cut into: ", ", " - ".
_JOIN = regex.compile(r"[\s,;:()\-–—]*")


def join_particles(text: str, spans: list[Span]) -> list[Span]:
    """Name spans grown over their particles and surname; spans they now cover are
    absorbed, and a span they cover in part keeps what lies after the name ('Oever,
    Josephineboulevard 78, 5789LF Wintelre' read as one place: the surname goes to the
    name, the address stays an address). Sorted, non-overlapping in, and out."""
    out: list[Span] = []
    for span in spans:
        if out and span.start < out[-1].end:
            rest = _JOIN.match(text, out[-1].end, span.end).end() if span.end > out[-1].end else 0
            if rest >= span.end or rest == 0:
                continue  # absorbed by the name before it
            span = span._replace(start=rest)
        if span.entity in NAME_ENTITIES:
            end = _extension(text, span)
            if end > span.end:
                span = span._replace(end=end, entity="PERSON")
        out.append(span)
    return [s for s in out if s.end > s.start]
