"""A partitioned run that dies in any pass resumes where it stopped and writes the same
bytes as a run that never stopped; a work folder of another export is never resumed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from anonymizers.io.partitions import split_table
from anonymizers.partitioned.checkpoints import (
    Checkpoints,
    fingerprint,
    same_fingerprint,
    write_fingerprint,
)
from anonymizers.partitioned.optouts import optouts_for
from anonymizers.partitioned.run import run_locally, run_stream
from anonymizers.plan.columns import make_plan
from tests.partitioned.test_text import KEY, _export, _policy

pytestmark = [pytest.mark.slow, pytest.mark.model]


class Crash(RuntimeError):
    pass


def _dies_in(pass_name: str, after: int):
    """``run_locally`` that dies after ``after`` partitions of ``pass_name``."""

    def run(name: str, calls: list[tuple]) -> Iterator[Any]:
        for done, result in enumerate(run_locally(name, calls)):
            if name == pass_name and done == after:
                raise Crash(name)
            yield result

    return run


def _run(src: Path, work: Path, run_many=run_locally, checkpoints: Checkpoints | None = None):
    policy = _policy()
    split = split_table(src, work, 12)
    plan = make_plan([split.table], policy, None)
    out = work / "data"
    run_stream([split], plan, policy, KEY, optouts_for([split], policy, set(), work), work, out,
               run_many=run_many, checkpoints=checkpoints)  # fmt: skip
    return (out / src.name).read_bytes()


@pytest.mark.parametrize("pass_name", ["spread", "apply"])
def test_a_run_that_died_resumes_and_writes_the_same_bytes(tmp_path: Path, pass_name: str) -> None:
    src = _export(tmp_path / "tickets.csv")
    whole = _run(src, tmp_path / "whole")
    work = tmp_path / "interrupted"
    with pytest.raises(Crash):
        _run(src, work, _dies_in(pass_name, 2), Checkpoints(work))
    again = Checkpoints(work)
    assert _run(src, work, checkpoints=again) == whole
    # The passes before the crash were read back, and part of the one it died in.
    assert again.resumed["collect"] == again.resumed["detect"] == 5
    assert again.resumed[pass_name] == 2


def test_only_a_work_folder_of_the_same_export_policy_and_key_is_resumed(tmp_path: Path) -> None:
    src = _export(tmp_path / "tickets.csv")
    work = tmp_path / "work"
    work.mkdir()
    made = fingerprint([src], _policy(), None, 12, KEY, "1.0")
    write_fingerprint(work, made)
    assert same_fingerprint(work, fingerprint([src], _policy(), None, 12, KEY, "1.0"))
    assert not same_fingerprint(work, fingerprint([src], _policy(), None, 13, KEY, "1.0"))
    assert not same_fingerprint(work, fingerprint([src], _policy(), None, 12, b"k" * 32, "1.0"))
    _export(src, rows=63)  # the export changed overnight
    assert not same_fingerprint(work, fingerprint([src], _policy(), None, 12, KEY, "1.0"))
    assert KEY.hex() not in (work / "resume.json").read_text()
