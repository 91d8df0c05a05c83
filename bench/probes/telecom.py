"""Probe: a mobile operator's subscribers and call detail records.

subscribers.csv (MSISDNs in international form, IMSIs and IMEIs: 15 digits each, an
IMEI with its Luhn check digit as a card has one; names, birth dates, addresses, a
tariff) and cdr.parquet (caller and callee numbers, the callee often another
subscriber; cell ids written "MCC-MNC-LAC-CI", durations, data volumes, the handset's
IMEI) and care_notes.jsonl (an agent's short notes that quote numbers and names).

    python -m bench.probes.telecom 20000 /tmp/telecom && safeset run /tmp/telecom
"""

import json
import random

import polars as pl

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
locs = ["de_DE", "en_GB", "fr_FR", "pl_PL", "es_ES"]
CC = {"de_DE": ("49", "262"), "en_GB": ("44", "234"), "fr_FR": ("33", "208"),
      "pl_PL": ("48", "260"), "es_ES": ("34", "214")}  # fmt: skip
fk = seeded(locs, 5300)
rnd = random.Random(53)
TARIFFS = ["Prepaid S", "Flex M", "Unlimited L", "Business XL"]
NOTES = [
    "Customer {name} called about roaming charges, refunded 4.99.",
    "Number {msisdn} reported stolen, SIM blocked, new IMEI {imei} registered.",
    "Port-out request for {msisdn}, PAC sent by SMS.",
    "{name} asked to change tariff to {tariff}.",
    "Complaint: no coverage at cell {cell}, ticket escalated.",
    "Called back {first}, issue solved.",
]


def luhn(digits: str) -> str:
    """``digits`` with its Luhn check digit, as an IMEI's 15th digit is."""
    total = 0
    for i, d in enumerate(reversed(digits)):
        k = int(d) * (2 if i % 2 == 0 else 1)
        total += k - 9 if k > 9 else k
    return digits + str((10 - total % 10) % 10)


subs = []
for i in range(n):
    loc = locs[i % len(locs)]
    g = fk[loc]
    cc, mcc = CC[loc]
    first, last = g.first_name(), g.last_name()
    subs.append(
        {
            "subscriber_id": 7_000_000 + i,
            "msisdn": f"+{cc}{rnd.randint(10**9, 10**10 - 1)}",
            "imsi": f"{mcc}0{rnd.randint(1, 9)}{rnd.randint(10**9, 10**10 - 1)}",
            "imei": luhn(f"35{rnd.randint(10**11, 10**12 - 1)}"),
            "name": f"{first} {last}",
            "born": g.date_of_birth(minimum_age=16, maximum_age=90).isoformat(),
            "address": g.address().replace("\n", ", "),
            "tariff": rnd.choice(TARIFFS),
            "activated": g.date_between("-10y").isoformat(),
            "first": first,
            "mcc": mcc,
        }
    )
cdr = []
for k in range(n * 4):
    a = subs[rnd.randrange(n)]
    b = subs[rnd.randrange(n)]
    external = rnd.random() < 0.3
    callee = f"+{rnd.choice(list(CC.values()))[0]}{rnd.randint(10**9, 10**10 - 1)}"
    cdr.append({
        "record_id": f"CDR{k:010d}",
        "caller": a["msisdn"],
        "callee": callee if external else b["msisdn"],
        "started": f"2026-{rnd.randint(1, 11):02d}-{rnd.randint(1, 28):02d} "
                   f"{rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d}",
        "duration_s": rnd.randint(0, 3600),
        "cell_id": f"{a['mcc']}-01-{rnd.randint(1000, 65000)}-{rnd.randint(1, 999)}",
        "imei": a["imei"],
        "bytes_up": rnd.randint(0, 10**7),
        "bytes_down": rnd.randint(0, 10**8),
        "service": rnd.choice(["voice", "sms", "data", "volte"]),
    })  # fmt: skip
with open(out / "care_notes.jsonl", "w", encoding="utf-8") as f:
    for k in range(n // 2):
        s = subs[rnd.randrange(n)]
        note = rnd.choice(NOTES).format(
            name=s["name"], msisdn=s["msisdn"], imei=s["imei"], tariff=rnd.choice(TARIFFS),
            cell=f"{s['mcc']}-01-{rnd.randint(1000, 65000)}-{rnd.randint(1, 999)}",
            first=s["first"],
        )  # fmt: skip
        f.write(json.dumps({"case": f"CASE-{k:06d}", "subscriber_id": s["subscriber_id"],
                            "agent": f"agent{rnd.randint(1, 80):03d}", "note": note},
                           ensure_ascii=False) + "\n")  # fmt: skip
drop = {"first", "mcc"}
pl.DataFrame([{k: v for k, v in s.items() if k not in drop} for s in subs]).write_csv(
    out / "subscribers.csv"
)
pl.DataFrame(cdr).write_parquet(out / "cdr.parquet")
