"""Probe: a garage chain's vehicles, customers and service jobs.

vehicles.jsonl (VINs, UK and German plates "AB12 CDE", "M-AB 1234", make and model
"Ford Fiesta", "Mercedes-Benz A-Class", mileage, the owner's customer id, MOT due),
customers.csv (names, phones, e-mails, addresses), jobs.csv (job numbers, the technician
"Tech: Gary", the mechanic's notes in shorthand "NSF tyre 2mm, adv cust", "Cust Mrs
Patel says noise when braking", "Rang 07700 900123 no ans", parts lines "2x 5W30 OIL").

    python -m bench.probes.car_service 3000 /tmp/cars && safeset run /tmp/cars
"""

import csv
import random
import string

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
fk = seeded(["en_GB", "de_DE"], 5700)
rnd = random.Random(57)
MODELS = [
    "Ford Fiesta",
    "Vauxhall Corsa",
    "Mercedes-Benz A-Class",
    "VW Golf",
    "Nissan Qashqai",
    "Toyota Yaris",
    "BMW 3 Series",
    "Kia Ceed",
    "Mini Cooper",
    "Skoda Octavia",
]
customers = []
with (out / "customers.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["cust_ref", "title", "first", "last", "mobile", "email", "addr", "postcode"])
    for i in range(max(40, n // 5)):
        g = fk["en_GB" if i % 3 else "de_DE"]
        first, last = g.first_name(), g.last_name()
        customers.append((f"CU{20000 + i}", first, last, g))
        w.writerow(
            [
                f"CU{20000 + i}",
                rnd.choice(["Mr", "Mrs", "Ms", "Dr", ""]),
                first,
                last,
                g.phone_number(),
                g.email(),
                g.street_address(),
                g.postcode(),
            ]
        )
vehicles = []
for ref, _first, _last, g in customers:
    vin = "".join(
        rnd.choices(
            string.ascii_uppercase.replace("I", "").replace("O", "").replace("Q", "")
            + string.digits,
            k=17,
        )
    )
    plate = g.license_plate()
    vehicles.append(
        {
            "vin": vin,
            "plate": plate,
            "model": rnd.choice(MODELS),
            "year": rnd.randint(2008, 2024),
            "mileage": rnd.randint(3000, 160000),
            "owner": ref,
            "mot_due": g.date_between("-30d", "+1y").isoformat(),
        }
    )
write_jsonl(out / "vehicles.jsonl", vehicles)
with (out / "jobs.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["job_no", "vin", "booked", "technician", "notes", "parts", "labour_hrs", "total"])
    for i in range(n):
        v = rnd.choice(vehicles)
        ref, first, last, g = next(c for c in customers if c[0] == v["owner"])
        w.writerow(
            [
                f"J{500000 + i}",
                v["vin"],
                g.date_between("-1y").isoformat(),
                rnd.choice(["Tech: Gary", "Tech: Priya", "Tech: Lukasz", "Tech: Dean"]),
                rnd.choice(
                    [
                        "NSF tyre 2mm, adv cust",
                        "Full service, no advisories",
                        f"Cust Mrs {last} says noise when braking",
                        f"Rang {g.phone_number()} no ans",
                        f"{first} to collect after 5pm",
                        f"Courtesy car {rnd.choice(['AB12 CDE', 'KX19 LMN'])} given",
                        "MOT pass",
                        "MOT fail - brake pads",
                    ]
                ),
                rnd.choice(["2x 5W30 OIL", "OIL FILTER", "PADS FRONT", "WIPER BLADE", ""]),
                round(rnd.uniform(0.5, 6), 1),
                round(rnd.uniform(60, 1400), 2),
            ]
        )
