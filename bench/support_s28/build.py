"""One small export per language of support text written in styles the corpus does not
have, with truth labels: ``OUT/support-<lang>/export/`` (``tickets.csv``: e-mails and
call notes as a helpdesk exports them; ``chats.jsonl``: the same kinds of text as a chat
tool exports them) and ``OUT/support-<lang>/truth.json``.

    python -m bench.support_s28.build OUT [--rows 60] [--seed 28] [--set standard|s38]

Each text is drawn from the dev or the held-out templates (half each), so one run scores
both; the labels say which (``split``). ``--set s38`` draws every text from the second dev
set (``templates_s38.py``), labelled dev.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
from pathlib import Path

from bench.corpus.bundle import KEY, BundleOut
from bench.corpus.labels import FREE_TEXT
from bench.support_s28 import templates_dev, templates_heldout, templates_s38
from bench.support_s28.render import Message
from bench.support_s28.values import LANGUAGES, Values

DEFAULT_ROWS = 60
DEFAULT_SEED = 28
#: Template sets by split: the standard one scores dev and held-out templates in one run.
SETS = {
    "standard": {"dev": templates_dev.TEMPLATES, "heldout": templates_heldout.TEMPLATES},
    "s38": {"dev": templates_s38.TEMPLATES, "heldout": templates_s38.TEMPLATES},
}


def build_one(
    root: Path, lang: str, rows: int, seed: int, template_set: str = "standard"
) -> BundleOut:
    name = f"support-{lang}"
    folder = root / name
    if folder.exists():
        shutil.rmtree(folder)
    export = folder / "export"
    export.mkdir(parents=True)
    rng = random.Random(seed * 1_000_003 + sum(map(ord, lang)))
    values = Values(lang, rng)
    out = BundleOut(name, "support", lang, False)
    out.table("tickets", "tickets.csv", {"ticket_id": KEY, "created_at": None, "body": FREE_TEXT})
    out.table("chats", "chats.jsonl", {"chat_id": KEY, "started": None, "transcript": FREE_TEXT})
    tickets: list[list[str]] = []
    chats: list[dict] = []
    for i in range(rows):
        split = "dev" if rng.random() < 0.5 else "heldout"
        template = rng.choice(SETS[template_set][split][lang])
        if template_set != "standard":
            split = "dev"
        msg = Message(values, rng, split).fill(template)
        stamp = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{values.clock()}:00Z"
        if i % 3 == 2:
            out.cells.append(msg.w.cell("chats", "transcript", len(chats)))
            chats.append(
                {"chat_id": f"c{seed}-{i:05d}", "started": stamp, "transcript": msg.w.text}
            )
        else:
            out.cells.append(msg.w.cell("tickets", "body", len(tickets)))
            tickets.append([f"T-{100000 + i}", stamp, msg.w.text])
    with (export / "tickets.csv").open("w", encoding="utf-8", newline="") as fh:
        wr = csv.writer(fh, lineterminator="\n")
        wr.writerow(["ticket_id", "created_at", "body"])
        wr.writerows(tickets)
    with (export / "chats.jsonl").open("w", encoding="utf-8") as fh:
        for rec in chats:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    out.write_truth(folder)
    return out


def build(
    root: Path,
    rows: int = DEFAULT_ROWS,
    seed: int = DEFAULT_SEED,
    only: list[str] | None = None,
    template_set: str = "standard",
) -> list[BundleOut]:
    root.mkdir(parents=True, exist_ok=True)
    return [
        build_one(root, lang, rows, seed, template_set)
        for lang in LANGUAGES
        if not only or lang in only
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--set", choices=sorted(SETS), default="standard", dest="template_set")
    args = ap.parse_args(argv)
    for b in build(args.out, args.rows, args.seed, template_set=args.template_set):
        print(f"{b.name}: {len(b.cells)} labelled texts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
