"""One CSV reader: a file is accepted or refused, and read, the same way in memory and in
partitions. Each case is a point where the two used to differ (the comment says how)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from anonymizers.errors import InputError
from anonymizers.io.partitions import assemble, split_table
from anonymizers.io.tables import read_table, write_table

MALFORMED = "malformed CSV (inconsistent number of fields or bad quoting)"

READ = [
    # Partitioned refused CR-only line endings; in memory they are lines.
    ("cr_only", b"id,name\r0042,Ana\r1043,Liam\r", [("0042", "Ana"), ("1043", "Liam")]),
    # In memory every CR became LF before parsing, so a quoted CR read as LF.
    ("cr_only_quoted_cr", b'id,note\r1,"a\rb"\r2,c\r', [("1", "a\rb"), ("2", "c")]),
    # Partitioned skipped the first physical line, not the blank ones: the header
    # became a data row.
    ("blank_lines_before_header", b"\n\r\nid,name\n0042,Ana\n", [("0042", "Ana")]),
    # Partitioned read the header's first physical line only.
    ("header_with_quoted_line_break", b'id,"full\nname"\n0042,Ana\n', [("0042", "Ana")]),
    # Partitioned skipped empty lines of a one-column file; in memory they are values.
    ("one_column_empty_lines", b"email\na@x.org\n\nb@x.org\n\n", [("a@x.org",), (None,), ("b@x.org",), (None,)]),
    # In memory a trailing line holding only CR was a row of nulls.
    ("lone_cr_last_line", b"id,name\n0042,Ana\n\r", [("0042", "Ana")]),
    # Partitioned (Arrow) read an empty last field as "" after a quoted one when the
    # file does not end with a line break.
    ("empty_last_field_at_eof", b'id,name,x\n1,"",', [("1", "", None)]),
    # Both: a literal quote pair in an unquoted field, quotes doubled in a quoted one.
    ("literal_and_escaped_quotes", b'id,note\n1,He said "hi" twice\n2,"say ""hi"""\n', [("1", 'He said "hi" twice'), ("2", 'say "hi"')]),
    # Both: an odd quote in the last record with no line end after it reads as written.
    ("odd_quote_in_last_record", b'id,height\n1,5\'10"', [("1", "5'10\"")]),
    # Both: strings as written, empty field null, quoted empty field "".
    ("values_as_written", b'id,amount,note\n0042,52000.00,\n0043, 7 ,""\n', [("0042", "52000.00", None), ("0043", " 7 ", "")]),
]  # fmt: skip

REFUSED = [
    # Partitioned took the hint line for the header.
    ("sep_hint", b"sep=;\nid;name\n0042;Ana\n", "separator hint ('sep=;')"),
    # Partitioned kept NUL bytes in values.
    ("nul_byte", b"id,name\n0042,A\x00na\n", "contains NUL bytes"),
    # Partitioned: "not UTF-8 text" or "malformed CSV (..., or not UTF-8)".
    ("latin1", "id,name\n0042,Jos\u00e9\n".encode("latin-1"), "not valid UTF-8 (first bad byte at offset 16)"),
    # Text problems come first wherever they are, as when a file is decoded whole.
    ("nul_before_bad_byte", b"id,name\n1,\x00\n2,\xff\n", "not valid UTF-8 (first bad byte at offset 14)"),
    ("ragged_before_nul", b"id,name\n1,2,3\n2,\x00\n", "contains NUL bytes"),
    ("offset_after_bom", b"\xef\xbb\xbfid,name\n1,\xff\n", "not valid UTF-8 (first bad byte at offset 10)"),
    # In memory fewer fields were padded with nulls; text cut by an unquoted line
    # break lands in the wrong columns.
    ("fewer_fields", b"id,name,email\n0042,Ana\n0043,Liam,l@x.org\n", MALFORMED),
    ("whitespace_line", b"id,name\n0042,Ana\n  \n0043,Liam\n", MALFORMED),
    # In memory a lone CR was part of the value; it ends a line everywhere now.
    ("lone_cr_in_unquoted_field", b"id,name\n0042,A\rna\n1043,Liam\n", MALFORMED),
    # Partitioned (Arrow) read the rest of the file into one cell.
    ("unterminated_quote", b'id,name\n0042,"Ana\n1043,Liam\n', MALFORMED),
    # Partitioned read "An"a as Ana.
    ("text_after_closing_quote", b'id,name\n0042,"An"a\n', MALFORMED),
    # Partitioned kept the quote; the line end makes the record ambiguous.
    ("odd_quote_then_line_end", b'id,name\n0042,An"a\n1043,Liam\n', MALFORMED),
    # In memory the header's odd quote hid every row (zero rows read).
    ("odd_quote_in_header", b'id,na"me\n0042,Ana\n', MALFORMED),
    # In memory the unterminated quote made the whole file one column name.
    ("unterminated_header", b'"id,name\n0042,Ana\n', "bad quoting in the header line"),
    # Both read "na"me as name; a header is quoted like any record.
    ("text_after_quote_in_header", b'id,"na"me\n0042,Ana\n', "bad quoting in the header line"),
    # Partitioned: "file is empty"; in memory a malformed one-column header.
    ("whitespace_header", b"  \nid,name\n0042,Ana\n", MALFORMED),
    # In memory "malformed CSV".
    ("only_bom_and_blank_lines", b"\xef\xbb\xbf\n\r\n", "file is empty"),
]  # fmt: skip


