"""JSON documents stored as text in a column, read as the values they hold.

Databases keep objects in text columns (PostgreSQL ``jsonb`` dumped to CSV, a MySQL
``JSON`` column, a ``metadata`` field of a payments export): ``{"recipient": "…",
"line1": "…", "postcode": "…", "city": "…"}``. Read as one long text, such a cell goes
to NER, which reads JSON poorly (quotes, keys and commas are no sentence): names, streets
and ids inside it were missed more often than anywhere else. Read as values, each key is
a column of its own (``shipping.recipient``, ``shipping.city``): planned from its name
and values, faked through the same bundle-wide maps as the table's own columns (the city
of an order gets the fake the customer's city has) and checked by the gate like any
other column.

A text column is read this way only when every non-empty cell parses as a JSON object or
list, none of its keys looks like data (an e-mail or a name as a key would become a
column name), it nests no deeper than ``nested.MAX_DEPTH`` and it has at most
``MAX_LEAVES`` value positions: a free-form bag of thousands of keys stays text, read by
NER as before. The original cells are kept hidden (``\\x00json:<name>``) for their shape
only; on write each cell is rebuilt with every text and whole number taken from its
leaf, in the order read, so what is written is exactly what was checked. A cell in which
nothing changed is written back byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import polars as pl

from anonymizers.errors import InputError
from anonymizers.io.json_keys import DataKey
from anonymizers.io.nested import MAX_DEPTH, value_depth

#: Prefix of the hidden column that keeps a JSON text column's original cells.
HIDDEN = "\x00json:"
#: Value positions above which a JSON column is read as text: a free-form bag, not a record.
MAX_LEAVES = 64
#: Cells that mean "no value" in exports (empty, MySQL's ``\N``), passed through unread.
_NO_VALUE = ("", "\\N", "null")

Path_ = tuple[str, ...]


@dataclass(frozen=True)
class JsonTextColumn:
    """A text column read as JSON: its name and its leaf columns, in first-seen order."""

    name: str
    leaves: tuple[str, ...]


def _is_value(value: object) -> bool:
    """Texts and whole numbers can be identifiers; floats, booleans and nulls cannot and
    are written back as they were."""
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def _walk(value: object, path: Path_, out: list[tuple[Path_, object]]) -> None:
    """(path, value) of every text and whole number, in document order."""
    if isinstance(value, dict):
        for key, item in value.items():
            _walk(item, (*path, str(key)), out)
    elif isinstance(value, list):
        for item in value:
            _walk(item, (*path, "[]"), out)
    elif _is_value(value):
        out.append((path, value))


def _keys(value: object, out: set[str]) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            out.update(str(k) for k in item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _leaf_name(column: str, path: Path_) -> str:
    name = column
    for part in path:
        name += "[]" if part == "[]" else f".{part}"
    return name


def _parse(
    cells: list[str | None], data_key: DataKey | None, checked: bool = False
) -> list[object] | None:
    """Each cell's document (None for an empty cell), or None when the column is not
    JSON documents throughout (or holds keys that are data). ``checked``: the cells were
    read through once already (``JsonTextSurvey``): their depth and keys are fine."""
    docs: list[object] = []
    keys: set[str] = set()
    for cell in cells:
        text = None if cell is None else cell.strip()
        if text is None or text in _NO_VALUE:
            docs.append(None)
            continue
        if text[0] not in "{[" or text[-1] not in "}]":
            return None
        try:
            doc = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            return None
        if checked:
            docs.append(doc)
            continue
        if not isinstance(doc, dict | list) or value_depth(doc) > MAX_DEPTH:
            return None
        _keys(doc, keys)
        docs.append(doc)
    if any(k.strip().isdigit() or (data_key and data_key(k)) for k in keys):
        return None
    return docs


def _json_shaped(df: pl.DataFrame) -> dict[str, bool]:
    """Text columns whose every non-empty cell starts like a JSON object or list (a
    vectorised first look, so ordinary text columns are never parsed) → whether one
    cell is not empty."""
    found = {}
    for name, dtype in df.schema.items():
        if dtype != pl.String or name.startswith("\x00"):
            continue
        stripped = df[name].str.strip_chars()
        filled = stripped.filter(~stripped.is_in(list(_NO_VALUE)) & stripped.is_not_null())
        if filled.str.contains(r"^[\[{][\s\S]*[\]}]$").all():
            found[name] = filled.len() > 0
    return found


Rows_ = list[list[tuple[Path_, object]]]


def _walked(name: str, docs: list[object], names: dict[Path_, str]) -> Rows_:
    """Each document's (path, value) pairs; every new path named in ``names``."""
    rows: Rows_ = []
    for doc in docs:
        values: list[tuple[Path_, object]] = []
        if doc is not None:
            _walk(doc, (), values)
        for path, _ in values:
            if path not in names:
                names[path] = _leaf_name(name, path)
        rows.append(values)
    return rows


