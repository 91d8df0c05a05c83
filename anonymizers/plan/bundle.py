"""One export bundle: its policy, its tables and its plan, validated up front.

Everything that can be wrong with the input is found here, before the run creates a
staging folder, so bad input leaves the output root untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from anonymizers.detect.text import TextDetector
from anonymizers.io.tables import Table, discover, read_table
from anonymizers.plan.columns import Plan, check_drift, make_plan
from anonymizers.plan.names import check_column_names, json_key_kind
from anonymizers.plan.references import check_references
from anonymizers.policy import Policy, load_policy


@dataclass
class Bundle:
    policy: Policy
    policy_path: Path | None
    tables: list[Table]
    #: Policy entries that matched nothing here and may legitimately (``references.py``).
    warnings: list[str] = field(default_factory=list)


def load_bundle(inputs: list[Path], config: Path | None) -> Bundle:
    """Policy and every input table; raises a one-line ``SafesetError`` on bad input,
    including a policy entry naming a column its table does not have."""
    policy = load_policy(config)
    tables = [read_table(p, json_key_kind, ruled_whole(policy)) for p in discover(inputs)]
    check_column_names(tables)
    return Bundle(policy, config, tables, check_references(policy, tables, config))


def ruled_whole(policy: Policy) -> Callable[[str, str], bool]:
    """A column the policy rules on by name is its decision as a whole: a JSON text
    column it names stays one column (its rule would otherwise match nothing)."""
    return lambda table, column: policy.column_rule(table, column) is not None


def plan_bundle(bundle: Bundle, frozen: Path | None, detector: TextDetector) -> Plan:
    """A frozen plan checked for drift, or a fresh one."""
    if frozen:
        plan = Plan.from_yaml(frozen)
        check_drift(plan, bundle.tables)
        return plan
    return make_plan(bundle.tables, bundle.policy, detector.tag_values)
