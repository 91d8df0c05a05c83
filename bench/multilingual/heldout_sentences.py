"""The held-out set: other templates, other vocabulary, other names, scored only at the end.

Written apart from ``dev_sentences.py`` and never read while the rules were written:
its greetings, holidays, support words and sentence shapes differ from the development
set's, so a rule that only fits the development sentences shows here.

``python -m bench.multilingual.heldout_sentences OUT.jsonl``
"""

# ruff: noqa: E501  (one sentence shape a line reads best)
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from faker import Faker

LOCALES = {"en": "en_US", "fr": "fr_CA", "de": "de_AT", "es": "es_MX", "it": "it_IT",
           "pt": "pt_BR", "nl": "nl_BE", "sv": "sv_SE", "da": "da_DK"}  # fmt: skip

WORDS: dict[str, dict[str, list[str]]] = {
    "en": {
        "hi": ["Hey", "Good afternoon", "Hello again"],
        "bye": ["Regards", "Thanks so much", "All the best", "Warm regards"],
        "mon": ["Mar", "Apr", "Aug", "September"],
        "fest": ["Thanksgiving", "Halloween", "Christmas Eve", "Labor Day"],
        "thing": ["subscription", "warranty claim", "payment", "shipment"],
    },
    "fr": {
        "hi": ["Bonjour à tous", "Coucou", "Bonjour Madame"],
        "bye": ["Bien cordialement", "Merci beaucoup", "À bientôt", "Salutations distinguées"],
        "mon": ["mai", "août", "octobre", "novembre", "oct.", "févr."],
        "fest": ["le jour de l'An", "la Fête nationale", "l'Ascension", "la Pentecôte"],
        "thing": ["abonnement", "garantie", "paiement", "expédition", "avoir"],
    },
    "de": {
        "hi": ["Grüß Gott", "Servus", "Liebes Team"],
        "bye": ["Liebe Grüße", "Freundliche Grüße", "Schöne Grüße", "Vielen Dank"],
        "mon": ["Jänner", "April", "August", "November", "Sept.", "Nov."],
        "fest": ["Fronleichnam", "Neujahr", "Allerheiligen", "Karfreitag"],
        "thing": ["Kündigung", "Garantie", "Zahlung", "Versand", "Mahnung", "Abo"],
    },
    "es": {
        "hi": ["Buenas", "Buenas noches", "Hola equipo"],
        "bye": ["Saludos", "Gracias de antemano", "Quedo atento", "Un abrazo"],
        "mon": ["abril", "junio", "julio", "septiembre", "nov.", "ene."],
        "fest": ["el Día de Muertos", "Nochebuena", "el Día de Reyes", "la Semana Santa"],
        "thing": ["suscripción", "garantía", "pago", "paquetería", "factura"],
    },
    "it": {
        "hi": ["Salve", "Buon pomeriggio", "Ciao a tutti"],
        "bye": ["Saluti", "Cordialmente", "Grazie in anticipo", "A presto"],
        "mon": ["maggio", "luglio", "agosto", "ottobre", "novembre", "ott."],
        "fest": ["l'Epifania", "la Befana", "Pasquetta", "Ognissanti"],
        "thing": ["abbonamento", "garanzia", "pagamento", "corriere", "bolla"],
    },
    "pt": {
        "hi": ["Oi", "Boa noite", "Prezados"],
        "bye": ["Atenciosamente", "Abraço", "Att.", "Obrigado pela atenção"],
        "mon": ["abril", "junho", "agosto", "setembro", "novembro", "set."],
        "fest": ["o Carnaval", "o Réveillon", "a Sexta-feira Santa", "o Natal"],
        "thing": ["assinatura", "garantia", "pagamento", "transportadora", "boleto"],
    },
    "nl": {
        "hi": ["Hoi", "Goedemiddag", "Dag allemaal"],
        "bye": ["Groeten", "Hartelijke groet", "Bedankt alvast", "Mvg"],
        "mon": ["april", "augustus", "september", "november", "nov.", "jan."],
        "fest": ["Hemelvaartsdag", "Pinksteren", "Tweede Kerstdag", "Nieuwjaarsdag"],
        "thing": ["abonnement", "garantie", "betaling", "verzending", "pakbon"],
    },
    "sv": {
        "hi": ["Tjena", "Hallå", "God eftermiddag"],
        "bye": ["Vänliga hälsningar", "Ha det bra", "Tack så mycket", "Allt gott"],
        "mon": ["april", "augusti", "september", "november", "juli"],
        "fest": ["Valborg", "jul", "Kristi himmelsfärd", "Nationaldagen"],
        "thing": ["prenumeration", "garanti", "betalning", "frakt", "kvitto"],
    },
    "da": {
        "hi": ["Hej", "Godmorgen", "Kære kundeservice"],
        "bye": ["Venlig hilsen", "Mvh", "Med venlig hilsen", "Tak på forhånd"],
        "mon": ["januar", "marts", "maj", "oktober", "december"],
        "fest": ["jul", "påske", "nytår", "Sankt Hans"],
        "thing": ["abonnement", "garanti", "betaling", "forsendelse", "faktura"],
    },
}

