"""User names (logins, handles) named as such: "my username is kfischer", "Benutzername:
tmueller", "logged in as hvogel", "ticket opened by user rsantos", "cc @mhansen".

A login identifies its person as well as an e-mail address does, and NER reads none: it
is one lower-case word. What gives it away is the word before it (``phrases/
username_cues.txt``, ten languages) or an ``@`` before it. A login is written in lower
case, and is no everyday word ("my login is blocked"). After a word that also starts
plain phrases ("user", "account", "utilisateur": "the user experience", "account
settings") it must have the shape of a person's login: an initial and a family name
("jsmith", "smithj", "jdevries"), a first name and digits ("maria84"), name parts joined
by a dot or an underscore ("anna_berg", "lukas.w"); and be no English word ("account
truth" is "t" + "Ruth": the model's own dictionary, ``lexicon.english_words``).
After a word that only ever announces a user name ("username", "Benutzername",
"identifiant") a word with a handle's marks (a digit, dot or underscore: "xq_7734") is
one too. Name parts are read from Faker's public
first and last names of every locale, written in ASCII as logins are ("Müller" → mueller
or muller). No list of real people is involved.

Tools also write logins with no word before them: a chat line's "<jdoe>", a quoted
post's "jdoe wrote:", a login in brackets after its owner's name ("Anna Berg (aberg)"),
and a home folder in a path ("/home/umelin/", "C:\\Users\\Anna.Berg\\"), whose owner's
login it is in any letter case (machine accounts such as "ubuntu" aside). A login that
joins a person's names with a mark prose never uses is one wherever it stands: two
names joined by an underscore or a dot ("anna_berg", "berg.anna"), a name and an
initial so joined ("lukas.w", "j_smith"), a name with two digits or a year ("maria84",
"anna1990"). Each name part is a listed name, no English verb or qualifier ("rose_gold"),
no month ("june2024") and no everyday word of our languages.

A user name is an ``ID``: its fake keeps its shape, as a transcript's handles do.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

from anonymizers.detect.date_guard import NAMED_MONTHS
from anonymizers.detect.languages import LANGUAGES, calendar_words, stop_words
from anonymizers.detect.lexicon import (
    NAME_PARTICLES,
    english_verbs_and_qualifiers,
    english_words,
    is_common_word,
    name_gazetteer,
)
from anonymizers.detect.phrases import phrase_halves, phrase_list
from anonymizers.detect.recognizers import RawSpan

ENTITY = "ID"
SCORE = 0.85
#: Words between the cue and the name: "is", "ist", "est", "es", "è", "é", "är", "er",
#: "to", "jest", "lautet", "was", "war", "era", "var".
_LINKS = r"(?:is|was|ist|war|lautet|est|était|es|era|è|é|är|var|er|to|jest)"
#: A handle's characters: a letter first, then letters, digits, dots, underscores or
#: hyphens, ending in a letter or digit.
_HANDLE = r"[A-Za-z][A-Za-z0-9._-]{1,30}[A-Za-z0-9]"
#: Accounts that are no person's.
_ROLES = frozenset(
    {
        *("admin", "administrator", "root", "guest", "test", "tester", "demo", "support"),
        *("helpdesk", "service", "system", "sysadmin", "operator", "user", "users"),
        *("anonymous", "nobody", "noreply", "info", "sales", "team", "default", "public"),
        *("here", "channel", "everyone", "all"),
    }
)
#: Letters logins write in ASCII: German umlauts either way, the rest by their base.
_SPELLED = {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "þ": "th"}
_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue"}
#: Particles a family name may start with, run in as logins write them ("jdevries"),
#: longest first.
_PARTICLES = tuple(sorted(NAME_PARTICLES, key=len, reverse=True))


def _ascii(word: str, umlauts: bool) -> str:
    if umlauts:
        word = "".join(_UMLAUTS.get(c, c) for c in word)
    word = "".join(_SPELLED.get(c, c) for c in word)
    plain = unicodedata.normalize("NFKD", word)
    return "".join(c for c in plain if not unicodedata.combining(c))


@cache
def _name_parts() -> frozenset[str]:
    """Faker's first and last names of three letters or more, as logins write them."""
    out: set[str] = set()
    for name in name_gazetteer():
        for umlauts in (False, True):
            folded = _ascii(name, umlauts).replace("-", "").replace("'", "")
            if folded.isascii() and folded.isalpha() and len(folded) >= 3:
                out.add(folded)
    return frozenset(out)


@cache
def _stop_words() -> frozenset[str]:
    """The everyday words of the cue languages ("not", "nicht", "pas", "no", "non"...), as
    ``languages.stop_words`` reads them (from the lists' files: importing a spaCy language
    would load its tokenizer tables too)."""
    return frozenset(w for lang in ("en", *LANGUAGES) for w in stop_words(lang))


