"""予算編成過程の公開 / 予算要求・査定状況一覧 of a prefecture: each 部局's programs with what it asked and what was put in.

A preface says why it is published and how the budget was assessed (財政課長査定 → 知事査定, 単位 千円); then, per 部局
(「1　危機管理防災部」 between rules, 「【健康福祉部】」, 「■ こども未来部」), its programs: a ｜ table with a block per row
under it (「（No.1）…」 over 「概要：…」「査定：…」), columns aligned by spaces, or a block per program (「【2-1】…」 over
「所管課：…　区分：…」「要求額：…　査定額：…（差引 …）」「前年度予算額：…」「財源内訳：…」「事業概要：…」「査定の考え方：…」);
a 部局計 line per 部局, a 部局別集計 table and its 合計, a 問い合わせ先. data/assessments.toml names the fields; the
reader is `qa.ingest.labelled_records`.

Each program is titled by its 事業名; its budget is the 査定額 (0 where 「ゼロ査定」「見送り」 put nothing in), last year's
the 前年度予算額; 要求額, 差引 (査定額 − 要求額), 区分 (its flags too), 財源, 事業概要 and 査定の考え方 are sections; its
department the 所管課, its category the 部局. The 部局計 lines and the 部局別集計's rows are totals, never programs.
"""

from __future__ import annotations

from qa.ingest.labelled_records import form, read_records
from qa.ingest.lines import Line
from qa.ingest.models import Document, Program
from qa.ingest.structure import pages_from_breaks

NAME = "assessments"
# Its rows are a text table's, its blocks' 要求額 lines a program page's budget lines: those scoring alike is no doubt.
REFINES = ("program_pages", "text_table", "priced_items", "review_results", "field_blocks")
# The form's vocabulary (data/assessments.toml).
FORM = "assessments"
# How many programs must state both what was asked and what was put in for a paper to be of this form.
MIN_ASSESSED = 3


def score(doc: Document, lines: list[Line]) -> float:
    """How strongly the document is a 予算要求・査定状況一覧 (0-1): 0 unless at least MIN_ASSESSED programs are read each
    with a 要求額 and a budget (the 査定額); else 1 (a narrow signature: it wins the tie with the layouts whose rows and
    budget lines its programs are)."""
    if "査定" not in doc.text or "要求" not in doc.text:
        return 0.0  # cheap test first
    assessed = [p for p in read_records(form(FORM), doc, lines)
                if p.kind == "program" and p.budget is not None and p.section("要求額") is not None]
    return 1.0 if len(assessed) >= MIN_ASSESSED else 0.0


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Programs, one a program whose request was assessed, and the 部局's totals (see the module docstring)."""
    programs = read_records(form(FORM), doc, lines)
    if doc.page_starts:
        pages_from_breaks(doc, programs)
    return programs
