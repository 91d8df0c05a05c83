"""Probe: a dating app's profiles and messages.

profiles.jsonl (first names, ages, heights, a city, a bio in the member's words "Hi, I'm
Sarah, 29, nurse from Leeds. WhatsApp me on 07700 900123", prompts as a list of question
and answer objects, photos with captions naming friends, preferences as an object) and
messages.csv (sender and recipient ids, times, bodies "Hey Tom! Saw you like hiking",
"my number is ...", "I'm at 12 Mill Lane, come by").

    python -m bench.probes.dating 3000 /tmp/dating && safeset run /tmp/dating
"""

import csv
import random

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_GB", "en_US", "es_ES"]
fk = seeded(locs, 5200)
rnd = random.Random(52)
JOBS = ["nurse", "teacher", "developer", "chef", "student", "lawyer", "designer"]
profiles = []
for i in range(max(40, n // 4)):
    g = fk[locs[i % 3]]
    first, age, city = g.first_name(), rnd.randint(21, 55), g.city()
    profiles.append(
        {
            "member_id": 300000 + i * 13,
            "first_name": first,
            "age": age,
            "height_cm": rnd.randint(150, 200),
            "city": city,
            "gender": rnd.choice(["M", "F", "NB"]),
            "bio": rnd.choice(
                [
                    f"Hi, I'm {first}, {age}, {rnd.choice(JOBS)} from {city}.",
                    f"WhatsApp me on {g.phone_number()}",
                    "Dog person. Coffee snob.",
                    f"Looking for my partner in crime. Snap: {g.user_name()}",
                    "",
                    f"Just moved to {city} from {g.city()}",
                ]
            ),
            "prompts": [
                {
                    "q": "My ideal Sunday",
                    "a": rnd.choice(["Brunch and a long walk", "Hiking", "Sleeping in"]),
                },
                {
                    "q": "Two truths and a lie",
                    "a": rnd.choice(
                        [
                            f"I met {g.name()} once, I can juggle, I hate pizza",
                            "I speak 3 languages",
                            f"My best friend {g.first_name()} set this up",
                        ]
                    ),
                },
            ],
            "photos": [
                {
                    "url": f"https://cdn.example-dating.app/p/{300000 + i * 13}/{k}.jpg",
                    "caption": rnd.choice(
                        ["", "Me and " + g.first_name(), "Barcelona 2023", "My dog Max"]
                    ),
                }
                for k in range(rnd.randint(1, 3))
            ],
            "preferences": {
                "min_age": age - 5,
                "max_age": age + 8,
                "distance_km": rnd.choice([10, 25, 50]),
            },
        }
    )
write_jsonl(out / "profiles.jsonl", profiles)
with (out / "messages.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["message_id", "from_member", "to_member", "sent_at", "body", "read"])
    for i in range(n):
        a, b = rnd.sample(profiles, 2)
        g = fk[locs[i % 3]]
        w.writerow(
            [
                1_000_000 + i,
                a["member_id"],
                b["member_id"],
                g.date_time_between("-90d").isoformat(),
                rnd.choice(
                    [
                        f"Hey {b['first_name']}! Saw you like hiking",
                        "haha same",
                        "How's your week?",
                        f"my number is {g.phone_number()}",
                        f"I'm at {g.street_address()}, come by",
                        f"{a['first_name']} here, from the bar last night",
                        "Sorry, not feeling it",
                        f"Do you know {g.name()}? She's my cousin",
                    ]
                ),
                rnd.choice(["true", "false"]),
            ]
        )
