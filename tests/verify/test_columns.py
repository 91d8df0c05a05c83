"""The gate reads inside nested values: a leaf column (a map's keys, a list of objects)
is checked like any column, and a nested column handed over whole is read, not skipped."""

from __future__ import annotations

import polars as pl
import pytest

from anonymizers.transform.apply import TableResult
from anonymizers.verify.columns import output_columns
from tests.helpers.engine_run import EngineRun, plant, recheck, run_engine
from tests.helpers.nested_bundle import PEOPLE, write_nested_bundle
from tests.helpers.northwind import KEY


@pytest.fixture(scope="module")
def engine_run(tmp_path_factory: pytest.TempPathFactory) -> EngineRun:
    folder = write_nested_bundle(tmp_path_factory.mktemp("nested") / "x")
    return run_engine(folder, tmp_path_factory.mktemp("nested-run"), KEY)


@pytest.fixture
def nested(engine_run: EngineRun) -> EngineRun:
    """The module's run, its results copied: a test plants in the copy."""
    return engine_run.copy()


@pytest.mark.model
def test_every_shape_passes_when_faked(nested: EngineRun) -> None:
    assert all(c.passed for c in nested.verification.checks)
    assert all(c.passed for c in recheck(nested).checks)


@pytest.mark.model
@pytest.mark.parametrize(
    ("table", "column", "row", "value"),
    [
        ("accounts", "notify{}.key", 0, [PEOPLE[0][2]]),  # inside a map's keys
        ("accounts", "delegates[].phone", 0, [PEOPLE[2][3]]),  # inside a list of objects
        ("preferences", "by_contact{}.key", 1, [PEOPLE[1][2], "x"]),  # a JSON key
        ("profiles", "owner.contact.email", 2, PEOPLE[2][2]),  # an object in an object
    ],
)
def test_a_real_value_left_inside_a_nested_value_rejects_the_run(
    nested: EngineRun, table: str, column: str, row: int, value: object
) -> None:
    plant(nested, table, column, row, value)
    v = recheck(nested)
    assert not v.passed
    assert (table, column) in {(f["table"], f["column"]) for f in v.findings}


def test_a_nested_column_left_whole_is_still_read() -> None:
    """Defence in depth: a map column that reaches the gate unread is searched as text."""
    notify = pl.Series(
        "notify",
        [{"maria.lopez@example.org": "daily"}],
        dtype=pl.Map(pl.String, pl.String),
    )
    results = {"accounts": TableResult(pl.DataFrame([notify]), {}, [])}

    class _Table:
        name = "accounts"

    columns = output_columns([_Table()], results, set())  # type: ignore[list-item]
    assert [c.texts.to_list() for c in columns] == [["maria.lopez@example.org daily"]]


def test_a_list_of_texts_is_swept_as_the_transform_joined_it() -> None:
    """A chat's messages are replaced in one text of the items joined by a separator, and
    the replacements' regions are offsets into it: a space-joined text put every region
    after the first item off by two characters a preceding item, and the fake phones of
    later messages were swept as unexplained."""
    from types import SimpleNamespace

    from anonymizers.detect.patterns import sweep
    from anonymizers.transform.apply import cell_texts
    from anonymizers.verify.columns import inside

    messages = pl.Series(
        "messages[].text",
        [
            [
                "Olá, sou o Inld, ainda está disponível?",
                "O meu número é +39 02870420126, ligue-me à noite.",
            ]
        ],
    )
    joined = cell_texts(messages)[0]
    start = joined.index("+39")
    df = pl.DataFrame([messages])
    result = TableResult(df, {"messages[].text": [[(start, start + 15)]]}, [])
    table = SimpleNamespace(name="threads", df=df)
    [col] = output_columns([table], {"threads": result}, set())  # type: ignore[list-item]
    assert col.texts[0] == joined
    found = sweep(col.texts[0])
    assert found and all(inside(col.region(0), s, e) for s, e, _ in found)
