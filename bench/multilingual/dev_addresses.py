# ruff: noqa: E501  (one sentence template a line reads best)
"""The development set of whole addresses in text: ten countries' formats, written here.

Each sentence mentions the address of someone who is in no table (a neighbour, a
relative, a colleague), in the country's own order: house number and street, postcode
and city (UK 'SW1A 1AA', Irish Eircode, US 'ST 12345', French '75002 Paris', German
'10115 Berlin', Dutch '1017 GC', Swedish '111 22', Portuguese '1100-048'). Streets,
numbers, postcodes and cities come from Faker's address providers of each locale. A
second group of sentences holds numbers that are no postcodes (order numbers, amounts,
ticket ids): any address found there is a false positive. ``heldout_addresses.py``
writes the other set, with its own streets, cities and sentences, scored at the end.
"""

from __future__ import annotations

import random

from faker import Faker

COUNTRIES = {
    "en": ("en_GB", "{street}, {city} {postcode}"),
    "ie": ("en_IE", "{street}, {city}, {postcode}"),
    "us": ("en_US", "{street}, {city}, {state} {postcode}"),
    "fr": ("fr_FR", "{street}, {postcode} {city}"),
    "de": ("de_DE", "{street}, {postcode} {city}"),
    "es": ("es_ES", "{street}, {postcode} {city}"),
    "it": ("it_IT", "{street}, {postcode} {city}"),
    "pt": ("pt_PT", "{street}, {postcode} {city}"),
    "nl": ("nl_NL", "{street}, {postcode} {city}"),
    "sv": ("sv_SE", "{street}, {postcode} {city}"),
}
SENTENCES = {
    "en": ["My neighbour moved to {A} last spring.", "Please send the replacement to my mother at {A} instead."],
    "ie": ["My brother lives at {A}, please deliver there.", "The old address was {A}."],
    "us": ["Ship it to my sister at {A} please.", "Our former tenant now lives at {A}."],
    "fr": ["Mon voisin habite au {A}, merci de livrer chez lui.", "Ma mère a déménagé : {A}."],
    "de": ["Bitte an meine Tochter schicken: {A}.", "Mein Nachbar wohnt jetzt in der {A}."],
    "es": ["Envíenlo a casa de mi hermana, {A}.", "Mi vecino vive en {A}."],
    "it": ["Spedite a mia madre, {A}, grazie.", "Il mio collega abita in {A}."],
    "pt": ["Enviem para a minha irmã, {A}.", "O meu vizinho mora na {A}."],
    "nl": ["Stuur het naar mijn buurman, {A}.", "Mijn moeder woont op {A}."],
    "sv": ["Skicka det till min granne, {A}.", "Min syster bor på {A}."],
}  # fmt: skip
NOT_ADDRESSES = [
    "Order 75002 was shipped on Monday with 3 items.",
    "The total came to 12500 EUR including VAT.",
    "Ticket #10115 was closed by the night shift.",
    "Bestellung 28013 enthält 2 Artikel zu je 49,90 EUR.",
    "La commande 00184 a été remboursée de 120 euros.",
    "Il pedido 1100 e l'ordine 1017 sono in ritardo di 5 giorni.",
    "Ordernummer 11122 kostar 349 kr och väger 2 kg.",
    "Please refund 2 of the 10 units from invoice 40050.",
    "We shipped 12 parcels, 5 boxes and 3 pallets in week 48.",
    "Case 4471 and case 4472 were merged; 2 refunds of 35 USD issued.",
]


def _address(loc: str, shape: str, fake: Faker) -> str:
    postcode = fake.postcode()
    if loc == "sv_SE":
        postcode = f"{postcode[:3]} {postcode[3:]}"
    state = fake.state_abbr() if loc == "en_US" else ""
    return shape.format(street=fake.street_address(), city=fake.city(), postcode=postcode,
                        state=state)  # fmt: skip


def sentences(per_template: int = 6, seed: int = 2121) -> list[dict]:
    rng = random.Random(seed)
    out: list[dict] = []
    for lang, (loc, shape) in COUNTRIES.items():
        fake = Faker(loc)
        fake.seed_instance(rng.randint(0, 10**6))
        for template in SENTENCES[lang]:
            for _ in range(per_template):
                addr = _address(loc, shape, fake)
                at = template.index("{A}")
                text = template.replace("{A}", addr)
                out.append({"lang": lang, "text": text,
                            "spans": [{"start": at, "end": at + len(addr), "entity": "ADDRESS"}]})  # fmt: skip
    out += [{"lang": "xx", "text": t, "spans": []} for t in NOT_ADDRESSES]
    return out
