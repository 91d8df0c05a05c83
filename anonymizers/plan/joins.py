"""A value inside a nested column takes the entity of the column it joins.

A map's key or a value inside a list of objects has no column name of its own to hint
at what it is (``by_account{}.key``), and a customer id such as ``C-104293`` matches no
pattern. The bundle knows better: when most of such a leaf column's distinct values are
values of a column the plan already replaces (the ``customer_id`` column), the leaf is
that entity too, so the id inside the map gets the fake it has in its own column instead
of being kept and then found by the leak check. Flat columns keep their decisions: their
names speak for them.
"""

from __future__ import annotations

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


def _distinct(series: pl.Series) -> pl.Series:
    if isinstance(series.dtype, pl.List):
        series = series.explode()
    values = series.drop_nulls().cast(pl.String)
    return values.filter(values.str.strip_chars() != "").unique()


def _is_leaf(column: str) -> bool:
    return "{}" in column or "[]" in column


def joined_entities(
    tables: Sequence[Table], decisions: dict[str, list[ColumnDecision]], policy: Policy
) -> dict[str, list[ColumnDecision]]:
    """``decisions`` with kept leaf columns that join a replaced column retyped to its
    entity (detected_by ``values``)."""
    candidates = [
        (tname, i)
        for tname, decs in decisions.items()
        for i, dec in enumerate(decs)
        if dec.kind == "safe" and dec.detected_by != "policy" and _is_leaf(dec.column)
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
        shares = {e: values.is_in(pool.implode()).mean() or 0.0 for e, pool in pools.items()}
        entity = max(sorted(shares), key=lambda e: shares[e])
        if shares[entity] >= JOIN_SHARE:
            out[tname][i] = replace(dec, kind="entity", entity=entity, detected_by="values",
                                    operator=policy.operator_for(entity))  # fmt: skip
    return out
