"""Probe: a sports club's members, juniors and match reports.

members.csv: membership number "M-0412", the member's name, a date of birth, phone,
e-mail, address, a team, and for juniors a ``parent_guardian`` column ("Mrs K Ahmed") and
``emergency_contact`` written in one field ("Dave Shaw (dad) 07700 900912"),
``medical`` free text ("Asthma - inhaler in kit bag", "None", "Peanut allergy, EpiPen"),
``photo_consent`` Y/N. matches.jsonl: a fixture (date, opponents named after towns and
people: "Hartley Wanderers", "St Mary's", "AFC Dobson"), the score, scorers as a list of
"Surname (2)", and the coach's report naming players by first name.

    python -m bench.probes.sports_club 3000 /tmp/club && safeset run /tmp/club
"""

import csv
import random

from bench.probes import people, rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
fk = seeded(["en_GB", "en_IE", "en_AU"], 6600)
rnd = random.Random(66)
locs = list(fk)
TEAMS = ["U9 Lions", "U11 Tigers", "U13 Eagles", "Seniors A", "Seniors B", "Vets"]
MED = [
    "None",
    "",
    "Asthma - inhaler in kit bag",
    "Peanut allergy, EpiPen in bag",
    "Type 1 diabetic",
    "n/a",
    "Glasses",
]
members = []
with (out / "members.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(
        [
            "membership_no",
            "name",
            "dob",
            "phone",
            "email",
            "address",
            "team",
            "parent_guardian",
            "emergency_contact",
            "medical",
            "photo_consent",
        ]
    )
    for i, _loc, g, first, last in people(n, locs, fk):
        team = rnd.choice(TEAMS)
        junior = team.startswith("U")
        dob = g.date_of_birth(minimum_age=7 if junior else 18, maximum_age=12 if junior else 55)
        parent = f"{rnd.choice(['Mrs', 'Mr', 'Ms'])} {g.first_name()[0]} {last}" if junior else ""
        kin = g.first_name()
        members.append((first, last, team))
        w.writerow(
            [
                f"M-{i:04d}",
                f"{first} {last}",
                dob.strftime("%d/%m/%Y"),
                g.phone_number(),
                f"{first[0]}{last}{rnd.randint(1, 99)}@{g.free_email_domain()}".lower(),
                g.address().replace("\n", ", "),
                team,
                parent,
                rnd.choice(
                    [
                        f"{kin} {last} ({rnd.choice(['dad', 'mum', 'wife', 'husband', 'nan'])}) {g.phone_number()}",  # noqa: E501
                        f"{kin} - {g.phone_number()}",
                        f"{g.phone_number()} ({kin})",
                    ]
                ),
                rnd.choice(MED),
                rnd.choice(["Y", "N"]),
            ]
        )
OPP = [
    "Hartley Wanderers",
    "St Mary's",
    "AFC Dobson",
    "Riverside Rovers",
    "Kingsbury Town",
    "Old Carthusians",
    "Sheldon Park",
]
matches = []
for k in range(max(40, n // 10)):
    team = rnd.choice(TEAMS)
    squad = [m for m in members if m[2] == team] or members
    scorers = rnd.sample(squad, min(len(squad), rnd.randint(0, 3)))
    a, b = rnd.sample(squad, 2) if len(squad) > 1 else (squad[0], squad[0])
    matches.append(
        {
            "fixture_id": 5000 + k,
            "date": fk["en_GB"].date_between("-1y").isoformat(),
            "team": team,
            "opponents": rnd.choice(OPP),
            "score": f"{rnd.randint(0, 5)}-{rnd.randint(0, 5)}",
            "scorers": [f"{s[1]} ({rnd.randint(1, 3)})" for s in scorers],
            "report": rnd.choice(
                [
                    f"Great shift from {a[0]} at the back, {b[0]} man of the match.",
                    f"{a[0]} {a[1]} injured (ankle), parents informed.",
                    "Heavy pitch, lost our shape after half time.",
                    f"Well done {a[0]}! First goal for the club.",
                ]
            ),
        }
    )
write_jsonl(out / "matches.jsonl", matches)
