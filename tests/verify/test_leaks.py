"""verify.leaks: a kept column's category that NER alone read as a name elsewhere."""

from __future__ import annotations

import polars as pl

from anonymizers.detect.whole_words import LeakMatcher
from anonymizers.plan.hints import named_in
from anonymizers.policy import Policy
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.apply import Context
from anonymizers.verify.clearance import own_values
from anonymizers.verify.columns import OutputColumn
from anonymizers.verify.leaks import ACROSS_A_FAKE, IN_A_FAKE, decide, leak_check
from anonymizers.verify.outcome import Check
from anonymizers.verify.targets import Targets

PRODUCTS = ["Yoga Mat Plus", "Merino Beanie", "Oak Desk Lamp"] * 8


def _check(targets: Targets, guess_only: bool) -> tuple[Check, list[dict], list[dict]]:
    ctx = Context(Pseudonymizer(b"leaks-test-key-0123456789abcdef"), Policy())
    column = OutputColumn("tickets", "custom_fields.product", pl.Series(PRODUCTS), False, None)
    matcher = LeakMatcher(targets.by_entity, 4)
    kinds = {("tickets", "custom_fields.product"): "kept"}
    return leak_check(
        ctx, [column], matcher, kinds, None, 3, targets.unconfirmed, targets.name_words(),
        guess_only=targets.guess_only if guess_only else None,
    )  # fmt: skip


def test_an_ner_guess_held_whole_by_many_kept_rows_is_the_columns_category() -> None:
    # "Yoga Mat Plus" read as a person in a ticket's text: "Mat" is a listed first name,
    # so the guess counts as confirmed, and the kept product column holds it in 8 rows.
    targets = Targets()
    targets.add("detected", "PERSON", ["Yoga Mat Plus"], guess=True)
    assert not targets.unconfirmed("PERSON", "Yoga Mat Plus")
    check, leaks, cleared = _check(targets, guess_only=True)
    assert check.passed and not leaks
    assert {c["cleared"] for c in cleared} == {"category"}
    assert not _check(targets, guess_only=False)[0].passed  # without the rule: rejected


def test_a_table_name_held_whole_by_a_kept_column_still_rejects() -> None:
    targets = Targets()
    targets.add("structured", "PERSON", ["Merino Beanie"])  # a customers.name value
    check, leaks, _ = _check(targets, guess_only=True)
    assert not check.passed and {f["entity"] for f in leaks} == {"PERSON"}


def test_a_town_in_or_as_a_fake_is_cleared_but_an_unreplaced_street_rejects() -> None:
    ctx = Context(Pseudonymizer(b"leaks-test-key-0123456789abcdef"), Policy())
    fakes = pl.Series(["Pasaje de Valencia 12", "Calle Mayor 3", "Avenida de Sevilla 8"])
    towns = pl.Series(["Sevilla", "Getafe"])  # fakes of a city column: one is a real town
    targets = Targets()
    targets.add("structured", "LOCATION", ["Valencia", "Sevilla"])  # customers' cities
    targets.add("structured", "ADDRESS", ["Calle Mayor 3"])  # a street left as it was
    column = OutputColumn("Contact", "MailingStreet", fakes, True, None)
    city = OutputColumn("Contact", "MailingCity", towns, True, None)
    check, leaks, cleared = leak_check(
        ctx, [column, city], LeakMatcher(targets.by_entity, 4), {}, None, 3, targets.unconfirmed
    )
    assert {c["cleared"] for c in cleared} == {"place or first name"} and len(cleared) == 3
    assert not check.passed and [f["entity"] for f in leaks] == ["ADDRESS"]


TOWNS = ["Zaragoza", "Getafe", "Alcorcón", "Badalona", "Terrassa", "Móstoles", "Elche", "Vigo"]


