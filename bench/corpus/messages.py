"""Whole messages from sentence pools: a customer's e-mail, an agent's reply with its
signature and the quoted earlier mail, a CRM note, a chat line, and text with nothing
personal in it (for the clean bundles)."""

from __future__ import annotations

import random

from bench.corpus import heldout, phrases
from bench.corpus.compose import Slots, render
from bench.corpus.labels import Writer

SETS = {"dev": phrases, "heldout": heldout}
#: Share of text cells written from held-out templates.
HELDOUT_SHARE = 0.4
#: Text with no personal data: what a clean bundle's free-text columns hold.
CLEAN = {
    "en": (
        "The {product} from the {month} batch is back in stock ({version}).",
        "Opening hours change over {holiday}; see {url}.",
        "{greet}, thanks for the quick reply. {signoff}!",
    ),
    "fr": (
        "La {product} du lot de {month} est de nouveau disponible ({version}).",
        "Horaires modifiés pendant {holiday} ; voir {url}.",
        "{greet}, merci pour la réponse rapide. {signoff} !",
    ),
    "de": (
        "Die {product} aus der {month}-Charge ist wieder lieferbar ({version}).",
        "Geänderte Öffnungszeiten über {holiday}, siehe {url}.",
        "{greet}, danke für die schnelle Antwort. {signoff}!",
    ),
    "es": (
        "La {product} del lote de {month} vuelve a estar disponible ({version}).",
        "Cambia el horario en {holiday}; ver {url}.",
        "{greet}, gracias por la respuesta. {signoff}.",
    ),
    "it": (
        "La {product} del lotto di {month} è di nuovo disponibile ({version}).",
        "Orari diversi a {holiday}; vedi {url}.",
        "{greet}, grazie per la risposta. {signoff}!",
    ),
    "nl": (
        "De {product} uit de partij van {month} is weer op voorraad ({version}).",
        "Andere openingstijden rond {holiday}; zie {url}.",
        "{greet}, bedankt voor het snelle antwoord. {signoff}!",
    ),
    "sv": (
        "{product} från {month}-leveransen finns i lager igen ({version}).",
        "Ändrade öppettider kring {holiday}, se {url}.",
        "{greet}, tack för snabbt svar. {signoff}!",
    ),
    "pt": (
        "A {product} do lote de {month} voltou a estar disponível ({version}).",
        "Horário diferente no {holiday}; ver {url}.",
        "{greet}, obrigado pela resposta. {signoff}!",
    ),
}


def pick_split(rng: random.Random) -> str:
    return "heldout" if rng.random() < HELDOUT_SHARE else "dev"


def message(
    kind: str,
    slots: Slots,
    split: str,
    clean: bool = False,
    html: bool = False,
    w: Writer | None = None,
) -> Writer:
    """One cell of ``kind`` (customer, agent, note, chat) in the slots' language; with
    ``html`` wrapped in a paragraph, as chat tools store their bodies."""
    if w is None:
        w = Writer("dev" if clean else split)
    if html:
        w.plain("<p>")
    _body(w, kind, slots, split, clean)
    if html:
        w.plain("</p>")
    return w


def _body(w: Writer, kind: str, slots: Slots, split: str, clean: bool) -> Writer:
    rng, lang = slots.rng, slots.lang
    if clean:
        return render(" ".join(rng.sample(CLEAN[lang], k=rng.randint(1, 2))), slots, w)
    mod = SETS[split]
    pools = mod.POOLS[lang]
    slots.dob_forms, slots.obf_forms = mod.DOB_FORMS[lang], mod.OBF_FORMS
    if kind == "customer":
        body = " ".join(rng.sample(pools["customer"], k=rng.randint(2, 3)))
        sign = rng.choice(("{full}", "{first}", "{full}\n{phone}"))
        return render(f"{{greet}},\n\n{body}\n\n{{signoff}},\n{sign}", slots, w)
    if kind == "agent":
        reply = rng.choice(pools["agent"])
        text = f"{{greet}} {{first}},\n\n{reply}\n\n{{signoff}},\n{{agent}}\n{{company}}"
        if rng.random() < 0.6:
            quoted = rng.choice(pools["customer"])
            text += f"\n\n{rng.choice(pools['quote'])}\n> {quoted}"
        return render(text, slots, w)
    if kind == "note":
        return render(" ".join(rng.sample(pools["note"], k=rng.randint(1, 2))), slots, w)
    if kind == "chat":
        return render(rng.choice(pools["customer"]), slots, w)
    raise KeyError(kind)
