"""Machine strings inside human text: user agents and file paths pasted into a message.

A customer who pastes their browser's user agent or a log file's path into a ticket
writes text no NER model was trained on: 'Intel Mac' becomes a person, 'Gecko' a place,
'Chrome/120.0.0.0' an IP address and '119.0.6045.163' a phone. ``plan/technical.py``
keeps NER off whole columns of such strings; this module does the same for the stretch
of one human text that holds one. Inside such a stretch only what is certain stays: a
known value of the bundle, a deny-list value, an e-mail address, and the login of a home
folder ('/Users/jdoe/', 'C:\\Users\\anna.berg\\': ``usernames``, known or not). Guesses, and
the number patterns a version string fools (IP, phone), go.
"""

from __future__ import annotations

import re

from anonymizers.detect.spans import Span

#: A 'product/version' token ('Mozilla/5.0', 'AppleWebKit/537.36', 'okhttp/4.12.0').
_PRODUCT = r"[A-Za-z][\w.-]*/\d[\w.]*"
#: A user agent: product tokens, with the comments in brackets and the bare words
#: ('like Gecko', 'Mobile Safari') between them, up to the last product token.
_USER_AGENT = re.compile(
    rf"(?<![\w/]){_PRODUCT}(?:\s*\([^()\n]{{0,200}}\)|\s+{_PRODUCT}"
    rf"|(?:\s+[A-Za-z]+){{1,2}}(?=\s+{_PRODUCT}))*"
)
#: File paths: 'C:\Users\Public\x.pdf', '\\server\share', '/var/log/app/x.log', '~/Library/x'.
_PATH = re.compile(
    r"(?<![\w/\\])(?:[A-Za-z]:\\|\\\\)[^\s<>\"'|]+"
    r"|(?<![\w/:.])(?:~|\.{1,2})?/(?:[\w.@+-]+/)+[\w.@+-]*"
)
#: A home folder's parent, right before the login the user-name rule read there
#: ("/Users/laura.ramos/Desktop/": the owner's login, known or not).
_HOME_BEFORE = re.compile(r"(?:/home/|/Users/|\\Users\\{1,2})\Z")
#: Span sources that are no guess: kept inside a machine string.
_CERTAIN = frozenset({"known", "deny", "custom"})
#: Pattern entities that a machine string does hold for real.
_REAL_INSIDE = frozenset({"EMAIL_ADDRESS", "URL"})


def technical_regions(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds a user agent or a file path (start, end), in order."""
    if "/" not in text and "\\" not in text:
        return []
    found = [m.span() for m in _USER_AGENT.finditer(text)]
    found += [m.span() for m in _PATH.finditer(text)]
    return sorted(found)


def drop_in_technical(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without the guesses (and the IP and phone matches) that lie inside a user
    agent or a file path of ``text``."""
    regions = technical_regions(text)
    if not regions:
        return spans

    def inside(s: Span) -> bool:
        return any(a <= s.start and s.end <= b for a, b in regions)

    return [
        s
        for s in spans
        if s.source in _CERTAIN
        or (s.source == "pattern" and s.entity in _REAL_INSIDE)
        or (s.source == "pattern" and s.entity == "ID" and _HOME_BEFORE.search(text, 0, s.start))
        or not inside(s)
    ]
