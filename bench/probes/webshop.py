"""Probe: a webshop bundle in six locales, Japanese among them.

customers.csv, orders.json (one JSON array: nested shipping address, item lists, coupons,
parcel tracking numbers, IPv4/IPv6, delivery notes) and returns.parquet; the orders'
``customer`` column refers to the customers by an id no name hints at. Session 33 ran
``safeset run`` on 30,000 customers of it: rejected for the kept references and the
tracking numbers, and real phones and names left in Japanese notes; now certified.

    python -m bench.probes.webshop 30000 /tmp/webshop && safeset run /tmp/webshop
"""

import hashlib
import json
import random
import uuid

import polars as pl

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
locs = ["en_US", "de_DE", "fr_FR", "nl_NL", "ja_JP", "pl_PL"]
fk = seeded(locs, 5000)
en = seeded(["en_US"], 77)["en_US"]
rnd = random.Random(11)
notes = {
    "en_US": [
        "Leave at the back door",
        "Please call {phone} before delivery",
        "Gift for {first}, no invoice in the box",
        "",
        "Ring twice",
        "Deliver to {name} at reception",
    ],
    "de_DE": [
        "Bitte beim Nachbarn abgeben",
        "Vor Lieferung {phone} anrufen",
        "Geschenk für {first}",
        "",
        "Abstellgenehmigung erteilt",
        "An {name} im Büro übergeben",
    ],
    "fr_FR": [
        "Laisser chez le gardien",
        "Appeler le {phone} avant",
        "Cadeau pour {first}",
        "",
        "Code porte 4B21",
        "Remettre à {name} à l'accueil",
    ],
    "nl_NL": [
        "Bij de buren afgeven",
        "Bel {phone} voor levering",
        "Cadeau voor {first}",
        "",
        "Niet aanbellen, baby slaapt",
        "Afgeven aan {name} bij de receptie",
    ],
    "ja_JP": [
        "置き配希望",
        "配達前に{phone}へ電話してください",
        "{first}さんへのプレゼント",
        "",
        "宅配ボックスへ",
        "受付の{name}様へ",
    ],
    "pl_PL": [
        "Zostawić u sąsiada",
        "Proszę dzwonić {phone} przed dostawą",
        "Prezent dla {first}",
        "",
        "Paczkomat obok",
        "Przekazać {name} w recepcji",
    ],
}
reasons = [
    "Wrong size",
    "Damaged in transit",
    "Arrived late",
    "Not as described",
    "Changed my mind",
    "Colour differs from photo",
    "Ordered twice by mistake",
]
cust, orders, rets = [], [], []
for i in range(n):
    loc = locs[i % len(locs)]
    g = fk[loc]
    first, last = g.first_name(), g.last_name()
    cid = f"cus_{hashlib.md5(str(i).encode()).hexdigest()[:14]}"
    phone = g.phone_number()
    cust.append(
        {
            "customer_id": cid,
            "first_name": first,
            "last_name": last,
            "email": g.email(),
            "phone": phone,
            "locale": loc,
            "timezone": en.timezone(),
            "created": en.date_time_between("-5y").isoformat(timespec="seconds"),
            "marketing_opt_in": rnd.random() < 0.4,
            "loyalty_tier": rnd.choice(["bronze", "silver", "gold"]),
            "favourite_colour": en.color_name(),
            "user_agent": en.user_agent(),
        }
    )
    for k in range(rnd.randint(1, 2)):
        oid = f"ORD-{i:06d}-{k}"
        items = [
            {
                "sku": f"SKU-{rnd.randint(10000, 99999)}-{rnd.choice(['BL', 'RD', 'GR', 'XL'])}",
                "title": en.catch_phrase(),
                "qty": rnd.randint(1, 3),
                "unit_price": round(rnd.uniform(3, 300), 2),
            }
            for _ in range(rnd.randint(1, 3))
        ]
        note = rnd.choice(notes[loc]).format(phone=phone, first=first, name=g.name())
        orders.append(
            {
                "order_id": oid,
                "customer": cid,
                "placed_at": en.date_time_between("-2y").isoformat(timespec="seconds"),
                "shipping": {
                    "recipient": f"{first} {last}" if rnd.random() < 0.8 else g.name(),
                    "street": g.street_address(),
                    "city": g.city(),
                    "postcode": g.postcode(),
                    "country": g.current_country_code(),
                },
                "items": items,
                "coupon": rnd.choice(["", "SUMMER25", "WELCOME10", "BLACKFRIDAY", "VIP2024"]),
                "tracking": f"1Z{rnd.randint(10**15, 10**16 - 1)}",
                "client_ip": en.ipv6() if rnd.random() < 0.3 else en.ipv4_public(),
                "delivery_note": note,
                "geo": {"lat": float(g.latitude()), "lon": float(g.longitude())},
                "payment_ref": str(uuid.UUID(int=rnd.getrandbits(128))),
            }
        )
        if rnd.random() < 0.15:
            rets.append(
                {
                    "return_id": f"RMA{len(rets):07d}",
                    "order_id": oid,
                    "reason": rnd.choice(reasons),
                    "comment": rnd.choice(
                        [
                            "",
                            "Please refund to my card ending " + str(rnd.randint(1000, 9999)),
                            f"Contact me at {g.email()}",
                            "Box was open",
                            f"My husband {g.first_name_male()} ordered it by mistake",
                        ]
                    ),
                    "requested_at": en.date_time_between("-1y"),
                    "refund_eur": round(rnd.uniform(3, 300), 2),
                }
            )
pl.DataFrame(cust).write_csv(out / "customers.csv")
(out / "orders.json").write_text(json.dumps(orders, ensure_ascii=False), encoding="utf-8")
pl.DataFrame(rets).write_parquet(out / "returns.parquet")
print(len(cust), len(orders), len(rets))
