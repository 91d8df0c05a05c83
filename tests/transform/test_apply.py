"""transform: one keyed mapping per entity for the whole bundle, applied everywhere.

The bundle is a small HR + support export: employees (CSV), a survey whose comments name
colleagues by first name (sometimes in capitals) and a tickets table whose transcripts
quote the order id and the customer's e-mail. The engine is called directly, no Prefect.
The bundle and the run it builds live in tests/helpers/transform_run.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest

from anonymizers.detect.text import TextDetector
from anonymizers.detect.whole_words import LeakMatcher
from anonymizers.policy import ColumnRule, Policy
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.apply import (
    Context,
    build_maps,
    scrub_fakes,
)
from tests.helpers.nested_bundle import PEOPLE, write_nested_bundle
from tests.helpers.transform_run import (
    EMPLOYEES_CSV,
    KEY,
    SURVEY,
    Run,
    run_transform,
    write_bundle,
)

pytestmark = pytest.mark.model  # loads the spaCy model

OTHER_KEY = b"a-completely-different-pseudonym-key"


def column(df: pl.DataFrame, name: str) -> list:
    return df[name].to_list()


@pytest.fixture(scope="module")
def detector() -> TextDetector:
    return TextDetector(Policy())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bundle(tmp_path_factory.mktemp("export") / "northwind")


@pytest.fixture(scope="module")
def run(folder: Path, detector: TextDetector) -> Run:
    return run_transform(folder, detector)


# --- consistency ----------------------------------------------------------------------


def test_first_name_gets_the_same_fake_in_its_column_and_in_comments(run: Run) -> None:
    emp_in, emp_out = run.inp("employees"), run.out("employees")
    fake_of = dict(zip(column(emp_in, "first_name"), column(emp_out, "first_name"), strict=True))
    comments = column(run.out("survey"), "comment")
    assert fake_of["Desmond"] != "Desmond"
    assert comments[0].startswith(fake_of["Desmond"] + " has been a great help")
    assert comments[4].startswith(fake_of["Desmond"] + ", say hi")
    # The capitalised mention gets the same fake, in capitals.
    assert f"I asked {fake_of['Ingrid'].upper()} twice" in comments[1]
    assert comments[2].startswith(f"{fake_of['Morayo']} runs the best team meetings; ")
    assert f"; {fake_of['Tobias']} takes great notes." in comments[2]
    for name in ("Desmond", "INGRID", "Ingrid", "Morayo", "Tobias"):
        assert not any(re.search(rf"\b{name}\b", c) for c in comments), name
    # "Annual" is a word, not the name part "Ann": nothing to replace in that comment.
    assert comments[3] == SURVEY[3]["comment"]


def test_email_and_order_id_get_the_same_fake_in_column_and_transcript(run: Run) -> None:
    t_in, t_out = run.inp("tickets"), run.out("tickets")
    for row in range(t_in.height):
        email_in, email_out = t_in["customer_email"][row], t_out["customer_email"][row]
        order_in, order_out = t_in["order_id"][row], t_out["order_id"][row]
        text_in, text_out = t_in["transcript"][row], t_out["transcript"][row]
        assert email_out != email_in and order_out != order_in
        assert order_in in text_in and order_out in text_out
        assert order_in not in text_out
        if email_in in text_in:
            assert email_out in text_out and email_in not in text_out
    # One customer, two tickets: one fake.
    emails = column(t_out, "customer_email")
    assert emails[0] == emails[2]


def test_employee_id_gets_the_same_fake_in_both_tables(run: Run) -> None:
    emp_ids = dict(
        zip(
            column(run.inp("employees"), "employee_id"),
            column(run.out("employees"), "employee_id"),
            strict=True,
        )
    )
    survey_in = column(run.inp("survey"), "employee_id")
    survey_out = column(run.out("survey"), "employee_id")
    for before, after in zip(survey_in, survey_out, strict=True):
        assert str(after) == emp_ids[str(before)]


def test_foreign_keys_still_join_and_no_original_id_survives(run: Run) -> None:
    emp_out = run.out("employees")
    ids_out = set(column(emp_out, "employee_id"))
    ids_in = set(column(run.inp("employees"), "employee_id"))
    survey_ids = {str(v) for v in column(run.out("survey"), "employee_id")}
    managers = {v for v in column(emp_out, "manager_id") if v is not None}
    assert survey_ids <= ids_out
    assert managers <= ids_out
    assert not (ids_out | survey_ids | managers) & ids_in
    # The CEO has no manager before and after.
    assert column(emp_out, "manager_id").count(None) == 1


def test_row_and_column_order_are_kept(run: Run) -> None:
    for table in run.bundle.tables:
        out = run.out(table.name)
        assert out.columns == table.df.columns
        assert out.height == table.df.height
    # Safe columns are untouched and row-aligned with the input.
    assert column(run.out("employees"), "department") == column(run.inp("employees"), "department")
    assert column(run.out("survey"), "score") == [r["score"] for r in SURVEY]
    assert column(run.out("tickets"), "priority") == ["high", "low", "normal"]


def test_id_columns_stay_unique_and_keep_their_dtype(run: Run) -> None:
    survey_in, survey_out = run.inp("survey"), run.out("survey")
    assert survey_in.schema["response_id"] == pl.Int64
    assert survey_out.schema == survey_in.schema
    assert survey_out["response_id"].n_unique() == survey_out.height
    assert set(column(survey_out, "response_id")).isdisjoint(column(survey_in, "response_id"))
    emp_out = run.out("employees")
    assert emp_out.schema == run.inp("employees").schema
    assert emp_out["employee_id"].n_unique() == emp_out.height
    assert run.out("tickets")["ticket_id"].n_unique() == 3


def test_same_key_same_output(run: Run, folder: Path, detector: TextDetector) -> None:
    again = run_transform(folder, detector)
    for name, res in run.results.items():
        assert again.out(name).equals(res.df)


def test_different_key_gives_different_fakes(
    run: Run, folder: Path, detector: TextDetector
) -> None:
    other = run_transform(folder, detector, key=OTHER_KEY)
    a, b = run.out("employees"), other.out("employees")
    for col in ("employee_id", "email", "phone"):
        assert set(column(a, col)).isdisjoint(column(b, col)), col
    same_first = sum(
        x == y for x, y in zip(column(a, "first_name"), column(b, "first_name"), strict=True)
    )
    assert same_first <= 1
    assert column(run.out("survey"), "comment") != column(other.out("survey"), "comment")


# --- scrub_fakes ---------------------------------------------------------------------------


def test_scrub_redraws_a_fake_that_contains_a_real_value() -> None:
    policy = Policy()
    ps = Pseudonymizer(KEY, policy.locale)
    original = "882 Glover Islands Suite 611"
    first = ps.fake("ADDRESS", original)
    word = next(w for w in re.findall(r"[A-Za-z]+", first) if len(w) >= 4)
    ctx = Context(ps, policy)
    ctx.maps = {"ADDRESS": {original: first}}
    # Pretend an employee is called like a word of the fake street.
    ctx.leak_targets = {"LAST_NAME": {word}}
    matcher = LeakMatcher(ctx.leak_targets, policy.verification.min_leak_length)
    assert matcher.find(first)
    scrub_fakes(ctx)
    redrawn = ctx.maps["ADDRESS"][original]
    assert redrawn != first
    assert not matcher.find(redrawn)
    # Deterministic: the re-draw is a later attempt of the same keyed seed.
    assert redrawn in {ps.fake("ADDRESS", original, a) for a in range(1, 33)}


def test_scrub_keeps_a_fake_that_only_contains_a_real_value_inside_a_word() -> None:
    policy = Policy()
    ps = Pseudonymizer(KEY, policy.locale)
    original = "9121 Maxwell View Apt. 454"
    fake = ps.fake("ADDRESS", original)
    word = next(w for w in re.findall(r"[A-Za-z]+", fake) if len(w) >= 5)
    ctx = Context(ps, policy)
    ctx.maps = {"ADDRESS": {original: fake}}
    ctx.leak_targets = {"FIRST_NAME": {word[:4]}}  # a prefix, never a whole word here
    scrub_fakes(ctx)
    assert ctx.maps["ADDRESS"][original] == fake


def test_scrub_never_redraws_a_fake_into_another_real_value() -> None:
    # A dense domain (birth dates of a large staff): every re-draw of a leaky fake is
    # somebody's real birth date. Taking one would publish that date as a fake.
    policy = Policy()
    ps = Pseudonymizer(KEY, policy.locale)
    original = "1980-09-13"
    first = ps.fake("DATE_OF_BIRTH", original)
    redraws = [ps.fake("DATE_OF_BIRTH", original, a) for a in range(1, 33)]
    mapping = {original: first}
    mapping.update({r: ps.fake("DATE_OF_BIRTH", r, 40) for r in redraws if r not in mapping})
    ctx = Context(ps, policy)
    ctx.maps = {"DATE_OF_BIRTH": mapping}
    ctx.leak_targets = {"ZIP_CODE": {first}}  # the first fake holds a real value
    scrub_fakes(ctx)
    assert ctx.maps["DATE_OF_BIRTH"][original] not in set(mapping) - {first}


def test_build_maps_leaves_no_fake_containing_a_real_value(run: Run) -> None:
    matcher = LeakMatcher(run.ctx.leak_targets, run.ctx.policy.verification.min_leak_length)
    assert matcher.size > 20
    for entity, mapping in run.ctx.maps.items():
        for fake in mapping.values():
            assert not matcher.find(fake), entity


# --- operators ------------------------------------------------------------------------


def _masked(value: str) -> str:
    return "".join("*" if ch.isalnum() else ch for ch in value)


def test_mask_operator_hides_letters_and_digits_everywhere(
    folder: Path, detector: TextDetector
) -> None:
    r = run_transform(folder, detector, policy=Policy(operators={"EMAIL_ADDRESS": "mask"}))
    emails_in = column(r.inp("employees"), "email")
    assert column(r.out("employees"), "email") == [_masked(e) for e in emails_in]
    text = r.out("tickets")["transcript"][0]
    assert "maria.lopez@example.org" not in text
    assert _masked("maria.lopez@example.org") in text
    # Other entities still get fakes.
    assert set(column(r.out("employees"), "first_name")).isdisjoint(
        column(r.inp("employees"), "first_name")
    )


def test_redact_operator_nulls_the_column_and_tags_free_text(
    folder: Path, detector: TextDetector
) -> None:
    r = run_transform(folder, detector, policy=Policy(operators={"PHONE_NUMBER": "redact"}))
    out = r.out("employees")
    assert out["phone"].null_count() == out.height
    assert out.schema["phone"] == pl.String
    text = r.out("tickets")["transcript"][2]
    assert "555-0134" not in text
    assert text.endswith("Please call me back on <PHONE_NUMBER>.")


def test_redact_by_column_rule(folder: Path, detector: TextDetector) -> None:
    policy = Policy(columns={"employees.last_name": ColumnRule(operator="redact")})
    r = run_transform(folder, detector, policy=policy)
    assert r.out("employees")["last_name"].null_count() == 5
    assert r.out("employees")["first_name"].null_count() == 0


def test_hash_operator_is_keyed_and_consistent(folder: Path, detector: TextDetector) -> None:
    policy = Policy(operators={"EMAIL_ADDRESS": "hash"})
    a = run_transform(folder, detector, policy=policy)
    b = run_transform(folder, detector, key=OTHER_KEY, policy=policy)
    hashes = column(a.out("tickets"), "customer_email")
    assert all(re.fullmatch(r"[0-9a-f]{32}", h) for h in hashes)
    assert hashes[0] == hashes[2] and hashes[0] != hashes[1]  # same customer, same hash
    assert hashes[0] in a.out("tickets")["transcript"][0]
    assert "maria.lopez@example.org" not in a.out("tickets")["transcript"][0]
    other = column(b.out("tickets"), "customer_email")
    assert set(hashes).isdisjoint(other)  # keyed: another key, other hashes
    assert set(column(a.out("employees"), "email")).isdisjoint(column(b.out("employees"), "email"))


def test_drop_operator_removes_the_column(folder: Path, detector: TextDetector) -> None:
    r = run_transform(folder, detector, policy=Policy(operators={"PHONE_NUMBER": "drop"}))
    res = r.results["employees"]
    assert res.dropped_columns == ["phone"]
    assert res.df.columns == [c for c in r.inp("employees").columns if c != "phone"]
    assert res.df.height == 5


def test_drop_by_column_rule_keeps_the_other_tables(folder: Path, detector: TextDetector) -> None:
    policy = Policy(columns={"tickets.customer_email": ColumnRule(operator="drop")})
    r = run_transform(folder, detector, policy=policy)
    assert "customer_email" not in r.out("tickets").columns
    assert "email" in r.out("employees").columns
    assert r.results["employees"].dropped_columns == []


def test_hash_and_mask_by_column_rule(folder: Path, detector: TextDetector) -> None:
    policy = Policy(
        columns={
            "employees.last_name": ColumnRule(operator="hash"),
            "employees.phone": ColumnRule(operator="mask"),
        }
    )
    r = run_transform(folder, detector, policy=policy)
    decisions = {d.column: d.operator for d in r.plan.tables["employees"]}
    assert decisions["last_name"] == "hash" and decisions["phone"] == "mask"
    assert all(re.fullmatch(r"[0-9a-f]{32}", v) for v in column(r.out("employees"), "last_name"))
    phones_in = column(r.inp("employees"), "phone")
    assert column(r.out("employees"), "phone") == [_masked(p) for p in phones_in]


def test_scrub_keeps_case_variants_consistent() -> None:
    policy = Policy()
    ps = Pseudonymizer(KEY, policy.locale)
    first = ps.fake("FIRST_NAME", "Ingrid")
    taken = ps.fake("FIRST_NAME", "Ingrid", 1)  # Ingrid's next candidate, already issued
    ctx = Context(ps, policy)
    ctx.maps = {"FIRST_NAME": {"Ingrid": first, "INGRID": first.upper(), "Morayo": taken}}
    ctx.leak_targets = {"LAST_NAME": {first}}  # the first fake is a real surname
    scrub_fakes(ctx)
    fakes = ctx.maps["FIRST_NAME"]
    assert fakes["Ingrid"] != first
    assert fakes["INGRID"] == fakes["Ingrid"].upper()
    assert fakes["INGRID"].casefold() != fakes["Morayo"].casefold()


def test_list_of_notes_is_free_text(tmp_path: Path, detector: TextDetector) -> None:
    folder = tmp_path / "crm"
    folder.mkdir()
    (folder / "employees.csv").write_text(EMPLOYEES_CSV, encoding="utf-8")
    calls = [
        {
            "call_id": "C-1",
            "employee_id": 1003,
            "notes": ["Called Desmond about Q3", "Sent figures"],
        },
        {"call_id": "C-2", "employee_id": 1004, "notes": ["INGRID asked for the travel budget"]},
    ]
    (folder / "calls.jsonl").write_text("".join(json.dumps(c) + "\n" for c in calls))
    r = run_transform(folder, detector)
    notes = r.out("calls")["notes"].to_list()
    assert len(notes[0]) == 2 and notes[0][1] == "Sent figures"
    assert "Desmond" not in notes[0][0] and "INGRID" not in notes[1][0]


def test_build_maps_on_worker_processes_gives_the_same_maps(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Self-contained entities mapped on two local processes: the very same fakes, names
    (which share the part registry) still mapped here."""
    from anonymizers.transform import apply as transform

    monkeypatch.setattr(transform, "PARALLEL_MAP_MIN", 0)
    ctx = Context(Pseudonymizer(KEY, run.bundle.policy.locale), run.bundle.policy)
    ctx.spans = run.ctx.spans
    build_maps(run.bundle.tables, run.plan, ctx, workers=2)
    assert set(ctx.maps) & transform.SELF_CONTAINED  # phones and ids really went apart
    assert ctx.maps == run.ctx.maps
    assert list(ctx.maps) == list(run.ctx.maps)


