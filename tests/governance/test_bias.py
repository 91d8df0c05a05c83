"""Bias-aware fakes: the apparent gender (and locale) mix of first names, before and after."""

from __future__ import annotations

import importlib

import polars as pl
import pytest

from anonymizers.governance.bias import compare, merge_distributions, name_distribution
from anonymizers.pseudonymise.locales import MIX_LOCALES
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

KEY = bytes.fromhex("3b7e0f5a9c1d2e4f6a8b0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f")


def _faker_names(locale: str, attr: str) -> list[str]:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    return sorted(n for n in getattr(provider, attr) if n.isalpha())


def _draw(locale: str, attr: str, n: int) -> list[str]:
    """n names spread evenly over Faker's sorted list: deterministic, not the first n."""
    names = _faker_names(locale, attr)
    return names[:: max(1, len(names) // n)][:n]


@pytest.fixture(scope="module")
def mixed_names() -> list[str]:
    """200 first names of an international workforce: half from en_US, half from other
    locales' lists, about as many female as male."""
    plan = {"en_US": 50, "de_DE": 10, "es_ES": 10, "it_IT": 10, "fr_FR": 8, "yo_NG": 6, "en_IN": 6}
    out: list[str] = []
    for locale, n in plan.items():
        for attr in ("first_names_female", "first_names_male"):
            out += _draw(locale, attr, n)
    assert len(out) == 200
    return out


def _pseudonymise(names: list[str], locale: str = "en_US", **options: bool) -> pl.Series:
    mapping = Pseudonymizer(KEY, locale, **options).build_map("FIRST_NAME", names)
    return pl.Series("first_name", names).replace_strict(mapping)


def test_counts_follow_faker_lists() -> None:
    s = pl.Series("first_name", ["Abigail", "April", "Michael", "Oluwaseun", None, " ", "Mary Ann"])
    d = name_distribution(s, "en_US")
    assert d["names"] == 5 and d["missing"] == 2
    female = set(_faker_names("en_US", "first_names_female"))
    male = set(_faker_names("en_US", "first_names_male"))
    expect_f = sum(
        1 for n in ("Abigail", "April", "Michael", "Oluwaseun", "Mary") if n in female - male
    )
    expect_m = sum(
        1 for n in ("Abigail", "April", "Michael", "Oluwaseun", "Mary") if n in male - female
    )
    assert d["gender"]["female"] == expect_f and d["gender"]["male"] == expect_m
    assert d["gender"]["unknown"] == 5 - expect_f - expect_m
    assert sum(d["gender_share"].values()) == pytest.approx(100.0, abs=0.05)
    assert "locale_mix" not in d
    # a locale Faker has no person lists for falls back to en_US, as the Pseudonymizer does
    assert name_distribution(s, "xx_XX")["gender"] == d["gender"]
    empty = name_distribution(pl.Series("first_name", [], dtype=pl.String), "en_US", [])
    assert empty["names"] == 0 and empty["gender_share"]["female"] == 0.0


def test_other_locales_decide_unknown_names_and_locale_mix() -> None:
    yoruba = _draw("yo_NG", "first_names_female", 5)
    s = pl.Series(yoruba + _draw("it_IT", "first_names_male", 5))
    alone = name_distribution(s, "en_US")
    wide = name_distribution(s, "en_US", MIX_LOCALES)
    assert wide["gender"]["unknown"] < alone["gender"]["unknown"]
    assert wide["gender"]["female"] >= 4 and wide["gender"]["male"] >= 4
    mix = wide["locale_mix"]
    assert set(MIX_LOCALES) <= set(mix) and sum(mix.values()) == 10
    assert mix["yo_NG"] + mix["ambiguous"] >= 5 and mix["yo_NG"] >= 3


def test_report_holds_counts_not_names(mixed_names: list[str]) -> None:
    d = name_distribution(pl.Series(mixed_names), "en_US", MIX_LOCALES)
    flat = repr(d) + repr(compare(d, d))
    assert not any(n in flat for n in mixed_names if len(n) > 3)
    assert compare(d, d)["max_gender_shift_pp"] == 0.0


def test_pseudonymizer_keeps_gender_share_on_mixed_names(mixed_names: list[str]) -> None:
    before = name_distribution(pl.Series(mixed_names), "en_US", MIX_LOCALES)
    after_names = _pseudonymise(mixed_names)
    assert not set(after_names.to_list()) & set(mixed_names)  # they really were replaced
    after = name_distribution(after_names, "en_US", MIX_LOCALES)
    diff = compare(before, after)
    assert abs(diff["gender_share_pp"]["female"]) <= 10.0
    assert diff["gender_share_pp"]["female"] == pytest.approx(
        after["gender_share"]["female"] - before["gender_share"]["female"], abs=0.01
    )


def test_pseudonymizer_keeps_a_skewed_share_within_its_locale() -> None:
    """A nursing team, three women to one man: the skew must survive, not drift to 50/50."""
    names = _draw("en_US", "first_names_female", 150) + _draw("en_US", "first_names_male", 50)
    before = name_distribution(pl.Series(names), "en_US")
    after = name_distribution(_pseudonymise(names), "en_US")
    assert before["gender_share"]["female"] >= 70.0
    assert abs(compare(before, after)["gender_share_pp"]["female"]) <= 10.0


def test_skewed_foreign_names_keep_gender(mixed_names: list[str]) -> None:
    female = [
        n
        for n in mixed_names
        if name_distribution(pl.Series([n]), "en_US", MIX_LOCALES)["gender"]["female"]
    ]
    male = [
        n
        for n in mixed_names
        if name_distribution(pl.Series([n]), "en_US", MIX_LOCALES)["gender"]["male"]
    ]
    foreign_f = [n for n in female if n not in _faker_names("en_US", "first_names")]
    foreign_m = [n for n in male if n not in _faker_names("en_US", "first_names")]
    names = foreign_f[:45] + foreign_m[:15]
    before = name_distribution(pl.Series(names), "en_US", MIX_LOCALES)
    after = name_distribution(_pseudonymise(names), "en_US", MIX_LOCALES)
    assert abs(compare(before, after)["gender_share_pp"]["female"]) <= 10.0


def test_keep_locale_mix_keeps_names_of_other_locales(mixed_names: list[str]) -> None:
    """Half the workforce has names from other locales' lists: with keep_locale_mix the
    fakes come from the same locales, without it they all turn into en_US names."""
    before = name_distribution(pl.Series(mixed_names), "en_US", MIX_LOCALES)
    kept = _pseudonymise(mixed_names, keep_locale_mix=True)
    assert not set(kept.to_list()) & set(mixed_names)
    after = name_distribution(kept, "en_US", MIX_LOCALES)
    drift = name_distribution(_pseudonymise(mixed_names), "en_US", MIX_LOCALES)
    assert compare(before, after)["max_locale_shift_pp"] <= 10.0
    assert (
        compare(before, drift)["max_locale_shift_pp"]
        > 2 * compare(before, after)["max_locale_shift_pp"]
    )
    assert abs(compare(before, after)["gender_share_pp"]["female"]) <= 10.0


def test_keep_gender_off_draws_from_the_whole_list() -> None:
    names = _draw("en_US", "first_names_female", 120)
    on = name_distribution(_pseudonymise(names), "en_US")
    off = name_distribution(_pseudonymise(names, keep_gender=False), "en_US")
    assert on["gender_share"]["female"] >= 90.0
    assert off["gender_share"]["female"] <= 75.0


def test_a_column_of_lists_of_names_counts_every_name() -> None:
    """Was an InvalidOperationError (exit 3) on a column holding lists of names."""
    lists = pl.Series("household", [["Maria Lopez", "James Carter"], None, ["Mary Smith"]])
    flat = pl.Series("household", ["Maria Lopez", "James Carter", None, "Mary Smith"])
    assert name_distribution(lists, "en_US") == name_distribution(flat, "en_US")


def test_partition_counts_add_up_to_the_whole_column(mixed_names: list[str]) -> None:
    """A partitioned run measures names partition by partition: the merged counts and
    shares are the whole column's, nulls and blanks included."""
    column = pl.Series([*mixed_names, None, "", "  "])
    whole = name_distribution(column, "en_US", MIX_LOCALES)
    pieces = [name_distribution(column.slice(i, 37), "en_US", MIX_LOCALES)
              for i in range(0, column.len(), 37)]  # fmt: skip
    assert len(pieces) > 4 and merge_distributions(pieces) == whole
    plain = [name_distribution(column.slice(i, 60), "en_US") for i in range(0, column.len(), 60)]
    assert merge_distributions(plain) == name_distribution(column, "en_US")
