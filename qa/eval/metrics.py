"""Retrieval, answer and abstention metrics, overall and by question type."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import numpy as np


def ranking_metrics(ranked: list[str], gold: list[str]) -> dict[str, float]:
    """hit@1, hit@5, recall@10, reciprocal rank and nDCG@10 of one ranking against its gold ids."""
    gold_set = set(gold)
    if not gold_set:
        return {}
    first = next((i for i, pid in enumerate(ranked) if pid in gold_set), None)
    dcg = sum(1.0 / math.log2(i + 2) for i, pid in enumerate(ranked[:10]) if pid in gold_set)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(10, len(gold_set))))
    return {
        "hit@1": float(first == 0),
        "hit@5": float(first is not None and first < 5),
        "recall@10": len(gold_set & set(ranked[:10])) / len(gold_set),
        "mrr": 0.0 if first is None else 1.0 / (first + 1),
        "ndcg@10": dcg / ideal if ideal else 0.0,
    }


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    arr = np.asarray(values)
    return {"p50": round(float(np.percentile(arr, 50)), 2), "p95": round(float(np.percentile(arr, 95)), 2),
            "max": round(float(arr.max()), 2)}


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Metrics over result rows (see `qa.eval.run`): overall and by type.

    Args:
        rows: one dict per question with `type`, `ranking` metrics, `correct`, `abstained`, `answerable`,
            `latency_ms`.

    Returns:
        {"overall": {...}, "by_type": {type: {...}}}.
    """
    def block(subset: list[dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {"n": len(subset)}
        ranked = [r["ranking"] for r in subset if r["ranking"]]
        for name in ("hit@1", "hit@5", "recall@10", "mrr", "ndcg@10"):
            if ranked:
                out[name] = round(sum(m[name] for m in ranked) / len(ranked), 4)
        answerable = [r for r in subset if r["answerable"] and r["answers"]]
        if answerable:
            out["answer_accuracy"] = round(sum(r["correct"] for r in answerable) / len(answerable), 4)
        said = [r for r in subset if r["abstained"]]
        should = [r for r in subset if not r["answerable"]]
        if said or should:
            tp = sum(1 for r in said if not r["answerable"])
            precision = tp / len(said) if said else 1.0
            recall = tp / len(should) if should else 1.0
            out["abstain_precision"] = round(precision, 4)
            out["abstain_recall"] = round(recall, 4)
            out["abstain_f1"] = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
        correct = [r["correct"] for r in subset]
        out["accuracy"] = round(sum(correct) / len(correct), 4) if correct else 0.0
        out["latency_ms"] = percentiles([r["latency_ms"] for r in subset])
        return out

    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_type[row["type"]].append(row)
    return {"overall": block(rows), "by_type": {t: block(r) for t, r in sorted(by_type.items())}}
