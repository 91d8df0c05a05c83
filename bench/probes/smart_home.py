"""Probe: a smart-thermostat maker's households and device readings.

households.csv: an account reference, the holder, e-mail, a street, postcode and town in
one of four countries, and the home Wi-Fi's name (kept: "Rousset-WiFi", "Lucas iPhone",
"Vodafone-1201", as people name their networks). readings.jsonl: a reading per line from
a thermostat (device id; its **MAC address**, in a column named ``hw``, which says
nothing: a device's lasting id under any name), time, temperatures,
a room ("Living room", "Nursery", "Lucas's room"), the home's coordinates and firmware.

    python -m bench.probes.smart_home 4000 /tmp/home && safeset run /tmp/home
"""

import random

import polars as pl

from bench.probes import people, rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_GB", "de_DE", "nl_NL", "fr_FR"]
fk = seeded(locs, 3100)
rnd = random.Random(31)
households = []
for i, _loc, g, first, last in people(n, locs, fk):
    ssid = rnd.choice((f"{last}-WiFi", f"{first}s iPhone", "FRITZ!Box 7590 XY",
                       f"Vodafone-{rnd.randint(1000, 9999)}"))  # fmt: skip
    households.append(
        {
            "account_ref": f"HH-{100000 + i}",
            "holder": f"{first} {last}",
            "email": g.email(),
            "street": g.street_address().replace("\n", " "),
            "postcode": g.postcode(),
            "city": g.city(),
            "wifi_ssid": ssid,
            "first": first,
        }
    )
readings = []
for _ in range(n * 3):
    h = rnd.choice(households)
    readings.append(
        {
            "device_id": f"THERM-{rnd.randint(10**7, 10**8 - 1)}",
            "account_ref": h["account_ref"],
            "hw": ":".join(f"{rnd.randrange(256):02x}" for _ in range(6)),
            "ts": f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}T"
            f"{rnd.randrange(24):02d}:{rnd.randrange(60):02d}:00Z",
            "temp_c": round(rnd.uniform(15, 24), 1),
            "room": rnd.choice(("Living room", f"{h['first']}'s room", "Kitchen", "Nursery")),
            "lat": round(rnd.uniform(50, 53), 5),
            "lon": round(rnd.uniform(-1, 7), 5),
            "firmware": f"v{rnd.randint(1, 4)}.{rnd.randint(0, 9)}.{rnd.randint(0, 20)}",
        }
    )
pl.DataFrame(households).drop("first").write_csv(out / "households.csv")
write_jsonl(out / "readings.jsonl", readings)
