"""Probe: a CRM pair written by pandas, ids and phones as floats in one table.

pandas writes an integer column that has a missing value as float64, so
``customers.csv`` reads ``customer_id`` "920341.0", ``phone`` "447747645866.0" and ``zip``
"95241.0", while ``orders.csv`` holds the same ids and phones as integers and
``tickets.csv`` quotes them in text. Found in session 50: the float forms were keyed with
their ".0" (another key than the integer's) and faked with a fraction ("589537.3"): the
tables no longer joined on their fakes.

    python -m bench.probes.pandas_crm 600 /tmp/crm && safeset run /tmp/crm
"""

import random

import numpy as np
import pandas as pd

from bench.probes import people, rows_and_folder, seeded

n, out = rows_and_folder()
rng = np.random.default_rng(3)
rnd = random.Random(3)
locs = ["en_GB", "en_IE", "de_DE", "nl_NL"]
fk = seeded(locs, 30)
ids = rng.choice(np.arange(700_000, 999_999), n, replace=False)
phones = rng.choice(np.arange(447_700_000_000, 447_799_999_999), n, replace=False)
names = [f"{first} {last}" for _, _, _, first, last in people(n, locs, fk)]
customers = pd.DataFrame({
    "customer_id": ids.astype(float), "name": names, "phone": phones.astype(float),
    "zip": rng.integers(10_000, 99_999, n).astype(float),
})  # fmt: skip
for column, every in (("customer_id", 41), ("phone", 17), ("zip", 13)):
    customers.loc[customers.index % every == 5, column] = np.nan
customers.to_csv(out / "customers.csv", index=False)
pd.DataFrame({
    "order_id": range(1, 3 * n + 1),
    "customer_id": [int(ids[i % n]) for i in range(3 * n)],
    "contact_phone": [str(int(phones[i % n])) for i in range(3 * n)],
    "total": rng.integers(5, 500, 3 * n),
}).to_csv(out / "orders.csv", index=False)  # fmt: skip
tickets = []
for i in range(0, n, 2):
    first = names[i].split()[0]
    tickets.append({
        "ticket_id": f"T-{1000 + i}",
        "body": f"Hi, my customer number is {int(ids[i])}. Please call me back on "
                f"{int(phones[i])} about my refund. Thanks, {first}",
    })  # fmt: skip
pd.DataFrame(tickets).to_csv(out / "tickets.csv", index=False)
