"""Operations over a scope of programs: count, list, sum, max/min/n-th, compare, share.

Every figure is computed from the budget lines of the programs cited with it; sums are written in the unit the
documents use (「20,139,308千円」 for a municipal list in 千円, 「363.9億円」 for a national one in 億円).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from qa.facts.table import Scope
from qa.ingest.amounts import format_in, unit_of, written
from qa.ingest.models import Program
from qa.ingest.years import era_name
from qa.understand.query import Query

MAX_LINES = 30  # a longer list is cut with 「ほかN件」: a chat answer is read, not scrolled through


@dataclass
class Fact:
    """A computed answer: its text, the programs whose budget lines prove it (cited), and what was computed.

    `abstained` is set when the question asks for a year the corpus does not cover.
    """

    text: str
    programs: list[Program]
    kind: str
    abstained: bool = False


def budget_of(p: Program) -> str:
    """A program's budget as the document writes it (with its 億円 value when written otherwise)."""
    return written(p.budget.text, p.budget.amount_text) if p.budget else "記載なし"


def summed(programs: list[Program]) -> list[Program]:
    """The programs a sum adds: an item listed inside a priced parent (「（５機：１，９４１億円）」 under its
    program) is part of the parent's figure and is not added again (the program browser sums the same way)."""
    priced = {p.id for p in programs if p.budget and p.budget.yen}
    return [p for p in programs if p.parent_id not in priced]


def _label(p: Program, duplicated: set[str]) -> str:
    # Two programs of one title (the same name in two 局) are told apart by their department.
    return f"{p.title}（{p.department}）" if p.title in duplicated and p.department else p.title


def _lines(programs: list[Program]) -> list[str]:
    counts = Counter(p.title for p in programs)
    duplicated = {t for t, n in counts.items() if n > 1}
    lines = [f"・{_label(p, duplicated)}：{budget_of(p)}" for p in programs[:MAX_LINES]]
    if len(programs) > MAX_LINES:
        lines.append(f"ほか{len(programs) - MAX_LINES}件")
    return lines


def _unit(programs: list[Program]) -> str:
    units = Counter(unit_of(p.budget.amount_text or p.budget.text) for p in programs if p.budget)
    return units.most_common(1)[0][0] if units else "円"


def _written(programs: list[Program]) -> list[str]:
    """The amounts as the document writes them, for a computed figure to follow their style."""
    return [p.budget.amount_text or p.budget.text for p in programs if p.budget]


def _of(where: str) -> str:
    """「消防局の」 but 「五百億円を超える」: a condition ending in a verb modifies 事業 directly."""
    return where if where.endswith(("る", "た")) else f"{where}の"


def answer_fact(query: Query, scope: Scope, named: list[Program]) -> Fact | None:
    """Compute the answer to a question across programs.

    Args:
        query: the typed question (its operation decides what is computed).
        scope: the programs left after the question's filters (`qa.facts.table.ProgramTable.scope`).
        named: programs the question names by name, best first (for compare and share).

    Returns:
        The fact, or None when the question asks nothing this module computes.
    """
    if scope.missing_years:
        covered = "・".join(era_name(y) for y in sorted(scope.covered_years))
        asked = "・".join(era_name(y) for y in sorted(scope.missing_years))
        return Fact(f"この資料が扱うのは{covered}の予算で、{asked}の予算の記載はありません。", [], "year", True)
    programs = sorted(scope.programs, key=lambda p: -(p.budget.yen or 0))
    where = scope.where
    op = query.operation
    if op == "compare" and len(named) >= 2:
        a, b = sorted(named[:2], key=lambda p: -(p.budget.yen or 0) if p.budget else 0)
        if not (a.budget and b.budget and a.budget.yen is not None and b.budget.yen is not None):
            return None
        diff = format_in(a.budget.yen - b.budget.yen, _unit([a, b]), _written([a, b]))
        if a.budget.yen == b.budget.yen:
            return Fact(f"{a.title}と{b.title}の予算額は同じ{budget_of(a)}です。", [a, b], "compare")
        return Fact(f"{a.title}（{budget_of(a)}）のほうが、{b.title}（{budget_of(b)}）より{diff}大きい予算です。",
                    [a, b], "compare")
    if op == "share" and named and named[0].budget and named[0].budget.yen:
        total = sum(p.budget.yen or 0 for p in programs)
        target = named[0]
        if not total:
            return None
        pool = programs if target in programs else [target, *programs]
        share = 100 * target.budget.yen / sum(p.budget.yen or 0 for p in pool)
        return Fact(f"{target.title}の予算額{budget_of(target)}は、{_of(where)}事業の合計"
                    f"{format_in(sum(p.budget.yen or 0 for p in pool), _unit(pool), _written(pool))}の{share:.1f}%です。",
                    [target, *[p for p in pool if p is not target]], "share")
    asks_amount = op == "sum" or (op in (None, "list") and query.attribute == "budget" and not query.top_n)
    if not programs and not (asks_amount and scope.total is not None):
        return Fact(f"{_of(where)}事業は、資料にはありません。", [], "empty")
    if op == "count":
        return Fact("\n".join([f"{_of(where)}事業は{len(programs)}件です。", *_lines(programs)]), programs, "count")
    if asks_amount and scope.total is not None:
        # The document's own total for the heading asked about outranks a sum of the items we found under it.
        t = scope.total
        head = f"{t.title}の予算額は、資料では{budget_of(t)}です。"
        if op == "sum" or not programs:
            return Fact(head, [t], "total")
        return Fact("\n".join([f"{head}資料に個別に載っている事業は{len(programs)}件です。", *_lines(programs)]),
                    [t, *programs], "total")
    if op == "sum":
        parts = summed(programs)
        total = format_in(sum(p.budget.yen or 0 for p in parts), _unit(parts), _written(parts))
        nested = len(programs) - len(parts)
        what = f"{len(parts)}件" + (f"。内訳として別に載っている{nested}件は親の項目に含まれるため足していません" if nested else "")
        return Fact("\n".join([f"{_of(where)}事業の予算額を足すと{total}です（{what}）。", *_lines(programs)]),
                    programs, "sum")
    if op in ("max", "min", "nth") or query.top_n:
        ordered = programs if query.descending else list(reversed(programs))
        word = "大きい" if query.descending else "小さい"
        if query.top_n:
            chosen = ordered[:query.top_n]
            return Fact("\n".join([f"{where}で予算額が{word}順に{len(chosen)}件です。", *_lines(chosen)]), chosen, "top")
        rank = query.rank or 1
        if rank > len(ordered):
            return Fact(f"{_of(where)}事業は{len(ordered)}件なので、{rank}番目はありません。", [], "rank")
        p = ordered[rank - 1]
        ties = [q for q in ordered if q.budget.yen == p.budget.yen and q is not p]
        position = "最も" if rank == 1 else f"{rank}番目に"
        text = f"{where}で予算額が{position}{word}事業は{p.title}で、{budget_of(p)}です。"
        if ties:
            text += f"同額の事業がほかに{len(ties)}件あります。\n" + "\n".join(_lines(ties))
        return Fact(text, [p, *ties], "rank")
    # A list: what the filters leave, largest first.
    return Fact("\n".join([f"{_of(where)}事業は{len(programs)}件です。", *_lines(programs)]), programs, "list")
