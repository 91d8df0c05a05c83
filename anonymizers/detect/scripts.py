"""Scripts written without spaces between words, where a word boundary is no gap.

Japanese, Chinese and Thai run their words together, and Korean attaches its particles
to the word before ("010-1234-5678로"): a phone number written right after "配達前に"
("before delivery") has a word character on either side, so a search for it as a whole
word, which is what both the transform's known values and the gate's leak check do,
never finds it. There, a character of such a script ends a word on its own: a value
is found where it starts or ends next to one, and "近藤" is found in "近藤様" ("Mr
Kondo"). Words of the spaced scripts (Latin, Cyrillic, Greek, digits...) keep their
boundaries: "Anna" is still not found in "Annabelle".
"""

from __future__ import annotations

import re

#: Han (with extension A and the compatibility ideographs), Hiragana, Katakana (with its
#: half-width forms and phonetic extensions), Hangul syllables and jamo, Thai, Lao,
#: Khmer and Myanmar: the letters of scripts written without spaces between words.
UNSPACED_RANGES = (
    "\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3040-\u30ff\u3130-\u318f"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
)
#: One character of an unspaced script (a regex class, for ``re``, ``regex`` and polars).
UNSPACED = f"[{UNSPACED_RANGES}]"
#: A word character (``\w``) of a spaced script: what glues a value to its neighbour.
SPACED_WORD = rf"[^\W{UNSPACED_RANGES}]"

_UNSPACED = re.compile(UNSPACED)


def unspaced(c: str) -> bool:
    """Whether ``c`` is a character of a script written without spaces between words."""
    return bool(_UNSPACED.match(c))


def width(text: str) -> int:
    """A value's length as the minimum lengths of the searches count it: a character of
    an unspaced script counts twice. "钟雷" (Zhong Lei) is a whole name in two characters,
    as specific as "Ramirez" in seven, and was left in the text by a three-letter minimum
    meant to spare "Al" and "Bo"; one character alone stays unsearched."""
    return len(text) + sum(1 for c in text if unspaced(c))


def glued(before: str, after: str) -> bool:
    """Whether two adjacent characters belong to one word: both word characters, and
    neither of an unspaced script."""
    return (
        (before.isalnum() or before == "_")
        and (after.isalnum() or after == "_")
        and not unspaced(before)
        and not unspaced(after)
    )
