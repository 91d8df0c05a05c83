"""The run report a data engineer reads: report.md and a self-contained report.html.

Both are rendered from one list of sections built only from the manifest, the
verification findings and the review items: names, counts, scores, keyed digests and
the masked contexts the engine already produced. No data file is opened here, so the
report cannot carry a value the engine did not deliberately put in a finding.

The layout lives in Jinja2 templates shipped with the package (``templates/report.md.j2``
and ``templates/report.html.j2``); this module decides what goes in, the templates how
it looks. Everything that came from outside this module (table and column names come
from the customer's export) is escaped for the format it lands in: the HTML template is
autoescaped, the Markdown one passes every value through ``md_text`` or ``md_code``. A
column called ``<img src=x onerror=...>`` must show as text, not run, in a browser or a
Markdown viewer. The HTML loads nothing (inline CSS, no scripts, a ``default-src 'none'``
CSP), so it opens the same on an air-gapped auditor's laptop as on a build server.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    PackageLoader,
    StrictUndefined,
    pass_eval_context,
    select_autoescape,
)
from jinja2.nodes import EvalContext
from markupsafe import Markup

from anonymizers.certify.manifest import check_status
from anonymizers.certify.report_items import (
    cleared_section,
    findings_section,
    review_count,
    review_sections,
)
from anonymizers.certify.report_parts import NONE, Section
from anonymizers.certify.report_parts import counts_text as _counts
from anonymizers.certify.report_parts import text_of as _s
from anonymizers.certify.row_counts import excluded_text, row_accounts

REPORT_MD = "report.md"
REPORT_HTML = "report.html"
#: Templates shipped as package data in ``anonymizers/certify/templates/``.
MD_TEMPLATE = "report.md.j2"
HTML_TEMPLATE = "report.html.j2"


def write_report(
    run_dir: Path,
    manifest: dict[str, Any],
    findings: list[dict[str, Any]],
    review_items: list[dict[str, Any]],
    cleared: list[dict[str, Any]] | None = None,
    review_left_out: dict[str, int] | None = None,
) -> tuple[Path, Path]:
    """Write ``report.md`` and ``report.html`` into the run folder; return their paths.
    ``cleared``: the gate's hits that did not reject, each with its reason;
    ``review_left_out``: review items counted but not listed, by entity."""
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    status = str(manifest.get("status") or "REJECTED")
    dataset = str(manifest.get("run", {}).get("dataset") or NONE)
    sections = _sections(manifest, findings, review_items, cleared or [], review_left_out or {})
    md_path = run_dir / REPORT_MD
    html_path = run_dir / REPORT_HTML
    md_path.write_text(_render(MD_TEMPLATE, dataset, status, sections), encoding="utf-8")
    html_path.write_text(_render(HTML_TEMPLATE, dataset, status, sections), encoding="utf-8")
    return md_path, html_path


# --- content ------------------------------------------------------------------------------


def _duration(start: Any, end: Any) -> str:
    try:
        t0 = datetime.fromisoformat(str(start).replace("Z", "+00:00"))
        t1 = datetime.fromisoformat(str(end).replace("Z", "+00:00"))
    except ValueError:
        return NONE
    return f"{(t1 - t0).total_seconds():.0f} s"


def _sections(
    manifest: dict[str, Any],
    findings: list[dict[str, Any]],
    review: list[dict[str, Any]],
    cleared: list[dict[str, Any]] | None = None,
    review_left_out: dict[str, int] | None = None,
) -> list[Section]:
    left_out = review_left_out or {}
    return [
        _summary(manifest, findings, review, left_out),
        *_policy_warnings(manifest),
        _claim(manifest),
        *_files(manifest),
        *_decisions(manifest),
        _entity_counts(manifest),
        _checks(manifest),
        findings_section(findings),
        cleared_section(cleared or []),
        *review_sections(review, left_out),
        _exclusions(manifest),
        *_governance(manifest),
    ]


def _policy_warnings(m: dict[str, Any]) -> list[Section]:
    """Policy entries that matched nothing in this bundle (``plan/references.py``)."""
    warnings = m.get("policy", {}).get("warnings") or []
    if not warnings:
        return []
    return [Section(
        "Policy entries not applied",
        paragraphs=["These entries of the policy match no table or column of this export "
                    "and did nothing; the checks that depend on them are not applicable, "
                    "not passed. A shared policy may legitimately hold entries for other "
                    "exports; a typo here is worth fixing."],
        headers=["warning"], rows=[[_s(w)] for w in warnings],
    )]  # fmt: skip


def _governance(m: dict[str, Any]) -> list[Section]:
    """Re-identification risk, date shifting, fairness, access and encryption, when on."""
    out: list[Section] = []
    if risk := m.get("risk"):
        out.append(Section(
            "Re-identification risk",
            paragraphs=[f"k required: {_s(risk.get('k_required'))}. Groups are rows sharing "
                        "all quasi-identifiers; k achieved is the smallest group."],
            headers=["table", "quasi-identifiers", "generalised", "rows", "groups",
                     "k achieved", "rows below k", "l-diversity", "rows suppressed"],
            rows=[[_s(t.get("table")), ", ".join(t.get("quasi_identifiers", [])),
                   ", ".join(t.get("generalised", [])) or NONE, _s(t.get("rows")),
                   _s(t.get("groups")), _s(t.get("k_achieved")), _s(t.get("rows_below_k")),
                   _s(t.get("l_diversity")), _s(t.get("rows_suppressed"))]
                  for t in risk.get("tables", [])],
            code_columns=frozenset({0}),
        ))  # fmt: skip
    if shift := m.get("date_shift"):
        out.append(Section(
            "Date shifting",
            paragraphs=[f"Each subject's dates moved by one keyed offset of at most "
                        f"{_s(shift.get('max_days'))} days (weekday kept: "
                        f"{_s(shift.get('keep_weekday'))}; birth dates: "
                        f"{_s(shift.get('birth_dates'))}). Intervals within a subject survive."],
            headers=["column"], rows=[[_s(c)] for c in shift.get("columns", [])],
            code_columns=frozenset({0}),
        ))  # fmt: skip
    if fair := m.get("fairness"):
        out.append(Section(
            "Fairness of fakes",
            paragraphs=["Apparent gender of first names before and after faking, in percent "
                        "of names (names themselves are never shown)."],
            headers=["table", "column", "before (f/m/unknown)", "after (f/m/unknown)",
                     "largest shift (points)"],
            rows=[[_s(c.get("table")), _s(c.get("column")),
                   "/".join(_s(c.get("before", {}).get(g)) for g in ("female", "male", "unknown")),
                   "/".join(_s(c.get("after", {}).get(g)) for g in ("female", "male", "unknown")),
                   _s(c.get("max_gender_shift_pp"))] for c in fair.get("columns", [])],
            code_columns=frozenset({0, 1}),
        ))  # fmt: skip
    if access := m.get("access"):
        out.append(Section(
            "Access",
            paragraphs=["The data files are sealed: their key is wrapped for these teams only "
                        f"({_s(access.get('scheme'))}). A team pulls with its own identity; "
                        "the fingerprint is the sha256 of its public key."],
            headers=["team", "fingerprint"],
            rows=[[_s(g.get("team")), _s(g.get("fingerprint"))] for g in access.get("grants", [])],
            code_columns=frozenset({0, 1}),
        ))  # fmt: skip
    if formulas := m.get("csv_formulas"):
        quoted = sum(int(n) for n in formulas.get("cells", {}).values())
        out.append(Section(
            "Spreadsheet formulas",
            paragraphs=[f"CSV/TSV cells a spreadsheet would run as a formula: policy "
                        f"{_s(formulas.get('policy'))}; {quoted} cell(s) written with a "
                        "leading single quote (OWASP CSV injection)."],
            headers=["table", "cells quoted"],
            rows=[[_s(t), _s(n)] for t, n in sorted(formulas.get("cells", {}).items())],
            code_columns=frozenset({0}),
        ))  # fmt: skip
    if enc := m.get("encryption"):
        out.append(Section(
            "Encryption at rest",
            paragraphs=[f"{_s(enc.get('algorithm'))} ({_s(enc.get('scheme'))}), key id "
                        f"{_s(enc.get('key_id'))}; the key itself is never stored here."],
        ))  # fmt: skip
    return out


def _summary(
    m: dict[str, Any], findings: list[dict], review: list[dict], left_out: dict[str, int]
) -> Section:
    run = m.get("run", {})
    tool = m.get("tool", {})
    policy = m.get("policy", {})
    who = run.get("triggered_by") or {}
    deid = m.get("deidentification", {})
    rows = [
        ["Status", _s(m.get("status"))],
        ["Dataset", _s(run.get("dataset"))],
        ["Run id", _s(run.get("id"))],
        ["Flow", _s(run.get("flow"))],
        [
            "Triggered by",
            f"{_s(who.get('user'))} on {_s(who.get('host'))} via {_s(who.get('via'))}",
        ],
        ["Started", _s(run.get("started_at"))],
        ["Ended", _s(run.get("ended_at"))],
        ["Duration", _duration(run.get("started_at"), run.get("ended_at"))],
        [
            "Tool",
            f"{_s(tool.get('name'))} {_s(tool.get('version'))} ({_s(tool.get('git_commit'))})",
        ],
        ["Policy", f"{_s(policy.get('file'))} {_s(policy.get('digest'))}"],
        ["Pseudonymisation key id", _s(deid.get("key_id"))],
        ["Dataset root", _s(m.get("outputs", {}).get("dataset_root"))],
        ["Previous manifest", _s(m.get("previous_manifest"))],
        ["Findings", str(len(findings))],
        ["Items for human review", review_count(review, left_out)],
    ]
    checks = m.get("checks", [])
    failed = [str(c.get("name")) for c in checks if check_status(c) == "fail"]
    idle = [str(c.get("name")) for c in checks if check_status(c) == "not_applicable"]
    if m.get("status") == "CERTIFIED":
        verdict = "No gating check failed; the dataset was signed and published."
    else:
        verdict = (
            "The run was rejected and quarantined; nothing was published. "
            + (f"Failed checks: {', '.join(failed)}." if failed else "")
        ).strip()
    if idle:
        verdict += f" Not applicable (nothing to measure, so not a pass): {', '.join(idle)}."
    return Section(
        "Summary", paragraphs=[verdict], headers=["", ""], rows=rows, code_columns=frozenset({1})
    )


def _claim(m: dict[str, Any]) -> Section:
    deid = m.get("deidentification", {})
    paragraphs = [
        f"Claim: {_s(deid.get('claim'))} (key id {_s(deid.get('key_id'))}; the key itself is "
        "never recorded).",
    ]
    statement = str(deid.get("statement") or "")
    if statement:
        paragraphs.append(statement)
    if "proof of anonymity" not in statement:  # said once: the manifest's words if it has them
        paragraphs.append(
            "CERTIFIED means the run passed the checks listed below; it is not a proof of "
            "anonymity. While the pseudonymisation key is kept, the output is pseudonymised "
            "personal data (GDPR Art. 4(5))."
        )
    return Section("De-identification claim", paragraphs=paragraphs)


def _files(m: dict[str, Any]) -> list[Section]:
    inputs = Section(
        "Inputs",
        headers=["file", "format", "rows", "bytes", "columns", "sha256"],
        rows=[
            [
                _s(i.get("name")),
                _s(i.get("format")),
                _s(i.get("rows")),
                _s(i.get("bytes")),
                str(len(i.get("schema", []))),
                _s(i.get("sha256")),
            ]
            for i in m.get("inputs", [])
        ],
        code_columns=frozenset({0, 5}),
        empty="No inputs recorded.",
    )
    outputs = Section(
        "Outputs",
        headers=["file", "rows", "bytes", "sha256"],
        rows=[
            [
                _s(o.get("path")),
                _s(o.get("rows")),
                _s(o.get("bytes")),
                _s(o.get("sha256")),
            ]
            for o in m.get("outputs", {}).get("files", [])
        ],
        code_columns=frozenset({0, 3}),
        empty="No output files (nothing was written).",
    )
    return [inputs, outputs]


def _decisions(m: dict[str, Any]) -> list[Section]:
    by_table: dict[str, list[dict[str, Any]]] = {}
    for col in m.get("columns", []):
        by_table.setdefault(str(col.get("table")), []).append(col)
    head = Section(
        "Column decisions",
        paragraphs=[
            "What the run did to each column: kind (entity, free_text, technical, safe), the "
            "entity type, how it was detected, the operator applied and its ISO/IEC 20889 "
            "technique."
        ],
        empty="" if by_table else "No column decisions recorded.",
    )
    tables = [
        Section(
            "Table",
            level=3,
            title_code=table,
            headers=["column", "kind", "entity", "detected by", "operator", "technique"],
            rows=[
                [
                    _s(c.get("column")),
                    _s(c.get("kind")),
                    _s(c.get("entity")),
                    _s(c.get("detected_by")),
                    _s(c.get("operator")),
                    _s(c.get("technique")),
                ]
                for c in cols
            ],
            code_columns=frozenset({0}),
        )
        for table, cols in by_table.items()
    ]
    return [head, *tables]


def _entity_counts(m: dict[str, Any]) -> Section:
    entries = m.get("entity_counts", [])
    totals: Counter[str] = Counter()
    for e in entries:
        totals[str(e.get("entity"))] += int(e.get("count") or 0)
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(totals.items()))
    return Section(
        "Entity counts",
        paragraphs=[f"Replacements per entity type: {summary}."] if summary else [],
        headers=["table", "column", "entity", "count"],
        rows=[
            [
                _s(e.get("table")),
                _s(e.get("column")),
                _s(e.get("entity")),
                _s(e.get("count")),
            ]
            for e in entries
        ],
        code_columns=frozenset({0, 1}),
        empty="No entities were found.",
    )


#: The result column of the checks table, by status (a non-gating pass is an estimate).
_RESULT = {"pass": "PASS", "fail": "FAIL", "not_applicable": "N/A"}


def _result(check: dict[str, Any]) -> str:
    status = check_status(check)
    if status == "pass" and check.get("gating") is False:
        return "REPORTED"
    return _RESULT[status]


def _checks(m: dict[str, Any]) -> Section:
    return Section(
        "Checks",
        paragraphs=[
            "PASS: measured, and nothing wrong found. FAIL: a problem found; a failed gating "
            "check rejects the run. N/A: nothing to measure, so neither a pass nor a reason "
            "to reject. REPORTED: an estimate for review, not a gate. Each check says what "
            "it measured, how much (its counts) and why it has its result."
        ],
        headers=["check", "result", "gate", "measured", "counts", "reason"],
        rows=[
            [
                _s(c.get("name")),
                _result(c),
                "no" if c.get("gating") is False else "yes",
                _s(c.get("measured")),
                _counts(c.get("counts")),
                _s(c.get("reason")),
            ]
            for c in m.get("checks", [])
        ],
        code_columns=frozenset({0}),
        empty="No checks were run.",
    )


def _exclusions(m: dict[str, Any]) -> Section:
    """Rows in and out per table, and why rows were left out: the counts the console and
    the Prefect run summary print (``row_counts.py``)."""
    return Section(
        "Rows",
        paragraphs=["Rows read, rows published and rows left out of the dataset, e.g. "
                    "subjects who opted out or rows suppressed for k-anonymity (counts only)."],
        headers=["table", "rows in", "rows out", "excluded"],
        rows=[
            [_s(a["table"]), _s(a["rows_in"]), _s(a["rows_out"]), excluded_text(a["excluded"])]
            for a in row_accounts(m)
        ],
        code_columns=frozenset({0}),
        empty="No inputs recorded.",
    )  # fmt: skip


# --- rendering ----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|&])")


def _md_text(text: str) -> str:
    """Plain text safe in Markdown: no markup, raw HTML, links or table breaks."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_code(text: str) -> str:
    """A code span: renders literally, including anything that looks like HTML."""
    text = " ".join(text.split()).replace("|", "\\|")
    if text == NONE:
        return NONE
    longest = max((len(r) for r in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


@pass_eval_context
def _escape(context: EvalContext, value: Any) -> Any:
    """Autoescaping by ``html.escape`` (named entities ``&quot;``, ``&#x27;``) rather than
    markupsafe's numeric ones: the same safety, and report.html, a signed file, has bytes
    that depend on the manifest and the templates only, not on the escaper markupsafe
    prefers. Markup a template made itself (a macro's output) passes through as it is;
    in the Markdown template (not autoescaped) values pass through untouched."""
    if context.autoescape and not isinstance(value, Markup):
        return Markup(html.escape(str(value), quote=True))
    return value


@functools.cache
def _templates() -> Environment:
    """Built once per process: loading and compiling the templates is the slow part."""
    env = Environment(
        loader=PackageLoader("anonymizers.certify", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",)),
        finalize=_escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_text"] = _md_text
    env.filters["md_code"] = _md_code
    return env


def _render(template: str, dataset: str, status: str, sections: list[Section]) -> str:
    return (
        _templates()
        .get_template(template)
        .render(dataset=dataset, status=status, sections=sections, none_text=NONE)
    )
