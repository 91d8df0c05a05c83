"""A realistic evaluation corpus of our own: export bundles of the shapes real systems
write, in eight languages, with truth labels, and their scorer (``python -m bench.eval_corpus``).

Written without reading the detector's word lists, rules or recognizers: the corpus
measures detection, it must not be shaped on it. ``heldout.py`` holds templates that
detection work must never read; the report shows dev and held-out figures apart.
"""
