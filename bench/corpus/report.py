"""The corpus report as markdown: counts and shares only, never a value."""

from __future__ import annotations

#: Issue 21's targets, reported against, never asserted.
TARGETS = {
    "left_in_cell": "0",
    "recall": "≥ 0.97",
    "recall DATE_OF_BIRTH": "≥ 0.95",
    "recall text_only_person": "≥ 0.95",
    "kept": "≥ 0.98",
    "consistent": "≥ 0.97",
    "clean rejected": "0",
}

COLUMNS = "safeset | safeset dev | safeset held-out | safeset, same cells | plain Presidio"


def _rate(tally: dict, metric: str, dim: str = "all", value: str = "all") -> dict | None:
    return tally.get(metric, {}).get(dim, {}).get(value)


def _fmt(rate: dict | None, count: bool = False) -> str:
    if not rate or not rate["n"]:
        return "n/a"
    if count:
        return f"{rate['hits']} of {rate['n']}"
    return f"{rate['share']:.3f} ({rate['hits']}/{rate['n']})"


def _row(label: str, target: str, cells: list[str]) -> str:
    return "| " + " | ".join([label, target, *cells]) + " |"


def markdown(result: dict) -> str:
    t = result["totals"]
    s, ss, p = t["safeset"], t["safeset_sample"], t["presidio"]
    gate = result["gate"]
    st = result.get("settings", {})
    lines = [
        "# Corpus evaluation (issue 21)",
        "",
        f"`{st.get('command', 'python -m bench.eval_corpus')}`: {len(result['bundles'])} "
        f"bundles, {st.get('rows', '?')} rows per main table, seed {st.get('seed', '?')}, "
        f"{st.get('seconds', '?')} s. Presidio scored on {st.get('presidio_sample', '?')} "
        "text cells per bundle (presidio-structured samples as many rows per table); "
        "'safeset, same cells' is safeset on that sample. "
        "Held-out templates: `bench/corpus/heldout.py`.",
        "",
        "| metric | target | " + COLUMNS + " |",
        "|---|---|---|---|---|---|---|",
    ]

    def split(tally: dict, metric: str, value: str) -> str:
        return _fmt(_rate(tally, metric, "split", value))

    lines.append(
        _row(
            "structured values left in their cell",
            TARGETS["left_in_cell"],
            [
                _fmt(_rate(s, "left_in_cell"), True),
                "",
                "",
                "",
                _fmt(_rate(p, "left_in_cell"), True),
            ],
        )
    )
    lines.append(
        _row(
            "free-text recall",
            TARGETS["recall"],
            [
                _fmt(_rate(s, "recall")),
                split(s, "recall", "dev"),
                split(s, "recall", "heldout"),
                _fmt(_rate(ss, "recall")),
                _fmt(_rate(p, "recall")),
            ],
        )
    )
    for dim, value, target in (
        ("entity", "DATE_OF_BIRTH", TARGETS["recall DATE_OF_BIRTH"]),
        ("case", "text_only_person", TARGETS["recall text_only_person"]),
        ("case", "address_text_only", ""),
    ):
        lines.append(
            _row(
                f"recall, {value}",
                target,
                [
                    _fmt(_rate(s, "recall", dim, value)),
                    "",
                    "",
                    _fmt(_rate(ss, "recall", dim, value)),
                    _fmt(_rate(p, "recall", dim, value)),
                ],
            )
        )
    lines.append(
        _row(
            "non-personal words unchanged",
            TARGETS["kept"],
            [
                _fmt(_rate(s, "kept")),
                split(s, "kept", "dev"),
                split(s, "kept", "heldout"),
                _fmt(_rate(ss, "kept")),
                _fmt(_rate(p, "kept")),
            ],
        )
    )
    lines.append(
        _row(
            "non-personal table cells unchanged",
            "",
            [_fmt(_rate(s, "kept_cell")), "", "", "", _fmt(_rate(p, "kept_cell"))],
        )
    )
    lines.append(
        _row(
            "mentions consistent with the table's fake",
            TARGETS["consistent"],
            [_fmt(_rate(s, "consistent")), "", "", "", "n/a (no fakes)"],
        )
    )
    lines.append(
        _row(
            "clean bundles rejected by the gate",
            TARGETS["clean rejected"],
            [f"{len(gate['clean_rejected'])} of {gate['clean_bundles']}", "", "", "", "n/a"],
        )
    )
    lines.append(
        _row(
            "dirty bundles certified although a labelled value leaked",
            "0",
            [
                f"{len(gate['dirty_certified_with_leaks'])} of {gate['dirty_bundles']}",
                "",
                "",
                "",
                "n/a",
            ],
        )
    )
    for title, metric, dim in (
        ("Free-text recall per entity", "recall", "entity"),
        ("Free-text recall per kind of case", "recall", "case"),
        ("Free-text recall per language", "recall", "language"),
        ("Structured values left in their cell, per entity", "left_in_cell", "entity"),
        ("Non-personal words unchanged, per kind", "kept", "kind"),
        ("Non-personal words unchanged, per language", "kept", "language"),
        ("Consistency per entity", "consistent", "entity"),
    ):
        count = metric == "left_in_cell"
        lines += [
            "",
            f"## {title}",
            "",
            "| value | " + COLUMNS + " |",
            "|---|---|---|---|---|---|",
        ]
        for value in sorted(s.get(metric, {}).get(dim, {})):
            joint = f"{dim}|split"
            lines.append(
                "| "
                + " | ".join(
                    [
                        value,
                        _fmt(_rate(s, metric, dim, value), count),
                        _fmt(_rate(s, metric, joint, f"{value}|dev"), count),
                        _fmt(_rate(s, metric, joint, f"{value}|heldout"), count),
                        _fmt(_rate(ss, metric, dim, value), count),
                        _fmt(_rate(p, metric, dim, value), count),
                    ]
                )
                + " |"
            )
    lines += [
        "",
        "## Bundles",
        "",
        "| bundle | clean | gate | failed checks | labelled values leaked | text cells "
        "| safeset s |",
        "|---|---|---|---|---|---|---|",
    ]
    for b in result["bundles"]:
        lines.append(
            f"| {b['name']} | {'yes' if b['clean'] else 'no'} | "
            f"{'CERTIFIED' if b['gate']['certified'] else 'REJECTED'} | "
            f"{', '.join(b['gate']['failed_checks']) or '-'} | "
            f"{b['labelled_values_leaked']} | {b['text_cells']} | {b['seconds']} |"
        )
    changed = sorted(
        ((r["n"] - r["hits"], col, r["n"]) for col, r in
         s.get("kept_cell", {}).get("column", {}).items() if r["hits"] < r["n"]),
        reverse=True,
    )  # fmt: skip
    if changed:
        lines += ["", "## Non-personal table columns that safeset changed", "",
                  "| table.column | cells changed |", "|---|---|"]  # fmt: skip
        lines += [f"| {col} | {bad} of {n} |" for bad, col, n in changed]
    rejected = [b for b in result["bundles"] if b["clean"] and not b["gate"]["certified"]]
    if rejected:
        lines += ["", "## Why clean bundles were rejected (findings by check, place and "
                  "entity; the verification lists up to 200 per check)", ""]  # fmt: skip
        for b in rejected:
            found = sorted(b["gate"].get("findings", {}).items(), key=lambda kv: -kv[1])
            where = "; ".join(f"{k} ×{n}" for k, n in found[:4]) or "no findings listed"
            lines.append(f"- {b['name']}: {where}")
    notes = sorted({n for b in result["bundles"] for n in b["notes"]})
    if notes:
        lines += ["", "Notes on the shapes:", *[f"- {n}" for n in notes]]
    return "\n".join(lines) + "\n"
