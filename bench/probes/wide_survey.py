"""Probe: a panel survey's wide export, one column per question.

responses.csv (a respondent id, 100 Likert answers "Q1_1" ... "Q20_5" coded 1 to 7 or
99 for "don't know", a region code "UKH", an age band "35-44", weights to six decimals,
a start and end timestamp, a duration in seconds, three open answers "Q21_other",
"Q22_open", "Q23_comments" naming a shop, a brand or a person and sometimes an e-mail,
and a panel provider's `psid` hash) and panelists.csv (psid, e-mail, postcode, birth
year).

    python -m bench.probes.wide_survey 3000 /tmp/wide && safeset run /tmp/wide
"""

import csv
import hashlib
import random

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
g = seeded(["en_GB"], 5900)["en_GB"]
rnd = random.Random(59)
questions = [f"Q{q}_{k}" for q in range(1, 21) for k in range(1, 6)]
panel = []
with (out / "panelists.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["psid", "email", "postcode", "birth_year"])
    for i in range(n):
        psid = hashlib.md5(f"p{i}".encode()).hexdigest()
        panel.append(psid)
        w.writerow([psid, g.email(), g.postcode(), rnd.randint(1940, 2006)])
with (out / "responses.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(
        [
            "resp_id",
            "psid",
            "region",
            "age_band",
            "weight",
            "start",
            "end",
            "duration_s",
            *questions,
            "Q21_other",
            "Q22_open",
            "Q23_comments",
        ]
    )
    for i in range(n):
        start = g.date_time_between("-60d")
        dur = rnd.randint(240, 2400)
        w.writerow(
            [
                100000 + i,
                panel[i],
                rnd.choice(["UKC", "UKD", "UKH", "UKI", "UKM"]),
                rnd.choice(["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]),
                round(rnd.uniform(0.2, 3.5), 6),
                start.isoformat(" "),
                start.isoformat(" "),
                dur,
                *(rnd.choice([1, 2, 3, 4, 5, 6, 7, 99]) for _ in questions),
                rnd.choice(["", "", "Tesco", "Aldi", "Marks and Spencer", "Other: corner shop"]),
                rnd.choice(
                    [
                        "",
                        "Too expensive",
                        f"The staff member {g.first_name()} was lovely",
                        "Delivery was late",
                        f"Contact me at {g.email()}",
                    ]
                ),
                rnd.choice(
                    [
                        "",
                        "No comments",
                        "n/a",
                        f"Ask for {g.name()} at the Leeds branch",
                        "Great survey!",
                    ]
                ),
            ]
        )
