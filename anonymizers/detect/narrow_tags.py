"""The tagger's window encoder computed only where a wanted tag can see, each embedding once.

Why: ``tagging.WindowTagger`` hands the tagger a window of ``reach`` tokens on each side of
every wanted token, and spaCy then runs every layer of the tok2vec over every token of
every window: 113,000 token rows for 17,000 wanted tags on the mixed bench's texts, a
quarter of the detector's CPU outside NER. But a window encoder of depth ``d`` and window
1 needs layer ``k``'s output only within ``d - k`` tokens of a wanted token (so the last
layer at the wanted token alone), and a token's embedding (hashed attributes, maxout, layer
norm) depends on nothing but its own attributes, which repeat ('the', ',', 'Hi').

So this computes the same arithmetic on fewer rows: the embedding of each distinct
attribute row of a call once, the first residual layer once per distinct (previous, own,
next) embedding, then each further layer on the rows the next layer reads, with the zero
rows thinc puts around a sequence (``with_array``'s padding) where a window meets the
text's edge. The tags are the ones the windows give (checked on the bench's,
the corpus' and the support texts: the same tags, the same spans). Any other model shape
returns ``None`` from ``NarrowTagger.of`` and the windows are tagged as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: thinc names of the layers this reads; any other tok2vec or tagger is run whole.
_EMBED = ("extract_features", "list2ragged", None, "with_array(maxout>>layernorm>>dropout)",
          "ragged2list")  # fmt: skip
_BLOCK = "residual(expand_window>>maxout>>layernorm>>dropout)"


class NarrowTagger:
    """Sets the tags of wanted tokens from a tok2vec of window encoders and a softmax tagger."""

    def __init__(self, tok2vec: Any, tagger: Any, reach: int) -> None:
        embed, encode = tok2vec.model.layers
        self.features = embed.layers[0]
        self.hash = embed.layers[2]
        self.mix = embed.layers[3]
        self.blocks = [b.layers[0].layers[1] for b in encode.layers[0].layers]
        self.softmax = tagger.model.layers[1]
        self.labels = tuple(tagger.labels)
        self.reach = reach
        self.width = int(embed.get_dim("nO"))

    @classmethod
    def of(cls, tok2vec: Any, tagger: Any, reach: int | None) -> NarrowTagger | None:
        """One for this tok2vec and tagger when they have the shape it computes, else None."""
        try:
            embed, encode = tok2vec.model.layers
            names = [layer.name for layer in embed.layers]
            if len(names) != len(_EMBED) or any(
                want is not None and got != want for want, got in zip(_EMBED, names, strict=True)
            ):
                return None
            # Hashed attributes, one table per attribute: row by row, nothing else read.
            hashed = names[2].removeprefix("with_array(").removesuffix(")").split("|")
            if not hashed or any(h != "ints-getitem>>hashembed" for h in hashed):
                return None
            (stack,) = encode.layers
            blocks = stack.layers
            if not blocks or any(b.name != _BLOCK for b in blocks):
                return None
            if any(b.layers[0].layers[0].attrs.get("window_size") != 1 for b in blocks):
                return None
            if reach != len(blocks):
                return None
            listener, head = tagger.model.layers
            if not listener.name.startswith("tok2vec-listener"):
                return None
            if head.name != "with_array(softmax)":
                return None
        except (AttributeError, ValueError, TypeError, IndexError):
            return None
        return cls(tok2vec, tagger, reach)

    def tag(self, segments: Sequence[tuple[Doc, int, int, list[int]]]) -> None:
        """Set ``tag_`` on the listed token indices of each ``(doc, a, b, indices)``: the
        tag the tagger gives them in a window of the doc's tokens ``[a, b)``."""
        if not segments:
            return
        r = self.reach
        docs: dict[int, Doc] = {}
        for doc, _a, _b, _i in segments:
            docs.setdefault(id(doc), doc)
        feats = dict(zip(docs, self.features.predict(list(docs.values())), strict=True))
        # One padded sequence per window, as with_array lays them out: r zero rows, the
        # window's tokens, r zero rows.
        rows: list[np.ndarray] = []
        token_at: list[np.ndarray] = []
        wanted: list[np.ndarray] = []
        off = 0
        for doc, a, b, indices in segments:
            rows.append(feats[id(doc)][a:b])
            token_at.append(np.arange(off + r, off + r + b - a))
            wanted.append(np.asarray(indices, dtype=np.int64) - a + off + r)
            off += b - a + 2 * r
        attrs = np.concatenate(rows)
        distinct, inverse = np.unique(attrs, axis=0, return_inverse=True)
        embedded = self.mix.predict(self.hash.predict(distinct))
        seq = np.zeros((off, self.width), dtype=embedded.dtype)
        # Which distinct embedding each row holds (-1: a zero padding row).
        ids = np.full(off, -1, dtype=np.int64)
        ids[np.concatenate(token_at)] = inverse.reshape(-1)
        seq[ids >= 0] = embedded[ids[ids >= 0]]
        want = np.concatenate(wanted)
        for depth, block in enumerate(self.blocks, start=1):
            near = r - depth  # this layer is read within `near` tokens of a wanted one
            at = np.unique((want[:, None] + np.arange(-near, near + 1)).reshape(-1))
            if depth == 1:
                # The first layer reads three embeddings: rows holding the same three
                # (',' after 'thanks', 'the' before 'order') are computed once.
                keys = np.stack([ids[at - 1], ids[at], ids[at + 1]], axis=1)
                _k, first, again = np.unique(keys, axis=0, return_index=True, return_inverse=True)
                one = at[first]
                cur = seq[one]
                out = block.predict(np.concatenate([seq[one - 1], cur, seq[one + 1]], axis=1))
                seq[at] = (cur + out)[again.reshape(-1)]
                continue
            cur = seq[at]
            out = block.predict(np.concatenate([seq[at - 1], cur, seq[at + 1]], axis=1))
            seq[at] = cur + out
        guesses = self.softmax.predict(seq[want]).argmax(axis=1).tolist()
        k = 0
        for doc, _a, _b, indices in segments:
            for i in indices:
                doc[i].tag_ = self.labels[guesses[k]]
                k += 1
