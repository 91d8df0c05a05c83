"""Probe: an issue tracker's CSV export, as Jira writes it.

issues.csv: a header that repeats names ("Watchers" three times, "Comment" three times,
"Labels" twice, as Jira writes multi-valued fields), keys "SUP-1234", a summary, status,
the reporter's and assignee's display names, account ids "5b10ac8d82e05b22cc7d4ef5",
a description, and comments written "07/Dec/26 10:12 AM;5b10...;text" (a time, the
author's account id and what they wrote, naming customers, colleagues and phones).

    python -m bench.probes.jira_export 3000 /tmp/jira && safeset run /tmp/jira
"""

import csv
import random

from bench.probes import people, rows_and_folder, seeded

n, out = rows_and_folder()
fk = seeded(["en_GB", "en_US", "de_DE"], 5100)
rnd = random.Random(51)
locs = list(fk)
staff = [
    (f"{first} {last}", f"{rnd.getrandbits(96):024x}")
    for _, _, _, first, last in people(40, locs, fk)
]
customers = list(people(max(60, n // 3), locs, fk))
SUMMARIES = [
    "Refund not received for order {o}",
    "Cannot log in after password reset",
    "Invoice address wrong on {o}",
    "App crashes on checkout (Android 14)",
    "Delivery marked delivered but not received",
    "Duplicate charge on card",
]
header = [
    "Summary",
    "Issue key",
    "Issue id",
    "Issue Type",
    "Status",
    "Priority",
    "Assignee",
    "Assignee Id",
    "Reporter",
    "Reporter Id",
    "Created",
    "Labels",
    "Labels",
    "Watchers",
    "Watchers",
    "Watchers",
    "Description",
    "Comment",
    "Comment",
    "Comment",
]
with (out / "issues.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(header)
    for i in range(n):
        _, _, g, first, last = rnd.choice(customers)
        order = f"ORD-{rnd.randint(100000, 999999)}"
        rep, asg = rnd.sample(staff, 2)
        watchers = rnd.sample(staff, 3)
        phone = g.phone_number()
        desc = rnd.choice(
            [
                f"Customer {first} {last} ({g.email()}) says the parcel never arrived.",
                f"{first} {last} called from {phone}, wants a call back after 5pm.",
                "See attached screenshot. Steps: open app, add item, pay, crash.",
                f"Account holder: {first} {last}\nPostcode: {g.postcode()}\nOrder: {order}",
            ]
        )
        comments = []
        for _k in range(3):
            who = rnd.choice(staff)
            text = rnd.choice(
                [
                    f"Spoke to {first}, refund raised.",
                    f"[~accountid:{rnd.choice(staff)[1]}] can you check the payment logs?",
                    f"Called {phone}, no answer, left voicemail.",
                    "Escalated to tier 2.",
                    f"Thanks {rep[0].split()[0]}, closing.",
                    "",
                ]
            )
            comments.append(
                f"{rnd.randint(1, 28):02d}/Nov/26 {rnd.randint(1, 12)}:{rnd.randint(0, 59):02d}"
                f" {rnd.choice(['AM', 'PM'])};{who[1]};{text}"
                if text
                else ""
            )
        w.writerow(
            [
                rnd.choice(SUMMARIES).format(o=order),
                f"SUP-{1000 + i}",
                str(20000 + i),
                rnd.choice(["Bug", "Task", "Support"]),
                rnd.choice(["Open", "In Progress", "Done"]),
                rnd.choice(["High", "Medium", "Low"]),
                asg[0],
                asg[1],
                rep[0],
                rep[1],
                f"{rnd.randint(1, 28):02d}/Nov/26 {rnd.randint(1, 12)}:{rnd.randint(0, 59):02d} AM",
                rnd.choice(["refund", "login", "delivery"]),
                rnd.choice(["", "vip", "android"]),
                *[x[0] for x in watchers],
                desc,
                *comments,
            ]
        )
