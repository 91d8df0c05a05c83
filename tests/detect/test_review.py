"""Human review decisions: loaded strictly, applied by keyed digest on the next run."""

from __future__ import annotations

from pathlib import Path

import pytest

from anonymizers.detect.review import load_decisions
from anonymizers.detect.spans import Span
from anonymizers.errors import PolicyError
from anonymizers.policy import DetectionConfig, Policy
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.apply import Context, apply_decisions

KEY = bytes(range(32))
TEXTS = [
    "Maybe we should ask Orla before Friday.",  # "Maybe" is a false positive
    "Thanks to Orla Byrne for the handover.",
]


def _spans() -> list[list[Span]]:
    return [
        [Span(0, 5, "PERSON", 0.45, "ner", True), Span(20, 24, "PERSON", 0.5, "ner", True)],
        [Span(10, 20, "PERSON", 0.85, "ner", False), Span(10, 14, "FIRST_NAME", 1.0, "known")],
    ]


def _ctx(tmp_path: Path, lines: str) -> Context:
    decisions = tmp_path / "review_decisions.yaml"
    decisions.write_text(lines)
    policy = Policy(detection=DetectionConfig(review_decisions=decisions))
    return Context(Pseudonymizer(KEY), policy)


def test_reject_leaves_a_false_positive_alone_and_accept_stops_asking(tmp_path: Path) -> None:
    pz = Pseudonymizer(KEY)
    maybe, orla = pz.digest("PERSON", "Maybe"), pz.digest("PERSON", "Orla")
    ctx = _ctx(tmp_path, f'- digest: "{maybe}"\n  decision: reject\n'
                         f'- digest: "{orla}"\n  decision: accept\n')  # fmt: skip
    out = apply_decisions(TEXTS, _spans(), ctx)
    first = [(TEXTS[0][s.start : s.end], s.review) for s in out[0]]
    assert first == [("Orla", False)]  # Maybe dropped; Orla still replaced, no longer asked
    assert len(out[1]) == 2  # untouched text keeps both spans


def test_known_values_cannot_be_rejected(tmp_path: Path) -> None:
    pz = Pseudonymizer(KEY)
    ctx = _ctx(tmp_path, f'- digest: "{pz.digest("FIRST_NAME", "Orla")}"\n  decision: reject\n')
    out = apply_decisions(TEXTS, _spans(), ctx)
    assert any(s.source == "known" for s in out[1])


def test_another_key_makes_decisions_inapplicable(tmp_path: Path) -> None:
    other = Pseudonymizer(bytes(32))
    ctx = _ctx(tmp_path, f'- digest: "{other.digest("PERSON", "Maybe")}"\n  decision: reject\n')
    assert apply_decisions(TEXTS, _spans(), ctx) == _spans()


@pytest.mark.parametrize(
    "content",
    [
        "digest: x\n",
        "- digest: hmac-sha256:00\n  decision: maybe\n",
        "- digest: 'Maria Garcia'\n  decision: reject\n",
        "- {digest: 'hmac-sha256:00', decision: reject, note: x}\n",
    ],
)
def test_malformed_decisions_file_is_one_line_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "review_decisions.yaml"
    path.write_text(content)
    with pytest.raises(PolicyError) as err:
        load_decisions(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)
    assert "Maria" not in str(err.value)
