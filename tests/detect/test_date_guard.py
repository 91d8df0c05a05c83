"""A date is a date: place and phone guesses over full dates are dropped."""

from __future__ import annotations

from anonymizers.detect.date_guard import dates_stay, months_stay
from anonymizers.detect.spans import Span


def _kept(text: str, spans: list[Span]) -> list[str]:
    return [text[s.start : s.end] for s in dates_stay(text, spans)]


def test_place_guess_over_a_date_is_dropped() -> None:
    text = "Order shipped 12 March 2024 from 12 May Street"
    spans = [Span(14, 27, "ADDRESS", 0.6, "rule"), Span(33, 46, "ADDRESS", 0.6, "rule")]
    assert _kept(text, spans) == ["12 May Street"]


def test_phone_guess_over_a_dotted_date_is_dropped_but_a_phone_stays() -> None:
    text = "Paid 04.09.2024, call 06.12.34.56.78"
    spans = [Span(5, 15, "PHONE_NUMBER", 0.7, "ner"), Span(22, 36, "PHONE_NUMBER", 0.95, "pattern")]
    assert _kept(text, spans) == ["06.12.34.56.78"]


def test_known_values_and_checked_ids_are_kept() -> None:
    text = "nacida el 3 de marzo de 1985, BSN 111222333"
    spans = [
        Span(10, 28, "DATE_OF_BIRTH", 0.9, "pattern"),
        Span(10, 28, "ADDRESS", 0.6, "rule"),
        Span(34, 43, "NATIONAL_ID", 0.97, "pattern"),
        Span(30, 43, "ADDRESS", 0.5, "ner"),
    ]
    kept = dates_stay(text, spans)
    assert [s.entity for s in kept] == ["DATE_OF_BIRTH", "NATIONAL_ID"]
    known = [Span(5, 15, "PHONE_NUMBER", 1.0, "known")]
    assert dates_stay("Paid 04.09.2024", known) == known


def test_an_address_run_into_after_a_date_keeps_its_own_part() -> None:
    for text, street in (
        (
            "terugbellen na 19:51. Geb. 14/02/1954. Adres Fleurdreef 034, 7410 QD Midlaren",
            "Fleurdreef 034, 7410 QD Midlaren",
        ),
        (
            "ligar depois das 11:34. Nasc. 08-07-1987. Morada Rua Nádia Vaz, 84, 3352-097 Ponte de Sor",
            "Rua Nádia Vaz, 84, 3352-097 Ponte de Sor",
        ),
    ):
        start = text.index("51.") if "51." in text else text.index("34.")
        spans = [Span(start, len(text), "ADDRESS", 0.6, "rule")]
        assert _kept(text, spans) == [street]


def test_a_place_guess_ending_on_a_date_is_still_dropped() -> None:
    text = "Spoke on 3 Elm 12 March 2024. Thanks"
    spans = [Span(9, 28, "ADDRESS", 0.6, "rule")]
    assert _kept(text, spans) == []


def test_a_month_beside_a_day_or_a_year_is_no_name() -> None:
    for text, start in (("Salary June 2025", 7), ("due 12 August please", 7),
                        ("Rent for May 3rd", 9), ("le 12 juin", 6)):  # fmt: skip
        word = text[start:].split()[0]
        span = Span(start, start + len(word), "PERSON", 0.55, "rule")
        assert months_stay(text, [span]) == [], text
    # Alone, or a person's name beside a number: kept; a table's full name is never judged.
    for text, start, end, source in (("Thanks June, see you", 7, 11, "rule"),
                                     ("Salary June Carter 2025", 7, 18, "known"),
                                     ("June Carter 2025", 0, 11, "ner"),
                                     ("June called in May", 0, 4, "known")):  # fmt: skip
        span = Span(start, end, "PERSON", 0.8, source)
        assert months_stay(text, [span]) == [span], text


def test_a_known_one_word_name_written_as_a_month_is_the_month() -> None:
    # The newsletter probe: subscriber Peter May's surname turned a campaign's "Don't
    # forget Mum this May" into "... this Rowland"; a known "June" into "Salary Sheena 2025".
    for text, word in (("Don't forget Mum this May", "May"), ("Salary June 2025", "June"),
                       ("We spoke in June, twice", "June"), ("until end of July", "July")):  # fmt: skip
        start = text.index(word)
        span = Span(start, start + len(word), "LAST_NAME", 1.0, "known")
        assert months_stay(text, [span]) == [], text
    text = "May's order arrived"  # possessive: the person
    assert months_stay(text, [Span(0, 3, "LAST_NAME", 1.0, "known")]) != []
