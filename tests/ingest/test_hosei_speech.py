"""A mayor's 補正予算 提案理由説明 as a council's minutes record it: each program announced in a sentence of its own (「1点目
は、○○事業でございます。」「次に、○○補助金でございます。」) and priced a sentence or a paragraph later (「…2,900万円を計上い
たしました。」「補正額は…でございます。」), read by `prose_items` through `qa.ingest.prose_names`; the 補正 per account as
totals; 債務負担行為, 繰越明許費 and 地方債 figures no program's. The scored instance (layouts28, 桐ヶ丘市) and two variants
written for this reader (tests/fixtures/layouts28-variants: a city's 12月補正 in full-width digits with costs titled by
their work, a town's 6月補正 going 款 by 款 with kanji numerals)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest.normalize import nfkc
from qa.ingest.parse import parse
from qa.ingest.prose_names import named_amounts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KIRIGAOKA = FIXTURES / "scored-2026-12-06-s27" / "layouts28" / "kirigaoka_r08_hosei.txt"
MINAMINO = FIXTURES / "layouts28-variants" / "minaminoshi_r08_12gatsu_hosei_teian.txt"
AOBASAWA = FIXTURES / "layouts28-variants" / "aobasawa_r08_6gatsu_hosei_setsumei.txt"


def _listed(path: Path) -> list[tuple[str, int]]:
    """The writer's programs of one document: (title NFKC without spaces, yen)."""
    rows = [json.loads(line) for line in (path.parent / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]
    return [(nfkc(r["title"]).replace(" ", ""), r["yen"]) for r in rows if r["document"] == path.name]


def _programs(path: Path):
    (doc,), programs = parse(path)
    return doc, programs


@pytest.mark.parametrize(("path", "count"), [(KIRIGAOKA, 15), (MINAMINO, 6), (AOBASAWA, 8)])
def test_every_program_the_speech_prices_is_read_with_its_title_and_yen_and_nothing_else(path, count):
    doc, programs = _programs(path)
    assert doc.layout == "prose_items"
    read = [(nfkc(p.title).replace(" ", ""), p.budget.yen) for p in programs if p.kind == "program"]
    assert len(_listed(path)) == count
    # (no 単価, 上限, 財源, 限度額 or 繰越額 becomes a program; 財政調整基金積立金 is put in a fund, budgeted by no verb)
    assert sorted(read) == sorted(_listed(path))


@pytest.mark.parametrize("path", [KIRIGAOKA, MINAMINO, AOBASAWA])
def test_a_speech_rewrapped_at_another_page_width_reads_the_same_programs(tmp_path, path):
    """Minutes printed at another width (38 characters) cut names, amounts and 「…を\n計上」 elsewhere."""
    paragraphs: list[str] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith(("\u3000", "○", "〇")) or not paragraphs or not paragraphs[-1]:
            paragraphs.append(line)
        else:
            paragraphs[-1] += line
    lines = [p[i:i + 38] for p in paragraphs for i in range(0, max(len(p), 1), 38)]
    wrapped = tmp_path / path.name
    wrapped.write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "PROGRAMS.jsonl").write_text((path.parent / "PROGRAMS.jsonl").read_text(encoding="utf-8"),
                                             encoding="utf-8")
    _, programs = _programs(wrapped)
    read = [(nfkc(p.title).replace(" ", ""), p.budget.yen) for p in programs if p.kind == "program"]
    assert sorted(read) == sorted(_listed(path))


@pytest.mark.parametrize(("path", "title", "yen", "label"), [
    (KIRIGAOKA, "一般会計", 1_927_409_000, "補正額"),
    (KIRIGAOKA, "一般会計（補正後）", 53_171_209_000, "補正後の予算総額"),
    (KIRIGAOKA, "国民健康保険特別会計", 84_300_000, "補正額"),  # the bill's account, its city and year taken off
    (KIRIGAOKA, "介護保険特別会計（補正後）", 12_303_900_000, "補正後の予算総額"),
    (MINAMINO, "一般会計（補正後）", 41_259_082_000, "補正後の予算総額"),  # 「歳入歳出予算の総額を歳入歳出それぞれ…とする」
    (MINAMINO, "国民健康保険特別会計", -32_500_000, "補正額"),  # 「…を減額し」
    (AOBASAWA, "一般会計", 187_426_000, "補正額"),
])
def test_the_amendment_of_each_account_and_its_size_after_are_totals(path, title, yen, label):
    _, programs = _programs(path)
    total = next(p for p in programs if nfkc(p.title) == nfkc(title))
    assert total.kind == "total"
    assert (total.budget.yen, total.budget.label) == (yen, label)


