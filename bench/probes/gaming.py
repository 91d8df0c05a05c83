"""Probe: an online game's players, match chat and abuse reports.

players.parquet (gamer tags "xXShadowHunterXx" or "mike_92", real names, e-mails, birth
years, last IPs, device UUIDs, ranks "Gold III", clans), chat.jsonl (epoch-millisecond
times, a sender's tag, messages "gg mike_92", "add me on discord shadow#1234", "my insta
is @jen.k"), reports.csv (reporter and reported tags, a reason in the reporter's words).

    python -m bench.probes.gaming 3000 /tmp/gaming && safeset run /tmp/gaming
"""

import csv
import random
import uuid

import polars as pl

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_US", "pt_BR", "de_DE", "pl_PL"]
fk = seeded(locs, 4900)
rnd = random.Random(49)
WORDS = ["Shadow", "Hunter", "Dark", "Wolf", "Ninja", "Pixel", "Storm", "Frost", "Blade"]
players = []
for i in range(max(40, n // 5)):
    g = fk[locs[i % 4]]
    first, last = g.first_name(), g.last_name()
    tag = rnd.choice(
        [
            f"xX{rnd.choice(WORDS)}{rnd.choice(WORDS)}Xx",
            f"{first.lower()}_{rnd.randint(80, 99)}",
            f"{rnd.choice(WORDS)}{last[:4]}{rnd.randint(1, 999)}",
            f"{first}{last}",
        ]
    )
    players.append(
        {
            "player_id": str(uuid.UUID(int=rnd.getrandbits(128))),
            "gamer_tag": tag,
            "real_name": f"{first} {last}",
            "email": g.email(),
            "birth_year": rnd.randint(1980, 2010),
            "country": g.current_country_code(),
            "last_ip": g.ipv4_public(),
            "device_id": str(uuid.UUID(int=rnd.getrandbits(128))).upper(),
            "rank": rnd.choice(["Bronze", "Silver", "Gold", "Platinum", "Diamond"])
            + " "
            + rnd.choice(["I", "II", "III"]),
            "clan": rnd.choice(
                ["", "[FROST] Frost Giants", "[NOOB] No Ordinary Ones", "[ACE] Aces High"]
            ),
            "hours_played": round(rnd.uniform(1, 3000), 1),
            "banned": rnd.random() < 0.03,
        }
    )
pl.DataFrame(players).write_parquet(out / "players.parquet")
chat = []
for i in range(n):
    p, q = rnd.choice(players), rnd.choice(players)
    g = fk[locs[i % 4]]
    chat.append(
        {
            "match_id": 7_000_000 + i // 12,
            "ts": 1_735_689_600_000 + i * 4111,
            "player_id": p["player_id"],
            "sender": p["gamer_tag"],
            "channel": rnd.choice(["all", "team"]),
            "message": rnd.choice(
                [
                    "gg",
                    "gg wp",
                    f"gg {q['gamer_tag']}",
                    "lol",
                    "nice shot",
                    "rush B",
                    "ff 15",
                    f"add me on discord {q['gamer_tag'].lower()}#{rnd.randint(1000, 9999)}",
                    f"my insta is @{g.user_name()}",
                    f"{q['real_name'].split()[0]} is that you??",
                    f"text me {g.phone_number()}",
                    "who wants to duo",
                    "lag again",
                ]
            ),
        }
    )
write_jsonl(out / "chat.jsonl", chat)
with (out / "reports.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["report_id", "reporter", "reported", "match_id", "category", "details", "created"])
    for i in range(n // 4):
        p, q = rnd.choice(players), rnd.choice(players)
        w.writerow(
            [
                90000 + i,
                p["gamer_tag"],
                q["gamer_tag"],
                7_000_000 + rnd.randint(0, n // 12),
                rnd.choice(["cheating", "toxicity", "afk", "name"]),
                rnd.choice(
                    [
                        "",
                        "aimbot obviously",
                        f"{q['gamer_tag']} kept spamming slurs",
                        f"he says his real name is {q['real_name']} and threatened me",
                        f"posted my address {fk['en_US'].street_address()}",
                        "left every round",
                    ]
                ),
                fk["en_US"].date_time_between("-90d").isoformat(),
            ]
        )
