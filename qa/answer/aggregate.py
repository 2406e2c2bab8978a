"""Questions across programs, computed from the parsed program table: rankings, thresholds, totals, counts,
comparisons and category listings. Figures are computed, never guessed, and every program used is cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.ingest.amounts import AMOUNT, as_written, format_oku, parse_amount
from qa.ingest.models import Program
from qa.ingest.normalize import key, nfkc

LARGEST = re.compile(r"(一番|最も|もっとも|最|いちばん|トップ)\s*(予算|金額|額)?\S{0,6}?(大きい|多い|高い|大)")
SMALLEST = re.compile(r"(一番|最も|もっとも|最|いちばん)\s*(予算|金額|額)?\S{0,6}?(小さい|少ない|低い|小)")
NTH = re.compile(r"(\d+|[一二三四五六七八九十])\s*番目")
RANK_WORDS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
THRESHOLD = re.compile(rf"(?P<amount>{AMOUNT})\s*"
                       r"(?P<op>未満|以下|以上|超|を超える|より(?:多い|大きい|少ない|小さい)|を下回る|を上回る)")
TOTAL = re.compile(r"合計|総額|総計|トータル|全部でいくら|合わせて|足すと")
COUNT = re.compile(r"何事業|いくつの事業|事業数|何件の事業|事業はいくつ|何個")
LISTING = re.compile(r"どんな事業|どの事業|事業を(全部|すべて|全て)?(教え|挙げ|列挙)|挙げ|一覧|どれ(です)?か|関連.*事業")
COMPARE = re.compile(r"どちらが|どっちが|比べ|比較")
DESCENDING_HINT = re.compile(r"大きい|多い|高い")


@dataclass
class Aggregate:
    """What was computed: the answer text and the programs whose budget lines prove it."""

    text: str
    programs: list[Program]
    kind: str


def _category_scope(question: str, programs: list[Program]) -> str | None:
    """The category the question names (「防災・減災関連」), if any."""
    q = key(question)
    names = sorted({p.category for p in programs if p.category}, key=lambda c: -len(key(c)))
    return next((c for c in names if key(c) and key(c) in q), None)


def _rank(text: str) -> int | None:
    match = NTH.search(text)
    if not match:
        return None
    raw = match.group(1)
    return int(raw) if raw.isdigit() else RANK_WORDS.get(raw)


def _line(p: Program) -> str:
    return f"・{p.title}：{budget_text(p)}"


def budget_text(p: Program) -> str:
    """A program's budget as the document writes it (with its 億円 value when written in another unit)."""
    return as_written(p.budget.text) if p.budget else "記載なし"


def is_aggregate(question: str, history: list[str]) -> bool:
    """Whether a question asks across programs (or continues a ranking asked just before)."""
    text = nfkc(question)
    if LARGEST.search(text) or SMALLEST.search(text) or THRESHOLD.search(text) or TOTAL.search(text) \
            or COUNT.search(text):
        return True
    return bool(NTH.search(text) and history and any(LARGEST.search(nfkc(h)) or SMALLEST.search(nfkc(h)) or
                                                      NTH.search(nfkc(h)) for h in history[-1:]))


def answer_aggregate(question: str, history: list[str], programs: list[Program],
                     named: list[Program]) -> Aggregate | None:
    """Compute the answer to a question across programs.

    Args:
        question: the question.
        history: earlier user questions, oldest first (a ranking follow-up reuses the last one's scope).
        programs: every program with a budget.
        named: programs the question itself names strongly (for comparisons).

    Returns:
        The computed answer, or None when the question is not an aggregate one.
    """
    text = nfkc(question)
    budgeted = [p for p in programs if p.countable and p.budget and p.budget.amount_oku_yen is not None]
    if not budgeted:
        return None
    previous = nfkc(history[-1]) if history else ""
    scope_text = text if _category_scope(text, budgeted) or not NTH.search(text) else text + " " + previous
    category = _category_scope(scope_text, budgeted)
    pool = [p for p in budgeted if category is None or p.category == category]
    where = f"「{category}」関連" if category else "この資料"
    ordered = sorted(pool, key=lambda p: -(p.budget.amount_oku_yen or 0.0))

    if COMPARE.search(text) and len(named) >= 2:
        a, b = named[:2]
        bigger, smaller = (a, b) if a.budget and b.budget and a.budget.amount_oku_yen >= b.budget.amount_oku_yen else (b, a)
        diff = (bigger.budget.amount_oku_yen or 0) - (smaller.budget.amount_oku_yen or 0)
        return Aggregate(f"{bigger.title}（{budget_text(bigger)}）のほうが、{smaller.title}（{budget_text(smaller)}）より"
                         f"{format_oku(diff)}大きい予算です。", [bigger, smaller], "compare")

    threshold = THRESHOLD.search(text)
    if threshold:
        limit = parse_amount(threshold.group("amount"))
        if limit is not None:
            op = threshold.group("op")
            below = op in ("未満", "以下", "より少ない", "より小さい", "を下回る")
            inclusive = op in ("以下", "以上")

            def passes(value: float) -> bool:
                if inclusive and value == limit:
                    return True
                return value < limit if below else value > limit

            chosen = [p for p in ordered if passes(p.budget.amount_oku_yen or 0.0)]
            head = f"{where}で予算額が{threshold.group(0)}の事業は{len(chosen)}件です。"
            if not chosen:
                return Aggregate(f"{where}には、予算額が{threshold.group(0)}の事業はありません。", [], "threshold")
            return Aggregate("\n".join([head, *(_line(p) for p in chosen)]), chosen, "threshold")

    rank = _rank(text)
    largest, smallest = LARGEST.search(text), SMALLEST.search(text)
    if rank is None and (largest or smallest):
        rank = 1
    if rank is not None:
        descending = bool(largest) or (not smallest and not SMALLEST.search(previous))
        if not (largest or smallest) and previous:
            descending = not SMALLEST.search(previous)
        chosen_order = ordered if descending else list(reversed(ordered))
        if rank > len(chosen_order):
            return Aggregate(f"{where}の事業は{len(chosen_order)}件なので、{rank}番目はありません。", [], "rank")
        p = chosen_order[rank - 1]
        word = "大きい" if descending else "小さい"
        position = "最も" if rank == 1 else f"{rank}番目に"
        return Aggregate(f"{where}で予算額が{position}{word}事業は{p.title}で、{budget_text(p)}です。", [p], "rank")

    if TOTAL.search(text):
        total = sum(p.budget.amount_oku_yen or 0.0 for p in pool)
        lines = [f"{where}の予算額の合計は{format_oku(total)}です（{len(pool)}事業の合計）。", *(_line(p) for p in pool)]
        return Aggregate("\n".join(lines), pool, "total")

    if COUNT.search(text):
        return Aggregate("\n".join([f"{where}の事業は{len(pool)}件です。", *(_line(p) for p in pool)]), pool, "count")

    if category and (LISTING.search(text) or not named):
        return Aggregate("\n".join([f"「{category}」関連の事業は次の{len(pool)}件です。", *(_line(p) for p in pool)]),
                         pool, "category")
    return None


def wants_listing(question: str, programs: list[Program], named: list[Program]) -> bool:
    """A category listing: the question names a category and asks which programs it has."""
    text = nfkc(question)
    return bool(_category_scope(text, programs)) and bool(LISTING.search(text)) and not named \
        and not DESCENDING_HINT.search(text)
