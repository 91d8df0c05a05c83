"""One CSV reader for files of any size: the same files accepted, the same values read.

``read_table`` (a whole file in memory) and ``split_table`` (partitions of a file larger
than memory) both read CSV here, so whether a file is refused, and how each cell reads,
never depends on its size or on ``--partition-rows``. The rules:

- UTF-8 text (a leading BOM is skipped) without NUL bytes;
- the header is the first line holding anything; a spreadsheet's ``sep=;`` hint line
  is refused, not taken for the header;
- the separator is whichever of comma, semicolon, tab and pipe the header line holds
  most often outside quotes; empty or repeated header names get names the engine can
  address (``column_3``, ``name_duplicated_0``) and are written back as they were;
- LF, CRLF and CR all end a line;
- a field that starts with a quote ends at a quote followed by the separator, a line
  end or the end of the file (``""`` inside is one quote), and the file never ends
  inside one; any other quote is a character of its field, but no line may end after
  an odd number of those in its record: the record could as well run on past that line
  end, so it cannot be read one way for sure. The header follows the same rules;
- every record has as many fields as the header;
- an empty line is no record, except in a one-column file, where it is an empty value;
- every value is text, kept as written (``"0042"``); an empty field is null and a
  quoted empty field (``""``) the empty string.

Arrow's streaming reader parses the records, quote-aware, in blocks whose size bounds
its memory; a record must fit in one block, so a file with a longer one is read again
with larger blocks. Arrow accepts what the quoting rules refuse (``"ab"c`` reads as
``abc``; an unterminated quote swallows the rest of the file into one cell), so the
bytes it reads are checked on their way to it. Every failure is one line naming the
file: library messages quote rows, which hold personal data, and never pass through.
"""

from __future__ import annotations

import codecs
import copy
import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TypeVar

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from anonymizers.errors import InputError

T = TypeVar("T")

#: CSV field separators seen in exports: comma, European Excel's semicolon, database
#: tools' tab and pipe. On a tie the earlier one wins.
CSV_SEPARATORS = (",", ";", "\t", "|")
#: Reader block sizes, tried in turn: a record (quoted line breaks included) must fit in
#: one block. Arrow's reader keeps about fifty blocks' worth of heap on a large file
#: (16 MB blocks: ~850 MB for the split process; 2 MB: ~200 MB, and no slower), so the
#: first size is small and a file with a larger record is read again with the next.
ROW_BLOCKS = (2 << 20, 32 << 20, 512 << 20)
MALFORMED = "malformed CSV (inconsistent number of fields or bad quoting)"
_BOM = codecs.BOM_UTF8
#: The header is looked for in the first 64 KB, then in twice as much, up to 16 MB.
_HEAD, _HEAD_LIMIT = 1 << 16, 16 << 20
#: What ``bytes.strip()`` removes: a file of nothing else is empty.
_ASCII_SPACE = " \t\n\r\x0b\x0c"
_QUOTE, _CR, _LF = ord('"'), ord("\r"), ord("\n")
#: The rest of a quoted field, up to and including its closing quote ("" is a quote in it).
_REST_OF_QUOTED = re.compile(rb'[^"]*+(?:""[^"]*+)*+"')


@dataclass
class CsvLayout:
    """What reading a CSV decided, and writing it back needs."""

    separator: str
    #: Column names the engine can address, in file order.
    names: list[str]
    #: Renamed columns → the header name as written.
    original_names: dict[str, str] = field(default_factory=dict)


def not_utf8(path: Path, offset: int) -> InputError:
    """The one message for text that is not UTF-8; the offset counts from after a BOM."""
    return InputError(
        f"{path}: not valid UTF-8 (first bad byte at offset {offset}); re-export as UTF-8"
    )


def has_nul(path: Path) -> InputError:
    """The one message for a NUL byte: text exports hold none; binary files do."""
    return InputError(f"{path}: contains NUL bytes; not a text export")


def csv_separator(header: str) -> str:
    """The separator, counted in the header line (outside quotes) only: it holds column
    names, not values. Read with the wrong one, a semicolon export is a single column
    holding whole rows, which no name or value rule recognises."""
    unquoted = re.sub(r'"[^"]*"', "", header)
    best = max(CSV_SEPARATORS, key=unquoted.count)
    return best if unquoted.count(best) else ","


