"""Probe: a clinical trial's data listing, mostly codes and measurements.

subjects.csv (subject ids "101-0042", site numbers, age, sex, race, arm, randomisation
dates, initials "J.K."), labs.parquet (visit names, lab test codes, values and units,
reference ranges "3.5-5.0", flags), adverse_events.csv (MedDRA codes as 8-digit numbers
"10019211", preferred terms, severity, the investigator's narrative "Subject 101-0042
reported headache after dose 2; Dr. Okafor notified", the site's investigator).

    python -m bench.probes.trial 3000 /tmp/trial && safeset run /tmp/trial
"""

import csv
import datetime
import random

import polars as pl

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
g = seeded(["en_US"], 5500)["en_US"]
rnd = random.Random(55)
SITES = {
    101: "Dr. Amara Okafor",
    102: "Dr. Henrik Lund",
    103: "Dr. Priya Nair",
    104: "Dr. Tom Becker",
}
subjects = []
with (out / "subjects.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(
        ["subject_id", "site", "initials", "age", "sex", "race", "arm", "randomised", "status"]
    )
    for i in range(max(40, n // 20)):
        site = rnd.choice(list(SITES))
        sid = f"{site}-{i:04d}"
        subjects.append((sid, site))
        w.writerow(
            [
                sid,
                site,
                f"{g.first_name()[0]}.{g.last_name()[0]}.",
                rnd.randint(18, 80),
                rnd.choice(["M", "F"]),
                rnd.choice(["White", "Black", "Asian", "Other"]),
                rnd.choice(["PLACEBO", "DRUG 10MG", "DRUG 20MG"]),
                (
                    datetime.date(2025, 1, 6) + datetime.timedelta(days=rnd.randint(0, 200))
                ).isoformat(),
                rnd.choice(["ONGOING", "COMPLETED", "WITHDRAWN"]),
            ]
        )
TESTS = [
    ("ALT", "U/L", "7-56"),
    ("AST", "U/L", "10-40"),
    ("K", "mmol/L", "3.5-5.0"),
    ("NA", "mmol/L", "135-145"),
    ("HGB", "g/dL", "12.0-17.5"),
    ("CREAT", "mg/dL", "0.6-1.3"),
]
labs = []
for _ in range(n):
    sid, _ = rnd.choice(subjects)
    code, unit, rng = rnd.choice(TESTS)
    lo, hi = (float(x) for x in rng.split("-"))
    value = round(rnd.uniform(lo * 0.7, hi * 1.3), 1)
    labs.append(
        {
            "subject_id": sid,
            "visit": rnd.choice(["SCREENING", "WEEK 2", "WEEK 4", "WEEK 12"]),
            "test": code,
            "value": value,
            "unit": unit,
            "range": rng,
            "flag": "H" if value > hi else ("L" if value < lo else ""),
            "collected": f"2025-{rnd.randint(1, 9):02d}-{rnd.randint(10, 28)}"
            f"T08:{rnd.randint(10, 59)}",
        }
    )
pl.DataFrame(labs).write_parquet(out / "labs.parquet")
AES = [
    ("10019211", "Headache"),
    ("10028813", "Nausea"),
    ("10016256", "Fatigue"),
    ("10012735", "Diarrhoea"),
    ("10037660", "Pyrexia"),
    ("10003239", "Arthralgia"),
]
with (out / "adverse_events.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(
        [
            "ae_id",
            "subject_id",
            "meddra_code",
            "preferred_term",
            "severity",
            "serious",
            "onset",
            "narrative",
            "investigator",
        ]
    )
    for i in range(n // 3):
        sid, site = rnd.choice(subjects)
        code, term = rnd.choice(AES)
        inv = SITES[site]
        w.writerow(
            [
                f"AE{i:05d}",
                sid,
                code,
                term,
                rnd.choice(["MILD", "MODERATE", "SEVERE"]),
                rnd.choice(["N", "N", "Y"]),
                f"2025-{rnd.randint(1, 9):02d}-{rnd.randint(10, 28)}",
                rnd.choice(
                    [
                        f"Subject {sid} reported {term.lower()} after dose 2; {inv} notified",
                        f"{term} resolved without treatment",
                        "",
                        f"Subject's wife {g.first_name_female()} called the site at "
                        f"{g.phone_number()}",
                        f"Hospitalised at {g.city()} General, discharged day 3",
                    ]
                ),
                inv,
            ]
        )
