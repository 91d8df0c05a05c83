"""Person, place or organisation, settled from the rest of the text."""

from __future__ import annotations

import random
import re

import pytest

from anonymizers.detect.disambiguate import legal_form_at, org_guard, whole_mentions
from anonymizers.detect.spans import Span
from anonymizers.detect.text import TextDetector
from anonymizers.policy import Policy
from tests.helpers.detection import NAME, PLACE, covered_as, covers, found


def test_lone_surname_propagates_from_full_name(detector: TextDetector) -> None:
    text = "I spoke to Bartholomew Okonkwo-Reyes yesterday. Later Okonkwo-Reyes called back twice."
    [spans] = detector.detect([text])
    later = text.rindex("Okonkwo-Reyes")
    assert any(s.start <= later < s.end and s.entity in NAME for s in spans)


def test_coordinated_surnames_next_to_a_person(detector: TextDetector) -> None:
    text = "The complaint was escalated by Margaret Thornton, Kowalczyk and Abernathy on Monday."
    assert covered_as(detector, text, "Kowalczyk", NAME)
    assert covered_as(detector, text, "Abernathy", NAME)


def test_known_first_name_that_ner_calls_a_place(detector: TextDetector) -> None:
    text = "Why did Imogen cancel the subscription?"
    assert covered_as(detector, text, "Imogen", NAME)


def test_verbs_are_not_names_in_lower_case_or_after_relatives(detector: TextDetector) -> None:
    assert not found(detector, "My uncle retired at the age of 70 last spring.")
    got = found(detector, 'come on, sing it with me: "you picked a fine time"')
    assert "sing" not in got
    text = "my name is jonas and my son leo is sick"
    got = found(detector, text)
    assert got.get("jonas") in NAME and covers(text, got, "leo", NAME)


def test_surnames_before_an_org_word_are_not_people(detector: TextDetector) -> None:
    got = found(detector, "The Pruitt Ltd. Orchestra played in Wichita.")
    assert "Pruitt" not in got
    # The payroll probe: the model read the firm "Gibbs LLC" as a town "Gibbs".
    assert "Gibbs" not in found(detector, "P45 received from Gibbs LLC")
    got = found(detector, "Please ask Mr. Quinn and Ms. Moss to call me back.")
    assert got.get("Quinn") in NAME and got.get("Moss") in NAME
    assert "Ms" not in got


def test_surname_listed_with_people_is_a_person(detector: TextDetector) -> None:
    text = "The company was started by three friends: Okonkwo-Baptiste, Hartmann and Delgado."
    for name in ("Hartmann", "Delgado"):
        assert covered_as(detector, text, name, NAME)
    assert not covered_as(detector, text, "Okonkwo-Baptiste", PLACE)


def test_people_in_a_place_slot_stay_people(detector: TextDetector) -> None:
    for text, name in (
        ("We are still at Daniel Smith, ok?", "Daniel Smith"),
        ("I'm still at Sarah's, back tomorrow.", "Sarah"),
        ("Greetings from our Sarah Jenkins office.", "Sarah Jenkins"),
    ):
        assert covered_as(detector, text, name, NAME), text


@pytest.mark.model
def test_a_retyped_place_keeps_the_name_score() -> None:
    """A place threshold must not let a word through that was caught as a name."""
    strict = TextDetector(Policy.model_validate({"detection": {"thresholds": {"LOCATION": 0.5}}}))
    text = "The parcel is held at our Columbus depot until Monday."
    assert covered_as(strict, text, "Columbus", PLACE)


def test_names_from_an_email_are_found_in_the_same_text(detector: TextDetector) -> None:
    text = "Agent: Updated, Ottoline. You'll get a confirmation at ottoline.brackwater@icloud.com."
    assert covered_as(detector, text, "Ottoline", NAME)
    assert not covered_as(detector, text, "Updated", NAME)  # a word, not a listed name
    # A role address names nobody.
    got = found(detector, "Write to sales.team@brightline-freight.com, Sales will reply.")
    assert got.get("Sales") not in NAME


