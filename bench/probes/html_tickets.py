"""Probe: a helpdesk's tickets as its API exports them: HTML bodies, nested comments.

users.jsonl (requesters and agents: numeric ids, names, e-mails, phones, tags) and
tickets.json (one object ``{"tickets": [...], "count": N}``: subjects naming the
requester, HTML descriptions in English, German and French with the requester's phone in
``<b>``, an address, a sign-off after ``<br>``, a table of order, customer and a
``mailto:`` link; ``custom_fields`` as a list of ``{id, value}`` whose ids are the
helpdesk's own; comments with HTML bodies, "@first-name" mentions and a ``via.source``
naming the sender).

    python -m bench.probes.html_tickets 2000 /tmp/tickets && safeset run /tmp/tickets
"""

import json
import random

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_US", "en_GB", "de_DE", "fr_FR"]
fk = seeded(locs, 4800)
rnd = random.Random(48)
users = []
for i in range(max(40, n // 5)):
    g = fk[locs[i % 4]]
    users.append({
        "id": 360000000000 + i * 101, "name": g.name(), "email": g.email(),
        "phone": g.phone_number() if rnd.random() < 0.5 else None,
        "role": rnd.choice(["end-user", "end-user", "agent"]),
        "locale": locs[i % 4].replace("_", "-").lower(),
        "tags": rnd.sample(["vip", "churn-risk", "beta", "enterprise"], 2),
    })  # fmt: skip
write_jsonl(out / "users.jsonl", users)
requesters = [u for u in users if u["role"] == "end-user"]
agents = [u for u in users if u["role"] == "agent"]
tickets = []
for i in range(n):
    req, agent, g = rnd.choice(requesters), rnd.choice(agents), fk[locs[i % 4]]
    first = req["name"].split()[0]
    body = rnd.choice([
        f"<p>Hi {agent['name'].split()[0]},</p><p>I can't log in since yesterday. My number is "
        f"<b>{req['phone'] or g.phone_number()}</b>.</p><p>Regards,<br>{req['name']}</p>",
        f'<div dir="auto">Hallo,<br><br>bitte ändern Sie meine Adresse auf {g.street_address()}, '
        f"{g.postcode()} {g.city()}.<br><br>Mit freundlichen Grüßen<br>{req['name']}</div>",
        f"<p>Bonjour {agent['name']},</p><p>Merci de rappeler {first} au {g.phone_number()}.</p>",
        f"<table><tr><td>Order</td><td>#{rnd.randint(100000, 999999)}</td></tr><tr><td>Customer"
        f"</td><td>{req['name']}</td></tr><tr><td>Email</td><td><a href='mailto:"
        f"{req['email']}'>{req['email']}</a></td></tr></table>",
        "<p>Thanks, that fixed it!</p>",
    ])  # fmt: skip
    comments = [{
        "id": 10**12 + i * 10 + k, "author_id": rnd.choice([req["id"], agent["id"]]),
        "public": rnd.random() < 0.8,
        "html_body": rnd.choice(["<p>We are looking into it.</p>",
                                 f"<p>@{first} could you send a screenshot?</p>",
                                 f"<p>Escalated to {rnd.choice(users)['name']} (tier 2).</p>"]),
        "via": {"channel": rnd.choice(["email", "web", "api"]),
                "source": {"from": {"address": req["email"], "name": req["name"]},
                           "to": {"address": "support@example.com"}}},
    } for k in range(rnd.randint(1, 3))]  # fmt: skip
    tickets.append({
        "id": 500000 + i,
        "subject": rnd.choice(["Login issue", f"Address change for {req['name']}",
                               "Invoice question", "Re: your order"]),
        "description": body, "requester_id": req["id"], "assignee_id": agent["id"],
        "status": rnd.choice(["open", "solved", "pending"]),
        "custom_fields": [{"id": 360012345678, "value": rnd.choice(["billing", "tech", None])},
                          {"id": 360087654321, "value": str(rnd.randint(1000, 9999))}],
        "comments": comments,
    })  # fmt: skip
document = {"tickets": tickets, "count": len(tickets)}
(out / "tickets.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
