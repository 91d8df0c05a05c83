"""Customer and account numbers no table holds, found by the word that names them."""

from __future__ import annotations

import pytest

from anonymizers.detect.recognizers.account_numbers import account_numbers


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Hi, this is about customer ID 48213779 - the parcel never came.", "48213779"),
        ("Kd.-Nr. 553-120, Rechnung anbei", "553-120"),
        ("Bonjour, mon identifiant client : CL-0093321.", "CL-0093321"),
        ("Hola, soy socio, número de socio 7781203, y quiero darme de baja", "7781203"),
        ("Il codice cliente è 4412098, grazie", "4412098"),
        ("Bom dia, o número da conta é 000123987.", "000123987"),
        ("Ons lidnummer: 88120345", "88120345"),
        ("Hej! Medlemsnummer 5502213 gäller fortfarande?", "5502213"),
        ("Ref. 553120 is my policy number, please", "553120"),
        ("Ons relatienummer is 40012345; de factuur klopt niet", "40012345"),
        ("Buongiorno, codice utente: 7712093. Non riesco ad accedere", "7712093"),
        ("Soy el socio n.º 1120934 y no me llega la revista", "1120934"),
        ("Abonné n°44012345 depuis 2019", "44012345"),
        ("Kund 8830021 ringde om fakturan", "8830021"),
        ("see 4471023 (customer) in the CRM", "4471023"),
    ],
)
def test_a_number_a_person_number_word_names(text: str, number: str) -> None:
    assert [text[s:e] for s, e, ent, _ in account_numbers(text)] == [number]
    assert all(ent == "ID" for _, _, ent, _ in account_numbers(text))


@pytest.mark.parametrize(
    "text",
    [
        "Your order 553120 has shipped",  # a transaction, not a person
        "Rechnung 2024-00871 vom 3. März",
        "Konto 12.000 EUR überwiesen",
        "account balance 120000",
        "cuenta 553120,50 € pendiente",
        "customer since 2019, member for 12 years",
        "Kunde 2024-01-15 angelegt",
        "klantnummer 1234",  # four digits: could be anything
        "meu número de conta? Não sei, liguem às 14:30",
        "account number: € 553120",
        # The recruiting probe: a job's years before a bullet "- Customer-focused ...".
        "Management consultant, Wilson BV (2012-2014)\n- Customer-focused value",
    ],
)
def test_no_id_where_the_number_is_something_else(text: str) -> None:
    assert account_numbers(text) == []


def test_a_speaker_label_before_a_phone_names_no_id() -> None:
    # "Customer:" in a transcript says who speaks: a phone they read out stays a phone,
    # a bare number they give is their id.
    text = "Agent: Can you confirm your phone number?\nCustomer: 720.555.0184\nAgent: Thanks"
    assert account_numbers(text) == []
    assert account_numbers("Kunde:\n5531209") == []  # not on the holder's line
    text = "Agent: And your reference?\nCustomer: 5531209\nAgent: Thanks"
    assert [text[s:e] for s, e, _, _ in account_numbers(text)] == ["5531209"]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        # The visa probe: passport numbers quoted in caseworkers' notes were kept.
        ("Passport E63482070 verified against scan.", "E63482070"),
        ("Applicant's spouse holds BRP ZX1234567; dependant linked.", "ZX1234567"),
        ("Reisepass C01X00T47 liegt vor", "C01X00T47"),
        ("Identity card: 44112203 checked", "44112203"),
    ],
)
def test_an_identity_document_s_number_is_a_persons_id(text: str, number: str) -> None:
    at = text.index(number)
    assert any(s[0] <= at and at + len(number) <= s[1] for s in account_numbers(text))
