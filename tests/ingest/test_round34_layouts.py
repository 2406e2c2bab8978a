"""Round 34's documents (tuning data since their scoring, `tests/fixtures/scored-2026-12-07-s37`): a town's
やさしい予算のあらまし, whose programs open on a bracketed heading (「【学校給食費の半額補助】（注目事業）」), run through a
few sentences and close on their amount (「予算額　4,520万円」), with Q&A bubbles under it."""

from __future__ import annotations

from qa.ingest.normalize import nfkc
from tests.conftest import FIXTURES
from tests.ingest.listed import listed_keys, read

BOOKLET = FIXTURES / "scored-2026-12-07-s37" / "layouts43" / "hibarino_r8_yasashii_yosan.txt"


def test_a_guides_programs_are_named_by_the_bracketed_heading_over_their_sentences():
    """Every program with a 予算額 line is read with its heading's name; the two the writer lists that have none (an
    amount inside a sentence, 「今年度は3,860万円を計上しました」; a program whose cost is in another's) are the only
    ones left, and no Q&A line (「💬 Q. だれが使えるの？」) names a program."""
    _, _, programs = read(BOOKLET)
    read_keys = {(nfkc(p.title), p.budget.yen) for p in programs if p.budget and p.kind == "program"}
    assert listed_keys(BOOKLET) - read_keys == {("第2子以降の保育料無料化", 38600000), ("病児保育", None)}
    assert not any("Q." in p.title for p in programs)
