"""The vocabulary the detection rules consult: our word lists and Faker's public ones.

Our own lists (everyday words that fill name slots, form labels, organisation words,
street types, ...) are data, one word per line in ``words/*.txt``, read once through
``word_list``. Faker's person and address providers give the large generic lists of
first and last names, places, countries and street words, over all its locales. None of
these is a list of real customers: they describe the *shape* of text, so they carry over
to data the rules have never seen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from importlib.resources import files


@cache
def word_list(name: str) -> tuple[str, ...]:
    """The words of ``words/<name>.txt``, in file order; blank and ``#`` lines skipped."""
    text = (files(__package__) / "words" / f"{name}.txt").read_text(encoding="utf-8")
    return tuple(w for line in text.splitlines() if (w := line.strip()) and not w.startswith("#"))


@cache
def street_prefixes() -> frozenset[str]:
    """Street types written before a street's name ("via", "strada", "ul"), lower case,
    without an abbreviation's dot."""
    return frozenset(w.strip(".") for w in word_list("street_prefixes"))


#: Street types as a regex alternation, in the file's order (a word before its abbreviation).
STREET_TYPES = "(?:" + "|".join(word_list("street_types")) + ")"
#: Words that end or start an organisation's name, never a person's.
ORG_WORDS = frozenset(word_list("org_words"))
#: Titles and suffixes around a name that are not part of it.
TITLE_WORDS = frozenset(word_list("titles"))
#: Particles that join two name words into one name.
NAME_PARTICLES = frozenset(word_list("name_particles"))


@cache
def _plain_words() -> frozenset[str]:
    return frozenset((*word_list("not_names"), *word_list("form_labels"), *word_list("calendar")))


#: A contraction's ending after a stop word: "I'm", "it's", "you're", "we've", "he'd".
_CONTRACTION = re.compile(r"([a-z]+)['’](m|s|re|ve|ll|d)")


def is_common_word(word: str) -> bool:
    """True for words that are far more often plain English than a name, a stop word's
    contraction included ("I'm" opening "Hi, I'm Luciana" is no part of her name; "O'Neil"
    and "D'Souza" start with no stop word)."""
    w = word.lower().strip(".,'’")
    if (m := _CONTRACTION.fullmatch(w)) and m.group(1) in _stop_words():
        return True
    return w in _plain_words() or w in _stop_words()


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def name_words_only(name: str) -> bool:
    """True when every word of ``name`` longer than an initial could be a name: none is an
    everyday, organisation or street word."""
    words = [w for w in name.split() if len(w.rstrip(".")) > 1]
    return bool(words) and not any(
        is_common_word(w) or w.lower() in ORG_WORDS or w.lower() in street_words() for w in words
    )


def _provider_strings(package: object, wanted: Callable[[str], bool]) -> set[str]:
    """Every string in the list/dict attributes ``wanted`` accepts, over all locales."""
    import importlib
    import pkgutil

    out: set[str] = set()
    for info in pkgutil.iter_modules(package.__path__):  # type: ignore[attr-defined]
        try:
            provider = importlib.import_module(f"{package.__name__}.{info.name}").Provider  # type: ignore[attr-defined]
        except (ImportError, AttributeError):
            continue
        for base in provider.__mro__:
            for attr, value in base.__dict__.items():
                if not wanted(attr) or callable(value):
                    continue
                if isinstance(value, dict):
                    value = list(value)
                if isinstance(value, (list, tuple, set, frozenset)):
                    out.update(v for v in value if isinstance(v, str))
    return out


