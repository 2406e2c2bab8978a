"""Everyday words for a need read as the genre's terms (data/everyday.toml), and what that does to retrieval: a
shop owner's situation finds the program whose document names the aim in its own words."""

from __future__ import annotations

import pytest

from qa.understand.needs import need_terms


@pytest.mark.parametrize(("question", "terms"), [
    ("うちは家族でやってる八百屋です。宣伝に使える支援ある？", ["小規模事業者", "販路開拓"]),
    ("工場の古い機械を新しく入れ替えたい", ["設備投資"]),
    ("パートさんの時給を上げたいんだけど", ["賃上げ"]),
    ("そろそろ息子に店を継がせたい", ["事業承継"]),
    ("電気代が高くて困ってる", ["省エネルギー"]),
    ("台風で倉庫が壊れた", ["被災"]),
    ("脱サラしてカフェを開きたい", ["創業"]),
    ("IT導入補助金の予算は？", []),  # the document's own words: nothing to add
])
def test_everyday_words_for_a_need_are_read_as_the_genres_terms(question, terms):
    found = need_terms(question)
    assert all(t in found for t in terms), found
    if not terms:
        assert found == []


@pytest.mark.parametrize(("question", "title"), [
    ("ちいさな八百屋です。チラシを配ってお客を増やしたいんだけど使える補助ある？", "小規模事業者支援パッケージ事業"),
    ("お店にレジと会計ソフトを入れたい。補助ある？", "サービス等生産性向上IT導入支援事業費"),
    ("ガソリンスタンドに停電のときでも使える発電機を置きたい", "石油製品安定供給確保支援事業"),
])
def test_a_need_in_everyday_words_finds_the_program_that_names_it_in_the_documents_terms(seed_service, question,
                                                                                           title):
    answerer = seed_service.answerer
    resolution = answerer.resolve(answerer.understand(question, []), "hybrid")
    assert answerer.programs[resolution.hits[0].program_id].title == title


def test_the_genres_terms_for_everyday_words_name_no_program(seed_service):
    answerer = seed_service.answerer
    question = "小さい店をやってます"
    assert "小規模事業者" in answerer.expanded(question)  # retrieval reads it
    assert "小規模事業者" not in answerer.naming_text(question)  # the name index does not
