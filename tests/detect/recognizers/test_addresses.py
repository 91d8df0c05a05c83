"""Street addresses of many countries, with their unit, city, postcode and country."""

from __future__ import annotations

import pytest

from anonymizers.detect.recognizers.addresses import named_streets
from anonymizers.detect.text import TextDetector
from tests.helpers.detection import NAME, PLACE, covered_as, covers, found


def test_street_address_with_city_lines(detector: TextDetector) -> None:
    text = "Ship it to 4821 Kesklinna 12\nApt. 5\nTartu\nEstonia 50090 please."
    got = found(detector, text)
    addr = next(v for v, e in got.items() if e in ("ADDRESS", "LOCATION") and "4821" in v)
    assert "Tartu" in addr and "50090" in addr


def test_military_post_address(detector: TextDetector) -> None:
    text = "Ship the replacement to PSC 4410, Box 2231\nAPO AE 09123 please."
    assert covered_as(detector, text, "PSC 4410, Box 2231\nAPO AE 09123", PLACE)


def test_street_type_before_name(detector: TextDetector) -> None:
    for text, value in (
        ("Deliver to Calle de Alcalá 48, Madrid", "Calle de Alcalá 48"),
        ("new address: ul. Piotrkowska 113 in Łódź", "ul. Piotrkowska 113"),
        ("we are at 12 rue des Lilas 3 now", "12 rue des Lilas 3"),
    ):
        assert covered_as(detector, text, value, PLACE), value


def test_street_corner(detector: TextDetector) -> None:
    text = "Meet the courier at the corner of Elm Street and Parkside Avenue."
    assert covered_as(detector, text, "Elm Street and Parkside Avenue", PLACE)


def test_quoted_multiline_address_is_one_span(detector: TextDetector) -> None:
    text = "> Regards\n> 88 Harbour Road\n> Flat 3\n> Whitstable\n> CT5 1AB"
    assert covered_as(detector, text, "88 Harbour Road\n> Flat 3\n> Whitstable", PLACE)


def test_postcode_with_context(detector: TextDetector) -> None:
    assert covered_as(detector, "My postal code is 1017 XN, can you check stock?", "1017 XN", PLACE)
    assert covered_as(detector, "ZIP: 30301", "30301", PLACE)
    found_values = found(detector, "The zip code field is required.")
    assert not found_values  # no code, nothing to replace


def test_place_after_origin_phrase(detector: TextDetector) -> None:
    text = "I'm originally from KRAGUJEVAC but moved here from Tampere."
    assert covered_as(detector, text, "KRAGUJEVAC", PLACE)
    assert covered_as(detector, text, "Tampere", PLACE)


def test_address_block_with_dotted_house_number_unit_city_and_country(
    detector: TextDetector,
) -> None:
    text = "My flat is 436 Petőfi Sándor u. 12.\n Apt. 7\n KECSKEMÉT\n Hungary 07291"
    [spans] = detector.detect([text])
    block = text[text.index("436") :]
    assert any(text[s.start : s.end] == block and s.entity in PLACE for s in spans)


def test_unit_before_street_is_address_not_name(detector: TextDetector) -> None:
    text = "Ms. Laura Finch Apt. 4 2210 Bergveien 14\nTROMSO 9008"
    got = found(detector, text)
    assert got.get("Laura Finch") in NAME
    assert covers(text, got, "Apt. 4 2210 Bergveien 14", PLACE)
    assert not any("Apt" in k and v in NAME for k, v in got.items())


def test_number_first_french_order_street_in_quoted_block(detector: TextDetector) -> None:
    text = "> Noor Haddad\n>14 rue des Lilas\n>Apt. 3\n>LYON\n>France 69003"
    got = found(detector, text)
    assert covers(text, got, "14 rue des Lilas\n>Apt. 3\n>LYON\n>France 69003", PLACE)
    assert got.get("Noor Haddad") in NAME


def test_suffix_streets_and_lower_case_addresses(detector: TextDetector) -> None:
    for text, value in (
        ("Our office moved to Grazer Landstrasse 47 last spring.", "Landstrasse 47"),
        ("we live at 12 hjortevej 18, odense c", "hjortevej 18, odense"),
        ("the parcel went to 4421 kestrel road, leeds", "4421 kestrel road, leeds"),
        ("Send it to 35 Calle Mayor, Valladolid", "35 Calle Mayor, Valladolid"),
    ):
        assert covers(text, found(detector, text), value, PLACE), text


