"""Probe: a support chat's transcripts in four languages, speaker by speaker.

conversations.parquet: a conversation id, the customer's id, the language, the agent's
first name, and the transcript as one text with a line per turn, labelled in the
conversation's language ("Agente: ...", "Cliente: ...", "Kunde: ...", "Kundin", "Client :
..."), with timestamps "[10:02]", in which the customer gives a name, an e-mail, an order
number, a phone or an address. customers.csv: the customers (names, e-mails, phones).

    python -m bench.probes.chat_multilingual 3000 /tmp/chats && safeset run /tmp/chats
"""

import csv
import random

import polars as pl

from bench.probes import people, rows_and_folder, seeded

n, out = rows_and_folder()
LOCS = ["es_ES", "de_DE", "pt_BR", "fr_FR"]
fk = seeded(LOCS, 4400)
rnd = random.Random(44)
L = {
    "es_ES": ("Agente", "Cliente", ["Hola, soy {agent}, ¿en qué puedo ayudarle?",
              "Hola, mi pedido {order} no ha llegado.", "¿Me confirma su nombre y correo?",
              "Soy {name}, mi correo es {email}.", "Gracias {first}, lo reviso ahora.",
              "Pueden llamarme al {phone}.", "Perfecto, le enviamos uno nuevo a {street}."]),
    "de_DE": ("Agent", "Kunde", ["Hallo, hier ist {agent}, wie kann ich helfen?",
              "Meine Bestellung {order} ist nicht angekommen.", "Wie ist Ihr Name und Ihre E-Mail?",
              "Ich bin {name}, E-Mail {email}.", "Danke, Herr {last}, ich prüfe das.",
              "Rufen Sie mich unter {phone} an.", "Wir schicken Ersatz an {street}."]),
    "pt_BR": ("Atendente", "Cliente", ["Olá, aqui é {agent}, como posso ajudar?",
              "Meu pedido {order} não chegou.", "Pode confirmar seu nome e e-mail?",
              "Sou {name}, meu e-mail é {email}.", "Obrigado {first}, vou verificar.",
              "Podem me ligar no {phone}.", "Enviaremos outro para {street}."]),
    "fr_FR": ("Conseiller", "Client", ["Bonjour, ici {agent}, comment puis-je vous aider ?",
              "Ma commande {order} n'est pas arrivée.", "Pouvez-vous confirmer votre nom et e-mail ?",  # noqa: E501
              "Je suis {name}, e-mail {email}.", "Merci {first}, je vérifie.",
              "Vous pouvez m'appeler au {phone}.", "Nous renvoyons un colis au {street}."]),
}  # fmt: skip
customers = list(people(max(60, n // 3), LOCS, fk))
with (out / "customers.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["customer_id", "name", "email", "phone"])
    emails = {}
    for i, _loc, g, first, last in customers:
        emails[i] = g.email()
        w.writerow([f"K{90000 + i}", f"{first} {last}", emails[i], g.phone_number()])
rows = []
for k in range(n):
    i, loc, g, first, last = rnd.choice(customers)
    agent_label, cust_label, lines = L[loc]
    agent = g.first_name()
    vals = {"agent": agent, "order": f"#{rnd.randint(100000, 999999)}", "name": f"{first} {last}",
            "email": emails[i], "first": first, "last": last, "phone": g.phone_number(),
            "street": g.street_address()}  # fmt: skip
    turns = []
    for t, line in enumerate(lines[: rnd.randint(4, len(lines))]):
        who = agent_label if t % 2 == 0 and t not in (3, 5) else cust_label
        if t in (1, 3, 5):
            who = cust_label
        turns.append(f"[10:{t:02d}] {who}: {line.format(**vals)}")
    rows.append({"conversation_id": f"c{k:06d}", "customer_id": f"K{90000 + i}", "language": loc[:2],  # noqa: E501
                 "agent": agent, "transcript": "\n".join(turns)})  # fmt: skip
pl.DataFrame(rows).write_parquet(out / "conversations.parquet")
