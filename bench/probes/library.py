"""Probe: a public library's borrowers, loans and holds.

borrowers.csv (14-digit library card barcodes "21234001234567", names, e-mails, phones,
addresses, birth dates, a branch), loans.jsonl (ISBN-13s "978-0-14-143951-8", titles that
hold names "Emma", "Jane Eyre", "The Life of Pi", authors as "Austen, Jane", due dates and
fines) and holds.csv (a borrower's card, a title, and a note from the desk "Patron Kim
will collect Friday").

    python -m bench.probes.library 3000 /tmp/library && safeset run /tmp/library
"""

import csv
import random

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_US", "en_CA"]
fk = seeded(locs, 5100)
rnd = random.Random(51)
BOOKS = [
    ("Emma", "Austen, Jane"),
    ("Jane Eyre", "Brontë, Charlotte"),
    ("Life of Pi", "Martel, Yann"),
    ("Rebecca", "du Maurier, Daphne"),
    ("Matilda", "Dahl, Roald"),
    ("Beloved", "Morrison, Toni"),
    ("The Road", "McCarthy, Cormac"),
    ("Educated", "Westover, Tara"),
    ("Becoming", "Obama, Michelle"),
    ("Normal People", "Rooney, Sally"),
    ("Anne of Green Gables", "Montgomery, L. M."),
]


def isbn13() -> str:
    """A valid ISBN-13 with hyphens."""
    d = [9, 7, 8] + [rnd.randint(0, 9) for _ in range(9)]
    check = (10 - sum(x * (3 if k % 2 else 1) for k, x in enumerate(d)) % 10) % 10
    s = "".join(map(str, [*d, check]))
    return f"{s[:3]}-{s[3]}-{s[4:6]}-{s[6:12]}-{s[12]}"


isbns = {title: isbn13() for title, _ in BOOKS}
borrowers = []
with (out / "borrowers.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(
        [
            "card_barcode",
            "first_name",
            "last_name",
            "email",
            "phone",
            "address",
            "city",
            "birth_date",
            "branch",
            "expires",
        ]
    )
    for i in range(max(50, n // 4)):
        g = fk[locs[i % 2]]
        card = f"2123400{rnd.randint(10**6, 10**7 - 1)}"
        borrowers.append((card, g.first_name(), g.last_name()))
        w.writerow(
            [
                card,
                borrowers[-1][1],
                borrowers[-1][2],
                g.email(),
                g.phone_number(),
                g.street_address(),
                g.city(),
                g.date_of_birth(minimum_age=5).isoformat(),
                rnd.choice(["Central", "Riverside", "Oak Park", "Maple Heights"]),
                g.date_between("+30d", "+3y").isoformat(),
            ]
        )
loans = []
for i in range(n):
    card, first, last = rnd.choice(borrowers)
    title, author = rnd.choice(BOOKS)
    loans.append(
        {
            "loan_id": 5_500_000 + i,
            "card": card,
            "isbn": isbns[title],
            "title": title,
            "author": author,
            "checked_out": fk["en_US"].date_between("-1y").isoformat(),
            "due": fk["en_US"].date_between("-30d", "+21d").isoformat(),
            "fine_usd": rnd.choice([0, 0, 0, 0.25, 1.5, 4.0]),
            "renewals": rnd.randint(0, 3),
        }
    )
write_jsonl(out / "loans.jsonl", loans)
with (out / "holds.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["hold_id", "card", "title", "placed", "desk_note"])
    for i in range(n // 3):
        card, first, last = rnd.choice(borrowers)
        g = fk[locs[i % 2]]
        w.writerow(
            [
                30000 + i,
                card,
                rnd.choice(BOOKS)[0],
                g.date_between("-60d").isoformat(),
                rnd.choice(
                    [
                        "",
                        f"Patron {first} will collect Friday",
                        f"Called {g.phone_number()}, no answer",
                        f"Mrs {last} asked for large print",
                        "Damaged copy, reorder",
                        f"{first} {last} says she returned it already",
                    ]
                ),
            ]
        )
