"""A general reader whose decisions are learned: programs (title + budget in yen) of a form no layout was written for.

Hand-written layouts read the forms they were written for; a new form of budget document reads almost nothing until
someone writes one more. This reader decides from the document's lines alone, with two small models learned from the
project's labelled fixture documents (`qa.ingest.train_lines`):

1. every *amount mention* of the document — an amount with its unit (「12億5,000万円」), or a bare figure
   (「16,200」) in the unit the document or its column's header declares (「（単位：千円）」「査定額(千円)」; none
   when neither does) — is scored: P(it is a program's budget for the year), from the words just before it, over its column
   and on its line (groups of `data/learned_lines.toml`: 予算額 / 本年度 vs 前年度 / うち / 計 / 差引 …), its place
   on the line, its unit, whether it opens a block, how often its figure recurs;
2. for each budget mention, every *title candidate* — the cells or text before it on its line, and the K lines above
   it — is scored: P(it is that program's name), from markers (○ ■ 【】 (1) １．), length, a program word at its end
   (事業 / 費 / 補助金 …), sentence endings, field labels (概要 / 担当), distance to the amount, figures on its line.

A program is a budget mention taken (P ≥ the model's `amount_floor`) with its most probable title (P ≥
`title_floor`); a title names one program (its most probable mention). Both models are logistic regressions
shipped as JSON (`data/learned_lines.json`: features, mean, scale, coefficients, floors and the figures of their
grouped evaluation), read here without scikit-learn. The layout scores low (`SCORE`, and only when it finds `MIN_ALONE` programs): it
reads every document as a candidate reading, and the reading choice (`qa.ingest.reading_choice`) keeps it where it is
the better one; it is the detected reading only of a document no other layout reads.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from qa.ingest import layout as L
from qa.ingest.amounts import find_amounts
from qa.ingest.lines import Line
from qa.ingest.models import Budget, Document, Program, Section
from qa.ingest.normalize import without_leader
from qa.ingest.structure import program_id
from qa.ingest.vocabulary import _SAID_UNIT, bare_unit, flags_in, unit_in

NAME = "learned_lines"
DATA = Path(__file__).resolve().parent.parent / "data"
VOCABULARY = DATA / "learned_lines.toml"
MODEL = DATA / "learned_lines.json"
# Lines above an amount whose text may be its program's name.
WINDOW = 8
# The layout's detection score when it reads programs: the lowest of all, so that a layout whose signature fires is
# always the detected one; this reading is a candidate the reading choice may keep, or the only one.
SCORE = 0.001
# Programs the reading must find to be detected (to read a document no other layout reads): a memo or a page of prose
# naming a figure or two is no list of programs, and stays a passage.
MIN_ALONE = 3
# The reading is kept beside others only when the one chosen among them reads nearly nothing: at most this share of the
# learned reading's programs with a budget (`qa.ingest.detect.choose_reading`).
NEARLY_NOTHING = 0.25

# A bare figure: comma groups, or 4+ digits, not part of a date, a phone number or a code.
_BARE = re.compile(r"(?<![\d,.\-‐/:])(?P<sign>[▲△\-−])?(?P<num>\d{1,3}(?:,\d{3})+|\d{4,}|\d{1,3})(?P<dec>\.\d+)?"
                   r"(?![\d,\-‐/:])(?!\s*(?:年|か月|カ月|ヶ月|月|日|%|人|件|名|回|か所|箇所|台|機|校|戸|基|本|頭|号|歳|時|分|世帯|団体|区|市|町|社|ha|m|km|t|億|万|千|百|円))")
_UNIT_ALONE = re.compile(r"約?\s*[十百千万億兆]*円")  # a unit written alone: 千円, 百万円
_CELL_FIGURE = re.compile(r"^[▲△\-−]?[\d,]+(?:\.\d+)?$")
_SIGN = "▲△-−"
_LEAD = re.compile(r"^(?:#{1,6}\s*|[■□◆◇●○◎◯▼▽☆★◦•・▶▸\-*]\s*|No\.?\s*\d+[\s.．:：]*|[(\[【〔<《≪]\s*(?:No\.?\s*)?"
                   r"[\d\-ー－‐.]+\s*[)\]】〕>》≫]\s*|\d+(?:[-‐.．]\d+)*\s*[.．、)]\s*|\d+\s+|[IVX]+[.．、\s]\s*|第\d+\s*"
                   r"|[ア-ン][.．、)]\s*)")
_TRAIL_BRACKET = re.compile(r"\s*[(\[【〔<《][^()\[\]【】〔〕<>《》]{0,12}[)\]】〕>》]\s*$")
_LETTER = re.compile(r"[^\W\d_]")
# Where a row of a delimited sheet (a CSV or TSV saved as text) splits into cells: a tab, or a comma that is no
# thousands separator (「1,200」 separates nothing).
_CELL_BREAK = re.compile(r"\t|(?<!\d),|,(?!\d{3}(?!\d))")
# Signs that a comma-split text is a sheet's row, not a name with a comma in it: a quote at a cell's edge
# (「…","…」), an empty cell (「,,」).
_ROW_SIGN = re.compile(r'"\s*,|,\s*"|,\s*,')


@cache
def vocabulary() -> dict[str, dict[str, list[str]]]:
    """The reader's word groups (`data/learned_lines.toml`): amount labels, title words, markers."""
    return tomllib.loads(VOCABULARY.read_text(encoding="utf-8"))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _has(text: str, words: Sequence[str]) -> float:
    return float(any(w in text for w in words))


