"""How round 32's and 33's phrasings and the newcomer's are typed (tuning data: `scored-2026-12-07-s35`, `-s36`,
`/work/newuser37/REPORT.md`)."""

from __future__ import annotations

import pytest

from qa.understand.query import understand


@pytest.mark.parametrize(("question", "attribute", "operation"), [
    # a sum typed in kana
    ("ぜんぶたすといくらになる？", "budget", "sum"),
    ("全部足していくら？", "budget", "sum"),
    # what one person is paid: by the year, a sum that 「出る」
    ("新規就農者には年いくら交付される？", "per_applicant", None),
    ("遺族に出るお金って、いくら？", "per_applicant", None),
    ("日額はいくら？", "per_applicant", None),
    # what this year's budget sets aside for a multi-year contract
    ("今年度の支出予定は？", "budget", None),
    # still the budget
    ("新規就農者支援事業の予算は？", "budget", None),
])
def test_round33_phrasings_are_typed(question, attribute, operation):
    query = understand(question)
    assert (query.attribute, query.operation) == (attribute, operation)
