"""A partition's share of the leak check's targets, read back from the on-disk index, finds
in its texts exactly what the whole bundle's targets find: values (names as written,
upper- and title-cased; the rest folded), ids' cores in any form, and the same name words
and verdicts on guesses for the clearance."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from anonymizers.detect.known import ID_LIKE
from anonymizers.detect.whole_words import LeakMatcher
from anonymizers.partitioned import known_index, target_index
from anonymizers.partitioned.target_index import KeySet, TargetWriter
from anonymizers.policy import Policy
from anonymizers.verify.targets import Targets
from tests.helpers.known_bundle import known_bundle

#: Values the text spans found: sure ones and NER guesses (some also table values).
SURE = {"PERSON": {"Margaret Holloway", "Dmitri Volkov"}, "EMAIL_ADDRESS": {"mh@example.org"}}
GUESS = {"PERSON": {"Viele Grüße", "Beatriz Fonseca"}, "LOCATION": {"Ciao", "Rotterdam"}}


def _whole(values: dict[str, set[str]]) -> Targets:
    """As the in-memory ``GlobalTargets.targets`` built them."""
    t = Targets()
    for entity, vals in sorted(values.items()):
        t.add("structured", entity, sorted(vals))
    t.add_ids({v: e for e in sorted(ID_LIKE) for v in sorted(values.get(e, ()))})
    for entity, vals in sorted(SURE.items()):
        t.add("detected", entity, sorted(vals))
    for entity, vals in sorted(GUESS.items()):
        t.add("detected", entity, sorted(vals), guess=True)
    return t


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("targets")
    values, _named, texts = known_bundle(root / "export")
    values = {e: {v for v in vs if any(c.isalnum() for c in v)} for e, vs in values.items()}
    min_length = Policy().verification.min_leak_length
    # Files of ~2,000 rows: a value's rows straddle two files, which a share reads a file
    # at a time (``known_index.batches_under``).
    small = pytest.MonkeyPatch()
    small.setattr(target_index, "CHUNK", 2_000)
    writer = TargetWriter(root / "index", min_length)
    for entity, vals in sorted(values.items()):
        writer.add("structured", entity, sorted(vals))
    writer.add_ids((v, e) for e in sorted(ID_LIKE) for v in sorted(values.get(e, ())))
    for entity, vals in sorted(SURE.items()):
        writer.add("detected", entity, sorted(vals))
    for entity, vals in sorted(GUESS.items()):
        writer.add("detected", entity, sorted(vals), guess=True)
    # A customer id's long core beside a bare account core: judged alone among all ids.
    accounts = sorted(values["US_BANK_NUMBER"])[:5]
    customers = sorted(v for v in values["ID"] if v.startswith("CUS-"))[:5]
    texts = [
        *texts, "Viele Grüße, MARGARET HOLLOWAY", "Beatriz Fonseca in Rotterdam: Ciao!",
        *(f"cases {c[4:]} / {a[4:]} closed" for c, a in zip(customers, accounts, strict=True)),
    ]  # fmt: skip
    whole = _whole(values)
    # Buckets of about 1,000 rows: the counts and the cores' verdicts add up over them.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(known_index, "BUCKET_ROWS", 1_000)
        index = writer.close()
    small.undo()
    assert len(list((root / "index").glob("*.parquet"))) > 3
    return texts, whole, LeakMatcher(whole.by_entity, min_length), index


def _sorted(frame: pl.DataFrame) -> list[tuple]:
    return sorted(frame.iter_rows())


@pytest.mark.parametrize("size", [25])
def test_a_share_finds_what_the_whole_bundles_targets_find(bundle, size: int) -> None:
    texts, whole, matcher, index = bundle
    hits = 0
    for start in range(0, len(texts), size):
        part = texts[start : start + size]
        series = pl.Series(part, dtype=pl.String)
        share = index.subset(part)
        expected = matcher.hits(series)
        assert _sorted(share.matcher.hits(series)) == _sorted(expected)
        assert _sorted(share.targets.id_forms(series)) == _sorted(whole.id_forms(series))
        for _row, entity, value in expected.iter_rows():
            assert share.targets.unconfirmed(entity, value) == whole.unconfirmed(entity, value)
            assert share.targets.guess_only(entity, value) == whole.guess_only(entity, value)
        words = {w.casefold() for t in part for w in t.split()}
        assert share.names & words == whole.name_words() & words
        assert share.size == matcher.size
        hits += expected.height
    assert hits > 300


@pytest.mark.parametrize("paired", [0, target_index.PAIRED_WORDS])
def test_short_texts_find_the_same_by_their_pairs_of_words(
    bundle, paired: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fakes and structured cells (few words each, all of them common: octets, numbers,
    first names) are paired with targets through two words; the share finds what the
    whole bundle's targets find there, as the single-word join did."""
    texts, _whole, matcher, index = bundle
    monkeypatch.setattr(target_index, "PAIRED_WORDS", paired)
    short = sorted({w for t in texts for w in t.split(", ") if 0 < len(w.split()) <= 6})
    short += ["Dr. Margaret Holloway", "MARGARET HOLLOWAY", "10.1.2.3", "Rotterdam 4"]
    assert len(short) > 200
    found = 0
    for start in range(0, len(short), 100):
        series = pl.Series(short[start : start + 100], dtype=pl.String)
        share = index.subset(series.to_list())
        expected = matcher.hits(series)
        assert _sorted(share.matcher.hits(series)) == _sorted(expected)
        found += expected.height
    assert found > 50


