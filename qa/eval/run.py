"""Running a question set through the service, mode by mode, and scoring every answer."""

from __future__ import annotations

import re
import time
from typing import Any

from tqdm import tqdm

from qa.answer import Turn
from qa.eval.datasets import EvalItem
from qa.eval.metrics import ranking_metrics, summarize
from qa.ingest.amounts import AMOUNT_RE, amount_yen, find_amounts
from qa.ingest.normalize import nfkc
from qa.service import QAService

# An expected change: an amount and its direction (「9億円増」「1,450万円の減少」).
_CHANGE = re.compile(r"(?P<amount>.+?)\s*の?\s*(?P<direction>増|減)(?:加|少|額)?")


def contains(answer: str, expected: str) -> bool:
    """Whether an answer states an expected string: verbatim after NFKC, or, for an amount, the same yen value
    in any unit or script (「2,113億円」 stated as 「211,300,000千円」 or 「2113.0億円」 is the same fact)."""
    answer, expected = nfkc(answer), nfkc(expected)
    if expected in answer:
        return True
    whole = AMOUNT_RE.fullmatch(expected.strip())
    value = amount_yen(whole) if whole else None
    if value is not None:
        return any(yen == value for _, yen in find_amounts(answer))
    # 「1,450万円減」「9億円増」: a change, stated as the same yen with the same direction right after it (「1,450万円の
    # 減」「14,500,000円の減少」).
    change = _CHANGE.fullmatch(expected.strip())
    amount = AMOUNT_RE.fullmatch(change["amount"].strip()) if change else None
    value = amount_yen(amount) if amount else None
    return value is not None and any(
        yen == value and answer[m.end():m.end() + 4].lstrip(" の").startswith(change["direction"])
        for m, yen in find_amounts(answer))


def is_correct(item: EvalItem, abstained: bool, answer: str) -> bool:
    """Unanswerable: the service abstained. Answerable: it answered, stating every required string (`contains`), or
    one of them when the set declares its strings alternatives (`answers_rule = "any"`)."""
    if not item.answerable:
        return abstained
    if not item.answers:
        return not abstained
    if item.answers_rule == "any":
        return not abstained and any(contains(answer, s) for s in item.answers)
    return not abstained and all(contains(answer, s) for s in item.answers) and not _lists_more(item, answer)


def _lists_more(item: EvalItem, answer: str) -> bool:
    """Whether a list answer names programs not asked for: when several strings are required (the programs of a
    list), every listed line (「・…」) must state one of them; a list padded with other programs is not right."""
    if len(item.answers) < 2:
        return False
    listed = [line for line in answer.splitlines() if line.lstrip().startswith("・")]
    return len(listed) >= 2 and any(not any(contains(line, s) for s in item.answers) for line in listed)


def ranking_of(service: QAService, item: EvalItem, answer_programs: list[str], cited: list[str], mode: str) -> list[str]:
    """Programs in the order the answer presents them: cited first, then the rest it retrieved."""
    ranked = list(dict.fromkeys(cited + answer_programs))
    if len(ranked) < 10:
        answerer = service.answerer  # the question prepared as /api/ask prepares it
        query = answerer.understand(item.question, [])
        text, weight = answerer.retrieval_query(query)
        more = answerer.retriever.search_programs(text, k=10, mode=mode, dense_weight=weight,
                                                  name_query=answerer.naming_text(query.question))
        ranked = list(dict.fromkeys(ranked + [h.program_id for h in more]))
    return ranked[:10]


def evaluate(items: list[EvalItem], service: QAService, mode: str, progress: bool = True) -> list[dict[str, Any]]:
    """Answer every item (follow-ups as conversations) and score it.

    Args:
        items: the question set.
        service: a loaded service.
        mode: bm25, dense or hybrid.
        progress: show a progress bar.

    Returns:
        One row per item: question, answer, citations, gold, metrics, timings.
    """
    rows = []
    for item in tqdm(items, desc=f"eval {mode}", unit="q", disable=not progress):
        history: list[Turn] = []
        for turn in item.context:
            earlier = service.ask(turn, history, mode=mode)
            history += [Turn("user", turn), Turn("assistant", earlier.answer)]
        started = time.perf_counter()
        answer = service.ask(item.question, history, mode=mode)
        latency = (time.perf_counter() - started) * 1000
        cited = [c.program_id for c in answer.citations]
        ranked = ranking_of(service, item, answer.programs, cited, mode)
        rows.append({
            "id": item.id, "type": item.type, "question": item.question, "context": item.context,
            "mode": mode, "answer": answer.answer, "abstained": answer.abstained, "intent": answer.intent,
            "confidence": answer.confidence,
            "citations": [c.model_dump() for c in answer.citations], "gold": item.gold, "answers": item.answers,
            "answerable": item.answerable, "correct": is_correct(item, answer.abstained, answer.answer),
            "ranked": ranked, "ranking": ranking_metrics(ranked, item.gold) if item.answerable else {},
            "latency_ms": round(latency, 2),
        })
    return rows


def run(items: list[EvalItem], service: QAService, modes: list[str], progress: bool = True) -> dict[str, Any]:
    """Evaluate each mode; returns {"rows": [...], "metrics": {"modes": {mode: summary}, "index": {...}}}."""
    rows: list[dict[str, Any]] = []
    metrics: dict[str, Any] = {"modes": {}, "questions": len(items),
                               "index": {k: service.index.manifest.get(k) for k in ("build_seconds", "counts",
                                                                                     "dense_index", "built_at")}}
    for mode in modes:
        service.embedder.clear_cache()
        mode_rows = evaluate(items, service, mode, progress)
        rows.extend(mode_rows)
        metrics["modes"][mode] = summarize(mode_rows)
    return {"rows": rows, "metrics": metrics}
