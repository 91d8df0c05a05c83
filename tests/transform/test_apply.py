"""transform: one keyed fake per value for the whole bundle, applied everywhere.

The bundle is a small HR + support export: employees (CSV), a survey whose comments name
colleagues by first name (sometimes in capitals) and a tickets table whose transcripts
quote the order id and the customer's e-mail. The engine runs as the flow runs it (each
table one partition, passes in this process, tests/helpers/engine_run.py), no Prefect.
The bundle lives in tests/helpers/northwind.py.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from anonymizers.detect.whole_words import LeakMatcher
from anonymizers.policy import ColumnRule, Policy
from tests.helpers.engine_run import EngineRun, run_engine, text_shared
from tests.helpers.nested_bundle import PEOPLE, write_nested_bundle
from tests.helpers.northwind import EMPLOYEES_CSV, KEY, SURVEY, write_bundle

pytestmark = pytest.mark.model  # the engine run loads the spaCy model

OTHER_KEY = b"a-completely-different-pseudonym-key"


def column(df: pl.DataFrame, name: str) -> list:
    return df[name].to_list()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bundle(tmp_path_factory.mktemp("export") / "northwind")


@pytest.fixture(scope="module")
def run(northwind_run: EngineRun) -> EngineRun:
    return northwind_run


def _run(folder: Path, factory: pytest.TempPathFactory, policy: Policy | None = None,
         key: bytes = KEY, rows: int | None = None) -> EngineRun:  # fmt: skip
    work = factory.mktemp("run")
    if rows is None:
        return run_engine(folder, work, key, policy)
    return run_engine(folder, work, key, policy, rows=rows)


# --- consistency ----------------------------------------------------------------------


def test_first_name_gets_the_same_fake_in_its_column_and_in_comments(run: EngineRun) -> None:
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


def test_email_and_order_id_get_the_same_fake_in_column_and_transcript(run: EngineRun) -> None:
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


def test_employee_id_gets_the_same_fake_in_both_tables(run: EngineRun) -> None:
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


def test_foreign_keys_still_join_and_no_original_id_survives(run: EngineRun) -> None:
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


def test_row_and_column_order_are_kept(run: EngineRun) -> None:
    for table in run.tables:
        out = run.out(table)
        assert out.columns == run.inp(table).columns
        assert out.height == run.inp(table).height
    # Safe columns are untouched and row-aligned with the input.
    assert column(run.out("employees"), "department") == column(run.inp("employees"), "department")
    assert column(run.out("survey"), "score") == [r["score"] for r in SURVEY]
    assert column(run.out("tickets"), "priority") == ["high", "low", "normal"]


def test_id_columns_stay_unique_and_keep_their_dtype(run: EngineRun) -> None:
    survey_in, survey_out = run.inp("survey"), run.out("survey")
    assert survey_in.schema["response_id"] == pl.Int64
    assert survey_out.schema == survey_in.schema
    assert survey_out["response_id"].n_unique() == survey_out.height
    assert set(column(survey_out, "response_id")).isdisjoint(column(survey_in, "response_id"))
    emp_out = run.out("employees")
    assert emp_out.schema == run.inp("employees").schema
    assert emp_out["employee_id"].n_unique() == emp_out.height
    assert run.out("tickets")["ticket_id"].n_unique() == 3


def test_same_key_same_output_whatever_the_partitioning(
    run: EngineRun, folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    again = _run(folder, tmp_path_factory, rows=2)  # partitions of two rows
    assert {name: len(parts) for name, parts in again.parts.items()} == {
        "employees": 3,
        "survey": 3,
        "tickets": 2,
    }
    for name in run.tables:
        assert again.out(name).equals(run.out(name)), name
    for written in run.data.iterdir():
        assert (again.data / written.name).read_bytes() == written.read_bytes()


# --- operators (and another key), a few runs sharing the work ---------------------------


@pytest.fixture(scope="module")
def hashed_redacted(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> EngineRun:
    """E-mails hashed, phones redacted, and employees.last_name redacted by a column rule."""
    policy = Policy(operators={"EMAIL_ADDRESS": "hash", "PHONE_NUMBER": "redact"},
                    columns={"employees.last_name": ColumnRule(operator="redact")})  # fmt: skip
    return _run(folder, tmp_path_factory, policy)


@pytest.fixture(scope="module")
def other_key(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> EngineRun:
    """Another key, e-mails hashed."""
    policy = Policy(operators={"EMAIL_ADDRESS": "hash"})
    return _run(folder, tmp_path_factory, policy, key=OTHER_KEY)


@pytest.fixture(scope="module")
def masked_dropped(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> EngineRun:
    """E-mails masked, phones dropped, and tickets.customer_email dropped by a column rule."""
    policy = Policy(operators={"EMAIL_ADDRESS": "mask", "PHONE_NUMBER": "drop"},
                    columns={"tickets.customer_email": ColumnRule(operator="drop")})  # fmt: skip
    return _run(folder, tmp_path_factory, policy)


def test_different_key_gives_different_fakes(run: EngineRun, other_key: EngineRun) -> None:
    a, b = run.out("employees"), other_key.out("employees")
    for col in ("employee_id", "email", "phone"):
        assert set(column(a, col)).isdisjoint(column(b, col)), col
    same_first = sum(
        x == y for x, y in zip(column(a, "first_name"), column(b, "first_name"), strict=True)
    )
    assert same_first <= 1
    assert column(run.out("survey"), "comment") != column(other_key.out("survey"), "comment")


def test_no_fake_holds_a_real_value_of_the_bundle(run: EngineRun) -> None:
    shared = text_shared(run)
    assert shared is not None
    targets = shared.targets.whole().targets
    matcher = LeakMatcher(targets.by_entity, run.policy.verification.min_leak_length)
    assert matcher.size > 20
    for entity, mapping in run.ctx.maps.items():
        for fake in mapping.values():
            assert not matcher.find(fake), entity


def _masked(value: str) -> str:
    return "".join("*" if ch.isalnum() else ch for ch in value)


def test_mask_operator_hides_letters_and_digits_everywhere(masked_dropped: EngineRun) -> None:
    r = masked_dropped
    emails_in = column(r.inp("employees"), "email")
    assert column(r.out("employees"), "email") == [_masked(e) for e in emails_in]
    text = r.out("tickets")["transcript"][0]
    assert "maria.lopez@example.org" not in text
    assert _masked("maria.lopez@example.org") in text
    # Other entities still get fakes.
    assert set(column(r.out("employees"), "first_name")).isdisjoint(
        column(r.inp("employees"), "first_name")
    )


def test_redact_operator_nulls_the_column_and_tags_free_text(hashed_redacted: EngineRun) -> None:
    out = hashed_redacted.out("employees")
    assert out["phone"].null_count() == out.height
    assert out.schema["phone"] == pl.String
    text = hashed_redacted.out("tickets")["transcript"][2]
    assert "555-0134" not in text
    assert text.endswith("Please call me back on <PHONE_NUMBER>.")


def test_redact_by_column_rule(hashed_redacted: EngineRun) -> None:
    assert hashed_redacted.out("employees")["last_name"].null_count() == 5
    assert hashed_redacted.out("employees")["first_name"].null_count() == 0


def test_hash_operator_is_keyed_and_consistent(
    hashed_redacted: EngineRun, other_key: EngineRun
) -> None:
    a, b = hashed_redacted, other_key
    hashes = column(a.out("tickets"), "customer_email")
    assert all(re.fullmatch(r"[0-9a-f]{32}", h) for h in hashes)
    assert hashes[0] == hashes[2] and hashes[0] != hashes[1]  # same customer, same hash
    assert hashes[0] in a.out("tickets")["transcript"][0]
    assert "maria.lopez@example.org" not in a.out("tickets")["transcript"][0]
    other = column(b.out("tickets"), "customer_email")
    assert set(hashes).isdisjoint(other)  # keyed: another key, other hashes
    assert set(column(a.out("employees"), "email")).isdisjoint(column(b.out("employees"), "email"))


def test_drop_operator_removes_the_column(masked_dropped: EngineRun) -> None:
    r = masked_dropped
    [part] = r.parts["employees"]
    assert part.result.dropped_columns == ["phone"]
    assert r.out("employees").columns == [c for c in r.inp("employees").columns if c != "phone"]
    assert r.out("employees").height == 5
    assert "phone" not in (r.data / "employees.csv").read_text().splitlines()[0]


def test_drop_by_column_rule_keeps_the_other_tables(masked_dropped: EngineRun) -> None:
    r = masked_dropped
    assert "customer_email" not in r.out("tickets").columns
    assert "email" in r.out("employees").columns


def test_hash_and_mask_by_column_rule(
    folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    policy = Policy(
        columns={
            "employees.last_name": ColumnRule(operator="hash"),
            "employees.phone": ColumnRule(operator="mask"),
        }
    )
    r = _run(folder, tmp_path_factory, policy)
    decisions = {d.column: d.operator for d in r.plan.tables["employees"]}
    assert decisions["last_name"] == "hash" and decisions["phone"] == "mask"
    assert all(re.fullmatch(r"[0-9a-f]{32}", v) for v in column(r.out("employees"), "last_name"))
    phones_in = column(r.inp("employees"), "phone")
    assert column(r.out("employees"), "phone") == [_masked(p) for p in phones_in]


# --- shapes: lists, typed dates, placeholders, technical text (one bundle, one run) --------

CALLS = [
    {"call_id": "C-1", "employee_id": 1003, "notes": ["Called Desmond about Q3", "Sent figures"]},
    {"call_id": "C-2", "employee_id": 1004, "notes": ["INGRID asked for the travel budget"]},
]
UA = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/120.0.{}.109 Safari/537.36"
)
SESSIONS = [
    {
        "session_id": f"S-{i}",
        "user_agent": UA.format(6000 + i),
        "log": f"2025-01-2{i} 22:35:12.260447 INFO login employee=100{i} "
        f"mail=tobias.lindqvist@northwind-logistics.com ip=81.2.69.14{i}",
    }
    for i in range(1, 6)
]


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> EngineRun:
    """Employees with a list of call notes, a web session log, a CRM export with
    placeholder cells and a warehouse Parquet with typed dates and lists with gaps."""
    folder = tmp_path_factory.mktemp("shapes") / "crm"
    folder.mkdir()
    (folder / "employees.csv").write_text(EMPLOYEES_CSV, encoding="utf-8")
    (folder / "calls.jsonl").write_text("".join(json.dumps(c) + "\n" for c in CALLS))
    (folder / "sessions.jsonl").write_text("".join(json.dumps(r) + "\n" for r in SESSIONS))
    (folder / "contacts.csv").write_text(
        "contact_id,full_name,phone,ssn\n"
        "K-1001,Ana Souza,+1 415 555 0134,123-45-6789\n"
        "K-1002,Liam Chen,N/A,unknown\n"
        "K-1003,Rosa Delgado,+1 415 555 0178,987-65-4321\n"
    )
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
    return _run(folder, tmp_path_factory)


def test_list_of_notes_is_free_text(shapes: EngineRun) -> None:
    notes = shapes.out("calls")["notes"].to_list()
    assert len(notes[0]) == 2 and notes[0][1] == "Sent figures"
    assert "Desmond" not in notes[0][0] and "INGRID" not in notes[1][0]


def test_typed_dates_and_lists_with_nulls_survive_the_round_trip(shapes: EngineRun) -> None:
    """A Parquet export with a real Date birth-date column, a UTC timestamp and a list of
    e-mails with gaps: replaced, same types out, and verification can compare them."""
    before, after = shapes.inp("customers"), shapes.out("customers")
    assert after.schema == before.schema
    decided = {d.column: d for d in shapes.plan.tables["customers"]}
    assert decided["date_of_birth"].kind == "entity"
    assert decided["last_login"].kind == "safe"  # when, not who
    assert (after["date_of_birth"] != before["date_of_birth"]).all()
    assert after["emails"].list.len().to_list() == before["emails"].list.len().to_list()
    assert pl.read_parquet(shapes.data / "customers.parquet").schema == before.schema
    assert shapes.verification.passed, shapes.verification.findings


def test_placeholder_cells_pass_verification_unchanged(shapes: EngineRun) -> None:
    """'N/A' in a phone or SSN column has nothing to replace: it stays, is no leak, and
    does not stop the run (settling once failed on it: its fake is itself)."""
    out = shapes.out("contacts")
    assert out["phone"][1] == "N/A" and out["ssn"][1] == "unknown"
    assert out["phone"][0] != "+1 415 555 0134"
    leak = next(c for c in shapes.verification.checks if c.name == "leak")
    assert leak.passed and leak.counts["cells_checked"] > 0


def test_technical_columns_keep_their_words_and_lose_their_identifiers(
    shapes: EngineRun,
) -> None:
    """User agents and log lines are swept by patterns and known values only: 'Intel Mac
    OS X' stays, an e-mail, an IP or a known employee id inside a log line goes."""
    kinds = {d.column: d.kind for d in shapes.plan.tables["sessions"]}
    assert kinds["user_agent"] == "technical" and kinds["log"] == "technical"
    out = shapes.out("sessions")
    assert out["user_agent"].to_list() == [row["user_agent"] for row in SESSIONS]
    for before, after in zip([row["log"] for row in SESSIONS], out["log"].to_list(), strict=True):
        assert after.startswith(before[:39])  # timestamp and level kept
        assert "tobias.lindqvist@" not in after and "81.2.69.14" not in after
        employee = re.search(r"employee=(\S+)", before).group(1)  # type: ignore[union-attr]
        assert f"employee={employee} " not in after
    assert shapes.spans()[("sessions", "user_agent")] == [[] for _ in SESSIONS]


