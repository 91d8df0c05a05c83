"""Probe: a marketplace bundle whose chats are lists of messages.

users.csv and threads.jsonl (each thread a list of messages in one of six European
languages: phones, e-mails, pickup addresses, first names). Session 33: 1,041 leaks
(spans crossing two messages dropped) and 364 fake phones swept as unexplained; now
rejected for 2 cells only (a fake town holding a user's first name).

    python -m bench.probes.marketplace 20000 /tmp/market && safeset run /tmp/market
"""

import json
import random

import polars as pl

from bench.probes import people, rows_and_folder, seeded

n, out = rows_and_folder()
locs = ["es_ES", "it_IT", "fr_FR", "de_DE", "pt_PT", "pl_PL"]
fk = seeded(locs, 7000)
rnd = random.Random(17)
T = {
    "es_ES": [
        "Hola, soy {first}, ¿sigue disponible?",
        "Mi teléfono es {phone}, llámame por la tarde.",
        "Puedo recogerlo en {street}, {city}.",
        "Te escribo a {email} con los detalles.",
        "¿Lo dejarías en {price} euros?",
        "Perfecto, gracias {other}!",
        "Vale, quedamos el sábado.",
    ],
    "it_IT": [
        "Ciao, sono {first}, è ancora disponibile?",
        "Il mio numero è {phone}, chiamami la sera.",
        "Posso ritirarlo in {street}, {city}.",
        "Ti scrivo a {email} con i dettagli.",
        "Me lo lasci a {price} euro?",
        "Perfetto, grazie {other}!",
        "Va bene, ci vediamo sabato.",
    ],
    "fr_FR": [
        "Bonjour, je suis {first}, c'est toujours disponible ?",
        "Mon numéro est le {phone}, appelez-moi le soir.",
        "Je peux passer le chercher au {street}, {city}.",
        "Je vous écris à {email} avec les détails.",
        "Vous le laisseriez à {price} euros ?",
        "Parfait, merci {other} !",
        "D'accord, à samedi.",
    ],
    "de_DE": [
        "Hallo, ich bin {first}, ist das noch zu haben?",
        "Meine Nummer ist {phone}, ruf mich abends an.",
        "Ich kann es in der {street}, {city} abholen.",
        "Ich schreibe dir an {email} mit den Details.",
        "Würdest du es für {price} Euro abgeben?",
        "Super, danke {other}!",
        "Okay, dann bis Samstag.",
    ],
    "pt_PT": [
        "Olá, sou o {first}, ainda está disponível?",
        "O meu número é {phone}, ligue-me à noite.",
        "Posso ir buscar à {street}, {city}.",
        "Escrevo-lhe para {email} com os detalhes.",
        "Deixa por {price} euros?",
        "Perfeito, obrigado {other}!",
        "Combinado, até sábado.",
    ],
    "pl_PL": [
        "Cześć, jestem {first}, czy to jest jeszcze dostępne?",
        "Mój numer to {phone}, zadzwoń wieczorem.",
        "Mogę odebrać na {street}, {city}.",
        "Napiszę do ciebie na {email} ze szczegółami.",
        "Czy oddasz za {price} złotych?",
        "Super, dzięki {other}!",
        "Dobra, do soboty.",
    ],
}
items = [
    "Bicicleta de montaña",
    "IKEA Billy bookcase",
    "Lavatrice Bosch 8kg",
    "Canapé 3 places",
    "Kinderwagen Bugaboo",
    "Guitarra Yamaha C40",
    "iPhone 12 64GB",
    "Rower miejski",
    "Mesa de jantar",
    "PlayStation 4 Pro",
]
users = []
for i, loc, g, first, last in people(n, locs, fk):
    users.append(
        {
            "user_id": f"u{100000 + i}",
            "display_name": f"{first} {last[0]}.",
            "full_name": f"{first} {last}",
            "handle": (first + last[:3]).lower().replace(" ", "") + str(rnd.randint(1, 99)),
            "email": g.email(),
            "phone": g.phone_number(),
            "city": g.city(),
            "joined": g.date_between("-6y").isoformat(),
            "rating": round(rnd.uniform(3, 5), 1),
            "payout_iban": g.iban(),
            "locale": loc,
            "first": first,
            "street": g.street_address(),
        }
    )
with open(out / "threads.jsonl", "w", encoding="utf-8") as f:
    for k in range(int(n * 1.5)):
        s = users[rnd.randrange(n)]
        b = users[rnd.randrange(n)]
        loc = b["locale"]
        tpl = T[loc]
        msgs = []
        for j in range(rnd.randint(2, 6)):
            who = b if j % 2 == 0 else s
            text = rnd.choice(tpl).format(
                first=who["first"],
                phone=who["phone"],
                street=who["street"],
                city=who["city"],
                email=who["email"],
                price=rnd.randint(10, 400),
                other=(s if who is b else b)["first"],
            )
            msgs.append(
                {
                    "from": who["user_id"],
                    "sent_at": f"2026-0{rnd.randint(1, 9)}-{rnd.randint(10, 28)}"
                    f"T{rnd.randint(10, 23)}:{rnd.randint(10, 59)}:00Z",
                    "text": text,
                }
            )
        rec = {
            "thread": f"T-{k:07d}",
            "listing": {
                "title": rnd.choice(items),
                "price_eur": rnd.randint(10, 900),
                "seller": s["user_id"],
                "seller_name": s["display_name"],
            },
            "buyer": b["user_id"],
            "messages": msgs,
            "status": rnd.choice(["open", "sold", "closed"]),
        }
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
for u in users:
    del u["first"]
    del u["street"]
pl.DataFrame(users).write_csv(out / "users.csv")
print(n)
