"""The support-text set: deterministic exports whose labels match the files as safeset
reads them, every template of both sets renders, and checkable values pass their checks."""

from __future__ import annotations

import json
import random
from pathlib import Path

from stdnum import luhn
from stdnum.iban import is_valid as iban_valid

from anonymizers.detect.recognizers.national_ids import SCHEMES
from anonymizers.io.json_text import join as join_json_text
from anonymizers.io.tables import read_table
from bench.corpus.labels import Cell
from bench.eval_corpus import cell_str
from bench.support_s28 import templates_dev, templates_heldout, templates_s38
from bench.support_s28.build import build_one
from bench.support_s28.render import Message, person_tokens
from bench.support_s28.values import LANGUAGES, Values


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_labels_match_the_files_as_read(tmp_path: Path) -> None:
    for lang in ("en", "pl"):
        build_one(tmp_path, lang, 18, 5)
        folder = tmp_path / f"support-{lang}"
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        tables = {}
        for name in ("tickets.csv", "chats.jsonl"):
            t = read_table(folder / "export" / name)
            tables[t.name] = join_json_text(t.df, t.json_text)
        cells = [Cell.from_dict(c) for c in truth["cells"]]
        assert len(cells) == 18
        assert sum(bool(c.spans) for c in cells) == 18
        for cell in cells:
            text = cell_str(tables[cell.table], cell.column, cell.row)
            assert text is not None
            for s in cell.spans:
                assert text[s.start : s.end] == s.value
            for k in cell.keep:
                assert text[k.start : k.end] == k.value


def test_the_second_dev_set_labels_every_text_dev(tmp_path: Path) -> None:
    build_one(tmp_path, "sv", 12, 5, "s38")
    truth = json.loads((tmp_path / "support-sv" / "truth.json").read_text(encoding="utf-8"))
    spans = [s for c in truth["cells"] for s in Cell.from_dict(c).spans]
    assert spans and {s.split for s in spans} == {"dev"}
    assert "USERNAME" in {s.entity for s in spans}


def test_the_same_seed_builds_the_same_bytes(tmp_path: Path) -> None:
    build_one(tmp_path / "a", "de", 10, 3)
    build_one(tmp_path / "b", "de", 10, 3)
    build_one(tmp_path / "c", "de", 10, 4)
    a, b, c = (_files(tmp_path / x / "support-de") for x in "abc")
    assert a == b
    assert a != c


def test_every_template_of_both_sets_renders_in_its_language() -> None:
    for templates, split in (
        (templates_dev.TEMPLATES, "dev"),
        (templates_heldout.TEMPLATES, "heldout"),
        (templates_s38.TEMPLATES, "dev"),
    ):
        assert set(templates) == set(LANGUAGES)
        for lang, pool in templates.items():
            values = Values(lang, random.Random(1))
            for template in pool:
                msg = Message(values, random.Random(2), split).fill(template)
                assert msg.w.spans, "a template without personal data scores nothing"
                assert all(s.split == split for s in msg.w.spans)


def test_checkable_values_pass_their_checks() -> None:
    valid = {s.name: s.valid for s in SCHEMES}
    for lang in LANGUAGES:
        values = Values(lang, random.Random(9))
        for _ in range(20):
            s = values.subject()
            assert iban_valid(s.iban.replace(" ", "")), s.locale
            assert luhn.is_valid(values.card().replace(" ", "").replace("-", ""))
            if s.locale in ("it_IT", "nl_NL", "pl_PL", "sv_SE", "fr_FR", "de_DE", "pt_PT"):
                scheme = {"it_IT": "it_cf", "nl_NL": "nl_bsn", "pl_PL": "pl_pesel",
                          "sv_SE": "se_pnr", "fr_FR": "fr_nir", "de_DE": "de_idnr",
                          "pt_PT": "pt_nif"}[s.locale]  # fmt: skip
                assert valid[scheme](s.natid), (s.locale, scheme)


def test_person_tokens_keep_the_identifying_parts_in_any_case() -> None:
    assert person_tokens("jean-luc de la fontaine") == ["jean-luc", "fontaine"]
    assert person_tokens("A. K. Müller") == ["Müller"]
    assert person_tokens("O'NEILL, Siobhan") == ["O'NEILL", "Siobhan"]