def _accepted(names: dict[Path_, str], columns: list[str]) -> bool:
    """Leaf columns that can be: some, not too many, and no name taken twice."""
    leaf_names = list(names.values())
    clash = len(set(leaf_names)) < len(leaf_names) or set(leaf_names) & set(columns)
    return bool(names) and len(names) <= MAX_LEAVES and not clash


def split(
    df: pl.DataFrame, data_key: DataKey | None, whole: set[str] = frozenset()
) -> tuple[pl.DataFrame, list[JsonTextColumn]]:
    """Every JSON text column but those in ``whole`` → its hidden original followed by its
    leaf columns."""
    found: list[JsonTextColumn] = []
    replaced: dict[str, list[pl.Series]] = {}
    for name, filled in _json_shaped(df).items():
        if name in whole or not filled:
            continue
        docs = _parse(df[name].to_list(), data_key)
        if docs is None:
            continue
        names: dict[Path_, str] = {}
        rows = _walked(name, docs, names)
        if not _accepted(names, df.columns):
            continue
        found.append(JsonTextColumn(name, tuple(names.values())))
        replaced[name] = [df[name].alias(HIDDEN + name), *_leaves(rows, docs, names)]
    return _replaced(df, found, replaced)


def _replaced(
    df: pl.DataFrame, found: list[JsonTextColumn], replaced: dict[str, list[pl.Series]]
) -> tuple[pl.DataFrame, list[JsonTextColumn]]:
    if not found:
        return df, found
    # The original takes its hidden name in place (the column order is written back).
    columns = [s for c in df.columns for s in replaced.get(c, [df[c]])]
    return pl.DataFrame(columns), found


@dataclass
class JsonTextSurvey:
    """What ``split`` decides a column on, gathered a partition at a time, so that a
    file read in partitions splits the same columns into the same leaves in every one:
    a column is JSON text when every partition's cells are, and its leaves are named in
    the order they are first seen in the file."""

    data_key: DataKey | None
    refused: set[str]
    names: dict[str, dict[Path_, str]] = field(default_factory=dict)
    filled: set[str] = field(default_factory=set)
    columns: list[str] = field(default_factory=list)

    def add(self, df: pl.DataFrame) -> None:
        self.columns = self.columns or df.columns
        shaped = _json_shaped(df)
        for name in df.columns:
            if name in self.refused or name.startswith("\x00"):
                continue
            if name not in shaped:
                self.refused.add(name)
                continue
            if not shaped[name]:
                continue
            docs = _parse(df[name].to_list(), self.data_key)
            if docs is None:
                self.refused.add(name)
                continue
            self.filled.add(name)
            names = self.names.setdefault(name, {})
            _walked(name, docs, names)
            if len(names) > MAX_LEAVES:  # a free-form bag: read as text, stop counting
                self.refused.add(name)
                del self.names[name]

    def decided(self) -> list[tuple[JsonTextColumn, dict[Path_, str]]]:
        """The columns split, each with its leaves by path."""
        return [
            (JsonTextColumn(name, tuple(self.names[name].values())), self.names[name])
            for name in self.columns
            if name in self.filled
            and name not in self.refused
            and _accepted(self.names[name], self.columns)
        ]


def split_as(
    df: pl.DataFrame, decided: list[tuple[JsonTextColumn, dict[Path_, str]]]
) -> pl.DataFrame:
    """``split`` of one partition with the columns and leaves decided for the whole file
    (``JsonTextSurvey``): a leaf no cell of this partition holds is a column of nulls."""
    replaced: dict[str, list[pl.Series]] = {}
    for col, names in decided:
        docs = _parse(df[col.name].to_list(), None, checked=True)
        if docs is None:
            raise InputError(f"column '{col.name}' changed between two reads")
        rows = _walked(col.name, docs, dict(names))
        replaced[col.name] = [df[col.name].alias(HIDDEN + col.name), *_leaves(rows, docs, names)]
    return _replaced(df, [col for col, _ in decided], replaced)[0]


