"""The committed sample bundle: reproducible from its script, and internally consistent.

The end-to-end tests lean on the bundle's links (a first name in a comment is an employee,
a chat's customer is a customers.json record); these tests pin those links so a change
to the generator cannot silently weaken the end-to-end checks. Files are read with plain
polars/json, independently of safeset's own readers.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
FILES = ("employees.csv", "survey_responses.jsonl", "support_tickets.parquet", "customers.json")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


@pytest.fixture(scope="module")
def employees() -> pl.DataFrame:
    return pl.read_csv(SAMPLES / "employees.csv", infer_schema=False)


@pytest.fixture(scope="module")
def survey() -> pl.DataFrame:
    return pl.read_ndjson(SAMPLES / "survey_responses.jsonl")


@pytest.fixture(scope="module")
def tickets() -> pl.DataFrame:
    return pl.read_parquet(SAMPLES / "support_tickets.parquet")


@pytest.fixture(scope="module")
def customers() -> list[dict]:
    return json.loads((SAMPLES / "customers.json").read_text(encoding="utf-8"))


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    script = SAMPLES / "make_samples.py"
    for out, hash_seed in ((tmp_path / "a", "1"), (tmp_path / "b", "2")):
        # A different hash seed per run: set ordering must not leak into the data.
        subprocess.run(
            [sys.executable, str(script), "--out", str(out), "--quiet"],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            timeout=60,
        )
    for name in FILES:
        committed = (SAMPLES / name).read_bytes()
        assert (tmp_path / "a" / name).read_bytes() == committed, f"{name} differs from commit"
        assert (tmp_path / "b" / name).read_bytes() == committed, f"{name} not deterministic"


def test_sizes_and_row_counts(
    employees: pl.DataFrame, survey: pl.DataFrame, tickets: pl.DataFrame, customers: list[dict]
) -> None:
    assert 50 <= employees.height <= 70
    assert 130 <= survey.height <= 170
    assert 70 <= tickets.height <= 90
    assert 40 <= len(customers) <= 60
    total = sum(f.stat().st_size for f in SAMPLES.rglob("*") if "__pycache__" not in f.parts)
    assert total < 200_000


def test_keys_are_unique_and_foreign_keys_join(
    employees: pl.DataFrame, survey: pl.DataFrame, tickets: pl.DataFrame, customers: list[dict]
) -> None:
    emp_ids = employees["employee_id"].to_list()
    assert len(set(emp_ids)) == len(emp_ids)
    assert survey["response_id"].n_unique() == survey.height
    assert tickets["ticket_id"].n_unique() == tickets.height
    assert tickets["order_id"].n_unique() == tickets.height
    cust_ids = [c["customer_id"] for c in customers]
    assert len(set(cust_ids)) == len(cust_ids)

    managers = employees["manager_id"]
    assert managers.null_count() == 1, "exactly one employee (the top) has no manager"
    assert set(managers.drop_nulls().to_list()) <= set(emp_ids)
    assert set(survey["employee_id"].cast(pl.String).to_list()) <= set(emp_ids)
    assert set(tickets["customer_id"].to_list()) <= set(cust_ids)
    agents = employees.filter(pl.col("department") == "Customer Support")
    assert set(tickets["agent_employee_id"].cast(pl.String).to_list()) <= set(
        agents["employee_id"].to_list()
    )


def test_manager_chain_reaches_the_top(employees: pl.DataFrame) -> None:
    boss = dict(zip(employees["employee_id"], employees["manager_id"], strict=True))
    for start in boss:
        seen, node = set(), start
        while boss[node] is not None:
            assert node not in seen, f"manager cycle through {node}"
            seen.add(node)
            node = boss[node]


def test_identifier_formats(
    employees: pl.DataFrame, survey: pl.DataFrame, tickets: pl.DataFrame, customers: list[dict]
) -> None:
    for ssn in employees["ssn"]:
        m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", ssn)
        assert m and m[1] not in ("000", "666") and not m[1].startswith("9")
        assert m[2] != "00" and m[3] != "0000"
    for email in employees["email"]:
        assert email.endswith("@northwind-logistics.com") and email.isascii()
    phone_shapes = {re.sub(r"\d", "9", p) for p in employees["phone"]}
    assert len(phone_shapes) >= 3, "phones should come in several formats"
    assert all(re.fullmatch(r"R-\d{6}", r) for r in survey["response_id"])
    assert all(re.fullmatch(r"TCK-\d{6}", t) for t in tickets["ticket_id"])
    assert all(re.fullmatch(r"ORD-\d{5}", o) for o in tickets["order_id"])
    assert all(re.fullmatch(r"C-\d{5}", c["customer_id"]) for c in customers)
    assert set(survey["score"].to_list()) <= {1, 2, 3, 4, 5}
    assert {c["segment"] for c in customers} == {"smb", "enterprise"}
    assert any(p.startswith("0") for p in employees["postcode"]), "a leading-zero ZIP"


def test_dates_are_plausible(
    employees: pl.DataFrame, tickets: pl.DataFrame, customers: list[dict]
) -> None:
    dob = employees["date_of_birth"].str.to_date()
    hire = employees["hire_date"].str.to_date()
    ages_at_hire = ((hire - dob).dt.total_days() / 365.25).to_list()
    assert min(ages_at_hire) >= 18
    signup = {c["customer_id"]: c["signup_date"] for c in customers}
    for cid, created in zip(tickets["customer_id"], tickets["created_at"], strict=True):
        assert signup[cid] < created.date().isoformat()
    assert str(tickets["created_at"].dtype) == "Datetime(time_unit='us', time_zone='UTC')"


def test_comments_name_only_employees_in_every_case(
    employees: pl.DataFrame, survey: pl.DataFrame
) -> None:
    firsts = employees["first_name"].to_list()
    lasts = employees["last_name"].to_list()
    fulls = [f"{first} {last}" for first, last in zip(firsts, lasts, strict=True)]
    comments = survey["comment"].to_list()
    texts = [c for c in comments if c]

    def count(pattern: str, flags: int = 0) -> int:
        return sum(bool(re.search(pattern, t, flags)) for t in texts)

    names = "|".join(re.escape(f) for f in firsts)
    assert count(rf"\b(?:{names})\b") >= 30
    assert count(rf"\b(?:{'|'.join(re.escape(f.lower()) for f in firsts)})\b") >= 3
    assert count(rf"\b(?:{'|'.join(re.escape(f.upper()) for f in firsts)})\b") >= 1
    assert count("|".join(re.escape(f) for f in fulls)) >= 5
    assert count("|".join(re.escape(e) for e in employees["email"])) >= 1
    assert count("|".join(re.escape(p) for p in employees["phone"])) >= 1
    no_name = [t for t in texts if not re.search(rf"\b(?:{names})\b", t, re.IGNORECASE)]
    assert len(no_name) >= 40, "many comments must hold no personal data at all"
    assert None in comments and "" in comments
    # Every capitalised word that looks like a mention ("X really helped", "X's") is an
    # employee's first name: the bundle names nobody who is not in employees.csv.
    mentions = [
        m[1]
        for t in texts
        for m in re.finditer(r"\b([A-ZÀ-Ý][a-zà-ÿ]+)(?:'s\b| really| always| is the best)", t)
    ]
    assert len(mentions) >= 10
    unknown = sorted(set(mentions) - set(firsts + lasts))
    assert not unknown, f"people mentioned in comments who are not employees: {unknown}"


def test_edge_case_names_present_and_mentioned(
    employees: pl.DataFrame, survey: pl.DataFrame
) -> None:
    last = employees["last_name"].to_list()
    assert any("'" in n for n in last) and any("-" in n for n in last)
    assert any(not n.isascii() for n in employees["first_name"])
    text = "\n".join(c for c in survey["comment"].to_list() if c)
    for name in [n for n in last if "'" in n or "-" in n]:
        assert name in text


def test_transcripts_link_customers_agents_and_identifiers(
    employees: pl.DataFrame, tickets: pl.DataFrame, customers: list[dict]
) -> None:
    by_id = {c["customer_id"]: c for c in customers}
    first_of = dict(zip(employees["employee_id"], employees["first_name"], strict=True))
    cards = ips = 0
    for row in tickets.iter_rows(named=True):
        text, cust = row["transcript"], by_id[row["customer_id"]]
        assert "\n" in text
        assert cust["name"].split()[0] in text, "the customer is addressed by name"
        digits = re.sub(r"\D", "", text)
        assert (
            cust["contact"]["email"] in text
            or cust["name"] in text
            or re.sub(r"\D", "", cust["contact"]["phone"])[-10:] in digits
        ), "each chat holds the customer's email, full name or phone"
        assert row["ticket_id"] in text and row["order_id"] in text
        labels = re.findall(r"^Agent \(([^)]+)\):", text, re.MULTILINE)
        assert labels and labels[0] == first_of[str(row["agent_employee_id"])]
        assert set(labels) <= set(first_of.values())
        for run in re.findall(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])", text):
            digits = re.sub(r"\D", "", run)
            assert _luhn_ok(digits), "card numbers in transcripts are Luhn-valid"
            cards += 1
        ips += bool(re.search(r"\b(?:192\.0\.2|198\.51\.100|203\.0\.113)\.\d+|2001:db8:", text))
    assert cards >= 5 and ips >= 3


def test_customer_records_are_nested_and_varied(customers: list[dict]) -> None:
    for c in customers:
        assert set(c["contact"]) == {"email", "phone"}
        assert set(c["address"]) == {"street", "city", "postcode", "country"}
        assert isinstance(c["opted_in_marketing"], bool)
    notes = [c["notes"] for c in customers]
    assert None in notes and "" in notes
    assert any(n and c["name"].split()[0] in n for n, c in zip(notes, customers, strict=True))
    assert any(n and re.search(r"ending \d{4}", n) for n in notes)
    assert len({c["address"]["country"] for c in customers}) >= 3
