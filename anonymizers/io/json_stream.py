"""JSON Lines and JSON array exports read record by record, in blocks of bounded size.

``json_reader.read_json`` holds a file's text and all its records at once: fine for the
usual export, too much for a 5 GB one. Here the file is decoded a block at a time and
its records handed over in lists of ``rows``: a JSON Lines file line by line, a JSON
array element by element (the standard library's own scanner, ``JSONDecoder.raw_decode``,
on a window of the text; a record is held whole, never the file). What is read, and
every error, is the in-memory reader's: the same records, the same one-line messages
(line and column of a syntax error counted in the whole file), and the same order of
checks (text that is not UTF-8 or holds a NUL byte is reported before any syntax error,
a syntax error before a record that is not an object).

A malformed JSON array may be read up to its end before the syntax error is known for
one (an unterminated string swallows what follows it); a well-formed file never is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import NamedTuple

from anonymizers.errors import InputError
from anonymizers.io.csv_reader import has_nul, not_utf8
from anonymizers.io.nested import check_record_depth

#: Bytes decoded at a time; a record longer than this widens the window, as needed.
BLOCK_BYTES = 8 << 20
_BOM = b"\xef\xbb\xbf"
_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()

Records = tuple[list[dict], list[str]]


def _texts(path: Path, block: int | None) -> Iterator[str]:
    """The file's text, a block at a time, cut between characters; one-line errors for
    bytes that are not UTF-8 (offset from after a BOM) or a NUL."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    with fh:
        offset, carry, first, nul = 0, b"", True, False
        while True:
            data = fh.read(block or BLOCK_BYTES)
            chunk = carry + data
            if first:
                chunk, first = chunk.removeprefix(_BOM), False
            cut = _whole_characters(chunk) if data else len(chunk)
            piece, carry = chunk[:cut], chunk[cut:]
            nul = nul or b"\x00" in piece  # told at the end: bytes not UTF-8 come first
            try:
                text = piece.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise not_utf8(path, offset + exc.start) from None
            offset += len(piece)
            if text:
                yield text
            if not data:
                if nul:
                    raise has_nul(path)
                return


def _whole_characters(chunk: bytes) -> int:
    """Where ``chunk`` ends after its last whole UTF-8 character (a character cut by the
    block's end waits for the next block)."""
    start = len(chunk) - 1
    while start > 0 and len(chunk) - start < 4 and chunk[start] & 0xC0 == 0x80:
        start -= 1  # continuation bytes are 10xxxxxx
    lead = chunk[start] if chunk else 0
    width = 4 if lead >= 0xF0 else 3 if lead >= 0xE0 else 2 if lead >= 0xC0 else 1
    return start if len(chunk) - start < width else len(chunk)


def _checked_bytes(path: Path, texts: Iterator[str]) -> None:
    """Read to the end for the encoding checks only: they come before any syntax error."""
    for _ in texts:
        pass


def jsonl_records(
    path: Path, rows: int, block: int | None = None, checked: bool = False
) -> Iterator[Records]:
    """The records of a JSON Lines file, ``rows`` at a time, with their places;
    ``checked``: the file was read through once already, so its records' depth is known
    to be fine (the walk costs a quarter of the reading)."""
    texts = _texts(path, block)
    records: list[dict] = []
    places: list[str] = []
    lineno = 0
    pending = ""
    try:
        for text in texts:
            lines = (pending + text).split("\n")
            pending = lines.pop()
            for line in lines:
                lineno += 1
                if line.strip():
                    records.append(line_record(path, line, lineno, checked))
                    places.append(f"line {lineno}")
                if len(records) >= rows:
                    yield records, places
                    records, places = [], []
        if pending.strip():
            records.append(line_record(path, pending, lineno + 1, checked))
            places.append(f"line {lineno + 1}")
    except InputError:
        _checked_bytes(path, texts)
        raise
    if records:
        yield records, places


