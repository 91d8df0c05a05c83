"""Probe: an airline's reservations, their passengers and the service desk's notes.

passengers.csv (semicolon-separated, as a European spreadsheet writes it: a record locator
shared by a party, names in capitals as tickets print them, passport numbers, birth
dates, 13-digit ticket numbers, 10-digit bag tags, frequent-flyer numbers, seats and
flight numbers), segments.parquet (flights of each locator: carrier, number, airports,
departure times, fare basis, booking class) and desk_notes.jsonl (an agent's notes in
English, French, German and Italian naming the passenger, a phone and the new seat, and
the SSR DOCS line a reservation system writes: passport, nationality, birth date and name
packed with slashes).

    python -m bench.probes.airline 12000 /tmp/airline && safeset run /tmp/airline
"""

import random

import polars as pl

from bench.probes import people, rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["fr_FR", "de_DE", "it_IT", "en_GB", "nl_NL", "es_ES"]
fk = seeded(locs, 7100)
rnd = random.Random(71)
AIRPORTS = ["CDG", "FRA", "FCO", "LHR", "AMS", "MAD", "JFK", "DXB", "SIN", "YUL", "LIS", "VIE"]
CARRIERS = {"AF": "057", "LH": "220", "AZ": "055", "BA": "125", "KL": "074", "IB": "075"}
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
NOTES = {
    "fr_FR": "Pax {first} {last} a appelé du {phone}, nouveau siège {seat} sur {flight}.",
    "de_DE": "Passagier {first} {last} rief von {phone} an: Sitz {seat} auf {flight} gewünscht.",
    "it_IT": "Il passeggero {first} {last} ha chiamato dal {phone}: posto {seat} sul {flight}.",
    "en_GB": "Pax {first} {last} called from {phone}, moved to seat {seat} on {flight}.",
    "nl_NL": "Passagier {first} {last} belde vanaf {phone}, stoel {seat} op {flight} gewenst.",
    "es_ES": "El pasajero {first} {last} llamó desde el {phone}: asiento {seat} en el {flight}.",
}  # fmt: skip


def ddmmmyy(day) -> str:  # type: ignore[no-untyped-def]
    """A date as reservation systems write it: 12MAR85."""
    return f"{day.day:02d}{MONTHS[day.month - 1]}{day.year % 100:02d}"


def locator() -> str:
    return "".join(rnd.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))


passengers, segments, notes = [], [], []
pnr, party_left = locator(), 0
for _, loc, g, first, last in people(n, locs, fk):
    if party_left <= 0:
        pnr, party_left = locator(), rnd.choice([1, 1, 1, 2, 2, 3, 4])
        carrier = rnd.choice(list(CARRIERS))
        flights = [f"{carrier}{rnd.randint(100, 1999)}" for _ in range(rnd.randint(1, 3))]
        route = rnd.sample(AIRPORTS, len(flights) + 1)
        when = g.date_time_between("-1y", "+3m")
        for k, flight in enumerate(flights):
            segments.append({
                "record_locator": pnr, "segment": k + 1, "flight": flight,
                "origin": route[k], "destination": route[k + 1],
                "departure": when.strftime("%Y-%m-%d %H:%M"),
                "fare_basis": rnd.choice(["YLOWFR", "KOWEU", "QSAVER", "VFLEX", "LSTD"]),
                "booking_class": rnd.choice("YBMKQLV"),
            })  # fmt: skip
    party_left -= 1
    born = g.date_of_birth(minimum_age=1, maximum_age=90)
    passport = g.bothify("##??#####").upper()
    nationality = loc[-2:]
    seat = f"{rnd.randint(1, 45)}{rnd.choice('ABCDEF')}"
    phone = g.phone_number()
    passengers.append({
        "record_locator": pnr,
        "surname": last.upper(),
        "given_name": first.upper(),
        "birth_date": born.isoformat(),
        "passport_no": passport,
        "nationality": nationality,
        "ticket_number": CARRIERS[carrier] + f"{rnd.randint(0, 10**10 - 1):010d}",
        "bag_tag": (CARRIERS[carrier][1:] + f"{rnd.randint(0, 10**8 - 1):08d}"
                    if rnd.random() < 0.7 else ""),
        "frequent_flyer": (f"{carrier}{rnd.randint(10**8, 10**9 - 1)}"
                           if rnd.random() < 0.4 else ""),
        "seat": seat,
        "email": g.email(),
        "phone": phone,
    })  # fmt: skip
    if rnd.random() < 0.5:
        expiry = g.date_between("+1y", "+9y")
        docs = (f"SSR DOCS {carrier} HK1 P/{nationality}/{passport}/{nationality}/"
                f"{ddmmmyy(born)}/{rnd.choice('MF')}/{ddmmmyy(expiry)}/"
                f"{last.upper()}/{first.upper()}")  # fmt: skip
        text = NOTES[loc].format(first=first, last=last, phone=phone, seat=seat,
                                 flight=flights[0])  # fmt: skip
        notes.append({
            "record_locator": pnr,
            "agent": f"AG{rnd.randint(100, 999)}",
            "written_at": g.date_time_between("-1y", "now").isoformat(timespec="seconds"),
            "note": text if rnd.random() < 0.6 else f"{text}\n{docs}",
        })  # fmt: skip
pl.DataFrame(passengers).write_csv(out / "passengers.csv", separator=";")
pl.DataFrame(segments).write_parquet(out / "segments.parquet")
write_jsonl(out / "desk_notes.jsonl", notes)
