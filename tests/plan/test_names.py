"""Column names and JSON keys that are personal values: maps for JSON, refusal for names."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from anonymizers.errors import InputError
from anonymizers.plan.bundle import load_bundle
from anonymizers.plan.names import json_key_kind, personal_kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("someone@example.org", "an e-mail address"),
        ("+44 20 7946 0958", "a phone number"),
        ("DE89 3704 0044 0532 0130 00", "an IBAN"),
        ("Maria Lopez", "a person's name"),
        ("José María García", "a person's name"),
        ("Ingrid Halvorsen", "a person's name"),
        ("First Name", None),
        ("Order Date", None),
        ("email", None),
        ("customer_id", None),
        ("2024-01-31", None),
        ("Q3 2025", None),
    ],
)
def test_personal_kind(text: str, kind: str | None) -> None:
    assert personal_kind(text) == kind


def test_json_keys_also_treat_codes_as_data() -> None:
    assert json_key_kind("ACC-553120") == "an identifier"
    assert json_key_kind("C-104293") == "an identifier"
    assert json_key_kind("FY2024") is None and json_key_kind("address_line2") is None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("contacts.csv", "id,maria.lopez@example.org\n1,weekly\n"),
        ("contacts.jsonl", json.dumps({"id": 1, "Maria Lopez": "weekly"}) + "\n"),
        ("contacts.json", json.dumps([{"id": 1, "+1 415 555 0134": "weekly"}])),
    ],
)
def test_a_personal_value_as_column_name_is_refused_without_the_value(
    tmp_path: Path, name: str, content: str
) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_bundle([tmp_path / name], None)
    message = str(err.value)
    assert "\n" not in message and name in message and "column 2" in message
    for part in ("maria", "Lopez", "415", "Maria"):
        assert part not in message


def test_data_keys_below_the_record_are_read_as_maps_by_the_bundle(tmp_path: Path) -> None:
    records = [{"customer_id": "C-104293", "by_contact": {"maria.lopez@example.org": "weekly"},
                "by_owner": {"Maria Lopez": "primary"}}]  # fmt: skip
    (tmp_path / "preferences.json").write_text(json.dumps(records), encoding="utf-8")
    table = load_bundle([tmp_path], None).tables[0]
    names = " ".join(table.df.columns)
    assert "maria" not in names and "Maria" not in names
    assert {"by_contact{}.key", "by_owner{}.key"} <= set(table.df.columns)


def test_a_struct_field_named_by_a_value_is_refused(tmp_path: Path) -> None:
    """Parquet struct fields become column names too (``by_contact.<field>``)."""
    path = tmp_path / "accounts.parquet"
    by_contact = pl.Series("by_contact", [{"maria.lopez@example.org": "weekly"}])
    pl.DataFrame([pl.Series("account_id", ["C-104293"]), by_contact]).write_parquet(path)
    with pytest.raises(InputError) as err:
        load_bundle([path], None)
    assert "column 2" in str(err.value) and "maria" not in str(err.value)
