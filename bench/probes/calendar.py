"""Probe: a company calendar's events, as a calendar API exports them.

events.jsonl (titles "1:1 Anna / Tom", "Interview: Priya Shah (Backend)", "Dentist",
"Lunch w/ Kate"; an organizer object {email, displayName}; attendees as a list of
{email, responseStatus, optional}; locations "Room 4.12 (Oslo HQ)" or a home address;
descriptions with a video link and its passcode, a dial-in "+1 646 558 8656,,84123456789#",
and notes "Agenda: Tom's promotion case"; recurrence rules "RRULE:FREQ=WEEKLY;BYDAY=MO";
start and end with a time zone) and rooms.csv (the rooms: names, floors, capacity).

    python -m bench.probes.calendar 3000 /tmp/calendar && safeset run /tmp/calendar
"""

import csv
import random

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
fk = seeded(["en_US", "no_NO"], 6000)
rnd = random.Random(60)
staff = []
for i in range(80):
    g = fk["en_US" if i % 3 else "no_NO"]
    first, last = g.first_name(), g.last_name()
    staff.append((first, last, f"{first.lower()}.{last.lower()}@northwind.example"))
rooms = [f"Room {f}.{r:02d}" for f in range(1, 6) for r in (3, 7, 12)]
with (out / "rooms.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["room", "floor", "capacity", "site"])
    for room in rooms:
        w.writerow([room, room.split()[1].split(".")[0], rnd.choice([4, 6, 10, 20]), "Oslo HQ"])
events = []
for i in range(n):
    (f1, l1, e1), (f2, l2, e2) = rnd.sample(staff, 2)
    g = fk["en_US"]
    title = rnd.choice(
        [
            f"1:1 {f1} / {f2}",
            f"Interview: {g.name()} (Backend)",
            "Dentist",
            f"Lunch w/ {f2}",
            "Sprint planning",
            "All hands",
            f"{f1} OOO",
            f"Call with {g.company()}",
        ]
    )
    events.append(
        {
            "id": f"evt{rnd.getrandbits(48):012x}",
            "summary": title,
            "organizer": {"email": e1, "displayName": f"{f1} {l1}"},
            "attendees": [
                {
                    "email": e,
                    "responseStatus": rnd.choice(["accepted", "declined", "needsAction"]),
                    "optional": rnd.random() < 0.2,
                }
                for _f, _l, e in rnd.sample(staff, rnd.randint(1, 5))
            ],
            "location": rnd.choice(
                [f"{rnd.choice(rooms)} (Oslo HQ)", "", "Zoom", g.address().replace("\n", ", ")]
            ),
            "description": rnd.choice(
                [
                    "",
                    f"Join: https://zoom.example/j/{rnd.randint(10**9, 10**10)}?pwd=Xk9{i}bQ",
                    f"Dial-in: +1 646 558 8656,,{rnd.randint(10**10, 10**11)}#",
                    f"Agenda: {f2}'s promotion case",
                    f"Prep notes from {f1}: bring the Q3 numbers",
                    f"Candidate phone {g.phone_number()}",
                ]
            ),
            "recurrence": rnd.choice(
                [None, ["RRULE:FREQ=WEEKLY;BYDAY=MO"], ["RRULE:FREQ=MONTHLY;BYMONTHDAY=1"]]
            ),
            "start": {
                "dateTime": f"2026-{i % 12 + 1:02d}-{i % 27 + 1:02d}T09:00:00+01:00",
                "timeZone": "Europe/Oslo",
            },
            "end": {
                "dateTime": f"2026-{i % 12 + 1:02d}-{i % 27 + 1:02d}T09:30:00+01:00",
                "timeZone": "Europe/Oslo",
            },
        }
    )
write_jsonl(out / "events.jsonl", events)
