"""Places, addresses and organisations, drawn from the locale's Faker providers.

Streets and towns are Faker's locale formats compiled once (``faker_formats``) and filled
by the value's keyed draw: no Faker call per value. Faker builds these from person names,
so they are ``wordy``: the Pseudonymizer re-draws
one that holds a real name part as a word. A country or state gets another country or
state, not an invented town. A place's fake is drawn in the locale of its records'
country where the bundle says it (``Generator.locales``), so a Dublin street stays an
Irish-looking street; a segment naming a country is kept as written.
"""

from __future__ import annotations

import importlib
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import cache, lru_cache

import numpy as np
from faker.config import AVAILABLE_LOCALES

from anonymizers.detect.lexicon import street_words
from anonymizers.pseudonymise.column_fill import (
    Avoided,
    Streams,
    column_seeds,
    fill_chars,
    fill_template,
    or_fake_one,
)
from anonymizers.pseudonymise.countries import is_country
from anonymizers.pseudonymise.draw import Draw, apply_case, chars
from anonymizers.pseudonymise.faker_formats import has_token, literal_words, template
from anonymizers.pseudonymise.generators.base import Generator

#: A town's fake is drawn from its locale's towns for this many attempts, then from the
#: towns of every Faker locale of its language (de_AT and de_CH for de_DE) up to
#: ``_LANGUAGE_TOWNS``, then from those of ``_WIDE_TOWNS``: a bundle can hold every town of
#: a short list (Spain's 52, Germany's 392), and the fake of a town must still be a town.
_OWN_TOWNS = 16
_LANGUAGE_TOWNS = 48
_WIDE_TOWNS = ("en_US", "en_GB", "en_IE", "de_DE", "de_AT", "fr_FR", "fr_BE", "es_ES",
               "es_MX", "it_IT", "nl_NL", "pt_PT", "pt_BR", "sv_SE", "da_DK", "pl_PL")  # fmt: skip
#: Faker locales that only warn they are deprecated (another name of one listed).
_DEPRECATED = frozenset({"fr_QC"})
_UNIT = ("apt", "suite", "unit", "#")
#: Unit words of other countries, as whole words ("Flat 4", not "Flatbush").
_OTHER_UNIT = re.compile(r"(flat|appt|app|apartment|wohnung|whg|piso|interno|bte)\b\.?", re.I)


@cache
def _address_lists(locale: str) -> tuple[tuple[tuple[str, ...], frozenset[str]], ...]:
    """Countries and states of the locale: a real place name that is a country (or a
    state) gets another one, not an invented town."""
    try:
        provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
    except ImportError:
        provider = importlib.import_module("faker.providers.address.en_US").Provider
    lists = []
    for attr in ("countries", "states", "states_abbr"):
        names = tuple(x for x in getattr(provider, attr, ()) if isinstance(x, str))
        lists.append((names, frozenset(n.casefold() for n in names)))
    return tuple(lists)


@cache
def _language_locales(locale: str) -> tuple[str, ...]:
    """Faker's locales of ``locale``'s language (country-specific ones only), sorted."""
    lang = locale.split("_")[0]
    same = (x for x in AVAILABLE_LOCALES if "_" in x and x.split("_")[0] == lang)
    return tuple(sorted(set(same) - _DEPRECATED)) or (locale,)


def town_locale(locale: str, d: Draw, attempt: int) -> str:
    """The locale whose towns a town's fake is drawn from at ``attempt``."""
    if attempt < _OWN_TOWNS:
        return locale
    return d.pick(_language_locales(locale) if attempt < _LANGUAGE_TOWNS else _WIDE_TOWNS)


class Location(Generator):
    entities = ("LOCATION",)
    wordy = True

    def plain_words(self, norm: str) -> frozenset[str]:
        return literal_words(self.locale_of(norm))

    def fake_one(self, core: str, norm: str, d: Draw, attempt: int) -> str:
        locale = self.locale_of(norm)
        for names, folded in _address_lists(locale) if attempt < 32 else ():
            if norm in folded:  # past 32 re-draws the short lists may be spent: a town
                return apply_case(core, d.pick(names))
        towns = template(town_locale(locale, d, attempt), "city")
        return apply_case(core, towns.fill(d, self.ctx.names.avoid))

    def fake_many(
        self, cores: Sequence[str], norms: Sequence[str], draws: Sequence[Draw],
        attempts: Sequence[int],
    ) -> list[str]:  # fmt: skip
        """A town drawn from its locale's towns (its first attempts, no country or state)
        is filled column-wise (``column_fill``); any other value as ``fake_one`` does."""
        by_locale: dict[str, list[int]] = defaultdict(list)
        for i, (norm, a) in enumerate(zip(norms, attempts, strict=True)):
            locale = self.locale_of(norm)
            if a < _OWN_TOWNS and not any(norm in f for _, f in _address_lists(locale)):
                by_locale[locale].append(i)
        return _filled(self, "city", by_locale, cores, norms, draws, attempts)


