"""The abstention gate: a calibrated probability from a shipped model, and clear errors for a bad model file."""

from __future__ import annotations

import json

import pytest

from qa.answer.abstention import FEATURES, MODEL, abstention_model


def test_the_shipped_gate_reads_every_feature_the_answerer_computes_and_records_how_it_was_fitted():
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES
    assert 0.0 < data["threshold"] < 1.0 and data["figures"]["all"]["questions_at_gate"] > 100
    # tuning sets only: the scored rounds' fixtures, never seed-dev or the field cases
    assert all(path.startswith("tests/fixtures/scored-2026-12-0") for path in data["fitted_on"])
    assert not any("seed-dev" in path or "field" in path for path in data["fitted_on"])


@pytest.mark.parametrize(("better", "worse"), [
    ({"coverage": 1.0, "clarity": 1.0, "dense_first": 1.0, "bm25_first": 1.0},
     {"coverage": 0.0, "clarity": 0.1, "dense_first": 0.0, "bm25_first": 0.0}),
    ({"coverage": 1.0}, {"coverage": 0.0}),
    ({"margin": 0.9}, {"margin": 0.0}),
])
def test_a_question_that_meets_its_program_more_clearly_is_more_likely_answered_right(better, worse):
    gate = abstention_model()
    assert gate.probability(better) > gate.probability(worse)


def test_a_question_meeting_nothing_abstains_and_one_naming_its_program_does_not():
    gate = abstention_model()
    assert gate.abstains({"coverage": 0.0, "clarity": 0.0, "bm25_first": 0.0, "dense_first": 0.0, "margin": 0.0})
    assert not gate.abstains({"coverage": 1.0, "clarity": 1.0, "bm25_first": 1.0, "dense_first": 1.0,
                              "name_score": 1.0, "margin": 0.5})
    assert gate.abstains({"coverage": 1.0}, threshold=1.0)  # a configured threshold overrides the fitted one


def test_a_model_file_with_a_feature_the_code_does_not_compute_is_refused_by_name(tmp_path):
    path = tmp_path / "abstention.json"
    path.write_text(json.dumps({"features": ["coverage", "moon_phase"], "mean": [0, 0], "scale": [1, 1],
                                "weights": [1, 1], "bias": 0, "threshold": 0.5}), encoding="utf-8")
    with pytest.raises(ValueError, match="moon_phase"):
        abstention_model(path)
