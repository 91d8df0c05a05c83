"""Probe: a retail bank's customers and their account transactions.

customers.parquet (tax ids of five countries, IBANs, birth dates, home addresses, a kept
branch) and transactions.csv written as a German bank exports it: semicolons, decimal
commas, day-first dates, and a purpose line ("Verwendungszweck") that names landlords,
friends, invoices and mandates; counterparties are mostly firms (Faker's own company
names, which hold surnames) and sometimes a customer paid by transfer.

    python -m bench.probes.bank 20000 /tmp/bank && safeset run /tmp/bank
"""

import random

import polars as pl

from bench.probes import people, rows_and_folder, seeded

n, out = rows_and_folder()
locs = ["de_DE", "fr_FR", "es_ES", "nl_NL", "en_GB"]
fk = seeded(locs, 9100)
rnd = random.Random(91)
TAX = {
    "de_DE": lambda g: str(rnd.randint(10**10, 10**11 - 1)),
    "fr_FR": lambda g: g.ssn(),
    "es_ES": lambda g: g.nif(),
    "nl_NL": lambda g: g.ssn(),
    "en_GB": lambda g: g.ssn(),
}
BRANCHES = ["Filiale Mitte", "Agence Opéra", "Sucursal Centro", "Kantoor Zuid", "City Branch"]
PURPOSE = {
    "de_DE": [
        "Miete {month} Whg {flat}",
        "Rechnung {invoice} Kundennr {num}",
        "Überweisung an {person}",
        "Danke für das Essen, {first}!",
        "SEPA-Lastschrift Mandat {mandate}",
        "Gehalt {month}",
    ],
    "fr_FR": [
        "Loyer {month} appt {flat}",
        "Facture {invoice} client {num}",
        "Virement à {person}",
        "Merci pour le resto {first} !",
        "Prélèvement SEPA mandat {mandate}",
        "Salaire {month}",
    ],
    "es_ES": [
        "Alquiler {month} piso {flat}",
        "Factura {invoice} cliente {num}",
        "Transferencia a {person}",
        "Gracias por la cena, {first}",
        "Recibo SEPA mandato {mandate}",
        "Nómina {month}",
    ],
    "nl_NL": [
        "Huur {month} app {flat}",
        "Factuur {invoice} klantnr {num}",
        "Overboeking naar {person}",
        "Bedankt voor het eten {first}!",
        "Incasso machtiging {mandate}",
        "Salaris {month}",
    ],
    "en_GB": [
        "Rent {month} flat {flat}",
        "Invoice {invoice} account {num}",
        "Transfer to {person}",
        "Thanks for dinner {first}!",
        "Direct debit mandate {mandate}",
        "Salary {month}",
    ],
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MCC = ["5411", "5812", "4111", "5732", "5999", "6011", "4900"]

customers = []
for i, loc, g, first, last in people(n, locs, fk):
    customers.append(
        {
            "customer_no": f"C-{40000000 + i * 7}",
            "first_name": first,
            "last_name": last,
            "born": g.date_of_birth(minimum_age=18, maximum_age=85),
            "tax_id": TAX[loc](g),
            "iban": g.iban(),
            "email": g.email(),
            "phone": g.phone_number(),
            "street": g.street_address(),
            "postcode": g.postcode(),
            "city": g.city(),
            "branch": BRANCHES[locs.index(loc)],
            "segment": rnd.choice(["retail", "premium", "student"]),
            "opened": g.date_between("-15y"),
            "locale": loc,
        }
    )
firms = {loc: [fk[loc].company() for _ in range(300)] for loc in locs}
cities = {loc: [fk[loc].city() for _ in range(60)] for loc in locs}
tx = []
for k in range(n * 3):
    c = customers[rnd.randrange(n)]
    loc = c["locale"]
    g = fk[loc]
    other = customers[rnd.randrange(n)]
    transfer = rnd.random() < 0.2
    purpose = rnd.choice(PURPOSE[loc]).format(
        month=rnd.choice(MONTHS),
        flat=f"{rnd.randint(1, 40)}{rnd.choice('ABC')}",
        invoice=f"{2026}-{rnd.randint(1, 99999):05d}",
        num=rnd.randint(10000, 999999),
        person=f"{other['first_name']} {other['last_name']}",
        first=other["first_name"],
        mandate=f"MD{rnd.randint(10**9, 10**10 - 1)}",
    )
    amount = rnd.uniform(-900, 2500) if not transfer else -rnd.uniform(5, 300)
    tx.append(
        {
            "tx_id": f"TX{k:09d}",
            "customer_no": c["customer_no"],
            "booked": g.date_between("-1y").strftime("%d.%m.%Y"),
            "amount": f"{amount:.2f}".replace(".", ","),
            "currency": "GBP" if loc == "en_GB" else "EUR",
            "counterparty": f"{other['first_name']} {other['last_name']}"
            if transfer
            else rnd.choice(firms[loc]),
            "counterparty_iban": other["iban"] if transfer else "",
            "purpose": purpose,
            "mcc": "" if transfer else rnd.choice(MCC),
            "merchant_city": "" if transfer else rnd.choice(cities[loc]),
            "channel": rnd.choice(["card", "sepa", "online", "atm"]),
        }
    )
pl.DataFrame([{k: v for k, v in c.items() if k != "locale"} for c in customers]).write_parquet(
    out / "customers.parquet"
)
pl.DataFrame(tx).write_csv(out / "transactions.csv", separator=";")
