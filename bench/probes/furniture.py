"""Probe: a furniture shop's orders, its products named as people are.

products.csv: an article number "702.611.50", a product name in capitals that is a
Scandinavian first name or place ("BILLY", "INGRID", "MALM", "KALLAX", "HEMNES"), a
description ("Bookcase, white, 80x28x202 cm"), a price. orders.csv: an order number,
the customer's name, e-mail, phone, delivery address and town, and ``items`` written
"2x BILLY bookcase; 1x INGRID lamp". reviews.jsonl: a star rating and a review that
names the product and sometimes the customer's partner ("my husband Tom built the
KALLAX in an hour").

    python -m bench.probes.furniture 3000 /tmp/furniture && safeset run /tmp/furniture
"""

import csv
import random

from bench.probes import people, rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
fk = seeded(["en_GB", "sv_SE", "de_DE"], 1500)
rnd = random.Random(15)
locs = list(fk)
NAMES = ["BILLY", "INGRID", "MALM", "KALLAX", "HEMNES", "LACK", "POÄNG", "KIVIK", "EKTORP",
         "STEFAN", "IVAR", "LINNMON", "ALEX", "HELMER", "NORDLI", "ASKVOLL", "TARVA", "ERIK"]  # fmt: skip  # noqa: E501
KINDS = ["bookcase", "lamp", "bed frame", "shelf unit", "chest of drawers", "armchair", "sofa",
         "chair", "table", "desk", "wardrobe", "drawer unit"]  # fmt: skip
products = []
for k, name in enumerate(NAMES):
    kind = KINDS[k % len(KINDS)]
    products.append(
        {
            "article": f"{rnd.randint(100, 999)}.{rnd.randint(100, 999)}.{rnd.randint(10, 99)}",
            "name": name,
            "description": f"{kind.capitalize()}, {rnd.choice(['white', 'oak', 'black-brown'])}, "
            f"{rnd.randint(40, 200)}x{rnd.randint(20, 90)} cm",
            "price": rnd.choice([19.99, 49, 79, 149, 299, 499]),
            "kind": kind,
        }
    )
with (out / "products.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["article", "name", "description", "price"])
    for p in products:
        w.writerow([p["article"], p["name"], p["description"], p["price"]])
reviews = []
with (out / "orders.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["order_no", "customer", "email", "phone", "address", "town", "items"])
    for _i, _loc, g, first, last in people(n, locs, fk):
        basket = rnd.sample(products, rnd.randint(1, 3))
        w.writerow(
            [
                f"{rnd.randint(1000000000, 9999999999)}",
                f"{first} {last}",
                g.email(),
                g.phone_number(),
                g.street_address(),
                g.city(),
                "; ".join(f"{rnd.randint(1, 4)}x {p['name']} {p['kind']}" for p in basket),
            ]
        )
        if rnd.random() < 0.4:
            p = basket[0]
            reviews.append(
                {
                    "order_no": None,
                    "stars": rnd.randint(1, 5),
                    "text": rnd.choice(
                        [
                            f"My {rnd.choice(['husband', 'wife', 'partner'])} {g.first_name()} "
                            f"built the {p['name']} in an hour.",
                            f"The {p['name']} {p['kind']} arrived scratched.",
                            f"Love our new {p['name']}! Delivery driver was great.",
                            f"{p['name']} is sturdy, instructions unclear.",
                        ]
                    ),
                }
            )
write_jsonl(out / "reviews.jsonl", [{k: v for k, v in r.items() if v is not None} for r in reviews])
