"""Names a mail header, a form field, a greeting, a sign-off or a title labels."""

from __future__ import annotations

import pytest

from anonymizers.detect.recognizers.labelled_names import (
    form_names,
    greeted_names,
    introduced_names,
    lower_case_names,
    mailbox_names,
    related_names,
)


def _names(spans: list, text: str) -> list[str]:
    return [text[s:e] for s, e, _ent, _sc in spans]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("On Fri 12 September, Peter Barrett <pbarrett@yahoo.com> wrote:", "Peter Barrett"),
        (
            "Op di 17 december om 15:57 schreef Chantal Rutten <c.rutten@wuyts.nl>:",
            "Chantal Rutten",
        ),
        ("Von: MAARTEN VAN BEEK <m.vanbeek@example.de>", "MAARTEN VAN BEEK"),
        ('From: "Doe, Jane" <jd@example.com>', "Doe, Jane"),
        ("De : léa privet <lea_privet@yahoo.fr>", "léa privet"),
        (
            "Il giorno lun 3 marzo, Giuseppe Pizzamano <gpizza@libero.it> ha scritto:",
            "Giuseppe Pizzamano",
        ),
    ],
)
def test_the_display_name_before_an_address(text: str, name: str) -> None:
    assert _names(mailbox_names(text), text) == [name]


@pytest.mark.parametrize(
    "text",
    ["From: Customer Care <care@shop.example>", "Von: Support Team <s@x.de>",
     "Reply to <noreply@shop.example>", "Order 4411 <orders@shop.example>"],
)  # fmt: skip
def test_a_mailbox_of_a_team_is_no_name(text: str) -> None:
    assert mailbox_names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Name: ROTRAUD ALBERS\nE-Mail: r.albers@example.de", "ROTRAUD ALBERS"),
        ("Nom : léa privet\nCourriel : lea@example.fr", "léa privet"),
        ("Imię i nazwisko: norbert magier\nTelefon: +48 699 202 775", "norbert magier"),
        ("Nombre: Marta Ruiz Gil\nMensaje: hola", "Marta Ruiz Gil"),
    ],
)
def test_the_value_of_a_name_field(text: str, name: str) -> None:
    assert _names(form_names(text), text) == [name]


@pytest.mark.parametrize(
    "text", ["Name: Premium plan\n", "Name: to be confirmed\n", "Name: Oak Desk\n", "Name: 4411\n"]
)
def test_a_name_field_holding_a_thing_is_no_name(text: str) -> None:
    assert form_names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hej ida\n\nJeg har stadig ikke fået pengene.", "ida"),
        ("Dzień dobry adam,\n\nnadal nie otrzymałem zwrotu", "adam"),
        ("Danke Hr. liebelt, ich leite das weiter.", "liebelt"),
        ("Frau WIBKE SCHÖNLAND meldet einen Schaden.", "WIBKE SCHÖNLAND"),
        ("Frau Müller hat angerufen.", "Müller"),
        ("Merci Mme laurent, je transmets.", "laurent"),
        ("Cordialement\nRené Nguyen", "René Nguyen"),
        ("Venlig hilsen\nfru H. P. Pedersen\n☎ 13 79 29 38", "H. P. Pedersen"),
        ("Saludos\nD. E. W. Galarza", "D. E. W. Galarza"),
        ("Cordiali saluti\nZICHICHI Germana", "ZICHICHI Germana"),
        ("regards\nmike", "mike"),
    ],
)
def test_names_after_greetings_sign_offs_and_titles(text: str, name: str) -> None:
    assert name in _names(greeted_names(text), text)


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour Madame, merci pour votre retour.",
        "Dear Sir or Madam,",
        "Hello all,\nthe parcel arrived.",
        "Kind regards\nThe Support Team",
        "Merci beaucoup!\nBonne journée",
        "Hallo zusammen, danke für alles.",
        "Thanks for the help, see you",
        "Gracias,\nquedo atento a su respuesta.",
        "Grazie mille!",
        "Vielen Dank, bis bald",
    ],
)
def test_greetings_without_a_name_give_none(text: str) -> None:
    assert greeted_names(text) == []


def test_particles_belong_to_the_name_and_one_lower_case_word_after_a_title() -> None:
    for text, name in (
        ("terugbellen Dhr. van Egisheim op 06-12345678", "van Egisheim"),
        ("Merci,\n-- \nLE GALL Gilles", "LE GALL Gilles"),
        ("Bedankt,\nBen Vertoor", "Ben Vertoor"),
        ("ligar de volta a Sr. rocha para o 213 744 687", "rocha"),
        ("Merci M. collet, je transmets.", "collet"),
    ):
        assert name in _names(greeted_names(text), text), text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Frau Riehl meldet, dass ihr Sohn caterina die Karte benutzt hat.", "caterina"),
        ("Envíen el paquete a mi vecina Rocío Gil, por favor.", "Rocío Gil"),
        ("graag bezorgen bij mijn buurman Bart Mertens, Williamsingel 70", "Bart Mertens"),
        ("Please copy my son Tom on the reply.", "Tom"),
    ],
)
def test_the_name_after_a_relative(text: str, name: str) -> None:
    assert _names(related_names(text), text) == [name]


