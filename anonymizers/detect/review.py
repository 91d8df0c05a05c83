"""Human review decisions: a reviewer's verdicts on uncertain detections, by keyed digest.

The report lists detections in the review band with a digest instead of the value; the
reviewer answers in a YAML file (``detection.review_decisions`` in the policy):

    - digest: "hmac-sha256:5670dc80f0869720"
      decision: reject      # a false positive: leave this text alone from now on
    - digest: "hmac-sha256:0c1d2e3f40516273"
      decision: accept      # personal data: keep replacing it, stop asking

Digests are keyed with the pseudonymisation key, so decisions carry over to later runs
made with the same key and reveal nothing to anyone without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml

from anonymizers.errors import PolicyError

Decision = Literal["accept", "reject"]


def load_decisions(path: Path | None) -> dict[str, Decision]:
    """digest → decision; a malformed file is a one-line error, never ignored."""
    if path is None:
        return {}
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyError(f"{path}: review decisions file not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raise PolicyError(f"{path}: review decisions file is not readable YAML") from None
    if doc is None:
        return {}
    if not isinstance(doc, list):
        raise PolicyError(f"{path}: expected a list of {{digest, decision}} entries")
    out: dict[str, Decision] = {}
    for i, entry in enumerate(doc, 1):
        if not isinstance(entry, dict) or set(entry) != {"digest", "decision"}:
            raise PolicyError(f"{path}: entry {i} must have exactly 'digest' and 'decision'")
        digest, decision = str(entry["digest"]), entry["decision"]
        if not digest.startswith("hmac-sha256:") or decision not in ("accept", "reject"):
            raise PolicyError(f"{path}: entry {i}: bad digest or decision (accept|reject)")
        out[digest] = decision
    return out
