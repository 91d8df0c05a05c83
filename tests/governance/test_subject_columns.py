"""Subject columns found from the plan when the policy names none: the key of each table
about people (the one others refer to), and its e-mail columns; none found, none claimed."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from anonymizers.governance.subject_columns import find_subject_columns
from anonymizers.io.tables import read_table
from anonymizers.plan.bundle import load_bundle
from anonymizers.plan.columns import make_plan
from anonymizers.policy import Policy

REPO = Path(__file__).resolve().parents[2]


def _found(tmp_path: Path, frames: dict[str, pl.DataFrame], policy: Policy | None = None):
    for name, df in frames.items():
        df.write_csv(tmp_path / f"{name}.csv")
    tables = [read_table(tmp_path / f"{name}.csv") for name in frames]
    policy = policy or Policy()
    return find_subject_columns(tables, policy, make_plan(tables, policy, None))


def test_sample_bundle_subjects_are_the_referenced_keys_and_emails() -> None:
    bundle = load_bundle([REPO / "samples"], None)
    found = find_subject_columns(
        bundle.tables, bundle.policy, make_plan(bundle.tables, bundle.policy, None)
    )
    assert found.source == "plan"
    assert found.labels() == ["customers.customer_id", "customers.contact.email",
                              "employees.employee_id", "employees.email"]  # fmt: skip


def test_a_child_table_about_people_follows_its_parent(tmp_path: Path) -> None:
    users = pl.DataFrame({
        "user_id": ["u-1", "u-2", "u-3"], "account_no": ["A1", "A2", "A3"],
        "full_name": ["Ingrid Solberg", "Tomasz Wojcik", "Aoife Byrne"],
        "email": ["ingrid.s@posteo.no", "t.wojcik@wp.pl", "aoife@eircom.net"],
    })  # fmt: skip
    # Orders carry the buyer's name too, but refer to users: not subjects of their own.
    orders = pl.DataFrame({
        "order_id": ["O-1", "O-2", "O-3", "O-4"], "buyer_user_id": ["u-1", "u-1", "u-2", "u-3"],
        "ship_to_name": ["Ingrid Solberg", "Ingrid Solberg", "Tomasz Wojcik", "Aoife Byrne"],
    })  # fmt: skip
    found = _found(tmp_path, {"users": users, "orders": orders})
    assert found.labels() == ["users.user_id", "users.email"]


def test_no_key_gives_the_email_column_and_no_people_gives_none(tmp_path: Path) -> None:
    signups = pl.DataFrame({
        "email": ["lea.m@gmx.de", "lea.m@gmx.de", "p.ruiz@telefonica.es"],
        "signup_id": ["S1", "S1", "S2"],  # repeated: not a key
    })  # fmt: skip
    assert _found(tmp_path, {"signups": signups}).labels() == ["signups.email"]
    (tmp_path / "stock").mkdir()
    stock = pl.DataFrame({"sku": ["KX-1", "KX-2"], "warehouse": ["Leeds", "Lyon"]})
    none = _found(tmp_path / "stock", {"stock": stock})
    assert none.source == "none" and not none.columns and none.reason


def test_the_policy_wins_when_it_names_columns_of_this_bundle(tmp_path: Path) -> None:
    staff = pl.DataFrame({"badge": ["B7", "B8"], "name": ["Mirela Pop", "Jonas Berg"]})
    policy = Policy.model_validate({"subjects": {"id_columns": ["staff.badge", "other.id"]}})
    found = _found(tmp_path, {"staff": staff}, policy)
    assert (found.source, found.labels()) == ("policy", ["staff.badge"])
    elsewhere = Policy.model_validate({"subjects": {"id_columns": ["other.id"]}})
    assert _found(tmp_path, {"staff": staff}, elsewhere).source in ("plan", "none")
