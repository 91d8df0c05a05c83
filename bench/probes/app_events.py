"""Probe: a mobile app's users and their analytics events.

users.parquet (names, e-mails, phones, sign-up IPs, a birth year as a number) and
events.jsonl as an analytics pipeline writes it: session UUIDs, user agents, IPv4,
latitude/longitude, page URLs whose query strings carry e-mails and names, an event's
``properties`` as a JSON string, and what users typed in the search box (short text
that sometimes names a person, a street or a shop).

    python -m bench.probes.app_events 20000 /tmp/events && safeset run /tmp/events
"""

import json
import random
import uuid
from urllib.parse import urlencode

import polars as pl

from bench.probes import people, rows_and_folder, seeded

n, out = rows_and_folder()
locs = ["en_US", "en_GB", "de_DE", "fr_FR", "it_IT", "sv_SE"]
fk = seeded(locs, 4400)
rnd = random.Random(44)
EVENTS = ["app_open", "search", "view_item", "add_to_cart", "checkout", "share", "logout"]
QUERIES = [
    "{shop} opening hours",
    "{first} {last}",
    "pizza near {street}",
    "{item}",
    "{item} {city}",
    "how to reset password",
    "gift for {first}",
]
SHOPS = ["Tesco Extra", "Lidl", "Carrefour Market", "Coop Konsum", "Esselunga", "Walgreens"]
ITEMS = ["running shoes", "usb-c cable", "espresso machine", "yoga mat", "kids bike"]

users = []
for _, loc, g, first, last in people(n, locs, fk):
    users.append(
        {
            "uid": str(uuid.UUID(int=rnd.getrandbits(128))),
            "first_name": first,
            "last_name": last,
            "email": g.email(),
            "phone": g.phone_number(),
            "signup_ip": g.ipv4_public(),
            "birth_year": rnd.randint(1950, 2008),
            "country": loc[-2:],
            "street": g.street_name(),
            "city": g.city(),
            "marketing_opt_in": rnd.random() < 0.4,
        }
    )
agents = [fk["en_US"].user_agent() for _ in range(200)]
with open(out / "events.jsonl", "w", encoding="utf-8") as f:
    for _ in range(n * 4):
        u = users[rnd.randrange(n)]
        friend = users[rnd.randrange(n)]
        event = rnd.choice(EVENTS)
        query = rnd.choice(QUERIES).format(
            shop=rnd.choice(SHOPS), first=friend["first_name"], last=friend["last_name"],
            street=u["street"], item=rnd.choice(ITEMS), city=u["city"],
        )  # fmt: skip
        params = {"utm_source": rnd.choice(["newsletter", "push", "organic"])}
        if params["utm_source"] == "newsletter":
            params["email"] = u["email"]
        if event == "share":
            params["to"] = f"{friend['first_name']} {friend['last_name']}"
        props = {"screen": rnd.choice(["home", "search", "item", "cart"]),
                 "items": rnd.randint(0, 5), "ab_group": rnd.choice("AB")}  # fmt: skip
        if event == "checkout":
            props["delivery_phone"] = u["phone"]
        f.write(json.dumps({
            "event_id": str(uuid.UUID(int=rnd.getrandbits(128))),
            "uid": u["uid"],
            "session": str(uuid.UUID(int=rnd.getrandbits(128))),
            "event": event,
            "ts": f"2026-{rnd.randint(1, 11):02d}-{rnd.randint(1, 28):02d}T"
                  f"{rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d}Z",
            "ip": u["signup_ip"] if rnd.random() < 0.5 else fk["en_US"].ipv4_public(),
            "user_agent": rnd.choice(agents),
            "lat": round(rnd.uniform(36, 60), 5),
            "lon": round(rnd.uniform(-8, 20), 5),
            "page": f"https://shop.example.com/{props['screen']}?{urlencode(params)}",
            "search_query": query if event == "search" else None,
            "properties": json.dumps(props),
        }, ensure_ascii=False) + "\n")  # fmt: skip
pl.DataFrame(users).write_parquet(out / "users.parquet")
