"""Letter case in support text: a re-capitalised copy for NER, and the case a name rule accepts.

NER relies on capitals, and chat text often has none (or only capitals). The copy keeps
every offset, so spans found on it apply to the original.
"""

from __future__ import annotations

import re

from anonymizers.detect.languages import guess_language, is_everyday
from anonymizers.detect.lexicon import is_common_word, name_gazetteer, place_gazetteer

#: Where a sentence starts, searched up to a word's start: the text's start or a full
#: stop, colon or line break, then spaces, quotes or an opening bracket. A capital there
#: says nothing about a name.
SENTENCE_START = re.compile(r"(?:^|[.!?:;\n])[\s\"'(«„“-]*$")
#: A line with at least this share of its letters in capitals is written in capitals.
CAPS_LINE = 0.85
_CAPS_WORD = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-Þ]{5,}(?![\w'’-])")


def case_variant(text: str) -> str | None:
    """A same-length copy with names re-capitalised on lines in ALL CAPS or all lower case.

    NER relies on capitals; 'CALL PETER WALSH' or 'talked to peter walsh' hide them. Only
    words that are not common English get a capital, so the model is not shown a title-case
    sentence where every word looks like a name. On a line in another language ('hablé con
    fidel ripoll el jueves') only words the name or place lists know get one: the model
    would read any other capitalised foreign word as a name. None when no line needs it."""
    lang = "en"

    def fix(m: re.Match[str]) -> str:
        w = m.group(0)
        if is_common_word(w) or len(w) < 2 or (lang != "en" and is_everyday(w, lang)):
            return w.lower()
        if (
            lang != "en"
            and w.lower() not in name_gazetteer()
            and w.lower() not in place_gazetteer()
        ):
            return w
        cap = w[0].upper() + w[1:].lower()
        return cap if len(cap) == len(w) else w

    def fix_caps(m: re.Match[str]) -> str:
        w = m.group(0)
        if is_common_word(w) or not any(c in "AEIOUYÅÄÖÆØÉÈÁÍÓÚ" for c in w):
            return w
        cap = w[0] + w[1:].lower()
        return cap if len(cap) == len(w) else w

    changed = False
    lines = text.split("\n")
    for i, line in enumerate(lines):
        letters = "".join(filter(str.isalpha, line))
        if len(letters) < 4:
            continue
        upper = sum(map(str.isupper, letters)) / len(letters)
        if 0.02 < upper < CAPS_LINE:
            # A mixed-case line: only words in capitals ("a year in HAUGESUND") get a
            # title-case copy; short ones are acronyms (IBM, USD) and stay.
            new = _CAPS_WORD.sub(fix_caps, line)
            if new != line and len(new) == len(line):
                lines[i] = new
                changed = True
            continue
        lang = guess_language(line)
        new = re.sub(r"[A-Za-zÀ-ÖØ-öø-ÿ]+", fix, line)
        if len(new) == len(line) and new != line:
            lines[i] = new
            changed = True
    return "\n".join(lines) if changed else None


def case_ok(words: list[str], text: str, at: int) -> bool:
    """Capitalised words, or lower-case ones on a line written all in lower case."""
    if all(w[:1].isupper() for w in words):
        return True
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return line == line.lower() and all(w[:1].islower() for w in words)
