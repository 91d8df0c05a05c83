"""Policy entries checked against the bundle: a typo is an error, an idle entry a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from anonymizers.errors import PolicyError
from anonymizers.governance.govern import GovernanceReport, k_anonymity_check
from anonymizers.io.tables import read_table
from anonymizers.plan.bundle import load_bundle
from anonymizers.plan.references import check_references
from anonymizers.policy import ColumnRule, Policy, RiskConfig, SubjectsConfig

REPO = Path(__file__).resolve().parents[2]

CRM_CSV = """customer_id,full_name,email,postcode,segment,signup_date
C-1001,Ngozi Adeyemi,ngozi.adeyemi@example.org,LS6 2QT,retail,2024-02-11
C-1002,Tomasz Wrobel,t.wrobel@example.net,M14 5RB,business,2023-11-30
"""


@pytest.fixture
def crm(tmp_path: Path) -> Path:
    folder = tmp_path / "crm"
    folder.mkdir()
    (folder / "customers.csv").write_text(CRM_CSV)
    return folder


def test_the_shared_governance_policy_warns_on_a_crm_export(crm: Path) -> None:
    """Issue 22: its `employees.*` entries were ignored in silence, k-anonymity PASS."""
    config = REPO / "configs" / "governance.example.yaml"
    bundle = load_bundle([crm], config)
    text = "\n".join(bundle.warnings)
    for idle in ("'employees.employee_id'", "'employees: gender'", "'employees.postcode'",
                 "'*.salary'", "'support_tickets.created_at'"):  # fmt: skip
        assert idle in text, idle
    assert all(w.startswith(f"{config}: ") for w in bundle.warnings)
    assert "customers.customer_id" not in text  # the entries that match are not named
    # The check that rests on the idle risk section measures nothing: not applicable.
    check = k_anonymity_check(GovernanceReport(risk={"k_required": 2, "tables": []}),
                              bundle.policy)  # fmt: skip
    assert check is not None and not check.applicable


@pytest.mark.parametrize(
    ("policy", "expect"),
    [
        (Policy(columns={"customers.emial": ColumnRule(kind="safe")}),
         "columns: 'customers.emial' names column 'emial'"),
        (Policy(subjects=SubjectsConfig(id_columns=["customers.cust_id"])),
         "subjects.id_columns: 'customers.cust_id' names column 'cust_id'"),
        (Policy(risk=RiskConfig(quasi_identifiers={"customers": ["postcode", "age_band"]}, k=2)),
         "risk.quasi_identifiers: 'customers: age_band' names column 'age_band'"),
    ],
)  # fmt: skip
def test_a_column_its_table_lacks_is_an_error(crm: Path, policy: Policy, expect: str) -> None:
    tables = [read_table(crm / "customers.csv")]
    with pytest.raises(PolicyError, match=expect) as caught:
        check_references(policy, tables, Path("configs/crm.yaml"))
    assert str(caught.value).startswith("configs/crm.yaml: ")
    assert "customers.csv" in str(caught.value)


def test_matching_entries_are_silent_and_idle_globs_warn(crm: Path) -> None:
    tables = [read_table(crm / "customers.csv")]
    matching = Policy(columns={"customers.email": ColumnRule(kind="safe"),
                               "segment": ColumnRule(kind="safe"),
                               "*.post*": ColumnRule(kind="safe")})  # fmt: skip
    assert check_references(matching, tables, None) == []
    idle = Policy(columns={"*.salary": ColumnRule(kind="safe"),
                           "customers.loyalty_*": ColumnRule(kind="safe")})  # fmt: skip
    warnings = check_references(idle, tables, None)
    assert len(warnings) == 2
    assert all(w.startswith("the default policy: columns: ") for w in warnings)
