"""Re-identification risk: k-anonymity, l-diversity, generalisation and suppression.

Pseudonymising names does not stop linkage: postcode + birth date + gender single out
most people (Sweeney's 87 %). k-anonymity measures how many rows share each combination
of quasi-identifiers; a combination held by fewer than k rows points at a person. l-diversity
adds that a group must not share one sensitive value, or membership alone discloses it.

Everything here returns counts and column names only, never cell values, so results can
go straight into the manifest and the report. All work is polars group-bys and
expressions; nulls are a value of their own (a missing postcode is a group, as an
attacker would see it).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime

import polars as pl

from anonymizers.errors import InputError, PolicyError
from anonymizers.governance.dates import birth_year
from anonymizers.policy import GeneraliseRule

#: Column-name words that make a quasi-identifier, matched on whole words of the
#: normalised name (``address.postcode`` → ``postcode``, ``jobTitle`` → ``job_title``).
_QI_HINTS = re.compile(
    r"(^|_)(postcode|post_code|postal_code|postalcode|zip|zipcode|zip_code|"
    r"date_of_birth|dob|birth_date|birthdate|birthday|birth_year|year_of_birth|"
    r"gender|sex|job_title|jobtitle|job|position|occupation|department|dept|"
    r"city|town|age|age_band|age_group|nationality|ethnicity|marital_status)(_|$)"
    r"|^title$"  # alone, "title" is a job title or an honorific; "ticket_title" is text
)
#: Ages at or above this are pooled into one band ("90+", as in HIPAA safe harbor): very
#: old people are few, so an exact band would single them out.
AGE_TOP = 90


def _words(column: str) -> str:
    last = column.rsplit(".", 1)[-1]
    last = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", last)
    return re.sub(r"[^a-z0-9]+", "_", last.lower()).strip("_")


def propose_quasi_identifiers(columns: list[str]) -> list[str]:
    """Columns whose name suggests a quasi-identifier, in input order, for the plan to
    suggest. A suggestion only: the policy decides what is measured."""
    return [c for c in columns if _QI_HINTS.search(_words(c))]


def rules_for(table: str, rules: Mapping[str, GeneraliseRule]) -> dict[str, GeneraliseRule]:
    """The generalisation rules of one table from the policy's ``"table.column"`` keys
    (fnmatch globs allowed), keyed by bare column name; exact keys win over globs."""
    out: dict[str, GeneraliseRule] = {}
    for pattern, rule in rules.items():
        t, sep, col = pattern.partition(".")
        if sep and not any(ch in pattern for ch in "*?[") and t == table:
            out[col] = rule
    for pattern, rule in rules.items():
        t, sep, col = pattern.partition(".")
        if sep and any(ch in pattern for ch in "*?[") and fnmatch.fnmatchcase(table, t):
            out.setdefault(col, rule)  # a glob on the column part is resolved by generalise
    return out


def _check_columns(df: pl.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise PolicyError(f"risk: {what} column(s) not in the table: {', '.join(missing)}")


def _expand(df: pl.DataFrame, rules: Mapping[str, GeneraliseRule]) -> dict[str, GeneraliseRule]:
    out: dict[str, GeneraliseRule] = {}
    for key, rule in rules.items():
        if any(ch in key for ch in "*?["):
            for c in df.columns:
                if fnmatch.fnmatchcase(c, key):
                    out.setdefault(c, rule)
        else:
            out[key] = rule
    _check_columns(df, list(out), "generalised")
    return out


def _prefix(s: pl.Series, size: int) -> pl.Series:
    """Keep the first ``size`` characters and pad with '*' to the original length
    ("60693" → "606**"): the value still reads as a masked postcode and fits the same
    field width downstream. The length itself stays visible; within one country's
    postcodes it is constant, so it does not split groups."""
    text = s.cast(pl.String)
    df = pl.DataFrame({"v": text})
    v = pl.col("v")
    masked = v.str.slice(0, size).str.pad_end(v.str.len_chars(), "*")
    return df.select(masked.alias("v")).to_series().rename(s.name)


def _age_band(s: pl.Series, size: int, as_of: date) -> pl.Series:
    """An age or a birth date → a band of ``size`` years ("30-39"); ages of AGE_TOP and
    more → "90+". A birth date becomes an age on ``as_of``."""
    dtype = s.dtype
    df = pl.DataFrame({"v": s})
    v = pl.col("v")
    if dtype == pl.String:
        iso = v.str.strip_chars().str.extract(r"^(\d{4}-\d{2}-\d{2})", 1)
        as_date = iso.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
        as_int = v.str.strip_chars().cast(pl.Int64, strict=False)
        is_date = df.select(as_date.is_not_null().any()).item()
        born = as_date if is_date else None
        age = None if is_date else as_int
    elif dtype == pl.Date or isinstance(dtype, pl.Datetime):
        born, age = v.cast(pl.Date), None
    elif dtype.is_numeric():
        born, age = None, v.cast(pl.Int64)
    else:
        raise InputError(f"column '{s.name}': cannot band ages of type {dtype}")
    if born is not None:
        # month and day are Int8: widen before arithmetic or December wraps around
        month_day = born.dt.month().cast(pl.Int32) * 100 + born.dt.day().cast(pl.Int32)
        before_birthday = month_day > (as_of.month * 100 + as_of.day)
        age = pl.lit(as_of.year) - born.dt.year().cast(pl.Int64) - before_birthday.cast(pl.Int64)
    assert age is not None
    out = df.select(v, age.alias("age"))
    bad = out.filter(pl.col("v").is_not_null() & pl.col("age").is_null()).height
    if bad:
        raise InputError(f"column '{s.name}': {bad} value(s) are neither an age nor a date")
    a = pl.col("age")
    lo = (a // size) * size
    band = (
        pl.when(a >= AGE_TOP)
        .then(pl.lit(f"{AGE_TOP}+"))
        .when(pl.lit(size == 1))
        .then(lo.cast(pl.String))
        .otherwise(pl.format("{}-{}", lo, pl.min_horizontal(lo + size - 1, AGE_TOP - 1)))
    )
    return out.select(band.alias("v")).to_series().rename(s.name)


def generalise(
    df: pl.DataFrame, rules: Mapping[str, GeneraliseRule], as_of: date | None = None
) -> pl.DataFrame:
    """Coarsen quasi-identifiers so more rows share each combination.

    Keys of ``rules`` are column names of ``df`` (globs allowed; see ``rules_for`` for
    the policy's "table.column" keys). Methods:

    - ``prefix``: first ``size`` characters, padded with '*' to the original length (text);
    - ``year``: a date, datetime or date text → its year (Int32 for dates, text for text);
    - ``age_band``: an age or a birth date → "30-39"-style text band of ``size`` years,
      ages of 90 and more pooled as "90+". Birth dates are aged on ``as_of`` (default:
      today, UTC); pass the run date so a re-run on the same day gives the same data;
    - ``suppress``: every value null (the column stays, with its dtype).

    Nulls stay null. Other columns are untouched; column order is kept."""
    expanded = _expand(df, rules)
    if not expanded:
        return df
    day = as_of or datetime.now(UTC).date()
    new: list[pl.Series] = []
    for column, rule in expanded.items():
        s = df.get_column(column)
        if rule.method == "prefix":
            new.append(_prefix(s, rule.size))
        elif rule.method == "year":
            new.append(birth_year(s))
        elif rule.method == "age_band":
            new.append(_age_band(s, rule.size, day))
        else:
            new.append(pl.Series(column, [None] * len(s), dtype=s.dtype))
    return df.with_columns(new)


def assess(
    df: pl.DataFrame,
    quasi_identifiers: Sequence[str],
    sensitive: str | None = None,
    k: int | None = None,
) -> dict:
    """k-anonymity and l-diversity of a table, as counts for the manifest and report.

    Keys: ``rows``; ``quasi_identifiers`` (names); ``groups`` (distinct combinations);
    ``k_achieved`` (the smallest group, None for an empty table); ``unique_rows`` (rows
    alone in their group); and when ``k`` is given ``k``, ``groups_below_k``,
    ``rows_below_k``, ``share_below_k`` (0..1) and ``meets_k``; when ``sensitive`` is given
    ``sensitive``, ``l_diversity`` (fewest distinct sensitive values in a group, null
    counted as a value) and ``groups_l1`` (groups whose rows all share one sensitive
    value: membership discloses it). No QIs means one group of all rows."""
    qis = list(dict.fromkeys(quasi_identifiers))
    _check_columns(df, qis + ([sensitive] if sensitive else []), "risk")
    if k is not None and k < 1:
        raise PolicyError("risk: k must be at least 1")
    n = df.height
    key = "__safeset_all__"
    frame = df.select(qis + ([sensitive] if sensitive and sensitive not in qis else []))
    by = qis or [key]
    if not qis:
        frame = frame.with_columns(pl.lit(0).alias(key))
    aggs = [pl.len().alias("size")]
    if sensitive:
        aggs.append(pl.col(sensitive).n_unique().alias("l"))
    groups = frame.group_by(by).agg(aggs) if n else pl.DataFrame({"size": [], "l": []})
    sizes = groups.get_column("size")
    out: dict = {
        "rows": n,
        "quasi_identifiers": qis,
        "groups": groups.height,
        "k_achieved": int(sizes.min()) if n else None,  # type: ignore[arg-type]
        "unique_rows": int((sizes == 1).sum()) if n else 0,
    }
    if k is not None:
        below = groups.filter(pl.col("size") < k)
        rows_below = int(below.get_column("size").sum()) if below.height else 0
        out |= {
            "k": k,
            "groups_below_k": below.height,
            "rows_below_k": rows_below,
            "share_below_k": round(rows_below / n, 6) if n else 0.0,
            "meets_k": rows_below == 0,
        }
    if sensitive:
        ls = groups.get_column("l")
        out |= {
            "sensitive": sensitive,
            "l_diversity": int(ls.min()) if n else None,  # type: ignore[arg-type]
            "groups_l1": int((ls == 1).sum()) if n else 0,
        }
    return out
