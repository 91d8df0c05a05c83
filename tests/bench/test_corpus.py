"""The evaluation corpus: deterministic bundles whose labels match the files as safeset
reads them, valid national ids, template sets that do not overlap, and the scorer's
arithmetic on handmade cells."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from stdnum.de import idnr
from stdnum.es import dni
from stdnum.fr import nir
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.pt import nif
from stdnum.se import personnummer

from anonymizers.io.json_text import join as join_json_text
from anonymizers.io.tables import read_table
from bench.corpus import heldout, phrases
from bench.corpus.build import SHAPES, build_one
from bench.corpus.compose import Slots, render
from bench.corpus.labels import Cell, Keep, Ref, Span, Writer
from bench.corpus.people import People
from bench.corpus.score import Tally, fold, score_consistency, score_text, value_left
from bench.corpus.vocab import LANGS
from bench.eval_corpus import cell_str

ROWS = 12


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_bundles_are_deterministic(tmp_path: Path, shape: str) -> None:
    build_one(tmp_path / "a", shape, "fr", False, ROWS, 7)
    build_one(tmp_path / "b", shape, "fr", False, ROWS, 7)
    build_one(tmp_path / "c", shape, "fr", False, ROWS, 8)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a == b and a
    assert a != _files(tmp_path / "c")


@pytest.mark.parametrize(("shape", "lang", "clean"),
                         [(s, lang, False) for s, lang in zip(sorted(SHAPES), LANGS, strict=False)]
                         + [("helpdesk", "nl", False), ("crm", "sv", False)]
                         + [(s, "de", True) for s in sorted(SHAPES)])  # fmt: skip
def test_labels_match_the_files_as_safeset_reads_them(
    tmp_path: Path, shape: str, lang: str, clean: bool
) -> None:
    out = build_one(tmp_path, shape, lang, clean, ROWS, 3)
    folder = tmp_path / out.name
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    frames = {}
    for table, info in truth["tables"].items():
        assert table == Path(info["file"]).stem  # safeset names a table after its file
        table_read = read_table(folder / "export" / info["file"])
        # Scored as written: a JSON text column read as leaves is put back together.
        frame = join_json_text(table_read.df, table_read.json_text)
        # (the reader's own markers of null objects start with NUL)
        assert set(info["columns"]) == {c for c in frame.columns if c[0] != "\x00"}, table
        frames[table] = frame
    cells = [Cell.from_dict(c) for c in truth["cells"]]
    assert cells
    for cell in cells:
        text = cell_str(frames[cell.table], cell.column, cell.row)
        assert text is not None
        for s in cell.spans:
            assert text[s.start : s.end] == s.value
            assert all(fold(t.replace(" ", "")) in fold(s.value.replace(" ", "")) for t in s.tokens)
            if s.ref is not None:  # the mention is the referenced cell (or its part)
                ref = cell_str(frames[s.ref.table], s.ref.column, s.ref.row)
                assert ref is not None
                words = ref.split()
                part = {"first": words[0], "last": words[-1]}.get(s.ref.part or "", ref)
                assert fold(part) == fold(s.value)
        for k in cell.keep:
            assert text[k.start : k.end] == k.value
        if clean:
            free = [s for s in cell.spans if s.ref is None]
            assert not free, "a clean bundle names nobody the tables do not hold"


def test_national_ids_are_valid() -> None:
    checks = {"fr": nir.is_valid, "es": dni.is_valid, "pt": nif.is_valid, "de": idnr.is_valid,
              "it": codicefiscale.is_valid, "nl": bsn.is_valid, "sv": personnummer.is_valid}  # fmt: skip
    for lang, valid in checks.items():
        people = People(lang, 5)
        ids = [p.national_id for p in (people.person(home=True) for _ in range(30))]
        assert all(valid(i) for i in ids), lang


def test_dev_and_heldout_templates_do_not_overlap_and_fill() -> None:
    for lang in LANGS:
        for kind in ("customer", "note", "agent", "quote"):
            dev, held = set(phrases.POOLS[lang][kind]), set(heldout.POOLS[lang][kind])
            assert dev and held and not dev & held, (lang, kind)
        people = People(lang, 1)
        p = people.person(home=True)
        for mod in (phrases, heldout):
            slots = Slots(lang, mod.SPLIT, random.Random(0), p, people.relative(p), "Ana Ruiz",
                          "553120", dob_forms=mod.DOB_FORMS[lang], obf_forms=mod.OBF_FORMS)  # fmt: skip
            for template in (t for pool in mod.POOLS[lang].values() for t in pool):
                w = render(template, slots, Writer(mod.SPLIT))
                assert all(w.text[s.start : s.end] == s.value for s in w.spans)
                assert not re.search(r"\{\w+\}", w.text)


def _cell(text: str, spans: list[tuple[str, str, str, Ref | None]], keep: list[str]) -> Cell:
    cell = Cell("t", "body", 0)
    for value, entity, case, ref in spans:
        s = text.index(value)
        tokens = value.split() if entity == "PERSON" else [value]
        cell.spans.append(Span(s, s + len(value), entity, case, value, tokens, "dev", ref))
    for value in keep:
        s = text.index(value)
        cell.keep.append(Keep(s, s + len(value), "greeting", value))
    return cell


def test_scorer_arithmetic() -> None:
    text = "Bonjour, je suis Zoë Lefèvre, née le 04/09/1972. Lefèvre Lamp est cassée."
    ref = Ref("customers", "name", 3)
    cell = _cell(text, [("Zoë Lefèvre", "PERSON", "table_person_mention", ref),
                        ("04/09/1972", "DATE_OF_BIRTH", "dob_written", None)],
                 ["Bonjour"])  # fmt: skip
    # The surname survives once in the name's place; the product keeps its own copy.
    out = "Pierre, je suis Anne LEFEVRE, née le 11/02/1969. Lefèvre Lamp est cassée."
    tally = Tally()
    score_text(cell, text, out, "fr", tally)
    assert tally.get("recall").as_dict() == {"n": 2, "hits": 1, "share": 0.5}
    assert tally.get("recall", "case", "dob_written").hits == 1
    assert tally.get("recall", "entity|split", "PERSON|dev").hits == 0
    assert tally.get("kept").hits == 0 and tally.get("kept", "kind", "greeting").n == 1
    # The table faked the name as "Anne Morel": the text's "Anne LEFEVRE" is inconsistent.
    score_consistency(cell, out, lambda r: ("Zoë Lefèvre", "Anne Morel"), tally)
    assert tally.get("consistent").as_dict() == {"n": 1, "hits": 0, "share": 0.0}
    good = "Bonjour, je suis ANNE MOREL, née le 11/02/1969. Lefèvre Lamp est cassée."
    fresh = Tally()
    score_text(cell, text, good, "fr", fresh)
    score_consistency(cell, good, lambda r: ("Zoë Lefèvre", "Anne Morel"), fresh)
    assert fresh.get("recall").hits == 2 and fresh.get("kept").hits == 1
    assert fresh.get("consistent").hits == 1
    # A mention whose table cell was left unchanged is a structured leak, not scored here.
    skipped = Tally()
    score_consistency(cell, good, lambda r: ("Zoë Lefèvre", "Zoë Lefèvre"), skipped)
    assert skipped.get("consistent").n == 0


def test_value_left_folds_case_and_accents() -> None:
    assert value_left("Zoë O'Connell", "ZOE O'CONNELL")
    assert value_left("Lyon", "Lyon, France")
    assert not value_left("Lyon", "Lyonnais")
    assert not value_left("Lyon", None)


def test_merge_adds_counts() -> None:
    a, b = Tally(), Tally()
    a.add("recall", [("entity", "CITY")], True)
    b.add("recall", [("entity", "CITY")], False)
    a.merge(b)
    assert a.get("recall", "entity", "CITY").as_dict() == {"n": 2, "hits": 1, "share": 0.5}


def test_a_kept_word_inside_a_compound_counts_as_kept() -> None:
    text = "Die Oktober-Lieferung und die juli-kampanjen bleiben."
    cell = Cell("t", "c", 0)
    for value in ("Oktober", "juli"):
        s = text.index(value)
        cell.keep.append(Keep(s, s + len(value), "month", value))
    kept = Tally()
    score_text(cell, text, text, "de", kept)
    assert kept.get("kept").as_dict() == {"n": 2, "hits": 2, "share": 1.0}
    lost = Tally()
    score_text(cell, text, text.replace("Oktober", "Kessler"), "de", lost)
    assert lost.get("kept").hits == 1


def test_a_name_in_capitals_is_scored_on_its_own_parts_not_its_particles() -> None:
    """A fake Dutch name has its own 'van der': the particles of the original, in capitals
    as in lower case, are no leak of it."""
    from bench.corpus.labels import name_tokens

    assert name_tokens("KIKI VAN DER ZIJL") == ["KIKI", "ZIJL"]
    assert name_tokens("Kiki van der Zijl") == ["Kiki", "Zijl"]
    assert name_tokens("Tomás Ó Súilleabháin") == ["Tomás", "Súilleabháin"]


def test_a_street_is_scored_on_its_name_not_its_type_or_unit() -> None:
    from bench.corpus.labels import street_tokens

    assert street_tokens("Piazza Gustavo, 790 Appartamento 2")[1] == "Gustavo"
    assert street_tokens("Largo Isaac Alves, S/N")[1] in ("Isaac", "Alves")
    assert street_tokens("Josephineboulevard 78")[1] == "Josephineboulevard"
