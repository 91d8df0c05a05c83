"""Probe: an SMS gateway's message log.

messages.csv (E.164 numbers written without their plus "447700900123", a sender id
"ACMEBANK" or a short code "60123", bodies "Your code is 483920", "Hi Sam, your parcel
DPD-12345678 arrives today 10:00-11:00", "Reply STOP to opt out", delivery status and a
carrier "Vodafone UK", segments and a price in cents) and optouts.jsonl (numbers that
replied STOP, with the time and the keyword).

    python -m bench.probes.sms_log 3000 /tmp/sms && safeset run /tmp/sms
"""

import csv
import random

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
g = seeded(["en_GB"], 6300)["en_GB"]
rnd = random.Random(63)
numbers = [f"447{rnd.randint(100000000, 999999999)}" for _ in range(max(50, n // 4))]
names = {num: g.first_name() for num in numbers}
with (out / "messages.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(
        ["msg_id", "from", "to", "body", "status", "carrier", "segments", "price_cents", "sent_at"]
    )
    for _ in range(n):
        to = rnd.choice(numbers)
        body = rnd.choice(
            [
                f"Your code is {rnd.randint(100000, 999999)}. It expires in 10 minutes.",
                f"Hi {names[to]}, your parcel DPD-{rnd.randint(10**7, 10**8)} arrives today "
                f"{rnd.randint(8, 16)}:00-{rnd.randint(9, 18)}:00",
                "Reply STOP to opt out",
                f"{names[to]}, your appointment is confirmed for "
                f"{rnd.randint(1, 28)}/{rnd.randint(1, 12)} at {rnd.randint(9, 17)}:30",
                f"Call us back on 0{rnd.randint(1000000000, 1999999999)}",
            ]
        )
        w.writerow(
            [
                f"SM{rnd.getrandbits(64):016x}",
                rnd.choice(["ACMEBANK", "60123", "DPD"]),
                to,
                body,
                rnd.choice(["delivered", "delivered", "failed", "queued"]),
                rnd.choice(["Vodafone UK", "EE", "O2 UK", "Three"]),
                1 + len(body) // 160,
                rnd.choice([3, 4, 5]),
                g.date_time_between("-30d").isoformat(),
            ]
        )
write_jsonl(
    out / "optouts.jsonl",
    [
        {"number": num, "at": g.date_time_between("-30d").isoformat(), "keyword": "STOP"}
        for num in rnd.sample(numbers, len(numbers) // 10)
    ],
)
