"""Kinds found on round 15's scored sets (tuning data since), each answered by a general mechanism: what was spent
read from its mapped column, never from a remark that only names the word (「予算執行額表を更新」); a part of a budget
named by the words of the sentence stating its figure (「介護分野も…（1,000億円）」); a payment per several units of
measure (「10aあたり」「60kgあたり」 of 「2,000円/10a」); a share asked in tenths (「何割を補てん」) read from the sentence
that writes one (「低落分の9割」); a program's numbered parts written in a table cell, and one program whose cell spans
several rows (an HTML rowspan); acronyms of titles typed in kana (「あいてぃーどうにゅう」) and an input method's
unconverted 「n」 read back before the words are looked up; a number in a series (「何番艦」). The documents are the
engineers' own, but for the bundled seed document and the real 防衛省 予算の概要.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# A review table of three programs: prices per units of measure, a compensation in tenths, and a remark naming the
# spending table it updated (no figure of what was spent).
REVIEW = ("projectId,projectName,ministry,bureau,budgetAmount_yen,execAmount_yen,overview,remarks\n"
          "1,畑作物生産安定交付金,農林水産省,農産局,30000000000,27000000000,"
          "\"畑作物の販売価格と生産費の差を交付する。交付単価:定額(小麦:6,000円/60kg、大豆:9,000円/60kg)\","
          "2025年12月・補正予算の成立にあわせて予算執行額表を更新。\n"
          "2,農地保全共同活動交付金,農林水産省,農村振興局,48000000000,46000000000,"
          "\"地域の共同活動による農地の保全を支援する。補助率:定額(田:3,000円/10a、畑:2,000円/10a)\",\n"
          "3,青果物価格安定事業,農林水産省,農産局,15000000000,12000000000,"
          "青果物の価格が著しく低落した場合に、生産者積立金と国の補助金により、生産者に価格差補給金(低落分の9割)を交付する。"
          "(補助率:定額),\n"
          "4,感染症緊急包括支援交付金,厚生労働省,医政局,300000000000,,\"感染症に備える提供体制を緊急に支援する。\n"
          "医療提供体制については、以下の取組を支援する。\n（2,000億円）\n病床の確保\n"
          "また、介護分野も新たに対象とし、以下の取組を支援する。\n（1,000億円）\n介護施設の感染防止対策\",\n"
          "5,特別高圧電気料金支援事業,経済産業省,資源エネルギー庁,9000000000,8000000000,"
          "\"特別高圧で受電する中小企業の電気料金を支援する。支援単価:1kWhあたり1.2円、上限:1事業所あたり1,500万円\",\n")
REVIEW_MAPPING = """id = "projectId"
title = "projectName"
budget = "budgetAmount_yen"
budget_unit = "円"
year = "令和6年度"
ministry = "ministry"
department = "bureau"

