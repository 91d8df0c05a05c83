"""Keyed draws read for a whole column at once: templates, digit patterns and character
classes filled in numpy from every value's seed bytes.

A value's ``Draw`` reads one byte stream: its 32-byte seed, then ``sha256(seed ‖ n)`` for
n = 1, 2, … as it runs out. ``Streams`` holds those streams of a column as one byte
matrix, and each value's read position as an offset per row, so a pick that ``Draw``
makes value by value (a byte modulo a list's length, or a big-endian number modulo it)
is one numpy step per template piece for the whole column, reading exactly the bytes
``Template.fill``, ``Digits.fill`` and ``chars`` read: the fakes are the ones a value
gets alone, byte for byte, and no derivation changes.

A row whose fill would read differently (it picked a word or drew digits to avoid, which
``Template.fill`` re-picks from more bytes) is marked ``bad`` and left to the caller,
which fills it value by value with a fresh ``Draw``: the same fake, the slow way, for the
few rows that need it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Sequence
from functools import cache

import numpy as np

from anonymizers.pseudonymise.draw import LOWER, Draw, chars
from anonymizers.pseudonymise.faker_formats import (
    _AVOID_TRIES,
    SPARE_FLOOR,
    Digits,
    Template,
    _options,
    held,
    spare_words,
)

#: Values from which a column is filled column-wise (below, value by value is cheaper).
COLUMN_FROM = 16
_DIGITS = np.frombuffer(b"0123456789", dtype=np.uint8)
_NONZERO = np.frombuffer(b"123456789", dtype=np.uint8)
_LOWER = np.frombuffer(LOWER.encode(), dtype=np.uint8)
_UPPER = np.frombuffer(LOWER.upper().encode(), dtype=np.uint8)


def fresh_seeds(draws: Sequence[Draw]) -> list[bytes] | None:
    """The seeds of ``draws`` if none has been read yet (what a column fill starts from),
    else None."""
    seeds = [d.unread_seed() for d in draws]
    if any(s is None or len(s) != 32 for s in seeds):
        return None
    return seeds  # type: ignore[return-value]


def column_seeds(draws: Sequence[Draw]) -> list[bytes] | None:
    """``fresh_seeds`` of a block worth filling column-wise (``COLUMN_FROM`` values or
    more), else None: the block is then faked value by value."""
    return fresh_seeds(draws) if len(draws) >= COLUMN_FROM else None


def or_chars(out: Sequence[str | None], cores: Sequence[str], draws: Sequence[Draw]) -> list[str]:
    """The column fill's fakes, with ``chars`` of the value where it drew none (a value of
    another length or shape than the fill covers), as ``fake_one`` falls back."""
    return [f if f is not None else chars(c, d) for f, c, d in zip(out, cores, draws, strict=True)]


def or_fake_one(
    out: Sequence[str | None],
    fake_one: Callable[[str, str, Draw, int], str],
    cores: Sequence[str],
    norms: Sequence[str],
    draws: Sequence[Draw],
    attempts: Sequence[int],
) -> list[str]:
    """The column fill's fakes, with the generator's own ``fake_one`` where it drew none
    (a value the fill does not cover: another layout, letters in an IBAN's account)."""
    return [
        f if f is not None else fake_one(c, n, d, a)
        for f, c, n, d, a in zip(out, cores, norms, draws, attempts, strict=True)
    ]


class Streams:
    """The byte streams of a column's draws, grown 32 bytes at a time as reads need them,
    with each row's read position (``off``)."""

    def __init__(self, seeds: Sequence[bytes]) -> None:
        self.seeds = list(seeds)
        self.n = len(self.seeds)
        self.buf = np.frombuffer(b"".join(self.seeds), dtype=np.uint8).reshape(self.n, 32)
        self.off = np.zeros(self.n, dtype=np.int64)

    def _need(self, rows: np.ndarray, width: int) -> None:
        """Every row's stream at least as long as its offset plus ``width``."""
        if not rows.size:
            return
        end = int(self.off[rows].max()) + width
        while end > self.buf.shape[1]:
            refill = self.buf.shape[1] // 32  # the Draw's refill counter, from 1
            tail = refill.to_bytes(4, "big")
            more = b"".join(hashlib.sha256(s + tail).digest() for s in self.seeds)
            grown = np.frombuffer(more, dtype=np.uint8).reshape(self.n, 32)
            self.buf = np.concatenate([self.buf, grown], axis=1)

    def take(self, rows: np.ndarray, n: int) -> np.ndarray:
        """The next ``n`` bytes of each of ``rows`` (a rows × n matrix), read."""
        self._need(rows, n)
        at = self.off[rows][:, None] + np.arange(n)
        out = self.buf[rows[:, None], at]
        self.off[rows] += n
        return out

    def below(self, rows: np.ndarray, k: int) -> np.ndarray:
        """``Draw.below(k)`` of each of ``rows``."""
        if k <= 256:
            return self.take(rows, 1)[:, 0].astype(np.int64) % k
        nb = (k.bit_length() + 7) // 8 + 8
        return mod_big_endian(self.take(rows, nb), k)


def mod_big_endian(raw: np.ndarray, k: int) -> np.ndarray:
    """Each row of bytes read as one big-endian number, modulo ``k`` (Horner's rule, the
    remainder kept below ``k``: exact while ``k`` × 256 fits in 63 bits)."""
    if k >= 1 << 55:
        return np.array(
            [int.from_bytes(r.tobytes(), "big") % k for r in raw], dtype=object
        )  # pragma: no cover - no generator asks this much
    r = np.zeros(raw.shape[0], dtype=np.int64)
    for j in range(raw.shape[1]):
        r = (r * 256 + raw[:, j]) % k
    return r


def digit_strings(st: Streams, rows: np.ndarray, n: int) -> list[str]:
    """``Draw.digits(n)`` of each of ``rows``: one big-endian number of ``n // 2 + 9``
    bytes modulo 10**n, written with ``n`` digits (none read for ``n`` <= 0)."""
    if n <= 0:
        return [""] * rows.size
    values = mod_big_endian(st.take(rows, n // 2 + 9), 10**n)
    return [f"{v:0{n}d}" for v in values.tolist()]


class Avoided:
    """The words a fill avoids (``Template.fill``'s ``avoid``), with each word list's mask
    of the words it holds, worked out once per list while the set stays the same (a
    registry's reserved words only grow: the same set at the same size holds the same
    words)."""

    def __init__(self, words: Collection[str] = frozenset()) -> None:
        self.words = words
        self._size = len(words)
        self._masks: dict[int, tuple[tuple[str, ...], np.ndarray, np.ndarray]] = {}

    def of(self, words: Collection[str]) -> Avoided:
        """This one, its masks forgotten if ``words`` is not the set they were made for."""
        if words is not self.words or len(words) != self._size:
            self.words, self._size, self._masks = words, len(words), {}
        return self

    def __bool__(self) -> bool:
        return bool(self.words)

    def mask(self, words: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """Which words of the list are held, and the list less them (``ReservedWords.
        spare``: what ``Template.fill`` picks from again after a held word)."""
        hit = self._masks.get(id(words))
        if hit is None or hit[0] is not words:
            m = np.fromiter((held(w, self.words) for w in words), dtype=bool, count=len(words))
            rest = _word_array(words)[~m]
            if rest.size < SPARE_FLOOR:  # a spent name list is widened (``spare_words``)
                rest = np.asarray(spare_words(words, self.words), dtype=object)
            hit = self._masks[id(words)] = (words, m, rest)
        return hit[1], hit[2]


#: id(Faker word list) → (the list, it as an object array): by identity, since hashing a
#: list of thousands of towns per block would cost more than the lookup saves (the lists
#: are the compiled templates', alive for the process).
_ARRAYS: dict[int, tuple[tuple[str, ...], np.ndarray]] = {}


def _word_array(words: tuple[str, ...]) -> np.ndarray:
    hit = _ARRAYS.get(id(words))
    if hit is None or hit[0] is not words:
        hit = _ARRAYS[id(words)] = (words, np.asarray(words, dtype=object))
    return hit[1]


@cache
def _digit_tables(pattern: str) -> tuple[np.ndarray, ...]:
    """Per character of a digit pattern, byte → what it becomes (``Digits._fill``)."""
    return tuple(
        np.asarray([opts[b % len(opts)] for b in range(256)], dtype=object)
        for opts in _options(pattern)
    )


def fill_digits(p: Digits, st: Streams, rows: np.ndarray, avoid: Avoided) -> np.ndarray:
    """``Digits.fill`` of each of ``rows``."""
    out = _digits_once(p.pattern, st, rows)
    if avoid:  # drawn again while they are a word to avoid, as ``Digits.fill`` does
        words = avoid.words
        at = np.arange(rows.size)
        for _ in range(_AVOID_TRIES):
            at = at[np.fromiter((out[k] in words for k in at.tolist()), dtype=bool, count=at.size)]
            if not at.size:
                break
            out[at] = _digits_once(p.pattern, st, rows[at])
    return out


def _digits_once(pattern: str, st: Streams, rows: np.ndarray) -> np.ndarray:
    """``Digits._fill`` of each of ``rows``: one byte per character of the pattern."""
    raw = st.take(rows, len(pattern))
    tables = _digit_tables(pattern)
    out = tables[0][raw[:, 0]] if tables else np.full(rows.size, "", dtype=object)
    for j in range(1, len(tables)):
        out = out + tables[j][raw[:, j]]
    return out


def fill_template(
    t: Template, st: Streams, rows: np.ndarray, avoid: Avoided, bad: np.ndarray
) -> np.ndarray:
    """``Template.fill`` of each of ``rows``. A word to avoid is picked again from the
    list less those words, as ``Template.fill`` does; a row whose list holds nothing
    else (``Template.fill`` then re-picks from the whole list a few times) is marked
    ``bad`` and its result is to be ignored."""
    alts = t.alternatives
    which = st.below(rows, len(alts)) if len(alts) > 1 else np.zeros(rows.size, dtype=np.int64)
    out = np.empty(rows.size, dtype=object)
    for a, parts in enumerate(alts):
        sel = np.flatnonzero(which == a)
        if not sel.size:
            continue
        these = rows[sel]
        acc: np.ndarray | None = None
        lit = ""
        for p in parts:
            if type(p) is str:
                lit += p
                continue
            if type(p) is tuple:
                idx = st.below(these, len(p))
                piece = _word_array(p)[idx]
                if avoid:
                    mask, rest = avoid.mask(p)
                    hit = np.flatnonzero(mask[idx])
                    if hit.size and rest.size:  # picked again from the list less those words
                        piece[hit] = rest[st.below(these[hit], rest.size)]
                    elif hit.size:  # re-picked from the whole list: value by value
                        bad[these[hit]] = True
            elif type(p) is Digits:
                piece = fill_digits(p, st, these, avoid)
            else:
                piece = fill_template(p, st, these, avoid, bad)  # type: ignore[arg-type]
            if lit:
                piece = lit + piece
                lit = ""
            acc = piece if acc is None else acc + piece
        if acc is None:
            acc = np.full(sel.size, lit, dtype=object)
        elif lit:
            acc = acc + lit
        out[sel] = acc
    return out


def fill_chars(
    texts: Sequence[str], st: Streams, rows: np.ndarray, hexmode: bool = False
) -> list[str] | None:
    """``chars(text, d)`` of each of ``rows`` for ASCII texts of one length (None if they
    are not): letters and digits replaced keeping class and case, a digit run that starts
    non-zero starting non-zero."""
    if not rows.size:
        return []
    width = len(texts[0])
    if width == 0:
        return [""] * rows.size
    joined = "".join(texts)
    if not joined.isascii() or "\x00" in joined or any(len(t) != width for t in texts):
        return None
    src = np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(len(texts), width)
    b = st.take(rows, width)
    is_digit = (src >= 48) & (src <= 57)
    is_upper = (src >= 65) & (src <= 90)
    is_lower = (src >= 97) & (src <= 122)
    out = src.copy()
    if hexmode:
        hexd = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)[b & 15]
        alnum = is_digit | is_upper | is_lower
        up = np.where(is_upper & (hexd >= 97), hexd - 32, hexd)
        out = np.where(alnum, up, out)
    else:
        prev = np.zeros_like(is_digit)
        prev[:, 1:] = is_digit[:, :-1]
        nonzero_start = is_digit & ~prev & (src != 48)
        out = np.where(is_digit, _DIGITS[b % 10], out)
        out = np.where(nonzero_start, _NONZERO[b % 9], out)
        out = np.where(is_lower, _LOWER[b % 26], out)
        out = np.where(is_upper, _UPPER[b % 26], out)
    return np.ascontiguousarray(out).view(f"S{width}").ravel().astype(f"U{width}").tolist()
