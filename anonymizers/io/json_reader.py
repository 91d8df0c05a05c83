"""Reading JSON Lines and JSON exports into one frame, with one-line errors.

Library error texts are not passed through: polars and the JSON parser quote offending
cell contents, which may be personal data. Records nested past ``nested.MAX_DEPTH`` are
refused before polars sees them (its recursion, like Python's, ends in a crash); objects
whose keys are data are read as maps (``json_keys.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from anonymizers.errors import InputError
from anonymizers.io.csv_reader import has_nul, not_utf8
from anonymizers.io.json_keys import DataKey, as_maps, cast_maps, map_places
from anonymizers.io.json_stream import line_record, not_an_array, wrapped_records
from anonymizers.io.nested import check_record_depth


def decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise not_utf8(path, exc.start) from None
    if "\x00" in text:
        raise has_nul(path)
    return text


def read_json(
    path: Path,
    fmt: str,
    text: str,
    data_key: DataKey | None,
    wrapper: list[tuple[str, int]] | None = None,
) -> pl.DataFrame:
    """A JSON Lines (``fmt`` "jsonl") or JSON array text as a frame of its records; an
    object holding one list of records gives that list's, as ``json_stream.json_records``
    reads it."""
    if fmt == "jsonl":
        records = []
        places = []
        # "\n" only: str.splitlines() also breaks at U+2028, U+2029 and U+0085, which
        # JSON allows unescaped inside strings (text pasted from a web page or Word).
        for lineno, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            records.append(line_record(path, line, lineno))
            places.append(f"line {lineno}")
        return _frame(path, records, places, data_key)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:  # thousands of nested objects or arrays
        raise InputError(f"{path}: JSON nested too deeply") from None
    if isinstance(doc, dict):
        member, others, doc = wrapped_records(path, doc)
        if wrapper is not None:
            wrapper.append((member, others))
    if not isinstance(doc, list):
        raise not_an_array(path, doc)
    for i, rec in enumerate(doc):
        if not isinstance(rec, dict):
            raise InputError(f"{path}: record {i} is not a JSON object")
        check_record_depth(path, rec, f"record {i}")
    return _frame(path, doc, [f"record {i}" for i in range(len(doc))], data_key)


def _frame(
    path: Path, records: list[dict], places: list[str], data_key: DataKey | None
) -> pl.DataFrame:
    if not records:
        raise InputError(f"{path}: no records")
    maps = map_places(records, data_key)
    return typed_maps(path, records_frame(path, records, maps, places, data_key), maps)


def records_frame(
    path: Path,
    records: list[dict],
    maps: set[str],
    places: list[str],
    data_key: DataKey | None,
    schema: pl.Schema | None = None,
) -> pl.DataFrame:
    """Records as a frame, the objects at ``maps`` as lists of entries; its types
    inferred from every record, or ``schema``'s (decided over a whole file read in
    partitions: ``json_shapes.py``)."""
    try:
        return pl.from_dicts(as_maps(records, maps), schema=schema, infer_schema_length=None)
    except Exception:
        raise InputError(f"{path}: {_why_not_a_frame(records, places, data_key)}") from None


def typed_maps(path: Path, frame: pl.DataFrame, maps: set[str]) -> pl.DataFrame:
    """The lists of entries at ``maps`` typed as maps (``json_keys.cast_maps``)."""
    try:
        return cast_maps(frame, maps)
    except Exception:
        place = min(maps)
        raise InputError(f"{path}: the object at {place} is read as a map (its keys are "
                         "data) but its values have different types") from None  # fmt: skip


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return "a number or boolean"


def _why_not_a_frame(records: list[dict], places: list[str], data_key: DataKey | None) -> str:
    """Why polars refused the records, named without quoting them (its own message
    quotes values, which may be personal data). Runs only after a failure."""
    kinds: dict[str, set[str]] = {}
    for rec, place in zip(records, places, strict=True):
        try:
            json.dumps(rec, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            # json.loads accepts "\ud800" alone; it is no character, so no text column.
            return f"{place} holds an unpaired Unicode surrogate escape (\\ud800-\\udfff)"
        for key, value in rec.items():
            if value is not None:
                kinds.setdefault(key, set()).add(_kind(value))
    for key, seen in kinds.items():
        if len(seen) > 1:
            kind = data_key(key) if data_key else None
            # A key that is data is named by its kind, never quoted.
            field = f"a field named like {kind}" if kind else f"field '{key}'"
            return f"{field} holds {' and '.join(sorted(seen))} in different records"
    return "records have conflicting types for the same field"