@pytest.mark.parametrize(("path", "title", "said", "not_said", "category"), [
    # the sentences after the announcement, over several paragraphs, are the program's: its 対象, 単価 and 財源
    (KIRIGAOKA, "物価高騰対策低所得世帯支援給付金給付事業", "専用のコールセンターを設置", "学校給食費", "物価高騰対策"),
    (KIRIGAOKA, "災害廃棄物処理事業", "補助率は2分の1", "被災住宅", "7月豪雨に係る災害復旧"),
    (KIRIGAOKA, "農業者物価高騰対策支援事業", "JAを通じて申請", "以上、物価高騰対策の6事業", "物価高騰対策"),
    (KIRIGAOKA, "ふるさと納税推進事業", "ふるさと応援基金に積み立てる", "財政調整基金", "その他の主な補正"),
    (MINAMINO, "子育て世帯物価高騰対策応援給付金", "重点支援地方交付金を充当", "保育所", "歳出の主なもの"),
    # a paragraph budgeting a figure of its own (「また、…人件費につきましては、…を計上」) is no longer the program's
    (MINAMINO, "東部地区公民館トイレ洋式化事業", "和式便器１４基", "人件費", "物価高騰対策以外の主な補正"),
    (AOBASAWA, "有害鳥獣被害防止対策事業", "上限は1戸当たり10万円", "畜産農家", "農林水産業費"),
])
def test_a_programs_text_runs_from_its_announcement_to_the_next_turn(path, title, said, not_said, category):
    doc, programs = _programs(path)
    program = next(p for p in programs if p.kind == "program" and p.title == title)
    text = doc.text[program.start:program.end]
    assert said in text and not_said not in text
    assert program.category == category


@pytest.mark.parametrize(("path", "aside"), [
    (KIRIGAOKA, "限度額を4億8,000万円"), (KIRIGAOKA, "8,200万円を、それぞれ翌年度に繰り越して"),
    (MINAMINO, "限度額２億６，４００万円"), (AOBASAWA, "限度額9,600万円"),
])
def test_commitments_and_carried_sums_are_no_programs_budget(path, aside):
    doc, programs = _programs(path)
    at = doc.text.index(aside)
    assert not any(p.budget and p.budget.start is not None and p.budget.start <= at < p.budget.end + len(aside)
                   for p in programs)
    assert not any(p.kind == "program" and p.start <= at < p.end for p in programs)


@pytest.mark.parametrize(("paragraph", "named"), [
    # announced, then priced in a later sentence, whatever the verb (計上, 追加, 増額) or label (補正額は)
    ("2点目は、学校給食費支援事業でございます。児童1人当たり月額450円を負担するもので、3,105万9千円を計上いたしました。",
     [("学校給食費支援事業", 31_059_000)]),
    ("移住促進事業でございます。申請が見込みを上回りましたことから、12件分の1,200万円を追加するものでございます。",
     [("移住促進事業", 12_000_000)]),
    ("次に、障害者自立支援給付費でございます。扶助費を増額するもので、補正額は9,160万円でございます。",
     [("障害者自立支援給付費", 91_600_000)]),
    # a cost announced by its work is titled so; an expense class in its sentence (工事費) is no name
    ("次に、体育館の空調設置に要する経費でございます。工事費として1億円を計上いたしました。",
     [("体育館の空調設置に要する経費", 100_000_000)]),
    # the first figure budgeted is the program's; 単価, 上限 and the later 財源 are its details
    ("次に、支援金事業でございます。1事業者当たり10万円を支給するもので、1億円を計上しております。国庫補助金として"
     "5,000万円を見込んでおります。", [("支援金事業", 100_000_000)]),
    # a sum of its parts (給付費と事務費をあわせて) is the announced program's
    ("1点目は、給付金給付事業でございます。給付費と事務費をあわせて2億円を計上いたしました。", [("給付金給付事業", 200_000_000)]),
    # a 款 announced is a part of the speech, no program: a figure under it alone names nothing
    ("次に、民生費であります。高齢者の見守りを強化するため、300万円を計上いたしました。", []),
    # a ceiling is no budget even when added
    ("○○事業につきまして、期間を令和9年度まで、限度額4億8,000万円を追加するものでございます。", []),
])
def test_a_program_announced_in_one_sentence_takes_the_figure_budgeted_after_it(paragraph, named):
    text = nfkc(paragraph)
    got = [(text[n.name_start:n.name_end], n.yen) for n in named_amounts(text)]
    assert got == named
