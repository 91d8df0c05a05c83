"""National, tax and health identifiers of the main European locales, checked by their
own check digits (python-stdnum) before they count.

A checksum makes a random number pass only now and then, but how often depends on the
scheme: an Italian codice fiscale or a French NIR almost never passes by chance, a 9-digit
Dutch BSN or Portuguese NIF passes its mod-11 test for about 1 in 11 numbers, and a UK
National Insurance number has no check at all. So each scheme says whether its shape is
telling enough alone (``bare``); the others count only with a word naming the id close by
(``phrases/national_id_cues.txt``: "BSN", "NIF", "Steuer-ID", "PESEL", "NI number" ...).
The generator (``pseudonymise/generators/national_ids.py``) reads the same schemes, so a
fake passes the checks the real value passed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import regex
from stdnum import util as stdnum_util
from stdnum.be import nn as be_nn
from stdnum.ch import ssn as ch_ssn
from stdnum.de import idnr as de_idnr
from stdnum.dk import cpr as dk_cpr
from stdnum.es import dni as es_dni
from stdnum.es import nie as es_nie
from stdnum.fi import hetu as fi_hetu
from stdnum.fr import nir as fr_nir
from stdnum.gb import nhs as gb_nhs
from stdnum.ie import pps as ie_pps
from stdnum.it import codicefiscale as it_cf
from stdnum.nl import bsn as nl_bsn
from stdnum.no import fodselsnummer as no_fnr
from stdnum.pl import pesel as pl_pesel
from stdnum.pt import nif as pt_nif
from stdnum.se import personnummer as se_pnr

from anonymizers.detect.patterns import is_card_number, ssn_ok
from anonymizers.detect.phrases import phrase_list
from anonymizers.detect.recognizers import RawSpan

ENTITY = "NATIONAL_ID"

#: UK NI prefixes never issued (HMRC): a prefix in this set is not a NINO.
_NINO_BAD_PREFIX = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def _nino_ok(value: str) -> bool:
    """HMRC's format rules (there is no check digit): letters D, F, I, Q, U, V never
    first, nor O second; the suffix A-D."""
    v = "".join(value.split()).upper()
    if len(v) != 9 or not (v[:2].isalpha() and v[2:8].isdigit() and v[8] in "ABCD"):
        return False
    return not (v[0] in "DFIQUV" or v[1] in "DFIOQUV" or v[:2] in _NINO_BAD_PREFIX)


def _stdnum(module) -> Callable[[str], bool]:  # type: ignore[no-untyped-def]
    def ok(value: str) -> bool:
        try:
            module.validate(value)
        except (stdnum_util.ValidationError, ValueError, KeyError, IndexError):
            return False
        return True

    return ok


def _has_separator(value: str) -> bool:
    return not value.isalnum()


def _always(value: str) -> bool:
    return True


def _never(value: str) -> bool:
    return False


@dataclass(frozen=True)
class Scheme:
    """One kind of id: its shape in text, its validity check, and whether the shape and
    check are telling enough without a word naming the id (``bare``)."""

    name: str
    pattern: str
    valid: Callable[[str], bool]
    bare: Callable[[str], bool]
    #: The entity a match is reported as: US SSNs have their own (and their own fakes).
    entity: str = ENTITY


#: Order matters only for the generator: the first scheme a value passes is its format.
SCHEMES: tuple[Scheme, ...] = (
    Scheme("it_cf", r"[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]", _stdnum(it_cf), _always),
    Scheme("es_nie", r"[XYZ]-?\d{7}-?[A-Z]", _stdnum(es_nie), _always),
    Scheme("es_dni", r"\d{8}-?[A-Z]", _stdnum(es_dni), _always),
    Scheme(
        "fr_nir",
        r"[1-478][ ]?\d{2}[ ]?\d{2}[ ]?(?:\d{2}|2[AB])[ ]?\d{3}[ ]?\d{3}[ ]?\d{2}",
        _stdnum(fr_nir),
        _always,
    ),
    Scheme("ch_avs", r"756\.?\d{4}\.?\d{4}\.?\d{2}", _stdnum(ch_ssn), _has_separator),
    Scheme("be_nn", r"\d{2}\.?\d{2}\.?\d{2}[-.]?\d{3}\.?\d{2}", _stdnum(be_nn), _has_separator),
    Scheme("fi_hetu", r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]", _stdnum(fi_hetu), _always),
    Scheme("gb_nino", r"[A-Z]{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D]", _nino_ok, _never),
    Scheme("gb_nhs", r"\d{3}[ -]?\d{3}[ -]?\d{4}", _stdnum(gb_nhs), _never),
    Scheme("ie_pps", r"\d{7}[A-W][ABWTXZ]?", _stdnum(ie_pps), _never),
    Scheme("nl_bsn", r"\d{4}\.?\d{2}\.?\d{3}|\d{9}", _stdnum(nl_bsn), _never),
    Scheme("pt_nif", r"\d{3}[ ]?\d{3}[ ]?\d{3}", _stdnum(pt_nif), _never),
    Scheme("de_idnr", r"\d{2}[ ]?\d{3}[ ]?\d{3}[ ]?\d{3}", _stdnum(de_idnr), _never),
    Scheme("pl_pesel", r"\d{11}", _stdnum(pl_pesel), _never),
    Scheme("no_fnr", r"\d{6}[ ]?\d{5}", _stdnum(no_fnr), _never),
    Scheme("se_pnr", r"(?:\d{2})?\d{6}[-+]?\d{4}", _stdnum(se_pnr), _never),
    Scheme("dk_cpr", r"\d{6}-?\d{4}", _stdnum(dk_cpr), _never),
    # Dashed SSNs are the plain pattern's (patterns.py); written as nine digits, only
    # "SSN" or "social security" next to them says what they are.
    Scheme("us_ssn", r"\d{9}", ssn_ok, _never, "US_SSN"),
)

#: A cue this many characters before the number (or ``_AFTER`` after it) counts.
_BEFORE = 40
_AFTER = 25


#: Every scheme holds five digits split by single separators or letters at most.
_FIVE_DIGITS = regex.compile(r"\d(?:[\w .-]?\d){4}")


@cache
def id_cues() -> tuple[regex.Pattern[str], dict[str, frozenset[str]]]:
    """National id words ("personnummer", "BSN") and the schemes each names."""
    schemes: dict[str, set[str]] = {}
    for line in phrase_list("national_id_cues"):
        scheme, _, phrase = line.partition(" ")
        schemes.setdefault(phrase.strip().casefold(), set()).add(scheme)
    alts = "|".join(regex.escape(p) for p in sorted(schemes, key=len, reverse=True))
    rx = regex.compile(rf"(?i)(?<![\w])(?:{alts})(?!\w)", regex.V0)
    return rx, {p: frozenset(s) for p, s in schemes.items()}


def _cued(text: str, start: int, end: int) -> frozenset[str]:
    """The schemes named by a cue word near ``text[start:end]``."""
    rx, schemes = id_cues()
    out: set[str] = set()
    for m in rx.finditer(text, max(0, start - _BEFORE), min(len(text), end + _AFTER)):
        # Another number between the cue and this one is the one the cue names.
        between = text[m.end() : start] if m.end() <= start else text[end : m.start()]
        if (m.end() <= start or m.start() >= end) and not any(c.isdigit() for c in between):
            out |= schemes.get(m.group(0).casefold(), frozenset())
    return frozenset(out)


def schemes_of(value: str) -> list[Scheme]:
    """Every NATIONAL_ID scheme whose shape and check ``value`` passes."""
    v = value.strip()
    return [
        s for s in SCHEMES if s.entity == ENTITY and _whole_rx(s.name).fullmatch(v) and s.valid(v)
    ]


def telling_national_id(value: str) -> bool:
    """Whether a whole value is a national id by its shape and check alone (a codice
    fiscale, a NIE, a spaced NIR): for column classification, where no cue word helps."""
    return any(s.bare(value.strip()) for s in schemes_of(value))


def national_ids(text: str) -> list[RawSpan]:
    """National, tax and health ids that pass their check, with a cue word unless their
    shape alone is telling."""
    if not _FIVE_DIGITS.search(text):
        return []
    out: list[RawSpan] = []
    # Every scheme's shape at every place: overlapping shapes ("85.07.30-033.28" is also
    # a BSN-length run) are tried one scheme at a time.
    for scheme in SCHEMES:
        for m in _scheme_rx(scheme.name).finditer(text):
            value = m.group(0)
            if not scheme.valid(value):
                continue
            cued = _cued(text, m.start(), m.end())
            if scheme.name in cued or "any" in cued:
                out.append((m.start(), m.end(), scheme.entity, 0.97))
            elif scheme.bare(value) and not is_card_number(value):
                out.append((m.start(), m.end(), scheme.entity, 0.96))
    return out


@cache
def _whole_rx(name: str) -> regex.Pattern[str]:
    """A scheme's shape, compiled once: ``regex.fullmatch(pattern, ...)`` looks its
    pattern up in regex's cache on every call, most of the cost of classifying a column
    of numbers (``telling_national_id`` on every sampled value, once per scheme)."""
    return regex.compile(next(s for s in SCHEMES if s.name == name).pattern)


@cache
def _scheme_rx(name: str) -> regex.Pattern[str]:
    scheme = next(s for s in SCHEMES if s.name == name)
    return regex.compile(rf"(?<![\w.+/-]){scheme.pattern}(?![\w-]|[.,/]\d)", regex.V0)