@dataclass
class Mention:
    """One amount mention: where it stands (line index, exact document offsets), its yen, and the texts its features
    are read from (NFKC: the line before it, the label just before it, its column's header cell)."""

    line: int
    start: int
    end: int
    yen: int
    text: str
    bare: bool
    unit_declared: bool
    unit: int
    order: int = 0
    on_line: int = 1
    cell: int = -1
    before: str = ""
    near: str = ""
    head: str = ""
    paren: str = ""
    folded_start: int = 0
    index: int = 0
    features: dict[str, float] = field(default_factory=dict)


@dataclass
class Candidate:
    """A title candidate for one mention: its cleaned text (NFKC), the line it stands on and its features."""

    text: str
    line: int
    start: int
    end: int
    features: dict[str, float] = field(default_factory=dict)


def clean_title(text: str) -> str:
    """A candidate's name: NFKC text without leading markers and numbers (「○」「(1)」「【2-1】」「No.3」), a name
    label (「事業名：」), closing flags or notes (「【新規】」「（交通政策課）」) and trailing labels or colons.

    Args:
        text: NFKC text of a line, a cell or the part of a line before an amount.

    Returns:
        The name as it would be listed ("" when nothing with letters remains).
    """
    vocab = vocabulary()
    text = text.strip()
    for _ in range(4):
        before = text
        text = _LEAD.sub("", text).strip()
        for label in vocab["title_words"]["title_labels"]:
            if text.startswith(label) and len(text) > len(label) and text[len(label)] in ":： ":
                text = text[len(label) + 1:].strip()
        text = text.lstrip(":：-‐ ").strip()
        if text == before:
            break
    for _ in range(3):
        stripped = without_leader(_TRAIL_BRACKET.sub("", text)).rstrip(":：-‐… 　(（").strip()
        if not stripped or stripped == text:
            break
        text = stripped
    return text if _LETTER.search(text) else ""


def _declared_unit(norm: str) -> int | None:
    """The yen per unit a line declares for the figures after it (「（単位：千円）」「金額の単位は千円」), or None."""
    declared = unit_in(norm)
    if declared:
        return declared[1]
    said = _SAID_UNIT.search(norm)
    if said:
        unit = said.group("a") or said.group("b")
        return {"円": 1, "千円": 1000, "万円": 10**4, "百万円": 10**6, "億円": 10**8}[unit]
    return None