def _kept_towns(table: str, own_text: list[str]) -> tuple[Check, list[dict], list[dict]]:
    ctx = Context(Pseudonymizer(b"leaks-test-key-0123456789abcdef"), Policy())
    targets = Targets()
    targets.add("structured", "LOCATION", TOWNS)  # the customers' own towns
    column = OutputColumn(table, "town", pl.Series(TOWNS), False, None)
    own = {table: own_values(pl.DataFrame({"own": own_text}), ["own"])}
    return leak_check(
        ctx, [column], LeakMatcher(targets.by_entity, 4), {(table, "town"): "kept"}, own, 3,
        targets.unconfirmed,
    )  # fmt: skip


def test_a_stores_town_where_customers_live_is_a_place_not_a_leak() -> None:
    # Eight stores, each in a town some customer lives in; the stores' own rows name no one.
    check, leaks, cleared = _kept_towns("stores", [f"store{i}@shop.example" for i in range(8)])
    assert check.passed and not leaks
    assert {c["cleared"] for c in cleared} == {"place"}


def test_a_kept_column_of_each_rows_own_town_is_their_address_and_rejects() -> None:
    own = [f"ana.{i}@mail.example {town}" for i, town in enumerate(TOWNS)]
    check, leaks, _ = _kept_towns("customers", own)
    assert not check.passed and len(leaks) == len(TOWNS)


def _decided(column: str, entity: str, value: str, cell: str) -> str | None:
    hits = pl.DataFrame({"t": [cell], "entity": [entity], "value": [value], "shape": [False],
                         "len": [1]})  # fmt: skip
    return decide("kept", hits, 3, None, column=column)["reason"][0]


def test_a_firm_named_after_a_surname_is_no_leak_but_a_persons_name_is() -> None:
    """A kept supplier or company column holds firms, many named after a founder; the
    same surname in a kept column not named for a thing, or a whole name, is a leak."""
    assert _decided("supplier_name", "LAST_NAME", "Jandová", "Jandová") == "thing's name"
    assert _decided("companyName", "LAST_NAME", "Brandstätter", "Brandstätter") == "thing's name"
    assert _decided("account_owner", "LAST_NAME", "Jandová", "Jandová") is None
    assert _decided("supplier_name", "PERSON", "Naděžda Jandová", "Naděžda Jandová") is None


def test_a_bare_name_column_of_a_table_of_things_names_things() -> None:
    # The furniture probe: products.name "MALM", "BILLY", read as names in the orders'
    # item lists, found in the kept product column: REJECTED on one finding.
    assert _decided(named_in("products", "name"), "LAST_NAME", "Malm", "MALM") == "thing's name"
    assert _decided(named_in("customers", "name"), "LAST_NAME", "Malm", "MALM") is None


def test_a_login_that_is_a_listed_name_inside_a_firms_name_is_the_firms_name() -> None:
    # A user called "adam" and an insurer "Adam Dupuy SARL"; a login with digits, or the
    # same login in a column not named for a thing, is the account's.
    assert _decided("insurer", "ID", "adam", "Adam Dupuy SARL") == "thing's name"
    assert _decided("visit.clinic", "ID", "rosemann", "Rosemann") == "thing's name"
    assert _decided("insurer", "ID", "adam77", "Adam77 Dupuy SARL") is None
    assert _decided("remark", "ID", "adam", "reset the password of adam") is None


def _kept(column: str, cells: list[str], targets: Targets) -> tuple[Check, list[dict], list[dict]]:
    ctx = Context(Pseudonymizer(b"leaks-test-key-0123456789abcdef"), Policy())
    col = OutputColumn("catalogue", column, pl.Series(cells), False, None)
    return leak_check(
        ctx, [col], LeakMatcher(targets.by_entity, 4), {("catalogue", column): "kept"}, None, 3,
        targets.unconfirmed, targets.name_words(), guess_only=targets.guess_only,
    )  # fmt: skip


#: Kept columns of things, one row each, whose descriptions NER read names in: a Swedish
#: menu, an Italian recipe book, a library's titles.
THINGS = {
    "Rätt": (["Toast Skagen", "Biff Rydberg", "Pytt i panna", "Kalops", "Räksmörgås",
              "Prinsesstårta", "Kanelbulle"], "Biff Rydberg"),
    "titolo": (["Fettuccine Alfredo", "Pasta alla Norma", "Vitello tonnato", "Tiramisù",
                "Risotto alla milanese", "Saltimbocca alla romana"], "Fettuccine Alfredo"),
    "title": (["Anna Karenina", "Madame Bovary", "Der Zauberberg", "Le Petit Prince",
               "Il nome della rosa", "The Remains of the Day"], "Anna Karenina"),
}  # fmt: skip