def test_typed_dates_and_lists_with_nulls_survive_the_round_trip(
    tmp_path: Path, detector: TextDetector
) -> None:
    """A Parquet export with a real Date birth-date column, a UTC timestamp and a list of
    e-mails with gaps: replaced, same types out, and verification can compare them."""
    from datetime import UTC, date, datetime

    from anonymizers.verify.structure import unchanged_cells_check

    folder = tmp_path / "export"
    folder.mkdir()
    pl.DataFrame(
        {
            "customer_id": [f"C-{1000 + i}" for i in range(40)],
            "full_name": [
                f"{f} {s}"
                for f, s in zip(
                    ["Priya", "Kevin", "Ana", "Tomasz"] * 10,
                    ["Raman", "Okafor", "Lindqvist", "Wiśniewski"] * 10,
                    strict=True,
                )
            ],
            "date_of_birth": [date(1970 + i, 1 + i % 12, 1 + i % 27) for i in range(40)],
            "last_login": [datetime(2024, 5, 1 + i % 28, 9, i, tzinfo=UTC) for i in range(40)],
            "emails": [[f"user{i}@northwind-mail.com", None] if i % 3 else [] for i in range(40)],
        }
    ).write_parquet(folder / "customers.parquet")
    run = run_transform(folder, detector)
    before, after = run.inp("customers"), run.out("customers")
    assert after.schema == before.schema
    decided = {d.column: d for d in run.plan.tables["customers"]}
    assert decided["date_of_birth"].kind == "entity"
    assert decided["last_login"].kind == "safe"  # when, not who
    assert (after["date_of_birth"] != before["date_of_birth"]).all()
    assert after["emails"].list.len().to_list() == before["emails"].list.len().to_list()
    check, findings = unchanged_cells_check(run.bundle.tables, run.results, run.plan)
    assert check.passed, findings


