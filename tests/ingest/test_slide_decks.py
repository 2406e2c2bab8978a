"""A budget's press slides exported as text (当初予算案 記者発表資料): pillar slides of flagged program bullets, each
slide's 「N事業 計」 total and its ［担当］ footer naming each program's office, read by `press_release`."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.models import Program
from qa.ingest.parse import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHIOMIHARA = FIXTURES / "scored-2026-12-06-s24" / "layouts25" / "shiomihara_r10_slides.txt"
KASHIWAZAKI = FIXTURES / "layouts25-variants" / "kashiwazaki_r9_slides.txt"


def _read(path: Path) -> tuple[str, dict[str, Program]]:
    docs, programs = parse(path)
    return docs[0].layout, {p.title: p for p in programs}


@pytest.mark.parametrize("path", [SHIOMIHARA, KASHIWAZAKI])
def test_a_slide_deck_is_read_as_a_press_release(path: Path) -> None:
    layout, _ = _read(path)
    assert layout == "press_release"


@pytest.mark.parametrize(("path", "title", "yen", "previous", "flags", "category"), [
    (SHIOMIHARA, "こども医療費助成事業", 1_186_000_000, 1_092_000_000, ["拡充"], "重点1 こどもの未来をひらく"),
    (SHIOMIHARA, "第2子以降保育料無償化事業", 324_000_000, None, ["新規"], "重点1 こどもの未来をひらく"),
    (SHIOMIHARA, "地域公共交通再編事業", 133_000_000, None, ["新規"], "重点4 安全・安心で持続可能なまちをつくる"),
    # a themed slide's flagged row named as the slide is a program, not the slide's total
    (SHIOMIHARA, "市制施行100周年記念事業", 86_000_000, None, ["新規"], "市制施行100周年記念事業"),
    (KASHIWAZAKI, "企業立地促進奨励金", 124_500_000, 96_000_000, ["拡充"], "柱2 にぎわいと活力あるまち"),
    (KASHIWAZAKI, "小中学校GIGA端末更新事業", 315_000_000, 120_000_000, ["拡充"], "柱1 安心して子どもを産み育てられるまち"),
    (KASHIWAZAKI, "キャッシュレス決済導入事業", 12_800_000, 6_400_000, ["拡充"], "デジタル市役所の実現"),
])
def test_program_bullets_read_with_amount_last_year_flags_and_pillar(path: Path, title: str, yen: int,
                                                                     previous: int | None, flags: list[str],
                                                                     category: str) -> None:
    _, programs = _read(path)
    program = programs[title]
    assert program.kind == "item"
    assert program.budget is not None and program.budget.yen == yen
    assert (program.budget.previous_year.yen if program.budget.previous_year else None) == previous
    assert program.flags == flags
    assert program.category == category


@pytest.mark.parametrize(("path", "title", "yen"), [
    (SHIOMIHARA, "重点1 主な事業 6事業 計", 1_940_700_000),
    (SHIOMIHARA, "2事業 計", 112_500_000),
    (KASHIWAZAKI, "柱3の主な事業 4件 合計", 599_600_000),
])
def test_a_slides_count_and_total_is_a_total(path: Path, title: str, yen: int) -> None:
    _, programs = _read(path)
    assert programs[title].kind == "total"
    assert programs[title].budget is not None and programs[title].budget.yen == yen


@pytest.mark.parametrize(("path", "title", "dept", "extension"), [
    (SHIOMIHARA, "第2子以降保育料無償化事業", "こども未来部保育課", "3140"),
    (SHIOMIHARA, "学校給食費負担軽減事業", "教育委員会学校給食課", "5210"),  # on the footer's second line
    (SHIOMIHARA, "地域包括支援センター運営事業", "健康福祉局高齢福祉課", "3310"),  # 「同 高齢福祉課」
    (SHIOMIHARA, "地域公共交通再編事業", "都市整備局交通政策課", "6310"),  # labelled 「しおみライド」, told of in its text
    (SHIOMIHARA, "スタートアップ創業支援補助金", "経済観光局産業振興課", "4120"),  # 「設備投資・創業」
    (KASHIWAZAKI, "病児・病後児保育事業", "こども家庭部保育幼稚園課", "2231"),  # 「病児保育」, a short form
    (KASHIWAZAKI, "小中学校GIGA端末更新事業", "教育委員会教育総務課", "5105"),
    (KASHIWAZAKI, "観光DX推進事業", "産業観光部商工観光課", "3310"),  # the slide's one unlabelled office
])
def test_each_program_gets_its_office_from_the_slides_footer(path: Path, title: str, dept: str,
                                                             extension: str) -> None:
    _, programs = _read(path)
    program = programs[title]
    assert program.department == dept
    assert [(c.dept, c.extension) for c in program.contacts] == [(dept, extension)]
    assert program.section("担当・連絡先") is not None


def test_a_slides_footer_is_no_text_of_its_last_program() -> None:
    text = SHIOMIHARA.read_text(encoding="utf-8")
    _, programs = _read(SHIOMIHARA)
    program = programs["学校給食費負担軽減事業"]
    assert "担当" not in text[program.start:program.end]
