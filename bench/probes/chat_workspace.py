"""Probe: a team chat tool's workspace export, as Slack writes one.

users.json (id "U0…", login, real name, a profile with title, phone, e-mail, display
name and status), channels.json (id, name, member ids) and, per channel, a folder of
one JSON file per day: messages with the author's id, text that mentions people as
``<@U0…>``, names customers with their phone or e-mail, a ``user_profile`` copy of the
author's names, and ``reactions`` whose ``name`` is an emoji's ("+1") and whose
``users`` are ids. ``flat`` as a third argument writes the days into the bundle's folder
as ``<channel>_<day>.json`` instead (the layout a run accepts: a bundle is the files
directly in its folder).

    python -m bench.probes.chat_workspace 2000 /tmp/chat flat && safeset run /tmp/chat
"""

import json
import random
import sys

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
flat = sys.argv[3:] == ["flat"]
locs = ["en_US", "en_GB", "de_DE", "fr_FR", "nl_NL"]
fk = seeded(locs, 120)
rnd = random.Random(12)
ID = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"

users = []
for i in range(150):
    g = fk[locs[i % len(locs)]]
    first, last = g.first_name(), g.last_name()
    login = (first[0] + last).lower().replace(" ", "").replace("'", "")
    users.append({
        "id": "U0" + "".join(rnd.choice(ID) for _ in range(8)), "name": login,
        "real_name": f"{first} {last}", "tz": "Europe/Berlin", "is_bot": False,
        "profile": {"title": g.job(), "phone": g.phone_number() if rnd.random() < 0.6 else "",
                    "email": f"{login}@acme.io", "display_name": first,
                    "status_text": rnd.choice(["", "In a meeting", "Vacationing", "Out sick"])},
    })  # fmt: skip
(out / "users.json").write_text(json.dumps(users, ensure_ascii=False), encoding="utf-8")
channels = ["general", "support-escalations", "random", "eng-backend"]
(out / "channels.json").write_text(json.dumps([
    {"id": f"C0{i}XYZ{i}", "name": c, "created": 1600000000 + i,
     "members": [u["id"] for u in rnd.sample(users, 40)]} for i, c in enumerate(channels)
]))  # fmt: skip
TEMPLATES = [
    "<@{u}> can you look at the deploy?", "thanks <@{u}>!",
    "Customer {cust} called again, number {phone}. Can someone call back?",
    "I'll be out tomorrow, {fn} is covering.", "Lunch at 12?",
    "Escalation: {cust} ({email}) says the invoice is wrong.",
    "PR is up: https://github.com/acme/api/pull/{n}", "Who owns the {thing} service?",
    "{fn}, please ping {cust} at {email} about the refund.",
    "Meeting moved to 3pm, see you there",
]  # fmt: skip
ts = 1735700000.0
for day in range(max(1, n // 100)):
    date = f"2025-{1 + day // 28:02d}-{1 + day % 28:02d}"
    for channel in channels:
        messages = []
        for _ in range(25):
            ts += rnd.uniform(30, 900)
            author, other, g = rnd.choice(users), rnd.choice(users), fk[rnd.choice(locs)]
            text = rnd.choice(TEMPLATES).format(
                u=other["id"], cust=g.name(), phone=g.phone_number(), email=g.email(),
                fn=other["profile"]["display_name"], n=rnd.randint(100, 999),
                thing=rnd.choice(["billing", "auth", "search"]),
            )  # fmt: skip
            names = {"real_name": author["real_name"],
                     "display_name": author["profile"]["display_name"]}  # fmt: skip
            message = {"type": "message", "user": author["id"], "text": text,
                       "ts": f"{ts:.6f}", "user_profile": names}  # fmt: skip
            if rnd.random() < 0.2:
                voters = [u["id"] for u in rnd.sample(users, 2)]
                message["reactions"] = [{"name": "+1", "count": 2, "users": voters}]
            messages.append(message)
        folder = out if flat else out / channel
        folder.mkdir(exist_ok=True)
        name = f"{channel}_{date}.json" if flat else f"{date}.json"
        (folder / name).write_text(json.dumps(messages, ensure_ascii=False), encoding="utf-8")
