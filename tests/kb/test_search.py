"""Ranking by text similarity: stems, the title above the body, stop words
ignored, and suggestions only when close enough to interrupt someone."""

from __future__ import annotations

from tandem.kb import search


def _doc(pk: int, title: str, body: str) -> search.Candidate:
    return search.Candidate(
        pk, search.joined(search.terms(title)), search.joined(search.terms(body))
    )


DOCS = [
    _doc(1, "Printer shows offline", "Turn the printer off, wait, and turn it on again."),
    _doc(2, "Reset your EHR password", "Use the EHR sign-in page: Forgot password."),
    _doc(3, "Guest Wi-Fi", "The guest network is for patients; the printer is not on it."),
]


def test_stems_and_stop_words():
    assert search.terms("The printers are OFFLINE again!") == ["printer", "offlin"]
    assert search.terms("please help, it is not working") == []


def test_the_closest_article_comes_first_and_the_title_weighs_more():
    hits = search.rank("printer offline", DOCS, limit=5)
    assert [h.pk for h in hits] == [1, 3]
    assert hits[0].in_title
    assert hits[0].shared == 2
    assert hits[1].shared == 1
    assert hits[0].score > hits[1].score
    assert [h.pk for h in search.rank("resetting passwords", DOCS, limit=5)] == [2]


def test_nothing_shared_or_only_stop_words_finds_nothing():
    assert search.rank("fax machine", DOCS, limit=5) == []
    assert search.rank("it is not working", DOCS, limit=5) == []
    assert search.rank("printer", [], limit=5) == []


def test_a_suggestion_needs_the_title_and_two_shared_words():
    text = "Front desk printer says offline since this morning"
    hits = {h.pk: h for h in search.rank(text, DOCS, limit=5)}
    assert search.suggestible(hits[1], text)
    assert not search.suggestible(hits[3], text)  # "printer" only, and in its body
    # One word typed: one shared word in the title is enough.
    single = search.rank("password", DOCS, limit=5)
    assert [h.pk for h in single if search.suggestible(h, "password")] == [2]
