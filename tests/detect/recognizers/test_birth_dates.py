"""Dates of birth: only a date a birth word stands next to."""

from __future__ import annotations

import pytest

from anonymizers.detect.recognizers.birth_dates import birth_dates


def _found(text: str) -> list[str]:
    return [text[s:e] for s, e, ent, _ in birth_dates(text) if ent == "DATE_OF_BIRTH"]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("d.o.b. 04-09-1972, please update the record", "04-09-1972"),
        ("DOB: 4/9/72", "4/9/72"),
        ("I was born on the 2nd of June 1990.", "2nd of June 1990"),
        ("Date of birth: June 2, 1990", "June 2, 1990"),
        ("She was born in Leeds on 4 May 1990 and moved in 2010.", "4 May 1990"),
        ("my birthday is 14 February", "14 February"),
        ("Née le 2 juin 1990 à Lyon", "2 juin 1990"),
        ("date de naissance : 1er août 1969", "1er août 1969"),
        ("Geburtsdatum: 12. März 1980", "12. März 1980"),
        ("Herr Braun, geb. 03.11.1958, wohnhaft in Köln", "03.11.1958"),
        ("nacida el 3 de marzo de 1985 en Sevilla", "3 de marzo de 1985"),
        ("fecha de nacimiento 1985-03-03", "1985-03-03"),
        ("nato il 3 marzo 1985 a Torino", "3 marzo 1985"),
        ("data di nascita: 03/03/1985", "03/03/1985"),
        ("nascido em 3 de março de 1985", "3 de março de 1985"),
        ("geboren op 12 maart 1980 te Utrecht", "12 maart 1980"),
        ("Geboortedatum 12-03-1980", "12-03-1980"),
        ("född den 7 augusti 1979 i Malmö", "7 augusti 1979"),
        ("Födelsedatum: 1979-08-07", "1979-08-07"),
        ("1972-09-04 (date of birth) confirmed", "1972-09-04"),
    ],
)
def test_birth_dates_in_eight_languages(text: str, date: str) -> None:
    assert _found(text) == [date]


@pytest.mark.parametrize(
    "text",
    [
        "Order placed on 2024-03-12 and shipped 12 March 2024",
        "I am 52 years old and my birthday present arrived on 2024-05-12.",
        "Lieferung am 12. März 2024, Rechnung vom 03.03.2024",
        "Pedido enviado el 3 de marzo de 2024",
        "logged at 2025-01-21 22:35:12.260447 by the birthday campaign job",
        "Born to run, released 1975-08-25 on vinyl",
    ],
)
def test_event_dates_are_no_birth_dates(text: str) -> None:
    assert _found(text) == []
