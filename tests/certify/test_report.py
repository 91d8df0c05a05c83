"""Run report: complete for an engineer, self-contained, escaped, and free of values."""

from __future__ import annotations

import fnmatch
import hashlib
import hmac
import re
import tomllib
import uuid
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from anonymizers.certify.report import write_report
from anonymizers.certify.report_items import DECISIONS_FILE

KEY = b"test-pseudonymisation-key-0042"
XSS_TABLE = '<script>alert("pwn")</script><img src=x onerror=alert(1)>'

#: Values from the (imagined) export that the report must never contain.
SENSITIVE = [
    "Margaret Okonkwo",
    "margaret.okonkwo@brightwave.io",
    "Dmitri Vasquez-Lindqvist",
    "d.vasquez.lindqvist@fjordmail.no",
    "536-22-8741",
    "+1 406 555 0187",
    "4111 1111 1111 1111",
    "Aiyana",
]


def _digest(entity: str, value: str) -> str:
    """The ENGINE.md finding digest, computed here so the test has real keyed digests."""
    mac = hmac.new(KEY, b"digest" + entity.encode() + value.strip().lower().encode(), "sha256")
    return "hmac-sha256:" + mac.hexdigest()[:16]


def _manifest(status: str) -> dict[str, Any]:
    passed = status == "CERTIFIED"
    return {
        "schema_version": "1",
        "run": {
            "id": str(uuid.uuid4()),
            "flow": "sanitize",
            "dataset": "crm_export",
            "triggered_by": {"user": "ci-runner", "host": "build-07", "via": "cli"},
            "started_at": "2025-06-02T08:15:03Z",
            "ended_at": "2025-06-02T08:16:41Z",
        },
        "tool": {"name": "safeset", "version": "0.1.0", "git_commit": "bafb4e3"},
        "policy": {
            "file": "configs/default.yaml",
            "digest": "sha256:" + hashlib.sha256(b"policy").hexdigest(),
        },
        "inputs": [
            {
                "name": "customers.csv",
                "format": "csv",
                "sha256": hashlib.sha256(b"customers").hexdigest(),
                "bytes": 48213,
                "rows": 1200,
                "schema": [{"name": "full_name", "type": "String"}],
            },
            {
                "name": f"{XSS_TABLE}.csv",
                "format": "csv",
                "sha256": hashlib.sha256(b"odd").hexdigest(),
                "bytes": 512,
                "rows": 4,
                "schema": [{"name": "note", "type": "String"}],
            },
        ],
        "outputs": {
            "files": [
                {
                    "path": "data/customers.csv",
                    "sha256": hashlib.sha256(b"out").hexdigest(),
                    "bytes": 47990,
                    "rows": 1197,
                }
            ],
            "dataset_root": "sha256:" + hashlib.sha256(b"root").hexdigest(),
        },
        "columns": [
            {
                "table": "customers",
                "column": "full_name",
                "kind": "entity",
                "entity": "PERSON",
                "detected_by": "name+values",
                "operator": "fake",
                "technique": "pseudonymisation",
            },
            {
                "table": "customers",
                "column": "ssn",
                "kind": "entity",
                "entity": "US_SSN",
                "detected_by": "values",
                "operator": "drop",
                "technique": "suppression",
            },
            {
                "table": "customers",
                "column": "plan_tier",
                "kind": "safe",
                "entity": None,
                "detected_by": "policy",
                "operator": "keep",
                "technique": "none",
            },
            {
                "table": XSS_TABLE,
                "column": "note",
                "kind": "free_text",
                "entity": None,
                "detected_by": "values",
                "operator": "fake",
                "technique": "pseudonymisation",
            },
        ],
        "entity_counts": [
            {"table": "customers", "column": "full_name", "entity": "PERSON", "count": 1197},
            {"table": XSS_TABLE, "column": "note", "entity": "PHONE_NUMBER", "count": 3},
            {"table": XSS_TABLE, "column": "note", "entity": "PERSON", "count": 2},
        ],
        "exclusions": [{"table": "customers", "rows_excluded": 3, "reason": "opt-out"}],
        "deidentification": {
            "claim": "pseudonymised",
            "key_id": "ed25519:7c1e9a0b44d2",
            "statement": "Direct identifiers were replaced by keyed, consistent fakes; "
            "the key is held by the data platform team.",
        },
        "checks": [
            {
                "name": "leak_check",
                "passed": passed,
                "counts": {"values_searched": 3612, "hits": 0 if passed else 2},
            },
            {"name": "pattern_sweep", "passed": True, "counts": {"cells": 4800, "hits": 0}},
            {"name": "structure", "passed": True, "counts": {"tables": 2}},
        ],
        "status": status,
        "previous_manifest": None,
    }


