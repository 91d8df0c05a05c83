"""The text passes' merges on disk give the in-memory answers: the guesses sorted per
entity, the guesses NER did not agree on, and each column's shared pages."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from anonymizers.detect.shared_urls import merge_url_texts, shared_of
from anonymizers.partitioned.text_merge import (
    MergedGuesses,
    merged_values,
    shared_pages,
    write_counts,
    write_guesses,
)
from anonymizers.transform.propagate import Guesses

HELP = "https://help.example.com/hc/articles/360012345-returns"
PROFILE = "https://www.linkedin.com/in/margaret-holloway"


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=8).digest()


def _partitions() -> list[tuple[Guesses, dict[str, dict[str, set[bytes]]], Counter[str]]]:
    """Three partitions: guesses NER tagged, the texts holding each, page addresses."""
    out = []
    for p, (names, places) in enumerate([
        (["Margaret Holloway", "Viele Grüße", "Dmitri"], ["Rotterdam"]),
        (["Margaret Holloway", "Beatriz Fonseca", "Viele Grüße"], ["Ciao", "Göteborg"]),
        (["Dmitri", "Søren Kierkegaard"], ["Rotterdam", "Ciao"]),
    ]):  # fmt: skip
        g = Guesses(
            {"PERSON": set(names), "LOCATION": set(places)},
            Counter({n.casefold(): 1 + i for i, n in enumerate(names + places)}),
            {"rotterdam"} if p == 2 else set(),
        )
        held = Counter({n.casefold(): 3 + p for n in names + places} | {"ciao": 9})
        urls = {"note": {HELP: {_digest(f"ticket {p}-{i}") for i in range(2 + p)},
                         PROFILE: {_digest(f"ticket {p}-0")}}}  # fmt: skip
        out.append((g, urls, held))
    return out


def test_the_merges_on_disk_give_the_in_memory_answers(tmp_path: Path) -> None:
    parts = _partitions()
    folders = [
        write_guesses(tmp_path / f"p{i}.guesses", "tickets", g, urls)
        for i, (g, urls, _held) in enumerate(parts)
    ]
    held_files = [
        write_counts(tmp_path / f"p{i}.held.parquet", h) for i, (*_, h) in enumerate(parts)
    ]
    merged = Guesses()
    urls: dict[str, set[bytes]] = {}
    held: Counter[str] = Counter()
    for g, u, h in parts:
        merged.merge(g)
        merge_url_texts(urls, u["note"])
        held.update(h)
    assert [(e, list(v)) for e, v in merged_values(folders)] == [
        (e, sorted(merged.values[e])) for e in sorted(merged.values)
    ]
    rejected = MergedGuesses(tuple(folders), tmp_path).rejected(held_files)
    expected = merged.rejected(held)
    assert expected  # the test has guesses on both sides of the share
    every = set(merged.tagged) | {"unknown"}
    assert rejected.among(every) == expected
    assert shared_pages(folders) == {("tickets", "note"): shared_of(urls)}
    assert shared_of(urls) == {HELP}