def test_a_guessed_name_held_once_by_a_kept_column_of_things_is_the_things_name() -> None:
    for column, (cells, guessed) in THINGS.items():
        targets = Targets()
        targets.add("detected", "PERSON", [guessed], guess=True)
        check, leaks, cleared = _kept(column, cells, targets)
        assert check.passed and not leaks, column
        reasons = {c["cleared"] for c in cleared}
        assert reasons <= {"thing's name", "name word in a thing's value"}, (column, reasons)
        # The same value in a table of people is a person's, whatever the column holds.
        targets = Targets()
        targets.add("structured", "PERSON", [guessed])
        assert not _kept(column, cells, targets)[0].passed, column


def test_a_surname_inside_a_firm_of_a_column_of_firms_is_the_firms() -> None:
    # The permits probe: an owner WEISS met the contractor "MERCADO-WEISS" in a column of
    # firms ("DIAZ LLC", "MORALES, DAVIDSON AND CHANG").
    firms = ["DIAZ LLC", "STEWART PLC", "MERCADO-WEISS", "GEORGE INC", "LE LTD",
             "MORALES, DAVIDSON AND CHANG", "HART-EWING"]  # fmt: skip
    targets = Targets()
    targets.add("structured", "LAST_NAME", ["WEISS", "MERCADO", "EWING"])  # owners
    check, leaks, cleared = _kept("CONTRACTOR", firms, targets)
    assert check.passed and not leaks
    assert "thing's name" in {c["cleared"] for c in cleared}
    # In a column of people a whole surname stays one.
    people = ["Weiss", "Kowalski", "Dubois", "Martin", "Rossi", "de Vries"]
    assert not _kept("handled_by", people, targets)[0].passed


def test_a_kept_column_of_people_that_ner_missed_still_rejects() -> None:
    people = ["Anna Berg", "Jan Kowalski", "Marie Dubois", "Lucas Martin", "Sofia Rossi",
              "Pieter de Vries"]  # fmt: skip
    targets = Targets()
    targets.add("detected", "PERSON", ["Sofia Rossi"], guess=True)
    check, leaks, _ = _kept("handled_by", people, targets)
    assert not check.passed and {f["entity"] for f in leaks} == {"PERSON"}


def _chat(
    texts: list[str],
    regions: list[list[tuple[int, int]]],
    targets: Targets,
    kind: str = "text",
) -> tuple[Check, list[dict], list[dict]]:
    ctx = Context(Pseudonymizer(b"leaks-test-key-0123456789abcdef"), Policy())
    column = OutputColumn("threads", "messages[].text", pl.Series(texts), False, regions)
    return leak_check(
        ctx, [column], LeakMatcher(targets.by_entity, 4), {("threads", "messages[].text"): kind},
        None, 3, targets.unconfirmed,
    )  # fmt: skip


FAKE_TOWN = "Posso ir buscar em Sant'Angelo Del Pesco amanhã."


def test_a_first_name_inside_a_fake_town_in_free_text_is_cleared_where_it_lies() -> None:
    # A real town became the fake "Sant'Angelo Del Pesco", which holds "Angelo", another
    # user's first name: the word is the fake's, not the user's.
    start = FAKE_TOWN.index("Sant")
    region = [(start, start + len("Sant'Angelo Del Pesco"))]
    targets = Targets()
    targets.add("structured", "FIRST_NAME", ["Angelo"])
    check, leaks, cleared = _chat([FAKE_TOWN], [region], targets)
    assert check.passed and not leaks
    assert [(c["cleared"], c["detail"]) for c in cleared] == [("place or first name", IN_A_FAKE)]
    # The same name once more outside the fake, or the fake not recorded as one: a leak.
    twice = FAKE_TOWN + " Fala com o Angelo."
    assert not _chat([twice], [region], targets)[0].passed
    assert not _chat([FAKE_TOWN], [[]], targets)[0].passed


