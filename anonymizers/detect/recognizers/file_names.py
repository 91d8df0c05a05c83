"""Names written into file names and folders: "Passport_JohnSmith.pdf",
"IMG_20240512_Anna_Berg.jpg", "/HR/Leavers/Smith, John/".

A file is named after its owner far more often than a sentence is written about them, and
the model reads none of these: a word joined to its neighbours by underscores, dots or a
capital ("JohnSmith") is one token to it. The rule reads such a token's parts and takes a
listed first name followed by a listed name (Faker's lists, every locale), neither of them
an everyday word ("Invoice_March.pdf"), as a person; and a path's folder
written "Surname, First" as one. A token with no mark of a file or a path is prose, left
to the other rules.
"""

from __future__ import annotations

import re
from itertools import pairwise

from anonymizers.detect.lexicon import (
    NAME_PARTICLES,
    first_name_gazetteer,
    is_common_word,
    name_gazetteer,
)
from anonymizers.detect.recognizers import RawSpan

#: A run of non-space characters holding a file's or a path's mark: an underscore, a
#: slash, a backslash, or a dot before a file's extension.
_TOKEN = re.compile(r"[^\s\"<>()\[\]]*(?:[_/\\]|\.[A-Za-z][A-Za-z0-9]{1,4}\b)[^\s\"<>()\[\]]*")
#: A token's parts: letters in a capitalised run ("John", "Smith" of "JohnSmith"; with an
#: Irish or Scottish prefix: "McCarthy", "O'Brien"), a run in one case, or digits.
_PART = re.compile(r"(?:Mc|O['’])?[A-ZÀ-Þ][a-zß-ÿ]+|[a-zß-ÿ]+|[A-ZÀ-Þ]+(?![a-z])|\d+")
#: A folder written "Surname, First" between separators.
#: The surname may carry its particles before or after it ("van der Dussen, Christl",
#: "Dussen van, Joana": how a Dutch HR system sorts its leavers).
_PARTICLE = "|".join(sorted(NAME_PARTICLES, key=len, reverse=True))
_FOLDER = re.compile(
    rf"(?<=[/\\])(?P<last>(?:(?:{_PARTICLE}) )*(?P<core>[^\W\d_][\w'’-]+)(?: (?:{_PARTICLE}))*), "
    r"(?P<first>[^\W\d_][\w'’-]+)(?=[/\\])"
)
SCORE = 0.75


def _names(first: str, last: str, family_listed: bool = True) -> bool:
    given, family = first.lower(), last.lower()
    if given not in first_name_gazetteer() or (family_listed and family not in name_gazetteer()):
        return False
    return not (is_common_word(given) or is_common_word(family))


def file_names(text: str) -> list[RawSpan]:
    """A person's name inside a file name or a path (see the module docstring)."""
    if not any(c in text for c in "_/\\.") or not any(c.isupper() for c in text):
        return []
    out: list[RawSpan] = []
    for tok in _TOKEN.finditer(text):
        parts = list(_PART.finditer(text, tok.start(), tok.end()))
        for a, b in pairwise(parts):
            gap = text[a.end() : b.start()]
            if gap not in ("", "_", ".", "-") or not a.group(0)[:1].isupper():
                continue
            if _names(a.group(0), b.group(0)):
                out.append((a.start(), b.end(), "PERSON", SCORE))
    for m in _FOLDER.finditer(text):
        # A surname written with its particles is one whatever the lists say (they hold
        # names of one word: "de Vries", "van der Dussen" are in none).
        if _names(m["first"], m["core"], family_listed=m["last"] == m["core"]):
            out.append((m.start(), m.end(), "PERSON", SCORE))
    return out
