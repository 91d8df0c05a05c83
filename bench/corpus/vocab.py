"""Non-personal words of each language that support text is full of: greetings,
sign-offs, month names, holidays, products; and how people write dates and hide e-mails.

These are what a detector must leave alone (scored as non-personal words kept), written
from everyday usage, not from any detector's lists.
"""

from __future__ import annotations

import random
from datetime import date

LANGS = ("en", "fr", "de", "es", "it", "pt", "nl", "sv")

GREETINGS = {
    "en": ("Hi", "Hello", "Dear", "Good morning", "Hey"),
    "fr": ("Bonjour", "Bonsoir", "Cher", "Salut", "Madame, Monsieur"),
    "de": ("Hallo", "Guten Tag", "Liebe", "Moin", "Sehr geehrte Damen und Herren"),
    "es": ("Hola", "Buenos días", "Estimado", "Buenas tardes", "Querida"),
    "it": ("Ciao", "Buongiorno", "Gentile", "Salve", "Buonasera"),
    "pt": ("Olá", "Bom dia", "Caro", "Boa tarde", "Prezada"),
    "nl": ("Hallo", "Goedemorgen", "Beste", "Goedemiddag", "Geachte heer/mevrouw"),
    "sv": ("Hej", "God morgon", "Hejsan", "Tjena", "Hej hej"),
}
SIGNOFFS = {
    "en": ("Kind regards", "Best wishes", "Thanks", "Cheers", "Many thanks"),
    "fr": ("Cordialement", "Bien à vous", "Merci d'avance", "Bonne journée", "Bien cordialement"),
    "de": ("Viele Grüße", "Mit freundlichen Grüßen", "Beste Grüße", "Danke im Voraus", "LG"),
    "es": ("Un saludo", "Saludos cordiales", "Gracias", "Atentamente", "Un abrazo"),
    "it": ("Cordiali saluti", "Grazie mille", "Distinti saluti", "Un saluto", "A presto"),
    "pt": ("Cumprimentos", "Obrigado", "Atenciosamente", "Com os melhores cumprimentos", "Abraço"),
    "nl": ("Met vriendelijke groet", "Groetjes", "Alvast bedankt", "Hartelijke groet", "Mvg"),
    "sv": ("Med vänliga hälsningar", "Mvh", "Tack på förhand", "Hälsningar", "Ha det bra"),
}
MONTHS = {
    "en": ("January February March April May June July August September October November December"),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "es": (
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
    ),
    "it": (
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
        "novembre dicembre"
    ),
    "pt": (
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro"
    ),
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
}
HOLIDAYS = {
    "en": ("Christmas Day", "Boxing Day", "Easter Monday", "New Year's Eve", "Black Friday"),
    "fr": ("Noël", "la Toussaint", "le 14 juillet", "Pâques", "le Nouvel An"),
    "de": ("Weihnachten", "Ostern", "Pfingsten", "Silvester", "Heiligabend"),
    "es": ("Navidad", "Semana Santa", "Reyes", "Nochevieja", "el puente de mayo"),
    "it": ("Natale", "Pasqua", "Ferragosto", "Capodanno", "la Befana"),
    "pt": ("Natal", "Páscoa", "Carnaval", "Ano Novo", "Santo António"),
    "nl": ("Koningsdag", "Kerstmis", "Pasen", "Sinterklaas", "Oud en Nieuw"),
    "sv": ("midsommar", "julafton", "påsk", "nyårsafton", "Lucia"),
}
PRODUCTS = {
    "en": ("standing desk", "wireless earbuds", "Oak Bookshelf", "coffee grinder", "Trail Jacket"),
    "fr": ("cafetière", "aspirateur", "Lampe Arc", "matelas", "Sac à dos Randonnée"),
    "de": ("Kaffeemaschine", "Staubsauger", "Schreibtischlampe", "Wanderrucksack", "Matratze"),
    "es": ("cafetera", "aspiradora", "Silla Nórdica", "colchón", "mochila"),
    "it": ("macchina del caffè", "aspirapolvere", "Lampada Arco", "materasso", "zaino"),
    "pt": ("máquina de café", "aspirador", "Candeeiro Arco", "colchão", "mochila"),
    "nl": ("koffiezetapparaat", "stofzuiger", "Bureaulamp", "matras", "rugzak"),
    "sv": ("kaffebryggare", "dammsugare", "Golvlampa", "madrass", "ryggsäck"),
}
#: How "at" and "dot" are spelled out when people hide an address from scrapers.
AT_DOT = {
    "en": ("at", "dot"),
    "fr": ("arobase", "point"),
    "de": ("at", "punkt"),
    "es": ("arroba", "punto"),
    "it": ("chiocciola", "punto"),
    "pt": ("arroba", "ponto"),
    "nl": ("apenstaartje", "punt"),
    "sv": ("snabel-a", "punkt"),
}
ORDINAL_EN = {1: "1st", 2: "2nd", 3: "3rd", 21: "21st", 22: "22nd", 23: "23rd", 31: "31st"}


def month(lang: str, number: int) -> str:
    return MONTHS[lang].split()[number - 1]


def pick(rng: random.Random, lang: str, table: dict) -> str:
    return rng.choice(table[lang])


def written_date(d: date, lang: str, form: str) -> str:
    """A date as people write it: numeric forms and the month spelled out."""
    dd, mm, yyyy, yy = f"{d.day:02d}", f"{d.month:02d}", str(d.year), f"{d.year % 100:02d}"
    name = month(lang, d.month)
    forms = {
        "dmy_slash": f"{dd}/{mm}/{yyyy}",
        "dmy_dot": f"{dd}.{mm}.{yyyy}",
        "dmy_dash": f"{dd}-{mm}-{yyyy}",
        "iso": f"{yyyy}-{mm}-{dd}",
        "d_month_y": f"{d.day} {name} {yyyy}" if lang in ("en", "fr", "it", "nl", "sv") else "",
        "d_de_month_de_y": f"{d.day} de {name} de {yyyy}" if lang in ("es", "pt") else "",
        "d_dot_month_y": f"{d.day}. {name} {yyyy}" if lang == "de" else "",
        "dmy_short": f"{d.day}/{d.month}/{yy}",
        "dmy_dot_short": f"{d.day}.{d.month}.{yy}",
        "month_d_y": f"{name} {d.day}, {yyyy}",
        "ordinal_of": f"{ORDINAL_EN.get(d.day, f'{d.day}th')} of {name} {yyyy}",
    }
    text = forms[form]
    if not text:  # a form the language does not use: its spelled-out one
        text = {
            "es": forms["d_de_month_de_y"],
            "pt": forms["d_de_month_de_y"],
            "de": forms["d_dot_month_y"],
        }.get(lang, forms["d_month_y"])
    return text
