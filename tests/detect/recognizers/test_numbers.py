"""Phones, cards and licences that only their context gives away."""

from __future__ import annotations

import pytest

from anonymizers.detect.recognizers.numbers import context_numbers
from anonymizers.detect.text import TextDetector
from tests.helpers.detection import found


def test_identifiers_in_chat_text(detector: TextDetector) -> None:
    text = (
        "sure, my email is dana.whitfield@fastmail.com and card 4539 5787 6362 1486, "
        "mobile: 734 961 285 if you need me"
    )
    got = found(detector, text)
    assert got.get("dana.whitfield@fastmail.com") == "EMAIL_ADDRESS"
    assert got.get("4539 5787 6362 1486") == "CREDIT_CARD"
    assert got.get("734 961 285") == "PHONE_NUMBER"


def test_driver_licence_is_not_taken_by_phone_rule(detector: TextDetector) -> None:
    text = "My driver's license number is 4471-20-9935, renewing next month."
    assert found(detector, text).get("4471-20-9935") == "US_DRIVER_LICENSE"


def test_a_phone_is_taken_whole_not_cut_before_its_last_digit() -> None:
    from anonymizers.detect.recognizers.numbers import context_numbers

    # digit groups of two to five: a British mobile's six-digit group was cut at five,
    # and the fake left its last real digit behind
    for text, phone in [
        ("You can reach me on 07700 900123 after six.", "07700 900123"),
        ("WhatsApp: +44 7700 900123", "+44 7700 900123"),
        ("07911 123456 mobile", "07911 123456"),
        # A ticket's call log: the past tense cues the number as well.
        ("Called 00049 985268, no answer, left voicemail.", "00049 985268"),
        ("Rang (00517) 07288 twice", "(00517) 07288"),
        ("Uta Binner called from (04788) 036431, wants a call back", "(04788) 036431"),
    ]:
        assert [text[s:e] for s, e, _, _ in context_numbers(text)] == [phone]


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Tel. privat 03296 534595", "03296 534595"),
        ("Tel. privat (08073) 02157", "(08073) 02157"),
        ("Tel. (08073) 02157", "(08073) 02157"),
        ("phone (home): 555 201 3344", "555 201 3344"),
        ("Tel. geschäftlich 030 1234567", "030 1234567"),
    ],
)
def test_whose_line_between_the_phone_word_and_the_number(text: str, phone: str) -> None:
    assert [text[s:e] for s, e, *_ in context_numbers(text)] == [phone]


def test_years_joined_after_a_phone_word_are_a_period() -> None:
    # The recruiting probe: "T-Mobile (2014-2018)" on a CV was read as a phone and spread,
    # and the gate then found "2014-2018" on every CV that held it (190 findings).
    for text in ("Scientist, forensic, T-Mobile (2014-2018)", "Mobile team 1998 - 2003",
                 "Called him 3 times in 2024"):  # fmt: skip
        assert context_numbers(text) == [], text
    assert context_numbers("Mobile: 0176 123 4567")
