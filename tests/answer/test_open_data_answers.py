"""Questions on two layouts written from descriptions (tests/fixtures/layouts/tables7): a city's open-data JSON export
read without a mapping (figures in 百万円 stated once in the metadata, a rate and a cap in a 補助率等 cell, 区分
markers, a phone column), a town's boxed PDF as text, each label alone over its value; and a city's records asked
which 部 runs a program."""

from __future__ import annotations

from pathlib import Path

import pytest

EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "layouts" / "tables7" / "kawanami-shi-r08-shuyo-jigyo.json"


# corpus name -> its files
CORPORA = {
    "export": [EXPORT],
    "boxed": [EXPORT.with_name("sakaki-cho-r7-yosangaiyo.txt")],
    "both": [EXPORT, EXPORT.with_name("sakaki-cho-r7-yosangaiyo.txt")],
    # 小樽市's 116 records of 令和２年度 主要事業 with a mapping (the round-3 fixture, tuning data)
    "otaru": sorted((EXPORT.parents[2] / "scored-2026-12-03-s6" / "otaru7").iterdir()),
}


@pytest.fixture(scope="module")
def services(corpus_service):
    """A service per corpus of CORPORA, built on first use."""
    built = {}

    def get(name: str):
        if name not in built:
            built[name] = corpus_service(name, {path.name: path for path in CORPORA[name]})
        return built[name]

    return get


@pytest.mark.parametrize(("corpus", "question", "needed"), [
    ("export", "産後ケア事業の予算は？", "245.6百万円"),
    ("export", "商店街のキャッシュレス化の補助率は？", "2/3"),  # the cell 「2/3 上限20万円」 under 「補助率等」
    ("export", "商店街のキャッシュレス化の補助の上限は？", "20万円"),
    ("export", "新規の事業は？", "学校体育館空調整備事業"),
    ("export", "今年度から新しく始まる事業は？", "学校体育館空調整備事業"),  # 新規 in everyday words
    ("export", "産後ケア事業の問い合わせ電話番号は？", "092-555-1201"),
    ("boxed", "こども医療費助成事業の予算はいくら？", "48,600,000円"),
    ("boxed", "トイレの洋式化の担当は？", "学校教育係"),
    ("boxed", "前年度から一番増えた事業は？", "こども医療費助成事業"),
    ("otaru", "除雪費はどこの部がやってるの？", "建設部"),  # a city's 部, asked as 「どこの部」
    ("boxed", "令和6年度のこども医療費助成事業の予算は？", "41,200,000円"),  # the 令和７年度 box's 前年度予算額
    # the export names its city only in its metadata (「データセット名」): 3 programs, not the 5 of both documents
    ("both", "川波市の事業はいくつありますか？", "3件"),
])
def test_programs_of_each_layout_are_answered_from_their_cells_and_lines(services, corpus, question, needed):
    answer = services(corpus).ask(question)
    assert not answer.abstained and needed in answer.answer, answer.answer
