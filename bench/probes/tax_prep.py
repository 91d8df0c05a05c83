"""Probe: a tax preparer's clients, their dependants and W-2 forms.

clients.csv (SSNs or ITINs "9XX-7X-XXXX", names, birth dates, filing status, a bank
routing number "021000021" and account for the refund, addresses), dependents.jsonl
(a client's SSN, dependants' names, birth dates, SSNs and relationship) and w2.csv
(employers as companies with their EIN "12-3456789", a company's address, wages and
withholdings, box 12 codes "D 4500.00", the preparer's notes "Client says Mark's
daycare was paid in cash").

    python -m bench.probes.tax_prep 3000 /tmp/tax_prep && safeset run /tmp/tax_prep
"""

import csv
import random

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
g = seeded(["en_US"], 5400)["en_US"]
rnd = random.Random(54)
ROUTING = ["021000021", "011401533", "091000019", "322271627", "061000104"]
clients = []
with (out / "clients.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(
        [
            "client_ssn",
            "first_name",
            "last_name",
            "dob",
            "filing_status",
            "occupation",
            "street",
            "city",
            "state",
            "zip",
            "refund_routing",
            "refund_account",
            "phone",
        ]
    )
    for _ in range(max(50, n // 3)):
        ssn = g.ssn() if rnd.random() < 0.9 else g.itin()
        first, last = g.first_name(), g.last_name()
        clients.append((ssn, first, last))
        w.writerow(
            [
                ssn,
                first,
                last,
                g.date_of_birth(minimum_age=18).isoformat(),
                rnd.choice(["single", "mfj", "mfs", "hoh"]),
                g.job(),
                g.street_address(),
                g.city(),
                g.state_abbr(),
                g.zipcode(),
                rnd.choice(ROUTING),
                str(rnd.randint(10**8, 10**12)),
                g.phone_number(),
            ]
        )
deps = []
for ssn, _first, last in clients:
    for _ in range(rnd.choice([0, 0, 1, 2, 3])):
        deps.append(
            {
                "client_ssn": ssn,
                "name": f"{g.first_name()} {last}",
                "ssn": g.ssn(),
                "dob": g.date_of_birth(maximum_age=17).isoformat(),
                "relationship": rnd.choice(["son", "daughter", "stepchild", "parent"]),
                "months_lived": rnd.choice([12, 12, 12, 6]),
            }
        )
write_jsonl(out / "dependents.jsonl", deps)
employers = [(g.company(), g.ein(), g.address().replace("\n", ", ")) for _ in range(40)]
with (out / "w2.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(
        [
            "form_id",
            "client_ssn",
            "employer",
            "employer_ein",
            "employer_address",
            "wages",
            "fed_withheld",
            "box12",
            "state_wages",
            "preparer_note",
        ]
    )
    for i in range(n):
        ssn, first, last = rnd.choice(clients)
        emp = rnd.choice(employers)
        wages = round(rnd.uniform(8000, 180000), 2)
        w.writerow(
            [
                f"W2-{2025}-{i:06d}",
                ssn,
                emp[0],
                emp[1],
                emp[2],
                wages,
                round(wages * 0.12, 2),
                rnd.choice(
                    ["", f"D {rnd.randint(500, 9000)}.00", f"DD {rnd.randint(2000, 15000)}.00"]
                ),
                wages,
                rnd.choice(
                    [
                        "",
                        "",
                        f"Client says {g.first_name()}'s daycare was paid in cash",
                        f"Spouse {g.first_name()} {last} works at {g.company()}",
                        "Missing 1099-INT, follow up",
                        f"Call back at {g.phone_number()}",
                    ]
                ),
            ]
        )
