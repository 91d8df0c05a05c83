# ruff: noqa: E501  (one address a line reads best)
"""The held-out set of whole addresses: hand-written streets and cities, other sentences.

Written apart from ``dev_addresses.py`` and never read while the address rules were
written: its streets and cities are real-world forms typed here (not Faker's), its
sentences are other ones, and some addresses span two lines or carry a flat or floor.
"""

from __future__ import annotations

import random

ADDRESSES = {
    "en": [
        "221B Baker Street, London NW1 6XE",
        "Flat 4, 18 Victoria Road, Leeds LS6 1DR",
        "7 Mill Lane, Cambridge CB2 1RX",
        "33 Church Street\nManchester M4 1PW",
    ],
    "ie": [
        "12 Grafton Street, Dublin 2, D02 X285",
        "Apartment 5, 8 Shop Street, Galway H91 E2KX",
        "27 Patrick Street, Cork T12 RH21",
    ],
    "us": [
        "742 Evergreen Terrace, Springfield, IL 62704",
        "1600 Amphitheatre Pkwy, Mountain View, CA 94043",
        "55 Water St Apt 12, New York, NY 10041",
    ],
    "fr": [
        "8 rue des Lilas, 69003 Lyon",
        "14 avenue Jean Jaurès, 31000 Toulouse",
        "3 bis boulevard Voltaire\n75011 Paris",
    ],
    "de": [
        "Bahnhofstraße 12, 80335 München",
        "Lindenweg 3a, 50667 Köln",
        "Am Markt 7\n20095 Hamburg",
        "Schillerstr. 21, 01069 Dresden",
    ],
    "es": [
        "Calle de Alcalá 45, 28014 Madrid",
        "Avenida Diagonal 211, 3º 2ª, 08018 Barcelona",
        "C/ San Fernando 9, 41004 Sevilla",
    ],
    "it": [
        "Via Garibaldi 22, 10122 Torino",
        "Corso Buenos Aires 5, 20124 Milano",
        "Piazza Navona 3\n00186 Roma",
    ],
    "pt": [
        "Rua de Santa Catarina 150, 4000-447 Porto",
        "Avenida da Liberdade 90, 1250-146 Lisboa",
        "Rua Ferreira Borges 31, 3000-180 Coimbra",
    ],
    "nl": [
        "Prinsengracht 263, 1016 GV Amsterdam",
        "Oudegracht 45, 3511 AB Utrecht",
        "Dorpsstraat 8\n2611 AA Delft",
    ],
    "sv": [
        "Drottninggatan 53, 111 21 Stockholm",
        "Kungsportsavenyen 10, 411 36 Göteborg",
        "Lilla Torg 2, 211 34 Malmö",
    ],
}
SHAPES = {
    "en": [
        "Her new place is {A}, so please update the card.",
        "Send my dad's parcel to {A} - he is not on the account.",
    ],
    "ie": [
        "My aunt is at {A} for the summer.",
        "Could the courier try {A}? That's my partner's flat.",
    ],
    "us": ["Forward the letter to my roommate: {A}.", "He relocated to {A} in March."],
    "fr": ["Pouvez-vous livrer chez ma fille, {A} ?", "Adresse de mon collègue : {A}"],
    "de": [
        "Die Lieferung bitte an meinen Schwager: {A}",
        "Meine Oma ist umgezogen, neue Adresse {A}.",
    ],
    "es": [
        "Por favor, entreguen en casa de mi cuñado: {A}.",
        "La dirección de mi compañera es {A}.",
    ],
    "it": ["Consegnate da mio fratello: {A}.", "L'indirizzo di mia zia è {A}."],
    "pt": ["Entreguem em casa do meu sogro: {A}.", "A morada da minha colega é {A}."],
    "nl": ["Lever het af bij mijn zus: {A}.", "Het adres van mijn collega is {A}."],
    "sv": ["Leverera till min bror: {A}.", "Min kollegas adress är {A}."],
}
NOT_ADDRESSES = [
    "Invoice 80335 lists 4 items at 19.99 each.",
    "Rechnung 50667 über 1.250,00 EUR ist bezahlt.",
    "Pedido 28014: 2 unidades, total 89 EUR.",
    "Ordine 10122 spedito il 3 marzo, 6 colli.",
    "Encomenda 4000 com 12 artigos, 250 EUR.",
    "Bestelling 3511 heeft 7 producten en kost 64 euro.",
    "Order 41136 innehåller 3 varor för 599 kr.",
    "We refunded 94043 cents across 12 orders in Q3.",
    "Ticket 62704 is a duplicate of ticket 62703.",
    "Build 1016 fixed 8 bugs and 2 crashes.",
]


def sentences(seed: int = 4499) -> list[dict]:
    rng = random.Random(seed)
    out: list[dict] = []
    for lang, addrs in ADDRESSES.items():
        for addr in addrs:
            for shape in SHAPES[lang]:
                at = shape.index("{A}")
                out.append({"lang": lang, "text": shape.replace("{A}", addr),
                            "spans": [{"start": at, "end": at + len(addr), "entity": "ADDRESS"}]})  # fmt: skip
    rng.shuffle(out)
    out += [{"lang": "xx", "text": t, "spans": []} for t in NOT_ADDRESSES]
    return out
