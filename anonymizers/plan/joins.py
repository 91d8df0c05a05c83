"""A column that holds another column's identifiers takes that column's entity.

A map's key or a value inside a list of objects has no column name of its own to hint
at what it is (``by_account{}.key``), and a customer id such as ``C-104293`` matches no
pattern. Nor does a flat column whose name says nothing about a person: an order's
``customer`` holding ``cus_cfcd208495d565``. The bundle knows better: when such a
column's values are values of a column the plan already replaces (the ``customer_id``
column), it is that entity too, so each id gets the fake it has in its own column (the
join still joins) instead of being kept and then found by the leak check, which rejects
the run for every one of them.

A nested leaf joins when most of its distinct values are the other column's. A flat
column kept for its values (codes, hashes, references: ``detected_by`` ``values``) or
for no reason at all (``default``) joins
on fewer: the plan reads each table's first partition only, so an order table's first
rows refer to customers all over the customer table, few of them in its first
partition. There a handful of shared values is enough when each is distinctive (six
characters or more with a digit and a letter, as ids written with a prefix are): a kept
code equal to a replaced id is a leak the gate rejects anyway, and a category ("retail",
"2") or a number (an amount among the employee numbers) never counts. A flat column
kept by its name ("country", "sku") keeps its decision.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import polars as pl

from anonymizers.io.tables import Table
from anonymizers.policy import Policy

if TYPE_CHECKING:
    from anonymizers.plan.columns import ColumnDecision

#: Share of a leaf's distinct values that must be values of one planned column.
JOIN_SHARE = 0.6
#: Distinctive values a flat column must share with one planned column's to join it.
FLAT_SHARED = 3
#: A flat column joins whatever its values look like when this share of its distinct
#: values, and at least ``NEARLY_ALL_MIN`` of them, are values of one planned column.
NEARLY_ALL = 0.9
NEARLY_ALL_MIN = 5
#: A distinctive value: an id's length, a digit and a letter ("C-104293"; no date, amount
#: or category). A number alone is not: salaries of 20,000 to 120,000 all lie among the
#: employee numbers of a large staff.
_DISTINCTIVE = r"^\S{6,}$"
#: A number of up to four digits: a quantity, a count, a rank as often as a row's id.
_SHORT_NUMBER = r"^\d{1,4}$"
#: A number of five to eighteen digits: an id's, not a quantity's.
_LONG_NUMBER = r"^\d{5,18}$"
#: The most a column of numbers may share with the ids by chance and still join them.
CHANCE_SHARE = 0.25
#: Entities whose values are no reference to anything: a date or a country in common.
_NOT_REFERENCES = frozenset({"DATE", "DATE_OF_BIRTH", "LOCATION", "NRP", "ZIP_CODE"})


def _distinct(series: pl.Series) -> pl.Series:
    """The distinct values of a column of text or whole numbers, as text (an amount, a
    time, a duration or a flag refers to nothing): none for any other column."""
    if isinstance(series.dtype, pl.List):
        series = series.explode()
    dtype = series.dtype
    if not (dtype in (pl.String, pl.Categorical, pl.Enum) or dtype.is_integer()):
        return pl.Series([], dtype=pl.String)
    values = series.drop_nulls().cast(pl.String)
    return values.filter(values.str.strip_chars() != "").unique()


def _is_leaf(column: str) -> bool:
    return "{}" in column or "[]" in column


def _candidate(dec: ColumnDecision) -> bool:
    """A kept column whose values may be another's: any kept leaf, or a flat column kept
    for what its values look like or for want of a reason to replace it."""
    if dec.kind != "safe" or dec.detected_by == "policy":
        return False
    return _is_leaf(dec.column) or dec.detected_by in ("values", "default")


#: A column named for a relation to another row: "referred_by", "assigned_to",
#: "reports_to", "parent", "manager_no".
_RELATION = re.compile(
    r"(?:^|[_\s.-])(?:by|to)$|(?:^|[_\s.-])(?:parent|manager|referrer|sponsor|owner|supervisor"
    r"|mentor)(?:$|[_\s.-])",
    re.IGNORECASE,
)


#: A party a row refers to: "referred_by_account", "assigned_to_user", "paid_by_member".
_RELATION_TO_PARTY = re.compile(
    r"(?:^|[_\s.-])(?:by|to)[_\s.-]+(?:account|user|customer|client|member|contact|employee"
    r"|person|agent|staff|owner|subscriber|patient|student|partner|rep|buyer|seller|guest"
    r"|player|donor|driver|rider|tenant|lead)s?(?:$|[_\s.-])",
    re.IGNORECASE,
)


def _joins(values: pl.Series, pool: pl.Series, leaf: bool, column: str = "") -> bool:
    """Whether a column of these distinct ``values`` refers to the column of ``pool``."""
    shared = values.filter(values.is_in(pool.implode()))
    if (
        not leaf
        and _RELATION.search(column.rsplit(".", 1)[-1])
        and values.len() >= NEARLY_ALL_MIN
        and shared.len() >= NEARLY_ALL * values.len()
    ):
        # "referred_by" holding the members' own keys, numbered from 1: numbers that a
        # key counted from 1 holds whatever they count, but named for a relation to a
        # row, every one of them a key (session 43: kept, and the gate rejected the run).
        return True
    if not leaf and _RELATION_TO_PARTY.search(column) and _keys_in_range(values, shared, pool):
        return True
    if leaf:
        # A short number alone refers to nothing: an order's "items[].qty" of 1 to 3 all
        # lie among tickets numbered 1 to 2,000.
        referring = shared.filter(~shared.str.contains(_SHORT_NUMBER))
        return shared.len() >= JOIN_SHARE * values.len() and (
            referring.len() >= JOIN_SHARE * shared.len()
        )
    worded = shared.filter(shared.str.contains(r"\p{L}"))
    if values.len() >= NEARLY_ALL_MIN and worded.len() >= NEARLY_ALL * values.len():
        # A staff table's "manager" holding logins ("lwillis") of its own "login" column:
        # no digit, but every one of many values is a value of the planned column (a
        # number alone is none: floors 1 to 9 all lie among the staff numbers).
        return True
    if values.len() >= NEARLY_ALL_MIN and _numbers_refer(values, shared, pool):
        return True
    shared = shared.filter(
        shared.str.contains(_DISTINCTIVE)
        & shared.str.contains(r"\d")
        & shared.str.contains(r"\p{L}")
    )
    return shared.len() >= min(FLAT_SHARED, JOIN_SHARE * values.len())


def _keys_in_range(values: pl.Series, shared: pl.Series, pool: pl.Series) -> bool:
    """Are these whole numbers keys of the numbered ``pool`` (a column named for a relation
    to a party asks)? The plan reads a table's first partition only: a million accounts'
    ``referred_by_account`` refers to accounts anywhere in the table, so a twentieth of its
    values are among the first partition's shuffled keys, yet all lie in their range
    (session 49: kept, the referral graph pointed at real keys the run had faked)."""
    number = r"^\d{1,18}$"
    if values.len() < NEARLY_ALL_MIN or shared.len() < FLAT_SHARED:
        return False
    if not values.str.contains(number).all():
        return False
    keys = pool.filter(pool.str.contains(number))
    if keys.len() < NEARLY_ALL * pool.len():
        return False
    seen, known = values.cast(pl.Int64), keys.cast(pl.Int64)
    low, high = int(known.min()), int(known.max())  # type: ignore[arg-type]
    # A key beyond the partition's highest or lowest is no further than a few gaps away.
    slack = 10 * (high - low + 1) // known.len()
    return low - slack <= int(seen.min()) and int(seen.max()) <= high + slack  # type: ignore[arg-type]


def _numbers_refer(values: pl.Series, shared: pl.Series, pool: pl.Series) -> bool:
    """Are numbers (five digits or more) a reference to a sparse column of numbers? A
    messages table's ``from_member`` whose every value is one of the members' ids
    (300000, 300013, 300026, ...): nearly all its values are ids, where chance (the share
    of the numbers in the values' range that are ids) would make at most a quarter of
    them one. Salaries among a staff numbered 1 to 200,000 are ids by chance: no join."""
    numbers = shared.filter(shared.str.contains(_LONG_NUMBER))
    if numbers.len() < NEARLY_ALL * values.len():
        return False
    seen = numbers.cast(pl.Int64)
    low, high = seen.min(), seen.max()
    ids = pool.filter(pool.str.contains(_LONG_NUMBER)).cast(pl.Int64)
    in_range = ids.filter(ids.is_between(low, high)).len()
    return in_range <= CHANCE_SHARE * (int(high) - int(low) + 1)  # type: ignore[arg-type]


def joined_entities(
    tables: Sequence[Table], decisions: dict[str, list[ColumnDecision]], policy: Policy
) -> dict[str, list[ColumnDecision]]:
    """``decisions`` with kept leaf columns that join a replaced column retyped to its
    entity (detected_by ``values``)."""
    candidates = [
        (tname, i)
        for tname, decs in decisions.items()
        for i, dec in enumerate(decs)
        if _candidate(dec)
    ]
    if not candidates:  # the usual bundle: no distinct values computed at all
        return decisions
    by_name = {t.name: t for t in tables}
    entity_values: dict[str, list[pl.Series]] = {}
    for tname, decs in decisions.items():
        for dec in decs:
            if dec.kind == "entity" and dec.entity and dec.operator not in ("keep", "shift"):
                entity_values.setdefault(dec.entity, []).append(
                    _distinct(by_name[tname].df[dec.column])
                )
    if not entity_values:
        return decisions
    pools = {e: pl.concat(vals).unique() for e, vals in entity_values.items()}
    out = {t: list(d) for t, d in decisions.items()}
    for tname, i in candidates:
        dec = out[tname][i]
        values = _distinct(by_name[tname].df[dec.column])
        if values.is_empty():
            continue
        leaf = _is_leaf(dec.column)
        shares = {e: values.is_in(pool.implode()).mean() or 0.0 for e, pool in pools.items()
                  if leaf or e not in _NOT_REFERENCES}  # fmt: skip
        if not shares:
            continue
        entity = max(sorted(shares), key=lambda e: shares[e])
        if _joins(values, pools[entity], leaf, dec.column):
            out[tname][i] = replace(dec, kind="entity", entity=entity, detected_by="values",
                                    operator=policy.operator_for(entity))  # fmt: skip
    return out
