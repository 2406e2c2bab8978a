"""A cover that sets the year, the publisher's budget and what the paper is on three lines (「令和８年度」 /
「桐ヶ沢町一般会計予算」 / 「事業別予算説明書」) is titled by all three: 「説明書の中で一番大きいのは？」 names the paper
(round 25's tuning; nine papers of seven writers had lost their third line)."""

from __future__ import annotations

import pytest

from qa.ingest import parse
from tests.conftest import FIXTURES


@pytest.mark.parametrize(("path", "title"), [
    ("scored-2026-12-06-s28/layouts29/kirigasawa_r08_jigyobetsu.txt", "令和８年度 桐ヶ沢町一般会計予算 事業別予算説明書"),
    ("scored-2026-12-04-s14/layouts15/masagogawa-r8-meisai.txt", "令和８年度 真砂川町一般会計予算 歳入歳出予算事項別明細書"),
    ("scored-2026-12-03-s2/layouts/chisan-r08-gaisan.txt", "令和８年度 地域産業振興省 概算要求の概要"),
    # a cover of two lines keeps two (the line under it opens the text)
    ("newuser30/r8-narumisawa-tousho-yosan-gaiyou.txt", "令和８年度　鳴海沢町当初予算の概要"),
])
def test_a_covers_title_lines_are_the_documents_title(path: str, title: str) -> None:
    docs, _ = parse(FIXTURES / path)
    assert docs[0].title == title
