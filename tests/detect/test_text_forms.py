"""The detector end to end on what free text writes in its own way: dates of birth,
national ids, obfuscated e-mails, odd phones and known ids without their prefix."""

from __future__ import annotations

import pytest

from anonymizers.detect.known import KnownValues
from anonymizers.detect.text import TextDetector
from anonymizers.policy import Policy
from tests.helpers.detection import found


def test_default_policy_finds_birth_dates_and_national_ids(detector: TextDetector) -> None:
    text = (
        "Klant geboren op 12 maart 1980, BSN: 111222333. Bestelling van 14 maart 2024 "
        "verzonden. Mi DNI es 12345678Z; nata il 3 marzo 1985."
    )
    got = found(detector, text)
    assert got.get("12 maart 1980") == "DATE_OF_BIRTH"
    assert got.get("111222333") == "NATIONAL_ID"
    assert got.get("12345678Z") == "NATIONAL_ID"
    assert got.get("3 marzo 1985") == "DATE_OF_BIRTH"
    assert not any("2024" in v for v in got)  # the order date stays


def test_obfuscated_email_and_odd_phone(detector: TextDetector) -> None:
    text = "Schreiben Sie an anna punkt schmidt ät web punkt de oder Tel. 0049-30/1234567."
    got = found(detector, text)
    assert got.get("anna punkt schmidt ät web punkt de") == "EMAIL_ADDRESS"
    assert got.get("0049-30/1234567") == "PHONE_NUMBER"


def test_technical_numbers_stay(detector: TextDetector) -> None:
    text = (
        "2025-01-21 22:35:12.260447 job=export rows=111222333 total=1234.56 "
        "id=123e4567-e89b-12d3-a456-426614174000 v10.2.3 sha1 da39a3ee5e6b4b0d3255bfef9560"
    )
    got = found(detector, text)
    assert not {e for e in got.values()} & {"NATIONAL_ID", "DATE_OF_BIRTH", "PHONE_NUMBER"}


@pytest.mark.model  # a TextDetector of its own: loads the spaCy model
def test_known_id_core_found_through_the_detector() -> None:
    policy = Policy()
    known = KnownValues(policy)
    known.add("ID", "ACC-553120")
    det = TextDetector(policy, known)
    [spans] = det.detect(["hi, my account number is 553120 and I paid 553120,00 EUR"])
    hits = [(s.start, s.end, s.stands_for) for s in spans if s.entity == "ID"]
    # The amount with decimals is a number; the core after "account number" is the id.
    assert hits == [(25, 31, "ACC-553120")]


def test_a_speech_to_text_transcript_keeps_its_names_and_its_nouns(
    detector: TextDetector,
) -> None:
    """A call transcribed without capitals or punctuation: the caller's first name said
    again later is the same person ("thanks maria"), found like a capitalised mention;
    "my bill", "the will", in lower case or in capitals, are things, not people named
    Bill or Will."""
    text = (
        "agent thank you for calling how can i help customer hi my name is maria gonzalez "
        "and i'm calling about my bill agent thanks maria i can see the will was filed"
    )
    got = found(detector, text)
    assert got.get("maria gonzalez") == "PERSON" and got.get("maria") == "PERSON"
    assert "bill" not in got and "will" not in got
    shouted = found(detector, "HELLO THIS IS PETER WALSH CALLING ABOUT MY BILL, THANKS PETER")
    assert shouted.get("PETER") == "PERSON" and "BILL" not in shouted
