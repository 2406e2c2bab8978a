"""Abbreviations read back into the one title they stand for: the first character of each kanji word (雇調金), the
first two kana of each katakana word (アセマネ); a word the titles hold, or one that fits two titles, is left alone."""

from __future__ import annotations

import pytest

from qa.retrieve.abbreviations import Abbreviations

TITLES = ["雇用調整助成金の抜本的拡充", "アセットマネジメントの推進", "雇用保険制度の見直し", "雇用調査事業",
          "地域公共交通確保維持事業", "パーソナルコンピュータ購入事業"]


@pytest.mark.parametrize(("question", "titles"), [
    ("雇調金の拡充って、二次補正でいくら積んだの？", ["雇用調整助成金の抜本的拡充"]),
    ("アセマネの予算っていくら？", ["アセットマネジメントの推進"]),
    ("パソコンの購入費は？", ["パーソナルコンピュータ購入事業"]),
    ("雇用の予算は？", []),  # a word of the titles, not an abbreviation
    ("地域公共交通の予算は？", []),
])
def test_an_abbreviation_stands_for_exactly_one_title(question, titles):
    assert Abbreviations(TITLES).expand(question) == titles


def test_an_abbreviation_that_fits_two_titles_stands_for_neither():
    titles = ["雇用調整助成金の抜本的拡充", "雇用調査補助金"]
    assert Abbreviations(titles).expand("雇調金はいくら？") == []
