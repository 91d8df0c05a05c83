"""Page addresses shared by many texts of a column are kept; a person's are not."""

from __future__ import annotations

from anonymizers.detect.shared_urls import drop_urls, shared_urls, url_key
from anonymizers.detect.spans import Span

HELP = "https://support.acme-tools.de/kb/artikel/4711-ruecksendung"


def _texts(url: str, n: int) -> list[str]:
    openers = (
        "Bonjour, voir {u} pour le retour.",
        "Hi there, the steps are at {u}.",
        "Hola, consulte {u} por favor.",
        "Guten Tag, siehe {u}.",
        "Hej, läs mer på {u}",
        "Ciao, trovi le istruzioni su {u} grazie.",
        "Olá, veja {u}, obrigado.",
    )
    return [openers[i % len(openers)].format(u=url) + f" (ticket {1000 + i})" for i in range(n)]


def test_a_help_page_many_texts_hold_is_shared_whatever_the_language():
    assert url_key(HELP) in shared_urls(_texts(HELP, 6))


def test_a_page_few_texts_hold_is_not_shared():
    assert shared_urls(_texts(HELP, 3)) == frozenset()


def test_repeated_identical_texts_count_once():
    assert shared_urls(_texts(HELP, 1) * 9) == frozenset()


def test_an_address_that_names_someone_is_never_shared():
    for url in (
        "https://www.linkedin.com/in/margaret-thompson",
        "https://thompson-farms.co.uk/contact",
        "https://crm.example.org/find?q=x&owner=1/jan@example.org",
    ):
        assert shared_urls(_texts(url, 8)) == frozenset(), url


def test_the_query_string_does_not_decide():
    url = "https://app.example-shop.com/settings/billing?tab=invoices&page=2"
    assert url_key(url) in shared_urls(_texts(url, 5))


def test_drop_urls_keeps_other_spans_and_works_per_column():
    texts = _texts(HELP, 6) + _texts(HELP, 2)
    groups = [("tickets", "body")] * 6 + [("notes", "text")] * 2
    found = []
    for t in texts:
        s = t.index(HELP)
        found.append(
            [Span(s, s + len(HELP), "URL", 0.95, "pattern"), Span(0, 2, "PERSON", 0.8, "ner")]
        )
    out = []  # as a run drops them: the shared pages of each column, in that column
    for group in dict.fromkeys(groups):
        idx = [i for i, g in enumerate(groups) if g == group]
        shared = shared_urls(texts[i] for i in idx)
        out += drop_urls([texts[i] for i in idx], [found[i] for i in idx], shared)
    assert all([sp.entity for sp in spans] == ["PERSON"] for spans in out[:6])
    # The second column holds the page twice only: there it stays a URL to replace.
    assert all("URL" in [sp.entity for sp in spans] for spans in out[6:])


def test_trailing_punctuation_is_not_part_of_the_key():
    assert url_key(HELP + ".") == url_key(HELP + ")") == HELP.lower()
