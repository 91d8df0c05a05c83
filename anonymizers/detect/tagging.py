"""Part-of-speech tags only for the tokens a rule reads, from windows of the text.

Two rules read the tagger's fine-grained tags: the name list's proper-noun test
(``recognizers/listed_names.py``) and the verb test on names guessed from a
re-capitalised copy (``disambiguate.not_name_pos``). Tagging every token costs a third
of the spaCy pass (the shared tok2vec feeds only the tagger: the small English model's
NER has its own), while those rules read a tag in a few tokens of a text.

A window encoder's tag for a token depends only on the tokens within its reach
(``depth × window_size`` on each side: 4 for the small English models), so the tagger
run on those tokens alone, taken from the text as they are, gives the very tag it gives
in the whole text (checked: 0 differences in 25,000 tokens with reach 4, 16 with 3).
A model whose encoder is anything else is tagged whole. For the small models' shape
(tok2vec of window encoders, softmax tagger) ``narrow_tags.py`` computes the windows'
tags from fewer rows: the same tags at a third of the cost.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from anonymizers.detect.narrow_tags import NarrowTagger

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Encoders whose reach is ``depth × window_size`` tokens on each side.
_WINDOW_ENCODERS = frozenset(
    f"spacy.{kind}WindowEncoder.v{v}" for kind in ("Maxout", "Mish") for v in (1, 2)
)

TAGGER = "tagger"
TOK2VEC = "tok2vec"


def listened_to(nlp: Language, component: str) -> str | None:
    """The shared tok2vec ``component`` listens to, or ``None`` if it has its own."""
    model = nlp.config.get("components", {}).get(component, {}).get("model", {})
    source = model.get("tok2vec", {})
    if source.get("@architectures", "").startswith("spacy.Tok2VecListener"):
        return str(source.get("upstream", TOK2VEC))
    return None


def encoder_reach(nlp: Language) -> int | None:
    """Tokens on each side that can change a token's tag; ``None`` when unknown."""
    components = nlp.config.get("components", {})
    upstream = listened_to(nlp, TAGGER)
    source = components.get(upstream or TAGGER, {}).get("model", {})
    if upstream is None:
        source = source.get("tok2vec", {})
    encode = source.get("encode", {})
    if encode.get("@architectures") not in _WINDOW_ENCODERS:
        return None
    try:
        return int(encode["depth"]) * int(encode["window_size"])
    except (KeyError, TypeError, ValueError):
        return None


class WindowTagger:
    """Tags the wanted tokens of many docs in one batched pass over their windows."""

    def __init__(self, nlp: Language) -> None:
        self.stages: list[Any] = []
        if TAGGER in nlp.component_names:
            if upstream := listened_to(nlp, TAGGER):
                self.stages.append(nlp.get_pipe(upstream))
            self.stages.append(nlp.get_pipe(TAGGER))
        self.reach = encoder_reach(nlp)
        self.narrow = (
            NarrowTagger.of(self.stages[0], self.stages[1], self.reach)
            if len(self.stages) == 2
            else None
        )

    def tag(self, wanted: Iterable[tuple[Doc, Sequence[int]]]) -> None:
        """Set ``tag_`` on the wanted token indices of each doc (others stay untagged)."""
        if not self.stages:
            return
        segments: list[tuple[Doc, int, int, list[int]]] = []
        docs: list[Doc] = []
        for doc, indices in wanted:
            parts = self._segments(doc, sorted(set(indices)))
            if parts:
                segments.extend(parts)
                if self.narrow is None:
                    docs.extend(_windows(doc, [(a, b) for _d, a, b, _i in parts]))
        if not segments:
            return
        if self.narrow is not None:
            self.narrow.tag(segments)
            return
        for stage in self.stages:
            docs = list(stage.pipe(docs, batch_size=256))
        for (doc, a, _b, indices), part in zip(segments, docs, strict=True):
            for i in indices:
                doc[i].tag_ = part[i - a].tag_

    def _segments(self, doc: Doc, indices: list[int]) -> list[tuple[Doc, int, int, list[int]]]:
        """Windows around the wanted tokens, merged when they overlap or nearly touch (a
        segment costs more than the few tokens between two windows)."""
        if not indices:
            return []
        n = len(doc)
        if self.reach is None:
            return [(doc, 0, n, indices)]
        r = self.reach
        out: list[tuple[Doc, int, int, list[int]]] = []
        start, end, held = max(0, indices[0] - r), min(n, indices[0] + r + 1), [indices[0]]
        for i in indices[1:]:
            a, b = max(0, i - r), min(n, i + r + 1)
            if a <= end + r:
                end = b
                held.append(i)
            else:
                out.append((doc, start, end, held))
                start, end, held = a, b, [i]
        out.append((doc, start, end, held))
        return out


def _windows(doc: Doc, bounds: list[tuple[int, int]]) -> list[Doc]:
    """Docs of ``doc``'s tokens in each ``[a, b)``, with the attributes the encoder reads
    (text, trailing space, norm: a tokenizer exception's 'not' for "n't"). Built from one
    array per doc: ``Span.as_doc`` per window cost five times as much."""
    from spacy.attrs import NORM, ORTH, SPACY
    from spacy.tokens import Doc

    array = doc.to_array([ORTH, SPACY, NORM])
    strings = doc.vocab.strings
    out: list[Doc] = []
    for a, b in bounds:
        part = array[a:b]
        window = Doc(
            doc.vocab,
            words=[strings[int(o)] for o in part[:, 0]],
            spaces=part[:, 1].astype(bool).tolist(),
        )
        window.from_array([NORM], part[:, 2:3])
        out.append(window)
    return out


@lru_cache(maxsize=8)
def window_tagger(nlp: Language) -> WindowTagger:
    """One per pipeline (per process: ``detect/nlp.py`` keeps the analyzer)."""
    return WindowTagger(nlp)
