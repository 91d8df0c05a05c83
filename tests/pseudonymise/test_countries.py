"""A record's country as the Faker locale of its place fakes."""

from __future__ import annotations

import polars as pl
import pytest

from anonymizers.pseudonymise.countries import (
    country_columns,
    country_locale,
    is_country,
    row_locales,
)


@pytest.mark.parametrize(
    ("value", "locale"),
    [
        ("Ireland", "en_IE"), ("IE", "en_IE"), ("IRL", "en_IE"), ("Irlande", "en_IE"),
        ("Éire", "en_IE"), ("en-IE", "en_IE"), ("fr_FR", "fr_FR"), ("Deutschland", "de_DE"),
        ("España", "es_ES"), ("U.K.", "en_GB"), ("Sverige", "sv_SE"), ("DK", "da_DK"),
        ("Polska", "pl_PL"), ("Países Bajos", "nl_NL"), ("de", "de_DE"), ("pt-BR", "pt_BR"),
    ],
)  # fmt: skip
def test_country_names_codes_and_locale_tags_name_a_locale(value: str, locale: str) -> None:
    assert country_locale(value) == locale


@pytest.mark.parametrize("value", ["", None, "Atlantis", "en", "pending", "12"])
def test_what_names_no_country_names_no_locale(value: str | None) -> None:
    assert country_locale(value) is None


def test_country_columns_need_the_name_and_the_values() -> None:
    df = pl.DataFrame(
        {
            "country": ["Ireland", "France", "DE", None],
            "billing_country": ["Spain", "Nowhere", "Italy", "IT"],
            "country_note": ["call back", "vip", "late", "n/a"],  # a country name, no values
            "city": ["Dublin", "Lyon", "Köln", "Rome"],  # countries' values, no country name
        }
    )
    assert country_columns(df) == ["country", "billing_country"]
    assert row_locales(df, "country").to_list() == ["en_IE", "fr_FR", "de_DE", None]


def test_address_segments_that_name_a_country_are_recognised() -> None:
    assert is_country("Ireland") and is_country("USA") and is_country("Deutschland")
    assert not is_country("Dublin 4")
