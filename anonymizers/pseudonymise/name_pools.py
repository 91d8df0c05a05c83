"""The name lists a fake name part is drawn from, and what they say about a real name:
its apparent gender and the one locale that lists it.

Built once per locale from Faker's lists (``locales.listed_names``) and cached: the same
lookups the fairness report makes, so a kept gender or locale mix is kept by the report's
own count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from anonymizers.detect.spelling import fold_word
from anonymizers.pseudonymise.draw import ascii_fold
from anonymizers.pseudonymise.locales import MIX_LOCALES, listed_names

Role = Literal["first", "last"]
Gender = Literal["female", "male"]

#: A run of letters: one name part ("Anne-Marie" holds two, "O'Neil" an "O" and a "Neil").
LETTER_RUN = re.compile(r"[^\W\d_]+")
#: Latin-script locales whose name lists widen the pool once the locale's own is used up.
_EXTENDED_LOCALES = (
    "en_US", "en_GB", "en_IE", "en_NZ", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL",
    "pt_PT", "sv_SE", "da_DK", "no_NO", "fi_FI", "cs_CZ", "hu_HU", "ro_RO",
)  # fmt: skip


def _names(locale: str, attr: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in listed_names(locale, attr) if n.isalpha()))


@dataclass(frozen=True)
class Pools:
    """One locale's drawable names (single words, as listed) and their folded sets."""

    locale: str
    first: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]
    last: tuple[str, ...]
    first_set: frozenset[str]
    last_set: frozenset[str]
    female_set: frozenset[str]
    male_set: frozenset[str]


@cache
def pools(locale: str) -> Pools:
    """The locale's lists; en_US's for a locale Faker lists no surnames for."""
    loc = locale if _names(locale, "last_names") else "en_US"
    female, male = _names(loc, "first_names_female"), _names(loc, "first_names_male")
    first = _names(loc, "first_names") or tuple(dict.fromkeys(female + male))
    last = _names(loc, "last_names")

    def fold(names: tuple[str, ...]) -> frozenset[str]:
        return frozenset(n.casefold() for n in names)

    return Pools(loc, first, female, male, last, fold(first), fold(last), fold(female), fold(male))


@cache
def extended(role: Role) -> tuple[str, ...]:
    """Latin-script names of many locales: the second tier once the locale's pool is spent."""
    attr = "first_names" if role == "first" else "last_names"
    names = (n for loc in _EXTENDED_LOCALES for n in _names(loc, attr))
    return tuple(dict.fromkeys(n for n in names if len(n) > 2 and ascii_fold(n) == n))


def name_part_words(parts: Iterable[str]) -> set[str]:
    """The case-folded letter runs of name parts, and their folds ("björn" and "bjorn"):
    what ``reserve_name_parts`` reserves, so no fake is a real name without its accents."""
    out: set[str] = set()
    for p in parts:
        out.update(LETTER_RUN.findall(p.casefold()))
    out.update([f for w in out if not w.isascii() and (f := fold_word(w)).isalpha()])
    return out


@cache
def drawable_words(locale: str) -> frozenset[str]:
    """Every letter run a fake name part can be drawn from (the locale's lists, the
    extended lists, the other locales' lists for a kept locale mix). Reserving a word
    outside it changes no fake, so a partitioned run reserves only words inside it: an
    e-mail local part like "mariagarcia" is one more word per customer, and millions of
    them would not fit in memory (blends, drawn after 32 attempts, are not covered)."""
    names = [*pools(locale).first, *pools(locale).last, *extended("first"), *extended("last")]
    words = name_part_words(names)
    for role in ("first", "last"):
        words |= name_part_words(name_locales(role, MIX_LOCALES))
    return frozenset(words)


def _listed(locale: str, attr: str) -> frozenset[str]:
    """Every name a locale lists (folded), as ``bias`` counts them: the lookups must agree
    with the fairness report, so multi-word entries count here though they are never drawn."""
    return frozenset(n.casefold() for n in listed_names(locale, attr))


@cache
def foreign_gender(own: str, others: tuple[str, ...]) -> dict[str, Gender]:
    """Apparent gender of first names ``own``'s lists do not know ("Giuseppe", "Chidinma"
    under en_US), by the same rule as ``bias.name_distribution``: the other locales listing
    the name must agree, any disagreement leaves it unknown. Built once per locale set."""
    mine = _listed(own, "first_names_female") | _listed(own, "first_names_male")
    seen: dict[str, set[Gender]] = {}
    for loc in dict.fromkeys(others):
        if loc == own:
            continue
        for attr, gender in (("first_names_female", "female"), ("first_names_male", "male")):
            for n in _listed(loc, attr) - mine:
                seen.setdefault(n, set()).add(gender)  # type: ignore[arg-type]
    return {n: next(iter(g)) for n, g in seen.items() if len(g) == 1}


@cache
def name_locales(role: Role, locales: tuple[str, ...]) -> dict[str, str]:
    """Folded name → the one locale of ``locales`` listing it, "" when several do (as the
    report's locale mix counts it): only a name owned by one locale says where it is from."""
    attrs = (
        ("first_names", "first_names_female", "first_names_male")
        if role == "first"
        else ("last_names",)
    )
    out: dict[str, str] = {}
    for loc in dict.fromkeys(locales):
        for n in frozenset().union(*(_listed(loc, a) for a in attrs)):
            out[n] = loc if out.get(n, loc) == loc else ""
    return out


@cache
def locale_pool(
    own: str,
    locales: tuple[str, ...],
    target: str,
    shared: bool,
    role: Role,
    gender: Gender | None,
    by_gender: bool,
) -> tuple[str, ...]:
    """The fakes for a name recognised as ``target``'s: names only ``target`` lists (or,
    when ``shared``, ``target``'s names that several locales list), so the fake counts for
    the same locale as the input. Of the same apparent gender when ``by_gender`` (a name
    of unknown gender gets one of unknown gender where there are any). Empty when there
    are none: the caller then falls back to the configured locale's whole lists."""
    attrs = (
        ("first_names", "first_names_female", "first_names_male")
        if role == "first"
        else ("last_names",)
    )
    owner = name_locales(role, locales)
    want = "" if shared else target
    names = tuple(
        dict.fromkeys(
            n for a in attrs for n in _names(target, a) if owner.get(n.casefold()) == want
        )
    )
    if not by_gender:
        return names
    p = pools(own)
    foreign = foreign_gender(own, locales)
    same = tuple(n for n in names if gender_of(p, foreign, n.casefold()) == gender)
    return same or (names if gender is None else ())


def gender_of(p: Pools, foreign: dict[str, Gender], norm: str) -> Gender | None:
    """The own locale's lists decide; the other locales only for names those do not know."""
    female, male = norm in p.female_set, norm in p.male_set
    if female or male:
        return None if female == male else "female" if female else "male"
    return foreign.get(norm)
