"""Probe: a hotel group's bookings, their guests and payments.

bookings.json (one JSON array: a booker, a list of guests each with a passport number,
nationality and birth date, room numbers, a travel agency, loyalty numbers, special
requests in the guest's language) and payments.parquet (card brand and last four
digits, authorisation codes, amounts). Guests come from countries whose postcodes are
four digits (Denmark, the Netherlands, Austria, Switzerland, Belgium), as room numbers,
last fours and years are.

    python -m bench.probes.hotel 15000 /tmp/hotel && safeset run /tmp/hotel
"""

import json
import random

import polars as pl

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
locs = ["da_DK", "nl_NL", "de_AT", "de_CH", "fr_CH", "nl_BE"]
fk = seeded(locs, 6600)
rnd = random.Random(66)
HOTELS = ["Harbour View Copenhagen", "Canal House Amsterdam", "Alpenhof Innsbruck",
          "Lakeside Zürich", "Grand Place Brussels"]  # fmt: skip
REQUESTS = {
    "da_DK": ["Sen ankomst omkring kl. 23, {first} ringer på {phone}.",
              "Barneseng til værelse {room}."],
    "nl_NL": ["Late aankomst, bel {first} op {phone}.", "Graag een kinderbedje op kamer {room}."],
    "de_AT": ["Späte Anreise, bitte {first} unter {phone} anrufen.",
              "Kinderbett in Zimmer {room}."],
    "de_CH": ["Ankunft erst um 23 Uhr, {first} ist unter {phone} erreichbar.",
              "Allergie: keine Nüsse."],
    "fr_CH": ["Arrivée tardive, appeler {first} au {phone}.", "Lit bébé dans la chambre {room}."],
    "nl_BE": ["Wij komen laat aan, {first} is bereikbaar op {phone}.", "Rustige kamer graag."],
}  # fmt: skip


def person(loc: str) -> dict:
    g = fk[loc]
    first, last = g.first_name(), g.last_name()
    return {
        "name": f"{first} {last}",
        "passport": g.bothify("??#######").upper(),
        "nationality": loc[-2:],
        "birth_date": g.date_of_birth(minimum_age=1, maximum_age=88).isoformat(),
        "first": first,
        "phone": g.phone_number(),
        "email": g.email(),
        "address": g.address().replace("\n", ", "),
    }


agencies = [fk[loc].company() for loc in locs for _ in range(10)]
bookings, payments = [], []
for _ in range(n):
    loc = rnd.choice(locs)
    booker = person(loc)
    party = [booker] + [person(loc) for _ in range(rnd.randint(0, 3))]
    room = rnd.randint(1, 9) * 100 + rnd.randint(1, 40)
    arrival = fk[loc].date_between("-2y", "+6m")
    bookings.append({
        "booking_ref": f"BK{rnd.randint(10**7, 10**8 - 1)}",
        "hotel": rnd.choice(HOTELS),
        "room": room,
        "arrival": arrival.isoformat(),
        "nights": rnd.randint(1, 14),
        "booker": {"name": booker["name"], "email": booker["email"], "phone": booker["phone"],
                   "address": booker["address"]},
        "guests": [{k2: p[k2] for k2 in ("name", "passport", "nationality", "birth_date")}
                   for p in party],
        "agency": rnd.choice(agencies) if rnd.random() < 0.3 else None,
        "loyalty_no": f"{rnd.randint(10**9, 10**10 - 1)}" if rnd.random() < 0.5 else None,
        "special_requests": rnd.choice(REQUESTS[loc]).format(
            first=booker["first"], phone=booker["phone"], room=room
        ) if rnd.random() < 0.6 else "",
    })  # fmt: skip
    for _ in range(rnd.randint(1, 2)):
        payments.append({
            "booking_ref": bookings[-1]["booking_ref"],
            "brand": rnd.choice(["VISA", "MC", "AMEX", "MAESTRO"]),
            "last4": f"{rnd.randint(0, 9999):04d}",
            "auth_code": fk[loc].bothify("??####").upper(),
            "amount_eur": round(rnd.uniform(80, 4000), 2),
            "paid_at": f"{arrival.isoformat()}T{rnd.randint(0, 23):02d}:"
                       f"{rnd.randint(0, 59):02d}:00",
        })  # fmt: skip
(out / "bookings.json").write_text(json.dumps(bookings, ensure_ascii=False), encoding="utf-8")
pl.DataFrame(payments).write_parquet(out / "payments.parquet")