SHAPES: dict[str, list[str]] = {
    "en": [
        "{hi}! Quick question about my {thing}: it was charged on {dd} {mon} and again on {dd2} {mon}. {bye}",
        "{hi} - any news on the {thing}? You said before {fest} and it is now {mon} {yy}.\n{bye}",
        "{hi}, {P} from your billing team promised the {thing} would be sorted by {mon} {dd}. {bye}",
        "{hi}, please send the {thing} to our office in {C}, not the old one. {bye}",
    ],
    "fr": [
        "{hi}, petite question sur mon {thing} : prélevé le {dd} {mon} puis le {dd2} {mon}. {bye}",
        "{hi}, des nouvelles de l'{thing} ? Vous aviez dit avant {fest}, nous sommes en {mon} {yy}.\n{bye}",
        "{hi}, {P} du service facturation m'a promis une solution pour le {dd} {mon}. {bye}",
        "{hi}, merci d'envoyer le {thing} à notre bureau de {C}. {bye}",
    ],
    "de": [
        "{hi}, kurze Frage zur {thing}: abgebucht am {dd}. {mon} und nochmal am {dd2}. {mon}. {bye}",
        "{hi}, gibt es Neuigkeiten zum {thing}? Es hieß vor {fest}, jetzt ist {mon} {yy}.\n{bye}",
        "{hi}, {P} aus der Buchhaltung hat mir die {thing} bis zum {dd}. {mon} zugesagt. {bye}",
        "{hi}, bitte die {thing} an unser Büro in {C} schicken. {bye}",
    ],
    "es": [
        "{hi}, una pregunta sobre mi {thing}: se cobró el {dd} de {mon} y otra vez el {dd2} de {mon}. {bye}",
        "{hi}, ¿hay novedades de la {thing}? Dijeron antes de {fest} y ya estamos en {mon} de {yy}.\n{bye}",
        "{hi}, {P} de facturación me prometió resolver el {thing} antes del {dd} de {mon}. {bye}",
        "{hi}, por favor envíen la {thing} a nuestra oficina de {C}. {bye}",
    ],
    "it": [
        "{hi}, una domanda sul mio {thing}: addebitato il {dd} {mon} e di nuovo il {dd2} {mon}. {bye}",
        "{hi}, novità sulla {thing}? Avevate detto prima de {fest}, siamo a {mon} {yy}.\n{bye}",
        "{hi}, {P} dell'amministrazione mi ha promesso il {thing} entro il {dd} {mon}. {bye}",
        "{hi}, inviate il {thing} al nostro ufficio di {C}, grazie. {bye}",
    ],
    "pt": [
        "{hi}, uma dúvida sobre a minha {thing}: cobrada dia {dd} de {mon} e de novo dia {dd2} de {mon}. {bye}",
        "{hi}, alguma novidade da {thing}? Disseram antes d{fest} e já estamos em {mon} de {yy}.\n{bye}",
        "{hi}, {P} do financeiro prometeu resolver o {thing} até {dd} de {mon}. {bye}",
        "{hi}, por favor enviem o {thing} para o nosso escritório em {C}. {bye}",
    ],
    "nl": [
        "{hi}, vraagje over mijn {thing}: afgeschreven op {dd} {mon} en nog eens op {dd2} {mon}. {bye}",
        "{hi}, nieuws over de {thing}? Jullie zeiden voor {fest}, het is nu {mon} {yy}.\n{bye}",
        "{hi}, {P} van de boekhouding beloofde de {thing} voor {dd} {mon} te regelen. {bye}",
        "{hi}, stuur de {thing} aub naar ons kantoor in {C}. {bye}",
    ],
    "sv": [
        "{hi}, en fråga om min {thing}: dragen den {dd} {mon} och igen den {dd2} {mon}. {bye}",
        "{hi}, något nytt om {thing}? Ni sa före {fest} och nu är det {mon} {yy}.\n{bye}",
        "{hi}, {P} på ekonomi lovade att ordna {thing} till den {dd} {mon}. {bye}",
        "{hi}, skicka {thing} till vårt kontor i {C}, tack. {bye}",
    ],
    "da": [
        "{hi}, et spørgsmål om mit {thing}: trukket den {dd}. {mon} og igen den {dd2}. {mon}. {bye}",
        "{hi}, nyt om {thing}? I sagde før {fest}, og nu er det {mon} {yy}.\n{bye}",
        "{hi}, {P} fra bogholderiet lovede at ordne {thing} inden den {dd}. {mon}. {bye}",
        "{hi}, send venligst {thing} til vores kontor i {C}. {bye}",
    ],
}


def render(shape: str, words: dict[str, list[str]], fake: Faker, rng: random.Random) -> dict:
    out: list[str] = []
    spans: list[dict] = []
    pos = 0
    for piece in shape.replace("}", "{").split("{"):
        if piece in ("P", "C"):
            value = fake.name() if piece == "P" else fake.city()
            spans.append(
                {
                    "start": pos,
                    "end": pos + len(value),
                    "entity": "PERSON" if piece == "P" else "LOCATION",
                }
            )
        elif piece in ("dd", "dd2"):
            value = str(rng.randint(1, 30))
        elif piece == "yy":
            value = str(rng.randint(2022, 2026))
        elif piece in words:
            value = rng.choice(words[piece])
        else:
            value = piece
        out.append(value)
        pos += len(value)
    return {"text": "".join(out), "spans": spans}


def sentences(per_shape: int = 3, seed: int = 1972) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for lang, shapes in SHAPES.items():
        fake = Faker(LOCALES[lang])
        fake.seed_instance(seed)
        for shape in shapes:
            for _ in range(per_shape):
                out.append({"lang": lang, **render(shape, WORDS[lang], fake, rng)})
    return out


def main() -> None:
    dest = Path(sys.argv[1])
    dest.write_text(
        "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in sentences()), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
