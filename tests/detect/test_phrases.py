"""Phrase lists: one entry a line, spaces kept, comments skipped, each file says what it is for."""

from __future__ import annotations

from pathlib import Path

from anonymizers.detect.phrases import phrase_list

PHRASES = Path(__file__).resolve().parents[2] / "anonymizers" / "detect" / "phrases"


def test_every_phrase_file_has_a_header_and_no_repeated_entry() -> None:
    files = sorted(PHRASES.glob("*.txt"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and len(first) > 10, path.name
        entries = phrase_list(path.stem)
        assert entries, path.name
        folded = [e.casefold() for e in entries]
        assert len(folded) == len(set(folded)), path.name


def test_entries_keep_their_inner_spaces() -> None:
    assert "date of birth" in phrase_list("birth_cues")
    assert "de 3 märz maerz marz mär" in phrase_list("months")
    assert not any(e.startswith("#") for e in phrase_list("national_id_cues"))