def _both(tmp_path: Path, content: bytes) -> tuple[pl.DataFrame, pl.DataFrame]:
    src = tmp_path / "export.csv"
    src.write_bytes(content)
    whole = read_table(src)
    split = split_table(src, tmp_path / "work", rows=2)
    return whole.df, pl.concat([pl.read_parquet(p) for p in split.parts])


@pytest.mark.parametrize(("content", "rows"), [c[1:] for c in READ], ids=[c[0] for c in READ])
def test_both_paths_read_the_same_values(tmp_path: Path, content: bytes, rows: list) -> None:
    whole, parts = _both(tmp_path, content)
    assert whole.rows() == rows and parts.rows() == rows
    assert whole.columns == parts.columns and set(whole.dtypes) == {pl.String}
    assert parts.dtypes == whole.dtypes


@pytest.mark.parametrize(
    ("content", "problem"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_both_paths_refuse_in_the_same_line(tmp_path: Path, content: bytes, problem: str) -> None:
    src = tmp_path / "export.csv"
    src.write_bytes(content)
    messages = []
    for read in (read_table, lambda p: split_table(p, tmp_path / "work", rows=2)):
        with pytest.raises(InputError) as err:
            read(src)
        messages.append(str(err.value))
    assert messages[0] == messages[1]
    assert messages[0].startswith(f"{src}: ") and problem in messages[0]
    assert "\n" not in messages[0] and "Ana" not in messages[0] and "Liam" not in messages[0]


def test_written_back_the_same_bytes_from_both_paths(tmp_path: Path) -> None:
    src = tmp_path / "export.csv"
    src.write_bytes(b'id;note\r1;"a\rb"\r2;\r3;"x;y"\r')
    whole = read_table(src)
    write_table(whole, whole.df, tmp_path / "whole.csv")
    split = split_table(src, tmp_path / "work", rows=2)
    assemble(split.table, split.parts, tmp_path / "parts.csv")
    assert (tmp_path / "whole.csv").read_bytes() == (tmp_path / "parts.csv").read_bytes()
    assert (tmp_path / "whole.csv").read_bytes() == b'id;note\n1;"a\rb"\n2;\n3;"x;y"\n'


@pytest.mark.parametrize("shift", range(10))
def test_quoting_is_checked_across_the_reader_blocks(tmp_path: Path, shift: int) -> None:
    """The reader sees a file in 2 MB blocks: a quoted field cut anywhere by a block
    edge, its doubled quotes included, reads and is refused as when it is whole."""
    start = (2 << 20) - shift  # where the field's first quote falls, from the first record
    rows = b"0,x\n" * ((start - 100) // 4)
    pad = b"1," + b"p" * (start - len(rows) - 5) + b"\n"
    src = tmp_path / "export.csv"
    for field, value in ((b'"a""b"""', 'a"b"'), (b'"a""b"x', None), (b'"a""b', None)):
        src.write_bytes(b"id,note\n" + rows + pad + b"9," + field + b"\n")
        assert len(rows + pad + b"9,") == start
        if value is None:  # text after the closing quote; no closing quote
            with pytest.raises(InputError, match="malformed CSV"):
                read_table(src)
        else:
            assert read_table(src).df["note"][-1] == value


def test_an_unterminated_quote_in_the_header_of_a_large_file_is_refused_alike(
    tmp_path: Path,
) -> None:
    """The header is looked for in the first 16 MB only (a broken one must not load a
    5 GB file): past that, the same refusal as for a small file."""
    src = tmp_path / "export.csv"
    src.write_bytes(b'"id,name\n' + b"0042,Ana\n" * (2 << 20))  # 18 MB
    for read in (read_table, lambda p: split_table(p, tmp_path / "work", rows=2)):
        with pytest.raises(InputError, match="bad quoting in the header line"):
            read(src)
