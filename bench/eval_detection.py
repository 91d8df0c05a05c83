"""Detection quality on a labeled set: safeset's TextDetector next to plain Presidio.

Run with ``make eval`` (``python -m bench.eval_detection [--data PATH] [--out DIR]``).
The public set is presidio-research's synthetic v2 data (see ../shared/eval/README.md);
it is used to *measure* only — no rule, list or pattern in the detector comes from it.

Which labels count. The question is "would this leak a person if left in the text?":
PERSON, street addresses and places (GPE), e-mails, phones, cards, SSNs, IPs, IBANs,
driver licences, ZIP codes and domain names (scored as URL) are personal data to be
replaced. ORGANIZATION, TITLE, DATE_TIME, AGE and NRP are not replaced by default (an
employer, a job title, an event date, an age or a nationality alone do not identify a
customer; the policy can opt in), so they are not scored: a prediction over them counts as
a false positive like any other.

Matching. Types are compared by group: PERSON also accepts FIRST_NAME/LAST_NAME
predictions, and LOCATION vs ADDRESS confusions count as correct for "LOCATION/ADDRESS"
(both get a place fake); a ZIP_CODE inside a predicted address counts as found.
- span level: a gold span is found when compatible predictions cover at least half of its
  non-space characters; a predicted span is correct when at least half of its non-space
  characters lie in compatible gold spans.
- token level: every alphanumeric token is labeled by the gold and the predicted span
  that covers it (presidio-research style).
- ALL: type-agnostic (any prediction over any scored label), which is what matters for
  leaks.
Recall matters more than precision here (a miss is a leak, a false positive costs only
realism), hence F2.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "eval" / "presidio_research_synth_v2_dev.json"
DEFAULT_OUT = REPO / "bench" / "results"
DEFAULT_SAMPLES = REPO / "samples"

#: Gold label → scored group; labels not here are not personal data to replace.
GOLD_GROUP: dict[str, str] = {
    "PERSON": "PERSON",
    "GPE": "LOCATION/ADDRESS",
    "STREET_ADDRESS": "LOCATION/ADDRESS",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "CREDIT_CARD": "CREDIT_CARD",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "IBAN_CODE": "IBAN_CODE",
    "US_DRIVER_LICENSE": "US_DRIVER_LICENSE",
    "ZIP_CODE": "ZIP_CODE",
    "DOMAIN_NAME": "URL",
}
NOT_SCORED = ("ORGANIZATION", "TITLE", "DATE_TIME", "AGE", "NRP")
#: Predicted entity → group.
PRED_GROUP: dict[str, str] = {
    "PERSON": "PERSON",
    "FIRST_NAME": "PERSON",
    "LAST_NAME": "PERSON",
    "LOCATION": "LOCATION/ADDRESS",
    "ADDRESS": "LOCATION/ADDRESS",
    "URL": "URL",
}
#: Predicted types that are not replaced by default and therefore ignored for both systems.
IGNORED_PRED = frozenset({"ORGANIZATION", "DATE_TIME", "DATE", "NRP", "TITLE", "AGE"})
#: Gold group → predicted groups that count as finding it.
COMPATIBLE: dict[str, frozenset[str]] = {
    "ZIP_CODE": frozenset({"ZIP_CODE", "LOCATION/ADDRESS"}),
}
GROUPS = (
    "PERSON",
    "LOCATION/ADDRESS",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "US_SSN",
    "IP_ADDRESS",
    "IBAN_CODE",
    "US_DRIVER_LICENSE",
    "ZIP_CODE",
    "URL",
)
TARGET_RECALL = {
    g: 0.95
    for g in (
        "PERSON",
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "CREDIT_CARD",
        "US_SSN",
        "IP_ADDRESS",
        "LOCATION/ADDRESS",
    )
} | {"ALL": 0.90}

Labeled = tuple[int, int, str]  # start, end, group
Predictor = Callable[[list[str]], list[list[tuple[int, int, str]]]]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    #: Span level counts recall and precision on different units: ``tp`` are found gold
    #: spans, ``tp_pred`` correct predicted spans. None at token level (one unit).
    tp_pred: int | None = None

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision(self) -> float:
        good = self.tp if self.tp_pred is None else self.tp_pred
        return good / (good + self.fp) if good + self.fp else 1.0

    @property
    def f2(self) -> float:
        p, r = self.precision, self.recall
        return 5 * p * r / (4 * p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            **({"tp_pred": self.tp_pred} if self.tp_pred is not None else {}),
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f2": round(self.f2, 4),
        }


@dataclass
class Result:
    span: dict[str, Counts] = field(default_factory=dict)
    token: dict[str, Counts] = field(default_factory=dict)

    def c(self, level: str, group: str) -> Counts:
        if level == "span":
            return self.span.setdefault(group, Counts(tp_pred=0))
        return self.token.setdefault(group, Counts())


def gold_spans(record: dict) -> list[Labeled]:
    """Scored gold spans of one record, in our groups."""
    out: list[Labeled] = []
    for s in record["spans"]:
        group = GOLD_GROUP.get(s["entity_type"])
        if group:
            out.append((int(s["start_position"]), int(s["end_position"]), group))
    return out


def pred_group(entity: str) -> str | None:
    if entity in IGNORED_PRED:
        return None
    return PRED_GROUP.get(entity, entity)


def _ok(gold: str, pred: str) -> bool:
    return pred == gold or pred in COMPATIBLE.get(gold, ())


def _covered(text: str, span: tuple[int, int], others: Sequence[tuple[int, int]]) -> float:
    """Share of the span's non-space characters that lie inside ``others``."""
    idx = [i for i in range(span[0], span[1]) if not text[i].isspace()]
    if not idx:
        return 1.0
    inside = sum(1 for i in idx if any(s <= i < e for s, e in others))
    return inside / len(idx)


