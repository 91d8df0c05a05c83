"""Faker's locale formats compiled once into templates filled by keyed picks.

Faker builds a street or a town by parsing a format ("{{building_number}} {{street_name}}")
token by token on every call, each token another format or a random pick from a list; with
a re-seeded instance per value that is ~50 µs a value, minutes for a million addresses.
Here each locale's format is parsed once into a ``Template``: alternatives of literal text
and slots, a slot being Faker's own word list (street suffixes, towns, last names), a
nested format, or a digit pattern (``#``, ``%``, ``@``, ``?`` as Faker's ``numerify`` and
``lexify`` read them). Filling it takes a few picks from the value's keyed ``Draw``, so the
fake is still a function of the key, the value and the locale only, and looks as Faker's
would (a German street is "<Nachname>straße 12"), without a Faker call per value.

A token with neither a list nor a format (``secondary_address``, ``state_name``) becomes a
pool of that method's outputs from one Faker seeded with a constant: also drawn once per
locale, and the same in every run with the same Faker version.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from string import ascii_uppercase

from faker import Faker

from anonymizers.detect.spelling import PARTICLES, fold_word
from anonymizers.pseudonymise.draw import Draw
from anonymizers.pseudonymise.name_pools import LETTER_RUN, extended

_TOKEN = re.compile(r"\{\{\s*(\w+)\s*\}\}")
#: Outputs sampled for a token Faker only offers as a method.
_POOL = 256
_POOL_SEED = 20260115
#: Token → the list attributes that hold its words, besides ``<token>s``.
_LISTS = {
    "city": ("cities",),
    "city_name": ("cities",),
    "street_suffix_long": ("street_suffixes_long",),
    "street_suffix_short": ("street_suffixes_short",),
    "street_suffix": ("street_suffixes",),
    "street_prefix": ("street_prefixes",),
    "city_suffix": ("city_suffixes",),
    "city_prefix": ("city_prefixes",),
    "state_abbr": ("states_abbr",),
}
#: Picks of one list tried past a word to avoid before the word is taken anyway.
_AVOID_TRIES = 8
#: Faker tokens whose lists are person names (the parts of a street or a town's name).
_PERSON_TOKENS = frozenset({"first_name", "last_name", "first_name_male", "first_name_female",
                            "last_name_male", "last_name_female", "first_name_nonbinary",
                            "last_name_nonbinary"})  # fmt: skip
#: A person-name list with fewer words than this left to pick (``spare_words``) is widened
#: by the last names of many locales that are left.
SPARE_FLOOR = 64
#: id → the person-name lists of compiled templates (kept alive, so an id stays theirs).
_NAME_LISTS: dict[int, tuple[str, ...]] = {}
_DIGITS = "0123456789"
_NONZERO = "123456789"
#: (provider module, attribute) of Faker lists built from a set (``it_IT``'s towns): their
#: order, and so the word a draw picks, would change with each process's hash seed. Read
#: sorted, so a town's fake is the same in every run.
_FROM_SETS = frozenset({("faker.providers.address.it_IT", "cities")})


@dataclass(frozen=True)
class Digits:
    """A Faker digit pattern: ``#`` a digit, ``%`` 1-9, ``!`` a digit or nothing, ``@``
    1-9 or nothing, ``?`` an upper-case letter; anything else as written."""

    pattern: str

    def fill(self, d: Draw, avoid: Collection[str] = ()) -> str:
        """The digits drawn; again, a few times at most, while they are a value of
        ``avoid`` (a real postcode as a house number)."""
        out = self._fill(d)
        tries = _AVOID_TRIES if avoid else 0
        while tries and out in avoid:
            out = self._fill(d)
            tries -= 1
        return out

    def _fill(self, d: Draw) -> str:
        # One byte per character of the pattern, a literal's too.
        return "".join(
            [
                opts[b % len(opts)]
                for opts, b in zip(_options(self.pattern), d.take(len(self.pattern)), strict=True)
            ]
        )


#: What each pattern character can become, a byte picking one (modulo their number).
_CHOICES: dict[str, tuple[str, ...]] = {
    "#": tuple(_DIGITS),
    "%": tuple(_NONZERO),
    "!": (*_DIGITS, ""),
    "@": (*_NONZERO, ""),
    "?": tuple(ascii_uppercase),
}


@cache
def _options(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Each character of a digit pattern as the choices a byte picks from."""
    return tuple(_CHOICES.get(c, (c,)) for c in pattern)


#: A template piece: literal text, a word list, a digit pattern or a nested template.
Piece = "str | tuple[str, ...] | Digits | Template"


@dataclass(frozen=True)
class Template:
    """Alternatives (one picked per fill), each a sequence of literals and slots."""

    alternatives: tuple[tuple[Piece, ...], ...]

    def fill(self, d: Draw, avoid: Collection[str] = ()) -> str:
        """One fake from the keyed draw. A word of ``avoid`` (folded: the bundle's real
        name parts and places) is passed over for a pick of the same list less those words
        (``avoid.spare``, when it has one), else re-picked a few times at most: Faker's
        towns and streets are made of person names, and a fake holding a real one would
        be re-drawn whole by the caller, which costs a fill per try."""
        alts = self.alternatives
        parts = alts[d.below(len(alts))] if len(alts) > 1 else alts[0]
        out: list[str] = []
        for p in parts:
            if type(p) is str:
                out.append(p)
            elif type(p) is tuple:
                word = p[d.below(len(p))]
                if avoid and held(word, avoid):
                    # The list less the words to avoid, where ``avoid`` keeps one (a bundle
                    # of French staff holds most of Faker's French surnames); else re-picked.
                    spare = getattr(avoid, "spare", None)
                    rest = spare(p) if spare is not None else ()
                    if rest:
                        word = rest[d.below(len(rest))]
                    tries = 0 if rest else _AVOID_TRIES
                    while tries and held(word, avoid):
                        word = p[d.below(len(p))]
                        tries -= 1
                out.append(word)
            else:
                out.append(p.fill(d, avoid))  # type: ignore[union-attr]
        return "".join(out)


