"""detect.particles: a name grown over its particles to the surname after them."""

from __future__ import annotations

import pytest

from anonymizers.detect.particles import join_particles
from anonymizers.detect.spans import Span


def _spans(text: str, *names: str) -> list[Span]:
    out = []
    for name in names:
        start = text.index(name)
        out.append(Span(start, start + len(name), "PERSON", 0.85, "ner"))
    return sorted(out)


@pytest.mark.parametrize(
    ("text", "found", "whole"),
    [
        ("Zet mijn vriend Raf van de Biezenbos in de cc.", ["Raf"], "Raf van de Biezenbos"),
        ("naar mijn zus Saar van 't Houteveen, Fiensteeg 18", ["Saar"], "Saar van 't Houteveen"),
        ("schreef SEPP VAN DEN BERG <sepp@example.nl>:", ["SEPP VAN", "BERG"], "SEPP VAN DEN BERG"),
        ("Grüßen\nKLAUS VON DER HEYDE", ["KLAUS VON"], "KLAUS VON DER HEYDE"),
        ("I met Anna de la Cruz in Lisbon.", ["Anna"], "Anna de la Cruz"),
        ("Falei com o João dos Santos ontem.", ["João"], "João dos Santos"),
    ],
)  # fmt: skip
def test_a_name_takes_its_particles_and_surname(text: str, found: list[str], whole: str) -> None:
    [span] = join_particles(text, _spans(text, *found))
    assert text[span.start : span.end] == whole and span.entity == "PERSON"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Raf in de cc zetten, graag.", "Raf"),  # lower-case word after the particles
        ("Thanks Peter, the van der Waals force is weak.", "Peter"),  # a comma between
        ("Call ANNA de Vries tomorrow", "ANNA"),  # capitals name, mixed-case word
        ("Ask Maria de la SEAT dealer", "Maria"),  # an acronym is no surname
    ],
)
def test_no_surname_no_growth(text: str, name: str) -> None:
    [span] = join_particles(text, _spans(text, name))
    assert text[span.start : span.end] == name


@pytest.mark.parametrize(
    ("text", "name", "place", "after"),
    [
        (
            "Stuur het naar mijn zus Megan van den Oever, Josephineboulevard 78, 5789LF Wintelre.",
            "Megan",
            "Oever, Josephineboulevard 78, 5789LF Wintelre",
            "Josephineboulevard 78, 5789LF Wintelre",
        ),
        (
            "Schicken Sie es an Karl von Brandt - Lindenallee 4, 50667 Köln.",
            "Karl",
            "Brandt - Lindenallee 4, 50667 Köln",
            "Lindenallee 4, 50667 Köln",
        ),
    ],
)
def test_a_place_read_over_the_surname_keeps_what_follows_the_name(
    text: str, name: str, place: str, after: str
) -> None:
    """NER read the surname and the address after it as one place: the name takes its
    surname, and the address stays an address instead of being dropped."""
    n, p = text.index(name), text.index(place)
    spans = [
        Span(n, n + len(name), "PERSON", 0.85, "ner"),
        Span(p, p + len(place), "ADDRESS", 0.85, "ner"),
    ]
    out = join_particles(text, spans)
    assert [text[s.start : s.end] for s in out] == [text[n : p + len(place) - len(after)]
                                                     .rstrip(", -"), after]  # fmt: skip
    assert [s.entity for s in out] == ["PERSON", "ADDRESS"]
