"""The text checks of a partitioned run: partitions' counts merged into one check, rows
counted from the table's start, and the fakes settling must re-draw found by the same
matcher as the leak check."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from anonymizers.partitioned.target_index import TargetWriter
from anonymizers.partitioned.text import Spread
from anonymizers.partitioned.text_checks import (
    GlobalTargets,
    TextChecked,
    leaky_fakes,
    merged_leak_check,
    merged_residual,
    residual_share,
    text_value_digests,
)
from anonymizers.policy import Policy
from anonymizers.verify.residual import residual_verdict
from tests.helpers.engine_run import run_engine
from tests.helpers.northwind import KEY


def _part(leaks: int, hits: int, rows: list[int], scanned: int, flagged: int) -> TextChecked:
    findings = [{"check": "leak", "entity": "PERSON", "table": "tickets", "column": "body",
                 "row": r, "digest": "ab12"} for r in rows]  # fmt: skip
    return TextChecked(
        leak_counts={"values_searched": 1200, "hits": hits, "leaks": leaks,
                     "cleared": hits - leaks},
        findings=findings,
        residual={"cells_in_scope": 500, "cells_scanned": scanned, "cells_flagged": flagged,
                  "spans_flagged": flagged},
    )  # fmt: skip


def test_leak_counts_add_up_and_rows_count_from_the_table_start() -> None:
    parts = [_part(0, 4, [], 50, 1).offset(0), _part(2, 3, [7, 40], 50, 0).offset(1000)]
    check, findings, cleared = merged_leak_check(parts)
    assert not check.passed and check.applicable
    assert check.counts == {"values_searched": 1200, "hits": 7, "leaks": 2, "cleared": 5}
    assert [f["row"] for f in findings] == [1007, 1040]
    assert cleared == []


def test_a_leak_check_that_searched_nothing_is_not_applicable() -> None:
    check, _, _ = merged_leak_check([])
    assert check.status == "not_applicable"


def test_the_residual_estimate_is_made_once_over_every_sampled_cell() -> None:
    policy = Policy()
    check, _ = merged_residual([_part(0, 0, [], 120, 3), _part(0, 0, [], 80, 1)], policy)
    whole = residual_verdict(1000, 200, 4, 4, policy.verification)
    assert check.counts == whole.counts and check.name == "residual_scan"
    assert check.counts["cells_scanned"] == 200


def test_each_partition_scans_its_share_of_the_sample_and_none_scans_nothing() -> None:
    rows = [50_000, 50_000, 12_345, 3]
    shares = [residual_share(2000, r, sum(rows)) for r in rows]
    assert sum(shares) >= 2000 and min(shares) == 1
    assert shares[0] == shares[1] > shares[2]


def test_a_fake_holding_a_real_value_as_a_word_is_found(tmp_path: Path) -> None:
    writer = TargetWriter(tmp_path, Policy().verification.min_leak_length)
    writer.add("structured", "LAST_NAME", ["Ingrid", "Victor"])
    writer.add("structured", "ADDRESS", ["Skolvägen 8"])
    targets = GlobalTargets(writer.close())
    fakes = ["Victor Ridge 12", "Maple Court 4", "Ingridsvägen 3", "10 Skolvägen 8"]
    assert leaky_fakes(targets, Policy(), fakes).tolist() == [True, False, False, True]


def test_a_fake_holding_a_real_ids_digits_in_another_form_is_found(tmp_path: Path) -> None:
    # The bank probe: an invoice number's fake "3871-26041" is a customer's tax id with a
    # dash, which the gate finds in any form (``Targets.id_forms``) and rejected the run.
    writer = TargetWriter(tmp_path, Policy().verification.min_leak_length)
    tax_ids = ["387126041", "562043871", "940387153"]
    writer.add("structured", "ID", tax_ids)
    writer.add_ids((v, "ID") for v in tax_ids)  # as the index pass writes ids
    targets = GlobalTargets(writer.close())
    fakes = ["3871-26041", "3871-26042", "Invoice 387 126 041", "2026-57248"]
    assert leaky_fakes(targets, Policy(), fakes).tolist() == [True, False, True, False]


def test_a_real_value_only_inside_a_fakes_shape_does_not_make_it_leaky(tmp_path: Path) -> None:
    # The shop probe: inquiries numbered 1 to 2,000 made every fake birth date of the
    # twentieth century leaky (its year an inquiry's number): six minutes of re-draws.
    writer = TargetWriter(tmp_path, Policy().verification.min_leak_length)
    writer.add("structured", "ID", ["1974", "1988"])
    writer.add("structured", "DATE_OF_BIRTH", ["1962-02-25"])
    targets = GlobalTargets(writer.close())
    fakes = ["1974-08-30", "1988-01-02T10:00:00", "ticket #1974", "1962-02-25 Main St"]
    assert leaky_fakes(targets, Policy(), fakes).tolist() == [False, False, True, True]


def test_a_short_number_id_a_text_may_not_key_does_not_make_a_fake_leaky(
    tmp_path: Path,
) -> None:
    # The donors probe: notes numbered 1 to 2,666, and birth dates written "12/07/1968":
    # every fake date held a note's number as its day, month and year, so every draw was
    # leaky and each date spent 32 draws. The gate clears a number inside a date, and a
    # bare number of up to four digits in text unless a key stands before it ("#1974");
    # a fake starting with one may land after a key ("neighbour: 2078 Sophia Springs").
    # A real date, and a long id, still count.
    writer = TargetWriter(tmp_path, Policy().verification.min_leak_length)
    writer.add("structured", "ID", ["12", "7", "1968", "1974", "2078", "40213377"])
    writer.add("structured", "DATE_OF_BIRTH", ["30/03/1942"])
    targets = GlobalTargets(writer.close())
    fakes = ["12/07/1968", "ticket 1974", "ticket #1974", "2078 Sophia Springs",
             "Flat 7, Baker Road", "30/03/1942", "Ref 40213377/7"]  # fmt: skip
    found = leaky_fakes(targets, Policy(), fakes).tolist()
    assert found == [False, False, True, True, False, True, True]


def test_a_first_name_or_a_town_inside_a_fake_does_not_make_it_leaky(tmp_path: Path) -> None:
    # The family-tree probe: fake towns "East Cesar", "Lake Kurt" hold customers' first
    # names, which the gate clears inside a replacement; 2,288 towns were re-drawn so.
    writer = TargetWriter(tmp_path, Policy().verification.min_leak_length)
    writer.add("structured", "FIRST_NAME", ["Cesar", "Kurt"])
    writer.add("structured", "LOCATION", ["Cork"])
    writer.add("structured", "LAST_NAME", ["Corkery"])
    targets = GlobalTargets(writer.close())
    fakes = ["East Cesar", "Lake Kurt", "Cork Ville", "Corkery Heights"]
    assert leaky_fakes(targets, Policy(), fakes).tolist() == [False, False, False, True]


def _purchasing(folder: Path) -> Path:
    """Suppliers named after their founders, as Czech and German firms often are, and
    buyers' notes that name them in several positions, with products and depots."""
    folder.mkdir(parents=True)
    suppliers = pl.DataFrame({
        "supplier_id": ["SUP-01", "SUP-02", "SUP-03", "SUP-04"],
        "supplier_name": ["Ševčík", "Holub a.s.", "Vlčková s.r.o.", "Brandstätter KG"],
        "contact_name": ["Šimon Svoboda", "Naděžda Jandová", "Aleš Tůma", "Jörg Wendt"],
        "contact_email": ["s.svoboda@example.cz", "jandova@example.cz", "tuma@example.cz",
                          "wendt@example.de"],
    })  # fmt: skip
    products = ["Oak Desk Lamp", "Garden Hose 25m", "Trail Runner 2", "Ceramic Mug Set"]
    notes, sup_ids = [], []
    for i in range(48):
        sup = suppliers.row(i % 4, named=True)
        product = products[(i // 4) % 4]
        notes.append(
            [
                f"{sup['supplier_name']}: {product} back-ordered, ETA week {i % 50 + 1}",
                f"Price per unit renegotiated with {sup['supplier_name']} (-{i % 7 + 2}%)",
                f"Partial delivery of {product} received at Leipzig Hub; {i % 30 + 1} missing",
            ][i % 3]
        )
        sup_ids.append(sup["supplier_id"])
    orders = pl.DataFrame({"po_number": [f"PO-{2024000 + i}" for i in range(48)],
                           "supplier_id": sup_ids, "buyer_note": notes})  # fmt: skip
    suppliers.write_csv(folder / "suppliers.csv")
    orders.write_csv(folder / "purchase_orders.csv")
    return folder


@pytest.mark.model
def test_a_supplier_named_after_its_founder_is_replaced_in_every_note_or_in_none(
    tmp_path: Path,
) -> None:
    """The name list reads a founder's name as a person where the tagger sees a proper
    noun, not where it does not ("Ševčík:" opening a note): replaced in some notes, the
    gate would find it left in others and reject a clean export. A listed guess the notes
    agree on is spread; one they do not ("Oak" of "Oak Desk Lamp") is no gate target."""
    run = run_engine(_purchasing(tmp_path / "export"), tmp_path / "run", KEY)
    assert run.verification.passed, run.verification.failed
    notes_in = run.inp("purchase_orders")["buyer_note"].to_list()
    notes_out = run.out("purchase_orders")["buyer_note"].to_list()
    for founder in ("Ševčík", "Holub", "Vlčková"):
        kept = [o for i, o in zip(notes_in, notes_out, strict=True) if founder in i]
        replaced = [founder not in o for o in kept]
        assert all(replaced) or not any(replaced), founder
    assert all("ETA week" in o for o in notes_out if "ETA week" in o or "back-ordered" in o)


def test_the_values_texts_take_fakes_of_are_each_entitys_digests_sorted(tmp_path: Path) -> None:
    """The spread pass's text value stores, two partitions naming one customer twice:
    each entity's digests once, sorted, beside the target index."""
    stores = [
        {"PERSON": [("Ingrid Lindqvist", 41), ("Tomasz Wróbel", 7)], "ID": [("C-7031", 99)]},
        {"PERSON": [("Ingrid Lindqvist", 41), ("Amara Okafor", 3)]},
    ]
    spreads = []
    for k, store in enumerate(stores):
        files = {}
        for entity, rows in store.items():
            path = tmp_path / "values" / entity / f"text-notes-{k}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            pl.DataFrame(
                {"value": [v for v, _ in rows], "h": [h for _, h in rows]},
                schema={"value": pl.String, "h": pl.UInt64},
            ).write_parquet(path)
            files[entity] = path
        spreads.append(Spread(files))
    folder = text_value_digests(spreads, tmp_path / "text" / "target-index")
    assert folder == tmp_path / "text" / "in-text"
    assert np.load(folder / "PERSON.npy").tolist() == [3, 7, 41]
    assert np.load(folder / "ID.npy").tolist() == [99]
