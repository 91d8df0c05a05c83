"""Probe: one small bank's bundle in three formats, each with a shape of its own.

tickets.csv: quoted free text over several lines, with quotes and typographic quotes
inside, a requester, their e-mail and a ticket number. contacts.jsonl: records that
differ in their keys (an e-mail for half, a list of phones for some, a nested address
for a fifth), under row ids 0 to N-1. accounts.parquet: account numbers with their
letter prefix run in ("ACC64167485"), holders, a decimal balance, a time zone's
timestamp, and a list of cards as structs whose ``last4`` (four digits, kept) meets the
contacts' row ids as often as chance has it.

    python -m bench.probes.ledger_formats 1500 /tmp/ledger && safeset run /tmp/ledger
"""

import csv
import datetime
import decimal
import json
import random

import pyarrow as pa
import pyarrow.parquet as pq

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
g = seeded(["en_GB"], 3)["en_GB"]
rnd = random.Random(3)

with (out / "tickets.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["ticket_id", "opened", "requester", "requester_email", "description",
                "priority"])  # fmt: skip
    for i in range(n):
        first, last = g.first_name(), g.last_name()
        description = rnd.choice([
            f'Hi,\n\nmy name is {first} {last} and the "export" button fails.\n'
            f"Call me on {g.phone_number()}.\n\nThanks, {first}",
            f"Printer on floor 3 broken, reported by {g.first_name()}, "
            f"ext. {rnd.randint(1000, 9999)}",
            "Password reset, done.",
            f"Customer says: “the invoice from {g.company()} is wrong”, see attached",
        ])  # fmt: skip
        w.writerow([f"INC{100000 + i}", g.date_time_this_year().isoformat(), f"{first} {last}",
                    g.email(), description, rnd.choice(["P1", "P2", "P3"])])  # fmt: skip

with (out / "contacts.jsonl").open("w", encoding="utf-8") as f:
    for i in range(n):
        record: dict[str, object] = {"id": i, "name": g.name()}
        if rnd.random() < 0.5:
            record["email"] = g.email()
        if rnd.random() < 0.3:
            record["phones"] = [g.phone_number() for _ in range(rnd.randint(1, 2))]
        if rnd.random() < 0.2:
            record["address"] = {"street": g.street_address(), "city": g.city(),
                                 "postcode": g.postcode()}  # fmt: skip
        f.write(json.dumps(record) + "\n")

start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
pq.write_table(pa.table({
    "account": [f"ACC{rnd.randint(10**7, 10**8)}" for _ in range(n)],
    "holder": [g.name() for _ in range(n)],
    "balance": pa.array([decimal.Decimal(f"{rnd.randint(0, 10**6)}.{rnd.randint(0, 99):02d}")
                         for _ in range(n)], pa.decimal128(12, 2)),
    "opened_at": pa.array([start + datetime.timedelta(days=rnd.randint(0, 1500))
                           for _ in range(n)], pa.timestamp("us", tz="UTC")),
    "cards": [[{"last4": f"{rnd.randint(0, 9999):04d}", "holder": g.name()}] for _ in range(n)],
}), out / "accounts.parquet")  # fmt: skip