def _findings() -> list[dict[str, Any]]:
    return [
        {
            "check": "leak_check",
            "entity": "EMAIL_ADDRESS",
            "table": "customers",
            "column": "notes",
            "row": 17,
            "digest": _digest("EMAIL_ADDRESS", "margaret.okonkwo@brightwave.io"),
        },
        {
            "check": "leak_check",
            "entity": "US_SSN",
            "table": XSS_TABLE,
            "column": "note",
            "row": 2,
            "digest": _digest("US_SSN", "536-22-8741"),
            "detail": "exact match after normalisation",
        },
    ]


def _review_items() -> list[dict[str, Any]]:
    return [
        {
            "entity": "PERSON",
            "table": "customers",
            "column": "notes",
            "row": 41,
            "score": 0.52,
            "context": "…asked <PERSON> to move the renewal call to Friday…",
            "digest": _digest("PERSON", "Aiyana"),
        },
        {
            "entity": "PHONE_NUMBER",
            "table": XSS_TABLE,
            "column": "note",
            "row": 0,
            "score": 0.45,
            "context": "residual scan: possible unreplaced identifier",
            "digest": _digest("PHONE_NUMBER", "+1 406 555 0187"),
        },
    ]


class _Refs(HTMLParser):
    """Collects every tag, attribute and script/style-free text of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html_text: str) -> _Refs:
    parser = _Refs()
    parser.feed(html_text)
    return parser


@pytest.fixture
def rejected(tmp_path: Path) -> tuple[str, str, dict[str, Any]]:
    manifest = _manifest("REJECTED")
    md_path, html_path = write_report(tmp_path, manifest, _findings(), _review_items())
    assert md_path == tmp_path / "report.md"
    assert html_path == tmp_path / "report.html"
    return md_path.read_text(), html_path.read_text(), manifest


def test_html_is_self_contained(rejected) -> None:
    _, html_text, _ = rejected
    doc = _parse(html_text)

    assert "script" not in doc.tags
    assert not {"img", "link", "iframe", "object", "embed", "form"} & set(doc.tags)
    refs = [v for k, v in doc.attrs if k in ("src", "href", "action", "srcset", "data")]
    assert refs == []
    assert not any(k.startswith("on") for k, _ in doc.attrs)
    assert not re.search(r"url\(|@import|https?://", html_text.split("</style>")[0])
    assert "<style>" in html_text


def test_names_from_the_export_are_escaped(rejected) -> None:
    md_text, html_text, _ = rejected

    assert "<script>" not in html_text
    assert "<img" not in html_text
    assert html_text.count("&lt;script&gt;alert(&quot;pwn&quot;)&lt;/script&gt;") >= 4
    assert XSS_TABLE in "".join(_parse(html_text).text)
    # Markdown: raw HTML in a cell would be rendered by many viewers; it must be inert.
    # Outside code spans every "<" must be backslash-escaped.
    outside_code = re.sub(r"(`+).*?\1", "", md_text)
    assert re.findall(r"(?<!\\)<", outside_code) == []
    assert "<img" in md_text  # proves the name was there, inside a code span


def test_rejected_status_checks_and_findings_are_shown(rejected) -> None:
    md_text, html_text, manifest = rejected

    assert '<div class="status REJECTED">REJECTED</div>' in html_text
    assert "## **REJECTED**" in md_text
    for text in (md_text, html_text):
        assert "Failed checks: leak_check" in text
        for finding in _findings():
            assert finding["digest"] in text
        assert "exact match after normalisation" in text
        for check in manifest["checks"]:
            assert check["name"] in text
        assert "values_searched: 3612, hits: 2" in text
        assert manifest["run"]["id"] in text
        assert manifest["policy"]["digest"] in text
        assert manifest["deidentification"]["key_id"] in text
        assert manifest["deidentification"]["statement"] in text
        assert text.count("proof of anonymity") == 1  # the manifest's statement says it
    assert html_text.count('class="FAIL"') == 1
    assert html_text.count('class="PASS"') == 2
    assert "| `leak_check` | FAIL |" in md_text


def test_decisions_counts_exclusions_and_review_are_reported(rejected) -> None:
    md_text, html_text, manifest = rejected

    for col in manifest["columns"]:
        line = next(ln for ln in md_text.splitlines() if ln.startswith(f"| `{col['column']}` |"))
        assert col["operator"] in line and col["technique"] in line
    assert "Replacements per entity type: PERSON: 1199, PHONE" in md_text
    assert "| `customers` | 1200 | 1197 | 3 opt-out |" in md_text  # rows in, out, excluded
    assert "### Table `customers`" in md_text
    for item in _review_items():
        assert item["digest"] in md_text and item["digest"] in html_text
    assert "&lt;PERSON&gt; to move the renewal call" in html_text
    assert DECISIONS_FILE in md_text
    first = sorted(_review_items(), key=lambda i: (i["table"], i["column"], i["row"]))[0]
    assert f'- digest: "{first["digest"]}"\n  decision: accept' in md_text
    assert "decision: reject" in html_text


def test_no_sensitive_input_value_in_either_report(rejected) -> None:
    md_text, html_text, _ = rejected
    for text in (md_text, html_text):
        leaked = [v for v in SENSITIVE if v.lower() in text.lower()]
        assert leaked == []


def test_certified_run_with_nothing_to_review(tmp_path: Path) -> None:
    manifest = _manifest("CERTIFIED")
    md_path, html_path = write_report(tmp_path, manifest, [], [])
    md_text, html_text = md_path.read_text(), html_path.read_text()

    assert '<div class="status CERTIFIED">CERTIFIED</div>' in html_text
    assert "REJECTED" not in md_text
    assert "status REJECTED" not in html_text
    assert "No findings." in md_text and "Nothing needs review." in html_text
    assert DECISIONS_FILE not in md_text
    assert 'class="FAIL"' not in html_text


ODD_COLUMN = '<b title="x">R&D\'s</b>'


def test_html_special_column_name_is_escaped(tmp_path: Path) -> None:
    manifest = _manifest("REJECTED")
    manifest["columns"][0]["column"] = ODD_COLUMN
    manifest["entity_counts"][0]["column"] = ODD_COLUMN
    findings = _findings()
    findings[0]["column"] = ODD_COLUMN
    md_path, html_path = write_report(tmp_path, manifest, findings, [])
    html_text, md_text = html_path.read_text(), md_path.read_text()

    escaped = "&lt;b title=&quot;x&quot;&gt;R&amp;D&#x27;s&lt;/b&gt;"
    assert html_text.count(f"<td><code>{escaped}</code></td>") == 3
    doc = _parse(html_text)
    assert "b" not in doc.tags
    assert ("title", "x") not in doc.attrs
    assert "".join(doc.text).count(ODD_COLUMN) == 3
    assert md_text.count(f"`{ODD_COLUMN}`") == 3
    outside_code = re.sub(r"(`+).*?\1", "", md_text)
    assert re.findall(r"(?<![\\])[<&]", outside_code) == []


def test_governance_sections(tmp_path: Path) -> None:
    manifest = _manifest("CERTIFIED")
    manifest["risk"] = {
        "k_required": 5,
        "tables": [
            {
                "table": XSS_TABLE,
                "quasi_identifiers": ["zip", "birth_year"],
                "generalised": [],
                "rows": 1197,
                "groups": 40,
                "k_achieved": 5,
                "rows_below_k": 0,
                "l_diversity": 2.5,
                "rows_suppressed": 12,
            }
        ],
    }
    manifest["date_shift"] = {
        "max_days": 30,
        "keep_weekday": True,
        "birth_dates": "year",
        "columns": ["hire_date"],
    }
    manifest["fairness"] = {
        "columns": [
            {
                "table": "customers",
                "column": "full_name",
                "before": {"female": 48.2, "male": 50.1, "unknown": 1.7},
                "after": {"female": 49.0, "male": 49.6, "unknown": 1.4},
                "max_gender_shift_pp": 0.8,
            }
        ]
    }
    manifest["encryption"] = {
        "algorithm": "AES-256-GCM",
        "scheme": "parquet-modular",
        "key_id": "dk-3f9a",
    }
    manifest["access"] = {
        "scheme": "safeset-x25519-v1",
        "file": "grants.json",
        "data_key_id": "3f9a0c1d2e4b5a69",
        "grants": [{"team": "ml-platform", "recipient": "A" * 43 + "=", "fingerprint": "f" * 64}],
    }
    md_path, html_path = write_report(tmp_path, manifest, [], [])
    md_text, html_text = md_path.read_text(), html_path.read_text()

    assert f"| `ml-platform` | `{'f' * 64}` |" in md_text
    assert f"| `{XSS_TABLE}` | zip, birth_year | — | 1197 | 40 | 5 | 0 | 2.5 | 12 |" in md_text
    assert "| `customers` | `full_name` | 48.2/50.1/1.7 | 49/49.6/1.4 | 0.8 |" in md_text
    assert "of at most 30 days (weekday kept: True; birth dates: year)" in md_text
    assert "AES-256-GCM (parquet-modular), key id dk-3f9a" in html_text
    assert "<td><code>hire_date</code></td>" in html_text
    assert "<td>48.2/50.1/1.7</td><td>49/49.6/1.4</td><td>0.8</td>" in html_text
    for title in (
        "Re-identification risk",
        "Date shifting",
        "Fairness of fakes",
        "Access",
        "Encryption at rest",
    ):
        assert f"<h2>{title}</h2>" in html_text and f"## {title}\n" in md_text
    assert "<script>" not in html_text


def test_templates_ship_as_package_data() -> None:
    """The templates are read through the package, so a wheel must carry them."""
    templates = files("anonymizers.certify") / "templates"
    names = sorted(t.name for t in templates.iterdir() if t.name.endswith(".j2"))
    assert names == ["report.html.j2", "report.md.j2"]
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    package_data = tomllib.loads(pyproject.read_text())["tool"]["setuptools"]["package-data"]
    globs = package_data["anonymizers.certify"]
    for name in names:
        assert any(fnmatch.fnmatch(f"templates/{name}", g) for g in globs), name


def test_not_applicable_and_estimates_are_never_shown_as_pass(tmp_path: Path) -> None:
    manifest = _manifest("CERTIFIED")
    manifest["checks"] = [
        {"name": "leak_check", "passed": True, "status": "pass", "gating": True,
         "measured": "every output text cell, searched as whole words",
         "reason": "no original value was found in the output",
         "counts": {"values_searched": 3612, "hits": 0}},
        {"name": "k_anonymity", "passed": False, "status": "not_applicable", "gating": True,
         "measured": "the smallest group of rows sharing all quasi-identifiers",
         "reason": "no table of the bundle has quasi-identifiers listed",
         "counts": {"k_required": 5, "tables": 0, "tables_below_k": 0}},
        {"name": "residual_scan", "passed": True, "status": "pass", "gating": False,
         "measured": "NER re-scan of a random sample of 2,000 of 9,410 output text cells",
         "reason": "estimate for review, not a gate: 12 of 2,000 sampled cells flagged",
         "counts": {"cells_scanned": 2000, "cells_flagged": 12, "upper_bound_per_10000": 96}},
    ]  # fmt: skip
    md_path, html_path = write_report(tmp_path, manifest, [], [])
    md_text, html_text = md_path.read_text(), html_path.read_text()
    assert "| `leak_check` | PASS | yes |" in md_text
    assert "| `k_anonymity` | N/A | yes |" in md_text
    assert "| `residual_scan` | REPORTED | no |" in md_text
    assert html_text.count('class="PASS"') == 1
    assert '<td class="NA">N/A</td>' in html_text and 'class="REPORTED"' in html_text
    for text in (md_text, html_text):
        assert "Not applicable (nothing to measure, so not a pass): k_anonymity." in text
        assert "no table of the bundle has quasi-identifiers listed" in text
        assert "estimate for review, not a gate" in text


def test_cleared_hits_are_listed_with_their_reason_and_no_value(tmp_path: Path) -> None:
    manifest = _manifest("CERTIFIED")
    cleared = [
        {"check": "pattern_sweep", "entity": "PHONE_NUMBER", "table": "orders",
         "column": "placed_at", "row": 7, "digest": _digest("PHONE_NUMBER", "2025-01-21 22"),
         "cleared": "shape", "detail": "part of a timestamp"},
        {"check": "leak", "entity": "LAST_NAME", "table": "orders", "column": "product",
         "row": 3, "digest": _digest("LAST_NAME", "Okonkwo"), "cleared": "category",
         "detail": "held by 12 rows of the kept input column"},
    ]  # fmt: skip
    md_path, html_path = write_report(tmp_path, manifest, [], [], cleared)
    for text in (md_path.read_text(), html_path.read_text()):
        assert "Cleared hits" in text and "category: 1, shape: 1" in text
        assert "part of a timestamp" in text and "held by 12 rows" in text
        assert all(c["digest"] in text for c in cleared)
        assert "Okonkwo" not in text and "2025-01-21 22" not in text
    md_path, _ = write_report(tmp_path / "none", manifest, [], [])
    assert "No hit was cleared." in md_path.read_text()


def test_a_long_review_list_says_how_many_more_are_counted(tmp_path: Path) -> None:
    md_path, html_path = write_report(
        tmp_path, _manifest("CERTIFIED"), [], _review_items(), [],
        {"PERSON": 12_480, "LOCATION": 311},
    )  # fmt: skip
    md_text, html_text = md_path.read_text(), html_path.read_text()
    assert "| Items for human review | `2 listed of 12,793` |" in md_text
    for text in (md_text, html_text):
        assert "12,791 more are counted (LOCATION: 311, PERSON: 12480)" in text
