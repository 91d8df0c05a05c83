"""Names in the slots support text gives them: labels, greetings, titles, introductions."""

from __future__ import annotations

from anonymizers.detect.recognizers.names import speaker_names, title_names, versus_names
from anonymizers.detect.text import TextDetector
from tests.helpers.detection import NAME, covered_as, found


def test_speaker_labels(detector: TextDetector) -> None:
    text = "Agent (Declan): How can I help today?\nCustomer: The invoice is wrong again."
    got = found(detector, text)
    assert got.get("Declan") == "PERSON"
    assert "Customer" not in got


def test_bare_speaker_names_in_transcript(detector: TextDetector) -> None:
    text = "Tomasz: hi, is the router fixed?\nOlga: yes, reboot it\nTomasz: thanks"
    got = found(detector, text)
    assert got.get("Tomasz") == "PERSON"
    assert got.get("Olga") == "PERSON"


def test_greetings_and_signoffs(detector: TextDetector) -> None:
    text = "Hi Priya,\nthe replacement ships tomorrow.\nBest regards,\nAnneliese"
    got = found(detector, text)
    assert got.get("Priya") == "PERSON"
    assert got.get("Anneliese") == "PERSON"
    assert found(detector, "Thanks, Declan!").get("Declan") == "PERSON"


def test_name_after_introduction_phrases(detector: TextDetector) -> None:
    assert covered_as(
        detector, "Hello, my name is Oluwaseun and I need a refund.", "Oluwaseun", NAME
    )
    assert covered_as(detector, "hi there, people call me tiago, order never came", "tiago", NAME)
    assert covered_as(detector, "Please add my daughter Ingrid to the family plan.", "Ingrid", NAME)
    assert covered_as(
        detector,
        "Agent: What's the name on the booking?\nCustomer: Radoslav Petrov",
        "Radoslav Petrov",
        NAME,
    )


def test_subject_vocative_and_contact_card_names(detector: TextDetector) -> None:
    assert covered_as(
        detector, "Zdravko grew up in Split and still banks with us.", "Zdravko", NAME
    )
    assert covered_as(detector, "Ifeoma, can you confirm the delivery slot?", "Ifeoma", NAME)
    card = "Tadeusz Wróblewicz\nSenior buyer\nPhone: 0612 345 678\n"
    assert covered_as(detector, card, "Tadeusz Wróblewicz", NAME)


def test_lower_case_title(detector: TextDetector) -> None:
    text = "please pass this on to mrs. Featherstonehaugh before friday"
    assert covered_as(detector, text, "Featherstonehaugh", NAME)


def test_a_title_and_its_name_stay_on_one_line() -> None:
    # A ticket's comments joined as one text (session 49): "Best, Mrs" closing one and
    # "Internal: courier claim filed." opening the next were read as "Mrs Internal".
    joined = "Sorry about that! Best, Mrs\n\u2029\nInternal: courier claim filed."
    assert title_names(joined) == []
    assert title_names("Best, Mrs\nInternal: courier claim filed.") == []
    text = "Regards, Dr Okonkwo\nInternal: note"
    assert [text[s:e] for s, e, *_ in title_names(text)] == ["Okonkwo"]
    text = "Please call MR KOWALSKI and Mrs Ashby-Fenwick today"
    assert [text[s:e] for s, e, *_ in title_names(text)] == ["Ashby-Fenwick", "KOWALSKI"]


def test_form_labels_and_weekdays_are_not_names(detector: TextDetector) -> None:
    text = (
        "Helena Marsh\nBrightwave\nMobile: 0412 555 019\nDesk: +44 20 7946 0958\nFax: 020 7946 0000"
    )
    got = found(detector, text)
    assert got.get("Helena Marsh") in NAME
    assert not {"Mobile", "Desk", "Fax"} & set(got)
    assert "Sunday" not in found(detector, "We drove back on the last Sunday of the month.")


def test_subject_of_a_speech_verb_is_a_person(detector: TextDetector) -> None:
    text = "Thanks for the update. Sunniva promised the refund by Friday."
    assert covered_as(detector, text, "Sunniva", NAME)
    # The same slot with an everyday word stays text.
    assert not found(detector, "Thanks for the update. Everyone promised to help.")


def test_self_introduction_at_the_start_of_a_turn(detector: TextDetector) -> None:
    text = "Customer: This is Jolanta Wierzbicka. I need to move my delivery.\nAgent: Sure."
    assert covered_as(detector, text, "Jolanta Wierzbicka", NAME)
    assert covered_as(detector, "Hi, it's Mateo from dispatch.", "Mateo", NAME)
    assert not found(detector, "This is Monday's schedule. It is Important.")


def test_a_traceback_s_error_and_a_plain_label_are_no_speakers() -> None:
    from anonymizers.detect.recognizers.names import speaker_names

    text = "raise ValueError('bad input')\nValueError: bad input\n\nSteps: open ui, click save."
    assert speaker_names(text) == []
    text = "Tomasz: hi, is the router fixed?\nOlga: yes, reboot it"
    assert [text[s:e] for s, e, *_ in speaker_names(text)] == ["Tomasz", "Olga"]


def test_an_abbreviation_before_a_relative_is_no_name() -> None:
    from anonymizers.detect.recognizers.names import kin_names

    text = "DNA x2. Pt's daughter Mary to call back. Oksana's kid called."
    assert sorted(text[s:e] for s, e, *_ in kin_names(text)) == ["Mary", "Oksana"]


def test_a_first_name_right_after_a_family_word_is_a_person_and_a_word_is_not() -> None:
    # The HL7 feed's text observations: "Pt anxious, husband Iain visiting" (no
    # possessive, as clinicians write); the next of kin's name left in 14 messages.
    from anonymizers.detect.recognizers.names import kin_names

    text = "Pt anxious, husband Iain visiting. Son Will attend? Family Christmas visit."
    assert [text[s:e] for s, e, *_ in kin_names(text)] == ["Iain"]


def test_a_role_labelling_a_turn_in_another_language_is_no_speaker_s_name() -> None:
    # The multilingual chat probe: "Agente:", "Atendente:" faked as surnames in every
    # transcript ("Murray: Olá, aqui é ...").
    for role in ("Agente", "Atendente", "Kunde", "Conseiller"):
        text = f"[10:00] {role}: Hola, soy Manu\n[10:01] Cliente: mi pedido no ha llegado"
        assert not [s for s in speaker_names(text) if text[s[0] : s[1]] == role]


def test_the_parties_of_a_case_title_are_people_unless_a_body() -> None:
    # The court-list probe: "R v RICHARDSON" kept in a case title (REJECTED at the gate).
    def parties(text: str) -> list[str]:
        return [text[a:b] for a, b, _, _ in versus_names(text)]

    assert parties("R v RICHARDSON") == ["RICHARDSON"]
    assert parties("Okafor v Brennan Ltd") == ["Okafor"]
    assert parties("Patel & Anor v Leeds City Council") == ["Patel"]
    assert parties("Arsenal v Chelsea, kick-off 3pm") == []  # a fixture, no case