def _cell_at(line: Line, offset: int) -> int:
    for i, cell in enumerate(line.cells):
        if cell.start <= offset < max(cell.end, cell.start + 1):
            return i
    return -1


def _is_header(line: Line) -> bool:
    """A line of column names: two or more cells, letters, no figure."""
    cells = [c for c in line.cells if c.norm]
    return (len(cells) >= 2 and sum(bool(_LETTER.search(c.norm)) for c in cells) >= 2 and not find_amounts(line.norm)
            and not any(_CELL_FIGURE.match(c.norm.replace(" ", "")) and len(c.norm) >= 3 for c in cells))


def _folded_index(line: Line, offset: int) -> int:
    """The index in `line.folded` of the first character at or after document offset `offset`."""
    where = line.folded[1]
    return next((i for i, w in enumerate(where[:-1]) if w >= offset), len(where) - 1)


def mentions(lines: Sequence[Line]) -> list[Mention]:
    """Every amount mention of a document, in order (see the module docstring).

    Args:
        lines: the document's lines (`qa.ingest.lines.lines_of`).

    Returns:
        The mentions with exact offsets and yen (bare figures scaled by the unit declared above them or over their
        column; a bare figure without one is no mention).
    """
    out: list[Mention] = []
    unit: int | None = None
    header: Line | None = None
    header_age = 0
    for i, ln in enumerate(lines):
        if not ln.norm:
            continue
        unit = _declared_unit(ln.norm) or unit
        if _is_header(ln):
            header, header_age = ln, 0
        header_age += 1
        if header_age > 40:
            header = None
        folded, _ = ln.folded
        found: list[tuple[int, int, int, bool, int, bool]] = []  # start, end, yen, bare, unit, declared
        for match, yen in find_amounts(folded):
            if _UNIT_ALONE.fullmatch(match.group().strip()):
                continue  # 「（単位：千円）」 names a unit, no amount
            s = match.start()
            while s < match.end() and folded[s].isspace():
                s += 1
            if s > 0 and folded[s - 1] in _SIGN:
                s, yen = s - 1, -yen
            found.append((s, match.end(), yen, False, 1, True))
        taken = [(a, b) for a, b, *_ in found]
        for match in _BARE.finditer(folded):
            s, e = match.start(), match.end()
            if any(a < e and s < b for a, b in taken):
                continue
            number = match.group("num")
            small = len(number) <= 3 and "," not in number
            cell = _cell_at(ln, ln.span(s, e)[0])
            if small and not (cell >= 0 and _CELL_FIGURE.match(ln.cells[cell].norm.replace(" ", ""))):
                continue  # a small number in prose is a count, not a figure of money
            head_unit = None
            if header is not None and cell >= 0 and len(ln.cells) >= 2 and cell < len(header.cells):
                found_unit = bare_unit(header.cells[cell].norm)
                head_unit = found_unit[1] if found_unit else None
            if not (head_unit or unit):
                continue  # a bare figure is never guessed to be 千円: without a declared unit it is no amount
            scale = head_unit or unit
            value = float(number.replace(",", "") + (match.group("dec") or ""))
            yen = int(round(value * scale))
            if match.group("sign"):
                yen = -yen
            found.append((s, e, yen, True, scale, True))
        found.sort()
        for order, (s, e, yen, bare, scale, declared) in enumerate(found):
            start, end = ln.span(s, e)
            cell = _cell_at(ln, start)
            before = folded[:s]
            near = before
            if cell >= 0 and len(ln.cells) >= 2:
                near = folded[_folded_index(ln, ln.cells[cell].start):s]
                if not _LETTER.search(near) and cell > 0 and _LETTER.search(ln.cells[cell - 1].norm):
                    near = ln.cells[cell - 1].norm  # a label cell before the figure's (「予算額｜12,000」)
            head = ""
            if header is not None and cell >= 0 and len(ln.cells) >= 2 and cell < len(header.cells):
                head = header.cells[cell].norm
            opened = max(before.rfind("("), before.rfind("（"))
            paren = before[opened:] if opened > max(before.rfind(")"), before.rfind("）")) else ""
            out.append(Mention(i, start, end, yen, folded[s:e], bare, declared, scale, order, len(found), cell,
                               _squeeze(before), _squeeze(near)[-10:], _squeeze(head), _squeeze(paren), s))
    return out


