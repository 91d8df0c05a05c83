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
        # A copula or article between the cue and the date, a cue after the date.
        ("my birth date is 2/29/1992", "2/29/1992"),
        ("ihr Geburtsdatum ist der 23.05.1990", "23.05.1990"),
        ("Mi cumpleaños es el 21 de diciembre", "21 de diciembre"),
        ("son anniversaire est le 3 mars 1985", "3 mars 1985"),
        ("min födelsedag är den 7 augusti", "7 augusti"),
        ("Mein Sohn kam am 14.06.2009 zur Welt.", "14.06.2009"),
        ("Il a vu le jour le 1er mai 1950 à Brest.", "1er mai 1950"),
        # Abbreviated labels and a format hint between the label and the date.
        ("né(e) le 04/09/1972", "04/09/1972"),
        ("Fecha nac.: 04-09-1972", "04-09-1972"),
        ("Date naiss. : 04/09/1972", "04/09/1972"),
        ("Geb.-Datum: 04.09.1972", "04.09.1972"),
        ("Data de nasc.: 04/09/1972", "04/09/1972"),
        ("date of birth (dd/mm/yyyy): 04/09/1972", "04/09/1972"),
        ("Geburtsdatum (TT.MM.JJJJ) 04.09.1972", "04.09.1972"),
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
        "Die Lieferung ist der 23.05.2024 zugestellt worden, es ist der 2. Versuch.",
    ],
)
def test_event_dates_are_no_birth_dates(text: str) -> None:
    assert _found(text) == []


# Written for this test, not from any generator: one or two phrasings per language, with
# labels, inline mentions, brackets and the cue after the date.
MORE_POSITIVES = [
    ("Patient DOB - 1961-11-30, allergic to penicillin", "1961-11-30"),
    ("D.O.B.: 30/11/1961", "30/11/1961"),
    ("dob 11/30/61 per caller", "11/30/61"),
    ("Her date of birth is the 30th of November, 1961.", "30th of November, 1961"),
    ("born 30 Nov 1961 in Cork", "30 Nov 1961"),
    ("He was born on Nov. 30, 1961", "Nov. 30, 1961"),
    ("Birthday: 30.11.1961", "30.11.1961"),
    ("birthdate 1961/11/30", "1961/11/30"),
    ("b. 30 November 1961", "30 November 1961"),
    ("Je suis née le 30 novembre 1961 à Nantes", "30 novembre 1961"),
    ("date de naissance: 30/11/1961", "30/11/1961"),
    ("né le 1er décembre 1970", "1er décembre 1970"),
    ("Ich bin am 30. November 1961 geboren", None),
    ("geb. am 30.11.1961", "30.11.1961"),
    ("Geburtsdatum 30.11.61", "30.11.61"),
    ("Geburtstag: 30. Nov. 1961", "30. Nov. 1961"),
    ("Nací el 30 de noviembre de 1961", "30 de noviembre de 1961"),
    ("nacido el 30/11/1961 en Bilbao", "30/11/1961"),
    ("Fecha de nacimiento: 30-11-1961", "30-11-1961"),
    ("nata il 30 novembre 1961", "30 novembre 1961"),
    ("data di nascita 30/11/1961", "30/11/1961"),
    ("nascida em 30/11/1961", "30/11/1961"),
    ("Data de nascimento: 30 de novembro de 1961", "30 de novembro de 1961"),
    ("geboren op 30-11-1961", "30-11-1961"),
    ("Geboortedatum: 30 november 1961", "30 november 1961"),
    ("född 30 november 1961", "30 november 1961"),
    ("Födelsedatum 1961-11-30", "1961-11-30"),
    ("The customer (DOB 30/11/1961) asked", "30/11/1961"),
    ("1961-11-30 is my date of birth", "1961-11-30"),
    ("my birthday is on the 30th of November", "30th of November"),
]
MORE_NEGATIVES = [
    "Order shipped 30 Nov 2024",
    "invoice date 30/11/2024",
    "Lieferung am 30.11.2024",
    "Born to Run tour, 30 Nov 1985 show",
    "birthday sale ends 2024-11-30",
    "I'm 63 years old",
    "timestamp 2025-01-21 22:35:12.260447",
    "v1.2.3 released 2024-11-30",
]


@pytest.mark.parametrize(("text", "date"), MORE_POSITIVES)
def test_more_birth_date_phrasings(text: str, date: str | None) -> None:
    got = _found(text)
    assert (date in got) if date else got


@pytest.mark.parametrize("text", MORE_NEGATIVES)
def test_more_dates_that_are_no_birth_dates(text: str) -> None:
    assert _found(text) == []


def test_danish_and_polish_birth_words() -> None:
    for text, date in (
        ("Fødselsdato: 29.09.1974", "29.09.1974"),
        ("født 3. marts 1960 i Aarhus", "3. marts 1960"),
        ("Data urodzenia: 31 stycznia 1943", "31 stycznia 1943"),
        ("ur. 04.05.1981", "04.05.1981"),
        ("Geb.-Dat. 11.02.2003, Adr. Hauptstraße 5", "11.02.2003"),
    ):
        assert [text[s:e] for s, e, _, _ in birth_dates(text)] == [date], text
