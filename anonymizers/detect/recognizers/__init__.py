"""Rule-based span finders for what a small NER model misses in support and HR text.

A statistical NER model sees a name only in a context that looks like its training data
(newswire, title case). Customer exports are chat transcripts, e-mails and notes: names
come after "Hi", before a sign-off, inside a speaker label, after a title, in capitals,
and street addresses span several lines. These rules use the *shape* of such text, not
any list of real people, so they carry over to data they have never seen. Each returns
``(start, end, entity, score)`` tuples; ``detect/text.py`` merges them with NER and known
values. One module per family: names by their cue, names by the name list, addresses,
places, numbers.
"""

RawSpan = tuple[int, int, str, float]