[sections]
"概要" = "overview"
"備考" = "remarks"
"執行額" = "execAmount_yen"
"""

# A prefecture's page of 主要事業: one program's cells span two rows, one part a row, each part with its figure.
PAGE = """<html><head><title>令和9年度 主要事業の概要 | 北浜県</title></head><body>
<h1>令和9年度 当初予算 主要事業の概要</h1>
<h2>1 医療・福祉</h2>
<table>
<tr><th>事業名</th><th>予算額（千円）</th><th>事業内容</th><th>担当課</th></tr>
<tr><td rowspan="2">看護職員確保対策事業</td><td rowspan="2">120,000</td>
<td>①看護学生修学資金の貸与　80,000千円<br>県内で看護職として働くことを条件に、看護学生に修学資金を貸与（月額5万円）</td>
<td rowspan="2">医療人材課</td></tr>
<tr><td>②ナースセンターの運営　40,000千円<br>離職した看護職員の再就業を支援</td></tr>
<tr><td>認知症予防推進事業</td><td>18,500</td><td>市町村の認知症予防教室を支援</td><td>長寿社会課</td></tr>
</table>
</body></html>
"""


@pytest.fixture(scope="module")
def review(corpus_service):
    return corpus_service("review16", {"rs-crops.csv": REVIEW, "rs-crops.mapping.toml": REVIEW_MAPPING})


@pytest.fixture(scope="module")
def page(corpus_service):
    return corpus_service("page16", {"kitahama-r9-shuyo.html": PAGE})


@pytest.fixture(scope="module")
def seed(corpus_service):
    """The bundled PR document (平成29年度補正予算の概要)."""
    return corpus_service("seed16", {"h29-hosei-yosan-gaiyou.txt": ROOT / "corpus" / "h29-hosei-yosan-gaiyou.txt"})


@pytest.mark.parametrize(("question", "expected", "wrong"), [
    # what was spent, from its column, not the remark naming the spending table
    ("畑作物生産安定交付金の執行額おしえて", "27,000,000,000円", "執行額です"),
    ("畑作物生産安定交付金は予算額と執行額の差がどのくらい？", "3,000,000,000円", "執行額です"),
    # what was spent, asked in everyday words (round 16's tuning set)
    ("畑作物生産安定交付金って、実際にはいくら使ったの？予算より多かった？", "27,000,000,000円", "執行額です"),
    ("農地保全の交付金、実際いくら使われたの？", "46,000,000,000円", "執行額です"),
    # a payment per several units of measure, of the case the question names
    ("農地保全の共同活動の交付金で、畑だと10aあたりいくら？", "2,000円/10a", "48,000,000,000円"),
    ("畑作物生産安定交付金で大豆は60kgあたりいくらもらえる？", "9,000円/60kg", "30,000,000,000円"),
    ("特別高圧の電気料金支援、1kWhあたりの単価はいくら？", "1.2円", "9,000,000,000円"),  # per kWh, not per kW
    # a part named by the words of the sentence that states its figure (on the line after it, in brackets)
    ("感染症緊急包括支援交付金のうち、介護の分はいくら？", "1,000億円", "2,000億円"),
    ("感染症緊急包括支援交付金の予算のうち、医療の分は？", "2,000億円", "1,000億円"),
    ("感染症緊急包括支援交付金の予算は？", "300,000,000,000円", "1,000億円"),
    # a share asked in tenths, from the sentence writing one, not the 「定額」 of its rate
    ("野菜とか果物の値段が下がったら、下がった分の何割を補てんしてもらえるの？", "割合は9割", "は定額です"),
])
def test_spending_prices_per_units_parts_and_shares_in_tenths_are_read_from_the_text(review, question, expected, wrong):
    answer = review.ask(question)
    assert not answer.abstained and expected in answer.answer and wrong not in answer.answer, answer.answer


def test_a_program_spanning_table_rows_is_one_program_with_its_numbered_parts(page):
    parts = [p for p in page.index.programs_by_id.values() if p.title == "看護職員確保対策事業"]
    assert len(parts) == 1, [p.title for p in parts]
    assert [(s.name, s.amount.yen if s.amount else None) for s in parts[0].subprojects] == [
        ("看護学生修学資金の貸与", 80_000_000), ("ナースセンターの運営", 40_000_000)]


@pytest.mark.parametrize(("question", "expected"), [
    ("看護職員確保の事業で、看護学生に貸す修学資金の分はいくら？", "80,000千円"),
    ("看護職員確保対策事業のうち、ナースセンターの運営はいくら？", "40,000千円"),
    ("北浜県の主要事業は何件？", "2件"),  # the rows of one program are one program
])
def test_a_part_written_in_a_cell_is_answered_by_its_own_figure(page, question, expected):
    answer = page.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected"), [
    ("あいてぃーどうにゅう ほじょりつ", "1/2"),  # an acronym of the title typed as it is said
    ("じぞくかほじょきn じょうげん", "50万円"),  # an input method's final n left unconverted
    # headings named as examples of the groups ranked filter nothing
    ("資料は「人づくり革命」「生産性革命」など5つのくくりに分かれていますが、予算の合計がいちばん大きいくくりはどれですか？",
     "最も大きい分野は生産性革命"),
    # the subsidy a user gets, not the source of the money
    ("パン屋です。レジのソフトを入れるときの国の補助はありますか？いくらからいくらくらいまで出るのか知りたいです。", "15万円~50万円"),
])
def test_questions_over_the_seed_document(seed, question, expected):
    answer = seed.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected"), [
    ("もがみ型護衛艦、今回の予算では何番艦を造るの？", "１１番艦及び１２番艦"),  # a number in a series, not a count
    ("F-15の能力向上の初度費はいくら？", "８１６億円"),  # a cost the budget line itself names (「初度費：８１６億円」)
    ("F15の近代化改修って、初度費まで入れると合計いくらになる？", "1,627億円"),  # the line's two figures added
    ("しょうかいかんってなんせきつくるの", "4隻"),  # a counter in kana before its verb
    ("山や海で遭難した人を助けるヘリコプターは何機買うの？", "12機"),  # everyday words for 救難
])
def test_details_of_the_defence_budget_lines(mod_service, question, expected):
    answer = mod_service.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


def test_a_ranking_among_them_keeps_the_conditions_of_every_earlier_turn(review):
    """「農林水産省の事業は何件？」, 「それを全部合わせた予算は？」, then 「その中で…」: ranked among 農林水産省's programs,
    not the whole table (the 厚生労働省 row is the largest of all)."""
    from qa.understand import Turn

    history: list[Turn] = []
    for question in ("農林水産省の事業は何件？", "それを全部合わせた予算は？"):
        answer = review.ask(question, history=history)
        history += [Turn("user", question), Turn("assistant", answer.answer)]
    answer = review.ask("その中でいちばん予算が大きいのはどれ？", history=history)
    assert "農地保全共同活動交付金" in answer.answer and "感染症" not in answer.answer, answer.answer


FORMS = ROOT / "tests" / "fixtures" / "forms20"


@pytest.fixture(scope="module")
def forms(corpus_service):
    """The three forms20 documents (tuning): a village's 広報誌 article, a ministry's PR sheets, a city's TSV list."""
    return corpus_service("forms16", {p.name: p for p in sorted(FORMS.iterdir()) if p.suffix in (".txt", ".tsv")})


