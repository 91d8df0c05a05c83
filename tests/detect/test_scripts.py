"""Words of scripts written without spaces end at every character; spaced words keep
their boundaries."""

from __future__ import annotations

import pytest

from anonymizers.detect.scripts import glued, unspaced


@pytest.mark.parametrize("char", ["近", "様", "に", "ヘ", "ｶ", "김", "ก"])
def test_letters_of_unspaced_scripts(char: str) -> None:
    assert unspaced(char)


@pytest.mark.parametrize("char", ["A", "é", "ß", "Ж", "λ", "5", "_", "-", " "])
def test_everything_else_is_spaced(char: str) -> None:
    assert not unspaced(char)


def test_only_two_spaced_word_characters_are_glued() -> None:
    assert glued("a", "b") and glued("5", "x") and glued("é", "_")
    # a digit after Hiragana, a surname before the honorific, a particle after a number
    assert not glued("に", "2") and not glued("藤", "様") and not glued("8", "로")
    assert not glued("a", "-") and not glued(" ", "b")


def test_a_character_of_an_unspaced_script_counts_twice() -> None:
    from anonymizers.detect.scripts import width

    assert width("Ramirez") == 7
    assert width("钟雷") == 4  # a whole Chinese name, searched as four letters would be
    assert width("林") == 2  # one character alone stays below the minimum
    assert width("Kim 민준") == 8
