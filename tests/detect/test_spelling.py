"""One name, many spellings: the fold detection searches with and fakes are keyed on."""

from __future__ import annotations

import pytest

from anonymizers.detect.spelling import fold, fold_word, in_style, strip_marks, transliterated


@pytest.mark.parametrize(
    "forms",
    [
        ("Björn Håkansson", "BJORN HAKANSSON", "bjorn  hakansson", "Bjoern Haakansson"),
        ("Zoë O'Connell", "Zoe OConnell", "ZOE O’CONNELL"),
        ("Müller", "Mueller", "MUELLER", "Muller"),
        ("Søren Kierkegaard", "Soren Kierkegaard"),
        ("Łukasz Wróbel", "Lukasz Wrobel"),
        ("Tomás Ó Súilleabháin", "Tomas O Suilleabhain"),
        ("Straße", "Strasse"),
    ],
)
def test_spellings_of_one_name_share_a_fold(forms: tuple[str, ...]) -> None:
    assert len({fold(f) for f in forms}) == 1


def test_transliteration_is_undone_only_where_the_name_lists_vouch_for_it() -> None:
    # "Michael" is not "Michäl", "Samuel" not "Samül", and Dutch "Maarten" is not Swedish
    # "Mårten": digraphs that are letters of their own stay as they are.
    for word in ("Michael", "Samuel", "Joel", "Maarten", "Noel"):
        assert fold_word(word) == word.lower()
    assert fold_word("Schroeder") == fold_word("Schröder") == "schroder"
    assert all(k.isascii() for k in transliterated())


def test_marks_are_stripped_in_the_original_case() -> None:
    assert strip_marks("ZOË Ø'Brien Straße") == "ZOE O'Brien Strasse"
    assert strip_marks("김민준") == "김민준"  # Hangul is recomposed, not left as jamo


def test_a_fake_takes_the_style_of_the_occurrence() -> None:
    assert in_style("BJORN", "JÜRGEN") == "JURGEN"
    assert in_style("Björn", "Jürgen") == "Jürgen"
    assert in_style("Bjorn", "Jose") == "Jose"
