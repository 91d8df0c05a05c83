"""The benchmark's own machinery: generator shapes and determinism, RSS polling, timing
parsing, ratios and the result files. No timed assertion anywhere: a slow machine must
not fail the suite, so only what is true at any speed is checked."""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import sys
from pathlib import Path

import polars as pl
import pytest

from anonymizers.detect.patterns import iban_ok, luhn_ok, ssn_ok
from bench import generate, run
from bench.baselines import Measured, free_text


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def tiny_mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mixed")
    generate.write_mixed(out, employees=40, comments=80, chats=30)
    return out


def test_mixed_export_has_requested_shapes(tiny_mixed: Path) -> None:
    employees = pl.read_csv(tiny_mixed / "employees.csv")
    comments = pl.read_ndjson(tiny_mixed / "survey_comments.jsonl")
    chats = pl.read_parquet(tiny_mixed / "chat_transcripts.parquet")
    assert (employees.height, comments.height, chats.height) == (40, 80, 30)
    assert employees["employee_id"].n_unique() == 40
    # Comments name colleagues by first name; transcripts carry customers' e-mails.
    firsts = set(employees["first_name"].to_list())
    mentioned = sum(any(f in c for f in firsts) for c in comments["comment"].to_list())
    assert mentioned > 10
    emails = re.compile(r"[a-z_.0-9]+@[a-z]+\.[a-z]+")
    assert sum(bool(emails.search(t)) for t in chats["transcript"].to_list()) > 10
    assert set(comments["employee_id"].to_list()) <= set(employees["employee_id"].to_list())


def test_mixed_export_is_deterministic(tiny_mixed: Path, tmp_path: Path) -> None:
    generate.write_mixed(tmp_path, employees=40, comments=80, chats=30)
    assert _digest(tmp_path) == _digest(tiny_mixed)


def test_structured_frame_columns_and_valid_identifiers() -> None:
    frame = generate.structured_frame(3000)
    assert frame.columns == list(generate.STRUCTURED_COLUMNS)
    assert frame.height == 3000
    assert frame["customer_id"].n_unique() == 3000
    assert all(luhn_ok(c) for c in frame["credit_card"].to_list())
    assert all(iban_ok(i) for i in frame["iban"].to_list())
    assert all(ssn_ok(s) for s in frame["ssn"].to_list())
    octets = frame["ip_address"].str.split(".").to_list()
    assert all(len(o) == 4 and all(0 <= int(x) <= 255 for x in o) for o in octets)
    assert frame["email"].str.contains("@").all()


def test_structured_frame_is_deterministic_and_seed_sensitive() -> None:
    assert generate.structured_frame(500).equals(generate.structured_frame(500))
    assert not generate.structured_frame(500, seed=7).equals(generate.structured_frame(500))


def test_original_names_never_come_from_the_fakes_first_pool() -> None:
    us = importlib.import_module("faker.providers.person.en_US").Provider
    us_names = {n.casefold() for n in (*us.first_names, *us.last_names)}
    first, last = generate.name_pools()
    assert len(first) > 200 and len(last) > 200
    assert not {n.casefold() for n in (*first, *last)} & us_names


def test_large_csv_streams_to_size_with_one_header(tmp_path: Path) -> None:
    result = generate.write_large_csv(tmp_path, size_gb=0.0008, chunk_rows=1500)
    path = tmp_path / "customers.csv"
    assert path.stat().st_size >= 0.0008 * 1024**3
    frame = pl.read_csv(path)
    assert frame.height == result.rows
    assert frame["customer_id"].n_unique() == result.rows  # ids continue across chunks


def test_large_free_text_streams_new_customers_per_chunk(tmp_path: Path) -> None:
    result = generate.write_large_text(tmp_path, size_gb=0.0004, chunk_rows=300)
    tickets = pl.read_csv(tmp_path / "tickets.csv")
    assert tickets.height == result.files["tickets.csv"] >= 600  # several chunks
    assert tickets["ticket_id"].n_unique() == tickets["customer_id"].n_unique() == tickets.height
    assert tickets["transcript"].str.len_chars().mean() > 100
    assert (tmp_path / "tickets.csv").stat().st_size >= 0.0004 * 1024**3
    agents = pl.read_csv(tmp_path / "employees.csv")
    assert tickets["agent_employee_id"].is_in(agents["employee_id"].implode()).all()


