"""Learned answer selection: which field, sentence or table cell of the resolved programs answers a question,
and how likely the chosen one is to be right.

A candidate is one quotable unit of a program (`qa.answer.units.program_units`: a sentence, a list item, a row of
label lines) or one of its fields (the budget line, the 府省庁/部局 lines, a contact line). For two named programs
the candidates of both are scored together. Each (question, candidate) pair is described by features that do not
depend on any document's words, a logistic regression trained by `qa.answer.train` (``bench/train_selector.py``)
turns them into a score, and a calibration fitted on a split never reported turns the best score into the
probability that the answer is right.

Features (one row per candidate; "set" = the candidates scored together for one question):

- ``bm25``: BM25 (k1 1.2, b 0.75, IDF over the set) of the candidate's lemmas against the question's content
  lemmas, divided by the set's highest (0..1; 0 when nothing matches).
- ``bm25_best``: 1 when the candidate has the set's highest BM25 score (> 0).
- ``dense``: cosine of the multilingual-e5 query vector ("query: ") and the candidate's passage vector ("passage: ").
- ``dense_gap``: that cosine minus the set's highest (<= 0).
- ``dense_best``: 1 for the candidate closest to the question. Without an encoder the three dense features take
  their training means (they then say nothing).
- ``overlap``: share of the question's content lemmas (stop words, interrogatives and the words of the program's
  own name left out) that the candidate contains.
- ``bigram``: share of the question's character bigrams (those of the program's title left out) in the candidate.
- ``type_match``: 1 when the question asks for a value type (amount, rate, date, phone, count, organisation; from
  its attribute or its interrogative, `data/value_types.toml`) and the candidate carries a value of that type.
- ``type_miss``: 1 when the question asks for a type and the candidate carries none of it.
- ``cue``: 1 when the asked attribute's cue (`qa/understand/data/attributes.toml`) matches the candidate.
- ``section``: 1 / (1 + place) when the candidate's section is in the attribute's section list (place 0 = first
  listed), else 0.
- ``section_name``: 1 when the question contains a part of the candidate's section name (parts split at 「・」:
  「課題は？」 and the section 「現状・課題」), else the share of the name's character bigrams it contains.
- ``no_section``: 1 when the candidate has no section name (plain passages, public QA contexts).
- ``field``: 1 for a field line (budget, 府省庁/部局, contact) rather than a sentence.
- ``field_type``: 1 for a field line carrying the asked value type (the budget line for an amount, 府省庁 for an
  organisation): ``field`` AND ``type_match``.
- ``section_rank``: 1 / (1 + rank of the candidate within its section).
- ``position``: index of the candidate among its program's candidates divided by their number (0..1).
- ``length``: log(1 + characters) / 6.
- ``heading``: 1 when the candidate is only a name (the program's title or part of it, no figure).
- ``program_match``: share of the candidate's program title's character bigrams that the question contains (how
  strongly the question names the program the candidate belongs to).
- ``list_intro``: 1 when the candidate announces a list (「以下のとおり」「次の事業を実施」, a closing colon).
- ``list_x_examples``: ``list_intro`` for a question that asks for examples or specifics (「例」「具体的に」「どんな」).
- ``no_attribute``: 1 when the question asks no known attribute; ``*_x_noattr`` features repeat ``bm25`` and
  ``dense`` for such questions, so that open questions lean on similarity more.

One rule filters before scoring: a sentence that is only a name or a label (the program's title, a sub-project
heading, 「1. 対象者」: no figure, no full stop, at most 12 characters after its list marker) answers nothing and
is left out (`answers_nothing`), unless every candidate is such a line.

The model is a small JSON file (`data/selector.json`: feature names, standardisation, coefficients, calibration,
threshold and the figures of its training run), loaded once; no pickle.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from qa.answer.units import program_units
from qa.ingest.models import Document, Program
from qa.ingest.normalize import key, nfkc
from qa.ingest.vocabulary import strip_markers
from qa.understand.vocabulary import vocabulary

DATA = Path(__file__).parent / "data"
MODEL = DATA / "selector.json"
FEATURES = ("bm25", "bm25_best", "dense", "dense_gap", "dense_best", "overlap", "bigram", "type_match", "type_miss",
            "cue", "section", "section_name", "no_section", "field", "field_type", "section_rank", "position", "length", "heading",
            "program_match", "list_intro", "list_x_examples", "no_attribute", "bm25_x_noattr", "dense_x_noattr")
DENSE = ("dense", "dense_gap", "dense_best", "dense_x_noattr")
# Interrogatives and fillers: they say what kind of answer is wanted, not which sentence holds it.
_QUESTION_WORDS = frozenset({"何", "誰", "どこ", "いつ", "どう", "どの", "どれ", "いくら", "幾ら", "なぜ", "どんな",
                             "どういう", "どのよう", "ですか", "か", "の", "は"})
_BM25_K1, _BM25_B = 1.2, 0.75
_DIGIT = re.compile(r"\d")
_MARKER = re.compile(r"^\s*(?:[（(]?\d+[)）.．]|[①-⑳㉑-㉟㊱-㊿]|[・■□○●◆◇※\-*]|[（(][^）)]{1,3}[）)])\s*")
_LIST_INTRO = re.compile(r"(以下|次)の(とおり|通り|ような|もの|事業|取組|支援)|[:：]$")
_EXAMPLES = re.compile(r"例|具体|挙げ|どんな|どのような|どういった")


@dataclass(frozen=True)
class Candidate:
    """One field line or quotable unit of a program: `document.text[start:end] == text` (field lines may carry
    their label in `text` for scoring; `start`/`end` span the value as cited)."""

    section: str
    start: int
    end: int
    text: str
    field: bool = False
    program_id: str = ""
    program_title: str = ""
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scored:
    """A candidate with its selector score (logit) and its share of the set (softmax over the set's scores)."""

    candidate: Candidate
    score: float
    share: float


@dataclass(frozen=True)
class Selection:
    """Candidates best first, and the calibrated probability (0..1) that the first one answers the question."""

    ranked: list[Scored]
    confidence: float


@cache
def _value_data() -> dict[str, Any]:
    """`data/value_types.toml`, read once for every reader of it below."""
    return tomllib.loads((DATA / "value_types.toml").read_text(encoding="utf-8"))


@cache
def _value_types() -> tuple[dict[str, tuple[frozenset[str], tuple[re.Pattern[str], ...]]],
                            dict[str, tuple[re.Pattern[str], ...]]]:
    """(asked: type -> (attributes, question patterns), carried: type -> candidate patterns), read once."""
    data = _value_data()
    asked = {name: (frozenset(spec["attributes"]), tuple(re.compile(p) for p in spec["patterns"]))
             for name, spec in data["asked"].items()}
    carried = {name: tuple(re.compile(p) for p in spec["patterns"]) for name, spec in data["carried"].items()}
    return asked, carried


@cache
def thing_markers(thing: str) -> tuple[str, ...]:
    """How texts name a kind of thing without its word (`value_types.toml` [thing_markers]: 会社 -> (株), 株式会社…)."""
    return tuple(_value_data().get("thing_markers", {}).get(thing, ()))


@cache
def other_amounts() -> tuple[str, ...]:
    """Words naming amounts of other things than a program's budget (`value_types.toml` [other_amounts])."""
    return tuple(_value_data().get("other_amounts", {}).get("words", ()))


def asked_types(text: str, attribute: str | None) -> frozenset[str]:
    """Value types a question asks for: 「予算はいくら？」 -> {amount}, 「いつ設立された？」 -> {date}.

    Args:
        text: the question (any form; read NFKC, lower-cased).
        attribute: the attribute `qa.understand` found, or None.
    """
    text = nfkc(text).lower()
    asked, _ = _value_types()
    return frozenset(name for name, (attributes, patterns) in asked.items()
                     if attribute in attributes or any(p.search(text) for p in patterns))


@cache
def _exact_types() -> tuple[tuple[str, str, tuple[re.Pattern[str], ...]], ...]:
    """(type, label, question forms asking for it alone) of each type that has such forms, read once."""
    return tuple((name, spec.get("label", name), tuple(re.compile(p) for p in spec["exact"]))
                 for name, spec in _value_data()["asked"].items() if spec.get("exact"))


def exactly_asked(text: str) -> dict[str, str]:
    """Value types a question asks for by a form that asks nothing else (「何月までに」 -> date, 「何人」 -> count; not
    「どれくらい」), each with the label an answer names it by; {} when it asks none so."""
    text = nfkc(text).lower()
    found: dict[str, str] = {}
    for name, label, patterns in _exact_types():
        match = next((m for p in patterns if (m := p.search(text)) is not None), None)
        if match is not None:
            # (a form naming what it asks, 「投票率は？」, is named so: its `word` group)
            found[name] = match.groupdict().get("word") or label
    return found


def carried_types(text: str) -> frozenset[str]:
    """Value types a candidate carries: 「予算額：33,498,000円」 -> {amount}."""
    text = nfkc(text).lower()
    _, carried = _value_types()
    return frozenset(name for name, patterns in carried.items() if any(p.search(text) for p in patterns))


def program_candidates(program: Program, doc: Document, fields: bool = True) -> list[Candidate]:
    """A program's candidates: its field lines (when `fields`), then its quotable units in document order.

    Args:
        program: the program.
        doc: its document (spans index `doc.text`).
        fields: include the budget, 府省庁/部局 and contact lines.
    """
    names = tuple(n for n in (program.title, program.body_title or "", *program.aliases) if n)
    made: list[Candidate] = []

    def add(section: str, start: int, end: int, text: str, field: bool) -> None:
        made.append(Candidate(section, start, end, text, field, program.id, program.title, names))

    if fields:
        if program.budget is not None:
            add("予算額", program.budget.start, program.budget.end, doc.text[program.budget.start:program.budget.end],
                True)
        body = doc.text[program.start:program.end]
        for label, value in (("府省庁", program.ministry), ("部局", program.department)):
            at = body.find(f"{label}：{value}") if value else -1
            if value and at >= 0:
                start = program.start + at + len(label) + 1
                add(label, start, start + len(value), f"{label}：{value}", True)
        for contact in program.contacts:
            add("担当・連絡先", contact.start, contact.end, doc.text[contact.start:contact.end], True)
    for unit in program_units(program, doc):
        add(unit.section, unit.start, unit.end, unit.text, False)
    return made


def _bigrams(text: str) -> set[str]:
    k = key(text)
    return {k[i:i + 2] for i in range(len(k) - 1)}


def program_match(question: str, title: str) -> float:
    """Share of a program title's character bigrams that the question contains (0..1; 0 for an empty title)."""
    title_bigrams = _bigrams(title)
    return len(title_bigrams & _bigrams(question)) / len(title_bigrams) if title_bigrams else 0.0


def _section_match(question: str, section: str) -> float:
    """1 when the question holds a part (2+ characters) of a section name split at 「・」, else the share of the
    name's character bigrams it holds; 0 for no name."""
    q = key(question)
    if any(len(part) >= 2 and part in q for part in (key(p) for p in nfkc(section).split("・"))):
        return 1.0
    sb = _bigrams(section)
    return len(sb & _bigrams(question)) / len(sb) if sb else 0.0


def _bm25(query: list[str], docs: list[list[str]]) -> np.ndarray:
    """BM25 of each tokenised candidate against the query terms, IDF taken over the candidates themselves."""
    n = len(docs)
    if not n or not query:
        return np.zeros(n)
    df = Counter(t for d in docs for t in set(d))
    avg = sum(len(d) for d in docs) / n or 1.0
    out = np.zeros(n)
    for i, d in enumerate(docs):
        tf = Counter(d)
        for t in set(query):
            if t in tf:
                idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
                out[i] += idf * tf[t] * (_BM25_K1 + 1) / (tf[t] + _BM25_K1 * (1 - _BM25_B + _BM25_B * len(d) / avg))
    return out


_SHEET_LABEL = re.compile(r"^\s*[【\[［]\s*[^】\]］]{1,8}\s*[】\]］]\s*")


def _is_heading(text: str, names: tuple[str, ...]) -> bool:
    """Whether a candidate is only a name: a program's title (or a part of it), with no figure."""
    # 「**◆【新規】補聴器購入費の助成**」: emphasis, a lead mark and flags are not part of the name.
    plain = strip_markers(_MARKER.sub("", nfkc(text).replace("*", "")))[0]
    k = key(re.sub(r"^[（(]?\d+[)）.．]|^[①-⑳㉑-㉟㊱-㊿]", "", plain))
    return bool(k) and not _DIGIT.search(k) and any(k == key(n) or (len(k) >= 4 and k in key(n)) for n in names)


def answers_nothing(candidate: Candidate) -> bool:
    """Whether a (non-field) candidate is only a name or a label: the program's title or a part of it, a
    sub-project heading, or a short line without figure or full stop (「1. 対象者」)."""
    if candidate.field:
        return False
    bare = _MARKER.sub("", nfkc(candidate.text)).strip()
    label = len(bare) <= 12 and not _DIGIT.search(bare) and "。" not in bare
    # A table cell of figures alone (「6,170」「△7,500」): what it is the figure of is not in it.
    figures = not re.sub(r"[\d,.\s△▲▽\-－−+＋%％()（）]|千円|百万円|億円|万円|円", "", bare)
    # 「【事業名】　病児保育事業」: a sheet's title line is a name, however labelled.
    titled = _is_heading(_SHEET_LABEL.sub("", nfkc(candidate.text)), candidate.names)
    return label or figures or titled or _is_heading(candidate.text, candidate.names)


@lru_cache(maxsize=4096)
def _lemmas(text: str) -> tuple[str, ...]:
    """`tokenize` of a question or of a program's names, cached: the same names are read for every question about
    their program, and one answer reads its question more than once."""
    from qa.index.tokenize import tokenize

    return tuple(tokenize(text))


def feature_matrix(question: str, attribute: str | None, candidates: list[Candidate],
                   query_vector: np.ndarray | None = None, candidate_vectors: np.ndarray | None = None,
                   tokens: list[list[str]] | None = None) -> np.ndarray:
    """The features of each candidate against the question (see the module docstring for each column).

    Args:
        question: the question as retrieval reads it.
        attribute: the asked attribute (`qa.understand.Query.attribute`), or None.
        candidates: the set, in program order (positions and section ranks are read from this order).
        query_vector: the question's L2-normalised query vector, shape (dim,); None without an encoder.
        candidate_vectors: the candidates' L2-normalised passage vectors, shape (len(candidates), dim).
        tokens: the candidates' lemmas (`qa.index.tokenize.tokenize`), when the caller has them already.

    Returns:
        Array of shape (len(candidates), len(FEATURES)), float64; dense columns are NaN without vectors.
    """
    from qa.answer.phrases import phrases
    from qa.index.tokenize import tokenize

    n = len(candidates)
    out = np.zeros((n, len(FEATURES)))
    if not n:
        return out
    col = {name: i for i, name in enumerate(FEATURES)}
    spec = next((a for a in vocabulary().attributes if a.name == attribute), None) if attribute else None
    stop = phrases().stopwords | _QUESTION_WORDS
    q_terms = [t for t in _lemmas(question) if t not in stop]
    toks = tokens if tokens is not None else [tokenize(c.text) for c in candidates]
    bm25 = _bm25(q_terms, toks)
    top = bm25.max()
    out[:, col["bm25"]] = bm25 / top if top > 0 else 0.0
    out[:, col["bm25_best"]] = (bm25 == top) & (top > 0)
    if query_vector is not None and candidate_vectors is not None:
        cos = candidate_vectors @ query_vector
        out[:, col["dense"]] = cos
        out[:, col["dense_gap"]] = cos - cos.max()
        out[:, col["dense_best"]] = cos == cos.max()
    else:
        out[:, [col[c] for c in DENSE]] = np.nan
    asked = asked_types(question, attribute)
    wants_examples = bool(_EXAMPLES.search(nfkc(question)))
    q_bigrams = _bigrams(question)
    ranks: Counter[str] = Counter()
    matches: dict[str, float] = {}
    sections: dict[str, float] = {}
    name_terms: dict[tuple[str, ...], set[str]] = {}
    for i, c in enumerate(candidates):
        names = name_terms.setdefault(c.names, set(_lemmas(" ".join(c.names))))
        rest = [t for t in q_terms if t not in names] or q_terms
        terms = set(toks[i])
        out[i, col["overlap"]] = sum(t in terms for t in rest) / len(rest) if rest else 0.0
        qb = q_bigrams - _bigrams(c.program_title)
        out[i, col["bigram"]] = len(qb & _bigrams(c.text)) / len(qb) if qb else 0.0
        carried = carried_types(c.text)
        out[i, col["type_match"]] = bool(asked & carried)
        out[i, col["type_miss"]] = bool(asked) and not asked & carried
        out[i, col["cue"]] = bool(spec and spec.cue and spec.cue.search(nfkc(c.text)))
        place = spec.in_section(c.section) if spec and c.section else None
        out[i, col["section"]] = 1.0 / (1 + place) if place is not None else 0.0
        if c.section not in sections:
            sections[c.section] = _section_match(question, c.section)
        out[i, col["section_name"]] = sections[c.section]
        out[i, col["no_section"]] = not c.section
        out[i, col["field"]] = c.field
        out[i, col["field_type"]] = c.field and bool(asked & carried)
        out[i, col["section_rank"]] = 1.0 / (1 + ranks[c.section])
        ranks[c.section] += 1
        out[i, col["position"]] = i / n
        out[i, col["length"]] = math.log1p(len(c.text)) / 6
        out[i, col["heading"]] = _is_heading(c.text, c.names)
        if c.program_title not in matches:
            matches[c.program_title] = program_match(question, c.program_title)
        out[i, col["program_match"]] = matches[c.program_title]
        intro = bool(_LIST_INTRO.search(nfkc(c.text).strip()))
        out[i, col["list_intro"]] = intro
        out[i, col["list_x_examples"]] = intro and wants_examples
    no_attr = float(attribute is None)
    out[:, col["no_attribute"]] = no_attr
    out[:, col["bm25_x_noattr"]] = out[:, col["bm25"]] * no_attr
    out[:, col["dense_x_noattr"]] = out[:, col["dense"]] * no_attr
    return out


def _sigmoid(z: np.ndarray | float) -> np.ndarray | float:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def ece(probabilities: np.ndarray | list[float], outcomes: np.ndarray | list[int], bins: int = 10) -> float:
    """Expected calibration error: the mean |accuracy - confidence| over equal-width probability bins, weighted by
    how many predictions fall in each (0 = perfectly calibrated, 1 = always certain and always wrong).

    Args:
        probabilities: predicted probabilities of being right, shape (n,), each in [0, 1].
        outcomes: 1 when right, 0 when wrong, shape (n,).
        bins: number of bins over [0, 1] (the last one includes 1.0).

    Raises:
        ValueError: the two arrays differ in length or are empty.
    """
    p = np.asarray(probabilities, dtype=float)
    y = np.asarray(outcomes, dtype=float)
    if p.shape != y.shape or not p.size:
        raise ValueError("probabilities and outcomes must be non-empty and of the same length")
    which = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.sum() / p.size * abs(y[mask].mean() - p[mask].mean())
    return float(total)


class Selector:
    """The trained selector: standardised features -> logit; best logit and its share -> calibrated probability.

    Args:
        model: the parsed `data/selector.json` (keys: features, mean, scale, coef, intercept, calibration
            {a, b, c}, threshold).

    Raises:
        ValueError: the model's features are not this module's `FEATURES` (retrain with bench/train_selector.py).
    """

    def __init__(self, model: dict) -> None:
        if tuple(model["features"]) != FEATURES:
            raise ValueError("selector model features differ from qa.answer.select.FEATURES; "
                             "retrain with bench/train_selector.py")
        self.model = model
        self.mean = np.asarray(model["mean"], dtype=float)
        self.scale = np.asarray(model["scale"], dtype=float)
        self.coef = np.asarray(model["coef"], dtype=float)
        self.intercept = float(model["intercept"])
        self.calibration = model.get("calibration", {"a": 1.0, "b": 0.0, "c": 0.0})
        self.threshold = float(model.get("threshold", 0.5))

    def logits(self, features: np.ndarray) -> np.ndarray:
        """Scores of rows of `feature_matrix`, shape (n,); NaN (missing dense) columns take the training mean."""
        x = np.where(np.isnan(features), self.mean, features)
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept

    def probability(self, top_logit: float, top_share: float) -> float:
        """Calibrated probability (0..1) that the best candidate is right, from its logit and its softmax share."""
        c = self.calibration
        return float(_sigmoid(c["a"] * top_logit + c["b"] * top_share + c["c"]))

    def select(self, question: str, attribute: str | None, candidates: list[Candidate],
               query_vector: np.ndarray | None = None, candidate_vectors: np.ndarray | None = None,
               tokens: list[list[str]] | None = None) -> Selection:
        """Rank a set of candidates for a question; see `feature_matrix` for the arguments.

        Returns:
            The candidates best first (ties keep program order), those that answer nothing left out, and the
            probability that the first is right; an empty set gives an empty ranking and confidence 0.
        """
        if not candidates:
            return Selection([], 0.0)
        keep = [i for i, c in enumerate(candidates) if not answers_nothing(c)] or list(range(len(candidates)))
        if len(keep) < len(candidates):
            candidates = [candidates[i] for i in keep]
            candidate_vectors = candidate_vectors[keep] if candidate_vectors is not None else None
            tokens = [tokens[i] for i in keep] if tokens is not None else None
        z = self.logits(feature_matrix(question, attribute, candidates, query_vector, candidate_vectors, tokens))
        share = np.exp(z - z.max())
        share /= share.sum()
        order = sorted(range(len(candidates)), key=lambda i: -z[i])
        ranked = [Scored(candidates[i], float(z[i]), float(share[i])) for i in order]
        return Selection(ranked, self.probability(ranked[0].score, ranked[0].share))


def load_selector(path: Path = MODEL) -> Selector:
    """Read a selector model file.

    Raises:
        FileNotFoundError: no model at `path`.
        ValueError: the file's features do not match this code.
    """
    return Selector(json.loads(path.read_text(encoding="utf-8")))


@cache
def selector() -> Selector:
    """The shipped selector, loaded once."""
    return load_selector()