def _label_rank(m: Mention) -> int | None:
    """The place in `[amount_order]` of the likeliest-budget group labelling a mention (just before it or over its
    column), or None when no group does."""
    vocab = vocabulary()
    ranks = [k for k, group in enumerate(vocab["amount_order"]["order"])
             if _has(m.near, vocab["amount_labels"][group]) or _has(m.head, vocab["amount_labels"][group])]
    return min(ranks) if ranks else None


def _mention_features(m: Mention, lines: Sequence[Line], all_mentions: Sequence[Mention],
                      per_yen: dict[int, int], ranks: dict[int, float], lines_with: set[int]) -> dict[str, float]:
    """A mention's features (names -> values, shares 0-1, counts capped)."""
    ln = lines[m.line]
    line_text = _squeeze(ln.norm)
    f: dict[str, float] = {"bias_bare": float(m.bare), "unit_declared": float(m.unit_declared),
                           "log_unit": math.log10(max(m.unit, 1)) / 8, "negative": float(m.yen < 0),
                           "zero": float(m.yen == 0), "log_yen": math.log10(abs(m.yen) + 1) / 12}
    others = [o for o in all_mentions[max(0, m.index - 12):m.index + 12] if o.line == m.line and o is not m]
    for group, words in vocabulary()["amount_labels"].items():
        f[f"near:{group}"] = _has(m.near, words)
        f[f"head:{group}"] = _has(m.head, words)
        f[f"line:{group}"] = _has(line_text, words)
        f[f"paren:{group}"] = _has(m.paren, words)
        # what the other figures of its row are labelled (a 要求額 column beside a 査定額 one is not the budget)
        f[f"row_head:{group}"] = float(any(_has(o.head, words) for o in others))
        f[f"row_near:{group}"] = float(any(_has(o.near, words) for o in others))
    rank = _label_rank(m)
    rivals = [r for o in others if (r := _label_rank(o)) is not None]
    f["labelled_rank"] = (rank + 1) / len(vocabulary()["amount_order"]["order"]) if rank is not None else 0.0
    f["first_in_order_on_line"] = float(rank is not None and bool(rivals) and rank < min(rivals))
    f["after_in_order_on_line"] = float(rank is not None and bool(rivals) and rank > min(rivals))
    prev = next((j for j in range(m.line - 1, max(-1, m.line - 4), -1) if lines[j].norm), None)
    nxt = next((j for j in range(m.line + 1, min(len(lines), m.line + 4)) if lines[j].norm), None)
    letters_before = len(_LETTER.findall(m.before))
    f.update({
        "order": min(m.order, 4) / 4, "first_on_line": float(m.order == 0),
        "last_on_line": float(m.order == m.on_line - 1), "on_line": min(m.on_line, 8) / 8,
        "only_on_line": float(m.on_line == 1), "in_paren": float(bool(m.paren)),
        "cells": min(len(ln.cells), 12) / 12, "cell_index": min(max(m.cell, 0), 10) / 10,
        "pipe": float(ln.separator == "pipe"), "tab": float(ln.separator == "tab"),
        "space_cells": float(ln.separator == "space"), "has_header": float(bool(m.head)),
        "letters_before": min(letters_before, 40) / 40, "no_letters_before": float(letters_before == 0),
        "sentence_line": float("。" in ln.norm), "line_length": min(len(ln.norm), 120) / 120,
        "prev_has_amount": float(prev is not None and prev in lines_with),
        "next_has_amount": float(nxt is not None and nxt in lines_with),
        "block_start": float(m.order == 0 and (prev is None or prev not in lines_with)),
        "after_blank": float(m.line > 0 and not lines[m.line - 1].norm),
        "recurs": min(per_yen.get(m.yen, 1) - 1, 5) / 5, "rank": ranks.get(m.yen, 0.5),
        "largest_on_line": float(all(abs(m.yen) >= abs(o.yen) for o in all_mentions
                                     if o.line == m.line)) if m.on_line > 1 else 1.0,
        "indent": min(ln.indent, 16) / 16, "heading": float(ln.level > 0),
    })
    return f


