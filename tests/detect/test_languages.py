"""Everyday words of many languages and the language guess: data from spaCy, Faker and our lists."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from anonymizers.detect.languages import (
    calendar_words,
    everyday_phrases,
    foreign_stop_words,
    guess_language,
    is_everyday,
    stop_words,
)

ROOT = str(Path(__file__).resolve().parents[2])


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Bonjour, ma commande devait arriver vendredi mais rien n'est arrivé.", "fr"),
        ("Hallo, die Rechnung vom 19. Februar zeigt den Betrag doppelt, bitte prüfen.", "de"),
        ("Hola, hablé con el agente el jueves sobre el reembolso.", "es"),
        ("Buongiorno, il mio ordine non è arrivato e nessuno mi ha risposto.", "it"),
        ("Hej, min beställning skulle komma i tisdag men har inte kommit.", "sv"),
        ("Under julafton är lagret stängt, återbetalningen kommer i december.", "sv"),
        ("Hi, my order was due on Friday but it has not arrived yet.", "en"),
        # An English sentence with a French address in it stays English.
        ("Cormac had given his address: 36 rue de Pologne, cite de l'Interieur", "en"),
        ("Agatha Ottarsdóttir\nEBEN\nAustria", "en"),
    ],
)
def test_guess_language_from_stop_words(text: str, lang: str) -> None:
    assert guess_language(text) == lang


def test_calendar_words_come_from_faker_and_our_list() -> None:
    words = calendar_words()
    # Faker's locales (de_DE, fr_FR, es, it_IT, pt_PT, nl_NL, pl_PL ...) and our additions.
    for w in ("januar", "dezember", "février", "miércoles", "giovedì", "março", "maandag",
              "måndag", "dec", "okt", "stycznia"):  # fmt: skip
        assert w in words, w


def test_everyday_words_are_greetings_holidays_support_words_and_calendar() -> None:
    for w in ("Bonjour", "Rücksendung", "Lieferung", "commande", "pedido", "fattura",
              "encomenda", "bestelling", "Weihnachten", "Midsommar", "Cordialement", "Mvh"):  # fmt: skip
        assert is_everyday(w), w
    # Month names that are also first names are no everyday word by themselves.
    assert not is_everyday("June") and not is_everyday("Mai")
    assert not is_everyday("Ingrid") and not is_everyday("Lisboa")


def test_foreign_stop_words_are_everyday_only_outside_english() -> None:
    assert "und" in foreign_stop_words() and "degli" in foreign_stop_words()
    assert is_everyday("und", "de") and not is_everyday("und", "en")
    # Stop words that a name list also knows ('Moet', 'Han') are left out.
    assert "han" not in foreign_stop_words()


def test_phrases_match_across_spacing_and_case() -> None:
    text = "Thanks!\nVIELE  GRÜSSE\nviele grüße, Mit freundlichen Grüßen, Santo Stefano"
    found = [m.group(0) for m in everyday_phrases().finditer(text)]
    assert "viele grüße" in found and "Mit freundlichen Grüßen" in found
    assert "Santo Stefano" in found
    # Only whole phrases: 'Stefano' alone is a name.
    assert not any(m.group(0) == "Stefano" for m in everyday_phrases().finditer("Stefano rang"))


def test_stop_words_are_spacys_lists_read_without_loading_the_language() -> None:
    from spacy.lang.de.stop_words import STOP_WORDS

    assert stop_words("de") == frozenset(w.lower() for w in STOP_WORDS)
    assert stop_words("tlh") == frozenset()  # a language spaCy has no list for
    # the Swedish list without spaCy's Swedish tokenizer exceptions (a fresh interpreter:
    # another test may have loaded the language)
    code = (
        "import sys; from anonymizers.detect.languages import stop_words; stop_words('sv'); "
        "assert 'spacy.lang.sv.tokenizer_exceptions' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=os.environ | {"PYTHONPATH": ROOT})