class Address(Generator):
    """A street first, then each comma- or line-separated segment by what it looks like:
    a state and zip code, digits, a country (kept), an apartment, else a town."""

    entities = ("ADDRESS",)
    wordy = True

    def plain_words(self, norm: str) -> frozenset[str]:
        return literal_words(self.locale_of(norm))

    def fake_many(
        self, cores: Sequence[str], norms: Sequence[str], draws: Sequence[Draw],
        attempts: Sequence[int],
    ) -> list[str]:  # fmt: skip
        """Filled column-wise (``column_fill``): an address of one segment (a street: no
        comma, no line break) from its locale's street template, one of several segment by
        segment as ``fake_one`` reads them (``_segments_filled``); a segment that is a
        state and zip code or an apartment, and a value the fill cannot place, as
        ``fake_one`` does. The same fakes as value by value, byte for byte."""
        by_locale: dict[str, list[int]] = defaultdict(list)
        segmented: dict[str, list[int]] = defaultdict(list)
        for i, (core, norm) in enumerate(zip(cores, norms, strict=True)):
            if POSTCODE.fullmatch(core) or _town_alone(core):
                continue  # ``fake_one``'s
            one = "," not in core and "\n" not in core
            (by_locale if one else segmented)[self.locale_of(norm)].append(i)
        out: list[str | None] = [None] * len(cores)
        seeds = column_seeds(draws)
        if seeds is not None and segmented:
            streams = Streams(seeds)
            avoid = self.ctx.avoided.of(self.ctx.names.reserved)
            for locale, rows in segmented.items():
                _segments_filled(locale, rows, cores, streams, avoid, out)
        return _filled(self, "street_address", by_locale, cores, norms, draws, attempts, out)

    def fake_one(self, core: str, norm: str, d: Draw, attempt: int) -> str:
        if POSTCODE.fullmatch(core):
            # "Postcode: 01929" in a note, found as an address: a postcode of its shape,
            # not a street ("02186 BROOKE BRIDGE SUITE 754").
            return chars(core, d)
        if _town_alone(core):
            # "del negozio di Comano", found as an address: a town's fake, not a street
            # ("di 7322 Shawna Rue").
            return apply_case(core, template(self.locale_of(norm), "city").fill(
                d, self.ctx.names.avoid))  # fmt: skip
        locale = self.locale_of(norm)
        pieces = _SEGMENTS.split(core)
        out: list[str] = []
        for k, seg in enumerate(pieces):
            kind = "separator" if k % 2 else "street" if k == 0 else _segment_kind(seg)
            if kind in ("separator", "country"):
                out.append(seg)
            elif kind == "street":
                out.append(template(locale, "street_address").fill(d, self.ctx.names.avoid))
            elif kind == "state_zip":
                m = _STATE_ZIP.fullmatch(seg)
                assert m is not None
                has_states = has_token(locale, "state_abbr")
                state = template(locale, "state_abbr").fill(d) if has_states else chars(m[1], d)
                out.append(state + m[2] + chars(m[3], d))
            elif kind == "numbers":
                out.append(chars(seg, d))
            elif kind == "unit":
                # Only some locales' Faker has secondary_address: elsewhere the unit word
                # is kept and its number replaced ("Flat 4" → "Flat 7").
                if has_token(locale, "secondary_address"):
                    out.append(template(locale, "secondary_address").fill(d))
                else:
                    out.append(_unit(seg, d))
            else:
                out.append(template(locale, "city").fill(d, self.ctx.names.avoid))
        return apply_case(core, "".join(out))


#: A postcode alone, in the shapes of the export countries: "01929", "90210-1234",
#: "114 55", "00-950", "1012 AB", "SW1A 1AA", "K1A 0B1", "D02 X285".
POSTCODE = re.compile(
    r"\d{4,5}(?:-\d{4})?|\d{3} \d{2}|\d{2}-\d{3}|\d{4} ?[A-Z]{2}"
    r"|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]\d{2} ?[A-Z\d]{4}"
)
#: The endings of streets written as one word ("Bahnhofstraße", "Kerkstraat", "Storgatan").
_STREET_ENDINGS = (
    "straße", "strasse", "str.", "weg", "gasse", "allee", "platz", "ring", "damm", "ufer",
    "straat", "laan", "plein", "gracht", "kade", "gatan", "vägen", "gränd", "vej", "gade",
    "torv", "veien", "gata", "veg",
)  # fmt: skip


def _town_alone(core: str) -> bool:
    """An address of one to three words, no digit, no comma or line, and no street word:
    a town the rules found as an address ("Comano", "Norrköping")."""
    if "," in core or "\n" in core or _DIGIT.search(core):
        return False
    words = core.lower().split()
    if not 1 <= len(words) <= 3:
        return False
    streets = street_words()
    return not any(w.strip(".") in streets or w.endswith(_STREET_ENDINGS) for w in words)


