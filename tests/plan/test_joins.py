"""A leaf column without a telling name (a map's keys) takes the entity of the column it
joins; flat columns keep their own decisions."""

from __future__ import annotations

import json
from pathlib import Path

from anonymizers.io.tables import read_table
from anonymizers.plan.columns import make_plan
from anonymizers.plan.names import json_key_kind
from anonymizers.policy import Policy


def test_ids_used_as_map_keys_take_the_id_columns_entity(tmp_path: Path) -> None:
    (tmp_path / "customers.csv").write_text(
        "customer_id,segment\nC-104293,retail\nC-104294,retail\nC-104295,b2b\n"
    )
    records = [
        {"by_account": {"C-104293": "email"}, "region": "C-104293"},
        {"by_account": {"C-104294": "post", "C-104295": "email"}, "region": "C-104294"},
    ]
    (tmp_path / "prefs.json").write_text(json.dumps(records))
    tables = [
        read_table(tmp_path / "customers.csv"),
        read_table(tmp_path / "prefs.json", json_key_kind),
    ]
    plan = make_plan(tables, Policy(), None)
    decided = {d.column: d for d in plan.tables["prefs"]}
    assert (decided["by_account{}.key"].kind, decided["by_account{}.key"].entity) == (
        "entity",
        "ID",
    )
    assert decided["by_account{}.value"].kind == "safe"
    # A flat column speaks by its name: kept as planned before ("region" is a group).
    assert decided["region"].kind == "safe"
