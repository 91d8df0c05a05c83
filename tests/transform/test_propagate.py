"""propagate: a guess NER mostly agrees with is spread; a guess it made once in many is not.

The pieces are called as a run calls them (``partitioned/text.py``: the guesses of every
partition, their candidates in each text, the spread of those NER agreed on), here over
the texts of one partition."""

from __future__ import annotations

from anonymizers.detect.spans import Span
from anonymizers.policy import Policy
from anonymizers.transform.propagate import candidates, guesses, spread


def propagate(
    cells: list[str], found: list[list[Span]], policy: Policy, skip: set[int] | None = None
) -> list[list[Span]]:
    guessed = guesses(cells, found, policy, skip)
    if not guessed.values:
        return found
    more, held = candidates(cells, found, guessed.known(policy), skip)
    return spread(cells, found, more, guessed.rejected(held))


def guess(text: str, word: str, entity: str = "LAST_NAME", source: str = "ner") -> Span:
    start = text.index(word)
    return Span(start, start + len(word), entity, 0.85, source)


def test_a_name_ner_tagged_in_most_texts_is_found_in_the_others() -> None:
    cells = [
        "Spoke with Mr Delacruz about the refund.",
        "Delacruz called back on Tuesday.",
        "Refund approved, Delacruz informed by phone.",
    ]
    found = [[guess(cells[0], "Delacruz")], [guess(cells[1], "Delacruz")], []]
    out = propagate(cells, found, Policy())
    assert [cells[2][s.start : s.end] for s in out[2]] == ["Delacruz"]


def test_a_word_ner_tagged_in_one_text_of_many_is_left_alone() -> None:
    products = ["Hulskes", "Manne", "Evers", "Noordijk", "Tamsma", "Blom", "Salet"]
    cells = [
        f'{{"{p} Bike","{q} Lamp"}}' for p, q in zip(products, reversed(products), strict=True)
    ]
    found = [[] for _ in cells]
    found[3] = [guess(cells[3], "Bike")]  # one slip of NER in seven lists that hold "Bike"
    out = propagate(cells, found, Policy())
    assert out[3] == found[3]  # the slip itself stays: it is NER's decision for that text
    assert all(out[i] == [] for i in range(len(cells)) if i != 3)


def test_known_values_and_technical_cells_are_neither_spread_nor_taken() -> None:
    cells = ["Ticket from Okafor", "Okafor again", "Mozilla/5.0 Okafor"]
    found = [[guess(cells[0], "Okafor", source="known")], [], []]
    assert propagate(cells, found, Policy(), skip={2}) == found
    found = [[guess(cells[0], "Okafor")], [guess(cells[1], "Okafor")], []]
    assert propagate(cells, found, Policy(), skip={2})[2] == []


def test_a_listed_name_spreads_however_seldom_ner_tagged_it() -> None:
    # An English model reads German text: it tags the neighbour "Marija" once in six.
    cells = [f"Mein Nachbar Marija nimmt das Paket an, Tag {i}." for i in range(6)]
    found = [[guess(cells[0], "Marija", entity="FIRST_NAME")], *[[] for _ in range(5)]]
    out = propagate(cells, found, Policy())
    assert all(
        [c[s.start : s.end] for s in spans] == ["Marija"]
        for c, spans in zip(cells, out, strict=True)
    )


def test_a_listed_name_in_the_review_band_spreads_an_unlisted_one_does_not() -> None:
    """The gate counts a listed guess a real name wherever it is left, so it is replaced
    everywhere; an unlisted review-band guess is the gate's unconfirmed one."""
    cells = [
        "Price renegotiated with Ševčík (-4%)",
        "Ševčík: Garden Hose back-ordered",
        "Trail Runner back-ordered, Ševčík says",
        "Trail Runner in stock again",
    ]
    found = [[guess(cells[0], "Ševčík")], [], [guess(cells[2], "Trail Runner", "PERSON")], []]
    found = [[s._replace(score=0.55, review=True) for s in spans] for spans in found]
    out = propagate(cells, found, Policy())
    assert [cells[1][s.start : s.end] for s in out[1]] == ["Ševčík"]
    assert "Ševčík" in [cells[2][s.start : s.end] for s in out[2]]
    assert out[3] == []


def test_a_name_is_not_spread_where_the_text_uses_the_word_as_a_holiday() -> None:
    """Noël is a customer's first name in some tickets and Christmas in others, in French
    as Navidad is in Spanish: spread only where it names someone."""
    cells = [
        "Merci d'avance, Noël Girard",
        "Noël Girard a rappelé ce matin.",
        "Je serai chez elle pour Noël, merci d'envoyer le colis.",
        "Bonjour, voici ma commande, Noël Girard",
    ]
    found = [[guess(c, "Noël Girard", "PERSON")] if "Girard" in c else [] for c in cells]
    found[3] = []
    found = [[s._replace(start=s.start, end=s.start + 4, entity="FIRST_NAME") for s in f]
             for f in found]  # fmt: skip
    out = propagate(cells, found, Policy())
    assert [cells[3][s.start : s.end] for s in out[3]] == ["Noël"]
    assert out[2] == []


