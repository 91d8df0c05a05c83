"""A record's country, as the Faker locale its place fakes are drawn from.

A Dublin customer must not get a US street and a US town next to "Ireland": when a table
carries a country (or a locale) column, the street, town and address fakes of a row
follow it. Country names come in many languages and as ISO codes ("Ireland", "Irlande",
"IE", "IRL"), locales as tags ("en-IE", "fr_FR", "de"): the table is a data file
(``data/countries.tsv``), so a country is added without touching code.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

import polars as pl

from anonymizers.detect.spelling import fold

#: Column names that hold a record's country or locale (after snake-casing).
COUNTRY_COLUMN = re.compile(
    r"(^|_)(country|country_?code|country_?iso|nation|land|pays|pais|paese|locale|"
    r"lang|language|culture)(_|$)"
)
#: A language alone names its most common country's locale; English names none.
_LANGUAGE_LOCALE = {
    "fr": "fr_FR", "de": "de_DE", "es": "es_ES", "it": "it_IT", "pt": "pt_PT",
    "nl": "nl_NL", "sv": "sv_SE", "pl": "pl_PL", "da": "da_DK", "fi": "fi_FI",
    "no": "no_NO", "nb": "no_NO", "nn": "no_NO", "cs": "cs_CZ", "hu": "hu_HU",
    "ro": "ro_RO", "el": "el_GR", "hr": "hr_HR", "sk": "sk_SK", "sl": "sl_SI",
    "tr": "tr_TR", "ru": "ru_RU", "uk": "uk_UA", "ja": "ja_JP", "zh": "zh_CN",
    "ko": "ko_KR", "ga": "en_IE",
}  # fmt: skip
_TAG = re.compile(r"([a-z]{2,3})(?:[-_]([a-z]{2}))?")


@cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(folded country name or code → locale, ISO alpha-2 → locale)."""
    names: dict[str, str] = {}
    iso2: dict[str, str] = {}
    text = resources.files("anonymizers.pseudonymise").joinpath("data/countries.tsv")
    for line in text.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        locale, a2, a3, listed = line.split("\t")
        iso2[a2.casefold()] = locale
        for name in (a2, a3, *listed.split("|")):
            names.setdefault(fold(name).replace(".", ""), locale)
    return names, iso2


def country_locale(value: str | None) -> str | None:
    """The Faker locale of a country name, ISO code or locale tag; None if unknown."""
    if not value:
        return None
    key = fold(value).replace(".", "")
    names, iso2 = _table()
    if key in names:
        return names[key]
    if m := _TAG.fullmatch(key):
        lang, region = m.groups()
        if region and region in iso2:
            candidate = f"{lang}_{region.upper()}"
            return candidate if _faker_has(candidate) else iso2[region]
        return _LANGUAGE_LOCALE.get(lang)
    return None


@lru_cache(maxsize=1 << 16)
def is_country(value: str) -> bool:
    """Whether a segment of an address is a country's name or code (kept as written)."""
    return fold(value).replace(".", "") in _table()[0]


@cache
def _faker_has(locale: str) -> bool:
    from faker.config import AVAILABLE_LOCALES

    return locale in AVAILABLE_LOCALES


def country_columns(df: pl.DataFrame) -> list[str]:
    """The columns of a table whose name says country or locale and whose values mostly
    name one (at least half of the distinct non-empty values)."""
    out = []
    for col in df.columns:
        if not COUNTRY_COLUMN.search(_snake(col)) or df[col].dtype not in (
            pl.String,
            pl.Categorical,
        ):
            continue
        seen = df[col].cast(pl.String).drop_nulls().unique().head(500).to_list()
        known = sum(country_locale(v) is not None for v in seen)
        if seen and known * 2 >= len(seen):
            out.append(col)
    return out


def row_locales(df: pl.DataFrame, column: str) -> pl.Series:
    """The Faker locale of each row from its country column (null where unknown), one
    lookup per distinct value."""
    values = df[column].cast(pl.String)
    distinct = values.drop_nulls().unique().to_list()
    lookup = {v: country_locale(v) for v in distinct}
    return values.replace_strict(lookup, default=None, return_dtype=pl.String)


def _snake(name: str) -> str:
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
