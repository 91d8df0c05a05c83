"""Probe: a shop's product reviews, whose brands are named after people.

users.csv: reviewers of five locales with a display name written as first name and
initial ("Paul S."), an e-mail, a country (kept) and a join date. reviews.jsonl: a
review per line, naming the product as brand and kind ("Paul Smith tote bag"), the
brand in a column of its own (kept: fashion houses named after their founders, "Michael
Kors", "Stella McCartney", "Ben & Jerry's"), stars, a short title (kept; "Gift for
Andrew", "Tom Ford never fails") and a body naming the brand, a friend or a partner, a
support agent, and sometimes the reviewer's e-mail.

    python -m bench.probes.reviews 8000 /tmp/reviews && safeset run /tmp/reviews
"""

import random

import polars as pl

from bench.probes import people, rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES"]
fk = seeded(locs, 7000)
rnd = random.Random(70)
BRANDS = ("Calvin Klein", "Kate Spade", "Ben & Jerry's", "Tommy Hilfiger", "Ralph Lauren",
          "Hugo Boss", "Michael Kors", "Dr. Martens", "Marc Jacobs", "Paul Smith",
          "Stella McCartney", "Victoria Beckham", "Jo Malone", "Estée Lauder",
          "Tom Ford")  # fmt: skip
KINDS = ("tote bag", "sneakers", "jacket", "perfume", "wallet", "boots", "dress", "watch")
users = []
for i, loc, g, first, last in people(max(50, n // 4), locs, fk):
    local = f"{first}.{last}".lower().replace(" ", "")
    users.append(
        {
            "user_id": f"U{100000 + i}",
            "display_name": f"{first} {last[0]}.",
            "email": f"{local}@{g.free_email_domain()}",
            "country": loc[-2:],
            "joined": str(g.date_between("-6y", "-1d")),
        }
    )
reviews = []
for i in range(n):
    u, brand, kind = rnd.choice(users), rnd.choice(BRANDS), rnd.choice(KINDS)
    friend, agent = fk[rnd.choice(locs)].first_name(), fk["en_GB"].first_name()
    body = rnd.choice(
        (
            f"Love my new {brand} {kind}! Bought it as a gift for {friend} and she adores it.",
            f"The {brand} {kind} arrived late. Support agent {agent} was helpful though.",
            f"Great quality, as always with {brand}. My husband {friend} wants one too.",
            f"Not what I expected from {brand}. Contact me at {u['email']} for details.",
            f"Hi, {u['display_name'].split()[0]} here - the {kind} is perfect.",
        )
    )
    title = rnd.choice(("Great!", "Disappointed", "As described", f"{brand} never fails",
                        f"Gift for {friend}"))  # fmt: skip
    reviews.append(
        {
            "review_id": f"R{i:07d}",
            "user_id": u["user_id"],
            "product": f"{brand} {kind}",
            "brand": brand,
            "stars": rnd.randint(1, 5),
            "title": title,
            "body": body,
            "created_at": f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
        }
    )
pl.DataFrame(users).write_csv(out / "users.csv")
write_jsonl(out / "reviews.jsonl", reviews)
