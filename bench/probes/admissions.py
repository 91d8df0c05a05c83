"""Probe: a school trust's admissions, its schools and wards named after people.

applications.csv: an application number, the child's names and birth date, the parents'
names and phones, the home address, the current school and the three schools asked for
(named after saints, kings and benefactors: "St Mary's RC Primary", "King Edward VI
School", "Thomas Telford Academy", "Florence Nightingale Academy"), siblings already at
a school ("Sibling: Amelia (Year 4)") and a note. schools.csv: the trust's schools (name,
head teacher "Mrs J Patel", places).

    python -m bench.probes.admissions 3000 /tmp/admissions && safeset run /tmp/admissions
"""

import csv
import random

from bench.probes import people, rows_and_folder, seeded

n, out = rows_and_folder()
fk = seeded(["en_GB"], 3900)
g = fk["en_GB"]
rnd = random.Random(39)
SCHOOLS = [
    "St Mary's RC Primary", "King Edward VI School", "Thomas Telford Academy",
    "Florence Nightingale Academy", "St John Fisher Catholic College", "Isaac Newton Primary",
    "Queen Elizabeth's Grammar School", "Sir John Lawes School", "Emmeline Pankhurst Academy",
    "Churchill Community College",
]  # fmt: skip
with (out / "schools.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["school", "head_teacher", "places"])
    for s in SCHOOLS:
        head = f"{rnd.choice(['Mrs', 'Mr', 'Ms', 'Dr'])} {g.first_name()[0]} {g.last_name()}"
        w.writerow([s, head, rnd.choice([30, 60, 90, 120])])
with (out / "applications.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["application_no", "child_first_name", "child_last_name", "date_of_birth",
                "parent_1", "parent_2", "phone", "address", "current_school", "preference_1",
                "preference_2", "preference_3", "sibling", "notes"])  # fmt: skip
    for i, _loc, _g, first, last in people(n, ["en_GB"], fk):
        prefs = rnd.sample(SCHOOLS, 3)
        sib = g.first_name()
        w.writerow(
            [
                f"ADM/{2026}/{i:05d}",
                first,
                last,
                g.date_of_birth(minimum_age=4, maximum_age=11).strftime("%d/%m/%Y"),
                f"{g.first_name()} {last}",
                rnd.choice(["", f"{g.first_name()} {rnd.choice([last, g.last_name()])}"]),
                g.phone_number(),
                g.address().replace("\n", ", "),
                rnd.choice(SCHOOLS),
                *prefs,
                rnd.choice(
                    ["", f"Sibling: {sib} (Year {rnd.randint(1, 6)})", f"{sib} {last}, Year 3"]
                ),
                rnd.choice(
                    [
                        "",
                        f"Child has EHCP; contact SENCo Mrs {g.last_name()}",
                        f"Moving to the area from {g.city()} in August",
                        f"Looked after child, social worker {g.first_name()} {g.last_name()}",
                        "Faith reference from Fr. O'Brien attached",
                    ]
                ),
            ]
        )
