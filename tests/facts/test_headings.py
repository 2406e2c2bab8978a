"""A heading named in the question's own words or by its number (「生活支援の柱（第３）」「検査体制の強化の項目」):
the area a count, a sum or a ranking ranges over."""

from __future__ import annotations

import pytest

from qa.facts.table import heading_named
from qa.ingest.normalize import key

HEADINGS = [key(h) for h in [
    "第１  検査体制の充実、感染拡大防止とワクチン・治療薬の開発",
    "第３  雇用調整助成金の抜本的拡充をはじめとする生活支援",
    "（１）ＰＣＲ等の検査体制のさらなる強化",
    "（１）雇用を守るための支援",
    "（２）生活の支援等",
    "【柱1】安心して子どもを産み育てられる汐見づくり",
    "【柱4】健康で安全・安心に暮らせる地域づくり",
]]


@pytest.mark.parametrize(("question", "heading"), [
    ("生活支援の柱（第３）には事業が何個並んでる？", "第３  雇用調整助成金の抜本的拡充をはじめとする生活支援"),
    ("PCRとか検査体制の強化の項目、全部足すとどのくらい？", "（１）ＰＣＲ等の検査体制のさらなる強化"),
    ("子育ての柱（柱1）の事業費って合計いくら？", "【柱1】安心して子どもを産み育てられる汐見づくり"),
    ("雇用を守る支援のなかで一番大きいのは？", "（１）雇用を守るための支援"),
    ("全部の事業を足すといくら？", None),
    ("支援の事業はいくつ？", None),  # 支援 is in several headings: none clearly named
])
def test_a_heading_is_named_by_its_words_or_number_and_clearly_more_than_any_other(question, heading):
    assert heading_named(key(question), HEADINGS) == (key(heading) if heading else None)


def test_kana_endings_shared_with_a_heading_do_not_name_it():
    assert heading_named(key("IT導入補助金とものづくり補助金の予算を合わせるといくら？"), [key("人づくり革命")]) is None


def test_a_short_heading_is_not_named_by_one_shared_bigram():
    assert heading_named(key("商工会への補助っていくら出してるの？"), [key("7款 商工費"), key("10款 教育費")]) is None
    assert heading_named(key("商工費の予算は？"), [key("7款 商工費"), key("10款 教育費")]) == key("7款 商工費")


def test_generic_words_name_a_total_row_but_not_a_category():
    rows = [key("合計（31事業）"), key("計")]
    assert heading_named(key("主要事業一覧の合計額はいくら？"), rows) == key("合計（31事業）")
    categories = [key("その他主要事業"), key("子育て支援の充実")]
    assert heading_named(key("令和2年度の主要事業のうち保健所の事業は何件？"), categories, generic=False) is None


@pytest.mark.parametrize(("question", "heading"), [
    ("輸送力強化で一番お金がかかってるのはどれ？", "陸海空輸送力の強化"),  # the の left out by the question
    ("陸海空の輸送力の強化で一番高いのは？", "陸海空輸送力の強化"),  # one more の than the heading
    ("燃料確保の予算は？", None),  # 「弾薬の確保」 shares only its ending
    ("宇宙領域の能力強化は合計いくら？", None),  # 「能力強化」 alone is any capability heading's ending
])
def test_a_heading_is_named_whether_or_not_the_question_writes_its_particle(question, heading):
    headings = [key("陸海空輸送力の強化"), key("弾薬の確保"), key("施設の強靱化"), key("警戒管制能力の強化")]
    assert heading_named(key(question), headings) == (key(heading) if heading else None)