def test_street_line_rest_and_canadian_postcode(detector: TextDetector) -> None:
    text = "Sent to P.O. Box 562 Harbor View\n Unit 5\n Halifax\n Canada B3H 4R2"
    assert covers(text, found(detector, text), text[text.index("P.O.") :], PLACE)


def test_english_words_after_a_street_type_are_no_address(detector: TextDetector) -> None:
    assert not found(detector, "I bought 3 rue cards yesterday")
    assert not found(detector, "Please open the file in EXCEL and send it to IBM.")


def test_named_street_without_house_number(detector: TextDetector) -> None:
    text = "Their first gigs on Willowmere Flats Street were packed every night."
    assert covered_as(detector, text, "Willowmere Flats Street", PLACE)
    assert not covered_as(detector, text, "Willowmere", NAME)


def test_street_shapes_of_european_and_faker_addresses(detector: TextDetector) -> None:
    for text, address in (
        ("Customer: Jan Vogel, Ida-Pfeiffer-Platz 12/7, Bremen 28195.",
         "Ida-Pfeiffer-Platz 12/7, Bremen 28195"),
        ("Customer: Una Klee, Lindenstr. 64/94, Berlin 10188.", "Lindenstr. 64/94, Berlin 10188"),
        ("Customer: Harriet Blake, 7 Ferris Isle, Leeds LS1 4AP.", "7 Ferris Isle, Leeds LS1 4AP"),
        ("Customer: Kay Hunt, Flat 12, Parker Forge, Leeds LS2 8DG.",
         "Flat 12, Parker Forge, Leeds LS2 8DG"),
    ):  # fmt: skip
        assert covered_as(detector, text, address, PLACE), text
        name = text.split(": ")[1].split(",")[0]
        assert covered_as(detector, text, name, NAME), text  # not glued to the address


def test_street_words_need_a_street_shape(detector: TextDetector) -> None:
    got = found(detector, "I bought 3 Green Apples and 2 pears today.")
    assert not PLACE & set(got.values())


def test_city_after_a_postcode_in_several_countries() -> None:
    """The postcode-first order ("10115 Berlin", "M1 5LA Manchester") takes its city, a
    city of several words after a leading word, and stops before everyday words."""
    from anonymizers.detect.recognizers.addresses import address_spans

    cases = [
        ("I still live at 14 Albion Road, M1 5LA Manchester, nothing changed.", "Manchester"),
        ("Send it to 7 Kings Avenue, SE3 6RY Lake Tina.", "Lake Tina"),
        ("Nouvelle adresse : 8 rue des Lilas, 69003 Lyon merci.", "Lyon"),
        ("Mijn adres is Kerkstraat 12, 1012 AB Amsterdam en ik ben thuis.", "Amsterdam"),
        ("Skicka till Storgatan 4, 114 55 Stockholm tack.", "Stockholm"),
        ("Neue Adresse: Lindenweg 3, 61348 Bad Homburg vor der Höhe", "Bad Homburg"),
        # Romanian street types come before the name, as in Italian or French.
        ("Locuiesc pe Strada Mihai Eminescu nr. 12, 400001 Cluj-Napoca.", "Cluj-Napoca"),
        ("livrare la Bulevardul Iuliu Maniu 7, 061072 București acum", "București"),
    ]
    for text, city in cases:
        ends = [text[s:e] for s, e, _, _ in address_spans(text)]
        assert any(e.endswith(city) for e in ends), (text, ends)
    text = "Lieferadresse: Hauptstraße 5, 10115 Berlin Danke für die schnelle Antwort"
    assert all("Danke" not in text[s:e] for s, e, _, _ in address_spans(text))


def test_a_street_no_list_knows_is_vouched_for_by_its_postcode_and_city() -> None:
    from anonymizers.detect.recognizers.addresses import anchored_streets

    cases = [
        ("Ik woon nog steeds op Ryanring 30, 7745 CV Groede.", "Ryanring 30, 7745 CV Groede"),
        ("Abito in Contrada Maria, 675 Piano 9, 02032 Terenten.", "Contrada Maria, 675 Piano 9, 02032 Terenten"),
        ("para Travessa Diogo Pinho, 460, 8865-903 Castelo Branco.", "Travessa Diogo Pinho, 460, 8865-903 Castelo Branco"),
        ("wysyłka na Kwiatowa 12, 00-950 Warszawa jutro", "Kwiatowa 12, 00-950 Warszawa"),
    ]  # fmt: skip
    for text, address in cases:
        assert [text[s:e] for s, e, _, _ in anchored_streets(text)] == [address]
    for text in ("We shipped Version 2, 2024 Release notes.", "Chapter 4, 2019 Edition"):
        assert anchored_streets(text) == []