_TOKEN = re.compile(r"[^\W_]+")


def score(
    texts: Sequence[str],
    golds: Sequence[Sequence[Labeled]],
    preds: Sequence[Sequence[Labeled]],
    min_cover: float = 0.5,
) -> Result:
    """Span- and token-level counts per group and overall (``ALL``, type-agnostic)."""
    res = Result()
    for text, gold, pred in zip(texts, golds, preds, strict=True):
        # span level, per group
        for s, e, g in gold:
            comp = [(ps, pe) for ps, pe, pg in pred if _ok(g, pg)]
            found = _covered(text, (s, e), comp) >= min_cover
            c = res.c("span", g)
            c.tp += found
            c.fn += not found
            anyp = [(ps, pe) for ps, pe, _ in pred]
            a = res.c("span", "ALL")
            hit = _covered(text, (s, e), anyp) >= min_cover
            a.tp += hit
            a.fn += not hit
        for s, e, pg in pred:
            comp = [(gs, ge) for gs, ge, g in gold if _ok(g, pg)]
            correct = _covered(text, (s, e), comp) >= min_cover
            c = res.c("span", pg)
            c.tp_pred += correct
            c.fp += not correct
            a = res.c("span", "ALL")
            ok_any = _covered(text, (s, e), [(gs, ge) for gs, ge, _ in gold]) >= min_cover
            a.tp_pred += ok_any
            a.fp += not ok_any
        # token level
        for m in _TOKEN.finditer(text):
            ts, te = m.start(), m.end()
            g = next((g for s, e, g in gold if s < te and ts < e), None)
            p = next((p for s, e, p in pred if s < te and ts < e), None)
            if g is None and p is None:
                continue
            a = res.c("token", "ALL")
            if g is not None and p is not None:
                a.tp += 1
            elif g is not None:
                a.fn += 1
            else:
                a.fp += 1
            if g is not None:
                c = res.c("token", g)
                if p is not None and _ok(g, p):
                    c.tp += 1
                else:
                    c.fn += 1
            if p is not None and (g is None or not _ok(g, p)):
                res.c("token", p).fp += 1
    return res


# --- systems ---------------------------------------------------------------------------


