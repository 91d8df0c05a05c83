"""One name, many spellings: the folded form a name or place is found and keyed on, so
one person is one match and keeps one fake however their name is written.

"Björn Håkansson", "BJORN HAKANSSON" and "bjorn hakansson" are one person, as are
"Zoë O'Connell" and "Zoe OConnell", "Müller" and "Mueller": exports and support text
drop accents, capitalise, transliterate and lose apostrophes. A fake keyed on the
spelling would give each form its own fake person, so names (and places) are keyed on a
fold: compatibility decomposition without combining marks, the letters that have no
decomposition spelled out (ß → ss, ø → o, æ → ae, ł → l, þ → th), apostrophes removed,
case folded.

German and Nordic transliteration (ü → ue, ö → oe, ä → ae, å → aa, ø → oe) is
ambiguous in general ("Michael" is not "Michäl"), so an ASCII word folds like its
umlaut spelling only when Faker's name lists hold that spelling: "Mueller" folds to
"muller" because "Müller" is a listed surname; "Samuel" stays "samuel".

The fold is a pure function of the text (no state, no bundle): a partitioned run and an
in-memory run key a value alike. Detection searches known values with it and the fakes
are keyed on it (``pseudonymise/normalise.py``), so both agree on what one name is.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from functools import cache, lru_cache

#: Letters NFKD does not decompose, spelled as their usual ASCII transliteration.
_SPELLED = str.maketrans(
    {
        "ß": "ss", "ẞ": "SS", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe",
        "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
        "þ": "th", "Þ": "TH", "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T",
    }
)  # fmt: skip
#: Particles: small words inside a surname, kept as written in a fake and never a name
#: on their own ("van der", "de la", Irish "Ó", "Ní", "Mac").
PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "la", "le", "da", "di", "du", "dos",
     "das", "do", "bin", "ibn", "al", "el", "ter", "ten", "zu", "af", "av", "y",
     # Irish and Scottish Gaelic: "Ó Súilleabháin", "Ní Bhriain", "Mac Cárthaigh"
     "ó", "o", "ní", "ni", "nic", "mac", "mhic", "uí", "ui", "ua", "bean"}
)  # fmt: skip
#: Words that join the surnames of a firm or a couple ("Butler, Coleman and Thompson",
#: "Meier und Söhne", "Dupont et Fils"): kept as written in a fake, never a name. Words of
#: one letter ("y", "e", "i") are left out: they are initials as often.
CONJUNCTIONS = frozenset({"and", "und", "et", "en", "och", "og", "oraz"})
#: Words inside a name kept as written in its fake and never a name part of their own.
NAME_JOINERS = PARTICLES | CONJUNCTIONS
#: Apostrophes and the marks written for them ("O’Connell", "D`Angelo").
APOSTROPHES = "'’ʼ`´‘"
_NO_APOSTROPHE = str.maketrans("", "", APOSTROPHES)
#: Umlaut and ring letters with their two-letter transliteration.
_TRANSLIT = {"ä": "ae", "ö": "oe", "ü": "ue", "å": "aa", "ø": "oe"}
_TRANSLIT_CUE = re.compile(r"ae|oe|ue|aa")
#: Locales whose name lists spell names with umlauts or rings.
_UMLAUT_LOCALES = ("de_DE", "de_AT", "de_CH", "sv_SE", "da_DK", "no_NO", "fi_FI", "tr_TR",
                   "hu_HU", "et_EE")  # fmt: skip
#: Dutch spells "aa", "oe" and "ue" as letters of their own ("Maarten" is not "Mårten").
_NATIVE_DIGRAPH_LOCALES = ("nl_NL", "nl_BE")
_NAME_ATTRS = ("first_names", "first_names_female", "first_names_male", "last_names")


def strip_marks(text: str) -> str:
    """``text`` without accents, in its own case ("Zoë Ø" → "Zoe O", "Straße" →
    "Strasse"): the ASCII style of a fake shown where the original had no accents."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)  # Hangul jamo back into syllables


@lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """The key of one word: no marks, no apostrophes, case folded, transliteration
    undone where the name lists vouch for it."""
    key = strip_marks(word).translate(_NO_APOSTROPHE).casefold()
    if _TRANSLIT_CUE.search(key):
        return transliterated().get(key, key)
    return key


def fold(text: str) -> str:
    """The key of a name or place: each word folded, whitespace collapsed."""
    return " ".join(fold_word(w) for w in text.split())


def _listed(locale: str, attr: str) -> list[str]:
    """A Faker person list (empty when the locale has none)."""
    try:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    except ImportError:
        return []
    return [n for n in getattr(provider, attr, ()) or () if isinstance(n, str)]


@cache
def transliterated() -> dict[str, str]:
    """ASCII transliteration → fold of every listed name spelled with an umlaut or a
    ring ("mueller" → "muller", "haakansson" → "hakansson")."""
    out: dict[str, str] = {}
    native = {n.casefold() for loc in _NATIVE_DIGRAPH_LOCALES for attr in _NAME_ATTRS
              for n in _listed(loc, attr)}  # fmt: skip
    for locale in _UMLAUT_LOCALES:
        for attr in _NAME_ATTRS:
            for name in _listed(locale, attr):
                low = name.casefold()
                if not any(c in _TRANSLIT for c in low) or " " in low:
                    continue
                spelled = "".join(_TRANSLIT.get(c, c) for c in low)
                ascii_form = strip_marks(spelled).translate(_NO_APOSTROPHE)
                target = strip_marks(low).translate(_NO_APOSTROPHE)
                if ascii_form.isascii() and ascii_form != target and ascii_form not in native:
                    out.setdefault(ascii_form, target)
    return out


def in_style(original: str, fake: str) -> str:
    """The fake in the style of the occurrence: without accents where the original was
    plain ASCII ("BJORN" gets "JURGEN", not "JÜRGEN"); the case is ``apply_case``'s."""
    if original.isascii() and not fake.isascii():
        return strip_marks(fake)
    return fake
