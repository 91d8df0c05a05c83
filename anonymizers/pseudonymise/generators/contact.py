"""E-mail addresses and phone numbers.

An e-mail keeps its domain, and a name-like local part maps through the name-part
registry (maria.garcia → <fake first>.<fake last>), so it names the same fake person as
the PERSON column. A phone keeps its punctuation, its country code and a trunk 0.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import cache, lru_cache

import numpy as np
import polars as pl

from anonymizers.detect.lexicon import name_gazetteer, word_list
from anonymizers.detect.recognizers.obfuscated import public_suffix, read_email, write_email
from anonymizers.pseudonymise.column_fill import (
    Streams,
    column_seeds,
    digit_strings,
    or_fake_one,
)
from anonymizers.pseudonymise.draw import Draw, apply_case, ascii_fold, chars, pour_digits
from anonymizers.pseudonymise.email_columns import PLAIN_ADDRESS, column_requests
from anonymizers.pseudonymise.generators.base import Generator, GeneratorContext
from anonymizers.pseudonymise.generators.ids import fake_id
from anonymizers.pseudonymise.name_parts import NameParts
from anonymizers.pseudonymise.name_pools import Role

_EMAIL = re.compile(r"([^@\s]+)@([^@\s]+\.[^@\s]+)")
_EMAIL_PIECE = re.compile(r"([A-Za-z]*)(\d*)")
_EMAIL_SEP = re.compile(r"([._-])")
_LABEL_SEP = re.compile(r"(-)")
#: A local part of two name words ("maria.garcia12"): ``_email_names``'s fast path.
_FIRST_LAST = re.compile(r"([A-Za-z]{2,})(\d*)([._-])([A-Za-z]{2,})(\d*)")
_TRAILING_DIGITS = re.compile(r"\d+(?=[._-]|$)")
#: Addresses from which a column's requests are read column-wise (``email_columns``).
_COLUMN_FROM = 64
#: Country codes of two digits (ITU E.164); 1 and 7 are one digit, anything else three.
_CC2 = frozenset(
    str(n)
    for n in (20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52,
              53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92,
              93, 94, 95, 98)
)  # fmt: skip


@cache
def mail_providers() -> frozenset[str]:
    """Domain labels of mail providers (``detect/words/mail_providers.txt``)."""
    return frozenset(word_list("mail_providers"))


class EmailAddress(Generator):
    """The local part faked, the domain kept (a fake mailbox at a real provider)."""

    entities = ("EMAIL_ADDRESS",)
    #: A local part's name parts go through the registry, first come, first served.
    ordered = True

    def __init__(self, ctx: GeneratorContext) -> None:
        super().__init__(ctx)
        #: Domain kept whole → the reserved and place words (each with its count) it was
        #: checked against.
        self._kept: dict[str, tuple[set[str], int, set[str], int]] = {}

    def fake_one(self, core: str, norm: str, d: Draw, attempt: int) -> str:
        m = _EMAIL.fullmatch(core)
        if not m:
            # "j dot doe at example dot org": faked as the address, spelled the same way.
            form = read_email(core)
            if form is None:
                return fake_id(core, norm, d, attempt)
            plain = self.fake_one(form.plain, form.plain.lower(), d, attempt)
            local, _, domain = plain.rpartition("@")
            return write_email(form, local, domain)
        local, domain = m.groups()
        base, plus, tag = local.partition("+")
        named = _email_names(self.ctx.names, base, d, attempt)
        new_base = named if named is not None else chars(base, d)
        if named is None and attempt >= 32:
            new_base += str(d.below(10 ** (1 + (attempt - 32) // 32)))
        return new_base + plus + chars(tag, d) + "@" + self._domain(domain)

    def request_keys(self, core: str) -> tuple[tuple[str, str], ...] | None:
        """(local part, domain) of a plain address: the local part before any ``+``, each
        word's trailing digits written as one 0 (digits are drawn, never looked up), so
        "maria.garcia12" and "maria.garcia7" ask once."""
        m = _EMAIL.fullmatch(core)
        if not m:
            return None
        local, domain = m.groups()
        return ("local", _TRAILING_DIGITS.sub("0", local.partition("+")[0])), ("domain", domain)

    def column_requests(self, values: Sequence[str]) -> Sequence[str]:
        """Plain addresses asked column-wise (``email_columns``): once per distinct name
        word and domain, not once per address."""
        if len(values) < _COLUMN_FROM:
            return values
        return column_requests(self.ctx.names, values, self._domain)

    def ask(self, kind: str, piece: str) -> None:
        if kind == "local":  # an address's name parts are asked at attempt 0 at any attempt
            _email_names(self.ctx.names, piece, Draw(b"request"), 0)
        else:
            self._domain(piece)

    def _domain(self, domain: str) -> str:
        """``_domain``, remembering the domains kept whole (a company's, a provider's:
        most of a column) while the reserved words stay the same. A kept domain faked no
        part, so nothing the registry records is skipped."""
        names = self.ctx.names
        reserved, places = names.reserved, names.places
        hit = self._kept.get(domain)
        # The reserved words only grow, and a place word joins only with a new reserved
        # word: the same sets at the same sizes hold the same words.
        if (
            hit is not None
            and hit[0] is reserved
            and hit[2] is places
            and hit[1] == len(reserved)
            and hit[3] == len(places)
        ):
            return domain
        out = _domain(names, domain)
        if out == domain:
            self._kept[domain] = (reserved, len(reserved), places, len(places))
        return out


def _domain(names: NameParts, domain: str) -> str:
    """The domain kept, unless a label holds a name part: a real name of the bundle
    (``smith-farms.co.uk`` for a Mr Smith) or a name of the public lists (the family
    business of someone only the text names, ``hodgson-bakery.co.uk``). That part is faked
    through the name registry, so every address at that domain names the same fake, and
    the public suffix and mail providers' names stay."""
    listed = name_gazetteer()
    labels = domain.split(".")
    keep = _suffix_labels(domain)
    out = []
    for i, label in enumerate(labels):
        if i >= len(labels) - keep or label.casefold() in mail_providers():
            out.append(label)
            continue
        pieces = _LABEL_SEP.split(label)
        out.append(
            "".join(
                apply_case(p, ascii_fold(names.part(p, "last", 0)).lower())
                if (len(p) >= 3 and names.is_name_part(p.casefold()))
                or (len(p) >= 4 and p.casefold() in listed)
                else p
                for p in pieces
            )
        )
    return ".".join(out)


