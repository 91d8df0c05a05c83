"""Probe: a social app's profiles and follow graph, written as people write online.

profiles.jsonl (handles, display names with emoji and pronouns "Anna 🌸 (she/her)",
"✨ Tom Ruiz ✨", bios "📍 Leeds | 🎂 14.03 | ig: anna.b", a website, a joined date, counts),
follows.csv (follower and followee as profile ids, a time), posts.jsonl (a profile id, a
text with @mentions and #hashtags, "happy birthday @tomruiz 🎉", a location tag, likes).

    python -m bench.probes.social 3000 /tmp/social && safeset run /tmp/social
"""

import csv
import random

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
fk = seeded(["en_GB", "en_US", "fr_FR"], 6400)
rnd = random.Random(64)
locs = list(fk)
EMOJI = ["🌸", "✨", "🔥", "🌈", "☕", "🎧"]
profiles = []
for i in range(max(60, n // 5)):
    g = fk[locs[i % 3]]
    first, last = g.first_name(), g.last_name()
    handle = rnd.choice(
        [
            f"{first.lower()}{last.lower()}",
            f"{first.lower()}.{last[0].lower()}",
            f"{first.lower()}_{rnd.randint(80, 99)}",
        ]
    )
    e = rnd.choice(EMOJI)
    profiles.append(
        {
            "id": 880_000 + i * 7,
            "handle": handle,
            "display_name": rnd.choice(
                [
                    f"{first} {e} ({rnd.choice(['she/her', 'he/him', 'they/them'])})",
                    f"{e} {first} {last} {e}",
                    f"{first} {last[0]}.",
                ]
            ),
            "bio": rnd.choice(
                [
                    f"📍 {g.city()} | 🎂 {rnd.randint(1, 28):02d}.{rnd.randint(1, 12):02d}"
                    f" | ig: {handle}",
                    "coffee, code, cats",
                    f"{e} living my best life",
                    f"Mum of two. Married to @{first.lower()}{rnd.randint(1, 9)}",
                    "",
                ]
            ),
            "website": rnd.choice([None, f"https://{first.lower()}{last.lower()}.example"]),
            "joined": g.date_between("-8y").isoformat(),
            "followers": rnd.randint(0, 5000),
        }
    )
write_jsonl(out / "profiles.jsonl", profiles)
with (out / "follows.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["follower", "followee", "since"])
    for _ in range(n):
        a, b = rnd.sample(profiles, 2)
        w.writerow([a["id"], b["id"], fk["en_GB"].date_between("-3y").isoformat()])
posts = []
for i in range(n):
    p, q = rnd.sample(profiles, 2)
    friend = rnd.choice(profiles)["display_name"].split()[0]
    posts.append(
        {
            "post_id": f"p{i:07d}",
            "profile_id": p["id"],
            "text": rnd.choice(
                [
                    f"happy birthday @{q['handle']} 🎉",
                    "monday again ☕",
                    f"great night with @{q['handle']} and {friend}",
                    "#throwback to summer 🌈",
                    "new blog post, link in bio",
                ]
            ),
            "location": rnd.choice([None, fk[locs[i % 3]].city()]),
            "likes": rnd.randint(0, 900),
        }
    )
write_jsonl(out / "posts.jsonl", posts)
