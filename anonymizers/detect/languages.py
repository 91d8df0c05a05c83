"""Everyday words of the main European languages, and a cheap guess of a text's language.

spaCy's English model reads support text in any language, and a word it does not know,
capitalised, looks like a name or a town to it: 'Bonjour', 'Rücksendung', 'Viele Grüße',
'Noël', 'Jan 2024'. These words are not personal in any text, so the lists here let the
detector veto such guesses (``disambiguate.drop_everyday``). They only ever veto a guess:
a value the bundle's tables hold is found whatever it reads like.

Sources, each kept as data: spaCy's stop-word lists of each language (``spacy.lang.*``,
reviewed with the library), Faker's month and weekday names per locale
(``faker.providers.date_time``), and our own lists in ``words/``: greetings and sign-offs,
holidays, support vocabulary and the month and day forms Faker lacks (abbreviations,
Swedish, Polish genitives). The language guess counts stop words: no model, no network,
a few set lookups per word.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

from anonymizers.detect.lexicon import name_gazetteer, place_gazetteer, word_list

#: Languages with their own stop-word list here; English is the model's own and the default.
LANGUAGES = ("fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb", "pl")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_VOWELS = frozenset("aeiouyáàâäéèêëíìîïóòôöúùûüå")


@cache
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words of ``lang`` (lower case); empty for a language it lacks.

    Read from the list's own file: importing ``spacy.lang.<lang>`` would also load that
    language's tokenizer exceptions and lemmatizer tables (a third of a second each,
    3.8 s for the eleven lists in every detection worker)."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(spec.submodule_search_locations[0]) / "lang" / lang / "stop_words.py"
    if not path.is_file():
        return frozenset()
    words = importlib.util.spec_from_file_location(f"_safeset_stop_words_{lang}", path)
    assert words is not None and words.loader is not None
    module = importlib.util.module_from_spec(words)
    words.loader.exec_module(module)
    return frozenset(w.lower() for w in module.STOP_WORDS)


def guess_language(text: str) -> str:
    """The language whose stop words the text uses most, or 'en'.

    Two distinct stop words at least, and more than English ones (one-letter vowels not
    counted): a greeting, a name or an address alone says nothing. Related languages share many
    (de/nl, es/pt, sv/da/nb); the callers only use the guess to know the text is not
    English and which stop words to trust."""
    # One-letter vowels ('a', 'i', 'á') are words of too many languages to count.
    words = {w.lower() for w in _WORD.findall(text) if len(w) > 1 or w.lower() not in _VOWELS}
    if not words:
        return "en"
    english = len(words & stop_words("en"))
    best, hits = "en", 1
    for lang in LANGUAGES:
        n = len(words & stop_words(lang))
        if n > hits:
            best, hits = lang, n
    # Distinct words, so 'his address: 36 rue de Pologne, cite de l'Interieur' (one 'de'
    # twice) stays English with a French address in it.
    return best if hits > english else "en"


@cache
def foreign_stop_words() -> frozenset[str]:
    """Stop words of every listed language that no name or place list knows: safe to call
    everyday in a text of any language but English ('el', 'und', 'della', 'och')."""
    names, places = name_gazetteer(), place_gazetteer()
    words = {w for lang in LANGUAGES for w in stop_words(lang)}
    return frozenset(w for w in words if w not in names and w not in places)


@cache
def calendar_words() -> frozenset[str]:
    """Month and weekday names and abbreviations, lower case, of many languages: Faker's
    date-time providers (every locale written in Latin letters) and our lists."""
    import pkgutil

    import faker.providers.date_time as date_time

    out: set[str] = set()
    for info in pkgutil.iter_modules(date_time.__path__):
        try:
            provider = importlib.import_module(f"{date_time.__name__}.{info.name}").Provider
        except (ImportError, AttributeError):
            continue
        for attr in ("MONTH_NAMES", "DAY_NAMES"):
            for value in getattr(provider, attr, {}).values():
                if isinstance(value, str) and re.fullmatch(r"[A-Za-zÀ-ɏ' -]+", value):
                    out.add(value.lower())
    out.update(word_list("calendar"))
    out.update(word_list("calendar_more"))
    return frozenset(out)


@cache
def everyday_words() -> frozenset[str]:
    """One-word greetings, sign-offs, holidays and support words of every language, and
    chat shorthand ("gg wp", "lmk": NER reads a pair of them as a person's name)."""
    words = (
        *word_list("greetings"),
        *word_list("holidays"),
        *word_list("support_words"),
        *word_list("chat_words"),
    )
    return frozenset(w for w in words if " " not in w)


@cache
def everyday_phrases() -> re.Pattern[str]:
    """Greetings and holidays of several words ('Viele Grüße', 'Santo Stefano'), whole words,
    any case: their words are everyday only together."""
    phrases = [w for w in (*word_list("greetings"), *word_list("holidays")) if " " in w or "'" in w]
    alternation = "|".join(
        r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True)
    )
    return re.compile(rf"(?i)(?<![\w'’-])(?:{alternation})(?![\w'’-])")


def is_everyday(word: str, lang: str = "en") -> bool:
    """A word that is everyday whatever the text around it: a greeting, holiday or support
    word, a long month or day name that is no first name, and in a text of another
    language than English (``lang``) a stop word no name list knows. For the case copy
    (``casing.case_variant``): such a word is never re-capitalised."""
    w = word.lower().strip(".,'’")
    if w in everyday_words() or (lang != "en" and w in foreign_stop_words()):
        return True
    return w in calendar_words() and len(w) >= 5 and w not in name_gazetteer()
