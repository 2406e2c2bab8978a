"""English words read in the Japanese the documents use (JMdict glossary)."""

from __future__ import annotations

import pytest

from qa.understand.glossary import dictionary_terms


@pytest.mark.parametrize(("question", "corpus", "expected"), [
    # A three-word phrase is its compound, though the hand glossary translates 「education」 on its own.
    ("What's the Board of Education's biggest program?", {"教育委員会", "教育"}, "教育委員会"),
    # A two-word phrase before its words.
    ("How much is spent on snow removal?", {"除雪", "雪"}, "除雪"),
])
def test_a_phrase_is_read_as_the_compound_the_documents_write(question, corpus, expected):
    terms = dictionary_terms(question, known=lambda w: w in corpus, skip=frozenset({"what", "how", "much"}),
                             known_phrase=lambda w: w in corpus)
    assert expected in terms


def test_a_phrase_the_documents_do_not_write_falls_back_to_its_words():
    terms = dictionary_terms("the board of education", known=lambda w: w == "教育", skip=frozenset(),
                             known_phrase=lambda w: False)
    assert "教育委員会" not in terms