def _leaves(rows: Rows_, docs: list[object], names: dict[Path_, str]) -> list[pl.Series]:
    """One column per path: a text per row, or a list of texts under a list."""
    listed = {p for p in names if "[]" in p}
    columns: dict[Path_, list] = {p: [] for p in names}
    for doc, values in zip(docs, rows, strict=True):
        row: dict[Path_, list[str]] = {}
        for path, value in values:
            row.setdefault(path, []).append(str(value))
        for path, column in columns.items():
            got = row.get(path)
            if path in listed:
                column.append(None if doc is None else (got or []))
            else:
                column.append(got[0] if got else None)
    return [
        pl.Series(names[p], columns[p], dtype=pl.List(pl.String) if p in listed else pl.String)
        for p in names
    ]


def _fed(original: object, new: object) -> object:
    """The value written for one leaf: a whole number stays a number while it reads as one."""
    if new is None or not isinstance(original, int):
        return new
    text = str(new)
    if text == str(original):
        return original
    return int(text) if text.lstrip("-").isdigit() else text


def _rebuild(value: object, path: Path_, feeds: dict[Path_, Iterator[object]]) -> object:
    if isinstance(value, dict):
        return {k: _rebuild(v, (*path, str(k)), feeds) for k, v in value.items()}
    if isinstance(value, list):
        return [_rebuild(v, (*path, "[]"), feeds) for v in value]
    if _is_value(value):
        try:
            return _fed(value, next(feeds[path]))
        except StopIteration:
            raise InputError("a JSON text value changed shape between read and write") from None
    return value


def _separators(text: str) -> tuple[str, str]:
    """The writer's own spacing: ``{"a": 1, "b": 2}`` or compact ``{"a":1,"b":2}``."""
    return (", ", ": ") if '": ' in text or ", " in text else (",", ":")


def _feed(value: object, listed: bool) -> Iterator[object]:
    if not listed:
        yield value
    elif value is None:  # a list redacted or dropped as a whole: every value is gone
        while True:
            yield None
    else:
        yield from value  # type: ignore[misc]


def join(df: pl.DataFrame, columns: list[JsonTextColumn]) -> pl.DataFrame:
    """Inverse of ``split`` on a transformed frame: each cell rebuilt from its leaves (a
    dropped leaf writes null), put back in its place; leaves and hidden column removed."""
    for col in columns:
        hidden = HIDDEN + col.name
        if hidden not in df.columns:
            continue
        leaves = {leaf: df[leaf].to_list() if leaf in df.columns else None for leaf in col.leaves}
        # A path under a list is a list leaf (``_leaves`` made it so).
        listed = {leaf: "[]" in leaf[len(col.name) :] for leaf in col.leaves}
        cells = []
        for i, text in enumerate(df[hidden].to_list()):
            stripped = None if text is None else text.strip()
            if stripped is None or stripped in _NO_VALUE:
                cells.append(text)
                continue
            doc = json.loads(stripped)
            values: list[tuple[Path_, object]] = []
            _walk(doc, (), values)
            paths = {path: _leaf_name(col.name, path) for path, _ in values}
            feeds = {
                path: _feed(None if leaves[leaf] is None else leaves[leaf][i], listed[leaf])
                for path, leaf in paths.items()
            }
            rebuilt = _rebuild(doc, (), feeds)
            if rebuilt == doc and _same_types(rebuilt, doc):
                cells.append(text)
                continue
            sep = _separators(stripped)
            cells.append(json.dumps(rebuilt, ensure_ascii=False, separators=sep))
        df = df.with_columns(pl.Series(hidden, cells, dtype=pl.String))
        df = df.drop([leaf for leaf in col.leaves if leaf in df.columns]).rename({hidden: col.name})
    return df


def _same_types(a: object, b: object) -> bool:
    """``1 == True`` in Python: equal documents also need equal value types to be one."""
    if isinstance(a, dict) and isinstance(b, dict):
        return all(_same_types(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return all(_same_types(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b)
