"""User names named as such (a login after a user-name word, an @ mention), in ten
languages; everyday words after the same cues stay."""

from __future__ import annotations

import pytest

from anonymizers.detect.recognizers.usernames import usernames


def _found(text: str) -> list[str]:
    return [text[s:e] for s, e, _, _ in usernames(text)]


@pytest.mark.parametrize(
    ("text", "login"),
    [
        ("My username is kfischer and I cannot log in since Monday.", "kfischer"),
        ("The user jmorales84 reported the outage at 9:40.", "jmorales84"),
        ("Please reset the password for login: anna_berg", "anna_berg"),
        ("Account lukas.w is locked after three failed attempts.", "lukas.w"),
        ("Logged in as hvogel at 10:02, then the session dropped.", "hvogel"),
        ("Ticket opened by user rsantos via the portal.", "rsantos"),
        ("Mein Benutzername ist tmueller, bitte entsperren.", "tmueller"),
        ("Le compte de l'utilisateur pdubois a été bloqué.", "pdubois"),
        ("Mon identifiant est camille_r et je n'arrive plus à me connecter.", "camille_r"),
        ("Mi usuario es mgarcia y no puedo entrar.", "mgarcia"),
        ("Il mio nome utente è lbianchi91, non riesco ad accedere.", "lbianchi91"),
        ("Meu usuário é joao.s e a senha não funciona.", "joao.s"),
        ("Mitt användarnamn är elindqvist och jag kan inte logga in.", "elindqvist"),
        ("Mit brugernavn er mhansen og jeg kan ikke logge ind.", "mhansen"),
        ("Moja nazwa użytkownika to kwisniewska, nie mogę się zalogować.", "kwisniewska"),
        ("Gebruiker avanderberg kan niet inloggen.", "avanderberg"),
        ("cc @mhansen for the refund", "mhansen"),
        ("username 'sofia.k2' was disabled", "sofia.k2"),
        ("L'utilisateur pdubois est bloqué.", "pdubois"),
        ("sign-in name: k.fischer", "k.fischer"),
        # A handle on a social network (the dating probe: "Snap: iwilliams" was kept).
        ("Looking for my partner in crime. Snap: iwilliams", "iwilliams"),
        ("insta: jen_k99 if you want", "jen_k99"),
        ("Snap: hannahlee", "hannahlee"),  # a name of three letters run into a long handle
        ("Snap: guyfoster", "guyfoster"),
    ],
)
def test_logins_after_their_cue(text: str, login: str) -> None:
    assert _found(text) == [login]


@pytest.mark.parametrize(
    "text",
    [
        "My login is blocked since the update.",
        "The login page is down again.",
        "Please handle the refund for order 5531.",
        "Nick Hansen called about the user experience.",
        "The user guide explains account settings.",
        "Our Account Manager will call you.",
        "Logged in as admin to check the logs.",
        "Mi usuario no funciona desde ayer.",
        "Der Benutzer hat sein Passwort vergessen.",
        "L'utilisateur a perdu son mot de passe.",
        "cc @here please check the account balance",
        "My email is maria.garcia@example.com and my user is fine.",
        "You can reach me @ 5pm.",
        "Updated to v2.3 after the login v2.3 rollout.",
        "Account 553120 is overdue.",
        "Add Sentry breadcrumbs for login (mobile-app)",
        "the login two-factor prompt loops",
        "I love snapchat filters",
        "We stream on twitch every Friday",
    ],
)
def test_everyday_words_after_the_same_cues_stay(text: str) -> None:
    assert _found(text) == []


def test_a_weak_cue_wants_a_login_shaped_word() -> None:
    # "user" also starts plain phrases: a lower-case word after it must look like a login
    assert _found("the user interface froze") == []
    assert _found("the user pdubois froze") == ["pdubois"]
    # after "username" a marked word is one even without a name in it
    assert _found("username: xq_7734") == ["xq_7734"]
    assert _found("user xq_7734 froze") == []