def _candidates(m: Mention, lines: Sequence[Line], lines_with: set[int]) -> list[Candidate]:
    """Title candidates for a mention: the cells (or text) before it on its line, then up to WINDOW lines above."""
    ln = lines[m.line]
    out: list[Candidate] = []
    folded = ln.folded[0]
    own_from = 0
    if len(ln.cells) >= 2 and m.cell > 0:
        for k, cell in enumerate(ln.cells[:m.cell]):
            text = clean_title(cell.norm)
            if text and not _CELL_FIGURE.match(text.replace(" ", "")):
                out.append(Candidate(text, m.line, cell.start, cell.end, {"cell_index": min(k, 6) / 6,
                                                                          "first_cell": float(k == 0)}))
        own_from = _folded_index(ln, ln.cells[m.cell].start)
    text = clean_title(folded[own_from:m.folded_start])
    if text:
        out.append(Candidate(text, m.line, ln.span(own_from, own_from)[0], m.start,
                             {"cell_index": min(max(m.cell, 0), 6) / 6, "first_cell": float(m.cell <= 0),
                              "own_cell": 1.0}))
    taken = 0
    for j in range(m.line - 1, max(-1, m.line - WINDOW - 1), -1):
        other = lines[j]
        if not other.norm:
            continue
        cells = [c for c in other.cells if c.norm]
        source = other.norm
        if len(cells) >= 2:
            source = next((c.norm for c in cells if clean_title(c.norm) and not _CELL_FIGURE.match(c.norm)), other.norm)
        text = clean_title(source)
        if text:
            out.append(Candidate(text, j, other.start, other.end, {"cell_index": 0.0, "first_cell": 1.0,
                                                                    "rank_above": min(taken, 8) / 8}))
            taken += 1
    return out


_NUMBERED = re.compile(r"^(?:[(\[【〔]\s*(?:No\.?\s*)?[\d\-ー－‐.]+\s*[)\]】〕]|No\.?\s*\d|\d+(?:[-‐.．]\d+)*\s*[.．、)\s]|"
                       r"[IVX]+[.．、\s]|第\d+)")


