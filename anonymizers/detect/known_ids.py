"""Known ids written another way: "my account number is 553120", "acc 553120" or "#553120"
for the ``ACC-553120`` of a table.

People drop an id's prefix, change its case or separator, or write its digits after a
word that says what they are. A digit run that is the numeric core of a known id counts
as that id when the text shows it is one: the id's prefix right before it (any case,
any separator or none), a "#", or an id word close before it (``phrases/id_words.txt``:
"account", "order", "Kundennummer", "pedido" ...). A bare number elsewhere in the text is
left alone: the same digits may be an amount or a quantity. The span says which known id
it stands for, so its replacement is the core of that id's fake (``transform/apply.py``).
"""

from __future__ import annotations

from functools import cache

import regex

from anonymizers.detect.phrases import phrase_list

#: A known id: a letter prefix, maybe a separator, then at least four digits.
_PREFIXED = regex.compile(r"(?P<prefix>[A-Za-z]{1,8})[-_/.#: ]?(?P<core>\d{4,})")
_DIGITS = regex.compile(r"(?<!\d)\d{4,}(?![\d]|[.,]\d)")
#: How far before the digits an id word may stand ("account number is ").
_WINDOW = 32


@cache
def _id_word() -> regex.Pattern[str]:
    """An id word, then only linking words (``phrases/id_links.txt``) up to the digits."""
    words = sorted({w.casefold() for w in phrase_list("id_words")}, key=len, reverse=True)
    links = sorted({w.casefold() for w in phrase_list("id_links")}, key=len, reverse=True)
    alt = "|".join(regex.escape(w) for w in words)
    link = "|".join(regex.escape(w) for w in links)
    return regex.compile(
        rf"(?i)(?<![\w])(?:{alt})(?:[\s:#.,=-]*(?<![\w])(?:{alt}|{link})(?![\w]))*[\s:#=-]*$",
        regex.V0,
    )


class IdCores:
    """The numeric cores of a bundle's prefixed ids, found again in text."""

    def __init__(self) -> None:
        #: digits → (known id, its prefix)
        self._cores: dict[str, tuple[str, str]] = {}

    def __len__(self) -> int:
        return len(self._cores)

    def add(self, value: str) -> None:
        """Remember ``value`` when it is a prefix followed by digits ("ACC-553120")."""
        m = _PREFIXED.fullmatch(value)
        if m:
            self._cores.setdefault(m.group("core"), (value, m.group("prefix")))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, known id) for each core of a known id that the text marks as one."""
        if not self._cores:
            return []
        out: list[tuple[int, int, str]] = []
        for m in _DIGITS.finditer(text):
            hit = self._cores.get(m.group(0))
            if hit is None:
                continue
            value, prefix = hit
            start = self._start(text, m.start(), prefix)
            if start is not None:
                out.append((start, m.end(), value))
            elif m.start() == 0 or not (text[m.start() - 1].isalnum()):
                before = text[max(0, m.start() - _WINDOW - 12) : m.start()]
                if before.endswith("#") or _id_word().search(before):
                    out.append((m.start(), m.end(), value))
        return out

    @staticmethod
    def _start(text: str, digits: int, prefix: str) -> int | None:
        """Where the id starts when its prefix (any case, any separator) stands before it."""
        for sep in ("", "-", "_", "/", ".", "#", ":", " ", ": ", " #", "-#", " - "):
            start = digits - len(sep) - len(prefix)
            if start < 0 or text[start + len(prefix) : digits] != sep:
                continue
            if text[start : digits - len(sep)].casefold() != prefix.casefold():
                continue
            if start == 0 or not text[start - 1].isalnum():
                return start
        return None
