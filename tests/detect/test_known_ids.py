"""Known ids written another way: without their prefix, in another case or separator,
grouped, broken over a line, or after an id word; and what is never taken for one."""

from __future__ import annotations

import random

import pytest

from anonymizers.detect.known import KnownValues
from anonymizers.detect.known_ids import (
    IdCores,
    distinctive,
    distinctive_cores,
    split_id,
    written_like,
)
from anonymizers.policy import Policy

#: A small CRM's ids: an account, a short customer number, a ticket, a payment
#: customer (Stripe's shape) and a year-numbered invoice.
FEW = ("ACC-553120", "CUST0042", "TCK-99123", "cus_NffrFeUfNV2Hib", "INV-2024-00123")


@pytest.fixture(scope="module")
def cores() -> IdCores:
    c = IdCores()
    for value in (*FEW, "no digits", "AB-12"):
        c.add(value)
    return c


@pytest.fixture(scope="module")
def many() -> IdCores:
    """20,000 six-digit accounts: a six-digit number is one of them one time in 45."""
    rng = random.Random(7)
    c = IdCores()
    c.add("ACC-553120")
    for _ in range(20_000):
        c.add(f"ACC-{rng.randint(100000, 999999)}")
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
        # No id word at all: six digits among five known ids are that id.
        ("Ring tillbaka angående 553120 i morgon", "553120", "ACC-553120"),
        ("Per favore, 553120: il pacco non è arrivato", "553120", "ACC-553120"),
        # Grouped, hyphenated, broken over a line, prefix in another case.
        ("das wäre die 553 120, danke", "553 120", "ACC-553120"),
        ("referência 553-120 no sistema", "553-120", "ACC-553120"),
        ("cliente ACC -\n553120 ha chiamato", "ACC -\n553120", "ACC-553120"),
        ("account-553120 locked", "553120", "ACC-553120"),
        # A payment customer's id without its prefix, even lower-cased by a mail client.
        ("Stripe says NffrFeUfNV2Hib has two cards", "NffrFeUfNV2Hib", "cus_NffrFeUfNV2Hib"),
        ("klant nffrfeufnv2hib belde", "nffrfeufnv2hib", "cus_NffrFeUfNV2Hib"),
        ("la factura 2024/00123 sigue pendiente", "2024/00123", "INV-2024-00123"),
        # Id word after the core.
        ("0042 is my customer number", "0042", "CUST0042"),
    ],
)
def test_core_of_a_known_id_is_that_id(cores: IdCores, text: str, found: str, known: str) -> None:
    assert [(text[s:e], v) for s, e, v in cores.find(text)] == [(found, known)]


@pytest.mark.parametrize(
    "text",
    [
        "paid 553120,00 EUR",
        "logged at 2025-01-21 22:35:12.553120",
        "version 553120.5",
        "xacc553120",
        "uuid 553120ab-e89b-12d3-a456-426614174000",
        "call +44 553 120 7788",
        "1,553120 is no number anyone writes",
        "12",
        # A short core counts only where the text marks it as an id.
        "0042 items in stock",
    ],
)
def test_numbers_that_are_no_known_id(cores: IdCores, text: str) -> None:
    assert cores.find(text) == []


def test_six_digits_among_many_ids_need_a_word(many: IdCores) -> None:
    # Among 20,000 accounts a bare six-digit number is not distinctive: an amount or a
    # quantity may share it. An id word, a "#" or the prefix still make it the id.
    assert many.find("paid 553120 EUR") == []
    assert many.find("order total 553120 EUR") == []
    for text in ("account 553120", "Kundennummer 553120", "#553120", "acc553120"):
        assert [v for _, _, v in many.find(text)] == ["ACC-553120"], text


def test_a_core_is_what_follows_the_letter_prefix() -> None:
    assert split_id("ACC-553120") == ("ACC", "553120")
    assert split_id("CUST0042") == ("CUST", "0042")
    assert split_id("cus_NffrFeUfNV2Hib") == ("cus", "NffrFeUfNV2Hib")
    assert split_id("INV-2024-00123") == ("INV", "2024-00123")
    assert split_id("48213") == ("", "48213")
    assert split_id("AB-12") is None  # too short to tell anyone apart
    assert split_id("gold member") is None  # no digit


