"""Probe: a web shop's server logs, as operations export them.

access_log.csv: one raw line of the web server's combined log format per row, in a column
``line`` ("203.0.113.7 - alice.m [07/Dec/2026:10:12:01 +0000] "GET /account/reset?email=
...&name=... HTTP/1.1" 200 512 "https://..." "Mozilla/5.0 ..."), the host and a request
id. auth_log.jsonl: sshd and the shop's login service ("Accepted publickey for jsmith
from 198.51.100.4 port 52144 ssh2", "Failed password for invalid user admin", "login ok
user=anna.kowalski@example.org ip=..."). accounts.csv: the shop's customers (login, name,
e-mail, last IP) the lines refer to.

    python -m bench.probes.web_logs 3000 /tmp/weblogs && safeset run /tmp/weblogs
"""

import csv
import random
import re
from datetime import datetime, timedelta
from urllib.parse import quote_plus

from bench.probes import people, rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
fk = seeded(["en_GB", "en_US", "pl_PL", "nl_NL"], 4200)
rnd = random.Random(42)
locs = list(fk)
accounts = []
for i, _loc, g, first, last in people(max(50, n // 6), locs, fk):
    login = rnd.choice([f"{first[0]}{last}".lower(), f"{first}.{last[0]}".lower()])
    login = re.sub(r"[^a-z.]", "", login.encode("ascii", "ignore").decode()) or f"user{i}"
    accounts.append(
        {
            "account_id": 30_000 + i,
            "login": login,
            "name": f"{first} {last}",
            "email": f"{login}@{g.free_email_domain()}",
            "last_ip": g.ipv4_public(),
        }
    )
with (out / "accounts.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(accounts[0]))
    w.writeheader()
    w.writerows(accounts)

PAGES = [
    "/",
    "/basket",
    "/products/kettle-1.7l",
    "/static/app.js",
    "/search?q=blue+mug",
    "/checkout/pay",
    "/products/desk-lamp",
    "/favicon.ico",
    "/api/v2/stock?sku=K-1170",
]
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    "curl/8.4.0",
    "Googlebot/2.1 (+http://www.google.com/bot.html)",
]
t0 = datetime(2026, 12, 7, 0, 0, 0)
rows = []
for i in range(n):
    a = rnd.choice(accounts)
    t = (t0 + timedelta(seconds=i * 7)).strftime("%d/%b/%Y:%H:%M:%S +0000")
    user = a["login"] if rnd.random() < 0.4 else "-"
    kind = rnd.random()
    if kind < 0.15:
        path = f"/account/reset?email={quote_plus(a['email'])}&name={quote_plus(a['name'])}"
    elif kind < 0.25:
        path = f"/orders/{rnd.randint(100000, 999999)}/invoice.pdf"
    else:
        path = rnd.choice(PAGES)
    ip = a["last_ip"] if rnd.random() < 0.5 else fk["en_GB"].ipv4_public()
    line = (
        f'{ip} - {user} [{t}] "{rnd.choice(["GET", "GET", "POST"])} {path} HTTP/1.1" '
        f"{rnd.choice([200, 200, 200, 302, 404, 500])} {rnd.randint(200, 90000)} "
        f'"{rnd.choice(["-", "https://shop.example.com/", "https://www.google.com/"])}" '
        f'"{rnd.choice(AGENTS)}"'
    )
    rows.append(
        {
            "host": f"web-{rnd.randint(1, 4):02d}",
            "request_id": f"{rnd.getrandbits(64):016x}",
            "line": line,
        }
    )
with (out / "access_log.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=["host", "request_id", "line"])
    w.writeheader()
    w.writerows(rows)
auth = []
for i in range(n // 2):
    a = rnd.choice(accounts)
    t = (t0 + timedelta(seconds=i * 13)).isoformat() + "Z"
    ip = a["last_ip"] if rnd.random() < 0.6 else fk["nl_NL"].ipv4_public()
    port = rnd.randint(30000, 65000)
    msg = rnd.choice(
        [
            f"sshd[{rnd.randint(1000, 9999)}]: Accepted publickey for {a['login']} from {ip} port {port} ssh2",  # noqa: E501
            f"sshd[{rnd.randint(1000, 9999)}]: Failed password for invalid user admin from {ip} port {port} ssh2",  # noqa: E501
            f"login ok user={a['email']} ip={ip} mfa=totp",
            f"login failed user={a['email']} ip={ip} reason=bad_password attempts={rnd.randint(1, 5)}",  # noqa: E501
            f"session closed for user {a['login']}",
            "CRON[2211]: (root) CMD (run-parts /etc/cron.hourly)",
        ]
    )
    auth.append({"ts": t, "service": "auth", "message": msg})
write_jsonl(out / "auth_log.jsonl", auth)
