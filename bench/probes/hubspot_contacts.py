"""Probe: a CRM's contacts as HubSpot exports them (hubspot-contacts.csv, its headers).

Names, e-mails, phones, ``Company Name``, ``Job Title``, ``Lifecycle Stage``, dates,
``Contact owner`` (a sales team of twelve), an ``Associated Company ID``, street, town,
``State/Region``, postcode, ``Country/Region``, a LinkedIn URL, a Twitter handle,
``IP Country`` (a country) and ``IP Address``, counts, a deal amount, a birth date.
Found in session 49: ``IP Country`` planned an IP address by its name, its countries
faked, and the kept ``Country/Region`` met them in every row: REJECTED.

    python -m bench.probes.hubspot_contacts 2500 /tmp/hub && safeset run /tmp/hub
"""

import csv
import random

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
f = seeded(["en_US"], 5)["en_US"]
rnd = random.Random(5)
owners = [f.name() for _ in range(12)]
HEADERS = [
    "Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number",
    "Company Name", "Job Title", "Lifecycle Stage", "Create Date", "Last Activity Date",
    "Contact owner", "Associated Company ID", "Street Address", "City", "State/Region",
    "Postal Code", "Country/Region", "LinkedIn URL", "Twitter Username", "IP Country",
    "IP Address", "Original Source", "Number of Pageviews", "Recent Deal Amount",
    "Marketing emails opened", "Date of birth",
]  # fmt: skip
with (out / "hubspot-contacts.csv").open("w", newline="", encoding="utf-8") as fh:
    w = csv.writer(fh)
    w.writerow(HEADERS)
    for i in range(n):
        fn, ln = f.first_name(), f.last_name()
        w.writerow([
            50000 + i * 7, fn, ln, f"{fn}.{ln}@{f.domain_name()}".lower(), f.phone_number(),
            f.phone_number(), f.company(), f.job(),
            rnd.choice(["lead", "subscriber", "customer", "opportunity"]),
            f.date_time_between("-3y").strftime("%Y-%m-%d %H:%M"),
            f.date_time_between("-1y").strftime("%Y-%m-%d %H:%M"), rnd.choice(owners),
            rnd.randint(1000, 9999), f.street_address(), f.city(), f.state(), f.zipcode(),
            "United States",
            f"https://www.linkedin.com/in/{fn.lower()}-{ln.lower()}-{rnd.randint(10, 999)}",
            f"@{fn.lower()}{ln.lower()[:3]}{rnd.randint(1, 99)}", "United States",
            f.ipv4_public(),
            rnd.choice(["Organic Search", "Direct Traffic", "Paid Social", "Email Marketing"]),
            rnd.randint(0, 300), round(rnd.random() * 50000, 2), rnd.randint(0, 80),
            f.date_of_birth(minimum_age=20, maximum_age=70).strftime("%m/%d/%Y"),
        ])  # fmt: skip