def _title_features(c: Candidate, m: Mention, lines: Sequence[Line], lines_with: set[int]) -> dict[str, float]:
    """A (title candidate, mention) pair's features."""
    vocab = vocabulary()
    words = vocab["title_words"]
    text = _squeeze(c.text)
    line = lines[c.line]
    raw = line.norm
    distance = m.line - c.line
    between = sum(1 for j in range(c.line + 1, m.line) if j in lines_with)
    f = dict(c.features)
    f.update({
        "same_line": float(distance == 0), "distance": min(distance, WINDOW) / WINDOW,
        "distance_1": float(distance == 1), "distance_2": float(distance == 2), "distance_3plus": float(distance >= 3),
        "amount_lines_between": min(between, 4) / 4, "no_amount_between": float(between == 0),
        "length": min(len(text), 60) / 60, "short": float(len(text) < 4), "long": float(len(text) > 35),
        "digits": sum(ch.isdigit() for ch in text) / max(len(text), 1),
        "commas": min(text.count("、"), 3) / 3, "period": float("。" in text),
        "candidate_line_has_amount": float(c.line in lines_with and distance > 0),
        "bullet": float(raw.lstrip()[:1] in vocab["markers"]["bullet"]),
        "bracket": float(raw.lstrip()[:1] in vocab["markers"]["bracket"]),
        "numbered": float(bool(_NUMBERED.match(raw.lstrip()))), "heading": float(line.level > 0),
        "indent_less": float(line.indent < lines[m.line].indent), "indent_more": float(line.indent > lines[m.line].indent),
        "after_blank": float(c.line == 0 or not lines[c.line - 1].norm),
        "whole_line": float(_squeeze(raw).endswith(text) and len(text) >= len(_squeeze(raw)) - 6),
        "labelled": _has(_squeeze(raw)[:8], words["title_labels"]),
    })
    for group in ("program_ends", "office_ends", "sentence_ends"):
        f[f"ends:{group}"] = float(text.endswith(tuple(words[group])))
    for group in ("program_inner", "field_labels", "document_words"):
        f[f"has:{group}"] = _has(text, words[group])
    f["field_label_start"] = float(any(text.startswith(w) for w in words["field_labels"]))
    labels = vocab["amount_labels"]
    for group in ("budget", "previous", "total", "part", "change"):
        f[f"amount_word:{group}"] = _has(text, labels[group])
    f["figure_in_text"] = float(bool(find_amounts(text)) or bool(re.search(r"\d{1,3},\d{3}", text)))
    return f


_LAST: list[tuple[Sequence[Line], list[Found]]] = []  # the last document's reading (scored, then read)


@dataclass
class Analysis:
    """A document's mentions and, for each, its title candidates, with their features (what both models score)."""

    lines: Sequence[Line]
    mentions: list[Mention]
    candidates: list[list[Candidate]]


def analyse(lines: Sequence[Line]) -> Analysis:
    """Mentions and title candidates of a document with all their features (see `mentions`, `_candidates`)."""
    found = mentions(lines)
    for k, m in enumerate(found):
        m.index = k
    lines_with = {m.line for m in found}
    per_yen: dict[int, int] = {}
    for m in found:
        per_yen[m.yen] = per_yen.get(m.yen, 0) + 1
    values = sorted({abs(m.yen) for m in found})
    ranks = {y: (values.index(abs(y)) / max(len(values) - 1, 1)) for y in per_yen}
    cands = []
    for m in found:
        m.features = _mention_features(m, lines, found, per_yen, ranks, lines_with)
        options = _candidates(m, lines, lines_with)
        for c in options:
            c.features = _title_features(c, m, lines, lines_with)
        cands.append(options)
    return Analysis(lines, found, cands)


class Scorer:
    """One model over named features: gradient-boosted trees (`kind` "trees": P(yes) = σ(baseline + Σ leaf values))
    or logistic regression (`kind` "logistic": standardised features, coefficients)."""

    def __init__(self, model: dict[str, Any]) -> None:
        """Args: model: {"kind", "features": [names], then "baseline" and "trees" (each a list of nodes
        [feature, threshold, left, right, is_leaf, value]: go left when the feature ≤ threshold), or "mean", "scale",
        "coef" and "intercept"}."""
        self.names: list[str] = list(model["features"])
        self.kind = model.get("kind", "logistic")
        if self.kind == "trees":
            self.baseline = float(model["baseline"])
            self.trees: list[list[list[float]]] = model["trees"]
        else:
            self.weights = [c / s for c, s in zip(model["coef"], model["scale"], strict=True)]
            self.intercept = float(model["intercept"]) - sum(w * m for w, m in zip(self.weights, model["mean"],
                                                                                    strict=True))

    def probability(self, features: dict[str, float]) -> float:
        """P(yes) of one feature dict (a feature the model knows but the dict lacks is 0)."""
        row = [features.get(n, 0.0) for n in self.names]
        if self.kind == "trees":
            z = self.baseline
            for tree in self.trees:
                node = tree[0]
                while not node[4]:
                    node = tree[int(node[2] if row[int(node[0])] <= node[1] else node[3])]
                z += node[5]
        else:
            z = self.intercept + sum(w * x for w, x in zip(self.weights, row, strict=True))
        return 1 / (1 + math.exp(-max(min(z, 30.0), -30.0)))


