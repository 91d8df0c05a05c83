"""The corpus: which bundles exist (shape × language, dirty and clean) and writing them.

    python -m bench.corpus.build OUT [--rows 200] [--seed 21]

Each bundle is ``OUT/<name>/export/`` (what safeset reads) and ``OUT/<name>/truth.json``
(the labels; outside the export so it is never read as a table).
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Callable
from pathlib import Path

from bench.corpus import shapes_csv, shapes_json
from bench.corpus.bundle import BundleOut

Shape = Callable[[BundleOut, Path, int, int], None]
SHAPES: dict[str, Shape] = {
    "postgres": shapes_csv.postgres,
    "mysql": shapes_csv.mysql,
    "helpdesk": shapes_json.helpdesk,
    "crm": shapes_csv.crm,
    "payments": shapes_csv.payments,
    "chat": shapes_json.chat,
}
#: (shape, language) of the bundles with personal data in free text: every language
#: twice, every shape at least twice.
DIRTY = (
    ("postgres", "en"),
    ("postgres", "de"),
    ("mysql", "fr"),
    ("mysql", "it"),
    ("helpdesk", "es"),
    ("helpdesk", "en"),
    ("crm", "it"),
    ("crm", "pt"),
    ("payments", "pt"),
    ("payments", "fr"),
    ("chat", "de"),
    ("chat", "es"),
    ("helpdesk", "nl"),
    ("chat", "sv"),
    ("crm", "sv"),
    ("mysql", "nl"),
)
#: Clean bundles: the same shapes, free text without personal data, kept columns with
#: coincidences. Every one must certify.
CLEAN = (
    ("postgres", "fr"),
    ("mysql", "en"),
    ("helpdesk", "de"),
    ("crm", "es"),
    ("payments", "it"),
    ("chat", "pt"),
    ("postgres", "nl"),
    ("helpdesk", "sv"),
)
DEFAULT_ROWS = 120
DEFAULT_SEED = 21


def bundle_specs() -> list[tuple[str, str, bool]]:
    return [(s, lang, False) for s, lang in DIRTY] + [(s, lang, True) for s, lang in CLEAN]


def build_one(root: Path, shape: str, lang: str, clean: bool, rows: int, seed: int) -> BundleOut:
    name = f"{shape}-{lang}{'-clean' if clean else ''}"
    folder = root / name
    if folder.exists():
        shutil.rmtree(folder)
    export = folder / "export"
    export.mkdir(parents=True)
    out = BundleOut(name, shape, lang, clean)
    offset = sum(map(ord, name))  # each bundle its own people, the same on every build
    SHAPES[shape](out, export, rows, seed * 100_003 + offset)
    out.write_truth(folder)
    return out


def build(
    root: Path, rows: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED, only: list[str] | None = None
) -> list[BundleOut]:
    root.mkdir(parents=True, exist_ok=True)
    outs = []
    for shape, lang, clean in bundle_specs():
        name = f"{shape}-{lang}{'-clean' if clean else ''}"
        if only and name not in only:
            continue
        outs.append(build_one(root, shape, lang, clean, rows, seed))
    return outs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    for b in build(args.out, args.rows, args.seed):
        print(f"{b.name}: {len(b.tables)} tables, {len(b.cells)} labelled cells")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
