"""verify.shapes: what a hit inside a timestamp, amount, UUID, version or digest means."""

from __future__ import annotations

import polars as pl
import pytest

from anonymizers.detect.patterns import sweep
from anonymizers.verify.shapes import epoch_column, has_shape, shape_around, without_shapes


@pytest.mark.parametrize(
    "text",
    [
        "2025-01-21 22:35:12.260447",  # PostgreSQL COPY
        "2025-01-21 22:35:12.260447+00",
        "2025-01-21T22:35:12.000+0000",  # Salesforce CreatedDate
        "21/01/2025 22:35:12",
        "2024-11-03 07:05:59.1",
    ],
)
def test_a_phone_read_inside_a_timestamp_is_explained_by_its_shape(text: str) -> None:
    for start, end, entity in sweep(text):
        assert shape_around(text, start, end) == "timestamp", (text, entity)


@pytest.mark.parametrize(
    "text",
    [
        "call me on +44 20 7946 0958 after 5",
        "my number is (415) 555-0134",
        "server 10.0.0.12 logged it",  # an IPv4 address is not a version
        "card 4111 1111 1111 1111",  # sixteen digits and no hex letter: not a digest
    ],
)
def test_real_identifiers_are_not_shapes(text: str) -> None:
    found = sweep(text)
    assert found
    for start, end, _ in found:
        assert shape_around(text, start, end) is None
    assert without_shapes([text]) == [text]


def test_a_value_that_is_itself_a_shape_stays_one() -> None:
    # A date of birth and a UUID customer id are identifiers: has_shape tells callers
    # not to clear them when found whole.
    assert has_shape("1972-09-04")
    assert has_shape("550e8400-e29b-41d4-a716-446655440000")
    assert not has_shape("ACC-553120")


def test_without_shapes_cuts_every_kind_and_keeps_the_words() -> None:
    text = (
        "Refund of 1,299.00 EUR on 2025-01-21 22:35:12.260447+00 for order "
        "550e8400-e29b-41d4-a716-446655440000 (client v10.15.7, sha "
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08)"
    )
    [cut] = without_shapes([text])
    assert "2025" not in cut and "1,299" not in cut and "550e8400" not in cut
    assert "10.15.7" not in cut and "9f86d081" not in cut
    assert cut.split()[:2] == ["Refund", "of"] and "order" in cut and "EUR" in cut


def test_a_long_column_is_cut_as_each_text_alone() -> None:
    """Hundreds of texts are screened column-wise first (a text with no digit and no run
    of eight hex letters holds no shape, nor does one of digits and spaces only): the same
    cuts as text by text, digit-free UUIDs and digests, counts and ids included."""
    kinds = ["Enterprise plan", "Sweden", "2025-01-21T22:35:12.000+0000", "4 499,95 kr",
             "abcdefab-abcd-abcd-abcd-abcdefabcdef", "deadbeefcafebabedeadbeef",
             "order 550e8400-e29b-41d4-a716-446655440000 shipped", "10.0.0.12", "v1.2.3",
             "Ångström Väg", "", "faced bead", "48213", "20250121 223512", "1754580839000",
             "12 499"]  # fmt: skip
    texts = [f"{kinds[k % len(kinds)]}{' #' + str(k) if k % 5 == 0 else ''}" for k in range(600)]
    alone = [without_shapes([t])[0] for t in texts]
    assert without_shapes(texts) == alone
    assert alone[4] == " " and alone[21] == " " and alone[16] == "Enterprise plan"
    assert alone[12] == "48213" and alone[13] == "20250121 223512"


def test_a_column_of_unix_times_is_a_shape_but_a_column_of_phones_is_not() -> None:
    assert epoch_column(pl.Series(["1754580839", "1709252312", None, "1734337760"]))
    assert epoch_column(pl.Series(["1754580839000", "1709252312123"]))  # milliseconds
    # UK numbers stored without their 0 fall in the range, but a column also holds others.
    assert not epoch_column(pl.Series(["1632960123", "7911123456", "2079460958"]))
    assert not epoch_column(pl.Series(["1754580839"]))  # one number says nothing
    assert not epoch_column(pl.Series(["1754580839", "order 1709252312"]))
    # A list's numbers, space-joined as the gate reads a List(Int64) column (a chat
    # export's conversation_parts[].created_at): every one must be a Unix time.
    assert epoch_column(pl.Series(["1730000060 1730000600 1730000900", "1730003660"]))
    assert not epoch_column(pl.Series(["1730000060 7911123456", "1730003660"]))
    assert not epoch_column(pl.Series(["1632960123 2079460958"]))  # one row says nothing


@pytest.mark.parametrize(
    ("text", "inside"),
    [("1234.56", "1234"), ("lifetime value 98125.00 EUR", "98125"), ("-4410,90", "4410")],
)
def test_an_amount_without_thousands_separators_is_an_amount(text: str, inside: str) -> None:
    start = text.index(inside)
    assert shape_around(text, start, start + len(inside)) == "amount"


def test_a_month_in_a_written_date_is_part_of_the_date_and_a_name_alone_is_not() -> None:
    # The donors probe: a supporter named June was "found" in "meeting ... on 27 June".
    text = "Major donor - meeting with Dr Walker on 27 June."
    start = text.index("June")
    assert shape_around(text, start, start + 4) == "date"
    assert without_shapes(["June 27th, 2025 call", "the 3rd of May"]) == ["  call", "the  "]
    assert without_shapes(["Spoke to June yesterday", "May I call?"]) == [
        "Spoke to June yesterday", "May I call?",
    ]  # fmt: skip
    assert has_shape("27 June 1990")  # a birth date written so is still one


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("Created 12/07/2024, by jsmith", "07"),
        ("DOB: 3-4-1968.", "1968"),
        ("renewal 03/30/26 due", "30"),
    ],
)
def test_a_number_inside_a_date_written_with_slashes_or_dashes_is_part_of_it(
    text: str, inside: str
) -> None:
    # The donors probe: notes numbered 1 to 2,666 put a note's number in every date's
    # day, month and year; the date is the shape, and a birth date written so still is
    # an identifier when a value is all of it.
    start = text.index(inside)
    assert shape_around(text, start, start + len(inside)) == "date"
    assert has_shape("12/07/1968") and has_shape("7-4-68")
    # A phone's groups are no date: a part no day or month is, or no year.
    assert not has_shape("12-34-5678") and not has_shape("06-12-2345")
    assert not has_shape("12/07/1968/3") and not has_shape("1/2/3")
