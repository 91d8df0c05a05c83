"""Probe: a US county's building permits register, written in capitals as such systems do.

permits.csv (one wide file: permit numbers, parcel numbers "123-456-78", site addresses,
owners who are people or "<SURNAME> FAMILY TRUST", mailing addresses, applicants, phones
with extensions "271.800.3485x98549", contractors' firms, licence numbers, work
descriptions "ADDITION PER PLANS BY <SURNAME> ARCHITECTS", inspectors as "J. ORTIZ", and
inspectors' notes in capitals: "MET CONTRACTOR KRISTINA ON SITE", "CALLED OWNER ... AT
<phone>").

    python -m bench.probes.permits 3000 /tmp/permits && safeset run /tmp/permits
"""

import csv
import random

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
g = seeded(["en_US"], 4700)["en_US"]
rnd = random.Random(47)
with (out / "permits.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["PERMIT_NO", "APN", "SITE_ADDRESS", "OWNER_NAME", "OWNER_MAILING_ADDR",
                "APPLICANT", "APPLICANT_PHONE", "CONTRACTOR", "CSLB_LIC", "WORK_DESC",
                "VALUATION", "ISSUED", "STATUS", "INSPECTOR", "INSPECTOR_NOTES"])  # fmt: skip
    for i in range(n):
        owner = g.name() if rnd.random() < 0.7 else f"{g.last_name()} FAMILY TRUST"
        site = g.street_address().upper()
        note = rnd.choice([
            "", "OK TO COVER", "FINAL OK",
            f"CORRECTION: NO ACCESS, CALLED OWNER {owner.split()[0].upper()} AT {g.phone_number()}",
            f"MET CONTRACTOR {g.first_name().upper()} ON SITE",
        ])  # fmt: skip
        w.writerow([
            f"B{2024 + i % 2}-{i:06d}",
            f"{rnd.randint(100, 999)}-{rnd.randint(100, 999)}-{rnd.randint(10, 99)}", site,
            owner.upper(), rnd.choice([site, g.address().replace("\n", ", ").upper()]),
            rnd.choice([owner, g.name()]), g.phone_number(), g.company().upper(),
            rnd.randint(100000, 1099999),
            rnd.choice(["REROOF 20 SQ", "ADU 600 SF", "KITCHEN REMODEL", "SOLAR PV 7.2KW",
                        f"ADDITION PER PLANS BY {g.last_name().upper()} ARCHITECTS"]),
            rnd.randint(2000, 400000), g.date_between("-2y").strftime("%m/%d/%Y"),
            rnd.choice(["ISSUED", "FINALED", "EXPIRED"]),
            rnd.choice(["J. ORTIZ", "M. CHEN", "T. WALSH", "R. PATEL"]), note,
        ])  # fmt: skip
