"""Probe: a mailbox export, JSON Lines of messages with nested and list-valued fields.

mailbox.jsonl: a message id (a UUID at the company's mail host) and thread id, the time
sent, ``from`` as an object ``{name, address}``, ``to`` and ``cc`` as lists of such objects,
a subject, a body, ``labels`` (a list of words), ``attachments`` (a list of ``{filename,
size_bytes}``) and a spam score. Bodies in five languages greet the first recipient by
first name, name a colleague with their phone or e-mail, and end in a signature: a
name, a job title (Faker's, many of them long: "Pescador de alta mar", "officier de la
Marine nationale") and a phone, on lines of their own or one line split by bars
("Anna Berg | Medizininformatiker | (00960) 27690"); German ones write the number
before the verb ("unter +49 30 1234567 erreichbar"). Phones are Faker's for each locale:
trunk zeros in brackets, country codes run into the area code, French digit pairs.

    python -m bench.probes.mailbox 4000 /tmp/mail && safeset run /tmp/mail
"""

import random
import uuid

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "nl_NL"]
fk = seeded(locs, 770)
rnd = random.Random(77)

staff = []
for i in range(600):
    g = fk[locs[i % len(locs)]]
    first, last = g.first_name(), g.last_name()
    host = rnd.choice(["acme-logistics.com", "northwind.io", g.free_email_domain()])
    staff.append({"name": f"{first} {last}", "first": first, "phone": g.phone_number(),
                  "email": f"{first}.{last}@{host}".lower().replace(" ", ""),
                  "title": g.job()})  # fmt: skip

SUBJECTS = ["Q3 forecast", "Re: invoice {n}", "Meeting notes {d}", "Fw: shipment delayed",
            "Contract renewal", "Re: Re: onboarding plan", "Holiday schedule",
            "Offsite logistics", "Budget approval needed", "Your order {n}"]  # fmt: skip
BODIES = [
    "Hi {to},\n\nPlease find the {doc} attached. Let me know if anything is missing.\n\n"
    "Best,\n{name}\n{title}\n{phone}",
    "Hello {to},\nthanks for the call today. As discussed, {other} will take over the "
    "account from Monday. You can reach {other_first} on {other_phone}.\n\nRegards,\n{name}",
    "Hallo {to},\n\nanbei die Unterlagen. Bei Fragen bin ich unter {phone} erreichbar.\n\n"
    "Viele Grüße\n{name}",
    "Bonjour {to},\n\nje vous transmets le document. N'hésitez pas à contacter {other} "
    "({other_email}) pour les détails.\n\nCordialement,\n{name}",
    "{to} - quick one: can you approve the budget by Friday? cc'ing {other_first} who owns "
    "the PO.\n\n-- \n{name} | {title} | {phone}",
    "Hola {to},\n\nte reenvío el correo de {other}. Su teléfono es {other_phone}.\n\n"
    "Saludos,\n{name}",
    "Team,\n\nThe offsite is confirmed for 12-14 May. Rooms are booked under {name}'s name. "
    "Dietary needs to {other_email} please.\n\nThanks!",
]


def contact(p: dict) -> dict:
    return {"name": p["name"], "address": p["email"]}


rows = []
for _ in range(n):
    sender, other = rnd.choice(staff), rnd.choice(staff)
    to, cc = rnd.sample(staff, rnd.randint(1, 3)), rnd.sample(staff, rnd.randint(0, 2))
    body = rnd.choice(BODIES).format(
        to=to[0]["first"], name=sender["name"], title=sender["title"], phone=sender["phone"],
        doc=rnd.choice(["invoice", "contract", "report", "slides"]), other=other["name"],
        other_first=other["first"], other_phone=other["phone"], other_email=other["email"],
    )  # fmt: skip
    rows.append({
        "message_id": f"<{uuid.UUID(int=rnd.getrandbits(128))}@mail.acme-logistics.com>",
        "thread_id": f"T{rnd.randint(10000, 99999)}",
        "sent_at": f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}T"
                   f"{rnd.randint(7, 19):02d}:{rnd.randint(0, 59):02d}:00Z",
        "from": contact(sender),
        "to": [contact(p) for p in to],
        "cc": [contact(p) for p in cc],
        "subject": rnd.choice(SUBJECTS).format(n=rnd.randint(1000, 9999),
                                               d=f"{rnd.randint(1, 28)}/{rnd.randint(1, 12)}"),
        "body": body,
        "labels": rnd.sample(["inbox", "important", "finance", "hr", "travel", "starred"],
                             rnd.randint(1, 3)),
        "attachments": [{"filename": f"{rnd.choice(['invoice', 'contract', 'report'])}_"
                                     f"{rnd.randint(100, 999)}.pdf",
                         "size_bytes": rnd.randint(10000, 900000)}
                        for _ in range(rnd.randint(0, 2))],
        "spam_score": round(rnd.random() * 5, 2),
    })  # fmt: skip
write_jsonl(out / "mailbox.jsonl", rows)
