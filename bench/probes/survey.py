"""Probe: a customer satisfaction survey in five languages, one JSON array of responses.

survey.json: a response id, date, language, an NPS score, an age band, gender and a
postcode district (kept: the answers' quasi-identifiers), a contact e-mail for some, an
``email_optin`` that is "yes" or "no" (a flag about a contact, named like one), and two
free-text answers: praise for a staff member by first name or title and surname, a
call-back request with the respondent's name and phone ("Rappelez-moi svp, ...",
"Llámenme, soy ..."), a neighbour or colleague who recommended the firm, and the short
answers every survey repeats thousands of times ("Keine Anmerkungen.", "Nada más.").

    python -m bench.probes.survey 5000 /tmp/survey && safeset run /tmp/survey
"""

import json
import random

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
locs = ["en_GB", "de_DE", "fr_FR", "es_ES", "it_IT"]
fk = seeded(locs, 4100)
rnd = random.Random(41)


def answers(loc: str, first: str, last: str) -> list[str]:
    g, staff, d = fk[loc], fk[rnd.choice(locs)].first_name(), rnd.randint(1000000, 9999999)
    return {
        "en_GB": [f"{staff} at the Leeds branch was brilliant, sorted my refund in minutes.",
                  "App crashes when I upload receipts.",
                  f"Please call me back, I'm {first} {last}, 07700 9{d % 100000:05d}",
                  "Nothing to add.", f"My neighbour {g.name()} recommended you."],
        "de_DE": [f"Frau {g.last_name()} an der Hotline war super freundlich.",
                  "Die App stürzt beim Hochladen ab.",
                  f"Bitte Rückruf an {first} {last}, Tel. 0171 {d}", "Keine Anmerkungen.",
                  f"Mein Kollege {g.name()} hat Sie empfohlen."],
        "fr_FR": [f"{staff} au service client a été très aidant.",
                  "L'appli plante à l'envoi des justificatifs.",
                  f"Rappelez-moi svp, {first} {last}, 06 {d % 100:02d} {d // 100 % 100:02d} "
                  f"{d // 10000 % 100:02d} {d // 1000000:02d}",
                  "Rien à ajouter.", f"C'est {g.name()} qui m'a parlé de vous."],
        "es_ES": [f"{staff} de atención al cliente fue muy amable.",
                  "La app se cierra al subir tickets.",
                  f"Llámenme, soy {first} {last}, 6{d % 100:02d} {d // 100 % 1000:03d} "
                  f"{d // 100000:03d}", "Nada más.", f"Me lo recomendó mi vecina {g.name()}."],
        "it_IT": [f"{staff} del servizio clienti è stato gentilissimo.",
                  "L'app si blocca quando carico gli scontrini.",
                  f"Richiamatemi, sono {first} {last}, 3{d % 100:02d} {d}",
                  "Niente da aggiungere.", f"Mi ha consigliato il mio collega {g.name()}."],
    }[loc]  # fmt: skip


rows = []
for i in range(n):
    loc = locs[i % 5]
    g = fk[loc]
    first, last = g.first_name(), g.last_name()
    said = answers(loc, first, last)
    rows.append(
        {
            "response_id": f"S{500000 + i}",
            "submitted": f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
            "language": loc[:2],
            "nps": rnd.randint(0, 10),
            "age_band": rnd.choice(("18-24", "25-34", "35-44", "45-54", "55-64", "65+")),
            "gender": rnd.choice(("female", "male", "non-binary", "prefer not to say")),
            "postcode_district": g.postcode().split()[0] if loc == "en_GB" else g.postcode()[:2],
            "email_optin": rnd.choice(("yes", "no")),
            "contact_email": g.email() if rnd.random() < 0.4 else "",
            "answer_what_went_well": rnd.choice(said),
            "answer_improve": rnd.choice(said),
        }
    )
(out / "survey.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