def test_free_text_takes_prose_columns_only(tiny_mixed: Path) -> None:
    texts = free_text(tiny_mixed / "chat_transcripts.parquet")
    assert len(texts) == 30 and all("Customer:" in t for t in texts)
    assert free_text(tiny_mixed / "employees.csv") == []  # e-mails are long but one word


def test_parse_timings_sums_repeated_stages_and_tolerates_absence() -> None:
    stderr = (
        "safeset: timing plan 7.822s\n  detecting personal data in free text\n"
        "safeset: timing detect 1.5s\nsafeset: timing detect 2.25s\n"
    )
    assert run.parse_timings(stderr) == {"plan": 7.822, "detect": 3.75}
    assert run.parse_timings("safeset: CERTIFIED → /tmp/x\n") == {}


def test_run_measured_sees_child_memory_and_exit_code() -> None:
    code = "b = bytearray(120 * 1024 * 1024); import time; time.sleep(0.5); raise SystemExit(3)"
    exit_code, wall, peak_mb, _, _ = run.run_measured([sys.executable, "-c", code], env={})
    assert exit_code == 3
    assert peak_mb >= 120
    assert wall > 0


def _scenario(wall: float, presidio_s: float, floor_s: float, code: int = 0) -> dict:
    safeset = run.SafesetRun(["safeset", "run"], code, wall, 512.0, {"plan": 1.0})
    presidio = [Measured("presidio-batch", "survey_comments.jsonl", 4000, 100, presidio_s)]
    floor = Measured("spacy-floor", "free text", 4000, 4000, floor_s, setup_seconds=1.0)
    return run.scenario_result(
        "mixed 4,000 rows", {"survey_comments.jsonl": 4000}, safeset, presidio, floor
    )


def test_scenario_ratios_follow_from_the_measurements() -> None:
    s = _scenario(wall=20.0, presidio_s=10.0, floor_s=9.0)
    safeset_rps = 4000 / 20.0
    presidio_rps = 100 / 10.0  # sampled rate, extrapolated to all rows
    assert s["x_presidio"] == pytest.approx(safeset_rps / presidio_rps)
    assert s["x_floor"] == pytest.approx(20.0 / (9.0 + 1.0))
    assert s["targets"]["issue 21"]["x_presidio"]["met"] is True
    assert s["targets"]["issue 21"]["x_floor"]["met"] is False  # 2.0x > 1.7x
    assert s["targets"]["issue 23"]["x_presidio"]["met"] is True
    fast = _scenario(wall=15.0, presidio_s=10.0, floor_s=9.0)
    assert fast["targets"]["issue 21"]["x_floor"]["met"] is True
    assert fast["targets"]["issue 23"]["x_floor"]["met"] is False  # 1.5x > 1.0x
    slow = _scenario(wall=200.0, presidio_s=10.0, floor_s=9.0)
    assert slow["targets"]["issue 21"]["x_presidio"]["met"] is False


def test_the_ner_alone_floor_is_reported_beside_the_tagged_one() -> None:
    safeset = run.SafesetRun(["safeset", "run"], 0, 20.0, 512.0, {})
    presidio = [Measured("presidio-batch", "chats.parquet", 4000, 100, 10.0)]
    tagged = Measured("spacy-floor", "free text", 4000, 4000, 9.0, setup_seconds=1.0)
    ner = Measured("spacy-ner-floor", "free text", 4000, 4000, 7.0, setup_seconds=1.0)
    s = run.scenario_result("mixed 4,000 rows", {"chats.parquet": 4000}, safeset, presidio,
                            tagged, ner)  # fmt: skip
    assert s["x_floor"] == pytest.approx(2.0)
    assert s["x_ner_floor"] == pytest.approx(2.5)
    assert s["ner_floor"]["name"] == "spacy-ner-floor"


