"""National, tax and health ids, checked by their own check digits."""

from __future__ import annotations

import pytest

from anonymizers.detect.recognizers.national_ids import national_ids, schemes_of


def _found(text: str) -> list[str]:
    return [text[s:e] for s, e, _, _ in national_ids(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("My NI number is AB 12 34 56 C, thanks", "AB 12 34 56 C"),
        ("NHS number 943 476 5919", "943 476 5919"),
        ("numéro de sécurité sociale 2 84 05 75 123 456 72", "2 84 05 75 123 456 72"),
        ("Mi DNI es 12345678Z", "12345678Z"),
        ("NIE X1234567L en vigor", "X1234567L"),
        ("O meu NIF é 123456789.", "123456789"),
        ("Codice fiscale RSSMRA85T10A562S", "RSSMRA85T10A562S"),
        ("BSN: 111222333", "111222333"),
        ("Steuer-ID 86095742719", "86095742719"),
        ("personnummer 811218-9876", "811218-9876"),
        ("rijksregisternummer 85.07.30-033.28", "85.07.30-033.28"),
        ("PPS number 1234567T", "1234567T"),
        ("PESEL 44051401359", "44051401359"),
        ("CPR-nummer 211062-5629", "211062-5629"),
        ("HETU 131052-308T", "131052-308T"),
        ("AHV-Nummer 756.9217.0769.85", "756.9217.0769.85"),
    ],
)
def test_ids_with_their_word(text: str, value: str) -> None:
    assert _found(text) == [value]


@pytest.mark.parametrize(
    "text",
    [
        # Shapes telling enough alone: letters or separators with a strong check.
        "el cliente RSSMRA85T10A562S pidió la factura",
        "réf 2 84 05 75 123 456 72",
        "X1234567L",
    ],
)
def test_telling_shapes_need_no_word(text: str) -> None:
    assert len(_found(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        # A 9-digit number passing mod 11 without a word naming an id: an order number.
        "order 123456789 and invoice 111222333, phone 0612345678",
        "logged at 2025-01-21 22:35:12.260447, total 1234.56 EUR",
        "uuid 123e4567-e89b-12d3-a456-426614174000 version 10.2.3",
        "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "Call 943 476 5919 after six",
        "BSN: 111222334",  # fails the 11-test
        "NI number QQ 12 34 56 C",  # QQ is never issued
    ],
)
def test_no_id_without_check_or_word(text: str) -> None:
    assert _found(text) == []


def test_schemes_of_names_every_scheme_a_value_passes() -> None:
    assert [s.name for s in schemes_of("X1234567L")] == ["es_nie"]
    assert schemes_of("123456780") == []


def test_a_us_ssn_written_as_nine_digits_needs_its_word() -> None:
    found = national_ids("my SSN is 123456789, order 234567890")
    assert [(s, e, ent) for s, e, ent, _ in found] == [(10, 19, "US_SSN")]


def test_a_bare_number_that_is_also_a_card_is_left_to_the_card_pattern() -> None:
    # 15 digits, Luhn-valid, Amex prefix 34: also passes the French NIR's check.
    text = "The charge on 346412338913585 was made twice."
    assert national_ids(text) == []
    cued = "Mon numéro de sécurité sociale (NIR) : 346412338913585."
    assert [text_[s:e] for s, e, *_ in national_ids(cued) for text_ in [cued]] == [
        "346412338913585"
    ]
