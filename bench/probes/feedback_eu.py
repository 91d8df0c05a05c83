"""Probe: a European retailer's customer feedback, written in the customers' languages.

customers.parquet: a customer number, names, e-mail, phone, a postcode and town in the
Netherlands, Poland, Sweden, Italy, Portugal or Denmark, and the language. feedback.jsonl:
a rating, a channel and a comment in that language that names the shop assistant by
first name, the customer's own name or phone, a town, or no one ("Bedankt aan Sanne in
de winkel in Utrecht", "Proszę o kontakt: 512 345 678", "Tack till Elsa!").

    python -m bench.probes.feedback_eu 3000 /tmp/feedback && safeset run /tmp/feedback
"""

import random

import polars as pl

from bench.probes import people, rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
LOCS = ["nl_NL", "pl_PL", "sv_SE", "it_IT", "pt_PT", "da_DK"]
fk = seeded(LOCS, 3300)
rnd = random.Random(33)
T = {
    "nl_NL": [
        "Bedankt aan {staff} in de winkel in {city}, zeer behulpzaam!",
        "Levering was twee dagen te laat.",
        "Bel mij terug op {phone} a.u.b., mijn naam is {name}.",
        "Prima service, ik kom zeker terug.",
    ],
    "pl_PL": [
        "Dziękuję pani {staff} ze sklepu w {city} za pomoc.",
        "Paczka przyszła uszkodzona.",
        "Proszę o kontakt: {phone}. {name}",
        "Wszystko w porządku, polecam.",
    ],
    "sv_SE": [
        "Tack till {staff} i butiken i {city}!",
        "Varan var slut i lager i tre veckor.",
        "Ring mig på {phone}, hälsningar {name}",
        "Snabb leverans, bra pris.",
    ],
    "it_IT": [
        "Grazie a {staff} del negozio di {city}, gentilissima.",
        "Il rimborso non è ancora arrivato.",
        "Vi prego di richiamarmi al {phone}. Cordiali saluti, {name}",
        "Tutto perfetto, consegna puntuale.",
    ],
    "pt_PT": [
        "Obrigado ao {staff} da loja de {city}, muito simpático.",
        "A encomenda chegou incompleta.",
        "Por favor liguem para {phone}. Cumprimentos, {name}",
        "Excelente atendimento.",
    ],
    "da_DK": [
        "Tak til {staff} i butikken i {city}!",
        "Pakken kom aldrig frem.",
        "Ring venligst til mig på {phone}. Mvh {name}",
        "Super god service.",
    ],
}
cust = []
for i, loc, g, first, last in people(max(60, n // 3), LOCS, fk):
    cust.append(
        {
            "customer_no": f"C{700000 + i}",
            "first_name": first,
            "last_name": last,
            "email": g.email(),
            "phone": g.phone_number(),
            "postcode": g.postcode(),
            "town": g.city(),
            "language": loc[:2],
        }
    )
pl.DataFrame(cust).write_parquet(out / "customers.parquet")
fb = []
for k in range(n):
    c = rnd.choice(cust)
    loc = next(x for x in LOCS if x.startswith(c["language"]))
    g = fk[loc]
    text = rnd.choice(T[loc]).format(
        staff=g.first_name(),
        city=g.city(),
        phone=c["phone"],
        name=f"{c['first_name']} {c['last_name']}",
    )
    fb.append(
        {
            "id": k + 1,
            "customer_no": c["customer_no"],
            "rating": rnd.randint(1, 5),
            "channel": rnd.choice(["app", "web", "store"]),
            "comment": text,
        }
    )
write_jsonl(out / "feedback.jsonl", fb)
