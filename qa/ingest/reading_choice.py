"""Which layout's reading of a document to keep: a learned estimate of each reading's quality.

Detection (`qa.ingest.detect`) scores each layout's *signature*; on a form no layout was written for, the layout whose
signature fires is often not the one that reads the document best (a residents' guide detected as evaluation sheets
reads one program; read as priced items it reads all twenty). So every layout reads the document, and a small model
scores each *reading* by what it found: how many of the document's amount lines became a program's budget, whether
its titles look like names of programs (length, no sentence, not a figure, found verbatim in the text, a program
word), duplicates, and the detection score itself. The reading with the highest probability of being the best is
kept; the detected layout keeps the document unless another reading is more probable by `margin` (and at least as
probable as `floor`: two readings the model deems wrong are no reason to leave the detection).

The model is logistic regression over `FEATURES` (standardised), a small JSON file (`data/reading_choice.json`)
written by `qa.ingest.train_reading` from the project's labelled fixture documents (each folder's `PROGRAMS.jsonl`:
title and yen of every program a writer put in the document); its figures (grouped cross-validation) are in that
file. The words it looks for in titles are in `data/reading_choice.toml`.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from qa.ingest.amounts import find_amounts
from qa.ingest.coverage import has_amount
from qa.ingest.lines import Line
from qa.ingest.models import Program
from qa.ingest.vocabulary import compact

DATA = Path(__file__).parent / "data"
MODEL = DATA / "reading_choice.json"

FEATURES = (
    "detection_score", "detected", "no_reading", "log_programs", "budget_share", "amount_lines_read",
    "programs_per_amount_line", "text_share", "title_length", "long_titles", "sentence_titles", "figure_titles",
    "program_word_titles", "verbatim_titles", "duplicate_titles", "duplicate_yen",
)

_BARE_FIGURE = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,.])|(?<![\d,.])\d{4,}(?![\d,.])")


class ReadItem(NamedTuple):
    """What a reading found, reduced to what quality is judged from: a program's or priced item's title, its yen
    (None when no budget was read), its kind and its span and budget offset in the document text."""

    title: str
    yen: int | None
    kind: str
    start: int
    end: int
    budget_start: int | None


def read_items(programs: Sequence[Program]) -> list[ReadItem]:
    """The programs and priced items of a reading (totals and passages are not judged) as `ReadItem`s."""
    return [ReadItem(p.title, p.budget.yen if p.budget else None, p.kind, p.start, p.end,
                     p.budget.start if p.budget else None)
            for p in programs if p.has_budget_structure]


@cache
def _words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = tomllib.loads((DATA / "reading_choice.toml").read_text(encoding="utf-8"))
    return tuple(data["program_words"]), tuple(data["sentence_ends"])


@dataclass
class DocumentView:
    """What every reading of one document is measured against: its compacted text and its amount-bearing lines
    (a line holding an amount with its unit, or a bare figure of 4+ digits or comma groups: a table cell whose unit
    a header gives)."""

    compact_text: str
    text_length: int
    amount_lines: list[tuple[int, int]]

    @classmethod
    def of(cls, text: str, lines: Sequence[Line]) -> DocumentView:
        amount_lines = [(ln.start, ln.end) for ln in lines
                        if ln.end > ln.start and (has_amount(ln.norm) or _BARE_FIGURE.search(ln.norm))]
        return cls(compact_text=compact(text), text_length=max(len(text), 1), amount_lines=amount_lines)


def _is_figure(title: str) -> bool:
    """A title that is a figure or holds an amount (a reader took a cell or a sum for a name)."""
    text = compact(title)
    letters = sum(ch.isalpha() and not ch.isdigit() for ch in text)
    return letters < max(2, len(text) // 3) or bool(find_amounts(text))


def features(view: DocumentView, detection_score: float, detected: bool, items: Sequence[ReadItem]) -> list[float]:
    """The reading's `FEATURES`, in order (shares 0-1; `log_programs` = ln(1 + programs read))."""
    n = len(items)
    if not n:
        return [detection_score, float(detected), 1.0] + [0.0] * (len(FEATURES) - 3)
    program_words, sentence_ends = _words()
    titles = [compact(i.title) for i in items]
    budgets = sorted(i.budget_start for i in items if i.budget_start is not None and i.yen is not None)
    read_lines = 0
    j = 0
    for start, end in view.amount_lines:  # both sorted: one merge pass
        while j < len(budgets) and budgets[j] < start:
            j += 1
        read_lines += j < len(budgets) and budgets[j] < end
    covered = 0
    last = -1
    for item in sorted(items, key=lambda i: i.start):  # merged spans
        lo = max(item.start, last)
        if item.end > lo:
            covered += item.end - lo
            last = item.end
    amount_lines = max(len(view.amount_lines), 1)
    yen = [i.yen for i in items if i.yen]
    return [
        detection_score,
        float(detected),
        0.0,
        math.log1p(n),
        sum(i.yen is not None for i in items) / n,
        read_lines / amount_lines,
        min(n / amount_lines, 3.0),
        covered / view.text_length,
        min(sum(map(len, titles)) / n / 40, 3.0),
        sum(len(t) > 30 for t in titles) / n,
        sum("。" in t or t.endswith(sentence_ends) or t.count("、") >= 2 for t in titles) / n,
        sum(map(_is_figure, titles)) / n,
        sum(any(w in t for w in program_words) for t in titles) / n,
        sum(bool(t) and t in view.compact_text for t in titles) / n,
        1 - len(set(titles)) / n,
        (1 - len(set(yen)) / len(yen)) if yen else 0.0,
    ]


class ReadingChooser:
    """The reading-quality model: P(a reading is the document's best) from its `FEATURES`."""

    def __init__(self, model: dict[str, Any]) -> None:
        """Args: model: the parsed `data/reading_choice.json` (features, mean, scale, coef, intercept, margin)."""
        if tuple(model["features"]) != FEATURES:
            raise ValueError(f"{MODEL.name}: features {model['features']} differ from the code's {FEATURES}; "
                             "retrain with `python -m qa.ingest.train_reading`")
        self.mean = model["mean"]
        self.scale = model["scale"]
        self.coef = model["coef"]
        self.intercept = float(model["intercept"])
        self.margin = float(model["margin"])
        self.floor = float(model.get("floor", 0.0))

    def probability(self, row: Sequence[float]) -> float:
        """P(best reading) of one feature row."""
        z = self.intercept + sum(c * (x - m) / s for c, x, m, s in zip(self.coef, row, self.mean, self.scale, strict=True))
        return 1 / (1 + math.exp(-max(min(z, 30.0), -30.0)))

    def choose(self, rows: Sequence[Sequence[float]], detected: int) -> tuple[int, list[float]]:
        """Which reading to keep: the most probable one when it beats the detected reading (index `detected`) by
        the model's margin and is itself at least as probable as its floor, else the detected one.

        Returns:
            (index of the reading kept, the probability of every reading).
        """
        probabilities = [self.probability(r) for r in rows]
        best = max(range(len(rows)), key=lambda i: (probabilities[i], i == detected))
        if probabilities[best] >= self.floor and probabilities[best] > probabilities[detected] + self.margin:
            return best, probabilities
        return detected, probabilities


@cache
def chooser() -> ReadingChooser | None:
    """The shipped model, or None when its file is absent (then detection alone decides)."""
    if not MODEL.exists():
        return None
    return ReadingChooser(json.loads(MODEL.read_text(encoding="utf-8")))

