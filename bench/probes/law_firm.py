"""Probe: a law firm's matter management export in three countries' styles.

matters.csv (matter numbers "LIT/2021/00001", clients and opponents who are people or
firms, descriptions "X v Y - breach of contract", "Probate - estate of the late ...",
courts, claim numbers, judges as "HHJ Poole" or "Richter Weber", fee earners' initials,
amounts in pounds), time_entries.csv (narratives naming the client, the other side's
solicitors, a judge, a witness, counsel with "KC" after the name, the client's e-mail, a
site visit's address, a phone) and fee_earners.jsonl (initials, names with German titles
and degrees, "Univ.Prof.", "Dipl.-Ing.", "MBA", a regulator's number).

    python -m bench.probes.law_firm 3000 /tmp/law && safeset run /tmp/law
"""

import csv
import random

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_GB", "en_US", "de_DE"]
fk = seeded(locs, 4200)
rnd = random.Random(42)
earners = [(f"{fk[loc].first_name()[0]}{fk[loc].last_name()[:2]}".upper(), fk[loc].name())
           for loc in locs for _ in range(4)]  # fmt: skip
judges = [f"{rnd.choice(['HHJ', 'Judge', 'Richter'])} {fk[rnd.choice(locs)].last_name()}"
          for _ in range(10)]  # fmt: skip
courts = ["High Court (Chancery)", "County Court at Central London", "Amtsgericht München",
          "Employment Tribunal (Leeds)", "Superior Court of California"]  # fmt: skip
matters = []
with (out / "matters.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["Matter No", "Client", "Client Ref", "Matter Description", "Opponent", "Court",
                "Claim No", "Judge", "Fee Earner", "Opened", "Status", "Est. Value"])  # fmt: skip
    for i in range(max(20, n // 10)):
        g = fk[locs[i % 3]]
        client = g.name() if rnd.random() < 0.6 else g.company()
        opponent = g.name() if rnd.random() < 0.5 else g.company()
        number = f"{rnd.choice(['LIT', 'EMP', 'FAM', 'CONV'])}/{2020 + i % 5}/{i:05d}"
        matters.append((number, client, opponent))
        description = rnd.choice([
            f"{client} v {opponent} - breach of contract", f"Divorce: {client} / {g.name()}",
            f"Unfair dismissal claim against {opponent}", f"Purchase of {g.street_address()}",
            f"Probate - estate of the late {g.name()}", "General advice",
        ])  # fmt: skip
        letters = "".join(rnd.choices("ABCDEFGHJK", k=2))
        claim = rnd.choice([
            f"{rnd.randint(1, 9)}{letters}{rnd.randint(10000, 99999)}",
            f"HC-{2020 + i % 5}-{rnd.randint(100, 999):06d}", "",
        ])  # fmt: skip
        w.writerow([number, client, f"{rnd.randint(1000, 99999)}", description, opponent,
                    rnd.choice(courts), claim, rnd.choice(judges), rnd.choice(earners)[0],
                    g.date_between("-5y").isoformat(), rnd.choice(["Open", "Closed", "Dormant"]),
                    f"£{rnd.randint(1, 500) * 1000:,}"])  # fmt: skip
NARRATIVES = [
    "Telephone call with {c} re settlement offer", "Drafting letter to {o}'s solicitors",
    "Attendance at hearing before {j}", "Reviewing witness statement of {p}",
    "Email to client ({e})", "Perusal of medical records of {c}",
    "Conference with counsel ({p} KC)",
    "Travel to {t} for site visit at {a}", "Preparing bundle",
    "Call from {c} on {ph}, advised on next steps",
]  # fmt: skip
with (out / "time_entries.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["Entry", "Matter No", "Date", "Fee Earner", "Units", "Rate", "Narrative"])
    for i in range(n):
        m, g = rnd.choice(matters), fk[locs[i % 3]]
        narrative = rnd.choice(NARRATIVES).format(
            c=m[1], o=m[2], j=rnd.choice(judges), p=g.name(), e=g.email(), t=g.city(),
            a=g.street_address(), ph=g.phone_number(),
        )  # fmt: skip
        w.writerow([i + 1, m[0], g.date_between("-3y").isoformat(), rnd.choice(earners)[0],
                    rnd.randint(1, 30), rnd.choice([150, 225, 320, 450]), narrative])  # fmt: skip
write_jsonl(out / "fee_earners.jsonl", [
    {"code": code, "name": name, "grade": rnd.choice(["Partner", "Associate", "Trainee"]),
     "sra_number": rnd.randint(100000, 999999)}
    for code, name in earners
])  # fmt: skip
