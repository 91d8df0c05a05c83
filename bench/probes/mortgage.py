"""Probe: a lender's mortgage applications with their address history.

applications.jsonl: an application reference, the applicants as a list of objects (names,
birth date, employer, job title, income, ``nin``), ``address_history`` a list of
``{address, postcode, from, to}`` (three years of previous homes, newest first), the
property's address and price, the broker ("Brokered by Hartley Quinn Mortgages, adviser
Sam Patel") and an underwriter's note quoting names, employers and an address ("Second
applicant Lucy Evans moved from 12 Elm Row in 2024; payslips from Tesco Stores Ltd").

    python -m bench.probes.mortgage 3000 /tmp/mortgage && safeset run /tmp/mortgage
"""

import random
import string

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
fk = seeded(["en_GB"], 5800)
g = fk["en_GB"]
rnd = random.Random(58)
EMPLOYERS = ["Tesco Stores Ltd", "NHS Leeds Teaching Hospitals", "Barclays Bank UK PLC",
             "Leeds City Council", "Self-employed", "Amazon UK Services Ltd", "BT Group plc"]  # fmt: skip  # noqa: E501


def nin() -> str:
    return ("".join(rnd.choices("ABCEGHJKLMNPRSTWXYZ", k=2)) + "".join(rnd.choices(string.digits, k=6))  # noqa: E501
            + rnd.choice("ABCD"))  # fmt: skip


rows = []
for i in range(n):
    k = rnd.choice([1, 1, 2])
    applicants = []
    for _ in range(k):
        first, last = g.first_name(), g.last_name()
        applicants.append(
            {
                "first_name": first,
                "last_name": last,
                "date_of_birth": g.date_of_birth(minimum_age=22, maximum_age=60).isoformat(),
                "employer": rnd.choice(EMPLOYERS),
                "job_title": g.job(),
                "income": rnd.randrange(18000, 120000, 500),
                "nin": nin(),
            }
        )
    history = []
    year = 2026
    for _ in range(rnd.randint(1, 3)):
        start = year - rnd.randint(1, 4)
        history.append({"address": g.street_address(), "postcode": g.postcode(),
                        "from": f"{start}-0{rnd.randint(1, 9)}", "to": f"{year}-0{rnd.randint(1, 9)}"})  # fmt: skip  # noqa: E501
        year = start
    a = applicants[-1]
    rows.append(
        {
            "application_ref": f"MA{2600000 + i}",
            "applicants": applicants,
            "address_history": history,
            "property": {
                "address": f"{g.street_address()}, {g.city()}",
                "postcode": g.postcode(),
                "price": rnd.randrange(120000, 900000, 5000),
            },
            "broker": f"Brokered by {g.last_name()} {g.last_name()} Mortgages, adviser "
            f"{g.first_name()} {g.last_name()}",
            "underwriter_note": rnd.choice(
                [
                    f"Applicant {a['first_name']} {a['last_name']} moved from "
                    f"{history[-1]['address']} in {year}; payslips from {a['employer']}.",
                    "Income verified, valuation booked.",
                    f"NIN {a['nin']} matches HMRC record.",
                    f"Gifted deposit from {a['first_name']}'s father, letter on file.",
                ]
            ),
        }
    )
write_jsonl(out / "applications.jsonl", rows)