def test_write_results_round_trips_and_renders_every_scenario(tmp_path: Path) -> None:
    results = {
        "date": "2026-01-15T02:00:00+00:00",
        "command": "python -m bench.run --quick",
        "machine": run.machine(),
        "presidio_batch_size": 1,
        "scenarios": [_scenario(20.0, 10.0, 9.0), _scenario(30.0, 10.0, 9.0, code=1)],
    }
    md, js = run.write_results(results, tmp_path)
    assert json.loads(js.read_text()) == json.loads(json.dumps(results))
    text = md.read_text()
    table = [ln for ln in text.splitlines() if ln.startswith("| mixed")]
    assert len(table) == 2
    assert all(ln.count("|") == len(run.HEADERS) + 1 for ln in table)
    assert "exit 1" in table[1] and "plan 1.0" in table[0]
    assert results["command"] in text


def test_split_mixed_keeps_the_issue_proportions() -> None:
    assert run.split_mixed(8000) == (2000, 4000, 2000)
    assert sum(run.split_mixed(401)) == 401


def test_scaling_table_has_one_row_per_runner(tmp_path: Path) -> None:
    scaling = [
        {"runner": label, "args": extra, "rows": 4000, "exit_code": 0,
         "wall_seconds": wall, "rows_per_s": 4000 / wall, "detect_seconds": wall / 2,
         "peak_rss_mb": 900.0}
        for (label, extra), wall in zip(run.SCALING.items(), (80.0, 50.0, 55.0), strict=True)
    ]  # fmt: skip
    results = {
        "date": "2026-01-15T02:00:00+00:00",
        "command": "python -m bench.run --quick",
        "machine": run.machine(),
        "presidio_batch_size": 1,
        "scenarios": [_scenario(20.0, 10.0, 9.0)],
        "scaling": scaling,
    }
    md, _ = run.write_results(results, tmp_path)
    rows = [ln for ln in md.read_text().splitlines() if ln.startswith(("| 1 ", "| 2 ", "| Dask"))]
    assert len(rows) == 3
    assert "| 80.0 | 50 | 40.0 |" in rows[0]  # wall, rows/s, detect of the 1-process run
    assert "2 processes" in rows[1] and "| 50.0 | 80 |" in rows[1]


@pytest.mark.slow
def test_startup_probes_run_fresh_processes_and_render(tmp_path: Path) -> None:
    env = run.bench_env(tmp_path / "home")
    run.init_prefect_db(env)  # as `make bench` does: the probes time starts, not migrations
    assert (tmp_path / "home" / "prefect" / "prefect.db").exists()
    startup = run.bench_startup(env, repeats=1)
    failed = [(r["probe"], r["exit_code"], r["errors"]) for r in startup if r["exit_code"]]
    assert [r["probe"] for r in startup] == list(run.STARTUP_PROBES)
    assert not failed
    by_name = {r["probe"]: r for r in startup}
    model = by_name["spaCy model + Presidio analyzer"]
    assert 0 < model["stages"]["model-load"] < model["wall_seconds"]
    assert by_name["interpreter"]["wall_seconds"] < model["wall_seconds"]
    results = {
        "date": "2026-01-15T02:00:00+00:00", "command": "python -m bench.run",
        "machine": run.machine(), "presidio_batch_size": 1, "scenarios": [],
        "startup": startup,
    }  # fmt: skip
    md, _ = run.write_results(results, tmp_path)
    assert "| spaCy model + Presidio analyzer | " in md.read_text()


def test_the_median_run_is_kept_with_every_run_listed() -> None:
    runs = [
        run.SafesetRun(["safeset", "run"], 0, wall, 512.0, {"detect": wall / 2})
        for wall in (35.2, 32.1, 33.0)
    ]
    kept = run.median_run(runs)
    assert kept.wall_seconds == 33.0 and kept.stages == {"detect": 16.5}
    assert kept.repeats == [35.2, 32.1, 33.0]
    assert run.median_run(runs[:1]).repeats == [35.2]
