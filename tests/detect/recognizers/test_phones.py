"""Phones with a slash or "(0)", and short phones after a phone word in other languages."""

from __future__ import annotations

import pytest

from anonymizers.detect.recognizers.phones import odd_phones


def _found(text: str) -> list[str]:
    return [text[s:e] for s, e, _, _ in odd_phones(text)]


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Call +44 (0)20 7946 0958 today", "+44 (0)20 7946 0958"),
        ("Zentrale 0049-30/1234567", "0049-30/1234567"),
        ("Handy: 0171 / 123 45 67", "0171 / 123 45 67"),
        ("bel me op +31 (0)6-12345678", "+31 (0)6-12345678"),
        ("Llámame al 612 34 56 78", "612 34 56 78"),
        ("chiamami al 347 123 4567", "347 123 4567"),
        ("ring mig på 070-123 45 67", "070-123 45 67"),
        ("Téléphone : 01 23 45 67 89", "01 23 45 67 89"),
        ("telemóvel 912 345 678", "912 345 678"),
    ],
)
def test_phones(text: str, phone: str) -> None:
    assert phone in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Rechnung 2024/05/12, Menge 3/4, Preis 12,50 EUR, Termin 10:30",
        "Version 1.2.3 released 2025-01-21 22:35:12.260447",
        "uuid 123e4567-e89b-12d3-a456-426614174000",
        "Telefon-Termin am 12/05/2024",
        "Ratio 0/100/200 in the log",
    ],
)
def test_no_phone_in_dates_amounts_or_versions(text: str) -> None:
    assert _found(text) == []
