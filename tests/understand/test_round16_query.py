"""What a question asks, found on round 15's tuning sets: the subsidy a user gets (「国の補助はありますか？いくらから
いくらまで出る？」) is no question of where the money comes from; 「国の補助はいくら入ってる？」 still is; a share aimed at
(「…割合はどれくらいを目指してるの？」) is the outcome target."""

from __future__ import annotations

import pytest

from qa.understand.query import understand


@pytest.mark.parametrize(("question", "attribute"), [
    ("ソフトを入れるときの国の補助はありますか？いくらからいくらくらいまで出るのか知りたいです。", "per_applicant"),
    ("そのソフトの補助っていくらくらいまで出る？", "per_applicant"),
    ("橋の修繕には国の補助はいくら入ってる？", "funding"),
    # a share aimed at is the outcome target, not the subsidy's rate
    ("販路開拓につながった割合はどれくらいを目指してるの？", "target"),
    # what was spent, said without 「に」, in hiragana, or beside the budget it is compared with
    ("ガバメントクラウドの事業って、2024年度に実際いくら使われたんですか？", "actuals"),
    ("孤独対策の予算って実際つかったのいくら？", "actuals"),
    ("その交付金、予算額と実際に執行された額の差はどれくらい？", "actuals"),
])
def test_the_subsidy_a_user_gets_is_told_from_the_source_of_the_money(question, attribute):
    query = understand(question)
    asked = [query.attribute, *query.also]
    assert asked[0] == attribute or (attribute == "funding" and attribute in asked), asked
    assert attribute == "funding" or "funding" not in asked, asked


@pytest.mark.parametrize(("question", "date_asked"), [
    ("ひとり親家庭の支援にはどれくらいついていますか？", False),  # くらい then つく: no 「いつ」
    ("その工事はいつ終わるの？", True),
    ("申請はいつまで？", True),
])
def test_when_is_asked_by_the_word_not_by_its_letters_inside_others(question, date_asked):
    from qa.answer.select import exactly_asked

    assert ("date" in exactly_asked(question)) == date_asked
