"""Counters typed in kana, and the difference of two named programs asked by 「より…いくら多い」."""

from __future__ import annotations

import pytest

from qa.understand.query import understand


@pytest.mark.parametrize(("question", "text_has", "script"), [
    ("ふれあいぱすって なんさいから もらえるの", "何歳から", "kana"),
    ("たくしーけん なんきゅう まで", "何級 まで", "kana"),
    ("ねんなんかい ふりこまれる?", "ねん何回", "kana"),
    ("なんにんぶん よやくできる", "何人分", "kana"),
    ("なんかいいのある？", "なんかいいのある", "kana"),  # 何かいい, no counter
    ("事業はなんこうに配るの", "何校に", "ja"),
    # a verb the count is asked with, after the counter (round 15's tuning sets)
    ("しょうかいかんってなんせきつくるの", "何隻つくる", "kana"),
    ("しえんいんは なんにんいるの", "何人いる", "kana"),
])
def test_a_counter_typed_in_kana_is_read_as_written_in_kanji(question, text_has, script):
    query = understand(question)
    assert text_has in query.text and query.script == script


@pytest.mark.parametrize("question", [
    "雇用調整助成金は、産業雇用安定助成金より予算がいくら多いですか？",
    "AはBよりどれくらい少ないの？",
    "How much more is the budget of A than B?",
])
def test_how_much_more_one_program_is_than_another_is_a_comparison(question):
    assert understand(question).operation == "compare"


@pytest.mark.parametrize(("question", "expected"), [
    ("事業場内最低賃金を50円以上上げる小規模事業者なら補助率は？", None),  # an amount raised, not which programs
    ("10万円以上もらえる補助はある？", None),
    ("100億円以上の事業は？", ">="),
    ("予算が1億円を超える事業はいくつ？", ">"),
])
def test_an_amount_a_verb_acts_on_is_no_condition_on_programs(question, expected):
    found = understand(question).amount
    assert (found.op if found else None) == expected


@pytest.mark.parametrize(("question", "attribute"), [
    ("それは今使っているどの小銃の後継ですか？", None),  # which thing: a detail, not the count asked before
    ("除染車はどの部隊に配備されるものですか。", None),  # 部隊 is no office (部)
    ("どの部署の担当？", "contact"),
    ("それはどの位かかる？", "quantity"),  # どの位 asks the figure kept from before
    ("その中で、新しく定期接種になるワクチンは何？", None),  # 「…は何？」 asks a thing
    ("それ以外に、前の年から変わって無くなった支援は何？", None),  # a thing that changed, not the budget's change
    ("その補助率は何？", "rate"),
])
def test_which_thing_named_by_a_noun_asks_a_detail_not_the_figure_asked_before(question, attribute):
    from qa.understand import Turn

    history = [Turn("user", "新しい小銃は何丁調達する予定ですか。"), Turn("assistant", "8,577丁です。")]
    assert understand(question, history).attribute == attribute