@pytest.mark.parametrize(("question", "expected"), [
    # a PR sheet's rate on the line under its 【補助率】 label (the section is named 条件)
    ("離島の漁港で防波堤をかさ上げする場合、国の補助率はいくつになる？", "2/3"),
    # 「村の」 names the one document a village publishes; 「特別会計も」 asks every account: the 合計 row
    ("特別会計も全部合わせると、村の予算は全部でいくら？", "521,170万円"),
    ("村の一般会計の予算は？", "386,400万円"),
    # two accounts of the size table compared (one answer for 「どっちが大きい？差はいくら？」)
    ("国民健康保険と介護保険の特別会計、どっちが大きい？差はいくら？", "介護保険特別会計（71,920万円）のほうが"),
    # the budget of another kind in brackets under the line (「（令和8年度当初予算額　2,380百万円）」), compared
    ("水産資源調査を高度化する事業、補正額は当初予算と比べてどれだけ少ないの？", "1,230百万円少ない"),
    # an extension alone beside its office, as the sheet writes it
    ("養殖の自動エサやり機の補助について聞きたい。問い合わせ先の課と内線番号は？", "養殖振興課（内線 7320）"),
    # an English bounty per animal of a wildlife program (「1頭あたり1万5千円」)
    ("How much does the village pay as a reward for each wild boar or deer that is caught?", "1万5千円"),
])
def test_questions_over_the_forms_documents(forms, question, expected):
    answer = forms.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected", "abstained"), [
    ("鳥獣被害防止対策事業の捕獲報償金は1頭あたりいくら？", "1万5千円", False),  # the text prices one
    ("村営バス運行事業は1台あたりいくら？", "1台あたりの額の記載がありません", True),  # no price, no count: no budget
])
def test_a_price_of_one_is_the_texts_or_said_missing(forms, question, expected, abstained):
    answer = forms.ask(question)
    assert answer.abstained == abstained and expected in answer.answer, answer.answer
    if abstained:
        assert answer.related and not answer.citations  # the budget line shown as related, not as the answer


NEWUSER = ROOT / "tests" / "fixtures" / "newuser21"


@pytest.fixture(scope="module")
def newcomer(corpus_service):
    """A newcomer's own two documents (tuning): a town's 予算の概要 and a prefecture's CSV list with a 合計 row."""
    return corpus_service("newuser16", {p.name: p for p in sorted(NEWUSER.iterdir()) if p.suffix in (".txt", ".csv")})


def test_a_tables_total_row_with_a_blank_name_is_its_total(newcomer):
    totals = [p for p in newcomer.index.programs_by_id.values() if p.kind == "total" and p.title == "合計"
              and p.document.endswith(".csv")]
    assert [p.budget.yen for p in totals] == [2_913_000_000]


@pytest.mark.parametrize(("question", "expected"), [
    # the prefecture named by the title line above the table's rows: its programs summed
    ("南山県の事業の予算を全部足すといくら？", "2,913,000千円"),
    # what one applicant is paid, written 「年間150万円（最長3年）を交付」
    ("新規就農者にはいくら交付される？", "150万円"),
    ("医師確保修学資金貸与事業はいくら貸してくれる？", "20万円"),  # what one student is lent, not the budget
    # everyday words for earthquake-proofing
    ("古い家を地震に強くしたいけど補助ある？", "木造住宅耐震改修補助事業"),
])
def test_a_newcomers_own_documents(newcomer, question, expected):
    answer = newcomer.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


def test_a_follow_up_asking_only_an_attribute_stays_on_the_program_shown(seed):
    """「補助の割合はどうなっていますか？」 names no program (割合 is a word of the asked attribute, as 補助 is): the
    program the last answer showed, not another whose text says 補助率."""
    from qa.understand import Turn

    first = seed.ask("福島で再エネ由来の水素をつくる実証向けに発電設備を整える事業、担当はどこの課ですか？")
    answer = seed.ask("補助の割合はどうなっていますか？", history=[Turn("user", "福島で再エネ由来の水素をつくる実証向けに"
                                                                      "発電設備を整える事業、担当はどこの課ですか？"),
                                                                 Turn("assistant", first.answer)])
    assert "水素" in answer.answer and "定額" in answer.answer, answer.answer


def test_a_headings_share_of_the_whole_is_computed_asked_or_followed_up(seed):
    """「「生産性革命」関連は全体の何パーセント？」, and 「それって全体の何パーセント？」 after its sum: the heading's
    programs over all the document's, from the cited lines (2073.3億円 of 2607.7億円)."""
    from qa.understand import Turn

    direct = seed.ask("「生産性革命」関連の事業の予算は全体の何パーセント？")
    assert "79.5%" in direct.answer, direct.answer
    first = "「生産性革命」関連に入っている事業だけを合計するといくらになりますか？"
    summed = seed.ask(first)
    followed = seed.ask("それって全体の何パーセントくらいですか？",
                        history=[Turn("user", first), Turn("assistant", summed.answer)])
    assert "79.5%" in followed.answer and followed.citations, followed.answer
