"""The bench's fifth structured shape: a wide orders table with a user-agent column.

Found by a run of a shape no bench had (session 48): an e-commerce export, one row per
order, 20 columns, 10 sensitive. Customers recur (a third as many as orders) with their
names, e-mails, phones and shipping addresses of five locales, an IP address each; dense
order numbers; a ``user_agent`` column of a few browser strings, which the plan reads as
technical text (patterns only: an e-mail or IP inside a log line is still found). The
rest (timestamps, SKUs, quantities, prices, currencies, statuses, coupons, the card's
last four digits) is safe. Its text is tiny and its structured values many: on it the
run spent 280 s of 546 detecting three user agents a thousand rows at a time, and most
of the rest indexing and testing 2.3 million values no text holds.

Built in seconds for a million rows: Faker is asked only for pools, every row is numpy
picks into them. No locale is en_US (the fakes' first pool), so an original in the
output is a real leak.

    python -m bench.generate orders OUT [--rows N]
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import polars as pl

from bench.generate import SEED, Generated, locale_pools, pick_by_locale, write_frame

#: The customers' locales (none is en_US).
ORDER_LOCALES = ("en_GB", "it_IT", "nl_NL", "sv_SE", "pt_BR")
COUNTRIES = ("GB", "IT", "NL", "SE", "BR")
MAIL_DOMAINS = ("gmail.com", "outlook.com", "libero.it", "ziggo.nl", "telia.se", "uol.com.br",
                "proton.me")  # fmt: skip
USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
    "like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.6367.82 Mobile Safari/537.36",
)
#: The columns a run must replace.
ORDERS_SENSITIVE = (
    "order_no", "customer_ref", "buyer_name", "buyer_email", "buyer_phone", "ship_to_line1",
    "ship_to_city", "ship_to_postcode", "client_ip",
)  # fmt: skip


@functools.cache
def _pools() -> dict[str, list[np.ndarray]]:
    """Per field, one pool per locale, drawn from Faker once (a few seconds)."""
    sizes = {"first_name": 600, "last_name": 900, "street_address": 4000, "city": 800,
             "postcode": 3000, "phone_number": 6000}  # fmt: skip
    return locale_pools(ORDER_LOCALES, sizes, SEED)


def orders_frame(rows: int, seed: int = SEED) -> pl.DataFrame:
    """The table: ``rows`` orders of ``rows // 3`` customers."""
    rng = np.random.default_rng(seed)
    pools = _pools()
    people = max(1, rows // 3)
    locale = rng.integers(0, len(ORDER_LOCALES), people)

    def pick(field: str) -> np.ndarray:
        return pick_by_locale(pools[field], locale, rng)

    first, last = pick("first_name"), pick("last_name")
    stem = pl.Series(first + "." + last, dtype=pl.String).str.to_lowercase()
    stem = stem.str.replace_all(r"[^a-z.]+", "")
    domains = np.asarray(MAIL_DOMAINS, dtype=object)[rng.integers(0, len(MAIL_DOMAINS), people)]
    mail = (stem + pl.Series(rng.integers(1, 99, people)).cast(pl.String) + "@").to_numpy()
    octets = [pl.Series(rng.integers(lo, hi, people)).cast(pl.String)
              for lo, hi in ((11, 223), (0, 256), (0, 256), (1, 255))]  # fmt: skip
    ip = (octets[0] + "." + octets[1] + "." + octets[2] + "." + octets[3]).to_numpy()
    customer = {
        "buyer_name": first + " " + last,
        "buyer_email": mail.astype(object) + domains,
        "buyer_phone": pick("phone_number"),
        "ship_to_line1": pick("street_address"),
        "ship_to_city": pick("city"),
        "ship_to_postcode": pick("postcode"),
        "ship_to_country": np.asarray(COUNTRIES, dtype=object)[locale],
        "client_ip": ip.astype(object),
    }
    who = rng.integers(0, people, rows)
    seconds = rng.integers(0, 700 * 86400, rows).astype("timedelta64[s]")
    ordered = (np.datetime64("2024-01-01T00:00:00") + seconds).astype("datetime64[ms]")

    def choice(options: tuple[str, ...]) -> pl.Series:
        return pl.Series(np.asarray(options, dtype=object)[rng.integers(0, len(options), rows)],
                         dtype=pl.String)  # fmt: skip

    skus = tuple(f"SKU-{i:05d}" for i in range(2500))
    numbers = pl.Series(rng.permutation(rows) + 100_000_000).cast(pl.String)
    return pl.DataFrame(
        {
            "order_no": "SO" + numbers,
            "ordered_at": pl.Series(ordered),
            "customer_ref": "C" + pl.Series(who).cast(pl.String).str.zfill(8),
            **{k: pl.Series(v[who], dtype=pl.String) for k, v in customer.items()},
            "user_agent": choice(USER_AGENTS),
            "sku": choice(skus),
            "qty": pl.Series(rng.integers(1, 6, rows)),
            "unit_price": pl.Series(np.round(rng.random(rows) * 200 + 1, 2)),
            "currency": choice(("GBP", "EUR", "SEK", "BRL")),
            "payment_method": choice(("card", "paypal", "klarna", "pix")),
            "card_last4": pl.Series(rng.integers(0, 10_000, rows)).cast(pl.String).str.zfill(4),
            "status": choice(("paid", "shipped", "delivered", "returned", "cancelled")),
            "coupon": choice(("", "SPRING10", "WELCOME5", "VIP20")),
        }
    )  # fmt: skip


def write_orders_shape(out: Path, rows: int = 1_000_000, fmt: str = "csv") -> Generated:
    """Write ``orders.<fmt>``: the orders structured export."""
    return write_frame(out, orders_frame(rows), "orders", fmt)