@lru_cache(maxsize=1)
def name_gazetteer() -> frozenset[str]:
    """Lower-cased first and last names from Faker's person providers, all locales
    (romanised lists included, so Japanese or Chinese names written in Latin count).

    A public, generic list (tens of thousands of names from dozens of countries), used
    only together with the tagger's proper-noun tag, so 'Will' the verb or 'May' the month
    in lower case never counts. It is what lets a small NER model see 'Gareth' in a list."""
    import faker.providers.person as person

    def wanted(attr: str) -> bool:
        return attr.endswith(("names", "names_female", "names_male")) or "_names_" in attr

    raw = _provider_strings(person, lambda a: wanted(a) and "kana" not in a and "lang" not in a)
    names = {v.lower() for v in raw if len(v) >= 3}
    return frozenset(n for n in names if " " not in n and not is_common_word(n))


@cache
def person_roles() -> frozenset[str]:
    """Roles a record calls a person by before their first name ("Patron", "Tenant")."""
    return frozenset(word_list("person_roles"))


@lru_cache(maxsize=1)
def first_name_gazetteer() -> frozenset[str]:
    """Lower-cased first names from Faker's person providers, all locales."""
    import faker.providers.person as person

    raw = _provider_strings(person, lambda a: a.startswith("first_names"))
    return frozenset(v.lower() for v in raw if len(v) >= 3 and " " not in v)


@lru_cache(maxsize=1)
def degree_suffixes() -> frozenset[str]:
    """Degrees written after a name, lower-cased without their last dot: Faker's person
    suffixes of every locale that are no generation mark ("b.sc", "mba", "ph.d", "md";
    not "Jr.", "III"), "ll.m", "m.a", "ma", "ba", and a barrister's "KC". A model's
    person that runs over one ("Elizabeth Döhn B.Sc") is faked whole into "Diane Caitlyn
    E.Meyers"."""
    import faker.providers.person as person

    def wanted(attr: str) -> bool:
        return attr.startswith("suffixes")

    generations = {"jr", "sr", "i", "ii", "iii", "iv", "v"}
    # King's and Queen's Counsel: a barrister's rank, written after the name as a degree is.
    out = {"ll.m", "m.a", "ma", "ba", "msc", "bsc", "mba", "phd", "kc", "qc"}
    for suffix in _provider_strings(person, wanted):
        word = suffix.lower().rstrip(".")
        if " " not in word and word.isascii() and word not in generations:
            out.add(word)
    return frozenset(out)


@lru_cache(maxsize=1)
def job_titles() -> frozenset[str]:
    """Lower-cased job titles of Faker's job providers, every locale ("medizininformatiker",
    "science writer", "acheteuse"), German ones also without and with their gender
    ending ("abfallberater*in": "abfallberater", "abfallberaterin"). A model reads a lone
    German occupation in a signature as a person."""
    import faker.providers.job as job

    def wanted(attr: str) -> bool:
        return attr.startswith("jobs")

    out: set[str] = set()
    for title in _provider_strings(job, wanted):
        low = title.lower()
        out.add(low)
        if "*" in low:
            stem, _, ending = low.partition("*")
            out |= {stem, stem + ending}
    return frozenset(out)


@lru_cache(maxsize=1)
def place_codes() -> frozenset[str]:
    """Places English text writes as capitals: ISO country codes, "UK", and the states'
    and provinces' abbreviations of the United States, Canada and Australia ("NY", "BC",
    "NSW"). A model's place of two to four capitals that is none of these is an acronym
    ("who owns the PO", "sign the NDA"). Other locales' province codes ("PO" is Prato)
    stand in addresses, which the address rules read."""
    from faker.providers.address import Provider as Countries
    from faker.providers.address.en_AU import Provider as Australia
    from faker.providers.address.en_CA import Provider as Canada
    from faker.providers.address.en_US import Provider as States

    return frozenset(
        {
            "UK",
            *Countries.alpha_2_country_codes,
            *Countries.alpha_3_country_codes,
            *States.states_abbr,
            *Canada.provinces_abbr,
            *Australia.states_abbr,
        }
    )


