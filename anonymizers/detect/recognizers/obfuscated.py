"""E-mail addresses written so that a scraper misses them: "j dot doe at example dot org",
"jdoe [at] example [dot] org", "jdoe(at)example.org", "jdoe@example . com", and in a
URL's query string "jdoe%40example.org" (its "@" percent-encoded).

A plain pattern needs an "@" and dots; people replace them with words ("at", "dot",
"arobase", "punkt" ...: ``phrases/email_words.txt``), brackets or spaces. A bracketed or
spelled-out "@" is telling alone; a bare " at " before a domain ("available at
example.org") is an address only when its local part looks like one (a separator or a
digit, or a lower-case word that is not an everyday one) or an e-mail word comes just
before it. The domain must end in a real public suffix (tldextract's bundled list).
``read_email`` gives the generator the address and its spelling, so the fake is written
the same way.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import regex

from anonymizers.detect.lexicon import is_common_word
from anonymizers.detect.phrases import phrase_list
from anonymizers.detect.recognizers import RawSpan

_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"


@cache
def _tokens(kind: str) -> list[str]:
    return [w.split(" ", 1)[1] for w in phrase_list("email_words") if w.startswith(kind + " ")]


@cache
def _maybe() -> regex.Pattern[str]:
    """A cheap first look: an "@" or a spelled one somewhere in the text."""
    return regex.compile(rf"(?i)@|%40|(?<![\w])(?:{_alt(_tokens('at'))})(?![\w])", regex.V0)


def _alt(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _pattern() -> regex.Pattern[str]:
    at_words, dot_words = _alt(_tokens("at")), _alt(_tokens("dot"))
    at = (
        rf"(?P<at>[ \t]*{_OPEN}[ \t]*(?:{at_words}|@)[ \t]*{_CLOSE}[ \t]*"
        rf"|[ \t]+(?:{at_words})[ \t]+|[ \t]*@[ \t]*|%40)"
    )
    dot = (
        rf"(?:[ \t]*{_OPEN}[ \t]*(?:{dot_words}|\.)[ \t]*{_CLOSE}[ \t]*"
        rf"|[ \t]+(?:{dot_words})[ \t]+|[ \t]+\.[ \t]+|\.)"
    )
    word = r"[\p{L}\d](?:[\p{L}\d_%+-]*[\p{L}\d])?"
    label = r"[\p{L}\d](?:[\p{L}\d-]*[\p{L}\d])?"
    return regex.compile(
        rf"(?i)(?<![\w.@-])(?P<local>{word}(?:(?:{dot}|[._-]){word}){{0,3}})"
        rf"{at}(?P<domain>{label}(?:{dot}{label}){{1,3}})(?![\w@-]|\.\w)",
        regex.V0,
    )


@cache
def _separator() -> regex.Pattern[str]:
    at_words, dot_words = _alt(_tokens("at")), _alt(_tokens("dot"))
    return regex.compile(
        rf"(?i)[ \t]*{_OPEN}[ \t]*(?:{at_words}|{dot_words}|@|\.)[ \t]*{_CLOSE}[ \t]*"
        rf"|[ \t]+(?:{at_words}|{dot_words})[ \t]+|[ \t]+\.[ \t]+|[ \t]*@[ \t]*|%40|\.",
        regex.V0,
    )


@cache
def _cue() -> regex.Pattern[str]:
    return regex.compile(rf"(?i)\b(?:{_alt(_tokens('cue'))})\b", regex.V0)


class Obfuscated(NamedTuple):
    """An e-mail address and how its "@" and dots were written."""

    local: str
    domain: str
    at: str
    #: The spelling of each dot of the local part, then of the domain, in order.
    local_dots: tuple[str, ...]
    domain_dots: tuple[str, ...]

    @property
    def plain(self) -> str:
        return f"{self.local}@{self.domain}"


def _split(piece: str) -> tuple[str, tuple[str, ...]]:
    words, seps, pos = [], [], 0
    for s in _separator().finditer(piece):
        words.append(piece[pos : s.start()])
        seps.append(s.group(0))
        pos = s.end()
    words.append(piece[pos:])
    return ".".join(words), tuple(seps)


def read_email(value: str) -> Obfuscated | None:
    """The address an obfuscated e-mail spells, with its spelling; None if it is none."""
    m = _pattern().fullmatch(value.strip())
    if m is None:
        return None
    local, local_dots = _split(m.group("local"))
    domain, domain_dots = _split(m.group("domain"))
    return Obfuscated(local, domain, m.group("at"), local_dots, domain_dots)


def write_email(form: Obfuscated, local: str, domain: str) -> str:
    """``local@domain`` spelled as ``form`` was: its "@", its local part's dots (or its
    domain's, when the local part had none) and its domain's dots, in order."""

    def spell(piece: str, dots: tuple[str, ...]) -> str:
        words = piece.split(".")
        out = [words[0]]
        for k, w in enumerate(words[1:]):
            out.append(dots[min(k, len(dots) - 1)] if dots else ".")
            out.append(w)
        return "".join(out)

    local_dots = form.local_dots or form.domain_dots[:1]
    return spell(local, local_dots) + form.at + spell(domain, form.domain_dots)


@cache
def _extractor():  # type: ignore[no-untyped-def]
    import tldextract

    # The suffix list bundled with tldextract: never a download.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def public_suffix(domain: str) -> str:
    """The public suffix of ``domain`` ("co.uk" for "smith-farms.co.uk"), or ""."""
    return str(_extractor()(domain).suffix)


def _real_suffix(domain: str) -> bool:
    ext = _extractor()(domain)
    return bool(ext.suffix and ext.domain)


def obfuscated_emails(text: str) -> list[RawSpan]:
    """E-mail addresses with their "@" or dots spelled out, bracketed or spaced."""
    if not _maybe().search(text):
        return []
    out: list[RawSpan] = []
    for m in _pattern().finditer(text, overlapped=True):
        value = m.group(0)
        if regex.fullmatch(r"[^\s@]+@[^\s@]+\.[^\s@.]+", value):
            continue  # a plain address: the e-mail pattern's job
        form = read_email(value)
        if form is None or not _real_suffix(form.domain):
            continue
        if not _telling(text, m, form):
            continue
        out.append((m.start(), m.end(), "EMAIL_ADDRESS", 0.9))
    return out


def _telling(text: str, m: regex.Match[str], form: Obfuscated) -> bool:
    """A bracketed or spelled "@" is telling; a bare " at " needs an address-like local
    part or an e-mail word just before it."""
    at = m.group("at").strip().lower()
    if at != "at":
        return True
    local = form.local
    if any(c in local for c in "._-") or any(c.isdigit() for c in local):
        return True
    if _cue().search(text, max(0, m.start() - 40), m.start()):
        return True
    return local.islower() and len(local) >= 3 and not is_common_word(local)