def test_distinctive_reasons_with_the_number_of_ids() -> None:
    assert distinctive("553120", 120)
    assert not distinctive("553120", 20_000)
    assert not distinctive("5531", 3)  # four digits never count alone
    assert not distinctive("20240115", 3)  # reads as a date
    assert distinctive("NffrFeUfNV2Hib", 1_000_000)
    assert distinctive_cores(FEW) == {
        "553120": "ACC-553120",
        "99123": "TCK-99123",
        "NffrFeUfNV2Hib": "cus_NffrFeUfNV2Hib",
        "nffrfeufnv2hib": "cus_NffrFeUfNV2Hib",
        "2024-00123": "INV-2024-00123",
        "202400123": "INV-2024-00123",
    }


@pytest.mark.parametrize(
    ("original", "known", "fake", "written"),
    [
        ("553120", "ACC-553120", "ACC-918273", "918273"),
        ("acc 553120", "ACC-553120", "ACC-918273", "acc 918273"),
        ("553-120", "ACC-553120", "ACC-918273", "918-273"),
        ("Acc_553120", "ACC-553120", "QZX-918273", "Qzx_918273"),
        ("nffrfeufnv2hib", "cus_NffrFeUfNV2Hib", "gkl_ZdqxMlDgCW9Hql", "zdqxmldgcw9hql"),
        ("553120", "ACC-553120", "ACC-9182735", "ACC-9182735"),  # another length: whole
    ],
)
def test_the_fake_is_written_like_the_original(
    original: str, known: str, fake: str, written: str
) -> None:
    assert written_like(original, known, fake) == written


def test_an_account_numbers_digits_are_found_as_that_account() -> None:
    # Account numbers plan as US_BANK_NUMBER: their digits in text keep that entity, so
    # they take the digits of the account's own fake.
    known = KnownValues(Policy())
    known.add("US_BANK_NUMBER", "ACC-553120")
    known.add("ID", "ORD-778812")
    spans = known.find("my account number is 553120, order 778812, total 553120,00 EUR")
    assert [(s.entity, s.stands_for) for s in spans] == [
        ("US_BANK_NUMBER", "ACC-553120"),
        ("ID", "ORD-778812"),
    ]


def test_ids_only_a_text_named_do_not_change_the_odds() -> None:
    # The gate reckons chance with the tables' ids; numbers texts named join the cores
    # (to be found in any form) but not the count, so both sides agree.
    c = IdCores()
    c.add("ACC-553120")
    rng = random.Random(3)
    for _ in range(20_000):
        c.add(f"{rng.randint(1000000, 9999999)}", counted=False)
    assert [v for _, _, v in c.find("paid 553120 EUR")] == ["ACC-553120"]
    assert distinctive_cores(["ACC-553120"]) == {"553120": "ACC-553120"}


def _runs_grown_from_each_digit(text: str) -> set[str]:
    """The runs as the look-up first found them, grown char by char from each digit run
    (the reference the one-regex search must agree with)."""
    import re

    out: set[str] = set()
    for m in re.finditer(r"\d+", text):
        start, end = m.start(), m.end()
        while start > 0:
            if text[start - 1].isalnum():
                start -= 1
            elif text[start - 1] in "-_/." and start > 1 and text[start - 2].isalnum():
                start -= 2
            else:
                break
        while end < len(text):
            if text[end].isalnum():
                end += 1
            elif text[end] in "-_/." and end + 1 < len(text) and text[end + 1].isalnum():
                end += 2
            else:
                break
        out.add(text[start:end])
    return out


def test_runs_of_a_text_are_those_grown_from_each_digit() -> None:
    """Runs joined by single separators, doubled separators, underscores, letters of other
    scripts and digits of others ("٣"), at the text's edges: the same runs, so the same
    look-ups, as growing each digit run one character at a time."""
    from anonymizers.detect.known_ids import _digit_runs

    rng = random.Random(43)
    alphabet = "aZé5٣7-_/. ,:\nß_Ж"
    for _ in range(3_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert set(_digit_runs(text)) == _runs_grown_from_each_digit(text), repr(text)
    sample = "Ref ACC-553120 / cus_NffrFeUfNV2Hib, call 020 7946 0958; v1.2.3-rc_4 and -9-"
    assert set(_digit_runs(sample)) == _runs_grown_from_each_digit(sample)
    assert IdCores.lookups(sample) >= {"acc553120", "cusnffrfeufnv2hib", "020", "v123rc4"}


@pytest.mark.parametrize(
    "text", ["ACC-553120", "cus_NffrFeUfNV2Hib", "Straße-12", "Ж_٣4", "a²b½", " 020 7946 0958 ", ""]
)
def test_a_core_key_is_the_letters_and_digits_case_folded(text: str) -> None:
    from anonymizers.detect.known_ids import core_key

    assert core_key(text) == "".join(c for c in text if c.isalnum()).casefold()
