"""Probe: a fitness app's athletes, their recorded activities and the comments on them.

athletes.parquet (usernames joining names, a device serial, weight, birth year, bios with
an Instagram handle or a running partner), activities.jsonl (titles such as "Morning Run",
"Run with Anna", "Parkrun Leeds"; a ``start_latlng`` pair and a GPS ``track`` as lists of
[lat, lng] to six decimals; private notes naming a physio or a friend) and comments.jsonl
("@username see you at parkrun", "Kudos from Anna B.").

    python -m bench.probes.fitness 3000 /tmp/fitness && safeset run /tmp/fitness
"""

import datetime
import random

import polars as pl

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_GB", "de_DE", "nl_NL", "en_AU"]
fk = seeded(locs, 4600)
rnd = random.Random(46)
athletes = []
for i in range(max(30, n // 10)):
    g = fk[locs[i % 4]]
    first, last = g.first_name(), g.last_name()
    athletes.append({
        "athlete_id": 9_000_000 + i * 37,
        "username": f"{first.lower()}{last.lower()[:3]}{rnd.randint(1, 99)}",
        "firstname": first, "lastname": last, "sex": rnd.choice(["M", "F"]), "city": g.city(),
        "country": g.current_country_code(), "weight_kg": round(rnd.uniform(50, 100), 1),
        "birth_year": rnd.randint(1955, 2005), "premium": rnd.random() < 0.3,
        "device_serial": f"{rnd.choice(['GRM', 'WHP', 'APL'])}{rnd.randint(10**8, 10**9)}",
        "bio": rnd.choice(["", "Marathoner. Coffee addict.", f"Running with {g.first_name()} "
                           "every Sunday", f"IG: @{first.lower()}.{last.lower()}",
                           f"Triathlete from {g.city()}"]),
    })  # fmt: skip
pl.DataFrame(athletes).write_parquet(out / "athletes.parquet")
activities = []
start = datetime.datetime(2025, 1, 1, 6)
for i in range(n):
    a, g = rnd.choice(athletes), fk[locs[i % 4]]
    lat0, lng0 = rnd.uniform(48, 55), rnd.uniform(-3, 12)
    track = [[round(lat0 + k * 0.0003 + rnd.uniform(-1e-4, 1e-4), 6), round(lng0 + k * 0.0004, 6)]
             for k in range(rnd.randint(3, 8))]  # fmt: skip
    activities.append({
        "activity_id": 10_000_000_000 + i * 7919, "athlete_id": a["athlete_id"],
        "type": rnd.choice(["Run", "Ride", "Swim", "Walk"]),
        "name": rnd.choice(["Morning Run", "Lunch Ride", f"Run with {g.first_name()}",
                            f"Parkrun {g.city()}", "Evening Walk",
                            f"{g.first_name()}'s birthday ride"]),
        "start_date": (start + datetime.timedelta(hours=rnd.randint(0, 8000))).isoformat() + "Z",
        "distance_m": round(rnd.uniform(1000, 42000), 1), "moving_time_s": rnd.randint(600, 14000),
        "avg_hr": rnd.randint(110, 175), "start_latlng": track[0], "track": track,
        "private_note": rnd.choice(["", "", f"Knee hurt again, see physio Dr. {g.last_name()}",
                                    f"Met {g.name()} at the cafe", "PB!"]),
    })  # fmt: skip
write_jsonl(out / "activities.jsonl", activities)
comments = []
for _ in range(n // 2):
    a, who = rnd.choice(athletes), rnd.choice(athletes)
    comments.append({
        "activity_id": rnd.choice(activities)["activity_id"], "athlete_id": who["athlete_id"],
        "text": rnd.choice([f"Great pace {a['firstname']}!", "Nice one",
                            f"@{a['username']} see you at parkrun",
                            f"Kudos from {who['firstname']} {who['lastname'][0]}."]),
    })  # fmt: skip
write_jsonl(out / "comments.jsonl", comments)
