"""JSON object keys that are data, read as maps.

``{"by_contact": {"someone@example.org": "weekly"}}`` uses a person's e-mail address as
an object key. Read as an object, every such key would become a column name
(``by_contact.someone@example.org``) and land, unfaked and unchecked, in the data's
header, the plan, the manifest, the reports and the lineage. So an object whose keys
look like data is read as a *map* instead: its keys become values (a ``{}.key`` column,
planned, faked and checked like any other value) and the output writes it back as an
object with the keys faked.

Which objects: all objects found at one place of the records (``$.by_contact``, and the
objects inside its values, ``$.by_contact{}``) are one group; the group is a map when
one of its keys looks like data (``data_key``: an e-mail, a phone, an id, a person's
name…, decided by the caller, who knows the detection rules) or is a number. A record's
own keys are its columns: one that looks like data cannot be read as a map, and the
plan refuses the file (``plan/names.py``), naming the place and the kind of value,
never the value itself.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

#: A key → the kind of personal value it looks like ("an e-mail address"), or None.
DataKey = Callable[[str], str | None]


def key_kind(key: str, data_key: DataKey | None) -> str | None:
    """What kind of data a JSON key is (a number, or ``data_key``'s verdict); ``None``
    for a field name."""
    if key.strip().isdigit():
        return "a number"
    return data_key(key) if data_key else None


def map_places(records: list[dict], data_key: DataKey | None) -> set[str]:
    """The places (``$.by_contact``) whose objects are maps. A record's own keys are its
    columns, checked with every other column name by the plan (``plan/names.py``)."""
    maps: set[str] = set()
    groups: list[tuple[str, list[dict]]] = [("$", records)]
    while groups:
        place, objects = groups.pop()
        keys = {k for obj in objects for k in obj}
        is_map = place != "$" and any(key_kind(k, data_key) for k in keys)
        if is_map:
            maps.add(place)
        children: dict[str, list[object]] = {}
        for obj in objects:
            for key, value in obj.items():
                children.setdefault(f"{place}{{}}" if is_map else f"{place}.{key}", []).append(
                    value
                )
        for child, values in children.items():
            _group(child, values, groups)
    return maps


def _group(place: str, values: list[object], groups: list[tuple[str, list[dict]]]) -> None:
    """The objects among ``values`` (inside lists too: ``place[]``) as groups to look at."""
    while values:
        objects = [v for v in values if isinstance(v, dict)]
        if objects:
            groups.append((place, objects))
        values = [item for v in values if isinstance(v, list) for item in v]
        place = f"{place}[]"


def as_maps(records: list[dict], maps: set[str]) -> list[dict]:
    """Records with the objects at ``maps`` written as lists of {key, value} entries,
    which polars reads as a list of structs (cast to a map afterwards)."""
    if not maps:
        return records
    return [_convert(rec, "$", maps) for rec in records]  # type: ignore[misc]


def _convert(value: object, place: str, maps: set[str]) -> object:
    # Depth is bounded: records were checked against nested.MAX_DEPTH before.
    if isinstance(value, dict):
        if place in maps:
            return [
                {"key": k, "value": _convert(v, f"{place}{{}}", maps)} for k, v in value.items()
            ]
        return {k: _convert(v, f"{place}.{k}", maps) for k, v in value.items()}
    if isinstance(value, list):
        return [_convert(item, f"{place}[]", maps) for item in value]
    return value


def cast_maps(frame: pl.DataFrame, maps: set[str]) -> pl.DataFrame:
    """The lists of {key, value} entries at ``maps`` typed as maps, so they are written
    back as objects."""
    casts = {}
    for name, dtype in frame.schema.items():
        typed = _retype(dtype, f"$.{name}", maps)
        if typed != dtype:
            casts[name] = typed
    return frame.cast(casts) if casts else frame


def _retype(dtype: pl.DataType, place: str, maps: set[str]) -> pl.DataType:
    if isinstance(dtype, pl.List):
        inner = dtype.inner
        if (
            place in maps
            and isinstance(inner, pl.Struct)
            and [f.name for f in inner.fields] == ["key", "value"]
        ):
            key, value = inner.fields
            return pl.Map(key.dtype, _retype(value.dtype, f"{place}{{}}", maps))
        return pl.List(_retype(inner, f"{place}[]", maps))
    if isinstance(dtype, pl.Struct):
        return pl.Struct(
            {f.name: _retype(f.dtype, f"{place}.{f.name}", maps) for f in dtype.fields}
        )
    return dtype
