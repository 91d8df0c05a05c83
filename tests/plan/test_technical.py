"""Technical text told from human free text, value by value and column by column."""

from __future__ import annotations

import polars as pl
import pytest

from anonymizers.plan.technical import is_technical, technical_mask, technical_shape

USER_AGENTS = [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.109 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1",
    "Dalvik/2.1.0 (Linux; U; Android 13; SM-S911B Build/TP1A.220624.014)",
    "curl/8.4.0",
    "okhttp/4.12.0",
    "python-requests/2.31.0",
]
TECHNICAL = {
    "url": ["https://shop.example.com/account/orders?id=553120", "s3://exports-eu/2025/01/part-0.parquet"],
    "path": ["/var/log/nginx/access.log", "C:\\Users\\ana\\Documents\\report 2024.xlsx", "src/app/main.py"],
    "log": [
        "2025-01-21 22:35:12.260447 INFO [checkout] user=ana.souza@example.com ip=81.2.69.142",
        "[ERROR] payment gateway timeout after 30s",
        "Jan 21 22:35:12 web-01 sshd[4312]: Accepted publickey for deploy from 10.0.4.7",
        '81.2.69.142 - - [21/Jan/2025:22:35:12 +0000] "GET /cart HTTP/1.1" 200 512',
    ],
    "stack_trace": [
        'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\nValueError: bad',
        "java.lang.NullPointerException: null\n    at com.shop.Cart.add(Cart.java:42)",
    ],
    "json": ['{"event": "login", "user_id": 553120, "ok": true}', '[{"sku": "A-1"}, {"sku": "B-2"}]'],
    "sql": ["SELECT id, email FROM customers WHERE id = 5", "UPDATE orders SET status = 'shipped' WHERE id = 9"],
    "hash": ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
             "123e4567-e89b-12d3-a456-426614174000"],
    "version": ["v2.14.1", "1.0.3-beta.2", "2.31.0-rc1"],
    "code": ["SKU-1234-BLK", "ORD_2024_0001", "checkout.payment_failed", "db-01.prod.internal"],
}  # fmt: skip
HUMAN = [
    "Please call me back on Friday, the parcel never came.",
    "The page https://shop.example.com/cart crashed when I paid, can you check?",
    "[Urgent] customer wants a refund for the broken kettle",
    "See /help for details and ask Ana.",
    "Version 2 of the app is slow for me",
    "I use Mozilla Firefox on my Mac",
    "Bonjour, ma commande est en retard.",
    "N/A",
    "Thanks!",
    "ok",
    # Numbers, dates and amounts read as text are no technical text either.
    "2019-01-29",
    "119.77",
    "10.15.7",
    "22:35",
    "2024-10-14T14:10:09Z",
    "2025-01-21 22:35:12.260447",
    "+44 20 7946 0958",
]


@pytest.mark.parametrize("value", USER_AGENTS + [v for vs in TECHNICAL.values() for v in vs])
def test_machine_written_values_are_technical(value: str) -> None:
    assert technical_mask(pl.Series([value])).to_list() == [True]


@pytest.mark.parametrize("value", HUMAN)
def test_human_text_is_not(value: str) -> None:
    assert technical_mask(pl.Series([value])).to_list() == [False]


def test_a_column_is_technical_when_nearly_all_its_values_are() -> None:
    assert is_technical(USER_AGENTS * 3)
    # A chat column with some URLs and codes among sentences stays human text.
    chat = HUMAN[:6] + TECHNICAL["url"] + TECHNICAL["code"][:2]
    assert not is_technical(chat)
    assert not is_technical([])


def test_a_column_of_bare_codes_is_told_apart_from_technical_text() -> None:
    assert technical_shape(TECHNICAL["code"] + TECHNICAL["hash"] + TECHNICAL["version"]) == "code"
    assert technical_shape(TECHNICAL["path"] * 3) == "technical"
    assert technical_shape(TECHNICAL["log"] + TECHNICAL["code"][:1]) == "technical"
    assert technical_shape(HUMAN) is None


def test_faker_user_agents_are_all_technical() -> None:
    """An independent source of user agents (Faker's provider: Opera, MSIE, Safari, ...)."""
    from faker import Faker

    fake = Faker()
    fake.seed_instance(265)
    agents = [fake.user_agent() for _ in range(265)]
    assert technical_mask(pl.Series(agents)).all()
