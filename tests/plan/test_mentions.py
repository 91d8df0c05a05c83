"""A kept column whose cells name the bundle's customers is searched as technical text; one of
firms, towns or surnames alone keeps its decision."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from anonymizers.io.tables import read_table
from anonymizers.plan.columns import make_plan
from anonymizers.policy import Policy

CUSTOMERS = [
    ("C-40000001", "Adela", "Burgos", "adela.burgos@correo.es", "Getafe"),
    ("C-40000002", "Jan", "de Vries", "jdevries@ziggo.nl", "Utrecht"),
    ("C-40000003", "Sabine", "Schneider", "sabine.s@web.de", "Mainburg"),
    ("C-40000004", "Lucie", "Marchand", "l.marchand@orange.fr", "Nantes"),
    ("C-40000005", "Oliver", "Hart", "oliver.hart@btinternet.com", "Leeds"),
]
FIRMS = ["Schneider GmbH", "Hart-Turner", "Marchand SA", "REWE Markt GmbH", "Albert Heijn"]


def _plan(tmp_path: Path, purposes: list[str], counterparties: list[str]) -> dict:
    pl.DataFrame(
        CUSTOMERS, schema=["customer_no", "first_name", "last_name", "email", "city"], orient="row"
    ).write_csv(tmp_path / "customers.csv")
    n = len(purposes)
    pl.DataFrame({
        "tx_id": [f"TX{k:09d}" for k in range(n)],
        "amount": [f"{-12.5 - k:.2f}".replace(".", ",") for k in range(n)],
        "counterparty": counterparties,
        "purpose": purposes,
        "merchant_city": [CUSTOMERS[k % 5][4] for k in range(n)],
        "channel": ["sepa", "card"] * (n // 2),
    }).write_csv(tmp_path / "transactions.csv", separator=";")  # fmt: skip
    tables = [read_table(tmp_path / "customers.csv"), read_table(tmp_path / "transactions.csv")]
    plan = make_plan(tables, Policy(), None)
    return {d.column: d for d in plan.tables["transactions"]}


def test_a_purpose_line_naming_customers_is_searched(tmp_path: Path) -> None:
    purposes = [
        "Überweisung an Adela Burgos",
        "Miete Nov Whg 29A",
        "Virement à Lucie Marchand",
        "Rechnung 2026-00123 Kundennr 44512",
        "Transfer to Oliver Hart",
        "Salary Feb",
    ]
    decided = _plan(tmp_path, purposes, [*FIRMS, "Jan de Vries"])
    assert (decided["purpose"].kind, decided["purpose"].detected_by) == ("technical", "values")
    # Firms named after surnames, and one customer paid by transfer: not three people.
    assert decided["counterparty"].kind == "safe"
    assert decided["merchant_city"].kind == "safe"  # the customers' towns, kept by name
    assert decided["channel"].kind == "safe"


def test_a_counterparty_that_is_sometimes_a_customer_is_searched(tmp_path: Path) -> None:
    counterparties = ["REWE Markt GmbH", "Adela Burgos", "Jan de Vries", "Albert Heijn",
                      "Sabine Schneider", "Schneider GmbH"]  # fmt: skip
    decided = _plan(tmp_path, ["Salary Feb", "Rent Mar flat 4B"] * 3, counterparties)
    assert decided["counterparty"].kind == "technical"
    assert decided["purpose"].kind == "safe"


def test_first_names_towns_and_surnames_alone_name_no_one(tmp_path: Path) -> None:
    purposes = ["Danke Adela!", "Merci Lucie", "Thanks Oliver", "Getafe trip", "Nantes hotel",
                "Schneider repair"]  # fmt: skip
    decided = _plan(tmp_path, purposes, [*FIRMS, "Kiosk Utrecht"])
    assert decided["purpose"].kind == "safe"
    assert decided["counterparty"].kind == "safe"


def test_an_email_in_a_kept_note_counts_as_naming_its_owner(tmp_path: Path) -> None:
    purposes = ["Refund to adela.burgos@correo.es", "Ticket for sabine.s@web.de",
                "Copy sent to l.marchand@orange.fr", "Salary Feb", "Rent", "Fee"]  # fmt: skip
    decided = _plan(tmp_path, purposes, [*FIRMS, "Kiosk"])
    assert decided["purpose"].kind == "technical"
