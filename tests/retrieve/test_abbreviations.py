"""Abbreviations read back into the one title they stand for: the first character of each kanji word (雇調金), the
first two kana of each katakana word (アセマネ); a word the titles hold, or one that fits two titles, is left alone."""

from __future__ import annotations

import pytest

from qa.ingest.normalize import key
from qa.retrieve.abbreviations import Abbreviations, katakana_compounds

TITLES = ["雇用調整助成金の抜本的拡充", "アセットマネジメントの推進", "雇用保険制度の見直し", "雇用調査事業",
          "地域公共交通確保維持事業", "パーソナルコンピュータ購入事業", "第７４回国民体育大会推進事業",
          "金融機関利子補給事業"]


@pytest.mark.parametrize(("question", "titles"), [
    ("雇調金の拡充って、二次補正でいくら積んだの？", ["雇用調整助成金の抜本的拡充"]),
    ("アセマネの予算っていくら？", ["アセットマネジメントの推進"]),
    ("パソコンの購入費は？", ["パーソナルコンピュータ購入事業"]),
    ("雇用の予算は？", []),  # a word of the titles, not an abbreviation
    ("地域公共交通の予算は？", []),
    ("国体の推進事業の予算おしえて", ["第７４回国民体育大会推進事業"]),  # two words side by side, inside the title
    ("金利はいくら？", []),  # 金融・機関・利子: two kanji of words apart are an ordinary word
])
def test_an_abbreviation_stands_for_exactly_one_title(question, titles):
    assert Abbreviations(TITLES).expand(question) == titles


def test_an_abbreviation_that_fits_two_titles_stands_for_neither():
    titles = ["雇用調整助成金の抜本的拡充", "雇用調査補助金"]
    assert Abbreviations(titles).expand("雇調金はいくら？") == []


# Program text (not titles) that writes katakana compounds, as documents of the genre do.
TEXTS = [key("災害時に地域の燃料供給拠点となるガソリンスタンドへの自家発電機の導入を支援する。"
             "商店街のパーソナルコンピュータ導入を支援。スマートフォン向けアプリを開発。"),
         key("センターの改修。スーパーの誘致。")]


@pytest.mark.parametrize(("question", "compounds"), [
    ("ガソスタ向けの支援ってある？", {"ガソスタ": "ガソリンスタンド"}),
    ("パソコンの導入の支援は？", {"パソコン": "パーソナルコンピュータ"}),  # a long vowel inside a piece (パー)
    ("ガソリンスタンドの支援", {}),  # written as the documents write it
    ("スマホの予算", {}),  # three kana: no two-kana pieces to read
])
def test_a_katakana_clipping_is_read_back_into_the_compound_a_programs_text_writes(question, compounds):
    assert katakana_compounds(question, TEXTS) == compounds


def test_a_clipping_of_two_compounds_is_left_as_typed():
    texts = [key("ガソリンスタンドとガソリンスタッフ")]
    assert katakana_compounds("ガソスタの支援", texts) == {}
