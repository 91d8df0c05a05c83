"""Probe: an IT department's asset inventory, sign-in log and staff directory.

assets.csv (asset tags, hostnames named after their users: "LT-LWILLIS-03",
"anna-macbook-pro", "lwillis-pc"; serials; MAC addresses under ``mac_address``; IPs;
the assignee's e-mail; notes naming who handed a laptop over), signins.jsonl (the user as
Windows writes it, "CORP\\lwillis", the sign-in's address, a nested device and location)
and staff.jsonl (logins with no digit, "Lawrence, Andrew" display names, the manager as
another row's login).

    python -m bench.probes.it_assets 3000 /tmp/it && safeset run /tmp/it
"""

import csv
import datetime
import random

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_US", "de_DE", "fr_FR"]
fk = seeded(locs, 4400)
rnd = random.Random(44)
staff = []
for i in range(max(30, n // 10)):
    g = fk[locs[i % 3]]
    first, last = g.first_name(), g.last_name()
    login = rnd.choice([f"{first[0]}{last}", f"{first}.{last}", f"{last[:6]}{first[:2]}"])
    login = "".join(c for c in login.lower() if c.isascii() and (c.isalnum() or c == "."))
    staff.append({"login": login, "first": first, "last": last,
                  "email": f"{login}@corp.example.com",
                  "dept": rnd.choice(["Finance", "IT", "Sales", "HR", "Legal"])})  # fmt: skip


def ip(g) -> str:  # type: ignore[no-untyped-def]
    if rnd.random() < 0.5:
        return g.ipv4_public()
    return f"10.{rnd.randint(0, 40)}.{rnd.randint(0, 255)}.{rnd.randint(1, 254)}"


with (out / "assets.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["asset_tag", "hostname", "type", "model", "serial_number", "mac_address",
                "ip_address", "os_version", "assigned_to", "location", "purchase_date",
                "warranty_end", "notes"])  # fmt: skip
    for i in range(max(40, n // 5)):
        s, g = rnd.choice(staff), fk["en_US"]
        kind = rnd.choice(["Laptop", "Desktop", "Phone", "Monitor"])
        host = rnd.choice([f"LT-{s['login'].split('.')[0].upper()[:10]}-{rnd.randint(1, 9):02d}",
                           f"{s['first'].lower()}-macbook-pro", f"WS{rnd.randint(1000, 9999)}",
                           f"{s['login'].replace('.', '-')}-pc"])  # fmt: skip
        other = rnd.choice(staff)
        w.writerow([
            f"AT-{100000 + i}", host if kind != "Monitor" else "", kind,
            rnd.choice(["Dell Latitude 7440", "MacBook Pro 14", "iPhone 15", "HP EliteDesk 800"]),
            "".join(rnd.choices("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", k=10)),
            ":".join(f"{rnd.randint(0, 255):02x}" for _ in range(6)),
            f"10.{rnd.randint(0, 40)}.{rnd.randint(0, 255)}.{rnd.randint(1, 254)}",
            rnd.choice(["Windows 11 23H2", "macOS 14.5", "iOS 17.5.1", "Ubuntu 22.04"]),
            s["email"], rnd.choice(["HQ-3F", "Berlin Office", "Paris La Défense", "Remote"]),
            g.date_between("-4y").isoformat(), g.date_between("+1m", "+3y").isoformat(),
            rnd.choice(["", "", "Screen cracked, replaced by vendor",
                        f"Handed over from {other['first']} {other['last']}",
                        f"Reimaged after malware alert (ticket INC{rnd.randint(10000, 99999)})"]),
        ])  # fmt: skip
start = datetime.datetime(2025, 3, 1)
write_jsonl(out / "signins.jsonl", [
    {"ts": (start + datetime.timedelta(seconds=rnd.randint(0, 8_000_000))).isoformat() + "Z",
     "user": f"CORP\\{s['login']}", "upn": s["email"],
     "result": rnd.choice(["Success", "Success", "Success", "Failure"]),
     "failure_reason": rnd.choice([None, "Invalid password", "MFA denied"]),
     "src_ip": ip(fk["en_US"]), "client_app": rnd.choice(["Outlook", "Teams", "Browser", "VPN"]),
     "device": {"os": rnd.choice(["Windows", "macOS", "iOS"]),
                "browser": rnd.choice(["Edge 124", "Chrome 125", None])},
     "location": {"city": fk[rnd.choice(locs)].city(), "country": rnd.choice(["US", "DE", "FR"])}}
    for s in (rnd.choice(staff) for _ in range(n))
])  # fmt: skip
write_jsonl(out / "staff.jsonl", [
    {"login": s["login"], "display_name": f"{s['last']}, {s['first']}", "mail": s["email"],
     "department": s["dept"], "manager": rnd.choice(staff)["login"]}
    for s in staff
])  # fmt: skip