def test_a_ring_road_is_a_street_in_text_that_is_not_english() -> None:
    from anonymizers.detect.recognizers.addresses import address_spans

    german = "Sie wohnt in der Täschering 84-96, und ist tagsüber zu Hause."
    dutch = "Wij wonen aan de Hoofdring 12 in het dorp."
    english = "Ordering 2 units was fine, and the rest came later."
    assert "Täschering 84-96" in [german[s:e] for s, e, _, _ in address_spans(german)]
    assert "Hoofdring 12" in [dutch[s:e] for s, e, _, _ in address_spans(dutch)]
    assert address_spans(english) == []


def test_an_address_ends_with_its_town_not_the_next_sentence() -> None:
    from anonymizers.detect.recognizers.addresses import address_spans

    text = "Ich wohne in der Sieringallee 68-94, 61092 Beeskow. Ich bin am 14.05.1991 geboren."
    found = [text[s:e] for s, e, _, _ in address_spans(text)]
    assert "Sieringallee 68-94, 61092 Beeskow" in found
    assert not any("Ich" in f for f in found)


def test_an_address_ends_at_the_full_stop_after_its_town() -> None:
    """The town's full stop ends the sentence, not the address: "Springfield." kept its
    dot in the span (the fake then dropped it), and a capitalised word after it ("Thanks")
    was read as more of the town. A dot inside a name or after an abbreviation stays."""
    from anonymizers.detect.recognizers.addresses import address_spans

    for text, address in (
        ("My address is 12 Elm Street, Springfield. Thanks!", "12 Elm Street, Springfield"),
        ("Ship to 45 Oak Ave, Denver.", "45 Oak Ave, Denver"),
        ("Rua das Flores 12, 4050-262 Porto. Obrigado", "Rua das Flores 12, 4050-262 Porto"),
        ("12 Elm St., St. Louis, MO 63101", "12 Elm St., St. Louis, MO 63101"),
        ("4 Main Street, Ft. Worth, TX", "4 Main Street, Ft. Worth, TX"),
        ("9 High Street, St.Gallen", "9 High Street, St.Gallen"),
    ):
        spans = {text[s:e] for s, e, _, _ in address_spans(text)}
        assert spans == {address}, text


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("V ulici Mezi Sklady do mě zezadu narazil jiný vůz.", "ulici Mezi Sklady"),
        ("Mieszkam przy ulicy Długiej od dziesięciu lat.", "ulicy Długiej"),
        ("Accident rue Victor Hugo hier soir, deux véhicules.", "rue Victor Hugo"),
        ("Vivo en la calle de Alcalá desde 2019.", "calle de Alcalá"),
        ("Moro na rua do Ouro desde criança.", "rua do Ouro"),
        ("Il habite rue d'Alsace depuis mars.", "rue d'Alsace"),
        ("Incidente in via Roma davanti al bar.", "via Roma"),
        # A Polish street named after a date keeps it; a house number is no part of it.
        ("Na ulicy Konstytucji 3 Maja w Opolu wjechał mi w tył.", "ulicy Konstytucji 3 Maja"),
        ("Mieszkam przy ulicy Długiej 5 w Gdańsku.", "ulicy Długiej"),
    ],
)
def test_a_street_whose_type_comes_first_is_found_without_a_house_number(
    text: str, street: str
) -> None:
    assert [text[s:e] for s, e, *_ in named_streets(text)] == [street]


@pytest.mark.parametrize(
    "text",
    [
        "Shipped via Amazon Prime to the office.",  # an English "via"
        "We met at the place Jenny recommended.",
        "Ulica jest zamknięta do piątku.",  # the type alone names no street
        "Tout le quartier, rue comprise, était calme.",
        "The route Google Maps gave us was blocked.",
        "Rue chemin Voisin à Mace, le témoin confirme.",  # "voisin": a French word
    ],
)
def test_a_street_type_that_names_no_street_is_no_address(text: str) -> None:
    assert named_streets(text) == []
