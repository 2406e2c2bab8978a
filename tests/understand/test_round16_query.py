"""What a question asks, found on round 15's tuning sets: the subsidy a user gets (「国の補助はありますか？いくらから
いくらまで出る？」) is no question of where the money comes from; 「国の補助はいくら入ってる？」 still is."""

from __future__ import annotations

import pytest

from qa.understand.query import understand


@pytest.mark.parametrize(("question", "attribute"), [
    ("ソフトを入れるときの国の補助はありますか？いくらからいくらくらいまで出るのか知りたいです。", "per_applicant"),
    ("そのソフトの補助っていくらくらいまで出る？", "per_applicant"),
    ("橋の修繕には国の補助はいくら入ってる？", "funding"),
])
def test_the_subsidy_a_user_gets_is_told_from_the_source_of_the_money(question, attribute):
    query = understand(question)
    asked = [query.attribute, *query.also]
    assert attribute in asked and (attribute == "funding" or "funding" not in asked), asked
