"""Operations over a scope of programs: count, list, sum, max/min/n-th, compare, share.

Every figure is computed from the budget lines of the programs cited with it; sums are written in the unit the
documents use (「20,139,308千円」 for a municipal list in 千円, 「363.9億円」 for a national one in 億円).

The arithmetic and the rankings come from one of two sources of figures with one interface: DuckDB SQL over the
program table (`qa.facts.sql`, what the service uses) or Python over the scope's Program objects (the reference the
parity tests compare it with). The answer's words are written here, once, around either.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from qa.facts.table import Scope
from qa.ingest.amounts import format_in, unit_of, written
from qa.ingest.models import Program
from qa.ingest.vocabulary import is_total
from qa.ingest.years import era_name
from qa.understand.query import Query

if TYPE_CHECKING:
    from qa.facts.sql import ProgramSQL

log = logging.getLogger(__name__)

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


# A sum asked beside a count (「いくつで、予算の合計は」「how many … and what is the total」).
_ALSO_SUM = re.compile(r"合計|総額|合わせ|あわせ|足すと|total|combined", re.IGNORECASE)
# A ratio asked of two programs (「何倍」 "how many times").
_TIMES = re.compile(r"倍|times", re.IGNORECASE)


# The programs themselves added, not the heading's figure (「…の事業を全部足すと」「載っている事業の合計」).
_PROGRAMS_ADDED = re.compile(r"(?:事業|施策|取組|項目)(?:を|の)?\s*(?:全部|すべて|全て|ぜんぶ|みんな)?\s*(?:足|合計|合わせ|あわせ|合算)")

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


def _per_document(programs: list[Program]) -> dict[str, list[Program]]:
    """The programs by the document they stand in, documents in order of their first program."""
    out: dict[str, list[Program]] = {}
    for p in programs:
        out.setdefault(p.document, []).append(p)
    return out


def _ranked_by_document(query: Query, programs: list[Program], figures: Figures, rank: int, word: str) -> Fact | None:
    """A ranking over the programs of several documents that names none of them (「予算がいちばん大きい事業は？」 of a
    corpus of three offices' papers): the program at that rank in each document, and the whole corpus's (from
    `figures`), since which document was meant is not for us to guess. None for the programs of one document."""
    documents = _per_document(programs)
    if len(documents) < 2 or query.attribute == "contact":
        return None
    position = "最も" if rank == 1 else f"{rank}番目に"
    chosen: list[Program] = []
    lines = []
    for document, own in documents.items():
        p, _ = InPython(own).nth(rank, query.descending)
        if p is not None:
            chosen.append(p)
            lines.append(f"・{document}：{p.title}、{budget_of(p)}")
    if not chosen:
        return None
    best, _ = figures.nth(rank, query.descending)
    whole = f"全体では{best.title}、{budget_of(best)}です。" if best is not None else ""
    return Fact("\n".join([f"予算額が{position}{word}事業は、資料ごとに次のとおりです。{whole}", "資料ごと：", *lines]),
                chosen, "rank")


def _by_document(programs: list[Program], kind: str) -> list[str]:
    """A count or sum over programs of several documents, document by document (「資料ごと：」 then 「・北霧町 予算の概要：
    4件」): which document a question meant is not for us to guess, and each document's own figure is what its
    reader looks for. [] when the programs are of one document."""
    documents = _per_document(programs)
    if len(documents) < 2:
        return []
    lines = ["資料ごと："]
    for document, own in documents.items():
        name = document  # the answer layer writes each document's title for its file name (`Answerer._fact_answer`)
        if kind == "count":
            lines.append(f"・{name}：{len(own)}件")
        else:
            lines.append(f"・{name}：{InPython(own).total().written}（{len(summed(own))}件）")
    return lines


def yen_of(programs: list[Program]) -> int:
    """The programs' budgets added up, in yen (a program without a figure adds nothing)."""
    return sum(p.budget.yen or 0 for p in programs if p.budget)


def written_like(yen: int, programs: list[Program]) -> str:
    """A computed figure (a sum, a difference) written in the unit and style the programs' own budget lines use."""
    return format_in(yen, _unit(programs), _written(programs))


def added_written(programs: list[Program]) -> str:
    """The sum of the programs' budgets (each with a yen figure), written in the unit and style their own lines use."""
    return written_like(yen_of(programs), programs)


def times(larger: int, smaller: int) -> str:
    """How many times `smaller` goes into `larger`, as a reader says it: 「ちょうど2倍」 when exact, else 「約4.9倍」 (see
    `ratio_text`)."""
    if larger % smaller == 0:
        return f"ちょうど{larger // smaller}倍"
    return f"約{ratio_text(larger / smaller)}倍"


def ratio_text(ratio: float) -> str:
    """A ratio as papers and reporters write one: to one decimal (4.92 -> 「4.9」, 1.97 -> 「2」, 12.57 -> 「12.6」),
    trailing zeros dropped; to two decimals below 1.1, where one decimal would hide the change (1.04 -> 「1.04」)."""
    return f"{ratio:.{2 if ratio < 1.1 else 1}f}".rstrip("0").rstrip(".")


def _among(where: str) -> str:
    """「消防局で」 but 「名前に「X」を含む事業で」: a condition ending in a verb needs the word it modifies."""
    return f"{of_where(where)}事業で" if of_where(where) == where else f"{where}で"


def of_where(where: str) -> str:
    """「消防局の」 but 「五百億円を超える」: a condition ending in a verb modifies 事業 directly."""
    # 「…を含む事業」「10億円に届かない事業」
    return where if where.endswith(("る", "た", "む", "う", "く", "す", "つ", "ない", "ず")) else f"{where}の"


@dataclass(frozen=True)
class Summed:
    """A computed sum: how many programs were added, the yen, and the figure as the documents would write it."""

    parts: int
    yen: int
    written: str


class Figures(Protocol):
    """Counts, sums and rankings over one scope (programs come back as Program objects, ranked or as added)."""

    def ranked(self, descending: bool) -> list[Program]:
        """Every program of the scope by budget, largest first (smallest first when not `descending`)."""

    def total(self) -> Summed:
        """The scope's sum, items inside a priced parent not added again (`summed`)."""

    def top(self, n: int, descending: bool) -> list[Program]:
        """The first `n` of the ranking."""

    def nth(self, rank: int, descending: bool) -> tuple[Program | None, list[Program]]:
        """The program at `rank` (1-based) and the others of the same budget; None past the end."""

    def share(self, target: Program) -> tuple[int, Summed, list[Program]]:
        """The scope's sum in yen; the sum of the pool (the scope, with `target` first when it is not in it); the
        pool's programs, `target` first and the rest largest first."""


class InPython:
    """Figures computed in Python over the scope's programs (the reference path)."""

    def __init__(self, programs: list[Program]) -> None:
        self.programs = sorted(programs, key=lambda p: -(p.budget.yen or 0) if p.budget else 0)

    def ranked(self, descending: bool) -> list[Program]:
        return self.programs if descending else list(reversed(self.programs))

    def total(self) -> Summed:
        parts = summed(self.programs)
        yen = yen_of(parts)
        return Summed(len(parts), yen, written_like(yen, parts))

    def top(self, n: int, descending: bool) -> list[Program]:
        return self.ranked(descending)[:n]

    def nth(self, rank: int, descending: bool) -> tuple[Program | None, list[Program]]:
        ordered = self.ranked(descending)
        if rank > len(ordered):
            return None, []
        p = ordered[rank - 1]
        yen = p.budget.yen if p.budget else None
        return p, [q for q in ordered if q.budget and q.budget.yen == yen and q is not p]

    def share(self, target: Program) -> tuple[int, Summed, list[Program]]:
        programs = self.programs
        scope_yen = yen_of(programs)
        pool = programs if target in programs else [target, *programs]
        yen = yen_of(pool)
        return scope_yen, Summed(len(pool), yen, written_like(yen, pool)), \
            [target, *[p for p in pool if p is not target]]


class InSQL:
    """Figures computed by DuckDB over the program table (`qa.facts.sql.ProgramSQL`), for a scope whose
    conditions select the rows; the ids it returns are mapped back to the scope's Program objects.

    Args:
        sql: the program table.
        scope: the scope (its `conditions` are what SQL filters by; its `programs`, what ids map to).
        descending_ids: the scope's ids largest first, as `sql.ranked` gave them.
    """

    def __init__(self, sql: ProgramSQL, scope: Scope, descending_ids: list[str]) -> None:
        self.sql = sql
        self.conditions = scope.conditions
        self.by_id = {p.id: p for p in scope.programs}
        self.descending = [self.by_id[i] for i in descending_ids]

    @classmethod
    def of(cls, sql: ProgramSQL, scope: Scope) -> InSQL | None:
        """The SQL figures of a scope, or None when SQL does not select exactly the scope's programs (a scope
        changed by hand after `ProgramTable.scope`): the caller then computes in Python."""
        ids = sql.ranked(scope.conditions, True)
        if len(ids) != len(scope.programs) or set(ids) != {p.id for p in scope.programs}:
            log.warning("fact scope in SQL (%d programs) differs from the scope's programs (%d): computed in Python",
                        len(ids), len(scope.programs))
            return None
        return cls(sql, scope, ids)

    def _programs(self, ids: list[str]) -> list[Program]:
        return [self.by_id[i] for i in ids]

    def ranked(self, descending: bool) -> list[Program]:
        # The order SQL gave (largest first, build order among equals); smallest first is its exact reverse.
        return self.descending if descending else list(reversed(self.descending))

    def total(self) -> Summed:
        t = self.sql.total(self.conditions)
        return Summed(t.parts, t.yen, format_in(t.yen, t.unit, decimal=t.decimal))

    def top(self, n: int, descending: bool) -> list[Program]:
        return self._programs(self.sql.top(self.conditions, n, descending))

    def nth(self, rank: int, descending: bool) -> tuple[Program | None, list[Program]]:
        r = self.sql.nth(self.conditions, rank, descending)
        if r.chosen is None:
            return None, []
        return self.by_id[r.chosen], self._programs(r.ties)

    def share(self, target: Program) -> tuple[int, Summed, list[Program]]:
        scope_yen, pool = self.sql.share_pool(self.conditions, target.id)
        # The pool's written style needs no texts: unit and decimal come with the sum.
        summed_pool = Summed(pool.parts, pool.yen, format_in(pool.yen, pool.unit, decimal=pool.decimal))
        return scope_yen, summed_pool, [target, *[p for p in self.descending if p.id != target.id]]


def _change(p: Program) -> int | None:
    """A program's budget minus its previous year's, in yen; None without both figures. A program marked 新規 with
    no previous figure (「－」「皆増」 in the genre) rose by its whole budget, as the documents' own 増減 columns count it."""
    b = p.budget
    if b is None or b.yen is None:
        return None
    if b.previous_year is None or b.previous_year.yen is None:
        return b.yen if "新規" in p.flags else None
    return b.yen - b.previous_year.yen


# A change asked as a rate (「伸び率」「増加率」「何％増えた」「何倍」), not as an amount.
_RATE_WORD = re.compile(r"率|割合|[%％]|パーセント|何倍|倍率|percent|rate")


def _by_change(query: Query, scope: Scope, named: list[Program]) -> Fact | None:
    """Programs ranked or listed by their change from the previous year (「前年度から一番増えた事業は？」「前年度より
    減った事業はある？」), computed from each program's two cited figures; None when the question asks no such thing
    or no program of the scope gives both years.

    A ranking (max/min) reads the change upward, or downward when the question speaks of a fall; a list (「…事業は
    ある？」 with 前年度) gives the programs changed that way. Totals and repeats are never ranked.
    """
    op = query.operation
    ranking = op in ("max", "min") and query.asks_change
    listing = query.lists_by_change and not named
    if not (ranking or listing):
        return None
    fall = query.asks_fall
    changed = [(p, c) for p in scope.programs if p.countable and (c := _change(p)) is not None]
    # 「伸び率が一番大きい」: ranked by the change over last year's figure, not by the change in yen.
    relative = ranking and bool(_RATE_WORD.search(query.text))
    if relative:
        changed = [(p, c) for p, c in changed if p.budget.previous_year and p.budget.previous_year.yen]
    if not changed:
        return None
    if relative:
        changed.sort(key=lambda pc: (pc[1] / pc[0].budget.previous_year.yen) * (1 if fall else -1))
    else:
        changed.sort(key=lambda pc: pc[1] if fall else -pc[1])
    if listing and query.asks_same:
        # 「前の年と予算が全く同じ事業ってある？」: the programs whose two figures are equal
        same = [p for p, c in changed if c == 0]
        if not same:
            return Fact("前年度と予算額が同じ事業は、資料にはありません。", [], "empty")
        head = f"前年度と予算額が同じ事業は{len(same)}件です。"
        return Fact("\n".join([head, *_lines(same[:MAX_LINES])]), same, "list")
    moved = [(p, c) for p, c in changed if (c < 0 if fall else c > 0)]
    way = "減った" if fall else "増えた"
    if not moved:
        return Fact(f"前年度から予算が{way}事業は、資料にはありません。", [], "empty")

    def line(p: Program, c: int) -> str:
        diff = written_like(abs(c), [p])
        if p.budget.previous_year is None:  # new: rose from nothing
            return f"・{p.title}：新規 {budget_of(p)}（{diff}の増）"
        previous = written(p.budget.previous_year.text, unit_from=p.budget.amount_text)
        rate = f"、前年度比{100 * c / p.budget.previous_year.yen:+.1f}%" if p.budget.previous_year.yen else ""
        return f"・{p.title}：{previous}→{budget_of(p)}（{diff}の{'減' if c < 0 else '増'}{rate}）"

    if ranking:
        what = ("減少率" if fall else "伸び率") if relative else ("減額" if fall else "増額")
        head = f"前年度からの{what}が最も大きい事業は{moved[0][0].title}です。"
        return Fact("\n".join([head, *(line(p, c) for p, c in moved[:3])]), [p for p, _ in moved[:3]], "rank")
    head = f"前年度から予算が{way}事業は{len(moved)}件です。"
    return Fact("\n".join([head, *(line(p, c) for p, c in moved[:MAX_LINES])]), [p for p, _ in moved], "list")


# How an answer names a group, by the field grouped; of a department, the level the question asks names it.
_GROUP_NAMES = {"department": "部局", "ministry": "府省庁", "category": "分野"}
_DEPARTMENT_LEVELS = ("局", "部", "課", "庁")
GROUP_LINES = 5  # groups listed under the answer, first included


def _group_of(p: Program, group: str, level: str | None) -> str | None:
    """The value a program is grouped by: its ministry, its outermost heading, or its department (of a path such as
    「健康福祉部 子ども家庭課」, the part at the level asked, 「部」 or 「課」; the whole path otherwise)."""
    if group == "ministry":
        return p.ministry
    if group == "category":
        return p.categories[0] if p.categories else p.category
    if not p.department:
        return None
    parts = p.department.split()
    return next((part for part in parts if level and part.endswith(level)), p.department)


def _by_group(query: Query, where: str, programs: list[Program]) -> Fact:
    """Which group (department, ministry, heading) runs the most programs or the largest budgets added (「事業の数が
    一番多い局はどこ？」「予算の合計が最も大きい部は？」): the first group, with the next ones for comparison; the first
    group's programs are cited."""
    # the level a word standing alone names (「どの局」「の局」「大きい部は」, not the 局 of 消防局)
    level = next((word for word in _DEPARTMENT_LEVELS if re.search(rf"(?<![一-龥ァ-ヶ]){word}", query.text)), None)
    groups: dict[str, list[Program]] = {}
    if level and query.group == "department":
        # 「一番事業が多い局は？」 over a ministry's table and a city's list: the documents naming departments at that
        # level (局), not the city's 部 and 課
        leveled = {p.document for p in programs if p.department and any(
            part.endswith(level) for part in p.department.split())}
        programs = [p for p in programs if p.document in leveled] or programs
    for p in summed(programs):
        name = _group_of(p, query.group or "", level)
        if name:
            groups.setdefault(name, []).append(p)
    if not groups:
        return Fact(f"{of_where(where)}事業には、{_GROUP_NAMES[query.group or 'department']}の記載がありません。", [], "empty")

    def size(members: list[Program]) -> int:
        return len(members) if query.group_by_count else yen_of(members)

    ranked = sorted(groups.items(), key=lambda kv: size(kv[1]), reverse=query.operation != "min")
    word = level or _GROUP_NAMES[query.group or "department"]
    name, members = ranked[0]
    if query.group_by_count:
        most = "最も多い" if query.operation != "min" else "最も少ない"
        head = f"{_among(where)}事業の数が{most}{word}は{name}で、{len(members)}件です。"
        lines = [f"・{n}：{len(m)}件" for n, m in ranked[:GROUP_LINES]]
    else:
        most = "最も大きい" if query.operation != "min" else "最も小さい"
        head = f"{_among(where)}予算額の合計が{most}{word}は{name}で、{added_written(members)}です（{len(members)}件）。"
        lines = [f"・{n}：{added_written(m)}（{len(m)}件）" for n, m in ranked[:GROUP_LINES]]
    ties = [n for n, m in ranked[1:] if size(m) == size(members)]
    if ties:
        head += f"同じ{'件数' if query.group_by_count else '額'}の{word}がほかに{len(ties)}つあります（{'、'.join(ties)}）。"
    more = f"ほか{len(ranked) - GROUP_LINES}つ" if len(ranked) > GROUP_LINES else ""
    return Fact("\n".join([head, f"{word}ごと（{len(ranked)}）：", *lines, *([more] if more else [])]), members, "group")


def stated_group_rank(query: Query, totals: list[Program]) -> Fact:
    """Which heading ranks first by the total its document states for it (「款ごとの小計で一番大きい款」「重視分野のうち一番
    少ない分野」): the stated figures ranked, not our sums of the items listed (a document lists its main items only,
    its heading's figure covers all of them); the totals are cited."""
    ranked = sorted(totals, key=lambda p: p.budget.yen if p.budget and p.budget.yen else 0,
                    reverse=query.operation != "min")
    first = ranked[0]
    most = "最も大きい" if query.operation != "min" else "最も小さい"
    head = f"資料に示された区分ごとの額で{most}のは{heading_of(first)}で、{budget_of(first)}です。"
    lines = [f"・{heading_of(p)}：{budget_of(p)}" for p in ranked[:MAX_LINES]]
    return Fact("\n".join([head, f"区分ごとの額（{len(ranked)}）：", *lines]), ranked, "group")


def heading_of(total: Program) -> str:
    """The heading a total row is of, as a reader names it: 「【土木費 計】」 -> 「土木費」."""
    return re.sub(r"\s*(小計|合計|計)$", "", total.title.strip("【】[] 　")) or total.title


def _next_after(query: Query, anchor: Program, programs: list[Program]) -> Fact | None:
    """The program ranked right after a named one (「除雪費の次に予算が大きいのは？」), among the programs of its own
    document and fiscal year in scope; None when the named program is not among them."""
    year = anchor.budget.fiscal_year if anchor.budget else None
    pool = [p for p in programs if p.document == anchor.document and p.budget and p.budget.yen is not None
            and (year is None or p.budget.fiscal_year == year)]
    pool.sort(key=lambda p: p.budget.yen if p.budget and p.budget.yen is not None else 0, reverse=query.descending)
    at = next((i for i, p in enumerate(pool) if p.id == anchor.id), None)
    if at is None:
        return None
    word = "大きい" if query.descending else "小さい"
    if at + 1 >= len(pool):
        return Fact(f"{anchor.title}（{budget_of(anchor)}）より予算額が{word}事業は、資料にはありません。", [anchor], "rank")
    nxt = pool[at + 1]
    return Fact(f"{anchor.title}（{budget_of(anchor)}）の次に予算額が{word}事業は{nxt.title}で、{budget_of(nxt)}です。",
                [nxt, anchor], "rank")


def answer_fact(query: Query, scope: Scope, named: list[Program], sql: ProgramSQL | None = None) -> Fact | None:
    """Compute the answer to a question across programs.

    Args:
        query: the typed question (its operation decides what is computed).
        scope: the programs left after the question's filters (`qa.facts.table.ProgramTable.scope`).
        named: programs the question names by name, best first (for compare and share).
        sql: the program table in DuckDB: counts, sums and rankings are computed there (None: in Python over
            `scope.programs`; the answer is the same).

    Returns:
        The fact, or None when the question asks nothing this module computes.
    """
    if scope.missing_years:
        covered = "・".join(era_name(y) for y in sorted(scope.covered_years))
        asked = "・".join(era_name(y) for y in sorted(scope.missing_years))
        return Fact(f"この資料が扱うのは{covered}の予算で、{asked}の予算の記載はありません。", [], "year", True)
    figures: Figures | None = InSQL.of(sql, scope) if sql is not None else None
    figures = figures or InPython(scope.programs)
    return _answer(query, scope, named, figures)


def _inside(named: list[Program], scope: Scope) -> bool:
    """Whether every named program is in the filtered scope (the filter then only says what they share)."""
    ids = {p.id for p in scope.programs}
    return all(p.id in ids for p in named)


def two_budgets(text: str, first: Program, second: Program) -> Fact | None:
    """Two programs (or two accounts of a size table) by their budgets: the larger first, the difference, and 「何倍」
    when the (NFKC, lower-cased) question asks it; None when either has no figure."""
    a, b = sorted((first, second), key=lambda p: -(p.budget.yen or 0) if p.budget else 0)
    if not (a.budget and b.budget and a.budget.yen is not None and b.budget.yen is not None):
        return None
    diff = written_like(a.budget.yen - b.budget.yen, [a, b])
    if a.budget.yen == b.budget.yen:
        return Fact(f"{a.title}と{b.title}の予算額は同じ{budget_of(a)}です。", [a, b], "compare")
    if _TIMES.search(text) and b.budget.yen > 0:
        # 「AはBの何倍？」: the larger over the smaller, with both figures and their difference
        return Fact(f"{a.title}（{budget_of(a)}）は、{b.title}（{budget_of(b)}）の{times(a.budget.yen, b.budget.yen)}"
                    f"（差は{diff}）の予算です。", [a, b], "compare")
    return Fact(f"{a.title}（{budget_of(a)}）のほうが、{b.title}（{budget_of(b)}）より{diff}大きい予算です。",
                [a, b], "compare")


def _answer(query: Query, scope: Scope, named: list[Program], figures: Figures) -> Fact | None:
    """The answer's words around the figures (see `answer_fact`)."""
    programs = figures.ranked(True)
    where = scope.where
    op = query.operation
    if op == "compare" and len(named) >= 2:
        return two_budgets(query.text, named[0], named[1])  # a subtraction, not a query over the table
    if op == "sum" and len(named) >= 2 and (not scope.filters or _inside(named, scope)
                                            or all(p.kind == "total" for p in named)):
        # Programs named one by one (「AとBの予算を合わせると」): their own sum, not the whole table's, also when the
        # question's filter is what they share (「国税庁の広報活動経費と足したら」 after another 国税庁 program), or
        # the headings named are the filter (「スタンド・オフ防衛能力と統合防空ミサイル防衛能力を合わせると」: their totals).
        added = [p for p in summed(named) if p.budget and p.budget.yen is not None]
        if len(added) < 2:
            return None
        names = "と".join(p.title for p in added)
        return Fact("\n".join([f"{names}の予算額を合わせると{added_written(added)}です。", *_lines(added)]), added,
                    "sum")
    if op == "share" and named and named[0].budget and named[0].budget.yen:
        target = named[0]
        total, pool, listed = figures.share(target)
        if not total:
            return None
        share = 100 * target.budget.yen / pool.yen
        return Fact(f"{target.title}の予算額{budget_of(target)}は、{of_where(where)}事業の合計"
                    f"{pool.written}の{share:.1f}%です。", listed, "share")
    if query.after is not None and named:
        return _next_after(query, named[0], programs)
    if query.group is not None and op in ("max", "min") and programs:
        return _by_group(query, where, programs)
    by_change = _by_change(query, scope, named)
    if by_change is not None:
        return by_change
    asks_amount = op == "sum" or (op in (None, "list") and query.attribute == "budget" and not query.top_n)
    if not programs and not (asks_amount and scope.total is not None):
        return Fact(f"{of_where(where)}事業は、資料にはありません。", [], "empty")
    if op == "count":
        head = f"{of_where(where)}事業は{len(programs)}件です。"
        ids = {p.id for p in programs}
        if parts := sum(1 for p in programs if p.parent_id in ids):
            # Rows that are parts of another row counted (「国補公共事業」 under 「公共事業」): both counts, said.
            head += f"内訳として別に載っている{parts}件を除くと{len(programs) - parts}件です。"
        if _ALSO_SUM.search(query.text) and programs:
            # 「農林水産部の事業はいくつで、予算の合計はいくら？」: the count, and the sum asked beside it.
            s = figures.total()
            head += f"予算額を足すと{s.written}です。"
        return Fact("\n".join([head, *_by_document(programs, "count"), *_lines(programs)]), programs, "count")
    if asks_amount and scope.total is not None:
        # The document's own total for the heading asked about outranks a sum of the items we found under it.
        t = scope.total
        # A total line titled 「小計」 is named by its heading: 「施策の柱3 …」の小計.
        name = f"「{t.categories[-1]}」の{t.title}" if t.categories and is_total(t.title) else t.title
        head = f"{name}の予算額は、資料では{budget_of(t)}です。"
        if op == "sum" and programs and _PROGRAMS_ADDED.search(query.text):
            # 「民生費の中の○印の事業を全部足すと？」: the programs listed under the heading added, beside the heading's own
            # figure (a 款 holds salaries and routine costs no program line names), when the two differ
            s = figures.total()
            if t.budget is not None and s.yen != t.budget.yen:
                return Fact("\n".join([f"{head}そのうち資料に個別に載っている事業の予算額を足すと{s.written}です（{s.parts}件）。",
                                       *_lines(programs)]), [t, *programs], "total")
        if op == "sum" or not programs:
            return Fact(head, [t], "total")
        return Fact("\n".join([f"{head}資料に個別に載っている事業は{len(programs)}件です。", *_lines(programs)]),
                    [t, *programs], "total")
    if op == "sum":
        s = figures.total()
        nested = len(programs) - s.parts
        what = f"{s.parts}件" + (f"。内訳として別に載っている{nested}件は親の項目に含まれるため足していません" if nested else "")
        return Fact("\n".join([f"{of_where(where)}事業の予算額を足すと{s.written}です（{what}）。",
                               *_by_document(programs, "sum"), *_lines(programs)]), programs, "sum")
    if op in ("max", "min", "nth") or query.top_n:
        word = "大きい" if query.descending else "小さい"
        if query.top_n:
            chosen = figures.top(query.top_n, query.descending)
            return Fact("\n".join([f"{_among(where)}予算額が{word}順に{len(chosen)}件です。", *_lines(chosen)]), chosen,
                        "top")
        rank = query.rank or 1
        if (per_document := _ranked_by_document(query, programs, figures, rank, word)) is not None:
            return per_document
        p, ties = figures.nth(rank, query.descending)
        if p is None:
            return Fact(f"{of_where(where)}事業は{len(programs)}件なので、{rank}番目はありません。", [], "rank")
        position = "最も" if rank == 1 else f"{rank}番目に"
        text = f"{_among(where)}予算額が{position}{word}事業は{p.title}で、{budget_of(p)}です。"
        if query.attribute == "contact" and p.department:
            text += f"担当は{p.department}です。"  # 「一番予算が大きい事業はどこの課の担当？」: that program's office
        if ties:
            text += f"同額の事業がほかに{len(ties)}件あります。\n" + "\n".join(_lines(ties))
        return Fact(text, [p, *ties], "rank")
    # A list: what the filters leave, largest first.
    return Fact("\n".join([f"{of_where(where)}事業は{len(programs)}件です。", *_lines(programs)]), programs, "list")
