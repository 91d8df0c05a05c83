"""Probe: a support tool's conversations as Intercom's API lists them (JSON, HTML bodies).

One object wraps the list; each conversation has its contact, a ``source`` message and a
list of ``conversation_parts`` (author, HTML ``body``, a Unix ``created_at`` each). The
bodies write "'" as "&#39;" or "&#x27;", "&" as "&amp;", and sign with "<br>"; a sixth of
the customers' surnames hold an apostrophe (O'Brien, D'Angelo). Found in session 50: the
parts' ``created_at`` (a list of Unix times) swept as phones: REJECTED; then CERTIFIED
with 27 surnames published ("O&#x27;Brien" read by neither detection nor the gate).

    python -m bench.probes.intercom_conversations 1200 /tmp/ic && safeset run /tmp/ic
"""

import html
import json
import random

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
rnd = random.Random(11)
locs = ["en_US", "en_GB", "en_IE", "de_DE", "fr_FR", "it_IT"]
fk = seeded(locs, 300)
ADMINS = [
    {"type": "admin", "id": str(4000 + i), "name": name,
     "email": f"{name.split()[0].lower()}@acme-support.io"}
    for i, name in enumerate(["Hannah Webb", "Marco Bellini", "Siobhan O'Neill"])
]  # fmt: skip
APOSTROPHE_SURNAMES = ["O'Brien", "O'Connor", "D'Angelo", "O'Kearney", "N'Diaye"]
conversations = []
for i in range(n):
    f = fk[rnd.choice(locs)]
    first = f.first_name()
    last = rnd.choice(APOSTROPHE_SURNAMES) if rnd.random() < 0.15 else f.last_name()
    local = f"{first}.{last}".lower().replace("'", "").replace(" ", "")
    email = f"{local}@{f.free_email_domain()}"
    contact_id = f"{rnd.getrandbits(96):024x}"
    contact = {"type": "contact", "id": contact_id, "name": f"{first} {last}", "email": email}
    user = {"type": "user", "id": contact_id, "name": contact["name"], "email": email}
    admin = rnd.choice(ADMINS)
    at = 1_730_000_000 + i * 3600
    opening = rnd.choice([
        f"<p>Hi, I&#39;m {html.escape(first + ' ' + last)} and my order never arrived.</p>"
        f"<p>Shipping address: {html.escape(f.street_address())}, {html.escape(f.city())}</p>",
        f"<p>Hello,</p><p>please change the phone on my account to {f.phone_number()}.</p>"
        f"<p>Thanks,<br>{html.escape(first)}</p>",
        f"<p>Can you refund invoice #{rnd.randint(10000, 99999)}? It was charged twice &amp; "
        "I&#39;m not happy.</p>",
        f"<p>My colleague <b>{html.escape(f.first_name())} {html.escape(f.last_name())}</b> "
        "can&#39;t log in since Monday.</p>",
    ])  # fmt: skip
    reply = rnd.choice([
        f"<p>Hi {html.escape(first)},</p><p>Thanks for reaching out! I&#39;ve looked into this "
        f"for you.</p><p>Best,<br>{html.escape(admin['name'].split()[0])}</p>",
        f"<p>Sorry about that, {html.escape(first)}. I&#39;ve issued a refund &amp; you&#39;ll "
        "see it in 3&ndash;5 days.</p>",
        "<p>Could you confirm the email address on the account?</p>",
    ])  # fmt: skip
    answer = rnd.choice([f"<p>Sure, it&#39;s {email}</p>", "<p>ok thanks</p>",
                         f"<p>Thank you {html.escape(admin['name'].split()[0])}!</p>"])  # fmt: skip
    parts = [
        {"part_type": "comment", "author": admin, "body": reply, "created_at": at + 60},
        {"part_type": "comment", "author": user, "body": answer, "created_at": at + 600},
        {"part_type": "close", "author": admin, "body": None, "created_at": at + 900},
    ]
    conversations.append({
        "type": "conversation", "id": str(100000 + i), "created_at": at, "state": "closed",
        "source": {"type": "conversation", "delivered_as": "customer_initiated",
                   "body": opening, "author": user},
        "contacts": {"type": "contact.list", "contacts": [contact]},
        "conversation_parts": {"type": "conversation_part.list", "conversation_parts": parts,
                               "total_count": len(parts)},
        "tags": {"type": "tag.list",
                 "tags": [{"type": "tag", "name": rnd.choice(["billing", "shipping", "login"])}]},
    })  # fmt: skip
listing = {"type": "conversation.list", "conversations": conversations,
           "pages": {"type": "pages", "page": 1, "per_page": n, "total_pages": 1}}  # fmt: skip
(out / "conversations.json").write_text(json.dumps(listing, indent=1), encoding="utf-8")