def test_an_id_found_by_its_cue_is_that_id_in_every_other_text() -> None:
    # "username" and "account" vouch for the word once; the later mentions have no cue, and
    # left there they would be real values in the output (the gate's leak check).
    cells = [
        "My username is kfischer and I cannot log in.",
        "Following up: kfischer still cannot log in.",
        "Account 55312090 is overdue; 55312090 was flagged twice.",
        "Invoice for 55312090 sent, and for kfischer too.",
    ]
    found = [
        [guess(cells[0], "kfischer", entity="ID", source="pattern")],
        [],
        [guess(cells[2], "55312090", entity="ID", source="pattern")],
        [],
    ]
    out = propagate(cells, found, Policy())
    assert [cells[1][s.start : s.end] for s in out[1]] == ["kfischer"]
    assert [cells[2][s.start : s.end] for s in out[2]] == ["55312090", "55312090"]
    assert [cells[3][s.start : s.end] for s in out[3]] == ["55312090", "kfischer"]
    # A phone a rule read by its place (a CV's contact line) is the same phone in prose,
    # where no rule reads a number that is not a valid one (the recruiting probe).
    phone = ["Caroline Akhtar | a.marsden@example.net | +4428 9018652",
             "Referee Glen Francis-Parkinson (+4428 9018652) confirmed dates."]  # fmt: skip
    found = [[guess(phone[0], "+4428 9018652", "PHONE_NUMBER", "pattern")], []]
    [spread_phone] = propagate(phone, found, Policy())[1]
    assert phone[1][spread_phone.start : spread_phone.end].endswith("4428 9018652")


def test_a_compass_word_read_as_a_place_once_is_not_spread() -> None:
    # "South" opening a sentence, read as a place: Faker's city prefixes ("South
    # Bağdaş", "Lake Jessica", "New ...") vouched for it as a listed place, and it was
    # spread into every "south" of an export's comments. A prefix is no place.
    cells = ["South federal production natural which already wide."]
    cells += [f"Travel south message, week {i}." for i in range(8)]
    cells += ["Lake view from the office, new port of call."]
    found = [[guess(cells[0], "South", entity="LOCATION")], *[[] for _ in cells[1:]]]
    out = propagate(cells, found, Policy())
    assert out[1:] == found[1:]


def test_the_english_words_of_a_guessed_name_spread_only_where_capitalised() -> None:
    # NER read "Interesting pattern" as a person in word salad; its parts spread with it,
    # and "interesting" and "pattern" were replaced in every text that held them. The
    # whole guess still spreads as written, in lower case too.
    cells = [
        "Interesting pattern shown here.",
        "Interesting pattern again, Interesting Pattern Ltd.",
        "A pattern of interesting results.",
        "Pattern matched: INTERESTING.",
        "talked to interesting pattern on the phone",
    ]
    found = [[guess(cells[0], "Interesting pattern", entity="PERSON")],
             [guess(cells[1], "Interesting pattern", entity="PERSON")], [], [], []]  # fmt: skip
    out = propagate(cells, found, Policy())
    assert out[2] == []  # "pattern" and "interesting" in lower case are the words
    assert [cells[3][s.start : s.end] for s in out[3]] == ["Pattern", "INTERESTING"]
    assert [cells[4][s.start : s.end] for s in out[4]] == ["interesting pattern"]


def test_an_address_the_rules_read_in_one_text_is_replaced_in_the_others() -> None:
    # The claims probe: "Formia", read as a place by the address rules after "di", was
    # replaced there and left after "a"; the gate searches it everywhere.
    cells = [
        "In Strada Polani a Acquatraversa Di Formia il signor non si è fermato.",
        "In Canale Emma a Formia il signor non ha rispettato lo stop.",
    ]
    found = [[guess(cells[0], "Formia", "ADDRESS", "rule")], []]
    out = propagate(cells, found, Policy())
    assert [cells[1][s.start : s.end] for s in out[1]] == ["Formia"]
    # A catch phrase the rules read once among many CVs that hold it is not spread.
    cvs = [f"- Persevering 24/7 help-desk; led a team of {k}." for k in range(2, 9)]
    found = [[] for _ in cvs]
    found[0] = [guess(cvs[0], "Persevering 24/7", "ADDRESS", "rule")]
    assert all(s == [] for s in propagate(cvs, found, Policy())[1:])


def test_a_guessed_name_that_is_an_english_word_spreads_only_where_capitalised() -> None:
    # The recruiting probe: "Stena Line" (a ferry firm) read as a person made "Line" a
    # surname, and its spread rewrote every "bottom-line" and "secured line" of the CVs.
    cells = [
        "In my current position at Stena Line I work closely with Liza.",
        "Plant breeder, Stena Line (2014-2015)",
        "- Front-line analyzing; secured line; led a team of 7.",
        "Call back Line tomorrow about the ferry.",
    ]
    found = [[guess(cells[0], "Line")], [guess(cells[1], "Line")], [], []]
    out = propagate(cells, found, Policy())
    assert out[2] == []
    assert [cells[3][s.start : s.end] for s in out[3]] == ["Line"]