# --- nested shapes ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def nested_run(tmp_path_factory: pytest.TempPathFactory) -> EngineRun:
    folder = write_nested_bundle(tmp_path_factory.mktemp("nested") / "export")
    return _run(folder, tmp_path_factory)


def test_a_value_gets_one_fake_in_every_shape(nested_run: EngineRun) -> None:
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
    nested_run: EngineRun, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Reading nested shapes must not move the fakes of a flat export: the same CSV alone
    gets the same fakes."""
    alone = tmp_path_factory.mktemp("alone")
    (alone / "customers.csv").write_bytes((nested_run.folder / "customers.csv").read_bytes())
    flat = _run(alone, tmp_path_factory)
    assert flat.out("customers").equals(nested_run.out("customers"))


def test_a_span_read_on_into_the_next_item_of_a_list_is_cut_to_its_own_item() -> None:
    # Chat messages as a list: the address rule read "Câmara de Lobos." on into the next
    # message's "Combinado"; dropped whole, the span left the address in the output.
    from anonymizers.detect.spans import Span
    from anonymizers.transform.apply import cell_texts, cut_item_crossing

    messages = pl.Series(
        [["Posso ir buscar à Av Ema Jesus, 74, Câmara de Lobos.", "Combinado, até sábado."]]
    )
    text = cell_texts(messages)[0]
    start = text.index("Av Ema")
    crossing = Span(start, text.index("Combinado") + len("Combinado"), "ADDRESS", 0.8, "rule")
    inside = Span(text.index("Ema"), text.index("Ema") + 3, "FIRST_NAME", 1.0, "known")
    [cut] = cut_item_crossing([text], [[crossing, inside]])
    assert [(text[s.start : s.end], s.entity) for s in cut] == [
        ("Av Ema Jesus, 74, Câmara de Lobos.", "ADDRESS"),
        ("Ema", "FIRST_NAME"),
    ]


def test_a_value_a_url_percent_encodes_gets_its_own_fake_encoded_the_same_way(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path / "shop"
    folder.mkdir()
    people = [
        ("Marta Żak", "marta.zak@o2.pl"),
        ("Łucja Wróbel", "lucja.wrobel@wp.pl"),
        ("Grzegorz Brzęczyszczykiewicz", "g.brzeczyszczykiewicz@onet.pl"),
    ]
    pl.DataFrame(
        {
            "account_id": [4101, 4102, 4103],
            "name": [n for n, _ in people],
            "email": [e for _, e in people],
        }
    ).write_csv(folder / "accounts.csv")
    from urllib.parse import quote, quote_plus

    lines = [
        f'10.0.0.{i} - - [07/Dec/2026:10:0{i}:00 +0000] "GET /account/reset?email='
        f'{quote(e, safe="")}&name={quote_plus(n)} HTTP/1.1" 200 {512 + i}'
        for i, (n, e) in enumerate(people * 2)
    ]
    pl.DataFrame({"server": ["web-01"] * len(lines), "line": lines}).write_csv(
        folder / "access_log.csv"
    )
    run = _run(folder, tmp_path_factory)
    fakes = dict(zip(column(run.inp("accounts"), "name"), column(run.out("accounts"), "name"),
                     strict=True))  # fmt: skip
    mails = dict(zip(column(run.inp("accounts"), "email"), column(run.out("accounts"), "email"),
                     strict=True))  # fmt: skip
    out = column(run.out("access_log"), "line")
    for (name, email), line in zip(people * 2, out, strict=True):
        assert quote_plus(name) not in line and quote(email, safe="") not in line
        # The table's fake, written as the URL wrote the real value.
        assert f"name={quote_plus(fakes[name])} HTTP/1.1" in line
        assert f"email={quote(mails[email], safe='')}&" in line


def test_a_value_html_escapes_gets_its_own_fake_escaped_the_same_way(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A help desk's message bodies are HTML: "O'Brien" is "O&#39;Brien" there."""
    import html

    folder = tmp_path / "helpdesk"
    folder.mkdir()
    people = ["Aoife O'Brien", "Noah D'Angelo", "Siobhán O'Connor"]
    pl.DataFrame({"contact_id": [7101, 7102, 7103], "name": people}).write_csv(
        folder / "contacts.csv"
    )
    bodies = [f"<p>Hi, I&#39;m {html.escape(n)} and my parcel never came.</p>" for n in people]
    pl.DataFrame({"conversation": [1, 2, 3], "body": bodies}).write_csv(folder / "messages.csv")
    run = _run(folder, tmp_path_factory)
    fakes = dict(zip(column(run.inp("contacts"), "name"), column(run.out("contacts"), "name"),
                     strict=True))  # fmt: skip
    for name, body in zip(people, column(run.out("messages"), "body"), strict=True):
        assert html.escape(name) not in body and name.split()[-1] not in html.unescape(body)
        # The table's fake, in the body's own HTML.
        assert f"I&#39;m {html.escape(fakes[name])} and" in body.replace("&#x27;", "&#39;")
