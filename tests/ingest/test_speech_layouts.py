"""Budget speeches (施政方針, 提案説明要旨, 町長説明): programs named inside sentences with their amounts, in kanji numerals,
full-width digits or 千円 (「…ため、出産・子育て応援給付事業費として１億８千万円を計上しております」), read by `prose_items`
through `qa.ingest.prose_names`. The tuning speech of forms21 (東雲川市) and two variants written for this reader
(tests/fixtures/forms21-variants: a governor's 提案説明要旨 with 第一/（一） headings, 「所要額として」「（１億４，５００万円）」
「予算額は…であります」「…に措置」; a town's Markdown 町長説明 with ■ headings and half-width figures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest.amounts import parse_yen
from qa.ingest.normalize import nfkc
from qa.ingest.parse import parse
from qa.ingest.prose_names import named_amounts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SPEECH = FIXTURES / "forms21" / "shinonomegawa_r8_shisei_houshin.txt"
GOVERNOR = FIXTURES / "forms21-variants" / "aomine_r8_teian_setsumei.txt"
TOWN = FIXTURES / "forms21-variants" / "kitamaki_r8_yosan_hensei_setsumei.txt"


def _listed(path: Path) -> list[tuple[str, int | None]]:
    """The writer's programs of one document: (title NFKC without spaces, yen)."""
    rows = [json.loads(line) for line in (path.parent / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]
    return [(nfkc(r["title"]).replace(" ", ""), parse_yen(r["budget"])) for r in rows if r["document"] == path.stem]


def _read(path: Path) -> tuple[str, list[tuple[str, int | None]]]:
    (doc,), programs = parse(path)
    return doc.layout, [(nfkc(p.title).replace(" ", ""), p.budget.yen if p.budget else None)
                        for p in programs if p.kind == "program"]


@pytest.mark.parametrize(("path", "count"), [(SPEECH, 21), (GOVERNOR, 13), (TOWN, 8)])
def test_every_program_a_speech_names_is_read_with_its_exact_title_and_yen_and_nothing_else(path, count):
    layout, read = _read(path)
    assert layout == "prose_items"
    assert len(_listed(path)) == count
    assert sorted(read) == sorted(_listed(path))  # no amount of the prose (上限, 一人当たり, 基金から) becomes a program


@pytest.mark.parametrize("path", [SPEECH, GOVERNOR])
def test_a_speech_wrapped_at_the_page_width_reads_the_same_programs(tmp_path, path):
    """PDF text cuts every line at the page's width, names included (「…応援給付事業\\n費として」)."""
    lines = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        lines += [line[i:i + 38] for i in range(0, len(line), 38)] if len(line) > 38 else [line]
    wrapped = tmp_path / path.name
    wrapped.write_text("\n".join(lines), encoding="utf-8")
    _, read = _read(wrapped)
    assert sorted(read) == sorted(_listed(path))


@pytest.mark.parametrize(("path", "title", "said", "category"), [
    # the conditions said after the amount, in the program's sentence or the one after it, are the program's
    (SPEECH, "中小企業設備投資促進補助金", "補助率２分の１、上限５００万円", "地域経済の活性化と稼ぐ力の強化"),
    (SPEECH, "不登校児童生徒支援事業費", "月額１万円を上限", "未来を切り拓く教育の充実"),
    (SPEECH, "高齢者補聴器購入助成事業", "６５歳以上で住民税非課税の方を対象に", "誰もが安心して暮らせる健康・福祉"),
    (SPEECH, "商店街にぎわい再生事業", "最大２００万円を補助", "地域経済の活性化と稼ぐ力の強化"),
    (GOVERNOR, "こどもの居場所づくり支援事業", "補助率三分の二、一か所当たり上限百五十万円", "人口減少に立ち向かう少子化対策"),
    (TOWN, "新規就農者支援事業", "月額10万円を上限に", "産業・観光"),
])
def test_a_programs_text_is_its_sentences_so_its_conditions_are_its_own(path, title, said, category):
    (doc,), programs = parse(path)
    program = next(p for p in programs if nfkc(p.title) == nfkc(title))
    assert said in doc.text[program.start:program.end]
    assert program.category == category
    others = [p for p in programs if p.kind == "program" and said in doc.text[p.start:p.end]]
    assert all(doc.text[p.start:p.end] == doc.text[program.start:program.end] for p in others)  # one sentence's pair


def test_a_program_of_the_next_sentence_does_not_take_the_one_before():
    (doc,), programs = parse(SPEECH)
    solar = next(p for p in programs if p.title == "住宅用太陽光・蓄電池設置補助事業")
    assert "上限２０万円" in doc.text[solar.start:solar.end] and "市道橋りょう" not in doc.text[solar.start:solar.end]


@pytest.mark.parametrize(("path", "title", "yen", "compared", "change"), [
    (SPEECH, "一般会計", 68_240_000_000, "前年度比３．２％の増", None),
    (SPEECH, "特別会計", 29_865_000_000, "前年度比１．１％の減", None),
    (SPEECH, "合計", 109_625_000_000, "前年度比１．７％の増", None),  # 「全会計の総額は…」
    (GOVERNOR, "一般会計", 742_000_000_000, "前年度当初予算と比べ百五十六億円、二・一パーセントの増", 15_600_000_000),
    (GOVERNOR, "公営企業会計", 68_500_000_000, None, None),
    (TOWN, "特別会計", 1_812_000_000, "前年度比0.9%の減", None),  # 「国民健康保険特別会計など4つの特別会計の合計は」
])
def test_the_account_sizes_a_speech_states_are_its_totals_with_last_years_comparison(path, title, yen, compared,
                                                                                      change):
    (doc,), programs = parse(path)
    total = next(p for p in programs if p.kind == "total" and p.title == title)
    assert total.budget.yen == yen
    section = total.section("前年度比")
    assert (doc.text[section.start:section.end] if section else None) == compared
    assert (total.budget.change.yen if total.budget.change else None) == change


@pytest.mark.parametrize(("written", "yen"), [
    ("二億五千万円", 250_000_000), ("千二百万円", 12_000_000), ("八千五百万円", 85_000_000), ("１億８千万円", 180_000_000),
    ("二億千四百万円", 214_000_000), ("三億八百万円", 308_000_000), ("十二億五千万円", 1_250_000_000),
    ("１，２５０百万円", 1_250_000_000), ("4,350万円", 43_500_000), ("６８２億４，０００万円", 68_240_000_000),
])
def test_amounts_in_kanji_numerals_and_mixed_styles_are_read_exactly(written, yen):
    assert parse_yen(written) == yen


@pytest.mark.parametrize(("sentence", "named"), [
    # a verb before the name ends it
    ("端末の更新を行う小中学校ＩＣＴ端末更新事業に２億４千万円を計上。", [("小中学校ICT端末更新事業", 240_000_000)]),
    # a verb's stem inside a compound does not (見守り)
    ("家族を支える認知症見守りネットワーク事業に3,200千円を計上。", [("認知症見守りネットワーク事業", 3_200_000)]),
    # a possessor before の is no part of the name; a short word is (こどもの…, 道の駅…)
    ("本市の移住定住促進事業に二千万円を計上。", [("移住定住促進事業", 20_000_000)]),
    ("設備を更新する道の駅リニューアル事業に2億円を計上。", [("道の駅リニューアル事業", 200_000_000)]),
    # a label's amount goes to the program named before it
    ("新規就農者支援事業を拡充し、所要額1,540万円を計上。", [("新規就農者支援事業", 15_400_000)]),
    ("ドクターヘリ運航事業について、予算額は三億八百万円であります。", [("ドクターヘリ運航事業", 308_000_000)]),
    ("橋梁補強事業の所要額として二億円を計上。", [("橋梁補強事業", 200_000_000)]),
    ("応援給付金を支給することとし、その経費として一億二千万円を計上。", [("応援給付金", 120_000_000)]),
    ("デジタル化推進事業として、総額二億円を計上しました。", [("デジタル化推進事業", 200_000_000)]),
    ("県単独の農業振興事業に一億円を措置。", [("農業振興事業", 100_000_000)]),
    ("物価高騰対策の学校給食費支援事業に一億円を計上。", [("学校給食費支援事業", 100_000_000)]),
    # a name in corner brackets: alone, its inside; before a head word, with them
    ("「しののめ子育てパスポート」に５００万円を計上。", [("しののめ子育てパスポート", 5_000_000)]),
    ("「青峰まるごと観光キャンペーン」推進事業に二億円を計上。", [("「青峰まるごと観光キャンペーン」推進事業", 200_000_000)]),
    # the amount in parentheses after the name; the name's own parenthesis kept
    ("若者定住促進補助金（3,000万円）を新たに設けます。", [("若者定住促進補助金", 30_000_000)]),
    ("地域公共交通運行事業（デマンドタクシー）に７，３００万円を計上。", [("地域公共交通運行事業(デマンドタクシー)", 73_000_000)]),
    # two programs in one sentence
    ("創業支援事業に２，５００万円、商店街再生事業に１，８００万円を計上。",
     [("創業支援事業", 25_000_000), ("商店街再生事業", 18_000_000)]),
    # the amount said apart from the name, before it or after it
    ("負担を軽減するため、新たに第二子保育料無償化事業を実施し、二億円を計上しました。", [("第二子保育料無償化事業", 200_000_000)]),
    ("防災力を高めるため、二億円を防災行政無線更新事業に計上しました。", [("防災行政無線更新事業", 200_000_000)]),
    # a long name ending in what is done names a program; a short one names an aim
    ("熱中症対策として、小中学校体育館空調設備整備に４億２千万円を計上。", [("小中学校体育館空調設備整備", 420_000_000)]),
    ("子育て支援の充実に二億円を計上しました。", []),
    # figures that are no program's budget
    ("学校給食費を無償化するため、一億円を計上しました。", []),  # a cost, not a program, and no label ties them
    ("補助率２分の１、上限５００万円で支援いたします。", []),
    ("財政調整基金から１８億円を繰り入れることといたしました。", []),
    ("市内の中小企業者に１０万円を給付します。", []),  # 事業者 is no program's head word
    ("防災事業などに５億円を計上。", []),  # a sum of several programs
    ("防犯事業や防災事業に合わせて２億円を計上。", []),
    ("一般会計が６８２億円で、全会計の総額は１，０９６億円となりました。", []),  # accounts: totals, not programs
    ("観光振興事業に２億円の経済効果があると試算しています。", []),  # nothing says it is budgeted
])
def test_a_name_in_a_sentence_is_read_from_its_grammar(sentence, named):
    text = nfkc(sentence)
    got = [(text[n.name_start:n.name_end], n.yen) for n in named_amounts(text)]
    assert got == named


@pytest.mark.parametrize(("path", "title", "kind"), [
    # the session a speech was given at heads it (「令和八年二月定例県議会」): the title is the line under it, and the
    # budget's kind is read from the lines that name the budget, not from the session's line
    (Path(__file__).resolve().parents[1] / "fixtures" / "forms21-variants" / "aomine_r8_teian_setsumei.txt",
     "知事提案説明要旨", None),
    (Path(__file__).resolve().parents[1] / "fixtures" / "scored-2026-12-05-s20" / "layouts21"
     / "hokuryo_pref_r9_teian_yoshi.txt", "令和９年度当初予算案　提案説明要旨", "当初"),
])
def test_a_speech_under_its_sessions_line_is_titled_by_the_line_below(path, title, kind):
    from qa.ingest.parse import parse

    docs, programs = parse(path)
    assert docs[0].title == title
    if kind is not None:
        assert programs and programs[0].budget is not None and programs[0].budget.budget_kind == kind
