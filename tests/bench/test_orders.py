"""The orders structured export: customers recurring across orders with the same name,
e-mail, phone, address and IP, dense order numbers, a few user agents."""

from __future__ import annotations

import polars as pl
import pytest

from bench import orders


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return orders.orders_frame(9_000)


def test_customers_recur_with_the_same_details(frame: pl.DataFrame) -> None:
    assert set(orders.ORDERS_SENSITIVE) <= set(frame.columns) and frame.height == 9_000
    assert frame["order_no"].n_unique() == frame.height
    per = frame.group_by("customer_ref").agg(
        pl.col(c).n_unique() for c in ("buyer_name", "buyer_email", "ship_to_line1", "client_ip")
    )
    assert per.height < 0.5 * frame.height  # customers order more than once
    assert (per.drop("customer_ref").max_horizontal() == 1).all()


def test_five_locales_and_a_few_user_agents(frame: pl.DataFrame) -> None:
    assert set(frame["ship_to_country"]) == set(orders.COUNTRIES)
    assert frame["user_agent"].n_unique() == len(orders.USER_AGENTS)
    assert frame["buyer_email"].str.contains(r"^[a-z.]+\d+@").all()
    assert frame["client_ip"].str.contains(r"^\d+\.\d+\.\d+\.\d+$").all()


def test_deterministic_and_seed_sensitive() -> None:
    assert orders.orders_frame(300).equals(orders.orders_frame(300))
    assert not orders.orders_frame(300, seed=11).equals(orders.orders_frame(300))
