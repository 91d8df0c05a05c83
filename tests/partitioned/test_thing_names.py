"""A kept column of firms: a firm named after a person of the bundle gets that person's
fake name, the same as in the person's own column, and the run is certified; a firm
named after a surname alone, or after nobody, is kept as written (engine runs)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from anonymizers.detect.whole_words import LeakMatcher
from anonymizers.partitioned.target_index import Subset
from anonymizers.partitioned.thing_names import replace_thing_names, thing_columns
from anonymizers.verify.targets import Targets
from tests.helpers.engine_run import by_name, run_engine

KEY = b"firms-named-after-people-pseudonym-key-31"
CONTACTS = """\
contact_id,full_name,email,company,country
K-2001,Hanna Andersson,hanna.andersson@telia.se,Nordvind Frakt AB,Sweden
K-2002,Domingo Cantero,domingo.cantero@telefonica.es,Hanna Andersson HB,Spain
K-2003,Aurélie Marchand,aurelie.marchand@orange.fr,Marchand Logistique SARL,France
K-2004,Pieter de Vries,pieter.devries@ziggo.nl,Domingo Cantero Morata S.L.N.E,Netherlands
K-2005,Katarzyna Nowak,k.nowak@onet.pl,Katarzyna Nowak Sp.j.,Poland
K-2006,Luca Bianchi,luca.bianchi@libero.it,Officine Riunite S.p.A.,Italy
"""


def _export(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "contacts.csv").write_text(CONTACTS, encoding="utf-8")
    return folder


@pytest.mark.model  # planning the export loads the spaCy model
@pytest.mark.parametrize("rows", [100, 3])  # one partition, and two
def test_a_firm_named_after_a_person_of_the_bundle_gets_their_fake(
    tmp_path: Path, rows: int
) -> None:
    run = run_engine(_export(tmp_path / "export"), tmp_path / "work", KEY, rows=rows)
    assert "company" in thing_columns(run.prepared.plan, "contacts")
    assert run.verification.passed, run.verification.findings
    inp, out = run.inp("contacts"), run.out("contacts")
    fake = dict(zip(inp["full_name"], out["full_name"], strict=True))
    company = dict(zip(inp["company"], out["company"], strict=True))
    # Another contact's name (K-2002, K-2004) and one's own (K-2005): their fakes.
    assert company["Hanna Andersson HB"] == f"{fake['Hanna Andersson']} HB"
    assert company["Domingo Cantero Morata S.L.N.E"] == f"{fake['Domingo Cantero']} Morata S.L.N.E"
    assert company["Katarzyna Nowak Sp.j."] == f"{fake['Katarzyna Nowak']} Sp.j."
    # A surname alone, and firms named after nobody: as written.
    for firm in ("Marchand Logistique SARL", "Nordvind Frakt AB", "Officine Riunite S.p.A."):
        assert company[firm] == firm
    kept = by_name(run.verification)["kept_columns_leak_check"]
    assert kept.status == "pass" and kept.counts["cells_searched"] > 0


class _Hunted:
    """The run's targets as ``replace_thing_names`` reads them: every one, for any text."""

    def __init__(self, targets: Targets) -> None:
        self.targets = targets

    def subset(self, texts: list[str]) -> Subset:
        matcher = LeakMatcher(self.targets.by_entity, 4)
        return Subset(self.targets, matcher, frozenset(), matcher.size)


def test_a_name_only_ner_read_in_a_text_leaves_the_firm_as_it_is() -> None:
    targets = Targets()
    targets.add("structured", "PERSON", ["Hanna Andersson"])
    targets.add("detected", "PERSON", ["Officine Riunite"], guess=True)
    firms = pl.DataFrame({"company": ["Hanna Andersson HB", "Officine Riunite S.p.A.", None]})
    out, changed = replace_thing_names(firms, ["company"], _Hunted(targets), str.upper)
    assert out["company"].to_list() == ["HANNA ANDERSSON HB", "Officine Riunite S.p.A.", None]
    assert changed == {"company": 1}