def test_an_english_word_after_a_word_that_starts_plain_phrases_is_no_login() -> None:
    # Word salad such as Faker's sentences ("Account truth determine tree section."):
    # "truth" is "t" + the surname "Ruth", "money" "m" + "Oney". Read as logins, each was
    # spread as an ID into every text holding the word, 522 times in one export.
    from anonymizers.detect.recognizers.usernames import usernames

    for text in ("Account truth determine tree section billion.",
                 "Room identify account money different spring kitchen.",
                 "The user strong signal dropped.", "Account glass broken."):  # fmt: skip
        assert usernames(text) == [], text
    # Logins are no English words, and a word only a user name follows still counts.
    for text, login in (("account jsmith locked", "jsmith"), ("user rsantos", "rsantos"),
                        ("username kfischer please", "kfischer")):  # fmt: skip
        assert [text[s:e] for s, e, *_ in usernames(text)] == [login]


def test_the_english_dictionary_comes_from_the_installed_model() -> None:
    from anonymizers.detect.lexicon import english_words

    words = english_words()
    assert len(words) > 50_000
    assert {"truth", "money", "strong", "glass"} <= words
    assert not {"jsmith", "rsantos", "kfischer"} & words


@pytest.mark.parametrize(
    ("text", "login"),
    [
        ("<jsmith> hi all\n<Agent> hello", "jsmith"),
        ("kfischer wrote:\n> the app crashes", "kfischer"),
        ("Reporter: mhansen\nStatus: open", "mhansen"),
        ("Anna Berg (aberg) reported it", "aberg"),
        ("créé par lmartin le 3 mai", "lmartin"),
        ("Skype: anna.berg82", "anna.berg82"),
        ("my instagram is mhansen_dk", "mhansen_dk"),
    ],
)
def test_logins_where_tools_write_them(text: str, login: str) -> None:
    from anonymizers.detect.recognizers.usernames import usernames

    assert [text[s:e] for s, e, *_ in usernames(text)] == [login]


@pytest.mark.parametrize(
    "text",
    [
        "The Big Lebowski (film) was",
        "Customer Care (support) said",
        "Version 2 (v2.3) released",
        # An emergency contact's relation: "partner" is no p + the surname Artner.
        "Ana Belén (partner) - +34901 72 26 14",
        "Reporter: the customer",
        "<b> bold</b>",
    ],
)
def test_brackets_and_fields_without_a_login(text: str) -> None:
    from anonymizers.detect.recognizers.usernames import usernames

    assert usernames(text) == []


@pytest.mark.parametrize(
    ("text", "login"),
    [
        ("WIP auth: tested on /home/umelin/src/auth/main.py", "umelin"),
        ("Reproduced on C:\\Users\\Anna.Berg\\AppData\\Local\\log.txt", "Anna.Berg"),
        ("open /Users/jdoe/Library/Logs", "jdoe"),
    ],
)
def test_the_login_of_a_home_folder_in_a_path(text: str, login: str) -> None:
    assert [text[s:e] for s, e, *_ in usernames(text)] == [login]


def test_machine_accounts_home_folders_are_no_logins() -> None:
    for text in ('File "/home/ubuntu/app.py"', "cd /home/runner/work", "see /home/ for details"):
        assert usernames(text) == [], text


@pytest.mark.parametrize(
    ("text", "login"),
    [
        ("I'm anna_berg on the forum, can you check?", "anna_berg"),
        ("ping maria84 about the refund", "maria84"),
        ("sent by lukas.w yesterday", "lukas.w"),
        ("j_smith shared the file", "j_smith"),
        ("berg.anna still cannot sign in", "berg.anna"),
        ("anna1990 posted the same question", "anna1990"),
    ],
)
def test_names_joined_as_only_logins_join_them_need_no_cue(text: str, login: str) -> None:
    assert _found(text) == [login]


@pytest.mark.parametrize(
    "text",
    [
        "set rose_gold as the colour",  # colours and adjectives, though listed names
        "the june2024 newsletter",  # a month
        "main.c fails to build; see mark.s",  # source files
        "use max_retries=3 and page_size=50",  # settings
        "e.g. this, i.e. that",
        "upgrade to windows10",
        "file maria.txt in paris.fr",
        "first_name and last_name are required",
        "write to martin.garcia@example.com",
        "see www.anna.berg.de",
    ],
)
def test_joined_words_that_are_no_names_stay(text: str) -> None:
    assert _found(text) == []
