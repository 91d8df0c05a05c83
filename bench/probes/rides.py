"""Probe: a ride-hailing app's drivers, riders and trips in three countries.

drivers.csv (names, mobiles, a driving licence under ``licence_no``, plates, a kept
rating of two decimals), riders.jsonl (a nested ``home`` of latitude, longitude and a
street line under ``label``, written as the US, Brazil and India write streets; a card's
brand and last four; promo codes) and trips.parquet (pickup coordinates of six decimals,
a drop-off street line, fares, and riders' feedback that names the driver, gives a phone
or an e-mail for a lost item, and quotes the point the app showed as "lat, lng").

    python -m bench.probes.rides 3000 /tmp/rides && safeset run /tmp/rides
"""

import datetime
import random
import uuid

import polars as pl

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_US", "pt_BR", "en_IN"]
fk = seeded(locs, 4000)
rnd = random.Random(40)
PLATE_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def plate() -> str:
    letters = "".join(rnd.choices(PLATE_LETTERS, k=3))
    if rnd.random() < 0.5:
        return f"{rnd.randint(1, 9)}{letters}{rnd.randint(100, 999)}"
    return f"{letters}-{rnd.randint(1000, 9999)}"


def point(g) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    return g.pyfloat(min_value=-30, max_value=40), g.pyfloat(min_value=-120, max_value=80)


drivers = []
for d in range(max(20, n // 40)):
    g = fk[locs[d % 3]]
    drivers.append({
        "driver_id": f"drv_{uuid.UUID(int=rnd.getrandbits(128)).hex[:12]}",
        "full_name": g.name(), "mobile": g.phone_number(),
        "licence_no": f"{rnd.choice('ABCDEFGHJK')}{rnd.randint(1000000, 9999999)}",
        "plate": plate(),
        "vehicle": rnd.choice(["Toyota Prius", "Honda Civic", "Hyundai Ioniq", "Tesla Model 3",
                               "Maruti Swift"]),
        "rating": round(rnd.uniform(4.1, 5.0), 2),
        "joined": g.date_between("-5y", "-1m").isoformat(),
        "city": rnd.choice(["San Francisco", "São Paulo", "Bengaluru"]),
    })  # fmt: skip
pl.DataFrame(drivers).write_csv(out / "drivers.csv")

riders = []
for r in range(max(40, n // 5)):
    g = fk[locs[r % 3]]
    first, last = g.first_name(), g.last_name()
    lat, lng = point(g)
    riders.append({
        "rider_id": str(uuid.UUID(int=rnd.getrandbits(128))), "name": f"{first} {last}",
        "email": f"{first.lower()}.{last.lower()}@{g.free_email_domain()}",
        "phone": g.phone_number(),
        "home": {"lat": round(lat, 6), "lng": round(lng, 6), "label": g.street_address()},
        "payment": {"brand": rnd.choice(["visa", "mastercard", "amex"]),
                    "last4": f"{rnd.randint(0, 9999):04d}"},
        "promo_code": rnd.choice(["", "WELCOME10", "RIDE5OFF",
                                  f"REF-{first.upper()[:4]}{rnd.randint(10, 99)}"]),
    })  # fmt: skip
write_jsonl(out / "riders.jsonl", riders)

FEEDBACK = [
    "{driver} was great, very polite. Car smelled nice.",
    "Left my {item} in the car!! please call me {phone}",
    "Driver took a longer route via {street}, charged {amt} instead of {amt2}.",
    "", "", "5 stars", "AC not working, driver {driver} kept talking on phone",
    "Pickup at {street} was wrong, app showed {lat}, {lng}.",
    "Lost item: {item}. My email is {email}",
    "Motorista {driver} muito educado, obrigado!",
    "Driver was rude. Ride ID {tid}.",
]  # fmt: skip
start = datetime.datetime(2025, 1, 1)
trips = []
for i in range(n):
    d, r, g = rnd.choice(drivers), rnd.choice(riders), fk[locs[i % 3]]
    tid = f"trip-{i:08d}"
    lat, lng = point(g)
    feedback = rnd.choice(FEEDBACK).format(
        driver=d["full_name"].split()[0], phone=r["phone"], email=r["email"], tid=tid,
        item=rnd.choice(["wallet", "iPhone", "umbrella", "laptop bag"]), street=g.street_name(),
        amt=f"${rnd.randint(10, 60)}.{rnd.randint(0, 99):02d}", amt2=f"${rnd.randint(10, 60)}",
        lat=round(lat, 5), lng=round(lng, 5),
    )  # fmt: skip
    trips.append({
        "trip_id": tid, "rider_id": r["rider_id"], "driver_id": d["driver_id"],
        "requested_at": start + datetime.timedelta(minutes=rnd.randint(0, 500000)),
        "pickup_lat": round(rnd.uniform(-23.7, 37.8), 6),
        "pickup_lng": round(rnd.uniform(-122.5, 77.7), 6),
        "dropoff_address": g.street_address(), "distance_km": round(rnd.uniform(0.8, 35), 2),
        "fare": round(rnd.uniform(4, 80), 2), "currency": rnd.choice(["USD", "BRL", "INR"]),
        "surge": rnd.choice([1.0, 1.0, 1.2, 1.5, 2.0]), "rider_rating": rnd.randint(1, 5),
        "feedback": feedback,
    })  # fmt: skip
pl.DataFrame(trips).write_parquet(out / "trips.parquet")
