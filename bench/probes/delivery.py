"""Probe: a food-delivery platform's orders, written with a pipe as the delimiter.

orders.csv ("|"-separated: customers, phones, addresses, drop-off coordinates, delivery
instructions "Ring bell for Flat 3B, ask for Tom", "Gate code 4521", the basket as a JSON
string inside the CSV, restaurants named for people "Mario's Pizzeria", "Wendy's",
couriers, tips, ratings) and couriers.jsonl (courier names, vehicles, plates, a bank
account as an IBAN, shift notes).

    python -m bench.probes.delivery 3000 /tmp/delivery && safeset run /tmp/delivery
"""

import csv
import json
import random

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_GB", "nl_NL", "fr_FR"]
fk = seeded(locs, 5000)
rnd = random.Random(50)
RESTAURANTS = [
    "Mario's Pizzeria",
    "Wendy's",
    "Papa John's",
    "Nando's",
    "Ben's Burgers",
    "Golden Dragon",
    "Sushi Sora",
    "Taj Mahal Curry House",
    "Dominique's Bistro",
]
DISHES = ["Margherita", "Pad Thai", "Chicken Tikka", "Veggie Burger", "California Roll", "Fries"]
couriers = []
for i in range(max(20, n // 50)):
    g = fk[locs[i % 3]]
    couriers.append(
        {
            "courier_id": f"C-{4000 + i}",
            "name": g.name(),
            "phone": g.phone_number(),
            "vehicle": rnd.choice(["bike", "e-bike", "scooter", "car"]),
            "plate": g.license_plate() if rnd.random() < 0.5 else None,
            "iban": g.iban(),
            "shift_note": rnd.choice(
                [
                    "",
                    "prefers evenings",
                    f"covering for {g.first_name()}",
                    "phone battery issue",
                    f"lives near {g.city()}",
                ]
            ),
        }
    )
write_jsonl(out / "couriers.jsonl", couriers)
with (out / "orders.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter="|")
    w.writerow(
        [
            "order_id",
            "customer",
            "phone",
            "address",
            "postcode",
            "dropoff_lat",
            "dropoff_lng",
            "instructions",
            "basket",
            "restaurant",
            "courier_id",
            "tip",
            "rating",
            "placed_at",
        ]
    )
    for i in range(n):
        g = fk[locs[i % 3]]
        first = g.first_name()
        basket = [
            {
                "dish": rnd.choice(DISHES),
                "qty": rnd.randint(1, 3),
                "price": round(rnd.uniform(4, 18), 2),
            }
            for _ in range(rnd.randint(1, 4))
        ]
        w.writerow(
            [
                800000 + i,
                f"{first} {g.last_name()}",
                g.phone_number(),
                g.street_address(),
                g.postcode(),
                round(rnd.uniform(50.7, 53.5), 6),
                round(rnd.uniform(-2.5, 6.5), 6),
                rnd.choice(
                    [
                        "",
                        "Leave at the door",
                        f"Ring bell for Flat {rnd.randint(1, 9)}B, ask for {first}",
                        f"Gate code {rnd.randint(1000, 9999)}",
                        f"Leave with neighbour at no. {rnd.randint(1, 120)}",
                        f"Call {g.phone_number()} when outside",
                        "Don't ring, baby sleeping",
                    ]
                ),
                json.dumps(basket),
                rnd.choice(RESTAURANTS),
                rnd.choice(couriers)["courier_id"],
                round(rnd.choice([0, 0, 1, 2, 2.5, 5]), 2),
                rnd.choice(["", "1", "3", "4", "5", "5"]),
                g.date_time_between("-60d").isoformat(),
            ]
        )
