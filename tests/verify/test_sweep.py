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
from anonymizers.verify.sweep import number_column, pattern_sweep


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
