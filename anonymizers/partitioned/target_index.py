"""The leak check's targets on disk, read back per partition: only those its texts can hold.

Every real value of the bundle is a target of the text leak check (``text_checks.py``):
held whole in every worker, with its matcher, that is memory in proportion to the export.
Here each target is written once to a Parquet index under the digests of the words of
each form the search compares (``whole_words.value_words``), and a partition builds its
``Targets`` and ``LeakMatcher`` from the targets one of whose forms has all its words
among the words of the texts it searches (``whole_words.text_words``): every word of a
whole-word hit is a word of the text, so every target a text holds is read back, and
the hits are the same. (One word a target was too little: the domain of an e-mail, a
group of a phone's digits read back most of the bundle's.)

The same holds for the rest of what the check consults: ids by their core keys
(``IdCores.lookups``; chance reckoned with the whole bundle's ids), the distinctive cores
decided over the whole bundle when the index is written, and the bundle's name words
(the clearance of kept and technical columns) read back for the words the texts hold.
The count of values searched is the whole bundle's, as before.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from anonymizers.detect.known import CORE_LOOKUP, searched_alone
from anonymizers.detect.known_ids import IdCores, core_key, distinctive, split_id
from anonymizers.detect.whole_words import (
    LeakMatcher,
    searchable_expr,
    text_word_rows,
    value_words,
)
from anonymizers.partitioned.arrays import load_array
from anonymizers.partitioned.known_index import (
    batches_under,
    bucketed,
    clear_index,
    digest_of,
    digests,
)
from anonymizers.partitioned.settle import member
from anonymizers.verify.shapes import without_shapes
from anonymizers.verify.targets import Targets, folded_words

#: Namespace of the name words; text words hold no NUL.
NAME_LOOKUP = "\x00n"
#: Rows per index file the writer holds at once.
CHUNK = 400_000
_SCHEMA = {"h": pl.UInt64, "seq": pl.UInt64, "kind": pl.String, "source": pl.String,
           "entity": pl.String, "value": pl.String, "guess": pl.Boolean,
           "form": pl.UInt8, "words": pl.UInt16}  # fmt: skip
_NAMES = ("PERSON", "FIRST_NAME", "LAST_NAME")
#: The keys ``TargetIndex.may_hold`` answers from, written beside the index files: one
#: per form of every value (its words' digests, xor-ed), and the lookups of its ids.
FORM_KEYS = "form-keys.npy"
ID_LOOKUPS = "id-lookups.npy"
#: A text of more words than this is sent to ``subset`` without ``may_hold``'s test (it
#: tries every set of the text's words: 2**words keys).
MAX_KEYED_WORDS = 8


def clear_targets(folder: Path) -> None:
    """An empty target index folder, keys included."""
    clear_index(folder, ("*.parquet", "*.npy"))


class TargetWriter:
    """Writes the index a chunk at a time (``add``, ``add_ids``, then ``close``)."""

    def __init__(
        self,
        folder: Path,
        min_length: int,
        ids_counted: int | None = None,
        *,
        part: str = "",
        seq: int = 0,
    ) -> None:
        """``part``: the prefix of the files this writer adds to an index others write
        parts of too, numbering its targets from ``seq`` on (``index_pass.py``: the
        workers write the structured values' parts, the parent the rest); files sort in
        the order of their targets' numbers. Without it, the writer starts the index."""
        self.folder = folder
        #: the bundle's distinct ids, when the writer is given only some of them
        #: (``kept_targets.kept_targets``); else counted from those it was given
        self.ids_counted = ids_counted
        self.part = part
        folder.mkdir(parents=True, exist_ok=True)
        if not part:
            clear_targets(folder)
        self.min_length = min_length
        self._rows: dict[str, list] = {k: [] for k in (*_SCHEMA, "lookup") if k != "h"}
        self._seq = seq
        self._files = 0
        self.counted = 0
        #: distinct id cores written in digits alone, by their number of digits
        self.numbers: dict[int, int] = {}
        #: the same over the bundle's ids, when the writer is given only some of them
        #: (``kept_targets.kept_index``): a million records numbered from 1 have 9,000
        #: four-digit ids, of which the kept durations hold 2,600
        self.ids_numbers: dict[int, int] | None = None

    def _row(self, lookup: str, kind: str, source: str, entity: str, value: str,
             guess: bool, form: int = 0, words: int = 1) -> None:  # fmt: skip
        for k, v in (("lookup", lookup), ("seq", self._seq), ("kind", kind), ("source", source),
                     ("entity", entity), ("value", value), ("guess", guess), ("form", form),
                     ("words", words)):  # fmt: skip
            self._rows[k].append(v)
        if len(self._rows["seq"]) >= CHUNK:
            self.flush()

    def _extend(self, cols: dict[str, list]) -> None:
        """Many rows at once, column by column (lists of one length, every column of
        ``_row``): the rows and files ``_row`` one row at a time writes, at a fraction of
        its cost (a structured entity is tens of thousands of rows)."""
        n = len(cols["lookup"])
        i = 0
        while i < n:
            room = CHUNK - len(self._rows["seq"])
            for k, v in cols.items():
                self._rows[k].extend(v[i : i + room])
            i += room
            if len(self._rows["seq"]) >= CHUNK:
                self.flush()

    def flush(self) -> None:
        """The rows held so far, to a file (a part's writer ends so)."""
        if not self._rows["seq"]:
            return
        rows = dict(self._rows)
        frame = pl.DataFrame(
            {"h": digests(rows.pop("lookup")), **rows},
            schema_overrides={k: v for k, v in _SCHEMA.items() if k != "h"},
        )
        frame.write_parquet(self.folder / f"{self.part}{self._files:06d}.parquet",
                            compression="lz4", row_group_size=65_536)  # fmt: skip
        self._files += 1
        self._rows = {k: [] for k in self._rows}

    def add(self, source: str, entity: str, values: Sequence[str], guess: bool = False) -> None:
        """As ``Targets.add``: each value under every word of each of its forms (a form
        is read back where all its words are), and the folded words of a sure name value
        (``Targets.name_words``)."""
        values = [v for v in values if searched_alone(entity, v)]
        names = not guess and entity in _NAMES
        lookup: list[str] = []
        seq: list[int] = []
        kind: list[str] = []
        value_of: list[str] = []
        form_of: list[int] = []
        words_of: list[int] = []
        at = self._seq
        for value, forms in zip(values, value_words(values, entity), strict=True):
            for form, words in enumerate(forms):
                n = len(words)
                lookup += sorted(words)
                seq += [at] * n
                kind += ["value"] * n
                value_of += [value] * n
                form_of += [form] * n
                words_of += [n] * n
            if names:
                named = [NAME_LOOKUP + word for word in folded_words({"": {value}})]
                n = len(named)
                lookup += named
                seq += [at] * n
                kind += ["name"] * n
                value_of += [value] * n
                form_of += [0] * n
                words_of += [1] * n
            at += 1
        self._seq = at
        n = len(lookup)
        self._extend({"lookup": lookup, "seq": seq, "kind": kind, "source": [source] * n,
                      "entity": [entity] * n, "value": value_of, "guess": [guess] * n,
                      "form": form_of, "words": words_of})  # fmt: skip

    def add_ids(self, ids: Iterable[tuple[str, str]]) -> None:
        """As ``Targets.add_ids``, for (value, entity) of every id of the bundle, in a
        fixed order: each id under its core key ("id" rows, what ``id_forms`` reads
        back) and its core as a candidate ("cand" rows): ``close`` judges each key's
        first core among all the keys, a bucket of keys at a time."""
        cols: dict[str, list] = {k: [] for k in ("lookup", "seq", "kind", "entity", "value")}
        for value, entity in ids:
            split = split_id(value)
            if split is not None:
                lookup = CORE_LOOKUP + core_key(split[1])
                cols["lookup"] += (lookup, lookup)
                cols["seq"] += (self._seq, self._seq)
                cols["kind"] += ("id", "cand")
                cols["entity"] += (entity, entity)
                cols["value"] += (value, split[1])
            self._seq += 1
        n = len(cols["lookup"])
        self._extend({"lookup": cols["lookup"], "seq": cols["seq"], "kind": cols["kind"],
                      "source": ["structured"] * n, "entity": cols["entity"],
                      "value": cols["value"], "guess": [False] * n, "form": [0] * n,
                      "words": [1] * n})  # fmt: skip

    def _distinctive_cores(self) -> None:
        """``distinctive_cores``: each core key's first core, judged among the number of
        distinct keys of the bundle's ids, added as a structured target (the core as the
        id writes it, and its key) and as a core ``id_forms`` hunts."""
        self.flush()
        files = sorted(self.folder.glob("*.parquet"))
        is_id = pl.col("kind") == "id"
        self.counted = sum(b["h"].n_unique() for b in bucketed(files, is_id, ["h"], "h"))
        if self.ids_counted is not None:
            self.counted = max(self.counted, self.ids_counted)
        cand = pl.col("kind") == "cand"
        for bucket in bucketed(files, cand, ["h"], "h", "seq", "entity", "value"):
            first = bucket.sort("seq").unique("h", keep="first", maintain_order=True)
            alone: dict[str, list[str]] = {}
            for entity, core in first.select("entity", "value").iter_rows():
                if core.isdigit():
                    self.numbers[len(core)] = self.numbers.get(len(core), 0) + 1
                if distinctive(core, self.counted):
                    self._row(CORE_LOOKUP + core_key(core), "core", "structured", entity,
                              core, False)  # fmt: skip
                    self._seq += 1
                    alone.setdefault(entity, []).append(core)
                    if core_key(core) != core:
                        alone[entity].append(core_key(core))
            for entity, cores in sorted(alone.items()):
                self.add("structured", entity, cores)
        for length, n in (self.ids_numbers or {}).items():
            self.numbers[length] = max(self.numbers.get(length, 0), n)

    def close(self) -> TargetIndex:
        self._distinctive_cores()
        self.flush()
        files = sorted(self.folder.glob("*.parquet"))
        self._write_keys(files)
        # The whole matcher's size: distinct (entity, value) targets it would search.
        size = 0
        # One row per value (its first form's lookups are all its rows' seq): the
        # distinct (entity, value) pairs by digest, with whether the matcher searches it.
        pair = pl.struct("entity", "value").hash(0x5EA2C4)
        ok = searchable_expr("value", self.min_length)
        is_value = pl.col("kind") == "value"
        for bucket in bucketed(
            files, is_value, ["entity", "value"], pair.alias("p"), ok.alias("ok")
        ):
            size += int(bucket.unique("p").select(pl.col("ok").sum()).item())

        def any_of(*kinds: str) -> bool:
            found = pl.scan_parquet(files).filter(pl.col("kind").is_in(kinds)).head(1)
            return bool(files) and bool(found.collect().height)

        return TargetIndex(
            self.folder, self.min_length, self.counted, size, any_of("name"),
            any_of("id", "core"), tuple(sorted(self.numbers.items())),
        )  # fmt: skip

    def _write_keys(self, files: list[Path]) -> None:
        """``may_hold``'s keys: each value form's word digests xor-ed (a bucket of forms
        at a time), and the lookups ``subset`` reads ids and cores under."""
        keys = [
            b["k"].to_numpy()
            for b in bucketed(files, pl.col("kind") == "value", ["seq", "form"], "seq", "form", "h")
            for b in [b.unique().group_by("seq", "form").agg(k=pl.col("h").bitwise_xor())]
        ]
        ids = pl.col("kind").is_in(["id", "core"])
        lookups = [b["h"].to_numpy() for b in bucketed(files, ids, ["h"], "h")]
        for name, parts in ((FORM_KEYS, keys), (ID_LOOKUPS, lookups)):
            found = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
            np.save(self.folder / name, np.unique(found.astype(np.uint64)))


@dataclass(frozen=True)
class TargetIndex:
    """The whole bundle's leak-check targets, on disk (see the module docstring)."""

    folder: Path
    min_length: int
    #: the bundle's distinct id cores (chance is reckoned with them)
    counted: int
    #: the (entity, value) targets the whole bundle's matcher searches
    size: int
    #: whether the bundle has sure name values (else the clearance uses Faker's lists)
    has_names: bool
    #: whether any id or id core is indexed: else no text's core lookups can find one
    #: (a run without free text indexes only the ids a kept cell can hold, often none)
    has_cores: bool = True
    #: (digits, how many) of the bundle's id cores written in digits alone
    numbers: tuple[tuple[int, int], ...] = ()

    def chances(self, numbers: pl.Series) -> pl.Series:
        """Per number, the share of all numbers of its length that are one of the bundle's
        ids: how often a code, a count or a card's last four digits of that length meets
        one by chance (row ids 0 to 1,499 are 5% of the four-digit strings)."""
        by_length = {k: min(1.0, ids / 10**k) for k, ids in self.numbers}
        return numbers.str.len_chars().replace_strict(
            by_length, default=0.0, return_dtype=pl.Float64
        )

    def subset(self, texts: Sequence[str], named: Sequence[str] | None = None) -> Subset:
        """The targets ``texts`` (and the same texts with shapes cut out, which the leak
        check searches again) can hold, as the whole bundle's would find them there.
        ``named``: the texts whose words the clearance's name words are read for, when
        they are more than ``texts`` (a column's texts that ``may_hold`` left out hold no
        target, but the clearance still reads the column's names: ``thing_column``)."""
        # Each text once: a partition's 50,000 cells of four user agents have their shapes
        # cut four times, not 50,000 (on the bench's orders, py-spy: 67 of the apply
        # pass's ~150 worker CPU s); the subset depends on which texts, not how often.
        texts = list(dict.fromkeys(t for t in texts if t))
        both = pl.Series([*texts, *without_shapes(texts)], dtype=pl.String).unique()
        by_text = text_word_rows(both)
        lookups = set(by_text["w"].unique().to_list())
        # One text of them all ("\n" joins no word, digit run or group of digits).
        joined = "\n".join(both.to_list())
        if self.counted and self.has_cores:
            lookups.update(CORE_LOOKUP + k for k in IdCores.lookups(joined))
        # The clearance's name words: as it cuts and folds a cell's words.
        if named is not None:
            named = list(dict.fromkeys(t for t in named if t))
            joined = "\n".join([*named, *without_shapes(named)])
        words = set(re.findall(r"[^\W\d_]+", joined))
        folded = {w.casefold() for w in words} | {w.lower() for w in words}
        if self.has_names:
            lookups.update(NAME_LOOKUP + w for w in folded)
        text_words = by_text.select("t", digest_of("w").alias("h")).unique()
        # A file of the index at a time: what is read back under the texts' words grows
        # with the bundle (every e-mail at a domain), what one text holds does not.
        kept: list[pl.DataFrame] = []
        names: set[str] = set()
        for rows in batches_under(self.folder, lookups):
            held = _held_by_one_text(rows.filter(pl.col("kind") == "value"), text_words)
            names |= folded_words({"": set(rows.filter(pl.col("kind") == "name")["value"])})
            kept.append(pl.concat([
                rows.filter(~pl.col("kind").is_in(["value", "name"])),
                rows.filter(pl.col("kind") == "value").join(held, on="seq", how="semi"),
            ]).unique(["seq", "kind", "value"]))  # fmt: skip
        rows = pl.concat(kept) if kept else pl.DataFrame(schema=_SCHEMA)
        return self._subset(rows.sort("seq"), folded, names & folded)

    def may_hold(self, texts: Sequence[str]) -> np.ndarray:
        """Per text, whether ``subset`` could find a value or an id in it: False where no
        form of any value has all its words among the text's words (or the words left of
        it with its shapes cut out, which the leak check searches too) and no id or core
        is filed under its core lookups. Such a text holds nothing of the bundle, so its
        test needs no read of the index: the leak test of one re-drawn birth date was one
        (20 ms and growing with the bundle), and an in-order round tests a date at a time.
        Every word set of a text is keyed, so the answer is exact but for a chance match
        of 64-bit keys (a text then goes to ``subset``, which answers right)."""
        out = np.ones(len(texts), dtype=bool)
        keys = _keys(self.folder)
        if keys is None or not texts:
            return out
        forms, ids = keys
        n = len(texts)
        cut = without_shapes(list(texts))
        words = (
            text_word_rows(pl.Series([*texts, *cut], dtype=pl.String))
            .select(i=pl.col("t") % n, side=pl.col("t") // n, h=digest_of("w"))
            .unique()
            .group_by("i", "side")
            .agg("h")
        )
        held = np.zeros(n, dtype=bool)
        if words.height <= FEW_TEXTS:
            _few_texts_keyed(forms, words, held)
        else:
            sized = words.with_columns(k=pl.col("h").list.len())
            held[sized.filter(pl.col("k") > MAX_KEYED_WORDS)["i"].to_numpy()] = True
            for (k,), group in sized.filter(pl.col("k") <= MAX_KEYED_WORDS).partition_by(
                "k", as_dict=True
            ).items():  # fmt: skip
                found = _any_word_set_keyed(forms, group["h"].list.to_array(int(k)).to_numpy())
                held[group["i"].to_numpy()[found]] = True
        if self.counted and self.has_cores and ids.size:
            owner, lookups = [], []
            for i, (text, left) in enumerate(zip(texts, cut, strict=True)):
                found = IdCores.lookups(text + "\n" + left)
                owner += [i] * len(found)
                lookups += [CORE_LOOKUP + k for k in found]
            if lookups:
                hit = member(ids, digests(lookups).to_numpy())
                held[np.asarray(owner, dtype=np.int64)[hit]] = True
        return held

    def whole(self) -> Subset:
        """Every target of the bundle, read at once: for a small bundle and for tests
        (a partition reads its ``subset``)."""
        files = sorted(self.folder.glob("*.parquet"))
        rows = pl.read_parquet(files) if files else pl.DataFrame(schema=_SCHEMA)
        rows = rows.unique(["seq", "kind", "value"]).sort("seq")
        return self._subset(rows, None)

    def _subset(
        self, rows: pl.DataFrame, folded: set[str] | None, names_read: set[str] | None = None
    ) -> Subset:
        """``rows`` as the leak check takes them; ``folded``: the searched texts' folded
        words, which the clearance's name words are cut to (None: all of them);
        ``names_read``: name words already taken from the rows (cut), added to theirs."""
        t = Targets()
        ids: dict[str, str] = {}
        named: set[str] = set()
        for kind, source, entity, value, guess in rows.select(
            "kind", "source", "entity", "value", "guess"
        ).iter_rows():
            if kind == "value":
                t.add(source, entity, [value], guess=guess)
            elif kind == "id":
                ids[value] = entity
            elif kind == "core":
                t.core_keys_alone([value])
            elif kind == "name":
                named.add(value)
        names = folded_words({"": named})
        if folded is not None:
            names &= folded
        names |= names_read or set()
        t.add_known_ids(ids, self.counted)
        if self.has_names:
            names.add("\x00")  # never a word: the bundle's names, not Faker's lists
        return Subset(t, LeakMatcher(t.by_entity, self.min_length), frozenset(names), self.size)


#: Keys tested at once by ``_any_word_set_keyed`` (8 bytes each).
_KEYS_AT_ONCE = 1 << 22


#: Up to this many texts (and their cut forms), ``may_hold`` keys their word sets one
#: text at a time: the settling's leak tests ask of a draw or a few at a time, where
#: the column-wise keying's frames cost more than the keys (2.7 ms against 1.5 a call).
FEW_TEXTS = 64


def _few_texts_keyed(forms: KeySet, words: pl.DataFrame, held: np.ndarray) -> None:
    """``may_hold``'s test of ``words`` ((i, side, h): each text's word digests), a text
    at a time: the same keys as ``_any_word_set_keyed``, marked in ``held``."""
    owner: list[int] = []
    subsets: list[int] = []
    for i, _, hs in words.iter_rows():
        if len(hs) > MAX_KEYED_WORDS:
            held[i] = True
            continue
        combined = [0]
        for h in hs:
            combined += [k ^ h for k in combined]
        owner += [i] * (len(combined) - 1)
        subsets += combined[1:]
    if subsets:
        keyed = forms.has(np.asarray(subsets, dtype=np.uint64))
        held[np.asarray(owner, dtype=np.int64)[keyed]] = True


def _any_word_set_keyed(forms: KeySet, words: np.ndarray) -> np.ndarray:
    """Per row of ``words`` (texts of as many words each: their digests), whether the
    xor of some non-empty set of them is one of ``forms``: every set of a row's
    words keyed at once, column-wise (a text of six words has 63), a slice of rows at a
    time so that the keys stay within ``_KEYS_AT_ONCE``."""
    rows, k = words.shape
    found = np.zeros(rows, dtype=bool)
    step = max(1, _KEYS_AT_ONCE >> k)
    for lo in range(0, rows, step):
        part = words[lo : lo + step]
        sets = np.zeros((part.shape[0], 1), dtype=np.uint64)
        for j in range(k):
            sets = np.concatenate([sets, sets ^ part[:, j : j + 1]], axis=1)
        keys = sets[:, 1:]
        found[lo : lo + step] = forms.has(keys.ravel()).reshape(keys.shape).any(axis=1)
    return found


#: The bitmap of ``KeySet`` holds this many bits per key, within these bounds (a bit an
#: entry: 2**28 of them are 32 MB).
_BITS_PER_KEY = 32
_BITS_MIN, _BITS_MAX = 1 << 13, 1 << 28


class KeySet:
    """Sorted 64-bit keys with a bitmap of their low bits in front: nearly every key a
    text's word sets make is no form's, and the bitmap turns it away without the binary
    search, ~90 ns a key in the sorted keys (a partition's kept cells of a million
    contacts make 3.5 million keys: 0.3 s of search, 0.02 s of bitmap). A bit an entry,
    not a byte: the 7 million form keys of a million orders filled a third of a 2**24
    byte map, so a third of the keys went on to the search (~2 s of each partition's
    kept-column hunt); eight times the entries in the same memory turn away nearly all."""

    def __init__(self, keys: np.ndarray) -> None:
        self.keys = keys
        size = _BITS_MIN
        while size < min(_BITS_MAX, keys.size * _BITS_PER_KEY):
            size <<= 1
        self.mask = np.uint64(size - 1)
        low = np.asarray(keys, dtype=np.uint64) & self.mask
        self.bits = np.zeros(size // 8, dtype=np.uint8)
        np.bitwise_or.at(self.bits, low >> np.uint64(3), _BIT[low & np.uint64(7)])

    def has(self, values: np.ndarray) -> np.ndarray:
        """Per value, whether it is one of the keys."""
        out = np.zeros(values.size, dtype=bool)
        low = values & self.mask
        maybe = np.flatnonzero(self.bits[low >> np.uint64(3)] & _BIT[low & np.uint64(7)])
        out[maybe] = member(self.keys, values[maybe])
        return out


#: Each bit of a byte, by its place.
_BIT = (1 << np.arange(8)).astype(np.uint8)


def _keys(folder: Path) -> tuple[KeySet, np.ndarray] | None:
    """``may_hold``'s keys of the index in ``folder`` (None for one written without
    them), read once per writing of the files."""
    paths = [folder / FORM_KEYS, folder / ID_LOOKUPS]
    if not all(p.exists() for p in paths):
        return None
    return _read_keys(tuple(paths), tuple(p.stat().st_mtime_ns for p in paths))


@functools.lru_cache(maxsize=4)
def _read_keys(paths: tuple[Path, ...], _written: tuple[int, ...]) -> tuple[KeySet, np.ndarray]:
    forms, ids = (load_array(p, mmap_mode="r") for p in paths)
    return KeySet(forms), ids


#: Texts of at most this many words (fakes, the cells of a structured column) are paired
#: with a form through the two rarest of its words (``_by_two_words``).
PAIRED_WORDS = 12


def _by_two_words(ranked: pl.DataFrame, words: pl.DataFrame) -> pl.DataFrame:
    """(t, seq, form) of the texts holding a form's two rarest words (its only word, for a
    form of one). The rarest alone is not enough where every word is common: the 45,114
    fake IP addresses of an orders table are made of 254 octets, each in some 700 of
    them, so joining the bundle's real addresses to the fakes by their rarest octet made
    31 million pairs (2.9 GB and 10 s in one worker, growing with the bundle). Each text's
    pairs of words are few when its words are (``PAIRED_WORDS``)."""
    two = (
        ranked.group_by("seq", "form", maintain_order=True)
        .head(2)
        .group_by("seq", "form")
        .agg(a=pl.col("h").min(), b=pl.col("h").max(), n=pl.len())
    )
    alone = two.filter(pl.col("n") == 1).select("seq", "form", h="a")
    both = two.filter(pl.col("n") == 2).select("seq", "form", "a", "b")
    text_pairs = (
        words.join(words, on="t", suffix="_b")
        .filter(pl.col("h") < pl.col("h_b"))
        .select("t", a="h", b="h_b")
    )
    return pl.concat([
        alone.join(words, on="h").select("t", "seq", "form"),
        both.join(text_pairs, on=["a", "b"]).select("t", "seq", "form"),
    ])  # fmt: skip


def _held_by_one_text(rows: pl.DataFrame, words: pl.DataFrame) -> pl.DataFrame:
    """The ``seq`` of the values one text holds every word of one of their forms of
    (``rows``: their word rows read back; ``words``: (text, word digest)). Each form is
    joined to the texts holding its word that fewest texts hold, then those pairs are
    checked for the rest of its words: the pairs are about a text's own values, never
    (texts holding an e-mail's domain) x (the bundle's e-mails at that domain)."""
    forms = (
        rows.group_by("seq", "form")
        .agg(pl.col("h").n_unique().alias("found"), pl.col("words").first())
        .filter(pl.col("found") == pl.col("words"))
        .select("seq", "form", "words")
    )
    if not forms.height:
        return forms.select("seq")
    cand = rows.join(forms.select("seq", "form"), on=["seq", "form"], how="semi").select(
        "seq", "form", "h"
    ).unique()  # fmt: skip
    held_by = words.group_by("h").len("texts")
    ranked = cand.join(held_by, on="h").sort("texts", "h")
    most = words.group_by("t").len()["len"].max()
    if most is not None and int(most) <= PAIRED_WORDS:  # type: ignore[arg-type]
        pairs = _by_two_words(ranked, words)
    else:
        rarest = ranked.unique(["seq", "form"], keep="first").select("seq", "form", "h")
        pairs = rarest.join(words, on="h").select("t", "seq", "form")
    return (
        pairs.join(cand, on=["seq", "form"])
        .join(words, on=["t", "h"], how="semi")
        .group_by("t", "seq", "form")
        .agg(pl.col("h").n_unique().alias("found"))
        .join(forms, on=["seq", "form"])
        .filter(pl.col("found") == pl.col("words"))
        .select("seq")
        .unique()
    )


@dataclass
class Subset:
    """A partition's share of the targets: what ``leak_check`` takes."""

    targets: Targets
    matcher: LeakMatcher
    names: frozenset[str]
    #: the whole bundle's count of values searched
    size: int
