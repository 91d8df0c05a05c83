"""Probe: an office's door access system and visitor book.

badge_events.csv: a badge number "0004417829", the holder as the access system prints
names ("SMITH J", "O'BRIEN M"), a door ("B2-N-LAB-01", "Main Entrance Turnstile 3"),
granted or denied and a reason code. visitors.csv: the visitor's name, company, the car's
registration, the host ("Hosted by: Priya Shah, Finance"), time in and out, the badge
issued, and a signature field "signed: J.Bloggs". holders.csv: the badge holders
(number, full name, department, employee id).

    python -m bench.probes.access_control 3000 /tmp/doors && safeset run /tmp/doors
"""

import csv
import random
import string

from bench.probes import people, rows_and_folder, seeded

n, out = rows_and_folder()
fk = seeded(["en_GB", "en_IE", "en_IN"], 7700)
rnd = random.Random(77)
locs = list(fk)
DEPTS = ["Finance", "HR", "Engineering", "Facilities", "Sales", "Legal"]
DOORS = [
    "B2-N-LAB-01",
    "Main Entrance Turnstile 3",
    "Car Park Barrier",
    "L4 Server Room",
    "B1-S-STORE",
    "Roof Access",
]
holders = []
for i, _loc, _g, first, last in people(max(50, n // 10), locs, fk):
    holders.append(
        (f"{rnd.randint(1000000, 9999999):010d}", first, last, rnd.choice(DEPTS), f"E{10000 + i}")
    )
with (out / "holders.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["badge_no", "full_name", "department", "employee_id"])
    for b, first, last, d, e in holders:
        w.writerow([b, f"{first} {last}", d, e])
with (out / "badge_events.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["ts", "badge", "holder", "door", "result", "reason"])
    for _k in range(n):
        b, first, last, d, e = rnd.choice(holders)
        ok = rnd.random() < 0.9
        w.writerow(
            [
                f"2026-12-{rnd.randint(1, 6):02d}T{rnd.randint(6, 22):02d}:{rnd.randint(0, 59):02d}:00",  # noqa: E501
                b,
                f"{last.upper()} {first[0]}",
                rnd.choice(DOORS),
                "GRANTED" if ok else "DENIED",
                "" if ok else rnd.choice(["E12", "E07", "EXPIRED"]),
            ]
        )
with (out / "visitors.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(
        [
            "visitor",
            "company",
            "car_reg",
            "host",
            "time_in",
            "time_out",
            "badge_issued",
            "signature",
        ]
    )
    for _k, _loc, g, first, last in people(n // 3, locs, fk):
        h = rnd.choice(holders)
        reg = (
            "".join(rnd.choices(string.ascii_uppercase, k=2))
            + f"{rnd.randint(10, 75)} "
            + "".join(rnd.choices(string.ascii_uppercase, k=3))
        )
        w.writerow(
            [
                f"{first} {last}",
                g.company(),
                rnd.choice([reg, "", "n/a"]),
                f"Hosted by: {h[1]} {h[2]}, {h[3]}",
                f"{rnd.randint(8, 12)}:{rnd.randint(0, 59):02d}",
                f"{rnd.randint(13, 18)}:{rnd.randint(0, 59):02d}",
                f"V{rnd.randint(1, 40):03d}",
                f"signed: {first[0]}.{last}",
            ]
        )