#: An address's segments and what joins them (kept in the fake as written).
_SEGMENTS = re.compile(r"(,\s*|\n)")
_STATE_ZIP = re.compile(r"([A-Z]{2})(\s+)(\d{5}(?:-\d{4})?)")
_NUMBERS = re.compile(r"[\d -]+")


_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1 << 16)
def _segment_kind(seg: str) -> str:
    """What an address's segment after its street is, as both fills read it: a state and
    zip code, digits, a country (kept), an apartment, else a town. Kept for the next ask:
    a column's towns and countries recur (a million contacts' addresses, 107,000 segments
    asked per 48,000 addresses)."""
    if _STATE_ZIP.fullmatch(seg):
        return "state_zip"
    if _NUMBERS.fullmatch(seg) or POSTCODE.fullmatch(seg):
        return "numbers"  # digits, or a postcode ("SW6R 7BP"): faked by their shape
    if is_country(seg):
        return "country"
    if seg.casefold().startswith(_UNIT) or _OTHER_UNIT.match(seg):
        return "unit"
    return "town"


def _segments_filled(
    locale: str,
    rows: list[int],
    cores: Sequence[str],
    st: Streams,
    avoid: Avoided,
    out: list[str | None],
) -> None:
    """``Address.fake_one`` of addresses of several segments (``rows`` of one locale),
    segment by segment for all of them at once: each row's stream is read in its own
    order, so a row reads the bytes its ``Draw`` would. The street, the towns and the
    number segments are filled here, a country is kept; a row with a segment read
    otherwise (a state and zip code, an apartment), whose fill picked a word to avoid,
    or whose numbers are not plain ASCII, is left None for ``fake_one``."""
    pieces = [_SEGMENTS.split(cores[i]) for i in rows]
    at = np.asarray(rows, dtype=np.int64)
    made: list[list[str]] = [[] for _ in rows]
    bad = np.zeros(len(cores), dtype=bool)

    def put(ks: list[int], fakes: Sequence[str]) -> None:
        for k, fake in zip(ks, fakes, strict=True):
            made[k].append(fake)

    street = fill_template(template(locale, "street_address"), st, at, avoid, bad)
    put(list(range(len(rows))), street.tolist())
    town = template(locale, "city")
    for pos in range(2, max(len(p) for p in pieces), 2):
        towns: list[int] = []
        numbers: dict[int, list[int]] = defaultdict(list)
        for k, p in enumerate(pieces):
            if pos >= len(p) or bad[rows[k]]:
                continue
            made[k].append(p[pos - 1])  # the separator, as written
            seg = p[pos]
            kind = _segment_kind(seg)
            if kind in ("state_zip", "unit"):
                bad[rows[k]] = True
            elif kind == "numbers":
                numbers[len(seg)].append(k)
            elif kind == "country":
                made[k].append(seg)
            else:
                towns.append(k)
        if towns:
            put(towns, fill_template(town, st, at[towns], avoid, bad).tolist())
        for ks in numbers.values():
            digits = fill_chars([pieces[k][pos] for k in ks], st, at[ks])
            if digits is None:
                bad[at[ks]] = True
            else:
                put(ks, digits)
    for k, i in enumerate(rows):
        if not bad[i]:
            out[i] = apply_case(cores[i], "".join(made[k]))


def _filled(
    gen: Generator,
    token: str,
    by_locale: dict[str, list[int]],
    cores: Sequence[str],
    norms: Sequence[str],
    draws: Sequence[Draw],
    attempts: Sequence[int],
    out: list[str | None] | None = None,
) -> list[str]:
    """The fakes of a column: the values of ``by_locale`` (locale → rows) are its
    locale's ``token`` template filled column-wise, in the value's case, and any other
    (or one whose fill picked a word to avoid) ``fake_one``'s, from its unread draw.
    ``out``: fakes already filled (None where not), which stand."""
    out = [None] * len(cores) if out is None else out
    seeds = column_seeds(draws)
    if seeds is not None and by_locale:
        streams = Streams(seeds)
        bad = np.zeros(len(cores), dtype=bool)
        avoid = gen.ctx.avoided.of(gen.ctx.names.reserved)
        for locale, rows in by_locale.items():
            at = np.asarray(rows, dtype=np.int64)
            made = fill_template(template(locale, token), streams, at, avoid, bad)
            for i, fake in zip(rows, made.tolist(), strict=True):
                if not bad[i]:
                    out[i] = apply_case(cores[i], fake)
    return or_fake_one(out, gen.fake_one, cores, norms, draws, attempts)


def _unit(seg: str, d: Draw) -> str:
    """An apartment segment with its word kept and its number replaced."""
    m = re.match(r"\D*", seg)
    head = m.group(0) if m else ""
    return head + chars(seg[len(head) :], d)


class Organization(Generator):
    entities = ("ORGANIZATION",)
    wordy = True

    def fake_one(self, core: str, norm: str, d: Draw, attempt: int) -> str:
        return apply_case(core, self.ctx.faker_for(d).company())
