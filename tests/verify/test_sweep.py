"""verify.sweep: a kept column of numbers is not a column of cards because one in ten of
its numbers passes the card check digit; a column of cards, or one card, still rejects."""

from __future__ import annotations

import random

import polars as pl

from anonymizers.detect.patterns import luhn_ok
from anonymizers.policy import Policy
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.apply import Context
from anonymizers.verify.columns import OutputColumn
from anonymizers.verify.sweep import code_column, number_column, pattern_sweep


def _numbers(make, n: int = 300, seed: int = 7) -> list[str]:  # type: ignore[no-untyped-def]
    r = random.Random(seed)
    return [make(r) for _ in range(n)]


def _with_check(body: str, ok: bool) -> str:
    """``body`` with a final digit that passes (or fails) the card check digit."""
    return body + next(d for d in "0123456789" if luhn_ok(body + d) is ok)


#: Numbers of card length that real exports keep: a library's item barcodes (14 digits),
#: GTIN-14 shipping codes, EAN-13 book numbers, a utility's meter point numbers (Polish
#: PPE, 18 digits), Dutch EAN connection codes grouped with spaces.
COLUMNS = {
    "item_barcode": lambda r: f"3{r.randrange(10**13):013d}",
    "gtin": lambda r: f"1{r.randrange(10**13):013d}",
    "isbn13": lambda r: f"978{r.randrange(10**10):010d}",
    "numer_ppe": lambda r: f"5900{r.randrange(10**14):014d}",
    "ean_aansluiting": lambda r: "8716 " + " ".join(f"{r.randrange(10**4):04d}" for _ in range(3)),
}


def test_numbers_of_card_length_that_pass_by_chance_make_a_number_column() -> None:
    for name, make in COLUMNS.items():
        figures = number_column(pl.Series(name, _numbers(make)))
        assert figures is not None, name
        passing, numbers = figures
        assert numbers >= 280 and 10 <= passing <= 50, (name, figures)


def test_a_column_of_cards_or_too_few_numbers_says_nothing() -> None:
    cards = _numbers(lambda r: _with_check(f"4{r.randrange(10**14):014d}", True))
    assert number_column(pl.Series("card_number", cards)) is None
    # Loan numbers that all carry a Luhn check digit of their own: chance cannot explain.
    luhn_ids = _numbers(lambda r: _with_check(f"29{r.randrange(10**11):011d}", True))
    assert number_column(pl.Series("patron_barcode", luhn_ids)) is None
    few = _numbers(COLUMNS["item_barcode"], n=12)
    assert number_column(pl.Series("item_barcode", few)) is None
    # Text, not whole numbers: nothing to count.
    notes = [f"barcode {b} returned late" for b in _numbers(COLUMNS["item_barcode"])]
    assert number_column(pl.Series("note", notes)) is None


def _sweep(name: str, cells: list[str]) -> tuple[int, int, set[str]]:
    ctx = Context(Pseudonymizer(b"sweep-test-key-0123456789abcdef0"), Policy())
    col = OutputColumn("loans", name, pl.Series(name, cells), False, None)
    check, _found, cleared = pattern_sweep(ctx, [col], {("loans", name): "kept"})
    return check.counts["unexplained"], check.counts["cleared"], {c["cleared"] for c in cleared}


def test_the_sweep_clears_a_number_column_and_still_rejects_cards() -> None:
    barcodes = _numbers(COLUMNS["item_barcode"])
    unexplained, cleared, reasons = _sweep("item_barcode", barcodes)
    assert unexplained == 0 and cleared >= 10 and reasons == {"number column"}
    cards = _numbers(lambda r: _with_check(f"5{r.randrange(1, 6)}{r.randrange(10**13):013d}", True))
    unexplained, _, _ = _sweep("paid_with", cards)
    assert unexplained == len(set(cards))
    # A card typed into a kept note is text, not a number column's cell; and one card among
    # a column of barcodes passes more often than chance only if the column is of cards.
    notes = [f"paid with {cards[0]}"] + ["returned late", "renewed online"] * 30
    unexplained, _, _ = _sweep("note", notes)
    assert unexplained == 1


