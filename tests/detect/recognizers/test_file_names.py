"""detect.recognizers.file_names: names written into file names and folders."""

from __future__ import annotations

import pytest

from anonymizers.detect.recognizers.file_names import file_names


def _found(text: str) -> list[str]:
    return [text[s:e] for s, e, _entity, _score in file_names(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Passport_JohnSmith.pdf", "JohnSmith"),
        ("IMG_20240512_Anna_Berg.jpg", "Anna_Berg"),
        ("/HR/Leavers/Smith, John/", "Smith, John"),
        # A surname with its particles, before or after it: in no list of one-word names.
        ("/HR/Leavers/van der Dussen, Christl/", "van der Dussen, Christl"),
        ("/HR/Leavers/Dussen van, Joana/", "Dussen van, Joana"),
        ("C:\\Users\\Anna.Berg\\Desktop\\notes.txt", "Anna.Berg"),
        ("See attached Contract_Maria_Lopez_v2.docx, thanks", "Maria_Lopez"),
        ("Passport_TobyMcCarthy.pdf", "TobyMcCarthy"),
        ("IMG_20240610_Bruce_O'Brien.jpg", "Bruce_O'Brien"),
    ],
)
def test_a_name_in_a_file_name_or_a_folder(text: str, name: str) -> None:
    assert _found(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "scan0042.pdf",
        "Q1 board pack v3.pptx",
        "See attached Invoice_March.pdf",
        "Final_Report_Sales_Team.xlsx",
        "Mark_Down_Notes.md",
        "Hello John Smith, see file.txt",  # prose: left to the other rules
        "report_final_v2.docx",
        "/Archive/de Facto, Invoices/",  # particles, but no first name after them
    ],
)
def test_file_names_of_things_name_no_one(text: str) -> None:
    assert _found(text) == []