def _regex_mentions(text: str, tokens: set[str]) -> list[tuple[int, int]]:
    """The per-text pattern ``whole_mentions`` stands for (longest alternative first)."""
    pattern = re.compile(
        r"(?<![\w'’-])(?:"
        + "|".join(map(re.escape, sorted(tokens, key=len, reverse=True)))
        + r")(?![\w-])"
    )
    return [m.span() for m in pattern.finditer(text)]


def test_whole_mentions_find_what_the_per_text_pattern_found() -> None:
    tokens = {"Anne", "Anne-Marie", "Marie", "O'Brien", "Brien", "Zoë", "Søren", "Mü"}
    texts = [
        "Anne-Marie O'Brien called; Anne and Marie too. Brien's ticket, Anne_Marie, Annex.",
        "Zoë, Zoëy, -Zoë, 'Zoë', Søren2 Søren. Müller Mü, x-Anne-Marie-y, ‘Anne’ Anne’s",
        "AnneAnne Anne-Marie-Louise MarieAnne Anne\u00a0Marie Anne-",
    ]
    rng = random.Random(7)
    pieces = [*sorted(tokens), " ", "-", "'", "’", "_", ".", "x", "9", "é", "\n"]
    texts += ["".join(rng.choice(pieces) for _ in range(40)) for _ in range(400)]
    for text in texts:
        assert whole_mentions(text, tokens) == _regex_mentions(text, tokens), text


def test_a_lone_word_after_a_determiner_is_no_name_in_text_without_capitals() -> None:
    from anonymizers.detect.disambiguate import after_determiner

    text = "calling about my bill, then the will; thanks bill; a maria le dije"
    assert after_determiner(text, text.index("bill"))
    assert after_determiner(text, text.index("will"))
    assert not after_determiner(text, text.index("bill;"))
    assert not after_determiner(text, text.index("maria"))  # Spanish "a": "to Maria"


@pytest.mark.parametrize(
    ("text", "guess"),
    [
        ("Invoice from Schmidt GmbH attached.", "Schmidt GmbH"),
        ("Wir haben die Rechnung an Brandt KG geschickt.", "Brandt"),
        ("Hein Hermighausen e.V. hat angerufen.", "Hein Hermighausen e.V. hat angerufen"),
        ("Jansen B.V. levert morgen.", "Jansen B.V"),
        ("Transportes Rocha S.A. will deliver.", "Rocha"),
        ("Nowak Sp. z o.o. odpisała.", "Nowak Sp"),
        ("chef de projet, Morin SA (2012-2013)", "Morin"),
        ("assistant RH, Cordier Cousin S.A.R.L. (2013-2016)", "Cordier Cousin"),
        ("Order shipped by Kristensen & Bertelsen yesterday.", "Kristensen"),
        ("Order shipped by Kristensen & Bertelsen yesterday.", "Bertelsen"),
    ],
)
def test_a_guessed_name_with_a_legal_form_or_a_partner_is_a_firm(text: str, guess: str) -> None:
    at = text.index(guess)
    assert org_guard(text, [Span(at, at + len(guess), "PERSON", 0.85, "ner")]) == []


@pytest.mark.parametrize(
    ("text", "name", "firm"),
    [
        ("chef de projet, Morin SA (2012-2013)", "Morin", True),
        ("Firefighter, van Gent Groep BV", "Groep", True),
        ("Moved to 12 King St, Adelaide SA 5000", "Adelaide", False),  # South Australia
        ("Please call Anna Berg, AG team lead", "Berg", False),
    ],
)
def test_a_legal_form_is_read_after_a_name(text: str, name: str, firm: bool) -> None:
    assert legal_form_at(text, text.index(name) + len(name)) is firm


@pytest.mark.parametrize(
    ("text", "guess"),
    [
        ("Please call Anna Berg, AG team lead", "Anna Berg"),  # a comma: no firm's form
        ("Anna Berg from Spotify AB called", "Anna Berg"),
        ("Anna & Tom Berg are coming.", "Anna"),  # first names joined by '&'
    ],
)
def test_people_near_a_legal_form_or_an_ampersand_stay(text: str, guess: str) -> None:
    at = text.index(guess)
    span = Span(at, at + len(guess), "PERSON", 0.85, "ner")
    assert org_guard(text, [span]) == [span]
