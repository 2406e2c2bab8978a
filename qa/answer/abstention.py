"""Whether to answer: a calibrated probability that answering from the top program is right.

A logistic regression over features of how the question met the corpus (`FEATURES`, computed by
`Answerer.gate_features`), fitted by `bench/train_abstention.py` on question sets that are tuning data (their
provenance says so) and shipped as `data/abstention.json` with its standardisation, its threshold and the figures
of its fit. The threshold is the one that maximises accuracy on the fitting data, where abstaining is right for
an unanswerable question and wrong for an answerable one; a probability below it abstains.

Replaces a hand-weighted confidence (half noun coverage, half dense clarity, ±0.15 for agreement) whose threshold
was chosen on 52 questions paraphrasing the dev set.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODEL = Path(__file__).parent / "data" / "abstention.json"

# What the gate sees, each in 0..1 or a small count; the model file lists the names it was fitted with.
FEATURES = (
    "coverage",       # IDF-weighted share of the question's salient nouns the program contains
    "clarity",        # dense cosine of rank 1 minus rank 10, over 0.04, capped at 1 (0.5 without dense)
    "bm25_first",     # BM25 ranked one of the program's passages first (1), in the top three (0.5), or not (0)
    "dense_first",    # the same for the dense retriever
    "name_score",     # how much of a program name the question writes (0..1)
    "english",        # the question is in English
    "salient_terms",  # log(1 + number of salient nouns)
    "margin",         # fused score of the top program minus the second's, over the top's
    "matched_weight", # log(1 + IDF mass of the salient nouns the program contains)
    "unit_coverage",  # the share coverage gives, held by the program's one sentence (unit) that holds most of it
)


@dataclass(frozen=True)
class AbstentionModel:
    """A fitted gate: p = sigmoid(bias + Σ weight · (x − mean) / scale); answer when p ≥ threshold.

    Attributes:
        features: the feature names, in the order of the vectors.
        mean, scale: standardisation of each feature (scale > 0).
        weights, bias: the logistic regression.
        threshold: the probability below which the service abstains.
    """

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, values: dict[str, float]) -> float:
        """P(answering is right) for one question's features (a missing feature counts as its mean)."""
        z = self.bias
        for name, mean, scale, weight in zip(self.features, self.mean, self.scale, self.weights, strict=True):
            z += weight * (values.get(name, mean) - mean) / scale
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def abstains(self, values: dict[str, float], threshold: float | None = None) -> bool:
        """Whether to abstain: the probability is below the threshold (the model's, or one configured)."""
        return self.probability(values) < (self.threshold if threshold is None else threshold)


@cache
def abstention_model(path: Path = MODEL) -> AbstentionModel:
    """The shipped gate, read once.

    Raises:
        FileNotFoundError: the model file is missing (it ships with the package; retrain with
            `bench/train_abstention.py`).
        KeyError, ValueError: the file is not a model this code can read.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    names = tuple(data["features"])
    unknown = set(names) - set(FEATURES)
    if unknown:
        raise ValueError(f"{path.name}: features this code does not compute: {sorted(unknown)}")
    return AbstentionModel(features=names, mean=tuple(data["mean"]), scale=tuple(data["scale"]),
                           weights=tuple(data["weights"]), bias=float(data["bias"]),
                           threshold=float(data["threshold"]))