def unique_names(names: list[str]) -> list[str]:
    """Column names the engine can address: an empty header cell becomes ``column_<n>``
    and a repeated one ``<name>_duplicated_<k>``, never equal to another column's."""
    taken = set(names)
    out: list[str] = []
    for i, name in enumerate(names):
        if name and name not in out:
            out.append(name)
            continue
        base, k = (f"{name}_duplicated", 0) if name else (f"column_{i + 1}", None)
        new = base if k is None else f"{base}_{k}"
        while new in taken or new in out:
            k = 0 if k is None else k + 1
            new = f"{base}_{k}"
        out.append(new)
    return out


class _Refused(Exception):
    """A rule broken; ``read_csv`` reports it, or a problem of the text that comes first."""

    def __init__(self, problem: str = MALFORMED) -> None:
        super().__init__(problem)
        self.problem = problem


class _RowTooLarge(Exception):
    """A record does not fit in the reader's block: read the file again with a larger one."""


class _Quotes:
    """The quoting rules, over the raw bytes, block by block (quotes, separators and line
    ends are ASCII, never part of a UTF-8 multi-byte character). Python steps once per
    quoted field or stray quote: a block without quotes is one ``find``."""

    def __init__(self, separator: str) -> None:
        self.ends = (ord(separator), _CR, _LF)
        self.quoted = False  # inside a quoted field
        self.closing = False  # the last block ended on a quote inside a quoted field
        self.odd = False  # an odd number of quotes in the unquoted fields of this record
        self.last = _LF  # the byte before this block: the file starts at a field start

    def feed(self, block: bytes) -> None:
        n = len(block)
        if not n:
            return
        pos = 0
        if self.closing:  # that quote closed the field, or began a ""
            self.closing = False
            if block[0] == _QUOTE:
                pos = 1
            elif block[0] in self.ends:
                self.quoted = False
            else:
                raise _Refused  # text after a closing quote
        while True:
            if self.quoted:
                closed = _REST_OF_QUOTED.match(block, pos)
                if closed is None:  # the field goes on in the next block
                    break
                pos = closed.end()
                if pos == n:  # the quote ends the block: a closing one or half a ""
                    self.closing = True
                    break
                if block[pos] not in self.ends:
                    raise _Refused  # text after a closing quote
                self.quoted = False
            quote = block.find(b'"', pos)
            stop = n if quote < 0 else quote
            if self.odd and (
                block.find(b"\n", pos, stop) >= 0 or block.find(b"\r", pos, stop) >= 0
            ):
                raise _Refused  # a record ended with an odd number of quotes
            if quote < 0:
                break
            if (block[quote - 1] if quote else self.last) in self.ends:
                self.quoted = True
            else:
                self.odd = not self.odd
            pos = quote + 1
        self.last = block[-1]

    def finish(self) -> None:
        """At the end of the file no quoted field is left open. (A last record with an odd
        count of quotes ends at no line end, so nothing can be read two ways.)"""
        if self.quoted and not self.closing:
            raise _Refused


class _Checked(io.RawIOBase):
    """The records' bytes on their way to Arrow, checked as they pass. A last record
    without a line end gets one: Arrow reads its empty last field as "" instead of null
    when a quoted field comes before it in the record."""

    def __init__(self, raw: BinaryIO, quotes: _Quotes) -> None:
        super().__init__()
        self._raw = raw
        self._quotes = quotes
        self._open_line = False  # bytes read, and the last one ends no line

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        block = self._raw.read(size)
        if block:
            if b"\x00" in block:
                raise _Refused  # the diagnosis names the NUL bytes
            self._quotes.feed(block)
            self._open_line = block[-1] not in (_CR, _LF)
            return block
        self._quotes.finish()
        if self._open_line:
            self._open_line = False
            return b"\n"
        return block


@dataclass
class _Head:
    layout: CsvLayout
    #: Byte offset of the first record, after the header line.
    body: int
    #: The quoting state after the header line.
    quotes: _Quotes