def test_a_town_made_of_a_kept_word_and_a_fake_is_a_chance_meeting() -> None:
    # The recruiting probe: "University of Lake Aaron" written "University of Lake Carlos"
    # (the fake of "Aaron"), where another candidate lives in Lake Carlos: REJECTED.
    text = "BSc, University of Lake Carlos (2002)"
    start = text.index("Carlos")
    targets = Targets()
    targets.add("structured", "LOCATION", ["Lake Carlos"])
    check, leaks, cleared = _chat([text], [[(start, start + len("Carlos"))]], targets)
    assert check.passed and not leaks
    assert [(c["cleared"], c["detail"]) for c in cleared] == [
        ("place or first name", ACROSS_A_FAKE)
    ]
    # The town written where the run wrote nothing is the other candidate's: a leak.
    assert not _chat([text + " Moved to Lake Carlos."], [[(start, start + 6)]], targets)[0].passed


def test_a_surname_inside_a_fake_in_free_text_still_rejects() -> None:
    # A surname names someone alone more than a first name does: no clearance by place.
    text = "Entregar a Lucia Bianchi na loja."
    start = text.index("Lucia")
    targets = Targets()
    targets.add("structured", "LAST_NAME", ["Bianchi"])
    check, leaks, _ = _chat([text], [[(start, start + len("Lucia Bianchi"))]], targets)
    assert not check.passed and [f["entity"] for f in leaks] == ["LAST_NAME"]


def test_a_streets_name_inside_a_fake_address_is_a_place_but_a_whole_address_is_not() -> None:
    # The app-events probe: Swedish fake streets come from the same few dozen words as
    # the users' own street names, so "Industritorget 466" holds a user's "Industritorget".
    text = "pizza near Industritorget 466"
    start = text.index("Industritorget")
    region = [(start, len(text))]
    targets = Targets()
    targets.add("structured", "ADDRESS", ["Industritorget"])
    for kind in ("text", "technical"):  # a search box's queries are searched as technical
        check, _, cleared = _chat([text], [region], targets, kind)
        assert check.passed and [c["cleared"] for c in cleared] == ["place or first name"]
    numbered = Targets()
    numbered.add("structured", "ADDRESS", ["Industritorget 466"])  # a real address whole
    assert not _chat([text], [region], numbered)[0].passed


def test_a_short_numeric_id_in_text_is_cleared_and_kept_stays_judged_as_kept() -> None:
    hits = pl.DataFrame({"t": ["552 Mailbox full", "login employee=552 ok"],
                         "entity": ["ID", "ID"], "value": ["552", "552"],
                         "shape": [False, False], "len": [1, 1]})  # fmt: skip
    for kind in ("text", "technical"):
        assert decide(kind, hits, 3, None)["reason"].to_list() == ["short number", None]
    assert decide("kept", hits, 3, None)["reason"][0] != "short number"


def test_a_short_numeric_id_beside_kana_is_a_word_of_its_own_and_cleared() -> None:
    # A Japanese shop's inquiry: the phone's fake ends in 6383, an inquiry's number of
    # 1 to 8,000; the search finds it as a word between digits and kana, as this does.
    text = "電話番号は39-3721-6383です。"
    hits = pl.DataFrame({"t": [text, "お問い合わせ番号 id: 6383 です"], "entity": ["ID", "ID"],
                         "value": ["6383", "6383"], "shape": [False, False], "len": [1, 1]})  # fmt: skip
    assert decide("text", hits, 3, None)["reason"].to_list() == ["short number", None]


def test_a_name_that_is_a_month_written_as_one_is_cleared_in_text() -> None:
    hits = pl.DataFrame({"t": ["Your picks for this June", "June called twice"],
                         "entity": ["FIRST_NAME", "FIRST_NAME"], "value": ["June", "June"],
                         "shape": [False, False], "len": [1, 1]})  # fmt: skip
    assert decide("text", hits, 3, None)["reason"].to_list() == ["month", None]