def test_placeholder_cells_pass_verification_unchanged(
    tmp_path: Path, detector: TextDetector
) -> None:
    """'N/A' in a phone or SSN column has nothing to replace: it stays, and the
    replaced-cells check does not count it as a value left in place."""
    from anonymizers.verify.structure import unchanged_cells_check

    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "customers.csv").write_text(
        "customer_id,full_name,phone,ssn\n"
        "C-1001,Ana Souza,+1 415 555 0134,123-45-6789\n"
        "C-1002,Liam Chen,N/A,unknown\n"
        "C-1003,Rosa Delgado,+1 415 555 0178,987-65-4321\n"
    )
    run = run_transform(folder, detector)
    out = run.out("customers")
    assert out["phone"][1] == "N/A" and out["ssn"][1] == "unknown"
    assert out["phone"][0] != "+1 415 555 0134"
    check, findings = unchanged_cells_check(run.bundle.tables, run.results, run.plan)
    assert check.passed, findings


def test_technical_columns_keep_their_words_and_lose_their_identifiers(
    tmp_path: Path, detector: TextDetector
) -> None:
    """User agents and log lines are swept by patterns and known values only: 'Intel Mac
    OS X' stays, an e-mail, an IP or a known employee id inside a log line goes."""
    folder = tmp_path / "web"
    folder.mkdir()
    (folder / "employees.csv").write_text(EMPLOYEES_CSV, encoding="utf-8")
    ua = (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/120.0.{}.109 Safari/537.36"
    )
    rows = [
        {
            "session_id": f"S-{i}",
            "user_agent": ua.format(6000 + i),
            "log": f"2025-01-2{i} 22:35:12.260447 INFO login employee=100{i} "
            f"mail=tobias.lindqvist@northwind-logistics.com ip=81.2.69.14{i}",
        }
        for i in range(1, 6)
    ]
    (folder / "sessions.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    r = run_transform(folder, detector)
    kinds = {d.column: d.kind for d in r.plan.tables["sessions"]}
    assert kinds["user_agent"] == "technical" and kinds["log"] == "technical"
    out = r.out("sessions")
    assert out["user_agent"].to_list() == [row["user_agent"] for row in rows]
    for before, after in zip([row["log"] for row in rows], out["log"].to_list(), strict=True):
        assert after.startswith(before[:39])  # timestamp and level kept
        assert "tobias.lindqvist@" not in after and "81.2.69.14" not in after
        employee = re.search(r"employee=(\S+)", before).group(1)  # type: ignore[union-attr]
        assert f"employee={employee} " not in after
    assert r.ctx.spans[("sessions", "user_agent")] == [[] for _ in rows]


@pytest.fixture(scope="module")
def nested_run(tmp_path_factory: pytest.TempPathFactory, detector: TextDetector) -> Run:
    folder = write_nested_bundle(tmp_path_factory.mktemp("nested") / "export")
    return run_transform(folder, detector)


def test_a_value_gets_one_fake_in_every_shape(nested_run: Run) -> None:
    """The e-mail of the ``email`` column gets the same fake inside a map key, a list of
    objects, a nested JSON object and a JSON key that is data; so does the phone."""
    customers = nested_run.out("customers")
    fake = dict(zip(nested_run.inp("customers")["email"].to_list(), customers["email"].to_list(),
                    strict=True))  # fmt: skip
    maria, kwame, ingrid = (p[2] for p in PEOPLE)
    accounts = nested_run.out("accounts")
    assert accounts["notify{}.key"].to_list()[0] == [fake[maria]]
    assert accounts["notify{}.key"].to_list()[1] == [fake[kwame], fake[ingrid]]
    assert accounts["delegates[].email"].to_list()[0] == [fake[ingrid]]
    assert nested_run.out("profiles")["owner.contact.email"].to_list()[1] == fake[kwame]
    by_contact = nested_run.out("preferences")["by_contact{}.key"].to_list()[0]
    assert by_contact[0] == fake[maria]
    assert by_contact[1] == customers["phone"][0]  # a phone used as a key: the phone's fake
    assert nested_run.out("preferences")["by_account{}.key"].to_list()[0] == [
        customers["customer_id"][0]
    ]
    assert accounts["household_names"].to_list()[1] == [customers["full_name"][1]]


def test_flat_columns_fake_as_before_when_nested_ones_join(
    nested_run: Run, tmp_path: Path, detector: TextDetector
) -> None:
    """Reading nested shapes must not move the fakes of a flat export: the same CSV alone
    gets the same fakes."""
    alone = tmp_path / "alone"
    alone.mkdir()
    source = next(t.path for t in nested_run.bundle.tables if t.name == "customers")
    (alone / "customers.csv").write_bytes(source.read_bytes())
    flat = run_transform(alone, detector)
    assert flat.out("customers").equals(nested_run.out("customers"))


def test_addresses_mapped_on_a_worker_avoid_the_same_words(
    tmp_path: Path, detector: TextDetector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A multi-locale staff's home addresses go to a worker process with the bundle's
    reserved words and country locales: the very same maps as in one process."""
    from anonymizers.transform import apply as transform
    from bench.employees import employees_frame

    folder = tmp_path / "hr"
    folder.mkdir()
    employees_frame(300).write_csv(folder / "employees.csv")
    one = run_transform(folder, detector)
    monkeypatch.setattr(transform, "PARALLEL_MAP_MIN", 0)
    assert "ADDRESS" in transform.mapped_apart(
        {e: set(m) for e, m in one.ctx.maps.items()}, one.bundle.policy, workers=2
    )
    ctx = Context(Pseudonymizer(KEY, one.bundle.policy.locale), one.bundle.policy)
    ctx.spans = one.ctx.spans
    build_maps(one.bundle.tables, one.plan, ctx, workers=2)
    assert ctx.maps == one.ctx.maps