def safeset_predictor() -> Predictor:
    from anonymizers.detect.text import TextDetector
    from anonymizers.policy import Policy

    detector = TextDetector(Policy())

    def predict(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        return [
            [(s.start, s.end, g) for s in spans if (g := pred_group(s.entity))]
            for spans in detector.detect(texts)
        ]

    return predict


def presidio_predictor(model: str) -> Predictor:
    """Plain Presidio: default recognizers and threshold, same spaCy model, batched."""
    from anonymizers.offline import configure_offline

    configure_offline()
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    nlp = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": model}],
        }
    ).create_engine()
    batch = BatchAnalyzerEngine(AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"]))

    def predict(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        out = []
        for results in batch.analyze_iterator(texts, language="en", batch_size=64):
            out.append([(r.start, r.end, g) for r in results if (g := pred_group(r.entity_type))])
        return out

    return predict


#: Known-value entities named differently from the gold label they stand for; the others
#: keep their name and count only if GOLD_GROUP scores it.
_KNOWN_AS_GOLD = {
    "FIRST_NAME": "PERSON",
    "LAST_NAME": "PERSON",
    "ADDRESS": "STREET_ADDRESS",
    "LOCATION": "GPE",
}


def _known_values(tables: Sequence[Any], plan: Any, policy: Any) -> Any:
    """Every value of the bundle's faked structured columns, and the ids a text names
    ("my customer number is 553120"), as a matcher: what the engine's detect pass finds
    again in free text (``partitioned.index_pass``, from its value store)."""
    from anonymizers.detect.known import KnownValues
    from anonymizers.detect.recognizers.account_numbers import account_numbers
    from anonymizers.plan.columns import TEXT_KINDS
    from anonymizers.transform.apply import UNMAPPED, string_values

    known = KnownValues(policy)
    texts: list[str] = []
    for table in tables:
        for dec in plan.tables[table.name]:
            if dec.kind in TEXT_KINDS and "ID" in policy.detection.entities:
                values = string_values(table.df[dec.column])
                texts.extend(values.filter(values.str.contains(r"\d{2}")).to_list())
            if dec.kind != "entity" or dec.operator in UNMAPPED or dec.entity is None:
                continue
            for value in string_values(table.df[dec.column]).to_list():
                known.add(dec.entity, value)
    for text in texts:
        for start, end, _entity, _score in account_numbers(text):
            known.add_named_id(text[start:end])
    return known


def sample_records(folder: Path) -> list[dict]:
    """The free text of a bundle as labeled records, with *silver* labels: every place
    where a value of one of the bundle's sensitive structured columns occurs again
    (found by the known-value matcher, which normalises phones and splits names). The
    detector under test runs without those known values, so it has to find them the
    hard way, as in a bundle whose tables do not list everyone. Personal data in the text
    that no table lists is not labeled, so precision here is a lower bound."""
    from anonymizers.detect.text import TextDetector
    from anonymizers.plan.bundle import load_bundle, plan_bundle
    from anonymizers.transform.apply import cell_texts

    bundle = load_bundle([folder], None)
    plan = plan_bundle(bundle, None, TextDetector(bundle.policy))
    known = _known_values(bundle.tables, plan, bundle.policy)
    texts: dict[str, None] = {}
    for table in bundle.tables:
        for dec in plan.tables[table.name]:
            if dec.kind == "free_text":
                texts.update(dict.fromkeys(t for t in cell_texts(table.df[dec.column]) if t))
    records = []
    for text in texts:
        spans = [
            {"entity_type": label, "entity_value": "",
             "start_position": s.start, "end_position": s.end}
            for s in known.find(text)
            if (label := _KNOWN_AS_GOLD.get(s.entity, s.entity)) in GOLD_GROUP
        ]  # fmt: skip
        records.append({"full_text": text, "spans": spans})
    return records


def evaluate(records: Sequence[dict], predictor: Predictor) -> Result:
    texts = [r["full_text"] for r in records]
    return score(texts, [gold_spans(r) for r in records], predictor(texts))


# --- report --------------------------------------------------------------------------


def table(results: dict[str, Result], n_docs: int) -> str:
    systems = list(results)
    head = "| entity | gold spans | " + " | ".join(
        f"{s} span P / R / F2 | {s} token P / R / F2" for s in systems
    )
    lines = [head + " |", "|" + "---|" * (2 + 2 * len(systems))]
    for group in (*GROUPS, "ALL"):
        first = results[systems[0]]
        n = first.span.get(group, Counts()).tp + first.span.get(group, Counts()).fn
        if not n and group != "ALL":
            continue
        cells = []
        for s in systems:
            for level in ("span", "token"):
                c = getattr(results[s], level).get(group, Counts())
                cells.append(f"{c.precision:.3f} / {c.recall:.3f} / {c.f2:.3f}")
        target = TARGET_RECALL.get(group)
        label = f"{group} (R≥{target:.2f})" if target else group
        lines.append(f"| {label} | {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + f"\n\n{n_docs} documents.\n"


def _compare(records: Sequence[dict], model: str) -> tuple[dict[str, Result], dict[str, float]]:
    """safeset and plain Presidio on the same records, in the same process."""
    results: dict[str, Result] = {}
    timings: dict[str, float] = {}
    for name, make in (
        ("safeset", safeset_predictor),
        ("presidio", lambda: presidio_predictor(model)),
    ):
        t0 = time.perf_counter()
        results[name] = evaluate(records, make())
        timings[name] = time.perf_counter() - t0
    return results, timings


def _payload(name: str, docs: int, results: dict[str, Result], timings: dict[str, float]) -> dict:
    return {
        "data": name,
        "documents": docs,
        "seconds": {k: round(v, 2) for k, v in timings.items()},
        "results": {
            system: {
                level: {g: c.as_dict() for g, c in getattr(r, level).items()}
                for level in ("span", "token")
            }
            for system, r in results.items()
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--samples", default=str(DEFAULT_SAMPLES),
                    help="a bundle folder scored with silver labels ('' to skip)")  # fmt: skip
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--model", default=None, help="spaCy model (default: the policy's)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N records")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"notice: labeled set not found at {args.data}; nothing to evaluate")
        return 0
    records = json.loads(args.data.read_text(encoding="utf-8"))
    if args.limit:
        records = records[: args.limit]
    from anonymizers.policy import Policy

    model = args.model or Policy().nlp.spacy_model
    results, timings = _compare(records, model)
    md = (
        f"# Detection quality on {args.data.name}\n\n"
        f"spaCy model `{model}`; safeset = TextDetector with the default policy (no known "
        "values); presidio = AnalyzerEngine with default recognizers and threshold. "
        "Cells: precision / recall / F2. Caveat: safeset's name, place and street-word "
        "lists come from Faker, and this synthetic set was made from fake values of the same "
        "kind, so gains from those lists may be larger here than on real customer text.\n\n"
        + table(results, len(records))
        + "\nTime: "
        + ", ".join(f"{k} {v:.1f}s" for k, v in timings.items())
        + "\n"
    )
    payload = {"model": model, **_payload(args.data.name, len(records), results, timings)}
    samples = Path(args.samples) if args.samples else None
    if samples is not None and samples.is_dir():
        sample = sample_records(samples)
        s_results, s_timings = _compare(sample, model)
        md += (
            f"\n## The project's samples ({samples.name}/, silver labels)\n\n"
            "Gold = every occurrence in a free-text cell of a value of the bundle's sensitive "
            "structured columns (names, e-mails, phones, ...); both systems run without "
            "known values. Unlisted personal data is not labeled, so precision is a lower "
            "bound.\n\n" + table(s_results, len(sample))
        )
        payload["samples"] = _payload(samples.name, len(sample), s_results, s_timings)
    print(md)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "eval.md").write_text(md, encoding="utf-8")
    (args.out / "eval.json").write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    from bench.reproducible import under_fixed_hash_seed

    under_fixed_hash_seed("bench.eval_detection")
    sys.exit(main())
