"""Chat transcripts: speakers' handles and names, and answers to identity questions."""

from __future__ import annotations

from anonymizers.detect.recognizers.transcripts import answered_questions, speaker_handles


def _found(spans: list, text: str) -> list[tuple[str, str]]:
    return sorted({(text[s:e], ent) for s, e, ent, _ in spans})


def test_handles_and_names_of_timed_turns_in_any_case() -> None:
    text = (
        "[14:43] christopher.w: hi, my login stopped working\n"
        "[14:44] Rachael (Support): Hi! Can you confirm your date of birth?\n"
        "[14:45] christopher.w: sure\n"
        "[14:46] ragna: @christopher.w I'm taking over"
    )
    assert _found(speaker_handles(text), text) == [
        ("Rachael", "PERSON"),
        ("christopher.w", "ID"),
        ("ragna", "PERSON"),
    ]
    at = text.index("@christopher.w") + 1
    assert any(s == at for s, _e, _ent, _sc in speaker_handles(text))


def test_bare_times_and_dated_lines_are_turns_too() -> None:
    text = "10:02 - grete74: hej, jeg kan ikke logge ind\n10:03 - grete74: hallo?"
    assert _found(speaker_handles(text), text) == [("grete74", "ID")]
    text = "12/03/2025, 09:14 - Marta Ruiz: ¿llega hoy?\n12/03/2025, 09:15 - Soporte: sí"
    assert _found(speaker_handles(text), text) == [("Marta Ruiz", "PERSON")]


def test_roles_headings_and_untimed_labels_are_not_speakers() -> None:
    text = "[09:00] Support: hello\n[09:01] Kunde: Hallo\n[09:02] Agent: ok\n[09:03] bot: bye"
    assert speaker_handles(text) == []
    # One timed line is no transcript; a one-off word is a heading, not a speaker.
    assert speaker_handles("[09:00] jdoe: hello") == []
    text = "10:42 Warning: disk almost full\n10:43 Note: cleanup scheduled"
    assert speaker_handles(text) == []
    assert speaker_handles("Subject: refund\nStatus: open") == []


def test_a_date_after_a_birth_question_is_a_date_of_birth() -> None:
    for question, answer in (
        ("[11:50] Rachael (Support): Can you confirm your date of birth?", "1962-12-23"),
        ("[11:50] Tomas: Wie lautet Ihr Geburtsdatum?", "18.4.1968"),
        ("[11:50] Lea: Hvad er din fødselsdato?", "3. december 1960"),
        ("[11:50] Leonard: Proszę podać datę urodzenia.", "31 stycznia 1943"),
        ("Date de naissance :", "05/12/1968"),
    ):
        text = f"{question}\n[11:51] candauxl : {answer}"
        assert _found(answered_questions(text), text) == [(answer, "DATE_OF_BIRTH")]


def test_a_postcode_after_a_postcode_question_is_an_address() -> None:
    for question, answer in (
        ("thanks, and the postcode on the account?", "HR9B 7FZ"),
        ("Danke. Und die PLZ?", "08871"),
        ("merci, et le code postal ?", "75002"),
        ("dank je, en de postcode?", "1054 CZ"),
    ):
        text = f"[10:00] Sam: {question}\n[10:01] jdoe: {answer}"
        assert _found(answered_questions(text), text) == [(answer, "ADDRESS")]


def test_other_answers_and_unasked_dates_stay() -> None:
    text = "[10:00] Sam: When did you order?\n[10:01] jdoe: 12/03/2025"
    assert answered_questions(text) == []
    text = "[10:00] Sam: What is your order number?\n[10:01] jdoe: 75002"
    assert answered_questions(text) == []
    text = "[10:00] Sam: Can you confirm your date of birth?\n[10:01] jdoe: why do you need it?"
    assert answered_questions(text) == []


def test_a_valid_id_after_a_question_naming_it_is_a_national_id() -> None:
    text = "[17:42] Margareta: Hej! Vilket är ditt personnummer?\n[17:43] cericson: 590216-3764"
    assert _found(answered_questions(text), text) == [("590216-3764", "NATIONAL_ID")]
    # Not valid by its check digits, or not the id asked for: no id.
    text = "[17:42] Margareta: Vilket är ditt personnummer?\n[17:43] cericson: 590216-3765"
    assert answered_questions(text) == []
    text = "[17:42] Sam: What is your order number?\n[17:43] cericson: 590216-3764"
    assert answered_questions(text) == []


def test_turns_with_the_time_after_the_speaker_or_in_brackets() -> None:
    text = "jdoe.k [10:42]: hi\nMarta (Support) [10:43]: hello\njdoe.k [10:44]: ok"
    assert _found(speaker_handles(text), text) == [("Marta", "PERSON"), ("jdoe.k", "ID")]
    text = "(10.42) karl_b: hej\n(10.43) Kundeservice: hej\n(10.44) karl_b: tak"
    assert _found(speaker_handles(text), text) == [("karl_b", "ID")]
    assert speaker_handles("Total (10.50): paid\nTax (2.10): due") == []


def test_header_turns_with_the_time_after_the_speaker() -> None:
    text = (
        "toftw (kunde) 18:23\nappen logger mig ud hele tiden\n"
        "Mathias (medarbejder) 18:25\nJeg kigger på det.\ntoftw 18:26\ntak"
    )
    assert _found(speaker_handles(text), text) == [("Mathias", "PERSON"), ("toftw", "ID")]
    # Lines of a word and a time are a timetable, not a chat.
    assert speaker_handles("Meeting 10:30\nLunch 12:00\nReview 14:00") == []


def test_untimed_turns_count_when_the_speakers_take_turns() -> None:
    text = (
        "zaida.d: hola, ¿hay alguien?\nAtención al cliente: Hola, ¿en qué puedo ayudarle?\n"
        "zaida.d: mi paquete no ha llegado"
    )
    assert _found(speaker_handles(text), text) == [("zaida.d", "ID")]
    # A form's fields never come back after another field.
    assert speaker_handles("Name: Anna\nPhone: 0612\nEmail: anna@example.com") == []
    assert speaker_handles("jdoe.k: hi\njdoe.k: anyone?") == []


def test_a_phone_answering_a_question_for_one() -> None:
    text = (
        "ana_m: hola\nSoporte: ¿Cuál es el teléfono de la cuenta?\nana_m: 91 733 87 05\n"
        "Soporte: gracias"
    )
    assert ("91 733 87 05", "PHONE_NUMBER") in _found(answered_questions(text), text)
    text = "Kundeservice: Unter welcher Nummer erreichen wir Sie?\nx.y: +49 171 2233445"
    assert _found(answered_questions(text), text) == [("+49 171 2233445", "PHONE_NUMBER")]
    # A number asked for with an order word is the order's.
    text = "Agent: what is your order number?\nme: 5531 2277 88\nAgent: thanks"
    assert answered_questions(text) == []
