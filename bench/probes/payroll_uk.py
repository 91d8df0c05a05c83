"""Probe: a UK payroll bureau's employees and payslips.

employees.csv (National Insurance numbers "QQ 12 34 56 C", tax codes "1257L", "BR",
"K475", sort codes "20-45-77" and account numbers, names, addresses with postcodes, start
dates, departments), payslips.csv (a pay date, gross pay, tax, NI, student loan plan,
pension, the payroll clerk's note "Sarah's maternity pay from 03/2025", "P45 received
from Tesco Stores Ltd").

    python -m bench.probes.payroll_uk 3000 /tmp/payroll && safeset run /tmp/payroll
"""

import csv
import random

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
g = seeded(["en_GB"], 5600)["en_GB"]
rnd = random.Random(56)
PREFIX = "ABCEGHJKLMNPRSTWXYZ"
employees = []
with (out / "employees.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(
        [
            "Employee No",
            "Surname",
            "Forenames",
            "NI Number",
            "Tax Code",
            "Sort Code",
            "Account No",
            "Address 1",
            "Town",
            "Postcode",
            "Start Date",
            "Department",
        ]
    )
    for i in range(max(40, n // 12)):
        first, last = g.first_name(), g.last_name()
        nino = (
            f"{rnd.choice(PREFIX)}{rnd.choice(PREFIX)} {rnd.randint(10, 99)} "
            f"{rnd.randint(10, 99)} {rnd.randint(10, 99)} {rnd.choice('ABCD')}"
        )
        employees.append((f"E{1000 + i}", first, last))
        w.writerow(
            [
                f"E{1000 + i}",
                last,
                first,
                nino,
                rnd.choice(["1257L", "1257L", "1257L M1", "BR", "K475", "S1257L", "0T", "D0"]),
                f"{rnd.randint(10, 99)}-{rnd.randint(10, 99)}-{rnd.randint(10, 99)}",
                f"{rnd.randint(10**7, 10**8 - 1)}",
                g.street_address(),
                g.city(),
                g.postcode(),
                g.date_between("-10y").strftime("%d/%m/%Y"),
                rnd.choice(["Warehouse", "Finance", "Drivers", "Office", "Sales"]),
            ]
        )
with (out / "payslips.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(
        [
            "Employee No",
            "Pay Date",
            "Gross",
            "Tax",
            "Employee NI",
            "Student Loan",
            "Pension",
            "Net",
            "Clerk Note",
        ]
    )
    for i in range(n):
        emp, first, last = rnd.choice(employees)
        gross = round(rnd.uniform(900, 6500), 2)
        w.writerow(
            [
                emp,
                f"{rnd.randint(25, 28)}/{i % 12 + 1:02d}/2025",
                gross,
                round(gross * 0.14, 2),
                round(gross * 0.08, 2),
                rnd.choice(["", "Plan 1", "Plan 2", "Plan 4"]),
                round(gross * 0.05, 2),
                round(gross * 0.73, 2),
                rnd.choice(
                    [
                        "",
                        "",
                        "",
                        f"{first}'s maternity pay from 03/2025",
                        f"P45 received from {g.company()}",
                        "Backdated pay rise",
                        f"Attachment of earnings order re {first} {last}",
                        f"New bank details per email from {first.lower()}.{last.lower()}@gmail.com",
                    ]
                ),
            ]
        )