def _licences(n: int, seed: int = 5) -> list[str]:
    """A sponsor's licence as a visa export keeps it: a digit, then nine letters and digits."""
    r = random.Random(seed)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return [f"{r.randint(1, 9)}{''.join(r.choices(alphabet, k=9))}" for _ in range(n)]


def test_a_code_drawn_all_digits_in_a_kept_column_of_codes_is_one_of_them() -> None:
    """One licence in 20,000 comes out all digits and reads as a phone number; the
    column's codes mix letters and digits, and its share of digits at each place draws
    such a code about once: the sweep clears it as the column's code."""
    codes = [*_licences(2_000), "1314025221"]
    figures = code_column(pl.Series("sponsor_licence", codes))
    assert figures is not None and figures[:2] == (1, 2_001) and figures[3] == 10
    unexplained, cleared, reasons = _sweep("sponsor_licence", codes)
    assert (unexplained, cleared, reasons) == (0, 1, {"code column"})


def test_phones_among_codes_or_a_column_of_numbers_are_no_code_column() -> None:
    r = random.Random(9)
    phones = [f"{r.choice('2345689')}{r.randrange(10**9):09d}" for _ in range(25)]
    mixed = _licences(2_000) + phones
    assert code_column(pl.Series("sponsor_licence", mixed)) is None
    assert _sweep("sponsor_licence", mixed)[0] >= 20
    assert (
        code_column(pl.Series("msisdn", [f"7{r.randrange(10**9):09d}" for _ in range(500)])) is None
    )
    # Too few codes say nothing, and neither do codes of many lengths.
    assert code_column(pl.Series("ref", _licences(50))) is None
    assert (
        code_column(pl.Series("ref", [c[: 4 + i % 6] for i, c in enumerate(_licences(500))]))
        is None
    )


def _timestamps(n: int = 400, seed: int = 11) -> list[str]:
    """Times as exporters write them: ISO with a space or a T, seconds or not, fractions,
    zones in every spelling."""
    r = random.Random(seed)
    zones = ["", "Z", " UTC", "+00", "+0000", "+01:00", "-05:00", " GMT"]
    out = []
    for _ in range(n):
        day = f"{r.randrange(1990, 2031)}-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d}"
        clock = f"{r.randrange(24):02d}:{r.randrange(60):02d}"
        if r.random() < 0.8:
            clock += f":{r.randrange(60):02d}"
            if r.random() < 0.4:
                clock += "." + str(r.randrange(10**6)).zfill(r.choice([3, 6]))
        out.append(f"{day}{r.choice(' T')}{clock}{r.choice(zones)}")
    return out


def test_whole_timestamps_are_counted_not_swept_and_every_match_in_one_is_its_shape() -> None:
    from anonymizers.detect.patterns import sweep
    from anonymizers.verify.shapes import shape_around
    from anonymizers.verify.sweep import WHOLE_TIMESTAMP

    stamps = _timestamps()
    # What skipping them gives up: every pattern match in such a cell lies strictly inside
    # the timestamp and would be cleared as its shape.
    assert pl.Series(stamps).str.contains(WHOLE_TIMESTAMP).all()
    inside = [(t, m) for t in stamps for m in sweep(t)]
    assert inside, "the phone pattern reads digits in some of these"
    assert all(shape_around(t, s, e) == "timestamp" for t, (s, e, _) in inside)
    ctx = Context(Pseudonymizer(b"sweep-test-key-0123456789abcdef0"), Policy())
    col = OutputColumn("accounts", "signup_at", pl.Series("signup_at", stamps), False, None)
    check, _found, _cleared = pattern_sweep(ctx, [col], {("accounts", "signup_at"): "kept"})
    assert check.counts["timestamp_cells"] == len(stamps) and check.counts["matches"] == 0
    assert check.passed and check.applicable
    # A cell that holds a timestamp *and* more is still swept: the phone after it is found.
    mixed = [*stamps[:50], "2025-08-09 20:43:04 called back on +44 20 7946 0958"]
    col = OutputColumn("accounts", "last_note", pl.Series("last_note", mixed), False, None)
    check, found, _ = pattern_sweep(ctx, [col], {("accounts", "last_note"): "kept"})
    assert check.counts["unexplained"] == 1 and found[0]["entity"] == "PHONE_NUMBER"