def test_a_text_said_to_hold_nothing_holds_nothing_the_share_finds(bundle) -> None:
    """``may_hold`` spares a text the index read only where the text's share would find
    no value and no id form in it: tested on the bundle's texts, their pieces, and the
    texts and pieces with their letters and digits shifted (what fakes look like)."""
    texts, _whole, _matcher, index = bundle
    pieces = sorted({p for t in texts for p in (t, *t.split(", "), *t.split(". ")) if p})
    shifted = [p.translate(_SHIFT) for p in pieces]
    candidates = [*pieces, *shifted, "", "1974-08-30", "+1-778-692-1133x6909"]
    maybe = index.may_hold(candidates)
    for start in range(0, len(candidates), 200):
        part = candidates[start : start + 200]
        series = pl.Series(part, dtype=pl.String)
        share = index.subset(part)
        found = set(share.matcher.hits(series)["row"].to_list())
        found |= set(share.targets.id_forms(series)["row"].to_list())
        assert all(maybe[start + row] for row in found)
    # Most of the bundle's texts hold a value; most short shifted pieces (fakes' length)
    # hold none (those with digits may: digit groups are words of the bundle's values).
    assert maybe[: len(pieces)].mean() > 0.5
    short = [len(pieces) + i for i, p in enumerate(shifted) if len(p.split()) <= 6]
    assert len(short) > 200
    assert maybe[short].mean() < 0.5


def test_a_few_texts_and_many_are_keyed_alike(bundle) -> None:
    """``may_hold`` keys a few texts one by one and many column-wise: the same answers."""
    texts, _whole, _matcher, index = bundle
    pieces = sorted({p for t in texts for p in (t, *t.split(", ")) if p})[:400]
    candidates = [*pieces, *(p.translate(_SHIFT) for p in pieces)]
    assert len(candidates) > target_index.FEW_TEXTS
    many = index.may_hold(candidates)
    one_by_one = [bool(index.may_hold([c])[0]) for c in candidates]
    assert many.tolist() == one_by_one
    assert 0 < sum(one_by_one) < len(candidates)


def test_the_texts_that_may_hold_a_target_read_back_what_all_of_them_do(bundle) -> None:
    """The kept-column hunt reads back only for the texts ``may_hold`` keeps, and the
    clearance's name words for all of them (``named``): the same targets, hits and name
    words as every text read back."""
    texts, _whole, _matcher, index = bundle
    pieces = sorted({p for t in texts for p in (t, *t.split(", "), *t.split(". ")) if p})
    # Each piece's words one to a text: a name word alone is no target of the bundle.
    words = sorted({w for p in pieces for w in p.split()})
    candidates = [*pieces, *(p.translate(_SHIFT) for p in pieces), *words]
    maybe = index.may_hold(candidates)
    held = [t for t, m in zip(candidates, maybe, strict=True) if m]
    assert 0 < len(held) < len(candidates)
    every = index.subset(candidates)
    narrowed = index.subset(held, named=candidates)
    assert narrowed.names == every.names
    assert narrowed.targets.by_entity == every.targets.by_entity
    series = pl.Series(candidates, dtype=pl.String)
    assert _sorted(narrowed.matcher.hits(series)) == _sorted(every.matcher.hits(series))


def test_the_name_words_of_texts_that_hold_no_target_are_read_for_the_clearance(
    tmp_path,
) -> None:
    # A firm named from two customers' names holds neither customer: no target, but its
    # words are the bundle's name words, which tell a column of firms from one of people.
    writer = TargetWriter(tmp_path / "index", Policy().verification.min_leak_length)
    writer.add("structured", "PERSON", ["Ingrid Halvorsen", "Tomasz Wojcik"])
    index = writer.close()
    texts = ["Ingrid Halvorsen", "Ingrid Wojcik", "order 42"]
    assert index.may_hold(texts).tolist() == [True, False, False]
    alone = index.subset(texts[:1])
    named = index.subset(texts[:1], named=texts)
    assert "wojcik" in named.names and "wojcik" not in alone.names
    assert named.names == index.subset(texts).names


#: Each letter and digit moved along its alphabet: words of the shape of the bundle's.
_SHIFT = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "defghijklmnopqrstuvwxyzabcDEFGHIJKLMNOPQRSTUVWXYZABC3456789012",
)


def test_a_coarse_coordinate_is_no_target_where_a_precise_one_is(tmp_path) -> None:
    # The ride-hailing probe: a rider's home latitude "4.53" met a driver's rating 4.53.
    writer = TargetWriter(tmp_path / "index", Policy().verification.min_leak_length)
    writer.add("structured", "GEO_COORDINATE", ["4.53", "-12.5", "52.370216", "-4.889714"])
    texts = ["rated 4.53 by a rider", "refund -12.5 EUR", "pin at 52.370216, -4.889714"]
    share = writer.close().subset(texts)
    hits = share.matcher.hits(pl.Series(texts, dtype=pl.String))
    assert sorted(hits["value"].to_list()) == ["-4.889714", "52.370216"]


@pytest.mark.parametrize("size", [0, 1, 3_000, 700_000])
def test_a_key_set_answers_as_a_search_of_all_its_keys(size: int) -> None:
    # A bit an entry, eight to a byte (700,000 keys: 2**25 bits, 4 MB): still exact.
    rng = np.random.default_rng(size)
    keys = np.unique(rng.integers(0, 2**64, size, dtype=np.uint64, endpoint=False))
    tested = np.concatenate([keys[::3], rng.integers(0, 2**64, 50_000, dtype=np.uint64)])
    tested = np.concatenate([tested, keys[:5] ^ np.uint64(1), keys[:5] + np.uint64(1 << 40)])
    key_set = KeySet(keys)
    assert key_set.bits.size * 8 == int(key_set.mask) + 1
    assert np.array_equal(key_set.has(tested), np.isin(tested, keys))
