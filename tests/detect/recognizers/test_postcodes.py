"""Postcodes with their town in each country's form, and the address lines above them."""

from __future__ import annotations

import pytest

from anonymizers.detect.recognizers.postcodes import postcode_spans
from anonymizers.detect.text import TextDetector
from tests.helpers.detection import PLACE, covered_as

# Whole addresses of people in no table, one per country format of the issue.
ADDRESSES = [
    ("My neighbour lives at {}, please note it.", "10 Downing Street, London SW1A 2AA"),
    ("My brother moved to {} last week.", "14 Main Street, Dublin 2, D02 X285"),
    ("Ship it to my sister at {} please.", "1600 Pennsylvania Ave NW, Washington, DC 20500"),
    ("Ma mère habite au {}, merci.", "12 rue de la Paix, 75002 Paris"),
    ("Bitte an meinen Onkel schicken: {}.", "Hauptstraße 5, 10115 Berlin"),
    ("Envíenlo a casa de mi hermana, {}.", "Calle Mayor 10, 28013 Madrid"),
    ("Spedite a mio cugino, {}, grazie.", "Via Roma 1, 00184 Roma"),
    ("Enviem para o meu tio, {}.", "Rua Augusta 123, 1100-048 Lisboa"),
    ("Stuur het naar mijn buurvrouw, {}.", "Kerkstraat 12, 1017 GC Amsterdam"),
    ("Skicka det till min granne, {}.", "Storgatan 1, 111 22 Stockholm"),
]


@pytest.mark.parametrize(("template", "address"), ADDRESSES)
def test_whole_addresses_of_ten_countries(
    detector: TextDetector, template: str, address: str
) -> None:
    assert covered_as(detector, template.format(address), address, PLACE)


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("Neue Adresse: Lindenweg 3a, 50667 Köln", "Lindenweg 3a, 50667 Köln"),
        ("Il collega abita in Via Angeli, 99, 98125 Roccavaldina.", "99, 98125 Roccavaldina"),
        ("A morada é Largo de Mendes, 6, 1044-407 Alcácer do Sal.", "6, 1044-407 Alcácer do Sal"),
        ("She moved to Flat 2\nRichardson Radial, Marsdenchester W1G 6EZ", "Flat 2\nRichardson Radial, Marsdenchester W1G 6EZ"),
        ("Mijn moeder woont op Prinsengracht 263, 1016GV Amsterdam.", "1016GV Amsterdam"),
        ("Forward it to Springfield, IL 62704 please", "Springfield, IL 62704"),
    ],
)  # fmt: skip
def test_postcode_town_and_the_lines_above(text: str, part: str) -> None:
    spans = [text[s:e] for s, e, _, _ in postcode_spans(text)]
    assert part in spans, spans


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Il collega abita in Via Angeli, 99, 98125 Roccavaldina.", "Via Angeli, 99, 98125 Roccavaldina"),
        ("A morada é Largo de Mendes, 6, 1044-407 Alcácer do Sal.", "Largo de Mendes, 6, 1044-407 Alcácer do Sal"),
        ("Mein Nachbar wohnt in der Siegmund-Weiß-Gasse 612, 12794 Querfurt.", "Siegmund-Weiß-Gasse 612, 12794 Querfurt"),
    ],
)  # fmt: skip
def test_street_rules_and_postcode_join_into_one_address(
    detector: TextDetector, text: str, address: str
) -> None:
    [spans] = detector.detect([text])
    assert address in [text[s.start : s.end] for s in spans]


@pytest.mark.parametrize(
    "text",
    [
        "Order 75002 was shipped on Monday with 3 items.",
        "The total came to 12500 EUR including VAT.",
        "Ticket #10115 was closed by the night shift.",
        "Bestellung 28013 enthält 2 Artikel zu je 49,90 EUR.",
        "Ordernummer 111 22 kostar 349 kr.",
        "During 1971, Mayo-Walters invested heavily in new microfinance.",
        "Invoice 40050 Paid in full on Friday.",
    ],
)
def test_numbers_that_are_no_postcodes(detector: TextDetector, text: str) -> None:
    assert postcode_spans(text) == []
    [spans] = detector.detect([text])
    assert not [text[s.start : s.end] for s in spans if s.entity in PLACE]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "Mia sorella (Via Luca Giordano, 215, 26034 Montesilvano Marina) paga le fatture.",
            "Via Luca Giordano, 215, 26034 Montesilvano Marina",
        ),
        (
            "Ma mère (12 rue des Lilas, 69003 Lyon) a reçu le colis.",
            "12 rue des Lilas, 69003 Lyon",
        ),
    ],
)
def test_an_address_in_brackets_is_taken_from_the_bracket_on(text: str, address: str) -> None:
    found = [text[s:e] for s, e, _, _ in postcode_spans(text)]
    assert address in found
