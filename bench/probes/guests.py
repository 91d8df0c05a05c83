"""Probe: an event organiser's ticket orders, guest list and check-ins.

orders.jsonl (a buyer, attendees as a list of objects with badge names, companies and job
titles, promo codes such as "JUNE10" or "ROSE15"), guests.csv (a wedding's guest list: a
guest and a plus-one, tables named after flowers "Rose", "Lily", "Daisy", dietary needs,
seats "A12", RSVP notes "Bringing my husband Mark!"), checkins.csv (QR tokens, gate
scanners "Gate-3", staff who scanned).

    python -m bench.probes.guests 3000 /tmp/guests && safeset run /tmp/guests
"""

import csv
import random
import string

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_US", "en_GB", "en_IE"]
fk = seeded(locs, 4800)
rnd = random.Random(48)
TABLES = ["Rose", "Lily", "Daisy", "Violet", "Iris", "Jasmine", "Poppy", "Heather"]
orders, guests, checkins = [], [], []
for i in range(n):
    g = fk[locs[i % 3]]
    buyer = g.name()
    attendees = []
    for _ in range(rnd.randint(1, 3)):
        first, last = g.first_name(), g.last_name()
        attendees.append(
            {
                "name": f"{first} {last}",
                "badge_name": rnd.choice([first, first[:3], f"{first} {last[0]}."]),
                "email": f"{first.lower()}.{last.lower()}@{g.free_email_domain()}",
                "company": g.company(),
                "job_title": g.job(),
                "ticket": rnd.choice(["Early Bird", "Standard", "VIP", "Student"]),
            }
        )
    orders.append(
        {
            "order_id": f"ORD-{100000 + i}",
            "buyer": buyer,
            "buyer_email": g.email(),
            "placed_at": g.date_time_between("-1y").isoformat(),
            "promo_code": rnd.choice(["", "", "JUNE10", "ROSE15", "EARLYBIRD", "MAY2025"]),
            "total": round(rnd.uniform(40, 900), 2),
            "currency": rnd.choice(["USD", "GBP", "EUR"]),
            "attendees": attendees,
        }
    )
    guest = g.name()
    plus = rnd.choice(["", g.name(), f"Guest of {guest.split()[0]}"])
    guests.append(
        [
            f"G{i:05d}",
            guest,
            plus,
            rnd.choice(TABLES),
            f"{rnd.choice('ABCDEFGH')}{rnd.randint(1, 20)}",
            rnd.choice(["", "vegan", "no nuts", "gluten free", "halal", "kosher"]),
            rnd.choice(["Yes", "No", "Maybe"]),
            rnd.choice(
                [
                    "",
                    "Can't wait!",
                    f"Bringing my husband {g.first_name_male()}!",
                    f"So sorry, {g.first_name()} has the flu",
                    f"Please seat us near {g.name()}",
                    "Will arrive late, after the ceremony",
                    "May need a high chair",
                ]
            ),
            g.phone_number(),
        ]
    )
    token = "".join(rnd.choices(string.ascii_uppercase + string.digits, k=12))
    checkins.append(
        [
            token,
            f"ORD-{100000 + i}",
            g.date_time_between("-30d").isoformat(" "),
            f"Gate-{rnd.randint(1, 6)}",
            rnd.choice(["Lucy (staff)", "Ahmed (staff)", "Ben"]),
        ]
    )
write_jsonl(out / "orders.jsonl", orders)
with (out / "guests.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(
        [
            "guest_id",
            "guest_name",
            "plus_one",
            "table",
            "seat",
            "dietary",
            "rsvp",
            "rsvp_note",
            "phone",
        ]
    )
    w.writerows(guests)
with (out / "checkins.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["qr_token", "order_id", "scanned_at", "scanner", "scanned_by"])
    w.writerows(checkins)
