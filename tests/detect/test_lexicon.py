"""The rules' vocabulary: word lists shipped as data, read once, and the words they rule out."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

from anonymizers.detect import lexicon
from anonymizers.detect.lexicon import (
    ORG_WORDS,
    STREET_TYPES,
    is_common_word,
    name_words_only,
    word_list,
)

REPO = Path(__file__).resolve().parents[2]
WORDS = REPO / "anonymizers" / "detect" / "words"


#: Lists of phrases: greetings and holidays are often several words ('Viele Grüße').
PHRASE_FILES = {"greetings", "holidays"}


def test_every_word_file_has_a_header_and_one_word_per_line() -> None:
    files = sorted(WORDS.glob("*.txt"))
    assert files
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# ") and len(lines[0]) > 10, path.name  # says what it is for
        words = [line for line in lines[1:] if not line.startswith("# ")]
        entry = r"[^\s#]+(?: [^\s#]+)*" if path.stem in PHRASE_FILES else r"[^\s#]+"
        assert words and all(re.fullmatch(entry, w) for w in words), path.name
        assert len(words) == len(set(words)), path.name
        assert word_list(path.stem) == tuple(words)


def test_word_lists_are_read_once() -> None:
    word_list.cache_clear()
    first = word_list("org_words")
    assert word_list("org_words") is first
    assert word_list.cache_info().misses == 1


def test_a_non_editable_install_ships_the_word_lists() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = config["tool"]["setuptools"]["package-data"]["anonymizers"]
    for path in WORDS.glob("*.txt"):
        inside = path.relative_to(REPO / "anonymizers").as_posix()
        assert any(fnmatch(inside, pattern) for pattern in shipped), inside


def test_street_types_keep_their_order_for_the_patterns() -> None:
    # A full word before its abbreviation: "Street" must be tried before "St".
    types = STREET_TYPES.removeprefix("(?:").removesuffix(")").split("|")
    assert types == list(word_list("street_types"))
    assert types.index("Street") < types.index("St")
    assert "street" in lexicon.street_words() and "straße" in lexicon.street_words()


def test_common_words_are_everyday_words_labels_and_weekdays() -> None:
    for word in ("Thanks,", "hello", "Phone", "Suite", "Monday", "the", "Customer"):
        assert is_common_word(word), word
    for word in ("Priya", "Okonkwo", "June"):  # June is a name too
        assert not is_common_word(word), word


def test_a_stop_words_contraction_is_common_and_an_apostrophe_name_is_not() -> None:
    # The dating probe: "Hi, I'm Luciana" was faked "Hi, Francesco Ortansa".
    for word in ("I'm", "it's", "you're", "We've", "he'd", "they’ll"):
        assert is_common_word(word), word
    for word in ("O'Brien", "D'Souza", "O’Neil"):
        assert not is_common_word(word), word


def test_name_words_exclude_organisation_and_street_words() -> None:
    assert "ltd" in ORG_WORDS
    assert name_words_only("Colette Marchand")
    assert name_words_only("Zoya T. Kornilova")  # an initial is left out of the test
    assert not name_words_only("Pruitt Ltd")
    assert not name_words_only("Harbour Road")
    assert not name_words_only("Thanks")


def test_city_prefixes_and_suffixes_are_no_places() -> None:
    from anonymizers.detect.lexicon import place_gazetteer

    places = place_gazetteer()
    assert {"south", "lake", "port", "new", "mount"}.isdisjoint(places)
    assert {"valencia", "kraków", "rotterdam"} <= places


def test_place_codes_are_countries_states_and_provinces() -> None:
    from anonymizers.detect.lexicon import place_codes

    codes = place_codes()
    assert {"UK", "DE", "NLD", "NY", "BC", "NSW"} <= codes
    assert not {"PO", "NDA", "CFO", "EU"} & codes


def test_job_titles_of_every_locale_with_and_without_gender_endings() -> None:
    from anonymizers.detect.lexicon import job_titles

    titles = job_titles()
    assert {"medizininformatiker", "science writer", "abfallberater", "abfallberaterin"} <= titles
    assert "anna" not in titles


def test_degree_suffixes_are_no_generation_marks() -> None:
    from anonymizers.detect.lexicon import degree_suffixes

    degrees = degree_suffixes()
    assert {"b.sc", "mba", "ph.d", "md", "ll.m"} <= degrees
    assert not {"jr", "sr", "iii"} & degrees
