"""Layouts of budget documents, each a small module over the shared line model (`qa.ingest.lines`).

A layout module defines `NAME`, `score(doc, lines) -> float` (0-1: how strongly the document shows the layout's
signature, computed from the document alone) and `read(doc, lines) -> list[Program]`, and may name in `REFINES`
the layouts whose signature contains its own (a tie with those is expected, not a doubt). `qa.ingest.detect` scores
every layout in `LAYOUTS` and reads the document with the winner. A new layout is a new module added here.
"""

from __future__ import annotations

from types import ModuleType

from qa.ingest.layouts import (
    assessments,
    commitments,
    council_qa,
    english_summary,
    enterprise_budget,
    evaluation_sheets,
    field_blocks,
    funds,
    learned_lines,
    ledger,
    press_release,
    priced_items,
    priority_requests,
    program_pages,
    prose_items,
    request,
    results_report,
    review_results,
    text_table,
)

# In order of precedence: on equal scores the earlier layout wins. `request` comes before `program_pages`: each of
# its 要求・要望額 lines is a budget line of program pages too, so its narrower signature must win a tie; so does
# `evaluation_sheets` (a 事業名 cell over a table of years) before every layout whose lines its sheets also hold, and
# `results_report` (a titled block stating its 決算額) after it: a sheet's 「事業名：」 cell is no title of a block;
# `press_release` before `priced_items` and `text_table`, whose rows its programs are; `council_qa` before `prose_items`,
# whose paragraphs its exchanges are; `review_results` (a 事務事業見直し結果一覧: programs with their 見直し区分) before
# `program_pages` and the tables, whose budget lines and rows its programs are; so is `assessments` (a 予算要求・査定状況一覧:
# programs with their 要求額 and 査定額); `enterprise_budget` (a 公営企業会計's 予算の概要: 収益的・資本的 tables and
# 建設改良事業 blocks) before `evaluation_sheets`, whose labelled cells its blocks hold. `learned_lines` (programs read by
# learned models, for a form no layout was written for) comes last and scores lowest: a reading beside the others.
LAYOUTS: dict[str, ModuleType] = {m.NAME: m for m in (commitments, funds, enterprise_budget, evaluation_sheets, results_report, request,
                                                      priority_requests, review_results, assessments,
                                                      english_summary, program_pages,
                                                      press_release, priced_items, text_table, field_blocks, ledger,
                                                      council_qa, prose_items, learned_lines)}

__all__ = ["LAYOUTS"]