def _is_name(word: str) -> bool:
    """A name part, or a Polish or Czech woman's form of one whose list holds the man's
    ("kowalska", "novakova")."""
    names = _name_parts()
    if word in names:
        return True
    if word.endswith(("ska", "cka", "zka")):
        return word[:-1] + "i" in names
    return word.endswith("ova") and word[:-3] in names


def _family_name(word: str) -> bool:
    """A family name of four letters or more, with its particles run in ("devries",
    "vanderberg")."""
    if len(word) >= 4 and _is_name(word):
        return True
    for particle in _PARTICLES:
        rest = word[len(particle) :]
        if word.startswith(particle) and len(rest) >= 4 and _family_name(rest):
            return True
    return False


def _name_shaped(handle: str) -> bool:
    """Whether ``handle`` is written like a person's login (see the module docstring).
    A family name after an initial, or a first name before one, has four letters or
    more, as has each of two names run together in a handle of under eight letters:
    shorter names are everyday words too often ("page" is p + "age", a Danish name)."""
    parts = [p for p in regex.split(r"[._-]", handle) if p]
    if len(parts) > 1:
        letters = [p.rstrip("0123456789") for p in parts]
        named = [p for p in letters if len(p) >= 3]
        return bool(named) and all(_is_name(p) for p in named) and all(letters)
    word = handle.rstrip("0123456789")
    if word != handle and len(word) >= 3 and _is_name(word):  # maria84
        return True
    # jsmith, smithj; an English word is that word ("partner" is no p + Artner: "Ana
    # Belén (partner)" names her emergency contact's relation, not a login)
    initial = _family_name(word[1:]) or _family_name(word[:-1])
    if len(word) >= 5 and initial and word not in english_words():
        return True
    # first and last name run together ("annaberg"); one of three letters only in a long
    # handle that is no English word ("hannahlee", "guyfoster"; "marriage" is no
    # "marri" + "age", and "page" no p + "age")
    shortest = 3 if len(word) >= 8 and word not in english_words() else 4
    return any(
        _is_name(word[:i]) and _is_name(word[i:]) for i in range(shortest, len(word) - shortest + 1)
    )


def _marked(handle: str) -> bool:
    """A digit, dot or underscore in a word of two letters or more: a handle's marks
    ("k.fischer", "xq_7734"), not a version ("v2.3"). A hyphen is no mark: it joins the
    words of plain names ("mobile-app", "two-factor")."""
    return bool(regex.search(r"[\d._]", handle)) and sum(c.isalpha() for c in handle) >= 2


def _everyday(handle: str) -> bool:
    low = handle.lower()
    return low in _stop_words() or is_common_word(low) or low in _ROLES


@cache
def _cued() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    pats = []
    for cues in phrase_halves("username_cues"):
        alt = "|".join(regex.escape(c) for c in sorted(set(cues), key=len, reverse=True))
        pats.append(
            regex.compile(
                rf"(?i)(?<![\w@.-])(?:{alt})(?![\w-])[ \t]*(?:[:=#]|\p{{Pd}})?[ \t]*"
                rf"(?:{_LINKS}[ \t]+)?[\"'‘’“”«`]?(?P<h>{_HANDLE})(?![\w@]|[.-]\w)",
                regex.V0,
            )
        )
    return pats[0], pats[1]


@cache
def _cue_stems() -> frozenset[str]:
    """The first four letters of each cue word: a text holding none of them (nor an ``@``)
    is passed over at a glance."""
    return frozenset(cue.casefold()[:4] for cue in phrase_list("username_cues") if cue != "---")


_MENTION = regex.compile(rf"(?<![\w@.+-])@(?P<h>{_HANDLE})(?![\w@]|[.-]\w)")

#: Where a tool writes a login with no word before it: a chat line's '<jdoe> hi', a quoted
#: post's 'jdoe wrote:', and a login in brackets after its owner's name ('Anna Berg
#: (aberg)'). The login must have a person's login's shape or a handle's marks.
_UNCUED = (
    regex.compile(rf"(?m)^[ \t]*<(?P<h>{_HANDLE})>[ \t]"),
    regex.compile(
        rf"(?m)^[ \t>]*(?P<h>{_HANDLE})[ \t]+(?:wrote|said|schrieb|a écrit|escribió|"
        r"ha scritto|schreef|escreveu|napisał|napisała|skrev)[ \t]*:"
    ),
    regex.compile(
        rf"\p{{Lu}}\p{{Ll}}+(?:[ \t]+\p{{Lu}}[\p{{L}}'’-]+){{1,2}}[ \t]*\((?P<h>{_HANDLE})\)"
    ),
)


