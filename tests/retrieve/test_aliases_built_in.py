"""The genre's common names are read for every corpus, a corpus's own aliases.tsv adding to them."""

from __future__ import annotations

from qa.retrieve.aliases import load_aliases


def test_a_corpus_without_an_aliases_file_still_reads_the_genres_common_names(tmp_path):
    pairs = dict(load_aliases(tmp_path))
    assert pairs["ものづくり補助金"] == "ものづくり・商業・サービス経営力向上支援事業"
    assert pairs["経産省"] == "経済産業省"


def test_a_corpus_aliases_file_adds_its_own_names_after_the_built_in_ones(tmp_path):
    (tmp_path / "aliases.tsv").write_text("# ours\n桜丘の給食\t学校給食費無償化事業\n経産省\t経済産業省\n", encoding="utf-8")
    pairs = load_aliases(tmp_path)
    assert ("桜丘の給食", "学校給食費無償化事業") in pairs
    assert pairs.count(("経産省", "経済産業省")) == 1  # each pair once
