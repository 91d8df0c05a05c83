"""Probe: a motor insurer's claims, as nested JSON Lines, and its policy holders.

policies.csv (policy numbers, holders, birth dates, addresses, a vehicle's plate and
17-character VIN, an annual premium) and claims.jsonl (a claim's policy number, the
incident's date, place and description in the holder's language naming the other
driver, witnesses with phones, the police report's number, a garage (a firm with its
own address and phone), the adjuster (staff), amounts).

    python -m bench.probes.claims 10000 /tmp/claims && safeset run /tmp/claims
"""

import json
import random

import polars as pl

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
locs = ["de_DE", "fr_FR", "it_IT", "en_GB", "pl_PL", "cs_CZ"]
fk = seeded(locs, 1200)
rnd = random.Random(12)
STORIES = {
    "de_DE": "Auf der {street} in {city} fuhr mir {other} ({plate}) beim Abbiegen in die "
             "Seite. Zeuge {witness} (Tel. {phone}) hat alles gesehen.",
    "fr_FR": "Rue {street} à {city}, {other} (immatriculé {plate}) m'a percuté à l'arrière. "
             "Le témoin {witness} ({phone}) confirme.",
    "it_IT": "In {street} a {city} il signor {other} (targa {plate}) non ha rispettato lo "
             "stop. Testimone: {witness}, tel. {phone}.",
    "en_GB": "On {street}, {city}, {other} (reg {plate}) reversed into my car. Witness "
             "{witness} can be reached on {phone}.",
    "pl_PL": "Na ulicy {street} w {city} pan {other} (nr rej. {plate}) wjechał mi w tył. "
             "Świadek {witness}, tel. {phone}.",
    "cs_CZ": "V ulici {street} v {city} do mě zezadu narazil {other} (SPZ {plate}). "
             "Svědek {witness}, tel. {phone}.",
}  # fmt: skip
VIN = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"

holders = []
for i in range(n):
    loc = locs[i % len(locs)]
    g = fk[loc]
    holders.append({
        "policy_number": f"MTR-{rnd.randint(10**6, 10**7 - 1)}",
        "holder": g.name(),
        "born": g.date_of_birth(minimum_age=18, maximum_age=90).isoformat(),
        "address": g.address().replace("\n", ", "),
        "plate": g.license_plate(),
        "vin": "".join(rnd.choice(VIN) for _ in range(17)),
        "premium_eur": round(rnd.uniform(240, 2400), 2),
        "loc": loc,
    })  # fmt: skip
adjusters = [fk["en_GB"].name() for _ in range(40)]
garages = {loc: [{"name": fk[loc].company(), "address": fk[loc].address().replace("\n", ", "),
                  "phone": fk[loc].phone_number()} for _ in range(30)] for loc in locs}  # fmt: skip
with open(out / "claims.jsonl", "w", encoding="utf-8") as f:
    for k in range(int(n * 0.8)):
        h = holders[rnd.randrange(n)]
        loc = h["loc"]
        g = fk[loc]
        other = holders[rnd.randrange(n)]
        witness = g.name()
        f.write(json.dumps({
            "claim_id": f"CLM-{2026}-{k:06d}",
            "policy_number": h["policy_number"],
            "incident": {
                "date": g.date_between("-1y").isoformat(),
                "city": g.city(),
                "description": STORIES[loc].format(
                    street=g.street_name(), city=g.city(), other=other["holder"],
                    plate=other["plate"], witness=witness, phone=g.phone_number(),
                ),
            },
            "witnesses": [{"name": witness, "phone": g.phone_number()}],
            "police_report": f"{rnd.randint(100, 999)}/{rnd.randint(1000, 9999)}/26",
            "garage": rnd.choice(garages[loc]),
            "adjuster": rnd.choice(adjusters),
            "amount_claimed_eur": round(rnd.uniform(150, 25000), 2),
            "status": rnd.choice(["open", "approved", "rejected", "paid"]),
        }, ensure_ascii=False) + "\n")  # fmt: skip
pl.DataFrame([{k: v for k, v in h.items() if k != "loc"} for h in holders]).write_csv(
    out / "policies.csv"
)
