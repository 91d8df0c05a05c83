"""The gate reads inside nested values: a leaf column (a map's keys, a list of objects)
is checked like any column, and a nested column handed over whole is read, not skipped."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pytest

from anonymizers.detect.text import TextDetector
from anonymizers.transform.apply import TableResult
from anonymizers.verify.checks import run_checks
from anonymizers.verify.columns import output_columns
from tests.helpers.nested_bundle import PEOPLE, write_nested_bundle
from tests.helpers.transform_run import Run, plant, run_transform


@pytest.fixture(scope="module")
def transformed(tmp_path_factory: pytest.TempPathFactory, detector: TextDetector) -> Run:
    return run_transform(write_nested_bundle(tmp_path_factory.mktemp("nested") / "x"), detector)


@pytest.fixture
def nested(transformed: Run) -> Iterator[Run]:
    """The module's transform; what a test plants is taken out again after it."""
    saved = dict(transformed.results)
    yield transformed
    transformed.results = saved


def _gates(run: Run) -> dict[str, bool]:
    v = run_checks(run.bundle.tables, run.results, run.plan, run.ctx, None, seed="run-1")
    return {c.name: c.passed for c in v.checks}


def test_every_shape_passes_when_faked(nested: Run) -> None:
    assert all(_gates(nested).values())


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
    nested: Run, table: str, column: str, row: int, value: object
) -> None:
    plant(nested, table, column, row, value)
    assert not _gates(nested)["leak_check"]


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
