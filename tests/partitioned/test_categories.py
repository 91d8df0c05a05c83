"""The bundle's kept categories: a breed or a drug the bundle keeps in a column of its own
is not replaced where the model guessed it a name in a note."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from anonymizers.detect.spans import Span
from anonymizers.io.partitions import split_table
from anonymizers.partitioned.categories import (
    CategoryVeto,
    bundle_categories,
    partition_categories,
)
from anonymizers.partitioned.optouts import optouts_for
from anonymizers.partitioned.run import run_stream
from anonymizers.plan.columns import ColumnDecision, Plan, make_plan
from anonymizers.policy import Policy

KEY = bytes(range(32))
BREEDS = ["Border Collie", "Bernese Mountain Dog", "Maine Coon", "Labrador Retriever"]


def _decision(column: str, kind: str, entity: str | None = None) -> ColumnDecision:
    operator = "fake" if entity else "keep"
    return ColumnDecision("pets", column, "String", kind, entity, operator, "policy")


def test_a_kept_column_of_few_values_with_a_word_no_name_list_knows_is_a_category() -> None:
    rows = 400
    df = pl.DataFrame(
        {
            "breed": [BREEDS[i % 4] for i in range(rows)],
            "vet": ["Anna Berg", "Maria Jensen"] * (rows // 2),  # only name words
            "chip": [f"{840548412677708 + i}" for i in range(rows)],  # no words, and many
            "remark": [f"checked on visit {i}" for i in range(rows)],  # too many values
            "owner": ["Ingrid Lindqvist"] * rows,  # replaced: no category
        }
    )
    plan = Plan(
        {
            "pets": [
                _decision("breed", "safe"),
                _decision("vet", "safe"),
                _decision("chip", "safe"),
                _decision("remark", "safe"),
                _decision("owner", "entity", "PERSON"),
            ]
        },
        {"pets": "pets.csv"},
    )
    found = partition_categories(df, "pets", plan)
    assert found == Counter({b: 100 for b in BREEDS})
    rare = Counter({"Maine Coon": 2, "Border Collie": 1})
    assert bundle_categories([found, rare], 3) == frozenset(BREEDS)
    assert bundle_categories([rare], 3) == frozenset()


def test_a_column_named_for_things_keeps_even_its_values_of_name_words() -> None:
    # Fashion houses named after their founders: a ``brand`` column says they are things.
    brands = ["Paul Smith", "Michael Kors", "Ben & Jerry's", "Tom Ford"]
    df = pl.DataFrame(
        {"brand": [brands[i % 4] for i in range(80)], "vet": ["Anna Berg", "Maria Jensen"] * 40}
    )
    plan = Plan(
        {"pets": [_decision("brand", "safe"), _decision("vet", "safe")]}, {"pets": "pets.csv"}
    )
    assert partition_categories(df, "pets", plan) == Counter({b: 20 for b in brands})


def test_a_known_value_a_vetoed_guess_swallowed_comes_back() -> None:
    # The model read the practice "Green Practice" as a place; "Green" is a patient's
    # surname, which the gate searches in every text.
    veto = CategoryVeto(frozenset({"Green Practice"}))
    text = "Letter sent to Green Practice today."
    at = text.index("Green")
    guess = Span(at, at + len("Green Practice"), "LOCATION", 0.85, "ner")
    green = Span(at, at + 5, "LAST_NAME", 1.0, "known")
    assert veto([text], [[guess]]) == [[]]
    assert veto([text], [[guess]], lambda t: [green]) == [[green]]


def test_a_guess_inside_a_category_goes_and_a_known_value_or_a_guess_beside_it_stays() -> None:
    veto = CategoryVeto(frozenset({"Border Collie", "Cavalier King Charles Spaniel"}))
    text = (
        "Nala (Cavalier King Charles Spaniel) and Border Collies; Border Collie owned by Ana Berg."
    )
    guess = text.index("Charles Spaniel")
    collies = text.index("Border Collies")
    collie = text.index("Border Collie owned")
    known = text.index("Ana Berg")
    spans = [
        Span(guess, guess + len("Charles Spaniel"), "PERSON", 0.85, "ner"),
        Span(collies, collies + len("Border Collies"), "PERSON", 0.85, "rule"),  # no whole word
        Span(collie, collie + len("Border Collie"), "PERSON", 0.85, "rule"),
        Span(known, known + len("Ana Berg"), "PERSON", 1.0, "known"),
        Span(0, 4, "PERSON", 0.85, "ner"),
    ]
    [kept] = veto([text], [spans])
    assert [text[s.start : s.end] for s in kept] == ["Border Collies", "Ana Berg", "Nala"]
    assert CategoryVeto(frozenset())([text], [spans]) == [spans]


@pytest.mark.slow
@pytest.mark.model
def test_a_breed_the_bundle_keeps_stays_in_the_vets_notes(tmp_path: Path) -> None:
    """Notes name the pet's breed, kept in its own column: a run keeps it in the notes
    (the model reads "Gordon Setter" or "Bernese Mountain Dog" as a person), and the
    owner named in the note is still replaced."""
    owners = [
        ("Ingrid", "Lindqvist"),
        ("Tomasz", "Wróbel"),
        ("Amara", "Okafor"),
        ("Luis", "Ortega"),
        ("Mei", "Tanaka"),
        ("Priya", "Raman"),
    ]
    breeds = ["Bernese Mountain Dog", "Border Collie", "Labrador Retriever"]
    rows = []
    for i in range(60):
        first, last = owners[i % len(owners)]
        breed = breeds[i % len(breeds)]
        rows.append(
            {
                "owner": f"{first} {last}",
                "breed": breed,
                "note": f"Luna ({breed}) seen today. Owner {first} {last} reports she is "
                "eating less.",
            }
        )
    src = tmp_path / "visits.csv"
    pl.DataFrame(rows).write_csv(src)
    policy = Policy.model_validate(
        {
            "columns": {
                "owner": {"kind": "entity", "entity": "PERSON"},
                "breed": {"kind": "safe"},
                "note": {"kind": "free_text"},
            }
        }
    )
    split = split_table(src, tmp_path / "w", 25)
    plan = make_plan([split.table], policy, None)
    result = run_stream(
        [split],
        plan,
        policy,
        KEY,
        optouts_for([split], policy, set(), tmp_path),
        tmp_path,
        tmp_path / "data",
    )
    assert result.verification.passed
    out = pl.read_csv(tmp_path / "data" / src.name)
    for note, breed, owner in zip(
        out["note"], out["breed"], [r["owner"] for r in rows], strict=True
    ):
        assert f"({breed})" in note
        assert owner not in note