@dataclass
class LearnedModel:
    """Both models and the floors a mention and a title must reach."""

    amount: Scorer
    title: Scorer
    amount_floor: float
    title_floor: float

    @classmethod
    def of(cls, data: dict[str, Any]) -> LearnedModel:
        """From the parsed `data/learned_lines.json`."""
        return cls(Scorer(data["amount"]), Scorer(data["title"]), float(data["amount_floor"]),
                   float(data["title_floor"]))


@cache
def model() -> LearnedModel | None:
    """The shipped model, or None when its file is absent (then this layout reads nothing)."""
    if not MODEL.exists():
        return None
    return LearnedModel.of(json.loads(MODEL.read_text(encoding="utf-8")))


@dataclass
class Found:
    """One program the reader found: its title candidate and budget mention, and both probabilities."""

    title: Candidate
    mention: Mention
    p_amount: float
    p_title: float


_USING: list[LearnedModel] = []  # a model read with instead of the shipped one (see `using`)


@contextmanager
def using(learned: LearnedModel) -> Iterator[None]:
    """Read with `learned` instead of the shipped model inside the block (training and evaluation: a fixture folder
    read by models fitted without it)."""
    _USING.append(learned)
    _LAST.clear()
    try:
        yield
    finally:
        _USING.pop()
        _LAST.clear()


def probabilities(analysis: Analysis, learned: LearnedModel) -> tuple[list[float], list[list[float]]]:
    """P(budget) of every mention, and P(title) of every candidate of the mentions that reach the amount floor
    (empty lists for the others)."""
    amounts = [learned.amount.probability(m.features) for m in analysis.mentions]
    titles = [[learned.title.probability(c.features) for c in options] if p >= learned.amount_floor else []
              for p, options in zip(amounts, analysis.candidates, strict=True)]
    return amounts, titles


def pick(analysis: Analysis, amounts: Sequence[float], titles: Sequence[Sequence[float]], amount_floor: float,
         title_floor: float) -> list[Found]:
    """Programs from scored mentions: each mention at or above `amount_floor` with its most probable title (at or
    above `title_floor`); one program per title (its most probable budget), in document order."""
    best: dict[str, Found] = {}
    for m, options, p_amount, p_titles in zip(analysis.mentions, analysis.candidates, amounts, titles, strict=True):
        if p_amount < amount_floor or not p_titles:
            continue
        k = max(range(len(p_titles)), key=lambda i: p_titles[i])
        if p_titles[k] < title_floor:
            continue
        top = options[k]
        name = _squeeze(top.text)
        if name not in best or p_amount * p_titles[k] > best[name].p_amount * best[name].p_title:
            best[name] = Found(top, m, p_amount, p_titles[k])
    return sorted(best.values(), key=lambda f: f.mention.start)


def assemble(analysis: Analysis, learned: LearnedModel) -> list[Found]:
    """Programs of an analysed document under the model and its floors (see `pick`)."""
    amounts, titles = probabilities(analysis, learned)
    return pick(analysis, amounts, titles, learned.amount_floor, learned.title_floor)




def holds_cells(title: str) -> bool:
    """Whether a title is cells of a delimited row (「3,,人事課,新規,県職員採用…」「(令和8~9年度)","96,800","」):
    two or more filled cells split by tabs, or by commas at a quoted or empty cell or into three cells or more. No
    program's name is so written; a reading that finds such titles read a sheet's text as lines."""
    cells = [c for c in _CELL_BREAK.split(title) if c.strip(' "\u3000')]
    return len(cells) >= 2 and ("\t" in title or bool(_ROW_SIGN.search(title)) or len(cells) >= 3)