@lru_cache(maxsize=1)
def place_gazetteer() -> frozenset[str]:
    """Lower-cased city, region and country names from Faker's address providers.

    Used to settle one conflict only: a token the name list knows that NER calls a place
    ('Imogen' tagged GPE) is a person unless it is also a known place."""
    import faker.providers.address as address

    keys = (
        *("cit", "countr", "state", "region", "province", "town", "municipal", "count"),
        *("district", "localit", "settlement", "village", "prefecture", "commune", "canton"),
        *("department", "estado", "wilaya", "borough", "concelho", "distrito", "place"),
    )

    def wanted(attr: str) -> bool:
        # A city's prefix or suffix ("South", "Lake", "New", "-burgh") is a part of a
        # place's name, no place: "South" read as a place at the start of "South federal
        # production..." was vouched for by the list and spread into every "south".
        return (
            any(k in attr for k in keys)
            and "format" not in attr
            and "suffix" not in attr
            and "prefix" not in attr
        )

    return frozenset(v.lower() for v in _provider_strings(address, wanted) if len(v) >= 3)


@cache
def english_words() -> frozenset[str]:
    """The base forms of English nouns, verbs, adjectives and adverbs (about 83,000, from
    WordNet) that the default spaCy model's lemmatizer ships in its own package: a
    dictionary with no download. It holds proper nouns too ("maria", "paris", "smith"),
    so it can only say a word *is* English, never that it is no name. Empty when the
    model package or its tables are missing (the rules then go without it)."""
    index = _lemma_index()
    return frozenset(w for pos in ("noun", "verb", "adj", "adv") for w in index.get(pos, ()))


@cache
def english_verbs_and_qualifiers() -> frozenset[str]:
    """English verbs, adjectives and adverbs (WordNet, as ``english_words``): a first name
    among them ("line", "hope", "grace", "frank") is a word of everyday prose, while
    WordNet's proper nouns ("maria", "adam", "anna") are listed as nouns only."""
    index = _lemma_index()
    return frozenset(w for pos in ("verb", "adj", "adv") for w in index.get(pos, ()))


@cache
def _lemma_index() -> Mapping[str, list[str]]:
    """The model package's WordNet lemma index (part of speech → base forms), or empty: a
    spaCy ``Table``, which answers ``get`` by the string's hash (no ``dict`` copy)."""
    import importlib.util
    from pathlib import Path

    from anonymizers.policy import NlpConfig

    spec = importlib.util.find_spec(NlpConfig().spacy_model)
    if spec is None or not spec.submodule_search_locations:
        return {}
    found = sorted(Path(spec.submodule_search_locations[0]).glob("*/lemmatizer/lookups"))
    if not found:
        return {}
    from spacy.lookups import Lookups

    return Lookups().from_disk(found[0]).get_table("lemma_index", {})


@cache
def listed_words() -> frozenset[str]:
    """Every word of the public name and place lists: built once (the union of two large
    sets costs milliseconds, too much per span)."""
    return name_gazetteer() | place_gazetteer()


@lru_cache(maxsize=1)
def country_gazetteer() -> frozenset[str]:
    """Lower-cased country names in every language Faker's address providers hold."""
    import faker.providers.address as address

    def wanted(attr: str) -> bool:
        return "countr" in attr and "code" not in attr and "format" not in attr

    return frozenset(v.lower() for v in _provider_strings(address, wanted) if len(v) >= 4)


@lru_cache(maxsize=1)
def street_words() -> frozenset[str]:
    """Street-type words of many countries (Faker's street prefixes and suffixes), plus
    our own list: a name-shaped token next to one is a street, not a person."""
    import faker.providers.address as address

    def wanted(attr: str) -> bool:
        return attr.startswith(("street_suffix", "street_prefix", "road_suffix"))

    # Single-word entries only: multi-word ones ("Jalan Abdul ...") carry personal names.
    raw = {v.lower().strip(".") for v in _provider_strings(address, wanted) if " " not in v.strip()}
    names = name_gazetteer()
    words = {w for w in raw if 2 <= len(w) <= 12 and w not in names}
    words.update(w.lower() for w in word_list("street_types"))
    return frozenset(words)
