"""Escaped text: a URL's query string written into a log line or a referrer
("/account/reset?email=bartek.%40o2.pl&name=Bartek+%C5%BBero"), and HTML's character
references in a help desk's or a mailbox's message bodies ("Hi, I'm Aoife O&#39;Brien",
"M&uuml;ller &amp; Sons").

A value written that way is the same value: a known e-mail address or name must be
found in it (else it is published as written, and no whole-word search of the output
sees it either), and its fake is the value's own fake, written the same way (so the
line stays a valid URL or HTML, and the same customer gets the same fake there as in the
accounts table). ``decoded`` gives the text as a reader of the URL or the page would
read it, with each decoded character's place in the text; ``encoded_like`` writes a fake
the way the original was written.

Only escapes that decode to UTF-8 text are read ("100%" and "%zz" stay as they are),
and "+" is a space only inside a URL's query string (after "?"), where HTML forms put
it: a phone's "+44" elsewhere stays a plus. A character reference is read when HTML
knows it ("&#39;", "&#x27;", "&amp;", "&uuml;", with their ";"); "&" alone, or a
query's "&name=", stays as written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from html.entities import html5
from typing import NamedTuple, Protocol, TypeVar


class _Located(Protocol):
    start: int
    end: int


S = TypeVar("S", bound=_Located)

#: A run of percent escapes (one UTF-8 character may take up to four).
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
#: A URL's query string: from "?" to the next space or quote.
_QUERY = re.compile(r"\?[^\s\"'<>]+")
#: An HTML character reference, numeric or named, with its ";".
REFERENCE_PATTERN = r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_REFERENCE = re.compile(REFERENCE_PATTERN)
#: A text that may escape a value (a column-wise screen, polars' regex syntax too): a
#: percent escape, a "+" in a URL's query, a character reference.
ESCAPED_PATTERN = r"%[0-9A-Fa-f]{2}|\?[^\s]*\+|" + REFERENCE_PATTERN
#: What a URL may hold unescaped in a query value (RFC 3986's unreserved characters).
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


class Decoded(NamedTuple):
    """``text`` as read, and for each of its characters the (start, end) of what wrote
    it in the original."""

    text: str
    places: list[tuple[int, int]]
    #: the decoded characters written otherwise in the original (an escape, a "+")
    altered: frozenset[int]

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original's (start, end) of the decoded text's ``[start, end)``."""
        return self.places[start][0], self.places[end - 1][1]

    def changed(self, start: int, end: int) -> bool:
        """Was any character of ``[start, end)`` written otherwise in the original?"""
        return any(i in self.altered for i in range(start, end))


def has_escapes(text: str) -> bool:
    return "%" in text and _ESCAPES.search(text) is not None


def has_references(text: str) -> bool:
    return "&" in text and any(_reference(m.group(0)) for m in _REFERENCE.finditer(text))


def _reference(ref: str) -> str | None:
    """The character an HTML reference stands for, or None if HTML knows no such one."""
    if ref[1] != "#" and ref[1:] not in html5:
        return None
    char = html.unescape(ref)
    if char == ref or len(char) != 1 or ord(char) < 0x20:
        return None
    return char


def decoded(text: str) -> Decoded | None:
    """The text with its percent escapes (and a query string's "+") read, or None when
    it has nothing to read."""
    if "%" not in text and "?" not in text and "&" not in text:
        return None
    pluses = {i for m in _QUERY.finditer(text) for i in range(m.start(), m.end()) if text[i] == "+"}
    runs = sorted([*_ESCAPES.finditer(text), *_REFERENCE.finditer(text)], key=lambda m: m.start())
    if not runs and not pluses:
        return None
    return _read(text, runs, lambda m: _utf8(m) if m[0] == "%" else _referenced(m), pluses)


def _read(
    text: str,
    marks: list[re.Match[str]],
    reading: Callable[[str], list[tuple[str, int]] | None],
    pluses: frozenset[int] | set[int] = frozenset(),
) -> Decoded | None:
    """``text`` with each of ``marks`` (in order, apart) read as ``reading`` gives it:
    (character, width written) pairs, or None to leave it as written; a "+" at
    ``pluses`` read as a space. None when nothing was read otherwise."""
    out: list[str] = []
    places: list[tuple[int, int]] = []
    altered: set[int] = set()
    pos = 0
    for m in [*marks, None]:
        stop = m.start() if m is not None else len(text)
        for i in range(pos, stop):
            if i in pluses:
                altered.add(len(out))
            out.append(" " if i in pluses else text[i])
            places.append((i, i + 1))
        if m is None:
            break
        pos = m.end()
        chars = reading(m.group(0))
        if chars is None:  # not text: left as written
            out.append(m.group(0))
            places.extend((j, j + 1) for j in range(m.start(), m.end()))
            continue
        at = m.start()
        for char, width in chars:
            altered.add(len(out))
            out.append(char)
            places.append((at, at + width))
            at += width
    read = "".join(out)
    if not altered and read == text:
        return None
    return Decoded(read, places, frozenset(altered))


