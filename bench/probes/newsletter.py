"""Probe: an e-mail marketing platform's subscribers, campaigns and tracking events.

subscribers.csv (e-mails, names, signup source, consent timestamps and IPs, tags
"vip;newsletter"), campaigns.json (one JSON array: subject lines with merge tags
"Hi {{first_name}}, your June picks", the sender "Anna from Bloom & Wild"), events.jsonl
(opens and clicks: user agents, IPs, click URLs carrying the subscriber's e-mail
URL-encoded "?email=jane.doe%40gmail.com&utm_source=...", bounce messages quoting the
address "550 5.1.1 <jane.doe@gmail.com>: user unknown").

    python -m bench.probes.newsletter 3000 /tmp/newsletter && safeset run /tmp/newsletter
"""

import csv
import json
import random
from urllib.parse import quote

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_US", "en_GB", "de_DE"]
fk = seeded(locs, 5300)
rnd = random.Random(53)
subs = []
with (out / "subscribers.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(
        [
            "subscriber_id",
            "email",
            "first_name",
            "last_name",
            "source",
            "consent_at",
            "consent_ip",
            "tags",
            "status",
        ]
    )
    for i in range(max(50, n // 3)):
        g = fk[locs[i % 3]]
        first, last = g.first_name(), g.last_name()
        email = f"{first.lower()}.{last.lower()}@{g.free_email_domain()}"
        subs.append((100 + i, email, first))
        w.writerow(
            [
                100 + i,
                email,
                first,
                last,
                rnd.choice(["checkout", "popup", "import", "api"]),
                g.date_time_between("-3y").isoformat(),
                g.ipv4_public(),
                ";".join(rnd.sample(["vip", "newsletter", "lapsed", "de", "uk"], 2)),
                rnd.choice(["subscribed", "unsubscribed", "cleaned"]),
            ]
        )
campaigns = [
    {
        "campaign_id": 70 + k,
        "name": name,
        "subject": subj,
        "from_name": sender,
        "from_email": "hello@bloomandwild.example",
        "sent_at": f"2025-{k % 12 + 1:02d}-0{k % 9 + 1}T09:00:00Z",
    }
    for k, (name, subj, sender) in enumerate(
        [
            ("June picks", "Hi {{first_name}}, your June picks", "Anna from Bloom & Wild"),
            ("Summer sale", "{{first_name}}, 20% off ends tonight", "Bloom & Wild"),
            (
                "Welcome series 1",
                "Welcome to the family, {{first_name}}!",
                "Anna from Bloom & Wild",
            ),
            ("Mother's Day", "Don't forget Mum this May", "Bloom & Wild"),
            ("Win back", "We miss you, {{first_name}}", "Jack at Bloom & Wild"),
        ]
    )
]
(out / "campaigns.json").write_text(json.dumps(campaigns, indent=2), encoding="utf-8")
UAS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36",
    "Microsoft Outlook 16.0.17425",
    "GoogleImageProxy",
]
events = []
for i in range(n):
    sid, email, first = rnd.choice(subs)
    kind = rnd.choice(["open", "open", "click", "click", "bounce", "unsubscribe"])
    ev = {
        "event_id": f"evt_{i:07d}",
        "subscriber_id": sid,
        "campaign_id": rnd.choice(campaigns)["campaign_id"],
        "type": kind,
        "at": fk["en_US"].date_time_between("-1y").isoformat(),
        "ip": fk["en_US"].ipv4_public(),
        "user_agent": rnd.choice(UAS),
        "url": None,
        "detail": None,
    }
    if kind == "click":
        ev["url"] = (
            f"https://www.bloomandwild.example/{rnd.choice(['sale', 'roses', 'gifts'])}"
            f"?email={quote(email)}&utm_source=newsletter&utm_campaign=june"
        )
    elif kind == "bounce":
        ev["detail"] = rnd.choice(
            [
                f"550 5.1.1 <{email}>: Recipient address rejected: User unknown",
                "421 4.7.0 Try again later",
                f"552 Mailbox full for {email}",
            ]
        )
    elif kind == "unsubscribe":
        ev["detail"] = rnd.choice(
            ["", "Too many emails", f"Please remove {first}, she passed away", "Not relevant"]
        )
    events.append(ev)
write_jsonl(out / "events.jsonl", events)