def test_a_name_inside_a_prefixed_surname_is_no_name_of_its_own() -> None:
    # The recruiting probe: a candidate's first name Connor "found" in a firm
    # "Parsons-O'Connor" on a CV.
    hits = pl.DataFrame({"t": ["Careers adviser, Parsons-O'Connor (2010-2011)",
                               "Connor from O'Connor Ltd called"],
                         "entity": ["FIRST_NAME", "FIRST_NAME"], "value": ["Connor", "Connor"],
                         "shape": [False, False], "len": [1, 1]})  # fmt: skip
    assert decide("text", hits, 3, None)["reason"].to_list() == ["part of a longer name", None]


def test_a_name_before_a_firm_s_legal_form_is_the_firm_s_in_text() -> None:
    # The recruiting probe: candidates named Morin and Sande, and CVs naming employers
    # "Morin SA" and "van der Sande BV", which the transform keeps as firms.
    hits = pl.DataFrame({"t": ["chef de projet, Morin SA (2012-2013)",
                               "Medical illustrator, van der Sande BV (2009-2011)",
                               "Morin SA, then Anne Morin's team"],
                         "entity": ["LAST_NAME", "PERSON", "LAST_NAME"],
                         "value": ["Morin", "Sande", "Morin"],
                         "shape": [False] * 3, "len": [1] * 3})  # fmt: skip
    reasons = decide("text", hits, 3, None)["reason"].to_list()
    assert reasons == ["firm's name", "firm's name", None]


def test_a_name_opening_a_firms_name_before_its_legal_form_is_the_firms() -> None:
    # The recruiting probe at 8,000 rows: a candidate named Wouters, and a CV's employer
    # "Wouters van Eijndhoven NV", kept whole by the transform. A name after which the
    # firm's name does not run on to its form is still a leak.
    texts = [
        "Surveyor, Wouters van Eijndhoven NV (2010-2012)",
        "Wouters at Eijndhoven NV called",
        "Analyst, Wouters Bakker Jansen Smit Groep NV",
    ]
    hits = pl.DataFrame({"t": texts, "entity": ["LAST_NAME"] * 3, "value": ["Wouters"] * 3,
                         "shape": [False] * 3, "len": [1] * 3})  # fmt: skip
    reasons = decide("text", hits, 3, None)["reason"].to_list()
    assert reasons == ["firm's name", None, None]


def test_a_town_written_in_lower_case_as_an_everyday_word_is_no_town() -> None:
    # The recruiting probe: candidates living in the French town Boulanger, and a CV's
    # "boulanger, McCourt (2012-2016)" (a baker's job). Capitalised, it is the town; a
    # name in lower case is still a leak (speech-to-text's "this is amber").
    cv = "- Le confort d'évoluer à sa source; led a team of 11.\nboulanger, McCourt (2012-2016)"
    texts = [cv, "Moved from Boulanger, France in 2019", "thank you for calling this is amber"]
    hits = pl.DataFrame({"t": texts, "entity": ["LOCATION", "LOCATION", "FIRST_NAME"],
                         "value": ["Boulanger", "Boulanger", "Amber"],
                         "shape": [False] * 3, "len": [1] * 3})  # fmt: skip
    reasons = decide("text", hits, 3, None)["reason"].to_list()
    assert reasons == ["everyday word", None, None]


def test_a_whole_year_in_a_column_named_for_years_is_a_year() -> None:
    # A Stripe export's card "exp_year" of 2026 to 2031 met user ids numbered 1 to 5,000
    # in every row (session 49): REJECTED. A year in a column of years is a year; the
    # same number elsewhere, or inside a longer value, is judged as before.
    for column in ("exp_year", "payment_method_details.card.exp_year", "Model Year", "Jahr"):
        assert _decided(column, "ID", "2027", "2027") == "year", column
    assert _decided("exp_code", "ID", "2027", "2027") is None
    assert _decided("exp_year", "ID", "2027", "2027-01") is None
    assert _decided("exp_year", "ID", "1234", "1234") is None
