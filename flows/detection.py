"""Free-text detection on the flow's workers: the texts in even chunks, one task each,
and the spaCy model loaded on the workers while the flow still plans.

The flow's own stages stay in ``sanitize.py``; what decides how detection is spread over
the task runner (processes or Dask workers: NER holds the GIL, threads would not help)
lives here, with the measurements behind its choices.
"""

from __future__ import annotations

from functools import partial

import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE

from anonymizers.detect.known import KnownValues
from anonymizers.detect.nlp import build_analyzer
from anonymizers.detect.pieces import Detect, detect_in_pieces
from anonymizers.detect.spans import Span
from anonymizers.detect.text import TextDetector
from anonymizers.io.tables import Table, data_columns
from anonymizers.offline import configure_offline
from anonymizers.policy import Policy
from flows.arguments import Whole
from flows.cli.progress import say


@task(name="detect-chunk", cache_policy=NO_CACHE)
def detect_chunk_task(
    policy: Whole[Policy], known: Whole[KnownValues | None], texts: Whole[list[str]]
) -> list[list[Span]]:
    """NER on one chunk in a worker process; the model loads once per process. Arguments
    come as ``Whole`` (``flows/arguments.py``): a chunk of texts is never walked."""
    configure_offline()
    return TextDetector(policy.value, known.value).detect(texts.value)


@task(name="load-model", cache_policy=NO_CACHE)
def load_model_task(policy: Whole[Policy]) -> None:
    """A worker loads the spaCy model and builds the analyzer while the flow plans: the
    first detection chunk finds them ready (``detect/nlp.py`` keeps one per process)."""
    configure_offline()
    build_analyzer(policy.value)


def prose_cells(tables: list[Table], sample: int = 200) -> int:
    """Cells of the string columns whose sampled values average 30 characters or more:
    about what the plan will call free text (its measure), counted before there is a plan,
    to tell whether detection will need the workers."""
    total = 0
    for table in tables:
        for name in data_columns(table.df):
            series = table.df[name]
            if series.dtype != pl.String:
                continue
            head = series.drop_nulls().head(sample)
            if head.len() and (head.str.len_chars().mean() or 0) >= 30:
                total += series.len() - series.null_count()
    return total


def chunked_detector(
    policy: Policy,
    known: KnownValues | None,
    local: TextDetector,
    what: str = "detected",
    workers: int = 1,
    spread: bool = False,
) -> Detect:
    """Unique texts in chunks, one task each on the flow's task runner (processes or Dask
    workers: NER holds the GIL, threads would not help). ``workers`` only evens out the
    chunks (``text_chunks``): a text's spans do not depend on the chunk it is in.
    ``spread``: the workers are up (the flow warmed them), so even texts that fit one
    chunk go to all of them rather than to this process alone."""

    def detect(cells: list[str]) -> list[list[Span]]:
        unique = list(dict.fromkeys(cells))
        chunks = text_chunks(unique, policy.nlp.chunk_size, parts=workers, spread=spread)
        if len(chunks) <= 1:
            found = local.detect(unique)  # small bundle: no worker start-up
        else:
            futures = [
                detect_chunk_task.submit(Whole(policy), Whole(known), Whole(c)) for c in chunks
            ]
            found = []
            for i, future in enumerate(futures, 1):
                found.extend(future.result())
                say(f"  {what} chunk {i}/{len(chunks)}")
        by_text = dict(zip(unique, found, strict=True))
        return [by_text[c] for c in cells]

    # A long cell goes out as pieces, also from the residual scan (detect/pieces.py).
    return partial(detect_in_pieces, detect)


#: Characters per detection task, whatever the chunk size: a long cell arrives as many
#: pieces (``detect/pieces.py``), and a task this size reports within a minute or two
#: (under a minute on one core of the bench machine).
CHUNK_CHARS = 1_500_000

#: What a text costs detection beyond its characters, in characters: the rules, Presidio's
#: recognisers and the span repairs run once per text (measured on the bench's comments and
#: chats: about 2 ms per text against 25 µs per character of spaCy).
TEXT_COST_CHARS = 100


def text_chunks(
    texts: list[str], size: int, chars: int = CHUNK_CHARS, parts: int = 1, spread: bool = False
) -> list[list[str]]:
    """``texts`` in order, in chunks of at most ``size`` texts and (unless one text is
    longer) ``chars`` characters: deterministic, so any runner gets the same chunks.

    With ``parts`` workers and more than one chunk, the chunks are as many as the bounds
    need rounded up to a multiple of ``parts``, cut to even work (characters plus
    ``TEXT_COST_CHARS`` a text): 13 chunks of 400 texts on 2 workers left one worker
    alone for the last chunk; 14 even ones keep both busy to the end. One chunk stays
    one (run where it is, no worker start-up) unless ``spread``: then ``parts`` chunks.
    Spans are the same however the texts are chunked (spaCy reads each text on its own)."""
    chunks = _bounded(texts, size, chars)
    if parts <= 1 or (len(chunks) <= 1 and not (spread and len(texts) >= parts)):
        return chunks
    weights = [len(t) + TEXT_COST_CHARS for t in texts]
    count = -(-len(chunks) // parts) * parts
    while True:  # more chunks when the bounds break the even cut (ends: one text each)
        even = _even(texts, weights, count, size, chars)
        if len(even) <= count:
            return even
        count += parts


def _even(
    texts: list[str], weights: list[int], count: int, size: int, chars: int
) -> list[list[str]]:
    """``texts`` in order in about ``count`` chunks of even weight, within the bounds."""
    share = sum(weights) / count
    out: list[list[str]] = []
    current: list[str] = []
    held = 0
    done = 0.0  # weight of the texts already placed
    for text, weight in zip(texts, weights, strict=True):
        # Close when this text's middle would pass the chunk's share of the whole.
        full = len(current) == size or held + len(text) > chars
        if current and (full or done + weight / 2 > share * (len(out) + 1)):
            out.append(current)
            current, held = [], 0
        current.append(text)
        held += len(text)
        done += weight
    if current:
        out.append(current)
    return out


def _bounded(texts: list[str], size: int, chars: int) -> list[list[str]]:
    """The fewest chunks in order within ``size`` texts and ``chars`` characters."""
    chunks: list[list[str]] = []
    current: list[str] = []
    held = 0
    for text in texts:
        if current and (len(current) == size or held + len(text) > chars):
            chunks.append(current)
            current, held = [], 0
        current.append(text)
        held += len(text)
    if current:
        chunks.append(current)
    return chunks
