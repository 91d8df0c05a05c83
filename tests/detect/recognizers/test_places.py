"""Places from the public place lists and from slots only a place fills."""

from __future__ import annotations

from anonymizers.detect.text import TextDetector
from tests.helpers.detection import NAME, PLACE, covered_as, covers, found


def test_countries_and_listed_places_after_locative_words(detector: TextDetector) -> None:
    for text, value in (
        ("Our courier network now covers Northern Slovakia too", "Slovakia"),
        ("My parcel is coming from Congo (Brazzaville) by sea", "Congo (Brazzaville)"),
        ("She studied at the University of Coimbra.", "Coimbra"),
        ("Our driver got stuck near Eindhoven for two hours.", "Eindhoven"),
        ("Mrs. Halloran flew to Whitby on Sunday morning.", "Whitby"),
    ):
        got = found(detector, text)
        assert covers(text, got, value, PLACE), (text, got)
    # The list rule itself, NER aside: countries always, listed cities after a locative.
    from anonymizers.detect.recognizers.places import gazetteer_places

    text = "Parcels to Mongolia leave on Mondays; the depot near Eindhoven ships them."
    got = {text[s:e] for s, e, _, _ in gazetteer_places(text)}
    assert {"Mongolia", "Eindhoven"} <= got
    assert not gazetteer_places("Chad Brown asked about his refund.")
    # Italy has towns named Strada and Canale; before a street's name they are its type.
    assert not gazetteer_places("In Strada Polani il signor non si è fermato.")
    assert gazetteer_places("We drove to Strada in Chianti.")
    # Italian puts a town after a bare "a"; English puts an article there.
    text = "In Canale Emma a Formia il signor non ha rispettato lo stop."
    assert [text[s:e] for s, e, _, _ in gazetteer_places(text)] == ["Formia"]
    assert not gazetteer_places("We took a London bus to the office.")


def test_city_line_above_a_country_line(detector: TextDetector) -> None:
    text = "Tomasz Wrona\n\nKOŚCIERZYNA\nPoland"
    got = found(detector, text)
    assert got.get("Tomasz Wrona") in NAME
    assert covers(text, got, "KOŚCIERZYNA", PLACE)


def test_unknown_places_in_a_place_slot(detector: TextDetector) -> None:
    assert covered_as(detector, "We spent our tenth year in Kettlewick, then moved on.",
                       "Kettlewick", PLACE)  # fmt: skip
    assert covered_as(detector, "Right now I'm in OSTERBY for the week.", "OSTERBY", PLACE)
    assert covered_as(
        detector, "She studied law at the University of Marrowdale.", "Marrowdale", PLACE
    )
    assert covered_as(detector, "Booked my train to Feldkirchen tonight.", "Feldkirchen", PLACE)


def test_place_slot_guards(detector: TextDetector) -> None:
    # A product or a language in the slot is no place; a first name after 'in' is a person.
    for text, word in (
        ("The ticket is logged in Zendesk, we will update it today.", "Zendesk"),
        ("Can you send the contract in French, please?", "French"),
        ("I lost all faith in Margaret after that call.", "Margaret"),
    ):
        assert not covered_as(detector, text, word, PLACE), text


def test_place_before_a_site_noun(detector: TextDetector) -> None:
    text = "The parcel is held at our Columbus depot until Monday."
    assert covered_as(detector, text, "Columbus", PLACE)
    assert not covered_as(detector, text, "Columbus", NAME)
    assert not found(detector, "Please ask at the Amazon warehouse.")
