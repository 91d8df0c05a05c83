"""Known ids written another way: "my account number is 553120", "acc 553120", "#553120",
"553-120" or "acc553120" for the ``ACC-553120`` of a table; "NffrFeUfNV2Hib" for a
payment customer's ``cus_NffrFeUfNV2Hib``.

People drop an id's letter prefix, change its case or separator, group its digits, or
break it over a line. What stays is its *core*: the id without its letter prefix,
compared on its letters and digits only, case-folded (``core_key``). A run of words joined
by ``- _ / .`` (or digit groups joined by single spaces) whose letters and digits are a
known core is that id.

When does a core count alone, with no word around it? That is a question of chance, not
of wording: a text's number of one shape is one of ``n`` known cores of ``b`` bits (six
digits: 19.9 bits) with probability about ``n / 2**b``. A core counts alone when that
chance is at most ``2**-CHANCE_BITS`` (one in a thousand): six digits among 120 known
accounts, not among 10,000. A core that is not distinctive enough alone still counts
when the text marks it as an id: its prefix before it (any case, any separator or none),
a "#", or an id word close before or after it (``phrases/id_words.txt``: "account",
"Kundennummer", "pedido", ... in eight languages). A core must hold a digit and four
letters or digits at least; one that reads as a calendar date (``20240115``) never
counts alone. The span says which known id it stands for, so its replacement is the core
of that id's own fake (``transform/apply.py``), and the gate hunts the same distinctive
cores in the output (``verify/targets.py``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import cache

import regex

from anonymizers.detect.phrases import phrase_list

#: A core counts alone when a random token of its shape is a known core with a chance
#: of at most 2**-CHANCE_BITS.
CHANCE_BITS = 10
#: Letters and digits a core needs at least (with a word around it).
MIN_CORE = 4
#: Letters and digits a core needs to count alone, whatever its bits.
MIN_BARE = 5

#: A letter prefix ("ACC-", "cus_", "INV "), then the rest of the id.
_PREFIX = regex.compile(r"(?P<prefix>\p{L}{1,8})(?P<sep>[-_/.#: ]?)(?P<core>[\p{L}\p{N}].*)")
#: A candidate is a run of letters and digits joined by single - _ / . ("553-120",
#: "cus_Nffr2", "12.5") that holds a digit. Found by one regex over the whole text, not
#: grown from each digit in Python: the target index looks up the cores of every fake a
#: draw makes, joined into one text (a telecom's 100,000 IMEIs and phones).
_DIGITS = re.compile(r"\d")
_RUN = re.compile(r"[^\W_]+(?:[-_/.][^\W_]+)*")
#: What ``str.isalnum`` is not.
_NOT_ALNUM = re.compile(r"[\W_]+")
#: Digit groups joined by single spaces ("553 120", "5531 20"): a whole run is a candidate.
_SPACED = re.compile(r"\d[ \u00a0\u202f]\d")
_GROUPS = re.compile(
    r"(?<![^\W_])(?<!\d[.,])(?<!\d[.,] )\d{2,}(?:[ \u00a0\u202f]\d{2,})+(?![^\W_])(?![.,]\d)"
)
#: What may stand between a prefix and its core in text: "ACC 553120", "ACC -\n553120".
_SEPARATORS = r"[ \t]*(?:[-_/.#:]|\r?\n)?[ \t]*\#?"
#: How far before or after the core an id word may stand ("account number is ").
_WINDOW = 32
_LEAD = re.compile(r"[^\W\d_]+[-_/.]?")
_NUMBER_BEFORE = re.compile(r"(?:\d[.,:]|\+)$")
_NUMBER_AFTER = re.compile(r"[.,:]\d")
_DATE = regex.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")


def core_key(text: str) -> str:
    """The form a core is compared in: its letters and digits, case-folded. (A regex,
    not a loop over characters: the cores of every fake a draw makes are keyed.)"""
    return text.casefold() if text.isalnum() else _NOT_ALNUM.sub("", text).casefold()


def split_id(value: str) -> tuple[str, str] | None:
    """(prefix, core) of an id value ("ACC-553120" → ("ACC", "553120"); "553120" →
    ("", "553120")), or None when it has no core: no digit, or fewer than ``MIN_CORE``
    letters and digits after its prefix."""
    value = value.strip()
    prefix, core = "", value
    m = _PREFIX.fullmatch(value)
    if m and (m.group("sep") or m.group("core")[0].isdigit()):
        prefix, core = m.group("prefix"), m.group("core")
    elif lead := regex.match(r"\p{L}{1,8}(?=\d)", value):
        prefix, core = lead.group(0), value[lead.end() :]  # "abc1234": cut at its digits
    key = core_key(core)
    if len(key) < MIN_CORE or not any(c.isdigit() for c in key):
        return None
    return prefix, core


def core_bits(core: str) -> float:
    """The information in a core of this length and alphabet (digits only: 10 a place;
    digits and letters of one case: 36; of both cases: 62)."""
    chars = [c for c in core if c.isalnum()]
    if all(c.isdigit() for c in chars):
        alphabet = 10
    elif any(c.isupper() for c in chars) and any(c.islower() for c in chars):
        alphabet = 62
    else:
        alphabet = 36
    return len(chars) * math.log2(alphabet)


def distinctive(core: str, known: int) -> bool:
    """Does ``core`` count alone among ``known`` cores? (chance at most 2**-CHANCE_BITS
    that a random token of its shape is one of them; never a calendar date)."""
    key = core_key(core)
    if len(key) < MIN_BARE or _DATE.fullmatch(key):
        return False
    return core_bits(core) >= math.log2(max(known, 1)) + CHANCE_BITS


def distinctive_cores(values: Iterable[str]) -> dict[str, str]:
    """The cores of these id values that count alone, as the values write them, each
    with its id ("553120" → ACC-553120; "2024-00123" and "202400123" → INV-2024-00123):
    what the leak check and the transform's scrub hunt for besides the whole values.
    Judged among all the values' cores, as ``IdCores`` judges them."""
    cores: dict[str, tuple[str, str]] = {}
    for value in values:
        split = split_id(str(value))
        if split is not None:
            cores.setdefault(core_key(split[1]), (split[1], str(value)))
    out: dict[str, str] = {}
    for key, (core, value) in cores.items():
        if distinctive(core, len(cores)):
            out[core] = value
            out.setdefault(key, value)
    return out


