"""Question reading found on round 26's scored sets (tuning data): a follow-up naming one of the programs a count listed,
and what was spent asked in English."""

from __future__ import annotations

import pytest

from qa.understand import understand
from tests.understand.asked import after


@pytest.mark.parametrize(("first", "then", "operation"), [
    # one of the programs a count listed, asked its budget: no count again
    ("こども家庭庁の事業は何件載ってますか", "その中の児童虐待防止対策費って予算いくら？", None),
    # a narrowing of a sum stays a sum
    ("防災関連の予算の合計は？", "そのうち「防災・減災」の分の予算は？", "sum"),
])
def test_a_follow_up_within_a_count_keeps_its_operation_only_when_it_asks_no_attribute(first, then, operation):
    assert after(first, then).operation == operation


@pytest.mark.parametrize("question", [
    "What was the execution rate of the subsidy to the Japanese Olympic Committee?",
    "How much of the budget was executed for the JOC subsidy?",
])
def test_what_was_spent_is_read_in_english(question):
    assert understand(question).attribute == "actuals" or "actuals" in understand(question).also