#: A home folder in a path names its owner's login, in any letter case: '/home/umelin/',
#: '/Users/anna.berg/', 'C:\\Users\\Anna.Berg\\AppData'.
_HOME = regex.compile(
    r"(?:(?<![\w.])/home/|(?<![\w.])/Users/|\b[A-Za-z]:\\{1,2}Users\\{1,2})"
    r"(?P<h>\p{L}[\p{L}\p{N}._-]{0,38}[\p{L}\p{N}])(?=[/\\])"
)
#: Home folders of no person: machines' and tools' accounts, and the shared folders of
#: macOS and Windows ("/Users/Shared", "C:\\Users\\Public", "Default").
_SERVICE_HOMES = frozenset(
    {"ubuntu", "runner", "vagrant", "ec2-user", "centos", "debian", "pi", "jenkins",
     "gitlab-runner", "www-data", "app", "deploy", "build", "ci", "docker", "node", "postgres",
     "shared", "public", "default", "administrator"}
)  # fmt: skip


#: A lower-case word joining letters with an underscore or a dot, or ending in two digits
#: or a year: the shapes ``_joined_names`` reads.
_JOINED = regex.compile(
    r"(?<![\w@.+/\\:#-])(?P<h>[a-z]+(?:[._][a-z]+|(?:19|20)?\d\d))(?![\w@]|[.\-/\\:]\w)"
)
#: A single letter after a dot that names a source or object file ("main.c", "mark.s").
_EXTENSIONS = frozenset("chsoa")


def _plain_part(word: str) -> bool:
    return (
        _everyday(word)
        or word in english_verbs_and_qualifiers()
        or word in calendar_words()
        or word in NAMED_MONTHS
    )


def _joined_names(handle: str) -> bool:
    """Whether ``handle`` (a ``_JOINED`` match) joins a person's names as only logins do
    (see the module docstring)."""
    if handle[-1].isdigit():
        word = handle.rstrip("0123456789")
        return len(word) >= 4 and _is_name(word) and not _plain_part(word)
    dot = "." in handle
    first, second = regex.split(r"[._]", handle)
    if len(first) == 1 or len(second) == 1:
        name, letter = (second, first) if len(first) == 1 else (first, second)
        if dot and letter in _EXTENSIONS and len(second) == 1:
            return False
        return len(name) >= 4 and _is_name(name) and not _plain_part(name)
    return all(len(p) >= 3 and _is_name(p) and not _plain_part(p) for p in (first, second))


def _uncued(text: str) -> list[RawSpan]:
    out: list[RawSpan] = []
    if "Users" in text or "/home/" in text:
        for m in _HOME.finditer(text):
            h = m.group("h")
            if h.casefold() not in _SERVICE_HOMES and not _everyday(h):
                out.append((m.start("h"), m.end("h"), ENTITY, SCORE))
    # '<jdoe>', 'jdoe wrote:' and 'Anna Berg (aberg)' each need their mark: a text with
    # none is passed over at a glance.
    if any(mark in text for mark in "<:("):
        for rx in _UNCUED:
            for m in rx.finditer(text):
                h = m.group("h")
                if h.islower() and not _everyday(h) and (_name_shaped(h) or _marked(h)):
                    out.append((m.start("h"), m.end("h"), ENTITY, SCORE))
    for m in _JOINED.finditer(text):
        if _joined_names(m.group("h")):
            out.append((m.start("h"), m.end("h"), ENTITY, SCORE))
    return out


def usernames(text: str) -> list[RawSpan]:
    """User names after a user-name word, ``@`` mentions and logins where tools write
    them (see the module docstring and ``_UNCUED``)."""
    out: list[RawSpan] = _uncued(text)
    low = text.lower()
    if "@" not in text and not any(stem in low for stem in _cue_stems()):
        return out
    strong, weak = _cued()
    # A login is written in lower case: "Nick Hansen" or "Account Manager" is no handle.
    for pattern, loose in ((strong, True), (weak, False)):
        for m in pattern.finditer(text, overlapped=True):
            h = m.group("h")
            if not h.islower() or _everyday(h):
                continue
            if not loose and h in english_words():
                # "Account truth determine...": "t" + "Ruth" is login-shaped, but after a
                # word that also starts plain phrases an English word is that word.
                continue
            if _name_shaped(h) or (loose and _marked(h)):
                out.append((m.start("h"), m.end("h"), ENTITY, SCORE))
    if "@" in text:
        for m in _MENTION.finditer(text):
            h = m.group("h")
            if h.islower() and not _everyday(h) and sum(c.isalpha() for c in h) >= 3:
                out.append((m.start("h"), m.end("h"), ENTITY, SCORE))
    # "nome utente" and "utente" cue the same word; a cued login has a joined shape too
    return list(dict.fromkeys(out))
