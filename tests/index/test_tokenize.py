"""fugashi tokenisation for BM25: lemmas of content words, numbers and Latin words kept."""

from __future__ import annotations

import pytest

from qa.index.tokenize import tokenize


@pytest.mark.parametrize(("text", "expected"), [
    ("IT導入補助金の補助率は？", ["it", "導入", "補助", "金", "補助", "率"]),
    ("ＡＩチップ開発", ["ai", "チップ", "開発"]),
    ("補助上限額：1,000万円", ["補助", "上限", "額", "1000", "万", "円"]),
    ("ガソリンスタンドの災害対策", ["ガソリン", "スタンド", "災害", "対策"]),
    ("支援はある？", ["支援", "有る"]),
    ("BCP策定", ["bcp", "策定"]),
])
def test_tokens_are_lemmas_of_content_words(text, expected):
    assert tokenize(text) == expected


def test_particles_and_symbols_are_dropped():
    assert not {"の", "は", "を", "、", "。", "？"} & set(tokenize("事業の目的は、何を支援することですか？"))


def test_full_and_half_width_give_the_same_tokens():
    assert tokenize("ＢＣＰ策定支援１０件") == tokenize("BCP策定支援10件")
