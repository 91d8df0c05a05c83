"""Truth labels, built together with the text they label so they cannot drift apart.

A ``Writer`` assembles one free-text cell from pieces: plain text, personal values
(entity, kind of case, the tokens whose survival means a leak, and optionally the table
cell the mention refers to) and labelled non-personal items (greetings, month names,
user agents...). Offsets are computed as the pieces are appended, so every span's text
is by construction the value it claims; ``tests/bench/test_corpus.py`` checks it again
on the files as written.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

#: Entity of a column or span that holds free text to be scanned, not one value.
FREE_TEXT = "FREE_TEXT"

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@dataclass
class Ref:
    """The table cell a text mention refers to (``part``: first or last word of it)."""

    table: str
    column: str
    row: int
    part: str | None = None


@dataclass
class Span:
    start: int
    end: int
    entity: str
    case: str
    value: str
    #: Strings whose presence (whole word, case and accents folded) in the output means
    #: the value leaked: the whole value and its distinctive parts.
    tokens: list[str]
    split: str = "dev"
    ref: Ref | None = None


@dataclass
class Keep:
    """A non-personal item that must come out unchanged (greeting, month, user agent)."""

    start: int
    end: int
    kind: str
    value: str
    split: str = "dev"


@dataclass
class Cell:
    table: str
    column: str
    row: int
    spans: list[Span] = field(default_factory=list)
    keep: list[Keep] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Cell:
        spans = [
            Span(**{**s, "ref": Ref(**s["ref"]) if s.get("ref") else None}) for s in d["spans"]
        ]
        return cls(d["table"], d["column"], d["row"], spans, [Keep(**k) for k in d["keep"]])


def words(text: str) -> list[str]:
    """Words as the scorer counts them (letters and digits, inner hyphens/apostrophes)."""
    return _WORD.findall(text)


#: Name particles of the corpus's languages: in capitals ('KIKI VAN DER ZIJL') they are
#: no more a part that identifies than in lower case, and a fake name has its own.
PARTICLES = frozenset(
    (
        "van", "der", "den", "de", "del", "della", "delle", "dei", "degli", "di", "da", "das", "do",
        "dos", "du", "la", "le", "les", "von", "zu", "vom", "ten", "ter", "af", "av", "y", "e"
    )
)  # fmt: skip
#: Street types and unit words of the corpus's languages: a fake street has its own
#: ('Piazza', 'Largo', 'Appartamento'), so they do not identify the street either.
STREET_WORDS = frozenset(
    (
        "street", "road", "avenue", "lane", "drive", "court", "place", "square", "way", "close",
        "crescent", "flat", "apartment", "apt", "suite", "unit", "floor", "rue", "avenue", "allée",
        "boulevard", "chemin", "impasse", "place", "quai", "route", "appartement", "étage",
        "bâtiment", "straße", "strasse", "weg", "gasse", "platz", "allee", "ring", "wohnung",
        "stock", "calle", "avenida", "plaza", "paseo", "camino", "carrer", "piso", "puerta",
        "planta", "via", "viale", "piazza", "corso", "vicolo", "largo", "strada", "canale",
        "contrada", "borgo", "appartamento", "interno", "scala", "piano", "rua", "travessa",
        "praça", "praca", "estrada", "alameda", "andar", "apartamento", "casa", "straat", "laan",
        "plein", "weg", "gracht", "kade", "singel", "dijk", "boulevard", "gatan", "vägen", "gränd",
        "torget", "lägenhet", "våning"
    )
)  # fmt: skip


def name_tokens(value: str) -> list[str]:
    """A name's parts that identify it: particles (de, van, Ó, in any case) and initials
    left out."""
    parts = [p.strip(".,") for p in value.split()]
    out = [p for p in parts if len(p) > 2 or (len(p) == 2 and p[0].isupper() and p[1] != ".")]
    return [p for p in out if not p.islower() and p.casefold() not in PARTICLES] or [value]


def street_tokens(value: str) -> list[str]:
    """The whole street and its longest word (the name, not the number, the street type or
    the unit: 'Gustavo' of 'Piazza Gustavo, 790 Appartamento 2')."""
    cands = [
        w
        for w in re.split(r"[\s,]+", value)
        if len(w) >= 4 and not w[0].isdigit() and w.casefold().strip(".") not in STREET_WORDS
    ]
    longest = max(cands, key=len) if cands else None
    return [value] + ([longest] if longest and longest != value else [])


class Writer:
    """One free-text cell, piece by piece, with its labels."""

    def __init__(self, split: str = "dev") -> None:
        self.split = split
        self.parts: list[str] = []
        self.pos = 0
        self.spans: list[Span] = []
        self.keep: list[Keep] = []

    def plain(self, text: str, kind: str | None = None) -> Writer:
        """Non-personal text; with ``kind`` it is also a labelled item to keep."""
        if kind and text.strip():
            self.keep.append(Keep(self.pos, self.pos + len(text), kind, text, self.split))
        return self._add(text)

    def pii(
        self,
        value: str,
        entity: str,
        case: str,
        tokens: list[str] | None = None,
        ref: Ref | None = None,
    ) -> Writer:
        span = Span(
            self.pos, self.pos + len(value), entity, case, value, tokens or [value], self.split, ref
        )
        self.spans.append(span)
        return self._add(value)

    def _add(self, text: str) -> Writer:
        self.parts.append(text)
        self.pos += len(text)
        return self

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def cell(self, table: str, column: str, row: int) -> Cell:
        return Cell(table, column, row, list(self.spans), list(self.keep))