def _found(lines: Sequence[Line]) -> list[Found]:
    """The programs found in a document's lines, kept for the one document last asked (detection scores it, then
    the same lines are read)."""
    learned = _USING[-1] if _USING else model()
    if learned is None:
        return []
    if _LAST and _LAST[0][0] is lines:
        return _LAST[0][1]
    found = assemble(analyse(lines), learned)
    if any(holds_cells(f.title.text) for f in found):
        found = []  # a delimited sheet read as lines: its titles are its rows' cells, no reading of it
    _LAST[:] = [(lines, found)]
    return found


def score(doc: Document, lines: list[Line]) -> float:
    """`SCORE` when the learned reading finds `MIN_ALONE` programs or more, else 0 (see the module docstring)."""
    return SCORE if len(_found(lines)) >= MIN_ALONE else 0.0


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Programs (kind "program") with their title and this year's budget; each spans from its title's line to the
    next program's (or its budget's line when that ends later)."""
    found = _found(lines)
    headings = _headings(lines)
    out: list[Program] = []
    for k, f in enumerate(found):
        start = min(f.title.start, lines[f.mention.line].start)
        following = found[k + 1] if k + 1 < len(found) else None
        end = lines[f.mention.line].end
        if following is not None:
            end = max(end, min(following.title.start, lines[following.mention.line].start))
        else:
            # the last program runs on over the lines right under its amount (its 概要, marker and office), to the
            # first blank line
            for line in lines[f.mention.line + 1:]:
                if not line.norm.strip():
                    break
                end = line.end
        end = max(end, start)
        while end > start and doc.text[end - 1].isspace():
            end -= 1
        amount_line = lines[f.mention.line]
        budget = Budget(yen=f.mention.yen, text=amount_line.raw.strip(), amount_text=doc.text[f.mention.start:f.mention.end],
                        start=f.mention.start, end=f.mention.end)
        # Its lines as its text (「事業内容」 bullets, a table of devices, 財源, 担当): without a section nothing of it is
        # indexed, and a question not naming it whole never finds it
        sections = [Section(name="本文", start=start, end=end)] if end > start else []
        heading = headings[f.title.line]
        # (a marker line of its own under the name, 「［新規］」: the program's flag)
        flags = [flag for line in lines[f.title.line + 1:f.mention.line + 3] if line.start < end
                 for flag in flags_in(line.norm)]
        out.append(Program(id=program_id(doc.name, f"learned:{f.title.text}"), title=f.title.text, document=doc.name,
                           start=start, end=end, budget=budget, kind="program", sections=sections,
                           category=heading, categories=[heading] if heading else [], flags=list(dict.fromkeys(flags)),
                           pages=[lines[f.title.line].page] if lines[f.title.line].page else []))
    return out


def _headings(lines: Sequence[Line]) -> list[str | None]:
    """Per line, the heading it stands under: the nearest line above it that is a heading alone (「【危機管理部】」
    「■ 子育て支援」「## 防災」; not a marker such as 「［継続］」, a figure or a sentence), its marks off; read in one
    pass over the document."""
    out: list[str | None] = []
    current: str | None = None
    for line in lines:
        out.append(current)
        norm = line.norm.strip()
        if norm and len(norm) <= 30 and "。" not in norm and not find_amounts(norm) and not flags_in(norm) \
                and (L.PLAIN_HEADING.match(norm) or line.level):
            name = L.PLAIN_HEADING_NAME.sub("", L.LEAD_MARK.sub("", norm)).strip()
            if name and not re.search(L.LEADER, name):  # (a TOC line, 「危機管理部……… 1」)
                current = name
    return out
