"""Distributions of first names before and after pseudonymisation, for fairness testing.

A dataset used to test an AI tool for bias (does the CV screener treat women and men
alike? does the support bot answer Yoruba and German names alike?) is only useful if
the fakes keep the mix of the input: replacing every name with a random English name
would make the fairness test pass on data where no difference can show. These counts let
the report show, per table, that the apparent gender and locale mix survived, and by how
many percentage points they moved.

"Apparent gender" is what Faker's per-locale name lists say about a first name, nothing
more: a name in both lists or in neither is "unknown". Counts only, never names.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import polars as pl

from anonymizers.pseudonymise.locales import listed_names

GENDERS = ("female", "male", "unknown")


def _gender_rows(locale: str) -> pl.DataFrame:
    return pl.concat(
        [
            pl.DataFrame(
                {"name": listed_names(locale, attr), "gender": gender},
                schema={"name": pl.String, "gender": pl.String},
            )
            for attr, gender in (("first_names_female", "female"), ("first_names_male", "male"))
        ],
        how="vertical_relaxed",
    ).with_columns(pl.col("name").str.to_lowercase())


@cache
def _gender_table(locale: str, others: tuple[str, ...]) -> pl.DataFrame:
    """name (lower-cased) → female/male. The locale's own lists decide first (a locale
    without lists falls back to en_US, as the Pseudonymizer does); a name they do not
    know takes its gender from ``others`` when those agree. A name listed under both
    genders (by the deciding lists) is dropped, so it counts as "unknown"."""
    own = locale if _gender_rows(locale).height else "en_US"

    def decided(rows: pl.DataFrame) -> pl.DataFrame:
        rows = rows.unique()
        return rows.filter(pl.len().over("name") == 1)

    first = _gender_rows(own).unique()
    table = decided(first)
    if others:
        rest = pl.concat([_gender_rows(o) for o in others if o != own])
        rest = decided(rest.join(first, on="name", how="anti"))
        table = pl.concat([table, rest])
    return table


@cache
def _locale_table(locales: tuple[str, ...]) -> pl.DataFrame:
    """name (lower-cased) → the one locale listing it, or "ambiguous" when several do."""
    frames = []
    for loc in locales:
        names = {*listed_names(loc, "first_names"), *listed_names(loc, "first_names_female")}
        names.update(listed_names(loc, "first_names_male"))
        frames.append(
            pl.DataFrame(
                {"name": sorted(names), "locale": loc},
                schema={"name": pl.String, "locale": pl.String},
            )
        )
    if not frames:
        return pl.DataFrame(
            {"name": [], "locale": []}, schema={"name": pl.String, "locale": pl.String}
        )
    rows = pl.concat(frames).with_columns(pl.col("name").str.to_lowercase()).unique()
    return rows.group_by("name").agg(
        pl.when(pl.col("locale").n_unique() > 1)
        .then(pl.lit("ambiguous"))
        .otherwise(pl.col("locale").first())
        .alias("locale")
    )


def _share(counts: dict[str, int], total: int) -> dict[str, float]:
    return {k: round(100.0 * v / total, 2) if total else 0.0 for k, v in counts.items()}


def name_distribution(
    first_names: pl.Series, locale: str, locales: Sequence[str] | None = None
) -> dict:
    """Counts and shares (percent of present names) of apparent female / male / unknown
    first names, and, when ``locales`` is given (e.g. ``MIX_LOCALES``), of the locale
    mix: each name counts for the one locale whose lists hold it, "ambiguous" when
    several do, "unknown" when none does.

    Gender comes from ``locale``'s lists; with ``locales`` given, names those lists do
    not know ("Giuseppe" under en_US) take the gender the other locales agree on, so a
    multi-cultural input is not reported as mostly "unknown".

    Only the first word of a value is looked at ("Mary Ann" → "mary"). Nulls and blanks
    are counted as ``missing`` and left out of the shares. A column of lists of names
    counts each name of each list."""
    if isinstance(first_names.dtype, pl.List | pl.Array):
        first_names = first_names.explode()
    words = first_names.cast(pl.String).str.strip_chars().str.split(" ").list.first()
    df = pl.DataFrame({"name": words.str.to_lowercase()})
    present = df.filter(pl.col("name").is_not_null() & (pl.col("name") != ""))
    total = present.height
    counts = present.group_by("name").len()
    others = tuple(locales) if locales is not None else ()
    by_gender = counts.join(_gender_table(locale, others), on="name", how="left").with_columns(
        pl.col("gender").fill_null("unknown")
    )
    g = dict.fromkeys(GENDERS, 0)
    for row in by_gender.group_by("gender").agg(pl.col("len").sum()).iter_rows():
        g[row[0]] = int(row[1])
    out: dict = {
        "names": total,
        "missing": df.height - total,
        "locale": locale,
        "gender": g,
        "gender_share": _share(g, total),
    }
    if locales is not None:
        mix = dict.fromkeys([*dict.fromkeys(locales), "ambiguous", "unknown"], 0)
        by_loc = counts.join(_locale_table(tuple(locales)), on="name", how="left")
        by_loc = by_loc.with_columns(pl.col("locale").fill_null("unknown"))
        for row in by_loc.group_by("locale").agg(pl.col("len").sum()).iter_rows():
            mix[row[0]] = int(row[1])
        out["locale_mix"] = mix
        out["locale_share"] = _share(mix, total)
    return out


def merge_distributions(parts: Sequence[dict]) -> dict:
    """One column's ``name_distribution`` from those of its pieces (a partitioned run's
    partitions, all measured with the same locales): the counts add up, the shares are
    recomputed from them."""
    first = parts[0]
    total = sum(p["names"] for p in parts)
    gender = {k: sum(p["gender"][k] for p in parts) for k in first["gender"]}
    out: dict = {
        "names": total,
        "missing": sum(p["missing"] for p in parts),
        "locale": first["locale"],
        "gender": gender,
        "gender_share": _share(gender, total),
    }
    if "locale_mix" in first:
        mix = {k: sum(p["locale_mix"][k] for p in parts) for k in first["locale_mix"]}
        out["locale_mix"] = mix
        out["locale_share"] = _share(mix, total)
    return out


def _diff(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    keys = [*before, *(k for k in after if k not in before)]
    return {k: round(after.get(k, 0.0) - before.get(k, 0.0), 2) for k in keys}


def compare(before: dict, after: dict) -> dict:
    """How far the mix moved, in percentage points (after − before) per category, plus the
    largest absolute move: the number a reviewer checks against a tolerance. The locale
    mix is compared only when both sides measured it."""
    gender = _diff(before["gender_share"], after["gender_share"])
    out: dict = {
        "gender_share_pp": gender,
        "max_gender_shift_pp": max((abs(v) for v in gender.values()), default=0.0),
    }
    if "locale_share" in before and "locale_share" in after:
        loc = _diff(before["locale_share"], after["locale_share"])
        out["locale_share_pp"] = loc
        out["max_locale_shift_pp"] = max((abs(v) for v in loc.values()), default=0.0)
    return out
