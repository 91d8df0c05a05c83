"""Probe: a bank's card and transfer ledger, one wide table, written as a core banking
export writes it.

transactions.csv: a dense transaction id, an account id (many rows per account), booking
time, amount and currency, the **counterparty** (a person for a transfer, a firm for a
card payment: one column of both, the firms often named after their founders, "Butler,
Coleman and Thompson", "Slater and Sons", "Fabory, a Grainger company"), the
counterparty's IBAN, a payment **reference** (short text: "Invoice 75061", "Rent June",
"Salary May 2025", "Thanks for dinner Tara", "Transfer to Lucila Barba", "Card payment"
and the counterparty word for word), a merchant category (kept), a town and the device's
IP address. Month names that are first names too (May, June, August) stand in the
references beside people of those names.

    python -m bench.probes.payments 50000 /tmp/payments && safeset run /tmp/payments
"""

import random

import polars as pl

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
locs = ["en_GB", "de_DE", "fr_FR", "nl_NL", "es_ES"]
fk = seeded(locs, 3800)
rnd = random.Random(38)
people = [fk[locs[i % 5]].name() for i in range(max(50, n // 3))]
firms = [fk[locs[i % 5]].company() for i in range(max(20, n // 15))]
towns = [fk[locs[i % 5]].city() for i in range(max(20, n // 25))]
ibans = [fk[locs[i % 5]].iban() for i in range(max(50, n // 2))]
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
CATEGORIES = ("groceries", "travel", "utilities", "restaurants", "transfer", "salary", "rent")


def reference(kind: int, person: str, firm: str) -> str:
    month, number = rnd.choice(MONTHS), rnd.randint(10000, 99999)
    return (
        f"Invoice {number}",
        f"Rent {month}",
        f"Thanks for dinner {person.split()[0]}",
        f"Refund order {number}",
        f"Card payment {firm}",
        f"Transfer to {person}",
        f"Salary {month} 2025",
        f"Direct debit ref {number}",
    )[kind]


rows = []
ids = rnd.sample(range(10**9), n)
for i in range(n):
    kind = rnd.randrange(8)
    person, firm = rnd.choice(people), rnd.choice(firms)
    rows.append(
        {
            "txn_id": f"TX{ids[i]:010d}",
            "account_id": f"AC-{rnd.randrange(max(10, n // 20)):06d}",
            "booked_at": f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d} "
            f"{rnd.randrange(24):02d}:{rnd.randrange(60):02d}:00",
            "amount": round(rnd.gammavariate(2, 40), 2),
            "currency": rnd.choice(("EUR", "GBP")),
            "counterparty": person if kind in (2, 5, 6, 7) else firm,
            "counterparty_iban": rnd.choice(ibans),
            "reference": reference(kind, person, firm),
            "merchant_category": rnd.choice(CATEGORIES),
            "city": rnd.choice(towns),
            "device_ip": ".".join(str(rnd.randint(1, 254)) for _ in range(4)),
        }
    )
pl.DataFrame(rows).write_csv(out / "transactions.csv")