@cache
def _id_words() -> tuple[str, str]:
    words = sorted({w.casefold() for w in phrase_list("id_words")}, key=len, reverse=True)
    links = sorted({w.casefold() for w in phrase_list("id_links")}, key=len, reverse=True)
    return "|".join(regex.escape(w) for w in words), "|".join(regex.escape(w) for w in links)


@cache
def _id_word_set() -> frozenset[str]:
    return frozenset(w.casefold() for w in phrase_list("id_words"))


@cache
def _word_before() -> regex.Pattern[str]:
    """An id word, then only linking words (``phrases/id_links.txt``) up to the core."""
    alt, link = _id_words()
    return regex.compile(
        rf"(?i)(?<![\w])(?:{alt})(?:[\s:#.,=-]*(?<![\w])(?:{alt}|{link})(?![\w]))*[\s:#.=(-]*$",
        regex.V0,
    )


@cache
def _word_after() -> regex.Pattern[str]:
    """Right after the core: linking words, then an id word ("553120 is my account")."""
    alt, link = _id_words()
    return regex.compile(rf"(?i)[\s:,)=-]*(?:(?:{link})[\s:,]+){{0,3}}(?:{alt})(?![\w])", regex.V0)


@cache
def _prefix_before(prefix: str) -> regex.Pattern[str]:
    return regex.compile(rf"(?i)(?<![\p{{L}}\p{{N}}_]){regex.escape(prefix)}{_SEPARATORS}$")


