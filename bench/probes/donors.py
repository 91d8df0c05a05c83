"""Probe: a UK charity's supporter database as its CRM exports it.

donors.csv (title, forename and surname in columns of their own, a ``Salutation`` that
greets each by title and surname or by first name, "Dear Mrs Taylor", address lines,
postcode, e-mail, phone, date of birth, Gift Aid flags), donations.csv (amounts, methods,
campaign codes, bank references of a direct debit) and notes.csv (fundraisers' notes
naming the supporter, a late husband, a phone, a new address, funeral directors, a
street fundraiser's badge number, and a staff login under "Created By").

    python -m bench.probes.donors 3000 /tmp/donors && safeset run /tmp/donors
"""

import csv
import random

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
g = seeded(["en_GB"], 4100)["en_GB"]
rnd = random.Random(41)
donors = []
with (out / "donors.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["Supporter ID", "Title", "Forename", "Surname", "Salutation", "Address 1",
                "Address 2", "Town", "Postcode", "Email", "Tel", "Date of Birth", "Gift Aid",
                "Gift Aid Date", "Contact Pref", "Source", "Deceased"])  # fmt: skip
    for i in range(n // 4 or 10):
        title = rnd.choice(["Mr", "Mrs", "Ms", "Miss", "Dr", "Rev", "Mr & Mrs"])
        first, last = g.first_name(), g.last_name()
        donors.append((f"SUP{200000 + i}", title, first, last))
        born = g.date_of_birth(minimum_age=25, maximum_age=95).strftime("%d/%m/%Y")
        w.writerow([
            f"SUP{200000 + i}", title, first, last,
            f"Dear {title} {last}" if rnd.random() < 0.7 else f"Dear {first}",
            f"{g.building_number()} {g.street_name()}", rnd.choice(["", "", g.secondary_address()]),
            g.city(), g.postcode(), g.email() if rnd.random() < 0.8 else "",
            g.phone_number() if rnd.random() < 0.6 else "", born if rnd.random() < 0.5 else "",
            rnd.choice(["Y", "N", "Y"]), g.date_between("-10y").strftime("%d/%m/%Y"),
            rnd.choice(["Post", "Email", "No contact", "Phone"]),
            rnd.choice(["Street fundraising", "Online", "Legacy event", "Door to door", "Raffle"]),
            rnd.choice(["", "", "", "", "Y"]),
        ])  # fmt: skip
with (out / "donations.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["Donation Ref", "Supporter ID", "Date", "Amount", "Method", "Campaign", "Fund",
                "Claimed Gift Aid", "Bank Ref"])  # fmt: skip
    for i in range(n):
        s = rnd.choice(donors)
        amount = rnd.choice([5, 10, 10, 20, 25, 50, 100, 250, 1000]) + rnd.choice([0, 0, 0.5])
        w.writerow([
            f"DON-{i:07d}", s[0], g.date_between("-3y").strftime("%d/%m/%Y"), f"{amount:.2f}",
            rnd.choice(["Direct Debit", "Card", "Cheque", "Cash", "Standing Order"]),
            rnd.choice(["SPR24-DM", "XMAS23-TV", "APPEAL-FLOOD", "LOTTERY", "IN-MEM"]),
            rnd.choice(["Unrestricted", "Children", "Research"]), f"{amount * 0.25:.2f}",
            f"DD{rnd.randint(10**9, 10**10)}" if rnd.random() < 0.4 else "",
        ])  # fmt: skip
NOTES = [
    "Spoke to {first} on the phone, her husband {other} passed away in {month}. Wants to "
    "leave a legacy. Prefers calls after 6pm on {phone}.",
    "Returned mail - gone away. New address given by neighbour: {addr}",
    "Asked to be removed from raffle mailings. Updated pref.",
    "{title} {last} called re: Gift Aid declaration, sent new form to {email}",
    "In memory donation for {other} {last}, funeral directors {company}.",
    "Cheque from {first} {last} bounced, contacted bank.",
    "Major donor - meeting with {staff} at {company} offices on {date}.",
    "Complaint about street fundraiser in {town} (badge no. {badge}).",
    "Volunteer at {town} shop on Tuesdays.",
]
with (out / "notes.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["Note ID", "Supporter ID", "Created", "Created By", "Type", "Note"])
    for i in range(n // 3 or 10):
        s = rnd.choice(donors)
        note = rnd.choice(NOTES).format(
            first=s[2], last=s[3], title=s[1], other=g.first_name(), month=g.month_name(),
            phone=g.phone_number(), addr=g.address().replace("\n", ", "), email=g.email(),
            company=g.company(), staff=g.name(), date=g.date_between("-1y").strftime("%d %B"),
            town=g.city(), badge=rnd.randint(1000, 9999),
        )  # fmt: skip
        w.writerow([i + 1, s[0], g.date_time_between("-2y").strftime("%d/%m/%Y %H:%M"),
                    rnd.choice(["jsmith", "a.patel", "FUNDRAISING", "kwilliams"]),
                    rnd.choice(["Call", "Letter", "Email", "Meeting"]), note])  # fmt: skip
