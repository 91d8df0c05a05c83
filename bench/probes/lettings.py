"""Probe: a letting agency's tenants, the flats they rent and their repair requests.

buildings.csv (the agency's own blocks: a street address each, a caretaker's office
phone; no person), tenants.json (the list an API returns under "tenants": a tenant,
the flat as "block, floor and door", a co-tenant, rent paid from an IBAN, a deposit
reference, an emergency contact; safeset asks for the list alone, so it is written as
one JSON array), repairs.jsonl (requests in Dutch, German and English
naming the tenant, a neighbour or a contractor, the flat, an access phone) and
meters.parquet (monthly readings: meter numbers of 8 to 12 digits, readings with
decimals, read-at times). A block's address is on hundreds of rows and is no person's.

    python -m bench.probes.lettings 8000 /tmp/lettings && safeset run /tmp/lettings
"""

import json
import random

import polars as pl

from bench.probes import people, rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["nl_NL", "de_DE", "en_GB"]
fk = seeded(locs, 8300)
rnd = random.Random(83)
blocks = []
for b in range(24):
    loc = locs[b % 3]
    g = fk[loc]
    blocks.append({
        "block_id": f"B{b + 1:03d}",
        "name": f"{g.last_name()} {rnd.choice(['Court', 'House', 'Residences', 'Hof', 'Gebouw'])}",
        "address": g.address().replace("\n", ", "),
        "caretaker_office": g.phone_number(),
        "locale": loc,
    })  # fmt: skip
contractors = [fk[loc].company() for loc in locs for _ in range(5)]
REPAIRS = {
    "nl_NL": ["De verwarming in {flat} doet het niet. {first} is thuis na 17 uur, bel {phone}.",
              "Lekkage bij de buren ({neighbour}) boven {flat}; graag {contractor} sturen."],
    "de_DE": ["Die Heizung in {flat} ist ausgefallen. {first} ist ab 17 Uhr da: {phone}.",
              "Wasserschaden, Nachbarin {neighbour} hat es gemeldet. Bitte {contractor} schicken."],
    "en_GB": ["Boiler in {flat} broken again, {first} home after 5pm, call {phone}.",
              "Leak from {neighbour}'s flat above {flat}; please send {contractor}."],
}  # fmt: skip
tenants, repairs, meters = [], [], []
for i, loc, g, first, last in people(n, locs, fk):
    block = rnd.choice([b for b in blocks if b["locale"] == loc])
    flat = f"{block['name']}, floor {rnd.randint(0, 12)}, door {rnd.randint(1, 8)}"
    phone = g.phone_number()
    co = fk[loc].name() if rnd.random() < 0.35 else None
    tenants.append({
        "tenant_no": f"T-{100000 + i}",
        "name": f"{first} {last}",
        "email": g.email(),
        "phone": phone,
        "block_id": block["block_id"],
        "flat": flat,
        "co_tenant": co,
        "rent_iban": g.iban(),
        "deposit_ref": f"DEP/{rnd.randint(2015, 2026)}/{rnd.randint(1, 99999):05d}",
        "emergency_contact": {"name": fk[loc].name(), "phone": fk[loc].phone_number()},
        "moved_in": g.date_between("-12y", "-1m").isoformat(),
    })  # fmt: skip
    for _ in range(rnd.choice([0, 0, 1, 1, 2])):
        repairs.append({
            "ticket": f"R{rnd.randint(10**6, 10**7 - 1)}",
            "tenant_no": f"T-{100000 + i}",
            "opened": g.date_time_between("-2y", "now").isoformat(timespec="minutes"),
            "request": rnd.choice(REPAIRS[loc]).format(
                flat=flat, first=first, phone=phone, neighbour=fk[loc].name(),
                contractor=rnd.choice(contractors)),
            "status": rnd.choice(["open", "scheduled", "done", "done", "done"]),
        })  # fmt: skip
    meter = f"{rnd.randint(10**7, 10**12 - 1)}"
    reading = rnd.uniform(1000, 90000)
    for month in range(1, 4):
        reading += rnd.uniform(50, 900)
        meters.append({
            "tenant_no": f"T-{100000 + i}",
            "meter_no": meter,
            "kind": rnd.choice(["gas", "electricity", "water"]),
            "reading": round(reading, 2),
            "read_at": f"2026-{month:02d}-{rnd.randint(1, 28):02d} {rnd.randint(7, 19):02d}:"
                       f"{rnd.randint(0, 59):02d}:00",
        })  # fmt: skip
pl.DataFrame([{k: v for k, v in b.items() if k != "locale"} for b in blocks]).write_csv(
    out / "buildings.csv"
)
(out / "tenants.json").write_text(json.dumps(tenants, ensure_ascii=False), encoding="utf-8")
write_jsonl(out / "repairs.jsonl", repairs)
pl.DataFrame(meters).write_parquet(out / "meters.parquet")