def label_pieces(domain: str) -> list[str]:
    """The pieces of a domain's labels that ``_domain`` may fake as a name part (three
    letters or more, outside the public suffix and the mail providers' names)."""
    labels = domain.split(".")
    keep = _suffix_labels(domain)
    return [
        p
        for i, label in enumerate(labels)
        if i < len(labels) - keep and label.casefold() not in mail_providers()
        for p in _LABEL_SEP.split(label)[0::2]
        if len(p) >= 3
    ]


def address_domain(core: str) -> str | None:
    """The domain ``EmailAddress.fake_one`` keeps or fakes for a stripped value, if any."""
    m = _EMAIL.fullmatch(core)
    if m is None:
        form = read_email(core)
        m = _EMAIL.fullmatch(form.plain) if form is not None else None
    return m.group(2) if m else None


def label_requests(values: Sequence[str]) -> set[tuple[str, str]]:
    """("label", piece) for each ``label_pieces`` of the addresses among ``values``
    (``Pseudonymizer.label_requests``)."""
    if not len(values):
        return set()
    s = pl.Series(values, dtype=pl.String).drop_nulls().str.strip_chars()
    plain = s.str.contains(PLAIN_ADDRESS)
    domains = set(s.filter(plain).str.extract(r"@(.+)$").unique().to_list())
    for core in s.filter(~plain).unique().to_list():
        domains.add(address_domain(core))
    domains.discard(None)
    return {("label", p) for d in sorted(domains) for p in label_pieces(d)}


@lru_cache(maxsize=1 << 16)
def _suffix_labels(domain: str) -> int:
    """How many labels at the end are the public suffix ("co.uk": 2), by tldextract's
    bundled list; at least one."""
    suffix = public_suffix(domain)
    return max(1, suffix.count(".") + 1 if suffix else 1)


