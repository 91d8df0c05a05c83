"""Page addresses that many texts share are the organisation's pages, not a person's.

Support text links to the help centre, the status page and the billing settings
('see https://help.example.com/hc/articles/360012345-Returns'). The same address in the
texts of many customers identifies none of them, and faking it garbles what a dataset for
testing needs most (which article was sent, which incident was meant). A person's address
on the web is theirs alone: a profile ('linkedin.com/in/jane-doe'), a sole trader's site
('smith-farms.co.uk'), a link with a token or an e-mail in it. So a URL is kept as it is
when the column's texts hold it at least ``MIN_TEXTS`` times, in distinct texts, and no
part of its host or path is a listed first or last name or holds an '@'; anything else
stays a URL to replace. The transform drops such spans and the gate clears them with
their reason (``verify/sweep.py``): both call ``shared_urls`` on the input texts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from anonymizers.detect.lexicon import name_gazetteer
from anonymizers.detect.patterns import sweep
from anonymizers.detect.spans import Span

#: Distinct texts of one column that must hold the same URL for it to be a shared page.
MIN_TEXTS = 5
#: Trailing punctuation a sentence puts after a link ('see https://x.org/a.'): not the URL's.
_TAIL = ".,;:!?)]}>'\""
_PIECE = re.compile(r"[^\W\d_]{3,}")
#: Host labels every site has: never a name, whatever a name list says.
_WEB_WORDS = frozenset({"www", "com", "org", "net", "http", "https", "html", "htm", "php"})


def url_key(value: str) -> str:
    """The form a URL is counted on: without the sentence's trailing punctuation, lower case."""
    return value.rstrip(_TAIL).lower()


def _names_someone(url: str) -> bool:
    """An '@', or a host or path word that a name list knows ('smith-farms', '/in/jane-doe').
    The query string's keys and values are left out ('?tab=invoices', '?page=2')."""
    if "@" in url:
        return True
    rest = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url)
    rest = re.split(r"[?#]", rest, maxsplit=1)[0]
    names = name_gazetteer()
    return any(w in names for w in (p.lower() for p in _PIECE.findall(rest)) if w not in _WEB_WORDS)


def url_texts(texts: Iterable[str | None], cap: int = MIN_TEXTS) -> dict[str, set[bytes]]:
    """URL key → digests of the distinct texts that hold it, at most ``cap`` per key (all
    ``shared_of`` needs to know): texts read apart (a partitioned run's partitions) merge
    by union without counting a text twice. Only texts with '://' or 'www.' are swept."""
    held: dict[str, set[bytes]] = {}
    for text in set(texts):
        if not text or ("://" not in text and "www." not in text.lower()):
            continue
        digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
        for key in {url_key(text[s:e]) for s, e, ent in sweep(text) if ent == "URL"}:
            found = held.setdefault(key, set())
            if len(found) < cap:
                found.add(digest)
    return held


def merge_url_texts(into: dict[str, set[bytes]], more: dict[str, set[bytes]]) -> None:
    for key, found in more.items():
        into.setdefault(key, set()).update(found)


def shared_of(held: dict[str, set[bytes]], min_texts: int = MIN_TEXTS) -> frozenset[str]:
    """The keys that at least ``min_texts`` distinct texts hold and that name no one."""
    return frozenset(k for k, n in held.items() if len(n) >= min_texts and not _names_someone(k))


def shared_urls(texts: Iterable[str | None], min_texts: int = MIN_TEXTS) -> frozenset[str]:
    """Keys (``url_key``) of the URLs that at least ``min_texts`` distinct texts hold and
    that name no one."""
    return shared_of(url_texts(texts, min_texts), min_texts)


def drop_urls(
    texts: list[str], found: list[list[Span]], shared: frozenset[str]
) -> list[list[Span]]:
    """``found`` without the URL spans whose key is in ``shared``."""

    def kept(text: str, sp: Span) -> bool:
        return sp.entity != "URL" or url_key(text[sp.start : sp.end]) not in shared

    if not shared:
        return found
    return [[sp for sp in spans if kept(t, sp)] for t, spans in zip(texts, found, strict=True)]
