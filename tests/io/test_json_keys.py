"""JSON objects keyed by data are read as maps: the keys become values, never columns."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from anonymizers.errors import InputError
from anonymizers.io.json_keys import as_maps, map_places
from anonymizers.io.tables import data_columns, read_table, write_table


def _email(key: str) -> str | None:
    return "an e-mail address" if "@" in key else None


RECORDS = [
    {"customer_id": "C-104293", "by_contact": {"maria.lopez@example.org": "weekly"},
     "settings": {"theme": "dark"}, "orders": [{"by_sku": {"1002": 3}}]},
    {"customer_id": "C-104294", "by_contact": {"kwame.mensah@example.net": "never"},
     "settings": {"theme": "light"}, "orders": []},
]  # fmt: skip


def test_objects_with_data_keys_are_maps_and_field_objects_stay_objects() -> None:
    maps = map_places(RECORDS, _email)
    assert maps == {"$.by_contact", "$.orders[].by_sku"}  # numbers as keys: a map too
    converted = as_maps(RECORDS, maps)
    assert converted[0]["by_contact"] == [{"key": "maria.lopez@example.org", "value": "weekly"}]
    assert converted[0]["settings"] == {"theme": "dark"}


def test_no_data_key_ever_becomes_a_column_name(tmp_path: Path) -> None:
    path = tmp_path / "preferences.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    table = read_table(path, _email)
    assert not any("@" in c for c in table.df.columns)
    assert "by_contact{}.key" in data_columns(table.df)
    assert "settings.theme" in data_columns(table.df)
    assert not any("@" in c["name"] for c in table.schema())


def test_faked_keys_are_written_back_as_object_keys(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    path.write_text(json.dumps(RECORDS))
    table = read_table(path, _email)
    faked = table.df.with_columns(
        pl.col("by_contact{}.key").list.eval(pl.element().str.replace(r"^[^@]+", "someone"))
    )
    dest = tmp_path / "out" / "preferences.json"
    write_table(table, faked, dest)
    back = json.loads(dest.read_text())
    assert back[0]["by_contact"] == {"someone@example.org": "weekly"}
    assert back[0]["settings"] == {"theme": "dark"}
    assert back[0]["orders"] == [{"by_sku": {"1002": 3}}]
    assert back[1]["orders"] == []


def test_an_error_about_a_key_that_is_data_names_its_kind_not_the_key(tmp_path: Path) -> None:
    path = tmp_path / "contacts.jsonl"
    path.write_text('{"maria.lopez@example.org": "weekly"}\n{"maria.lopez@example.org": [1]}\n')
    with pytest.raises(InputError) as err:
        read_table(path, _email)
    message = str(err.value)
    assert "a field named like an e-mail address holds" in message
    assert "maria" not in message
