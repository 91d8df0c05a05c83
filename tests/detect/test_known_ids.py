"""Known ids written without their prefix, in another case or after an id word."""

from __future__ import annotations

import pytest

from anonymizers.detect.known import KnownValues
from anonymizers.detect.known_ids import IdCores
from anonymizers.policy import Policy


@pytest.fixture(scope="module")
def cores() -> IdCores:
    c = IdCores()
    for value in ("ACC-553120", "CUST0042", "TCK-99123", "no digits", "AB-12"):
        c.add(value)
    return c


@pytest.mark.parametrize(
    ("text", "found", "known"),
    [
        ("my account number is 553120, thanks", "553120", "ACC-553120"),
        ("acc 553120 is blocked", "acc 553120", "ACC-553120"),
        ("ACC553120", "ACC553120", "ACC-553120"),
        ("see Acc_553120 again", "Acc_553120", "ACC-553120"),
        ("about #553120", "553120", "ACC-553120"),
        ("Kundennummer: 553120", "553120", "ACC-553120"),
        ("votre numéro de client est 553120", "553120", "ACC-553120"),
        ("pedido nº 99123 enviado", "99123", "TCK-99123"),
        ("mijn klantnummer is 0042", "0042", "CUST0042"),
    ],
)
def test_core_of_a_known_id_marked_as_an_id(
    cores: IdCores, text: str, found: str, known: str
) -> None:
    assert [(text[s:e], v) for s, e, v in cores.find(text)] == [(found, known)]


@pytest.mark.parametrize(
    "text",
    [
        "paid 553120 EUR",
        "order total 553120 EUR",
        "logged at 2025-01-21 22:35:12.553120",
        "version 553120.5",
        "xacc553120",
        "uuid 553120ab-e89b-12d3-a456-426614174000",
        "12",  # too short to be a core
    ],
)
def test_digits_alone_are_no_id(cores: IdCores, text: str) -> None:
    assert cores.find(text) == []


def test_only_prefixed_ids_have_cores(cores: IdCores) -> None:
    assert len(cores) == 3


def test_an_account_numbers_digits_are_found_as_that_account() -> None:
    # Account numbers plan as US_BANK_NUMBER: their digits in text keep that entity, so
    # they take the digits of the account's own fake.
    known = KnownValues(Policy())
    known.add("US_BANK_NUMBER", "ACC-553120")
    known.add("ID", "ORD-778812")
    spans = known.find("my account number is 553120, order 778812, total 553120 EUR")
    assert [(s.entity, s.stands_for) for s in spans] == [
        ("US_BANK_NUMBER", "ACC-553120"),
        ("ID", "ORD-778812"),
    ]
