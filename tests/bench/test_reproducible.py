"""The evaluation corpora do not depend on the process's hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

_CITIES = (
    "from faker import Faker; f = Faker('it_IT'); f.seed_instance(5); print(f.city(), f.city())"
)


def _cities(env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", _CITIES], capture_output=True, text=True,
                          env=env, check=True, cwd=REPO)  # fmt: skip
    return done.stdout


def test_faker_towns_follow_the_hash_seed_so_the_seed_is_fixed() -> None:
    """Why the evaluations run under a fixed hash seed: the same seeded Faker names other
    towns in processes with other hash seeds."""
    base = {k: v for k, v in os.environ.items() if k != "PYTHONHASHSEED"}
    towns = {_cities({**base, "PYTHONHASHSEED": str(seed)}) for seed in (1, 2, 3)}
    assert len(towns) > 1
    assert _cities({**base, "PYTHONHASHSEED": "0"}) == _cities({**base, "PYTHONHASHSEED": "0"})


def test_an_evaluation_reruns_itself_under_the_fixed_seed(tmp_path: Path) -> None:
    (tmp_path / "probe_eval.py").write_text(
        "import os\n"
        "from bench.reproducible import under_fixed_hash_seed\n"
        "if __name__ == '__main__':\n"
        "    under_fixed_hash_seed('probe_eval')\n"
        "    print(os.environ['PYTHONHASHSEED'], hash('Ettore Rastelli'))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(tmp_path), str(REPO)))}
    env.pop("PYTHONHASHSEED", None)
    command = [sys.executable, "-m", "probe_eval", "--rows", "40"]
    runs = {
        subprocess.run(
            command, capture_output=True, text=True, env=env, check=True, cwd=tmp_path
        ).stdout
        for _ in range(2)
    }
    assert len(runs) == 1  # the same string hash in two runs: the seed was fixed
    assert runs.pop().split()[0] == "0"