def _email_names(names: NameParts, base: str, d: Draw, attempt: int) -> str | None:
    """Name-like local parts map through the name registry (maria.garcia →
    <fake first>.<fake last>), consistent with the PERSON fake of "Maria Garcia"."""
    if two := _FIRST_LAST.fullmatch(base):
        # The usual "first.last12": the general path below, in one match.
        first, d1, sep, last, d2 = two.groups()
        fake1 = names.ascii_part(first, "first")
        fake2 = fake1 and names.ascii_part(last, "last")
        if not fake2:
            return None
        out1 = fake1 + chars(d1, d) if d1 else fake1
        named = out1 + sep + (fake2 + chars(d2, d) if d2 else fake2)
        return named + str(d.below(10 ** (1 + (attempt - 1) // 16))) if attempt else named
    pieces = _EMAIL_SEP.split(base)
    words = pieces[0::2]
    matches = [_EMAIL_PIECE.fullmatch(w) for w in words]
    if not all(matches) or not all(words):
        return None
    letters = [m.group(1) for m in matches if m]
    if not any(len(x) >= 2 for x in letters):
        return None
    roles: list[Role]
    if len(words) == 1:
        n = letters[0].casefold()
        if n in names.pools.first_set:
            roles = ["first"]
        elif n in names.pools.last_set:
            roles = ["last"]
        else:
            return None
    else:
        last = max(k for k, x in enumerate(letters) if len(x) >= 2)
        roles = ["last" if k == last else "first" for k in range(len(words))]
    out: list[str] = []
    for k, (m, role) in enumerate(zip(matches, roles, strict=True)):
        assert m is not None
        name, digits = m.groups()
        if name:
            fake = names.ascii_part(name, role)
            if not fake:
                return None
            out.append(fake + chars(digits, d) if digits else fake)
        else:
            out.append(chars(digits, d))
        if k < len(words) - 1:
            out.append(pieces[2 * k + 1])
    if attempt:
        out.append(str(d.below(10 ** (1 + (attempt - 1) // 16))))
    return "".join(out)


class PhoneNumber(Generator):
    """The same layout and country code; a national number keeps a leading 0 (trunk
    prefix) or starts 2-9, and NANP exchanges (4th digit) start 2-9 too."""

    entities = ("PHONE_NUMBER",)

    def fake_one(self, core: str, norm: str, d: Draw, attempt: int) -> str:
        keep = _kept_digits(core, norm)
        national = norm[keep:]
        nanp = len(national) == 10 and norm[:keep] in ("", "1")
        if not national:
            return core
        new = ("0" if national[0] == "0" else "23456789"[d.below(8)]) + d.digits(len(national) - 1)
        if nanp:
            new = new[:3] + "23456789"[d.below(8)] + new[4:]
        return pour_digits(core, norm[:keep] + new)

    def fake_many(
        self, cores: Sequence[str], norms: Sequence[str], draws: Sequence[Draw],
        attempts: Sequence[int],
    ) -> list[str]:  # fmt: skip
        """Numbers of one layout (trunk 0 or not, national length, NANP or not) drawn
        column-wise (``column_fill``), the same draws as ``fake_one``'s."""
        seeds = column_seeds(draws)
        if seeds is None:
            return super().fake_many(cores, norms, draws, attempts)
        groups: dict[tuple[bool, int, bool], list[int]] = defaultdict(list)
        heads = [""] * len(cores)
        for i, (core, norm) in enumerate(zip(cores, norms, strict=True)):
            keep = _kept_digits(core, norm)
            national = norm[keep:]
            if national:
                nanp = len(national) == 10 and norm[:keep] in ("", "1")
                groups[(national[0] == "0", len(national), nanp)].append(i)
                heads[i] = norm[:keep]
        st = Streams(seeds)
        out: list[str | None] = [None] * len(cores)
        for (trunk, length, nanp), rows in groups.items():
            at = np.asarray(rows, dtype=np.int64)
            first = ["0"] * at.size if trunk else _EXCHANGE[st.below(at, 8)].tolist()
            rest = digit_strings(st, at, length - 1)
            third = _EXCHANGE[st.below(at, 8)].tolist() if nanp else None
            for k, i in enumerate(rows):
                new = first[k] + rest[k]
                if third is not None:
                    new = new[:3] + third[k] + new[4:]
                out[i] = pour_digits(cores[i], heads[i] + new)
        return or_fake_one(out, self.fake_one, cores, norms, draws, attempts)


#: A national number's first digit when it is no trunk 0, and a NANP exchange's.
_EXCHANGE = np.array(list("23456789"), dtype=object)


def _kept_digits(core: str, norm: str) -> int:
    """How many leading digits of a phone number are its country code, kept as written."""
    keep = 0
    if core.startswith("+"):
        keep = 1 if norm[:1] in "17" else 2 if norm[:2] in _CC2 else 3
    elif len(norm) == 11 and norm.startswith("1"):
        keep = 1
    return 0 if len(norm) - keep < 3 else keep
