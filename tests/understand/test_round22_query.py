"""What a question asks, found on round 22's sets after their scoring: 「全部でどれくらい？」 asks a sum (as 「全部でいくら？」
does) unless it goes on to say what is bought or for how long; the press's short names of ministries (「the Foreign
Ministry」) name the ministry as its full English name does."""

from __future__ import annotations

import pytest

from qa.understand.glossary import translate_terms
from qa.understand.needs import need_terms
from qa.understand.query import understand


@pytest.mark.parametrize(("question", "operation"), [
    ("宇宙領域の能力強化には全部でどれくらい？", "sum"),
    ("全部でどのくらいかかるの？", "sum"),
    ("全部でいくら？", "sum"),
    ("補助金の予算は全部で？", "sum"),  # the question ending on 「全部で」
    ("全部でどれくらい買うの？", None),  # a number of things bought, not a sum of budgets
    ("全部でどれくらいの人が使える？", None),
])
def test_all_together_how_much_asks_a_sum(question, operation):
    assert understand(question).operation == operation


@pytest.mark.parametrize(("question", "ministry"), [
    ("Among the Foreign Ministry programs in this list, which one had the largest budget?", "外務省"),
    ("How much does the Defense Ministry spend on satellites?", "防衛省"),
    ("Which Health Ministry program is the largest?", "厚生労働省"),
])
def test_a_ministry_named_by_its_short_english_name_is_that_ministry(question, ministry):
    assert ministry in translate_terms(question)


@pytest.mark.parametrize(("question", "mention"), [
    ("議員から「防災・減災」関連の事業の予算を合計するといくらになるか聞かれました。", "防災・減災"),
    ("この資料の「水素」関連の事業は？", "水素"),
    ("水素に関する事業はいくつ？", "水素"),
])
def test_a_mention_set_off_in_brackets_is_the_words_inside_them(question, mention):
    assert understand(question).mention == mention


@pytest.mark.parametrize(("question", "term"), [
    ("地震や大雨に備えて、園が止まらないための計画を作っておきたいんです", "BCP"),
    ("むすこに さかぐらを ゆずりたいんじゃが、つかえる ほじょきんは あるかいの", "事業承継"),
    ("うちの さけを がいこくに うりたいんじゃ", "海外展開"),
    ("ゆしゅつの てだすけお してくれる じぎょうは どれかの", "輸出"),
])
def test_a_need_said_in_everyday_words_or_kana_is_read_as_the_genres_term(question, term):
    assert term in need_terms(question)


@pytest.mark.parametrize(("question", "attribute"), [
    ("専門家に来てもらえるような事業はありますか？", None),  # a service done for them, no sum
    ("使い方を教えてもらえる？", None),
    ("補助金はいくらまでもらえますか？", "per_applicant"),
])
def test_a_service_done_for_someone_is_no_sum_they_get(question, attribute):
    assert understand(question).attribute == attribute