def spare_words(words: tuple[str, ...], avoid: Collection[str]) -> tuple[str, ...]:
    """The words of a template's list that ``avoid`` does not hold: what a fill picks from
    again after a held word. A person-name list the bundle's real names have (nearly)
    spent is widened by the last names of many locales that are left: a staff or a
    clientele drawn from Faker's own lists reserves all of a locale's surnames, and a
    street named after them could only be re-drawn whole, 32 times per value (478 µs a
    Brazilian address), to hold a real surname in the end anyway."""
    rest = tuple(w for w in words if not held(w, avoid))
    if len(rest) < SPARE_FLOOR and _NAME_LISTS.get(id(words)) is words:
        rest = tuple(dict.fromkeys((*rest, *(w for w in extended("last") if not held(w, avoid)))))
    return rest


def held(word: str, avoid: Collection[str]) -> bool:
    """Whether a list's word is, or holds as a word, one to avoid ("José María" holds
    "maria"); particles and initials ("de", "C.") are no name on their own."""
    key = fold_word(word)
    if key in avoid:
        return True
    if key.isalpha():
        return False
    return any(w in avoid for w in LETTER_RUN.findall(key) if len(w) > 1 and w not in PARTICLES)


@cache
def literal_words(locale: str) -> frozenset[str]:
    """The words a locale's place formats write themselves ("Puerta", "rue", "Via"): no
    real name part however many people are called Puerta, and in every fake of the
    format, so never a reason to re-draw one."""
    words: set[str] = set()

    def walk(t: Template) -> None:
        for alt in t.alternatives:
            for p in alt:
                if type(p) is str:
                    words.update(LETTER_RUN.findall(fold_word(p)))
                elif type(p) is Template:
                    walk(p)

    for token in ("street_address", "city", "secondary_address"):
        if has_token(locale, token):
            walk(template(locale, token))
    return frozenset(words)


@cache
def _faker(locale: str) -> Faker:
    try:
        return Faker(locale)
    except AttributeError:  # Faker's way of saying "no such locale"
        return Faker("en_US")


def _attr(fk: Faker, name: str) -> object:
    """A class attribute of the locale's providers, address first, then the others in
    the order Faker resolves methods (the last provider added wins)."""
    providers = fk.providers
    address = [p for p in providers if type(p).__module__.startswith("faker.providers.address")]
    for p in [*address, *providers]:
        value = getattr(type(p), name, None)
        if value is not None:
            return sorted(value) if (type(p).__module__, name) in _FROM_SETS else value
    return None


def steady(fk: Faker) -> Faker:
    """``fk`` with the lists Faker builds from a set read in sorted order (on this instance
    only), so a seeded instance draws the same words in every process."""
    for p in fk.providers:
        for module, name in _FROM_SETS:
            if type(p).__module__ == module and isinstance(getattr(type(p), name, None), list):
                setattr(p, name, sorted(getattr(type(p), name)))
    return fk


def _words(value: object) -> tuple[str, ...] | None:
    """A list or weighted dict of strings as a tuple, else None."""
    if isinstance(value, dict):
        value = list(value)
    if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _slot(fk: Faker, token: str, seen: frozenset[str]) -> Piece:
    for name in (*_LISTS.get(token, ()), token + "s", token + "es"):
        words = _words(_attr(fk, name))
        if words:
            if token in _PERSON_TOKENS:
                _NAME_LISTS[id(words)] = words
            return words
    formats = _words(_attr(fk, token + "_formats"))
    if formats and token not in seen:
        if any("{{" in f for f in formats):
            nested = compile_formats(fk, formats, seen | {token})
            if nested is not None:
                return nested
        else:
            return Template(tuple((Digits(f),) for f in formats))
    return _sampled(fk, token)


def _sampled(fk: Faker, token: str) -> tuple[str, ...]:
    """Faker's own outputs of a method with no list or format to read: a fixed pool."""
    method = getattr(fk, token, None)
    if method is None:
        return (token,)
    fk.seed_instance(_POOL_SEED)
    pool = sorted({str(method()) for _ in range(_POOL)})
    return tuple(pool) or (token,)


def compile_formats(
    fk: Faker, formats: tuple[str, ...], seen: frozenset[str] = frozenset()
) -> Template | None:
    """Faker formats as one template; None if a format refers to itself only."""
    alternatives: list[tuple[Piece, ...]] = []
    for fmt in formats:
        pieces: list[Piece] = []
        pos = 0
        for m in _TOKEN.finditer(fmt):
            if m.start() > pos:
                pieces.append(fmt[pos : m.start()])
            pieces.append(_slot(fk, m.group(1), seen))
            pos = m.end()
        if pos < len(fmt):
            pieces.append(fmt[pos:])
        alternatives.append(tuple(pieces))
    return Template(tuple(alternatives)) if alternatives else None


@cache
def template(locale: str, token: str) -> Template:
    """The compiled template of one Faker token (``street_address``, ``city``,
    ``secondary_address``, ``state_abbr``) in one locale, built once per process."""
    fk = _faker(locale)
    slot = _slot(fk, token, frozenset())
    if isinstance(slot, Template):
        return slot
    if isinstance(slot, Digits):
        return Template(((slot,),))
    return Template(((slot,),))


def has_token(locale: str, token: str) -> bool:
    """Whether the locale's Faker offers ``token`` at all (only some have states)."""
    return hasattr(_faker(locale), token)
