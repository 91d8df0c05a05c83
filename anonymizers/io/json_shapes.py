"""The columns and types of a JSON export, decided over all its records, in bounded memory.

The in-memory reader gives polars every record at once: a column's type is inferred
from all its values (``1`` in one record and ``1.5`` in another make a float column), an
object's fields are the union of every record's, and the objects whose keys are data are
found over all records (``json_keys.map_places``). A file read in partitions must agree
in every partition, or a field first seen in row 900,000 would be lost and the
partitions would not stack. What decides all three is the records' *shapes*: their keys,
nesting and value types, never their values. So a first pass keeps each distinct shape
once (a record's skeleton: every text ``""``, every whole number ``0``, a list's items
once each, the keys of an object read as a map replaced by ``"0"``, ``"1"``, …); there
are a handful in an export however long it is. The types are then inferred by polars
from the shapes, as they would be from the records: a value repeated adds nothing to
the inference, so the result is the in-memory reader's.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from anonymizers.errors import InputError
from anonymizers.io.json_keys import DataKey, map_places
from anonymizers.io.json_reader import records_frame, typed_maps

#: Whole numbers by the integer type polars reads them as, with one of each kind:
#: 64-bit, 128-bit, unsigned 128-bit. A larger one keeps its own value.
_INTEGERS = (
    (range(-(1 << 63), 1 << 63), 0),
    (range(-(1 << 127), 1 << 127), 1 << 63),
    (range(1 << 127, 1 << 128), 1 << 127),
)


def _skeleton(value: object, place: str, maps: set[str]) -> object:
    """``value`` with its texts and numbers replaced by one of their kind, its lists'
    repeated items dropped and its map keys (at ``maps``) numbered."""
    if isinstance(value, dict):
        if place in maps:
            items = _distinct(_skeleton(v, f"{place}{{}}", maps) for v in value.values())
            return {str(i): v for i, v in enumerate(items)}
        return {k: _skeleton(v, f"{place}.{k}", maps) for k, v in value.items()}
    if isinstance(value, list):
        return _distinct(_skeleton(v, f"{place}[]", maps) for v in value)
    if value is None:
        return None
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return next((one for kind, one in _INTEGERS if value in kind), value)
    if isinstance(value, float):
        return 0.0
    return ""


def _distinct(values: object) -> list:
    seen: dict[str, object] = {}
    for v in values:  # type: ignore[attr-defined]
        seen.setdefault(json.dumps(v), v)
    return list(seen.values())


class Shapes:
    """The distinct shapes of the records seen so far, and the places read as maps."""

    def __init__(self, data_key: DataKey | None) -> None:
        self.data_key = data_key
        self.maps: set[str] = set()
        self.shapes: dict[str, dict] = {}
        self.records = 0

    def add(self, records: list[dict]) -> None:
        for rec in records:
            shape = _skeleton(rec, "$", self.maps)
            self.shapes.setdefault(json.dumps(shape), shape)  # type: ignore[arg-type]
        self.records += len(records)
        # A place becomes a map for good once one key there looks like data: the shapes
        # kept so far are numbered there too, so they stay few.
        maps = map_places(list(self.shapes.values()), self.data_key)
        if maps != self.maps:
            self.maps = maps
            shapes = list(self.shapes.values())
            self.shapes = {}
            for shape in shapes:
                again = _skeleton(shape, "$", maps)
                self.shapes.setdefault(json.dumps(again), again)  # type: ignore[arg-type]

    def schema(self, path: Path) -> pl.Schema:
        """The frame's schema as the in-memory reader infers it from all the records,
        before the maps are typed as maps (``json_reader.typed_maps``, checked here)."""
        if not self.records:
            raise InputError(f"{path}: no records")
        shapes = list(self.shapes.values())
        places = [f"record shape {i}" for i in range(len(shapes))]
        frame = records_frame(path, shapes, self.maps, places, self.data_key)
        typed_maps(path, frame, self.maps)
        return frame.schema