#: An HTML tag of the markup message bodies use, without attributes: a tag's attributes
#: stay as written, read by detection as before ("mailto:" and "tel:" links hold data).
_TAG = re.compile(
    r"</?(p|br|div|li|ul|ol|tr|td|th|table|tbody|thead|h[1-6]|blockquote|hr|pre|section|"
    r"b|i|u|em|strong|span|a|font|small|big|sub|sup|code|s|strike|mark)\s*/?>",
    re.IGNORECASE,
)
#: Tags that end a line where a reader sees the text; the others end nothing.
_BLOCK_TAGS = frozenset(
    {"p", "br", "div", "li", "ul", "ol", "tr", "td", "th", "table", "tbody", "thead",
     "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "pre", "section"}
)  # fmt: skip


def html_read(text: str) -> Decoded | None:
    """``text`` as a reader of the page sees it: character references read, a block tag
    ("<p>", "<br>", "</li>") a line break, an inline tag ("<b>", "</span>") nothing; or
    None when it holds neither. For detection, whose rules know line breaks and
    apostrophes, not "<br>" and "&#39;"."""
    if "&" not in text and "<" not in text:
        return None
    marks = sorted([*_REFERENCE.finditer(text), *_TAG.finditer(text)], key=lambda m: m.start())
    return _read(text, marks, _html_reading) if marks else None


def _html_reading(mark: str) -> list[tuple[str, int]] | None:
    if mark[0] == "&":
        return _referenced(mark)
    name = _TAG.fullmatch(mark).group(1).lower()  # type: ignore[union-attr]
    return [("\n", len(mark))] if name in _BLOCK_TAGS else []


def _referenced(ref: str) -> list[tuple[str, int]] | None:
    char = _reference(ref)
    return None if char is None else [(char, len(ref))]


def _utf8(run: str) -> list[tuple[str, int]] | None:
    """Each character a run of escapes decodes to, with the escapes' width (3 per byte)."""
    data = bytes(int(run[i + 1 : i + 3], 16) for i in range(0, len(run), 3))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(c) < 0x20 for c in text):  # control bytes: binary, not text
        return None
    return [(c, 3 * len(c.encode("utf-8"))) for c in text]


def url_written(original: str, value: str) -> bool:
    """Is ``original`` the way a URL's query writes ``value`` (escapes, or "+" for its
    spaces), or HTML (character references), so that its fake is written so too
    (``encoded_like``)?"""
    if has_escapes(original) or has_references(original):
        return True
    return "+" in original and " " in value and original.replace("+", " ") == value


def encoded_like(original: str, fake: str) -> str:
    """``fake`` written as ``original`` was: percent-escaped where it is not plain URL
    text, a space as "+" where the original wrote spaces so, else as "%20"; hex digits
    in the original's case."""
    if not has_escapes(original) and has_references(original):
        return _html_like(original, fake)
    if not has_escapes(original) and "+" not in original:
        return fake
    upper = not any(c in "abcdef" for m in _ESCAPES.finditer(original) for c in m.group(0))
    plus = "+" in original and " " not in original
    out: list[str] = []
    for char in fake:
        if char in _UNRESERVED:
            out.append(char)
        elif char == " " and plus:
            out.append("+")
        else:
            for byte in char.encode("utf-8"):
                h = f"%{byte:02X}"
                out.append(h if upper else h.lower())
    return "".join(out)


def _html_like(original: str, fake: str) -> str:
    """``fake`` as HTML: each character the original wrote as a reference written with
    the same reference ("&#39;" stays "&#39;", not "&#x27;"), and "&", "<", ">" escaped."""
    refs = (m.group(0) for m in _REFERENCE.finditer(original))
    written = {c: ref for ref in refs if (c := _reference(ref))}
    return "".join(written.get(c) or html.escape(c, quote=False) for c in fake)


def decoded_spans(text: str, find: Callable[[str], Iterable[S]]) -> list[tuple[int, int, S, str]]:
    """``find`` (text → spans with ``start`` and ``end``) run over the decoded text:
    the spans that cover a decoded character, each as (original start, original end,
    span, the decoded text it covers)."""
    view = decoded(text)
    if view is None:
        return []
    out = []
    for span in find(view.text):
        if span.end > span.start and view.changed(span.start, span.end):
            s, e = view.original(span.start, span.end)
            out.append((s, e, span, view.text[span.start : span.end]))
    return out