def _read_head(source: BinaryIO) -> _Head:
    """The header record and where the records start. More than the first 64 KB is read
    only for blank lines before the header or quoted line breaks inside it, and no more
    than 16 MB: an unterminated quote in the header must not load a whole file."""
    raw = b""
    while True:
        more = source.read(max(_HEAD, len(raw)))
        raw += more
        at_end = not more
        last_try = at_end or len(raw) >= _HEAD_LIMIT
        bom = len(_BOM) if raw.startswith(_BOM) else 0
        try:
            text = codecs.getincrementaldecoder("utf-8")().decode(raw[bom:], final=at_end)
        except UnicodeDecodeError:
            raise _Refused from None  # the diagnosis gives the offset
        if "\x00" in text:
            raise _Refused
        if not text.strip(_ASCII_SPACE):
            if last_try:
                raise _Refused("file is empty")
            continue
        start = len(text) - len(text.lstrip("\r\n"))  # the header: the first line with text
        lines = io.StringIO(text[start:], newline="").readlines()
        if not at_end:
            lines.pop()  # maybe cut short by the block edge
        if not lines and not last_try:
            continue
        first = lines[0].rstrip("\r\n") if lines else ""
        if re.fullmatch(r"sep=.", first):
            raise _Refused(
                f"the first line is a spreadsheet separator hint ('{first}'), "
                "not the header; remove it and re-run"
            )
        separator = csv_separator(first)
        used: list[str] = []
        try:
            header = next(csv.reader(_counted(lines, used), delimiter=separator, strict=True))
        except (StopIteration, csv.Error):
            if not last_try:
                continue  # a quoted line break runs past what was read: read more
            raise _Refused("malformed CSV (bad quoting in the header line)") from None
        head = text[: start + sum(map(len, used))].encode("utf-8")
        quotes = _Quotes(separator)
        quotes.feed(head)
        names = unique_names(header)
        original = {n: o for n, o in zip(names, header, strict=True) if n != o}
        return _Head(CsvLayout(separator, names, original), bom + len(head), quotes)


def _counted(lines: list[str], used: list[str]) -> Iterator[str]:
    """``lines``, noting which ones the csv module takes for the header record."""
    for line in lines:
        used.append(line)
        yield line


def _frames(source: BinaryIO, head: _Head, block: int, last: bool) -> Iterator[pl.DataFrame]:
    """The records after the header as frames of text, one per reader block."""
    names = head.layout.names
    source.seek(head.body)
    try:
        reader = pacsv.open_csv(
            _Checked(source, copy.copy(head.quotes)),
            read_options=pacsv.ReadOptions(column_names=names, block_size=block, encoding="utf8"),
            parse_options=pacsv.ParseOptions(
                delimiter=head.layout.separator,
                newlines_in_values=True,
                ignore_empty_lines=len(names) > 1,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=False,
            ),
        )
        for batch in reader:
            yield pl.from_arrow(pa.Table.from_batches([batch]))  # type: ignore[misc]
    except pa.ArrowInvalid as exc:
        if str(exc) == "Empty CSV file":  # a header and no records
            return
        if "straddl" not in str(exc):
            raise _Refused from None
        if not last:
            raise _RowTooLarge from None
        raise _Refused(f"a row is larger than {block >> 20} MB; split the file") from None


def _diagnosis(path: Path, source: BinaryIO, problem: str) -> InputError:
    """The error to report: text that is not UTF-8 first, then NUL bytes, wherever they
    are in the file, then ``problem``: the order of a reader that decodes the whole
    file before it parses it."""
    source.seek(0)
    if source.read(len(_BOM)) != _BOM:
        source.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    done, nul = 0, False
    while True:
        block = source.read(1 << 20)
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(block, final=not block)
        except UnicodeDecodeError as exc:
            return not_utf8(path, done - pending + exc.start)
        if not block:
            break
        nul = nul or b"\x00" in block
        done += len(block)
    return has_nul(path) if nul else InputError(f"{path}: {problem}")


def read_csv(
    path: Path,
    consume: Callable[[Iterator[pl.DataFrame]], T],
    data: bytes | None = None,
    blocks: Sequence[int] = ROW_BLOCKS,
) -> tuple[CsvLayout, T]:
    """Read the CSV at ``path`` (from ``data`` when its bytes are already in memory) and
    hand its records, as frames of text columns, to ``consume``; every problem is a
    one-line ``InputError``. When a record is larger than the reader's block, ``consume``
    is called again with the records from the first one (read with the next block size):
    it must start afresh each time."""
    try:
        source: BinaryIO = io.BytesIO(data) if data is not None else path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    with source:
        try:
            head = _read_head(source)
            for i, block in enumerate(blocks):
                try:
                    return head.layout, consume(_frames(source, head, block, i == len(blocks) - 1))
                except _RowTooLarge:
                    continue
        except _Refused as refused:
            raise _diagnosis(path, source, refused.problem) from None
    raise AssertionError("the last block size refuses a larger record instead")
