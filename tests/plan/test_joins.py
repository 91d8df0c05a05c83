"""A column without a telling name (a map's keys, an order's ``customer``) takes the
entity of the column it joins; a flat column kept by its name, or holding categories,
keeps its own decision."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

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
    # A flat column of codes that are the customers' ids is a reference to them too.
    assert (decided["region"].kind, decided["region"].entity) == ("entity", "ID")


def _orders_bundle(tmp_path: Path, customers: int, shared: int, column: str = "customer") -> list:
    """Customers with ids such as ``cus_3f2a9c0d41``, and orders whose ``customer``
    column refers to ``shared`` of them among ids of customers the table does not hold
    (the plan reads a first partition: most orders' customers lie further on)."""
    ids = [f"cus_{i * 7919 + 104729:010x}" for i in range(customers)]
    (tmp_path / "customers.csv").write_text(
        "customer_id,segment\n" + "".join(f"{c},retail\n" for c in ids)
    )
    elsewhere = [f"cus_{i * 7919 + 9_000_000:010x}" for i in range(200)]
    refs = [ref for ref in ids[:shared] + elsewhere for _ in range(2)]  # two orders each
    rows = "".join(
        f"ORD-{n:06d},{ref},{'2' if n % 3 else '1'},2024-03-{n % 28 + 1:02d}T10:00:00\n"
        for n, ref in enumerate(refs)
    )
    (tmp_path / "orders.csv").write_text(f"order_id,{column},qty,placed_at\n" + rows)
    return [read_table(tmp_path / "customers.csv"), read_table(tmp_path / "orders.csv")]


def test_a_flat_column_of_another_tables_ids_is_that_id_although_few_are_in_the_sample(
    tmp_path: Path,
) -> None:
    tables = _orders_bundle(tmp_path, customers=500, shared=12)
    decided = {d.column: d for d in make_plan(tables, Policy(), None).tables["orders"]}
    assert (decided["customer"].kind, decided["customer"].entity) == ("entity", "ID")
    # Named for the party its codes are, it is an id by name and values (session 49);
    # under a name that says nothing, by the values it shares with the customers.
    assert decided["customer"].detected_by == "name+values"
    tables = _orders_bundle(tmp_path, customers=500, shared=12, column="source")
    decided = {d.column: d for d in make_plan(tables, Policy(), None).tables["orders"]}
    assert (decided["source"].entity, decided["source"].detected_by) == ("ID", "values")
    # Quantities and timestamps share values with nothing that is an id.
    assert decided["qty"].kind == "safe"
    assert decided["placed_at"].kind == "safe"


def test_two_shared_ids_are_no_reference(tmp_path: Path) -> None:
    tables = _orders_bundle(tmp_path, customers=500, shared=2, column="source")
    decided = {d.column: d for d in make_plan(tables, Policy(), None).tables["orders"]}
    assert decided["source"].kind == "safe"


def test_numbers_that_fall_among_employee_numbers_are_no_reference(tmp_path: Path) -> None:
    # 500 employees numbered 100000-100499, and kept amounts that are mostly among them:
    # a number alone is no id of anyone.
    rows = "".join(f"{100000 + i},Staff {i},{100000 + (i * 7) % 600}\n" for i in range(500))
    (tmp_path / "staff.csv").write_text("employee_id,role,bonus_cents\n" + rows)
    decided = {d.column: d for d in make_plan([read_table(tmp_path / "staff.csv")],
                                               Policy(), None).tables["staff"]}  # fmt: skip
    assert decided["employee_id"].entity == "ID"
    assert decided["bonus_cents"].kind == "safe"


def test_a_column_of_a_tables_own_logins_is_that_id_and_small_numbers_are_not(
    tmp_path: Path,
) -> None:
    # The IT-assets probe: "manager" holding the staff table's own logins was kept.
    logins = [f"{first}{last}" for first in ("l", "a.", "mar") for last in
              ("willis", "bender", "menard", "pineau", "hansen", "okafor")]  # fmt: skip
    rows = "".join(f"{login},{i % 9 + 1},{logins[(i * 5) % 18]}\n"
                   for i, login in enumerate(logins))  # fmt: skip
    (tmp_path / "staff.csv").write_text("login,floor,manager\n" + rows)
    decided = {d.column: d for d in make_plan([read_table(tmp_path / "staff.csv")],
                                               Policy(), None).tables["staff"]}  # fmt: skip
    assert decided["login"].entity == "ID"
    assert (decided["manager"].kind, decided["manager"].entity) == ("entity", "ID")
    assert decided["floor"].kind == "safe"


def test_small_numbers_in_a_list_of_objects_are_no_reference(tmp_path: Path) -> None:
    # The shop probe: every order's items[].qty of 1 to 3 lay among inquiries numbered
    # 1 to 2,000, and quantities were faked as inquiry numbers.
    (tmp_path / "inquiries.csv").write_text(
        "inquiry_id,channel\n" + "".join(f"{i},chat\n" for i in range(1, 2001))
    )
    orders = [{"order_id": f"ORD-{71695112 + i}", "items": [{"sku": f"SKU-{300 + i % 9}",
               "qty": i % 3 + 1}]} for i in range(60)]  # fmt: skip
    (tmp_path / "orders.json").write_text(json.dumps(orders))
    tables = [read_table(tmp_path / "inquiries.csv"),
              read_table(tmp_path / "orders.json", json_key_kind)]  # fmt: skip
    decided = {d.column: d for d in make_plan(tables, Policy(), None).tables["orders"]}
    assert decided["items[].qty"].kind == "safe"


def test_numbers_that_are_all_ids_of_a_sparse_column_refer_to_it(tmp_path: Path) -> None:
    # The dating probe: messages' "from_member" and "to_member" held the members' ids
    # (300000, 300013, ...) and were kept, so every message carried its member's real id.
    ids = [300000 + 13 * i for i in range(200)]
    (tmp_path / "profiles.csv").write_text(
        "member_id,city\n" + "".join(f"{m},Leeds\n" for m in ids)
    )
    rows = "".join(
        f"{1_000_000 + n},{ids[(n * 7) % 200]},{ids[(n * 11 + 3) % 200]},{300000 + n * 37}\n"
        for n in range(300)
    )
    (tmp_path / "messages.csv").write_text("message_id,from_member,to_member,points\n" + rows)
    tables = [read_table(tmp_path / "profiles.csv"), read_table(tmp_path / "messages.csv")]
    decided = {d.column: d for d in make_plan(tables, Policy(), None).tables["messages"]}
    for column in ("from_member", "to_member"):
        assert (decided[column].kind, decided[column].entity) == ("entity", "ID"), column
    # Numbers in the same range that are ids only by chance (one in thirteen) are none.
    assert decided["points"].kind == "safe"


def test_a_column_named_for_a_relation_holding_keys_counted_from_one_is_that_key(
    tmp_path: Path,
) -> None:
    # The numbered bench: "referred_by" held other members' keys, counted from 1, and was
    # kept (any number is one of such keys), so the gate rejected the run. Named for a
    # relation, every value a key: the key. A count beside it stays a count.
    rows = "".join(
        f"{i},{(i * 7919) % (i - 1) + 1 if i > 1 else ''},{i % 40}\n" for i in range(1, 601)
    )
    (tmp_path / "members.csv").write_text("id,referred_by,logins\n" + rows)
    decided = {d.column: d for d in make_plan([read_table(tmp_path / "members.csv")],
                                               Policy(), None).tables["members"]}  # fmt: skip
    assert decided["id"].entity == "ID"
    assert (decided["referred_by"].kind, decided["referred_by"].entity) == ("entity", "ID")
    assert decided["logins"].kind == "safe"


def test_a_relation_to_a_party_holding_shuffled_keys_from_anywhere_is_that_key(
    tmp_path: Path,
) -> None:
    # A SaaS accounts table in Parquet (session 49): "referred_by_account", whole numbers,
    # held other accounts' keys shuffled over the whole table, so few of them were among
    # the plan's first rows; kept, the referral graph pointed at real keys the run had
    # faked. In the keys' range and named for a relation to a party: the key. Counts
    # beside it, in the same range, named for none, stay counts.
    keys = [(i * 7919) % 100_003 + 1 for i in range(1, 2001)]
    pl.DataFrame({
        "account_id": keys,
        "referred_by_account": [(k * 31) % 100_000 + 1 if i % 3 else None
                                for i, k in enumerate(keys)],
        "api_calls_30d": [(k * 17) % 90_000 for k in keys],
        "seats_to_add": [k % 7 for k in keys],
    }).write_parquet(tmp_path / "accounts.parquet")  # fmt: skip
    decided = {d.column: d for d in make_plan([read_table(tmp_path / "accounts.parquet")],
                                               Policy(), None).tables["accounts"]}  # fmt: skip
    assert decided["account_id"].entity == "ID"
    referred = decided["referred_by_account"]
    assert (referred.kind, referred.entity) == ("entity", "ID")
    assert decided["api_calls_30d"].kind == "safe"
    assert decided["seats_to_add"].kind == "safe"
