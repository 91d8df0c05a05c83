"""The development set: support-ticket sentences in nine languages, written here.

Each sentence is filled from a template of its language with greetings, sign-offs,
month and weekday names, holidays, order numbers, amounts and support vocabulary; a
share also carries a person's name or a city (from Faker's lists of that locale), with
its character span, so the scorer measures both what must stay and what must go.
The rules were tuned against this set only; ``heldout_sentences.py`` writes the other,
with its own templates and vocabulary, scored at the end.

``python -m bench.multilingual.dev_sentences OUT.jsonl``
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from faker import Faker

LOCALES = {"en": "en_GB", "fr": "fr_FR", "de": "de_DE", "es": "es_ES", "it": "it_IT",
           "pt": "pt_PT", "nl": "nl_NL", "sv": "sv_SE", "pl": "pl_PL"}  # fmt: skip

# Per language: vocabulary for the slots, then templates. {PER}/{LOC} are personal.
VOCAB: dict[str, dict[str, list[str]]] = {
    "en": {
        "g": ["Hello", "Hi there", "Good morning", "Dear team"],
        "s": ["Kind regards", "Best wishes", "Many thanks", "Cheers"],
        "m": [
            "January",
            "February",
            "March",
            "October",
            "November",
            "December",
            "Jan",
            "Feb",
            "Sept",
            "Oct",
            "Nov",
            "Dec",
        ],
        "d": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
        "h": ["Christmas Day", "Boxing Day", "Easter Monday", "New Year's Eve", "Good Friday"],
    },
    "fr": {
        "g": ["Bonjour", "Bonsoir", "Madame, Monsieur", "Salut"],
        "s": ["Cordialement", "Bien à vous", "Bonne journée", "Merci d'avance"],
        "m": [
            "janvier",
            "février",
            "mars",
            "avril",
            "juin",
            "juillet",
            "septembre",
            "décembre",
            "Janvier",
            "Décembre",
            "janv.",
            "déc.",
        ],
        "d": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "Samedi"],
        "h": ["Noël", "Pâques", "la Toussaint", "le Nouvel An", "la Saint-Sylvestre"],
    },
    "de": {
        "g": ["Hallo", "Guten Tag", "Sehr geehrte Damen und Herren", "Moin"],
        "s": ["Viele Grüße", "Mit freundlichen Grüßen", "Beste Grüße", "Danke im Voraus"],
        "m": [
            "Januar",
            "Februar",
            "März",
            "Mai",
            "Juni",
            "Juli",
            "Oktober",
            "Dezember",
            "Jan.",
            "Okt.",
            "Dez.",
        ],
        "d": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"],
        "h": ["Weihnachten", "Ostern", "Pfingsten", "Silvester", "Heiligabend"],
    },
    "es": {
        "g": ["Hola", "Buenos días", "Buenas tardes", "Estimados señores"],
        "s": ["Un saludo", "Saludos cordiales", "Atentamente", "Muchas gracias"],
        "m": [
            "enero",
            "febrero",
            "marzo",
            "mayo",
            "agosto",
            "octubre",
            "diciembre",
            "Enero",
            "Diciembre",
            "dic.",
        ],
        "d": ["lunes", "martes", "miércoles", "jueves", "viernes", "Sábado"],
        "h": ["Navidad", "Semana Santa", "Nochevieja", "Reyes", "Año Nuevo"],
    },
    "it": {
        "g": ["Buongiorno", "Buonasera", "Ciao", "Gentile servizio clienti"],
        "s": ["Cordiali saluti", "Distinti saluti", "Grazie mille", "Un saluto"],
        "m": [
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "giugno",
            "settembre",
            "dicembre",
            "Gennaio",
            "Dicembre",
            "genn.",
        ],
        "d": ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "Sabato"],
        "h": ["Natale", "Pasqua", "Ferragosto", "Capodanno", "Santo Stefano"],
    },
    "pt": {
        "g": ["Olá", "Bom dia", "Boa tarde", "Caros senhores"],
        "s": ["Cumprimentos", "Obrigado", "Obrigada", "Com os melhores cumprimentos"],
        "m": [
            "janeiro",
            "fevereiro",
            "março",
            "maio",
            "julho",
            "outubro",
            "dezembro",
            "Janeiro",
            "Dezembro",
            "dez.",
        ],
        "d": ["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira"],
        "h": ["Natal", "Páscoa", "Carnaval", "Ano Novo", "Santo António"],
    },
    "nl": {
        "g": ["Hallo", "Goedemorgen", "Beste klantenservice", "Goedendag"],
        "s": ["Met vriendelijke groet", "Groetjes", "Vriendelijke groeten", "Alvast bedankt"],
        "m": [
            "januari",
            "februari",
            "maart",
            "mei",
            "juni",
            "oktober",
            "december",
            "Januari",
            "December",
            "okt.",
        ],
        "d": ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "Zaterdag"],
        "h": ["Kerstmis", "Pasen", "Koningsdag", "Sinterklaas", "Oudejaarsavond"],
    },
    "sv": {
        "g": ["Hej", "Hejsan", "God morgon", "Hej kundtjänst"],
        "s": ["Hälsningar", "Mvh", "Med vänliga hälsningar", "Tack på förhand"],
        "m": [
            "januari",
            "februari",
            "mars",
            "maj",
            "juni",
            "oktober",
            "december",
            "Januari",
            "December",
        ],
        "d": ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "Lördag"],
        "h": ["Midsommar", "julafton", "Påsk", "nyårsafton", "Lucia"],
    },
    "pl": {
        "g": ["Dzień dobry", "Witam", "Szanowni Państwo", "Cześć"],
        "s": ["Pozdrawiam", "Z poważaniem", "Dziękuję", "Serdecznie pozdrawiam"],
        "m": [
            "stycznia",
            "lutego",
            "marca",
            "maja",
            "października",
            "grudnia",
            "Styczeń",
            "Grudzień",
        ],
        "d": ["poniedziałek", "wtorek", "środa", "czwartek", "piątek"],
        "h": ["Boże Narodzenie", "Wielkanoc", "Wigilia", "Sylwester"],
    },
}

TEMPLATES: dict[str, list[str]] = {
    "en": [
        "{g}, my order {o} was due on {d} but has not arrived yet.",
        "{g}, the invoice for {m} {y} shows {amt} twice. {s}",
        "Your warehouse is closed over {h}, so the refund will follow in {m}. {s}",
        "{g}, could you send a return label for order {o}? {s}",
        "{g}, I spoke to {PER} on {d} about the missing parcel. {s}",
        "The replacement was shipped from {LOC} on {n} {m}. {s}",
    ],
    "fr": [
        "{g}, ma commande {o} devait arriver {d} mais rien n'est arrivé.",
        "{g}, la facture de {m} {y} indique {amt} deux fois. {s}",
        "{g}, je souhaite un retour pour la commande {o}, le colis est abîmé. {s}",
        "La livraison est prévue après {h}, le {n} {m}. {s}",
        "{g}, j'ai eu {PER} au téléphone {d} au sujet du remboursement. {s}",
        "{g}, le colis est bloqué au dépôt de {LOC} depuis le {n} {m}. {s}",
    ],
    "de": [
        "{g}, meine Bestellung {o} sollte am {d} kommen, ist aber nicht da.",
        "{g}, die Rechnung vom {n}. {m} {y} zeigt {amt} doppelt. {s}",
        "{g}, wie läuft die Rücksendung für Auftrag {o}? Die Lieferung war beschädigt. {s}",
        "Über {h} ist der Kundenservice geschlossen, die Erstattung folgt im {m}. {s}",
        "{g}, ich habe am {d} mit {PER} über die Gutschrift gesprochen. {s}",
        "{g}, das Paket liegt seit dem {n}. {m} im Lager in {LOC}. {s}",
    ],
    "es": [
        "{g}, mi pedido {o} debía llegar el {d} y no ha llegado.",
        "{g}, la factura de {m} de {y} muestra {amt} dos veces. {s}",
        "{g}, quiero hacer una devolución del pedido {o}, el envío llegó dañado. {s}",
        "Por {h} el almacén está cerrado, el reembolso llegará en {m}. {s}",
        "{g}, hablé con {PER} el {d} sobre el reembolso. {s}",
        "{g}, el paquete está en la oficina de {LOC} desde el {n} de {m}. {s}",
    ],
    "it": [
        "{g}, il mio ordine {o} doveva arrivare {d} ma non è arrivato.",
        "{g}, la fattura di {m} {y} riporta {amt} due volte. {s}",
        "{g}, vorrei fare un reso per l'ordine {o}, la spedizione è arrivata danneggiata. {s}",
        "Durante {h} il magazzino è chiuso, il rimborso arriverà a {m}. {s}",
        "{g}, ho parlato con {PER} {d} del rimborso. {s}",
        "{g}, il pacco è fermo al deposito di {LOC} dal {n} {m}. {s}",
    ],
    "pt": [
        "{g}, a minha encomenda {o} devia chegar na {d} e ainda não chegou.",
        "{g}, a fatura de {m} de {y} mostra {amt} duas vezes. {s}",
        "{g}, quero fazer a devolução da encomenda {o}, a entrega veio danificada. {s}",
        "No {h} o armazém está fechado, o reembolso segue em {m}. {s}",
        "{g}, falei com {PER} na {d} sobre o reembolso. {s}",
        "{g}, a encomenda está parada em {LOC} desde {n} de {m}. {s}",
    ],
    "nl": [
        "{g}, mijn bestelling {o} zou op {d} komen maar is er nog niet.",
        "{g}, de factuur van {m} {y} toont {amt} twee keer. {s}",
        "{g}, hoe werkt het retour voor bestelling {o}? De levering was beschadigd. {s}",
        "Met {h} is het magazijn dicht, de terugbetaling volgt in {m}. {s}",
        "{g}, ik heb op {d} met {PER} gesproken over de creditnota. {s}",
        "{g}, het pakket ligt sinds {n} {m} in het depot in {LOC}. {s}",
    ],
    "sv": [
        "{g}, min beställning {o} skulle komma i {d} men har inte kommit.",
        "{g}, fakturan för {m} {y} visar {amt} två gånger. {s}",
        "{g}, hur gör jag en retur av order {o}? Leveransen var skadad. {s}",
        "Under {h} är lagret stängt, återbetalningen kommer i {m}. {s}",
        "{g}, jag pratade med {PER} i {d} om återbetalningen. {s}",
        "{g}, paketet har legat på terminalen i {LOC} sedan {n} {m}. {s}",
    ],
    "pl": [
        "{g}, moje zamówienie {o} miało przyjść w {d}, ale nie dotarło.",
        "{g}, faktura z {n} {m} {y} pokazuje {amt} dwa razy. {s}",
        "{g}, chcę zwrócić zamówienie {o}, przesyłka była uszkodzona. {s}",
        "{g}, rozmawiałem z {PER} o zwrocie pieniędzy. {s}",
        "{g}, paczka leży w magazynie w {LOC} od {n} {m}. {s}",
    ],
}


def fill(template: str, vocab: dict[str, list[str]], fake: Faker, rng: random.Random) -> dict:
    """One sentence and the spans of its personal slots."""
    text, spans, i = "", [], 0
    while i < len(template):
        if template[i] != "{":
            text += template[i]
            i += 1
            continue
        j = template.index("}", i)
        slot = template[i + 1 : j]
        i = j + 1
        if slot == "PER":
            value = f"{fake.first_name()} {fake.last_name()}"
        elif slot == "LOC":
            value = fake.city()
        elif slot == "o":
            value = rng.choice(["#", "Nr. ", "", "ORD-"]) + str(rng.randint(100000, 9999999))
        elif slot == "amt":
            value = (
                rng.choice(["€", "", "EUR "]) + f"{rng.randint(5, 900)},{rng.randint(0, 99):02d}"
            )
        elif slot == "y":
            value = str(rng.choice([2023, 2024, 2025]))
        elif slot == "n":
            value = str(rng.randint(1, 28))
        else:
            value = rng.choice(vocab[slot])
        if slot in ("PER", "LOC"):
            spans.append(
                {
                    "start": len(text),
                    "end": len(text) + len(value),
                    "entity": "PERSON" if slot == "PER" else "LOCATION",
                }
            )
        text += value
    return {"text": text, "spans": spans}


def sentences(per_template: int = 4, seed: int = 21) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for lang, templates in TEMPLATES.items():
        fake = Faker(LOCALES[lang])
        fake.seed_instance(seed)
        for t in templates:
            for _ in range(per_template):
                out.append({"lang": lang, **fill(t, VOCAB[lang], fake, rng)})
    return out


def main() -> None:
    dest = Path(sys.argv[1])
    dest.write_text(
        "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in sentences()), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
