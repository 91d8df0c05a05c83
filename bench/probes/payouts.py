"""Probe: a freelance marketplace's payouts to its sellers, sole traders and firms.

sellers.csv: a seller id, the trading name (a sole trader trades under their own name,
"Anna Berg Design", "J. Okafor Plumbing", or a firm "Nordlicht GmbH"), the owner's name,
an IBAN written in groups ("DE89 3704 0044 0532 0130 00"), a BIC, an EU VAT number
("DE123456789", "FR40303265045"), a country. payouts.jsonl: a payout per line (seller
id, amount, currency, the bank's remittance line "SEPA CT Anna Berg Design INV-2026-0412",
a status and a failure reason that quotes the IBAN).

    python -m bench.probes.payouts 3000 /tmp/payouts && safeset run /tmp/payouts
"""

import csv
import random
import string

from bench.probes import people, rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
LOCS = ["de_DE", "fr_FR", "nl_NL", "es_ES", "it_IT", "en_IE"]
fk = seeded(LOCS, 2700)
rnd = random.Random(27)
TRADES = ["Design", "Plumbing", "Photography", "Translations", "Consulting", "Web Studio"]
FORMS = {"de_DE": "GmbH", "fr_FR": "SARL", "nl_NL": "B.V.", "es_ES": "S.L.", "it_IT": "S.r.l.",
         "en_IE": "Ltd"}  # fmt: skip


def vat(loc: str) -> str:
    cc = loc[-2:].replace("IE", "IE")
    return cc + "".join(rnd.choices(string.digits, k=9 if cc != "FR" else 11))


sellers = []
for i, loc, g, first, last in people(max(60, n // 5), LOCS, fk):
    kind = rnd.random()
    if kind < 0.4:
        trading = f"{first} {last} {rnd.choice(TRADES)}"
    elif kind < 0.6:
        trading = f"{first[0]}. {last} {rnd.choice(TRADES)}"
    else:
        trading = f"{g.last_name()} {FORMS[loc]}"
    iban = g.iban()
    sellers.append(
        {
            "seller_id": f"S{40000 + i}",
            "trading_name": trading,
            "owner": f"{first} {last}",
            "iban": " ".join(iban[k : k + 4] for k in range(0, len(iban), 4)),
            "bic": g.swift(length=8),
            "vat_number": vat(loc),
            "country": loc[-2:],
        }
    )
with (out / "sellers.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(sellers[0]))
    w.writeheader()
    w.writerows(sellers)
payouts = []
for _k in range(n):
    s = rnd.choice(sellers)
    ok = rnd.random() < 0.9
    payouts.append(
        {
            "payout_id": f"po_{rnd.getrandbits(48):012x}",
            "seller_id": s["seller_id"],
            "amount": round(rnd.uniform(20, 4000), 2),
            "currency": "EUR",
            "remittance": f"SEPA CT {s['trading_name']} INV-2026-{rnd.randint(1, 9999):04d}",
            "status": "paid" if ok else "failed",
            "failure_reason": None
            if ok
            else rnd.choice(
                [
                    f"Account closed ({s['iban'].replace(' ', '')})",
                    f"Name mismatch: bank holds {s['owner'].upper()}",
                    "Invalid BIC",
                ]
            ),
        }
    )
write_jsonl(out / "payouts.jsonl", payouts)
