"""Identifiers that free text writes differently from the tables: an account id without
its prefix, a date of birth, a national id and an obfuscated e-mail, each replaced by a
fake written the same way (and, for the account id, consistent with the table's fake)."""

from __future__ import annotations

import re

import pytest

from anonymizers.detect.calendar_dates import read_date
from anonymizers.detect.recognizers.national_ids import schemes_of
from tests.helpers.engine_run import EngineRun, append_text, recheck, run_engine, text_shared
from tests.helpers.northwind import KEY

pytestmark = pytest.mark.model

ACCOUNTS_CSV = """\
account_id,holder,notes
ACC-553120,Oksana Petrenko,"Caller said: my account number is 553120, d.o.b. 04-09-1972. Write to o dot petrenko at example dot org."
ACC-610942,Luis Ferreira,"Cliente confirmou acc 610942 e o NIF 123456789; nascido em 3 de março de 1985."
ACC-774201,Anke de Vries,"Geboren op 12 maart 1980, BSN: 111222333, ticket about #774201, order total 553120 EUR, refund 553120,50 EUR."
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> EngineRun:
    folder = tmp_path_factory.mktemp("export") / "accounts"
    folder.mkdir()
    (folder / "accounts.csv").write_text(ACCOUNTS_CSV, encoding="utf-8")
    return run_engine(folder, tmp_path_factory.mktemp("accounts-run"), KEY)


def test_account_id_core_gets_the_core_of_the_tables_fake(run: EngineRun) -> None:
    ids_in = run.inp("accounts")["account_id"].to_list()
    ids_out = run.out("accounts")["account_id"].to_list()
    notes = run.out("accounts")["notes"].to_list()
    core = {i: re.sub(r"\D", "", o) for i, o in zip(ids_in, ids_out, strict=True)}
    assert f"my account number is {core['ACC-553120']}," in notes[0]
    assert f"acc {core['ACC-610942']} " in notes[1]
    assert f"#{core['ACC-774201']}," in notes[2]
    for i in ids_in:
        digits = re.sub(r"\D", "", i)
        assert re.search(rf"(?<![\d,]){digits}(?![\d,])", " ".join(notes)) is None
    # Six digits among three accounts are that account's by any reckoning of chance, with
    # or without an id word; an amount with decimals is a number, not the account.
    assert f"order total {core['ACC-553120']} EUR" in notes[2]
    assert "refund 553120,50 EUR" in notes[2]


def test_birth_dates_and_national_ids_become_fakes_of_their_kind(run: EngineRun) -> None:
    notes_in = run.inp("accounts")["notes"].to_list()
    notes = run.out("accounts")["notes"].to_list()
    for before, after, date_text in (
        (notes_in[0], notes[0], "04-09-1972"),
        (notes_in[1], notes[1], "3 de março de 1985"),
        (notes_in[2], notes[2], "12 maart 1980"),
    ):
        assert date_text in before and date_text not in after
    m = re.search(r"d\.o\.b\. (\S+)\.", notes[0])
    assert m and read_date(m.group(1)) is not None
    assert re.search(r"nascido em \d{1,2} de \w+ de \d{4}", notes[1])
    nif = re.search(r"NIF (\d{9})", notes[1])
    assert nif and nif.group(1) != "123456789" and schemes_of(nif.group(1))
    assert "111222333" not in notes[2]


def test_obfuscated_email_is_replaced_in_its_spelling(run: EngineRun) -> None:
    note = run.out("accounts")["notes"].to_list()[0]
    assert "petrenko" not in note.lower()
    assert re.search(r"Write to \w+ dot \w+ at example dot org\.", note)


def test_leak_targets_hold_the_forms_found_in_text(run: EngineRun) -> None:
    shared = text_shared(run)
    assert shared is not None
    targets = shared.targets.whole().targets.by_entity
    assert "ACC-553120" in targets["ID"] and "acc 610942" in targets["ID"]
    # A distinctive core is a target alone: no fake may hold it, no text keep it.
    assert "553120" in targets["ID"]
    assert "04-09-1972" in targets["DATE_OF_BIRTH"]
    assert "o dot petrenko at example dot org" in targets["EMAIL_ADDRESS"]


def test_the_checks_pass_on_the_replaced_forms(run: EngineRun) -> None:
    """The fakes written in the text's own form (a date, an id core, an obfuscated
    address, a national id) leave nothing for the leak check or the pattern sweep."""
    verification = run.verification
    failed = [(c.name, c.counts) for c in verification.checks if not c.passed]
    assert failed == []


def test_an_account_core_left_in_any_form_is_a_leak(run: EngineRun) -> None:
    """The gate builds the cores from the input table; a core left grouped or glued is a leak, named by place."""
    run = run.copy()
    append_text(run, "accounts", "notes", 0, " Again: 553-120.")
    append_text(run, "accounts", "notes", 1, " Konto acc610942 gesperrt.")
    verification = recheck(run)
    assert not verification.passed
    leaks = {(f["table"], f["row"]) for f in verification.findings if f["check"] == "leak"}
    assert leaks == {("accounts", 0), ("accounts", 1)}


CHATS_CSV = """\
conversation_id,body
1,"Hallo, meine Kundennummer ist 7781203, die Lieferung fehlt seit Montag."
2,"Rückruf erledigt: 7781203 bekommt eine Gutschrift über 12,50 EUR."
3,"Bestellung 5512098 ist unterwegs, Sendungsnummer folgt."
"""


def test_an_id_only_a_text_names_is_that_id_in_every_text(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """No table holds the customer number: the first text's word makes it an id, and the
    second text's bare mention is the same id with the same fake. An order number stays."""
    folder = tmp_path_factory.mktemp("chats") / "chats"
    folder.mkdir()
    (folder / "chats.csv").write_text(CHATS_CSV, encoding="utf-8")
    run = run_engine(folder, tmp_path_factory.mktemp("chats-run"), KEY)
    out = run.out("chats")["body"].to_list()
    assert "7781203" not in " ".join(out)
    fake = re.search(r"Kundennummer ist (\d{7}),", out[0])
    assert fake and f"erledigt: {fake.group(1)} bekommt" in out[1]
    assert "Bestellung 5512098 ist unterwegs" in out[2]
