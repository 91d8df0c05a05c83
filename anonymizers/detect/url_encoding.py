"""Percent-encoded text: a URL's query string written into a log line or a referrer
("/account/reset?email=bartek.%40o2.pl&name=Bartek+%C5%BBero").

A value written that way is the same value: a known e-mail address or name must be
found in it (else it is published as written, and no whole-word search of the output
sees it either), and its fake is the value's own fake, written the same way (so the
line stays a valid URL, and the same customer gets the same fake in the URL and in the
accounts table). ``decoded`` gives the text as a reader of the URL would read it, with
each decoded character's place in the text; ``encoded_like`` writes a fake the way the
original was written.

Only escapes that decode to UTF-8 text are read ("100%" and "%zz" stay as they are),
and "+" is a space only inside a URL's query string (after "?"), where HTML forms put
it: a phone's "+44" elsewhere stays a plus.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple, Protocol, TypeVar


class _Located(Protocol):
    start: int
    end: int


S = TypeVar("S", bound=_Located)

#: A run of percent escapes (one UTF-8 character may take up to four).
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
#: A URL's query string: from "?" to the next space or quote.
_QUERY = re.compile(r"\?[^\s\"'<>]+")
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


def decoded(text: str) -> Decoded | None:
    """The text with its percent escapes (and a query string's "+") read, or None when
    it has nothing to read."""
    if "%" not in text and "?" not in text:
        return None
    pluses = {i for m in _QUERY.finditer(text) for i in range(m.start(), m.end()) if text[i] == "+"}
    runs = list(_ESCAPES.finditer(text))
    if not runs and not pluses:
        return None
    out: list[str] = []
    places: list[tuple[int, int]] = []
    altered: set[int] = set()
    pos = 0
    for m in [*runs, None]:
        stop = m.start() if m is not None else len(text)
        for i in range(pos, stop):
            if i in pluses:
                altered.add(len(out))
                out.append(" ")
                places.append((i, i + 1))
            else:
                out.append(text[i])
                places.append((i, i + 1))
        if m is None:
            break
        pos = m.end()
        chars = _utf8(m.group(0))
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
    if not altered:
        return None
    return Decoded("".join(out), places, frozenset(altered))


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
    spaces), so that its fake is written so too (``encoded_like``)?"""
    if has_escapes(original):
        return True
    return "+" in original and " " in value and original.replace("+", " ") == value


def encoded_like(original: str, fake: str) -> str:
    """``fake`` written as ``original`` was: percent-escaped where it is not plain URL
    text, a space as "+" where the original wrote spaces so, else as "%20"; hex digits
    in the original's case."""
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