class IdCores:
    """The cores of a bundle's ids, found again in text."""

    def __init__(self) -> None:
        #: core key → (known id, its prefix)
        self._cores: dict[str, tuple[str, str]] = {}
        self._alone: dict[str, bool] = {}
        #: known id → its core key
        self._key_of: dict[str, str] = {}
        self._counted = 0

    def __len__(self) -> int:
        return len(self._cores)

    def core_keys(self) -> list[str]:
        """The core keys known (what ``lookups`` of a text must hold for a core to be found)."""
        return list(self._cores)

    def reckon_with(self, counted: int) -> None:
        """Judge chance among ``counted`` ids: a subset of a bundle's cores (those a
        partition's texts could hold, ``known_index``) judges them as the whole would."""
        self._counted = counted
        self._alone.clear()

    @staticmethod
    def lookups(text: str) -> set[str]:
        """Every core key ``find`` looks up in ``text`` (a superset: ``find`` skips some):
        a core is found only if its key is among them."""
        out: set[str] = set()
        for run in _digit_runs(text):
            out.add(core_key(run))
            if lead := _LEAD.match(run):
                out.add(core_key(run[lead.end() :]))
        if _SPACED.search(text):
            out.update(core_key(m.group(0)) for m in _GROUPS.finditer(text))
        return out

    def add(self, value: str, counted: bool = True) -> None:
        """Remember ``value`` when it has a core ("ACC-553120", "cus_NffrFeUfNV2Hib").
        An id only a text named is not ``counted`` among the ids that chance is reckoned
        with: the gate reckons with the tables' ids alone, and both must agree."""
        split = split_id(value)
        if split is not None:
            key = core_key(split[1])
            if key not in self._cores:
                self._cores[key] = (value, split[0])
                self._key_of[value] = key
                self._counted += counted
            self._alone.clear()

    def knows(self, value: str) -> bool:
        """Is ``value``'s core the core of a known id ("553-120" of ACC-553120)?"""
        split = split_id(value)
        return split is not None and core_key(split[1]) in self._cores

    def _counts_alone(self, key: str) -> bool:
        if key not in self._alone:
            value, prefix = self._cores[key]
            core = value.strip()[len(prefix) :]
            self._alone[key] = distinctive(core, self._counted)
        return self._alone[key]

    def find(self, text: str, alone: bool = False) -> list[tuple[int, int, str]]:
        """(start, end, known id) for each core of a known id in ``text``: alone when it
        is distinctive, or where the text marks it as an id. With ``alone``, only the
        cores that count alone, in any of their forms (what the gate hunts: a short
        core after an id word may be a fake's)."""
        if not self._cores:
            return []
        out: list[tuple[int, int, str]] = []
        for m in _RUN.finditer(text):
            if not _DIGITS.search(m.group(0)):
                continue
            start, end = m.span()
            if _in_number(text, start, end):
                continue
            hit = self._run_hit(text, start, end, text[start:end])
            if hit is not None and (not alone or self._counts_alone(self._key_of[hit[2]])):
                out.append(hit)
        if _SPACED.search(text):
            for m in _GROUPS.finditer(text):
                key = core_key(m.group(0))
                if key in self._cores and (not alone or self._counts_alone(key)):
                    hit = self._marked(text, m.start(), m.end(), key)
                    if hit is not None:
                        out.append(hit)
        return sorted(set(out))

    def _run_hit(self, text: str, start: int, end: int, run: str) -> tuple[int, int, str] | None:
        key = core_key(run)
        if key in self._cores:
            return self._marked(text, start, end, key)
        # Letters glued to a core: its own prefix in another case or separator
        # ("acc553120", "Acc_553120") or an id word ("account-553120").
        lead = _LEAD.match(run)
        if lead is None:
            return None
        rest = core_key(run[lead.end() :])
        if rest not in self._cores:
            return None
        value, prefix = self._cores[rest]
        letters = lead.group(0).rstrip("-_/.").casefold()
        if prefix and letters == prefix.casefold():
            return start, end, value
        if letters in _id_word_set():
            return start + lead.end(), end, value
        return None

    def _marked(self, text: str, start: int, end: int, key: str) -> tuple[int, int, str] | None:
        """The id at ``start:end`` (grown over its prefix when the text writes it), if
        it counts alone or the text marks it as an id."""
        value, prefix = self._cores[key]
        if prefix and (m := _prefix_before(prefix).search(text, max(0, start - 24), start)):
            return m.start(), end, value
        if self._counts_alone(key):
            return start, end, value
        before = text[max(0, start - _WINDOW - 12) : start]
        if before.rstrip(" ").endswith("#") or _word_before().search(before):
            return start, end, value
        if _word_after().match(text, end, min(len(text), end + _WINDOW)):
            return start, end, value
        return None


def _in_number(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` part of a longer number: a decimal ("553120,50"), a
    thousands group ("1,553120"), a time or a number glued to a sign?"""
    return bool(
        _NUMBER_BEFORE.search(text, max(0, start - 2), start) or _NUMBER_AFTER.match(text, end)
    )


def written_like(original: str, known: str, fake: str) -> str:
    """The fake of id ``known`` written the way ``original`` (a core found by ``IdCores``)
    wrote it: for ACC-553120 faked as ACC-918273, "acc 553120" becomes "acc 918273",
    "553-120" becomes "918-273"; for cus_NffrFeUfNV2Hib, its lower-cased core takes the
    fake's core lower-cased. The fake's letters and digits go into the original's places,
    each letter in the original's case; a fake of another length is used whole."""
    chars = [c for c in original if c.isalnum()]
    ours, theirs = split_id(known), split_id(fake)
    if ours is None or theirs is None:
        return fake
    core = [c for c in theirs[1] if c.isalnum()]
    whole = [c for c in theirs[0] + theirs[1] if c.isalnum()]
    if len(chars) == len(core_key(ours[1])) == len(core):
        source = iter(core)
    elif len(chars) == len(core_key(ours[0] + ours[1])) == len(whole):
        source = iter(whole)
    else:
        return fake
    out = []
    for c in original:
        if not c.isalnum():
            out.append(c)
            continue
        f = next(source)
        out.append((f.upper() if c.isupper() else f.lower()) if c.isalpha() else f)
    return "".join(out)


def _digit_runs(text: str) -> list[str]:
    """The runs of letters and digits joined by single - _ / . in ``text`` that hold a
    digit."""
    return [r for r in _RUN.findall(text) if _DIGITS.search(r)]
