"""Probe: a court's daily cause list and its case register.

cases.csv: a case number ("KB-2026-001234", "CR/2026/0456"), the case title as courts write
it ("Smith v Jones Ltd", "R v OKAFOR", "Re: Anna Berg (a minor)", "Patel & Anor v
Westshire County Council"), the judge ("HHJ Morgan", "Mrs Justice Carr"), the court room,
the hearing type, counsel ("Ms A Shah (Claimant)"), and a listing note naming parties and
their solicitors' firms ("Hartley Quinn LLP for the Defendant").

    python -m bench.probes.court_list 3000 /tmp/court && safeset run /tmp/court
"""

import csv
import random

from bench.probes import people, rows_and_folder, seeded

n, out = rows_and_folder()
fk = seeded(["en_GB", "en_IE", "en_IN"], 1900)
rnd = random.Random(19)
locs = list(fk)
judges = [f"{rnd.choice(['HHJ', 'Mrs Justice', 'Mr Justice', 'DJ'])} {fk['en_GB'].last_name()}"
          for _ in range(12)]  # fmt: skip
FIRMS = [f"{fk['en_GB'].last_name()} {fk['en_GB'].last_name()} LLP" for _ in range(15)]
with (out / "cases.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["case_no", "title", "judge", "room", "hearing", "counsel", "note"])
    for i, _loc, g, first, last in people(n, locs, fk):
        other = g.last_name()
        title = rnd.choice(
            [
                f"{last} v {other} Ltd",
                f"R v {last.upper()}",
                f"Re: {first} {last} (a minor)",
                f"{last} & Anor v {g.city()} County Council",
                f"{first} {last} v {g.first_name()} {other}",
            ]
        )
        w.writerow(
            [
                rnd.choice([f"KB-2026-{i:06d}", f"CR/2026/{i:04d}"]),
                title,
                rnd.choice(judges),
                f"Court {rnd.randint(1, 14)}",
                rnd.choice(["Trial", "Directions", "Sentence", "Mention", "Final hearing"]),
                f"{rnd.choice(['Ms', 'Mr'])} {g.first_name()[0]} {g.last_name()} "
                f"({rnd.choice(['Claimant', 'Defendant', 'Crown'])})",
                rnd.choice(
                    [
                        f"{rnd.choice(FIRMS)} for the Defendant",
                        f"Interpreter required ({rnd.choice(['Polish', 'Urdu', 'Romanian'])})",
                        f"{first} {last} to attend in person",
                        "Time estimate 2 days",
                        "",
                    ]
                ),
            ]
        )
