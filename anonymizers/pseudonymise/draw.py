"""Keyed randomness, and the format-keeping steps every generator draws with.

A fake is a pure function of (key, entity, normalised value, attempt): its randomness is
read from ``HMAC-SHA256(key, …)`` of exactly those, never from a seeded sequence, so a
value's fake does not depend on what was faked before it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

#: A letter or a digit: what a fake replaces. A value with none is left as it is.
ALNUM = re.compile(r"[^\W_]")
LOWER = "abcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"
_NONZERO = "123456789"
_HEXDIGITS = "0123456789abcdef"


class Draw:
    """Many small random choices from one keyed digest, without seeding a PRNG per value
    (seeding costs more than the whole fake for short values). One byte per small choice:
    the slight modulo bias does not matter, the secrecy comes from the key, not from
    perfect uniformity."""

    __slots__ = ("_buf", "_i", "_refills", "_seed")

    def __init__(self, seed: bytes) -> None:
        self._seed = seed
        self._buf = seed
        self._i = 0
        self._refills = 0

    def unread_seed(self) -> bytes | None:
        """The seed, while nothing has been read from it (a column fill reads every
        value's stream from its start: ``column_fill.Streams``), else None."""
        return self._seed if self._i == 0 and self._refills == 0 else None

    def take(self, n: int) -> bytes:
        while self._i + n > len(self._buf):
            self._refills += 1
            more = hashlib.sha256(self._seed + self._refills.to_bytes(4, "big")).digest()
            self._buf = self._buf[self._i :] + more
            self._i = 0
        out = self._buf[self._i : self._i + n]
        self._i += n
        return out

    def below(self, k: int) -> int:
        if k <= 256:
            i = self._i
            if i < len(self._buf):  # the common case, without a slice: as take(1) reads it
                self._i = i + 1
                return self._buf[i] % k
            return self.take(1)[0] % k
        return int.from_bytes(self.take((k.bit_length() + 7) // 8 + 8), "big") % k

    def pick(self, seq: tuple[str, ...]) -> str:
        return seq[self.below(len(seq))]

    def digits(self, n: int) -> str:
        """``n`` decimal digits from one big draw (72 spare bits keep the bias negligible):
        one modulo instead of ``n`` byte draws, the hot path of cards, phones and IBANs."""
        if n <= 0:
            return ""
        return f"{int.from_bytes(self.take(n // 2 + 9), 'big') % 10**n:0{n}d}"


#: The draw of generators that key their own randomness (name parts): no value digest.
NO_DRAW = Draw(b"")


def chars(text: str, d: Draw, hexmode: bool = False) -> str:
    """Replace letters and digits keeping class and case; a digit run that starts
    non-zero keeps starting non-zero, so integers keep their length."""
    if not text:
        return ""  # (taking no bytes leaves the draw as it is)
    out: list[str] = []
    prev_digit = False
    for c, b in zip(text, d.take(len(text)), strict=True):
        if hexmode and c.isalnum():
            ch = _HEXDIGITS[b & 15]
            out.append(ch.upper() if c.isupper() else ch)
        elif c.isdigit():
            out.append(_NONZERO[b % 9] if not prev_digit and c != "0" else _DIGITS[b % 10])
            prev_digit = True
            continue
        elif c.isalpha():
            ch = LOWER[b % 26]
            out.append(ch.upper() if c.isupper() else ch)
        elif c.isnumeric():  # ½, Ⅻ: a word character that is neither a digit nor a letter
            out.append(_DIGITS[b % 10])
        else:
            out.append(c)
        prev_digit = False
    return "".join(out)


def char_classes(text: str) -> str:
    """What ``chars`` keeps of ``text``, as a text ``chars`` draws alike from: each
    character's class and case, whether a digit run starts with a zero, everything else
    as written. Two ids of one such shape draw their fakes from one space (the id
    generator's test of a spent length samples the shape, not a value); it follows
    ``chars``' rules, so the two change together."""
    out: list[str] = []
    prev_digit = False
    for c in text:
        if c.isdigit():
            out.append("0" if c == "0" and not prev_digit else "1")
        elif c.isalpha():
            out.append("X" if c.isupper() else "x")
        else:
            out.append(c)
        prev_digit = c.isdigit()
    return "".join(out)


#: Every ASCII digit → "\0", so templates of one shape ("ddd-ddd-dddd") share a key.
_TO_SLOT = str.maketrans("0123456789", "\0" * 10)
_SHAPES: dict[str, str] = {}


def pour_digits(template: str, digits: str) -> str:
    """Put ``digits`` into the digit positions of ``template``, keeping everything else.
    Templates of one shape share a format string: phones and SSNs come in a few shapes,
    and formatting beats a generator over every character."""
    if template.isdigit():
        return digits
    shape = template.translate(_TO_SLOT)
    if (fmt := _SHAPES.get(shape)) is None:
        fmt = shape.replace("{", "{{").replace("}", "}}").replace("\0", "{}")
        if len(_SHAPES) < 4096:
            _SHAPES[shape] = fmt
    return fmt.format(*digits)


def apply_case(original: str, fake: str) -> str:
    """The fake in the original's case: all upper (two letters or more), all lower, or as
    drawn."""
    if original.isupper() and sum(c.isalpha() for c in original) > 1:
        return fake.upper()
    if original.islower():
        return fake.lower()
    return fake


def ascii_fold(text: str) -> str:
    """Letters and digits of ``text`` without accents ("José" → "Jose"), for e-mail local
    parts and the extended name lists."""
    if text.isascii() and text.isalnum():
        return text  # the common case, and what the folding below would give
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded if c.isalnum())