@pytest.mark.parametrize(
    "text", ["mein Sohn hat die Karte benutzt", "my husband will call", "ihr Mann kommt morgen"]
)
def test_a_relative_without_a_name(text: str) -> None:
    assert related_names(text) == []


def test_a_second_title_is_not_taken_for_the_name() -> None:
    text = "Danke Herr Dr. Müller, ich leite das weiter."
    assert set(_names(greeted_names(text), text)) == {"Müller"}
    text = "Gentile Sig.ra Dott.ssa Conti, abbiamo aggiornato i dati."
    assert set(_names(greeted_names(text), text)) == {"Conti"}


@pytest.mark.parametrize(
    "text",
    [
        "Obrigada pela ajuda!",
        "Boa tarde Senhores, o pacote chegou.",
        "Bom dia Equipa, a fatura ainda não chegou.",
        "Boa tarde Lisboa",
        "Olá Black Friday",
    ],
)
def test_after_a_greeting_a_team_a_place_or_a_phrase_is_no_name(text: str) -> None:
    assert greeted_names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hi, its aimee hargreaves here. i cant log in", "aimee hargreaves"),
        ("hola, soy maria lopez. no puedo entrar", "maria lopez"),
        ("Atención al cliente: Hola, soy joaquina, ¿en qué puedo ayudarle?", "joaquina"),
        ("Guten Tag, hier ist Jana. Wie kann ich helfen?", "Jana"),
        ("Dzień dobry, tu Ola, w czym mogę pomóc?", "Ola"),
        ("hej, det er claus christensen. jeg kan ikke logge ind", "claus christensen"),
        ("Bonjour, je m'appelle Léa Privet et j'ai un souci", "Léa Privet"),
    ],
)
def test_the_name_a_person_introduces_themselves_with(text: str, name: str) -> None:
    assert _names(introduced_names(text), text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "I am sorry, this is not working",
        "sono arrivato ieri sera",
        "Hi, I am Canadian and",
        "Bonjour, c'est moi encore",
        "it is Monday today",
        "hoi, met de post kwam niets",
    ],
)
def test_an_intro_word_before_a_plain_word_names_no_one(text: str) -> None:
    assert introduced_names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("thank you for calling this is amber how can I help", "amber"),
        ("thanks for calling northwind energy this is christian speaking", "christian"),
        ("buenos días le habla marta en qué puedo ayudarle", "marta"),
        ("hallo guten tag hier spricht jana wie kann ich helfen", "jana"),
    ],
)
def test_a_transcripts_speaker_introduced_after_the_calls_opening(text: str, name: str) -> None:
    # Speech to text writes no comma after "thank you for calling": the cue still opens
    # the speaker's sentence, up to three words (a firm's name) after the opening.
    assert _names(introduced_names(text), text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "hello this is great news for us",
        "so this is amber and it is a colour",
        "hello i am sorry this is late",
        "thank you for calling the lines are busy this is amber",
    ],
)
def test_a_cue_far_from_an_opening_or_before_a_plain_word_names_no_one(text: str) -> None:
    assert introduced_names(text) == []


def test_a_first_and_a_family_name_in_lower_case() -> None:
    text = "note: kunde claus christensen (bruger cchristensen) siger, at Steen ringede"
    assert _names(lower_case_names(text), text) == ["claus christensen"]
    text = "notiz: kunde nick mandl (nutzer mandln) sagt"
    assert _names(lower_case_names(text), text) == ["nick mandl"]
    # Everyday words, and two English words, are no name in lower case.
    for text in (
        "the rose gold case and the grace period, mark down the jade green",
        "bitte senden sie die rechnung an frau meier",
        "we will review the case tomorrow",
    ):
        assert lower_case_names(text) == [], text


def test_a_name_after_a_title_ends_before_a_reference_s_prefix() -> None:
    # The payouts probe: "SEPA CT M. Cornelissen Plumbing INV-2026-7733" read the name on
    # over "INV-", and "INV" was faked in every remittance line ("MACDONALD-2026-5500").
    text = "SEPA CT M. Cornelissen Plumbing INV-2026-7733"
    assert [text[a:b] for a, b, _, _ in greeted_names(text)] == ["Cornelissen Plumbing"]
