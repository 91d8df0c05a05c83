"""Probe: a care home's staff rota and handover book, as a spreadsheet exports them.

rota.csv: a row per staff member and one column per day, headed by its date
("Mon 07/12", "Tue 08/12" ...), each cell a shift code ("E", "L", "N", "OFF", "AL",
"E/L") or a swap note "swap w/ Priya"; the staff member's name written "SURNAME, First",
a role and contracted hours. handover.csv: a shift's handover note on the residents
("Mrs Doyle (Rm 12) refused breakfast, GP Dr Khan to visit", "Mr O'Neill's daughter
Sarah rang, call back 07700 900456"), written by staff initials, and the residents'
room numbers.

    python -m bench.probes.rota 3000 /tmp/rota && safeset run /tmp/rota
"""

import csv
import random
from datetime import date, timedelta

from bench.probes import people, rows_and_folder, seeded

n, out = rows_and_folder()
fk = seeded(["en_GB", "en_IN", "en_IE"], 8800)
rnd = random.Random(88)
locs = list(fk)
staff = list(people(max(30, n // 20), locs, fk))
residents = list(people(max(40, n // 10), ["en_GB", "en_IE"], fk))
days = [date(2026, 12, 7) + timedelta(days=k) for k in range(14)]
CODES = ["E", "L", "N", "OFF", "OFF", "AL", "E/L", "LD", "SICK"]
with (out / "rota.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["Staff", "Role", "Hours", *[d.strftime("%a %d/%m") for d in days]])
    for _i, _loc, _g, first, last in staff:
        cells = []
        for _ in days:
            if rnd.random() < 0.05:
                cells.append(f"swap w/ {rnd.choice(staff)[3]}")
            else:
                cells.append(rnd.choice(CODES))
        w.writerow(
            [
                f"{last.upper()}, {first}",
                rnd.choice(["Carer", "Senior Carer", "Nurse", "Cook"]),
                rnd.choice([22.5, 30, 37.5]),
                *cells,
            ]
        )
with (out / "handover.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["date", "shift", "room", "note", "by"])
    for _k in range(n):
        _, _, g, first, last = rnd.choice(residents)
        title = rnd.choice(["Mrs", "Mr", "Ms"])
        s = rnd.choice(staff)
        gp = rnd.choice(staff)[4]
        note = rnd.choice(
            [
                f"{title} {last} refused breakfast, GP Dr {gp} to visit",
                f"{title} {last}'s daughter {g.first_name()} rang, call back {g.phone_number()}",
                f"{first} settled well, slept through",
                f"{title} {last} fall at 03:10, no injury, obs done",
                "All residents settled. Fire doors checked.",
                f"Meds round late, {s[3]} covering",
            ]
        )
        w.writerow(
            [
                rnd.choice(days).isoformat(),
                rnd.choice(["E", "L", "N"]),
                rnd.randint(1, 40),
                note,
                f"{s[3][0]}{s[4][0]}".upper(),
            ]
        )