def line_record(path: Path, line: str, lineno: int, checked: bool = False) -> dict:
    """One JSON Lines record, or the one-line error naming the file and the line
    (``checked``: its depth was checked already); the in-memory reader's too."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError:
        raise InputError(f"{path}: line {lineno} is not valid JSON") from None
    except RecursionError:
        raise InputError(f"{path}: line {lineno} is nested too deeply") from None
    if not isinstance(rec, dict):
        raise InputError(f"{path}: line {lineno} is not a JSON object")
    if not checked:
        check_record_depth(path, rec, f"line {lineno}")
    return rec


class _Window:
    """A window of the text: the part not yet parsed, refilled from the blocks, and the
    line and column where it starts (for an error's place in the whole file)."""

    def __init__(self, texts: Iterator[str]) -> None:
        self.texts = texts
        self.buf = ""
        self.ended = False
        self.line = 1
        self.col = 0  # characters since the last newline before the window

    def more(self) -> bool:
        for text in self.texts:
            self.buf += text
            return True
        self.ended = True
        return False

    def drop(self, end: int) -> None:
        gone = self.buf[:end]
        newlines = gone.count("\n")
        if newlines:
            self.line += newlines
            self.col = len(gone) - gone.rindex("\n") - 1
        else:
            self.col += len(gone)
        self.buf = self.buf[end:]

    def error(self, path: Path, pos: int) -> InputError:
        before = self.buf[:pos]
        if "\n" in before:
            line, col = self.line + before.count("\n"), pos - before.rindex("\n")
        else:
            line, col = self.line, self.col + pos + 1
        return InputError(f"{path}: not valid JSON (line {line}, column {col})")

    def skip_ws(self, pos: int) -> int:
        """Past the whitespace at ``pos``, refilling while the window ends in it."""
        while True:
            pos = _WS.match(self.buf, pos).end()  # type: ignore[union-attr]
            if pos < len(self.buf) or not self.more():
                return pos


def _element(path: Path, win: _Window, pos: int) -> tuple[object, int]:
    """The value at ``pos``, decoded once the window holds it whole: a value the window
    cuts short fails or ends at the window's end, so the window widens and it is tried
    again; a syntax error inside a value the window holds whole is final."""
    while True:
        try:
            value, end = _DECODER.raw_decode(win.buf, pos)
        except json.JSONDecodeError as exc:
            if win.ended or _held_whole(win.buf, pos):
                raise win.error(path, exc.pos) from None
            win.more()
            continue
        except RecursionError:
            raise InputError(f"{path}: JSON nested too deeply") from None
        if end < len(win.buf) or win.ended or not win.more():
            return value, end


#: A whole string, a bracket, or a quote that opens a string the window cuts.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]|"')
_SCALAR = re.compile(r"[^\s,\]}]*")


def _held_whole(buf: str, pos: int) -> bool:
    """Does the value at ``pos`` end inside ``buf``, told by its brackets and strings
    alone? Then the scanner's verdict on it cannot change with more text."""
    if buf[pos : pos + 1] not in ('"', "[", "{"):
        return _SCALAR.match(buf, pos).end() < len(buf)  # type: ignore[union-attr]
    depth = 0
    for token in _TOKEN.finditer(buf, pos):
        text = token.group()
        if text == '"':
            return False
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(text, 0)
        if depth <= 0:
            return True
    return False


def json_records(
    path: Path,
    rows: int,
    block: int | None = None,
    checked: bool = False,
    wrapper: list[tuple[str, int]] | None = None,
) -> Iterator[Records]:
    """The records of a JSON array file, ``rows`` at a time, with their places (and
    ``checked`` as for ``jsonl_records``). A file that is an object holding one list of
    records (an API dump: ``{"customers": [...], "count": 8000}``) gives that list's
    records, and the member's name and how many other members the object has are
    appended to ``wrapper``; those are read and left (``_wrapped_records`` says why)."""
    texts = _texts(path, block)
    win = _Window(texts)
    try:
        pos = win.skip_ws(0)
        head = win.buf[pos : pos + 1]
        if head == "{":
            member, others, rest = yield from _wrapped_records(path, win, pos, rows, checked)
            if wrapper is not None:
                wrapper.append((member, others))
        elif head == "[":
            rest = yield from _array_records(path, win, pos, rows, checked)
        else:
            _not_an_array(path, win)
        pos = win.skip_ws(rest.pos)
        if pos < len(win.buf):
            raise win.error(path, pos)  # extra data after the document
    except InputError:
        _checked_bytes(path, texts)
        raise
    if rest.late is not None:
        raise rest.late
    if rest.records:
        yield rest.records, rest.places


class _Rest(NamedTuple):
    """Where an array of records ended, its first record that is no object (reported
    once the whole document is known to be valid JSON) and its last, short batch."""

    pos: int
    late: InputError | None
    records: list[dict]
    places: list[str]


def _array_records(
    path: Path, win: _Window, pos: int, rows: int, checked: bool
) -> Generator[Records, None, _Rest]:
    """The records of the array that opens at ``pos``, in full batches; returns the rest."""
    late: InputError | None = None
    pos = win.skip_ws(pos + 1)
    records: list[dict] = []
    places: list[str] = []
    i = 0
    if win.buf[pos : pos + 1] == "]":
        return _Rest(pos + 1, None, [], [])
    while True:
        rec, pos = _element(path, win, pos)
        if late is None:
            late = _record_error(path, rec, i, checked)
        if late is None:
            records.append(rec)  # type: ignore[arg-type]
            places.append(f"record {i}")
        i += 1
        if len(records) >= rows and late is None:
            yield records, places
            records, places = [], []
        pos, ended = _past_item(path, win, pos, "]")
        if ended:
            break
    return _Rest(pos, late, records, places)


def _past_item(path: Path, win: _Window, pos: int, close: str) -> tuple[int, bool]:
    """Past the separator after an array's or object's item: the next item's position,
    or the position after ``close`` and True. What was read goes now and then."""
    pos = win.skip_ws(pos)
    sep = win.buf[pos : pos + 1]
    if sep == close:
        return pos + 1, True
    if sep != ",":
        raise win.error(path, pos)
    pos = win.skip_ws(pos + 1)
    if pos > len(win.buf) // 2:
        win.drop(pos)
        pos = 0
    return pos, False


def _wrapped_records(
    path: Path, win: _Window, pos: int, rows: int, checked: bool
) -> Generator[Records, None, tuple[str, int, _Rest]]:
    """The records of the one member of the object at ``pos`` that is a list of objects;
    returns that member's name, how many others there are, and the rest (its position
    after the object). The other members (an export date, a count, paging links) are
    read whole and left: they are no records, and publishing them unread could publish a
    requester's name."""
    member: str | None = None
    others = 0
    rest = _Rest(pos, None, [], [])
    pos = win.skip_ws(pos + 1)
    if win.buf[pos : pos + 1] == "}":
        raise wrapped_error(path, 0)
    while True:
        key, pos = _element(path, win, pos)
        if not isinstance(key, str):
            raise win.error(path, pos)
        pos = win.skip_ws(pos)
        if win.buf[pos : pos + 1] != ":":
            raise win.error(path, pos)
        pos = win.skip_ws(pos + 1)
        if _opens_records(win, pos):
            if member is not None:
                raise wrapped_error(path, 2)
            member = key
            rest = yield from _array_records(path, win, pos, rows, checked)
            pos = rest.pos
        else:
            _value, pos = _element(path, win, pos)
            others += 1
        pos, ended = _past_item(path, win, pos, "}")
        if ended:
            break
    if member is None:
        raise wrapped_error(path, 0)
    return member, others, rest._replace(pos=pos)


def _opens_records(win: _Window, pos: int) -> bool:
    """Does an array of objects open at ``pos`` (``[`` then, past whitespace, ``{``)?"""
    if win.buf[pos : pos + 1] != "[":
        return False
    after = win.skip_ws(pos + 1)
    return win.buf[after : after + 1] == "{"


def wrapped_error(path: Path, lists: int) -> InputError:
    """The one-line error for an object that holds no list of records, or several
    (never naming a member: an object's keys may be data)."""
    if lists > 1:
        return InputError(
            f"{path}: a JSON object holding more than one list of records: write each "
            "list as its own file (a JSON array or JSON Lines), one table each"
        )
    return InputError(f"{path}: expected a JSON array of records, or an object holding one")


def wrapped_records(path: Path, doc: dict) -> tuple[str, int, list]:
    """The member name, the number of other members and the records of an object that
    holds one list of records (as ``json_records`` reads it)."""
    lists = [(k, v) for k, v in doc.items() if isinstance(v, list) and v and isinstance(v[0], dict)]
    if len(lists) != 1:
        raise wrapped_error(path, len(lists))
    return lists[0][0], len(doc) - 1, lists[0][1]


def _record_error(path: Path, rec: object, i: int, checked: bool) -> InputError | None:
    if not isinstance(rec, dict):
        return InputError(f"{path}: record {i} is not a JSON object")
    if checked:
        return None
    try:
        check_record_depth(path, rec, f"record {i}")
    except InputError as exc:
        return exc
    return None


def not_an_array(path: Path, doc: object) -> InputError:
    """The one-line error for a JSON document that is neither an array of records nor an
    object holding one list of them."""
    if isinstance(doc, dict):
        return wrapped_error(path, 0)
    return InputError(f"{path}: expected a JSON array of records")


def _not_an_array(path: Path, win: _Window) -> None:
    """A document that does not start with ``[``: read whole (it is no export of records
    anyway) for the in-memory reader's own message."""
    while win.more():
        pass
    try:
        doc = json.loads(win.buf)
    except json.JSONDecodeError as exc:
        raise win.error(path, exc.pos) from None
    except RecursionError:
        raise InputError(f"{path}: JSON nested too deeply") from None
    raise not_an_array(path, doc)
