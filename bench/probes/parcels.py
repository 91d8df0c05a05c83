"""Probe: a parcel carrier's consignments, the stops of its drivers and proof of delivery.

consignments.csv (a sender that is a firm with its depot address and hotline on every
row, a recipient with address, phone and e-mail, a tracking number, a container number
as ISO 6346 writes it, weights, customs codes "8471.30"), stops.jsonl (a driver's stop:
the driver's name and van plate, GPS coordinates, a scanned time, a note in Dutch, German,
French or English saying where the parcel went: "Bij de buren op nr. 14 (Fam. de Vries)",
"signed by J. Smith") and depots.parquet (the carrier's depots: no person).

    python -m bench.probes.parcels 15000 /tmp/parcels && safeset run /tmp/parcels
"""

import random

import polars as pl

from bench.probes import people, rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["nl_NL", "de_DE", "fr_FR", "en_GB"]
fk = seeded(locs, 9500)
rnd = random.Random(95)
depots = []
for k, loc in enumerate(locs * 3):
    g = fk[loc]
    depots.append({"depot": f"D{k + 1:02d}", "city": g.city(),
                   "address": g.address().replace("\n", ", "), "hotline": g.phone_number(),
                   "locale": loc})  # fmt: skip
senders = [(fk[loc].company(), rnd.choice([d for d in depots if d["locale"] == loc]))
           for loc in locs for _ in range(8)]  # fmt: skip
drivers = {loc: [(fk[loc].name(), fk[loc].license_plate()) for _ in range(12)] for loc in locs}
NOTES = {
    "nl_NL": ["Bij de buren op nr. {num} (Fam. {neighbour}).", "Afgegeven aan {first}.",
              "Niemand thuis, kaartje in de bus."],
    "de_DE": ["Beim Nachbarn Nr. {num} abgegeben ({neighbour}).", "An {first} übergeben.",
              "Niemand angetroffen, Karte eingeworfen."],
    "fr_FR": ["Déposé chez le voisin au n° {num} ({neighbour}).", "Remis à {first}.",
              "Absent, avis de passage laissé."],
    "en_GB": ["Left with neighbour at no. {num} ({neighbour}).", "Signed by {initial}. {last}.",
              "Nobody home, card left."],
}  # fmt: skip
consignments, stops = [], []
for _, loc, g, first, last in people(n, locs, fk):
    sender, depot = rnd.choice([s for s in senders if s[1]["locale"] == loc])
    tracking = f"{rnd.choice(['3S', 'JJD', 'CP'])}{rnd.randint(10**11, 10**12 - 1)}"
    owner = rnd.choice(["MSCU", "MAEU", "HLXU", "CMAU"])
    consignments.append({
        "tracking_no": tracking,
        "sender": sender,
        "sender_depot": depot["address"],
        "sender_hotline": depot["hotline"],
        "recipient": f"{first} {last}",
        "recipient_address": g.address().replace("\n", ", "),
        "recipient_phone": g.phone_number(),
        "recipient_email": g.email(),
        "container": f"{owner}{rnd.randint(10**6, 10**7 - 1)}" if rnd.random() < 0.2 else "",
        "weight_kg": round(rnd.uniform(0.2, 31.5), 1),
        "customs_code": f"{rnd.randint(1000, 9999)}.{rnd.randint(10, 99)}",
    })  # fmt: skip
    driver, plate = rnd.choice(drivers[loc])
    stops.append({
        "tracking_no": tracking,
        "driver": driver,
        "van": plate,
        "lat": round(rnd.uniform(43.0, 54.0), 6),
        "lon": round(rnd.uniform(-3.0, 12.0), 6),
        "scanned_at": g.date_time_between("-60d", "now").isoformat(timespec="seconds"),
        "note": rnd.choice(NOTES[loc]).format(num=rnd.randint(1, 140),
                                              neighbour=fk[loc].last_name(), first=first,
                                              initial=first[0], last=last),
    })  # fmt: skip
pl.DataFrame(consignments).write_csv(out / "consignments.csv")
write_jsonl(out / "stops.jsonl", stops)
pl.DataFrame([{k: v for k, v in d.items() if k != "locale"} for d in depots]).write_parquet(
    out / "depots.parquet"
)
