"""NER over the sentences that can hold a name, each distinct sentence once.

Why: the model's NER costs about 85 µs a token on the small English model, half of
detection, and most of what it reads in support text cannot give detection anything.
Detection reads its PERSON and place entities (and the labels that veto a place slot),
and the small model finds those in words written with a capital; a sentence whose only
capitals are "I" and an everyday opening word ("Thanks for the quick reply.", "Can you
confirm the phone number on the account?") gives none. And support text repeats itself:
agents' macros, greetings, questions and sign-offs recur across tickets, so a sentence
read once need not be read again. On the mixed bench's 5,143 distinct texts 52% of the
characters are in distinct sentences that can hold a name.

So a text is tokenised whole (Presidio's recognisers and the rules read all its tokens,
and the tagger's windows come from it), cut into sentences at a sentence end followed by
white space and no lower-case word (a chat's lines end so, a signature's do not); NER
runs on each distinct sentence that can hold a name, and its entities are set on the
whole text's doc at their place. An entity is a function of its sentence's text alone,
whatever the texts read with it, so a run's results do not depend on its partitions,
workers or the order of its texts. What a sentence's NER no longer sees is the text
around it (the model reads four tokens either side of each token): an abbreviation's
dot ("Mr.", "St.", an initial) never ends a sentence, so a name is never cut from its
title.

Scripts without case (Chinese, Arabic, Thai...) have no capitals to go by: a sentence
with such letters always goes to NER.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from anonymizers.detect.lexicon import (
    TITLE_WORDS,
    english_words,
    first_name_gazetteer,
    is_common_word,
    name_gazetteer,
    place_gazetteer,
    word_list,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

NER = "ner"
#: Distinct sentences whose entities a process keeps; past it the memo starts again.
MEMO_SIZE = 200_000

#: A sentence's end: its marks and closing quotes or brackets, then white space. Group 1
#: is the word before a single dot, if any (an abbreviation's test). A line break alone
#: ends nothing: a signature's name on its own line keeps the lines around it ("Best,"),
#: alone the model reads "Marta Kowalska" as an organisation.
_END = re.compile(r"(?:(\b[^\W\d_]+)?\.|[.!?…]{2,}|[!?…])[\"'”’)\]]*(?=\s)")
#: Words a dot follows inside a sentence (besides titles and single letters).
_ABBREVIATIONS = frozenset(word_list("abbreviations"))
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_I = re.compile(r"I(?:['’](?:m|ve|ll|d))?")
#: Where a sentence's opening word may also stand: after a speaker's or a form's label.
_OPENING = re.compile(r"(?:^|[:\-–—>]\s*|[\"“(]\s*)$")


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, white space around it left out."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        word = m.group(1)
        if word is not None and (
            len(word) == 1 or word.lower() in TITLE_WORDS or word.lower() in _ABBREVIATIONS
        ):
            continue  # "Mr. Smith", "J. Smith", "12 Oak St. Leeds"
        following = text[m.end() : m.end() + 64].lstrip()
        if following[:1].islower():
            continue  # "e.g. the app", "approx. five"
        _add(text, start, m.end(), out)
        start = m.end()
    _add(text, start, len(text), out)
    return out


def _add(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        out.append((start + lead, start + lead + len(stripped)))


def may_hold_names(sentence: str) -> bool:
    """False when no word of ``sentence`` is written as a name or place could be: its
    only capitals are "I" and an opening word that is everyday English and no first name
    or place ("Can", "Thanks", "The"; not "Will", "Grace", "Paris"). A sentence in lower
    case says nothing by its capitals (the model finds some names in it all the same)."""
    if not any(c.isupper() for c in sentence):
        return any(c.isalpha() for c in sentence)
    for m in _WORD.finditer(sentence):
        word = m.group()
        if word.islower():
            continue
        if not any(c.isupper() or c.islower() for c in word):
            return True  # a script without case
        if _I.fullmatch(word):
            continue
        if (
            word[1:].islower()
            and _OPENING.search(sentence[: m.start()])
            and _everyday_opening(word)
        ):
            continue
        return True
    return False


@lru_cache(maxsize=4096)
def _everyday_opening(word: str) -> bool:
    """An English word (a stop word, our everyday words, a WordNet base form) that no
    name list holds as a first name, surname or place."""
    low = word.lower()
    return (
        (is_common_word(word) or low in english_words())
        and low not in first_name_gazetteer()
        and low not in name_gazetteer()
        and low not in place_gazetteer()
    )


class SentenceNer:
    """One pipeline's NER by sentence, with the entities of each distinct sentence kept."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.memo: dict[str, tuple[tuple[int, int, str], ...]] = {}
        #: The pipes a text's doc goes through after its entities are set (the lemmas).
        self.after = [(name, pipe) for name, pipe in nlp.pipeline if name != NER]

    def docs(
        self, texts: Iterable[str], batch_size: int, n_process: int = 1, block: int = 512
    ) -> Iterator[Doc]:
        """A doc per text, in order: every token, entities from its sentences' NER."""
        it = iter(texts)
        while chunk := list(islice(it, block)):
            yield from self._chunk(chunk, batch_size, n_process)

    def _chunk(self, texts: Sequence[str], batch_size: int, n_process: int) -> Iterator[Doc]:
        cuts = [[(s, e) for s, e in sentences(t) if may_hold_names(t[s:e])] for t in texts]
        distinct = dict.fromkeys(
            t[s:e] for t, spans in zip(texts, cuts, strict=True) for s, e in spans
        )
        if len(self.memo) + len(distinct) > MEMO_SIZE:
            self.memo.clear()
        new = [sentence for sentence in distinct if sentence not in self.memo]
        new.sort(key=len)  # like lengths batch together
        with self.nlp.select_pipes(enable=[NER]):
            for sentence, doc in zip(
                new, self.nlp.pipe(new, batch_size=batch_size, n_process=n_process), strict=True
            ):
                self.memo[sentence] = tuple((e.start_char, e.end_char, e.label_) for e in doc.ents)
        for text, spans in zip(texts, cuts, strict=True):
            doc = self.nlp.make_doc(text)
            ents = []
            for s, e in spans:
                for a, b, label in self.memo.get(text[s:e], ()):
                    span = doc.char_span(s + a, s + b, label=label, alignment_mode="expand")
                    if span is not None and (not ents or ents[-1].end <= span.start):
                        ents.append(span)
            doc.ents = ents
            for _name, pipe in self.after:
                doc = pipe(doc)
            yield doc


@lru_cache(maxsize=4)
def sentence_ner(nlp: Language) -> SentenceNer:
    """The process's ``SentenceNer`` for ``nlp`` (its memo shared by every detector)."""
    return SentenceNer(nlp)
