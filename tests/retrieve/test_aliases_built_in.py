"""The genre's common names are read for every corpus, a corpus's own aliases.tsv adding to them."""

from __future__ import annotations

import pytest

from qa.retrieve.aliases import expand, load_aliases


def test_a_corpus_without_an_aliases_file_still_reads_the_genres_common_names(tmp_path):
    pairs = dict(load_aliases(tmp_path))
    assert pairs["ものづくり補助金"] == "ものづくり・商業・サービス経営力向上支援事業"
    assert pairs["経産省"] == "経済産業省"


def test_a_corpus_aliases_file_adds_its_own_names_after_the_built_in_ones(tmp_path):
    (tmp_path / "aliases.tsv").write_text("# ours\n桜丘の給食\t学校給食費無償化事業\n経産省\t経済産業省\n", encoding="utf-8")
    pairs = load_aliases(tmp_path)
    assert ("桜丘の給食", "学校給食費無償化事業") in pairs
    assert pairs.count(("経産省", "経済産業省")) == 1  # each pair once


@pytest.mark.parametrize(("question", "appended"), [
    # a common name alone: its document wording
    ("経産省の事業は？", "経済産業省"),
    # glued into a longer name: that name in the document's wording, the longer of two common names read
    ("PAC-3MSE、03式中SAM（改善型）、基地防空用SAMを足すと？", "03式中距離地対空誘導弾(改善型) 基地防空用地対空誘導弾"),
    # a particle ends the word
    ("省エネ補助金はある？", "省エネルギー補助金"),
])
def test_a_common_name_is_appended_as_the_word_it_stands_in(tmp_path, question, appended):
    assert expand(question, load_aliases(tmp_path)) == f"{question} {appended}"
