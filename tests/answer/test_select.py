"""The learned answer selector: it loads, ranks the candidate that carries what is asked first, reports a calibrated
probability, and its training script runs; ECE is computed as defined."""

from __future__ import annotations

import json

import numpy as np
import pytest

from qa.answer.select import FEATURES, Candidate, answers_nothing, ece, feature_matrix, selector
from qa.understand import understand
from tests.conftest import SHARED

TITLE = "地域ものづくり設備投資支援事業"
NAMES = (TITLE,)
# An invented program: (section, text, is a field line).
PROGRAM = [
    ("予算額", "予算額：12億5,000万円", True),
    ("府省庁", "府省庁：経済産業省", True),
    ("担当・連絡先", "担当：中小企業庁 技術・経営革新課 03-3501-1816", True),
    ("目的", "地域の中小企業の生産性を高め、地域経済の活性化を図ることを目的とします。", False),
    ("現状・課題", "人手不足が深刻化し、設備の老朽化が進んでいることが課題となっています。", False),
    ("概要", "中小企業が行う省力化のための設備投資を支援します。", False),
    ("概要", "補助率は2/3、1社あたりの補助上限額は500万円です。", False),
    ("概要", "公募期間は令和6年4月1日から5月31日までです。", False),
    ("成果目標", "約300社の採択を見込み、3年後に労働生産性を年率3%向上させることを目指します。", False),
]


def _candidates() -> list[Candidate]:
    return [Candidate(section, n * 100, n * 100 + len(text), text, field, "p1", TITLE, NAMES)
            for n, (section, text, field) in enumerate(PROGRAM)]


@pytest.mark.parametrize(("question", "expected"), [
    ("地域ものづくり設備投資支援事業の予算はいくら？", "予算額：12億5,000万円"),
    ("この事業の補助率は？", "補助率は2/3、1社あたりの補助上限額は500万円です。"),
    ("申請はいつまで？締め切りを教えて", "公募期間は令和6年4月1日から5月31日までです。"),
    ("問い合わせ先の電話番号は？", "担当：中小企業庁 技術・経営革新課 03-3501-1816"),
    ("何社くらい採択される見込み？", "約300社の採択を見込み、3年後に労働生産性を年率3%向上させることを目指します。"),
    # Both lines name who runs it (the contact names 中小企業庁): either answers.
    ("どこの省庁の事業ですか", ("府省庁：経済産業省", "担当：中小企業庁 技術・経営革新課 03-3501-1816")),
    ("地域ものづくり設備投資支援事業の目的は？", "地域の中小企業の生産性を高め、地域経済の活性化を図ることを目的とします。"),
    ("この事業の課題は何ですか", "人手不足が深刻化し、設備の老朽化が進んでいることが課題となっています。"),
])
def test_the_candidate_carrying_what_is_asked_ranks_first(question, expected):
    query = understand(question)
    selection = selector().select(question, query.attribute, _candidates())
    assert selection.ranked[0].candidate.text in ((expected,) if isinstance(expected, str) else expected)
    assert 0.0 <= selection.confidence <= 1.0


def test_dense_vectors_change_scores_but_are_optional():
    candidates = _candidates()
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(candidates), 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    without = feature_matrix("予算は？", "budget", candidates)
    with_dense = feature_matrix("予算は？", "budget", candidates, vectors[0], vectors)
    dense = FEATURES.index("dense")
    assert np.isnan(without[:, dense]).all()
    assert with_dense[0, dense] == pytest.approx(1.0)
    assert with_dense.shape == (len(candidates), len(FEATURES))


@pytest.mark.parametrize(("text", "nothing"), [
    ("1. 対象者", True),
    (TITLE, True),
    ("補助率：2/3", False),
    ("中小企業が行う省力化のための設備投資を支援します。", False),
])
def test_a_name_or_a_label_alone_answers_nothing(text, nothing):
    assert answers_nothing(Candidate("概要", 0, len(text), text, False, "p1", TITLE, NAMES)) is nothing


def test_an_empty_set_is_an_empty_selection():
    selection = selector().select("予算は？", "budget", [])
    assert selection.ranked == [] and selection.confidence == 0.0


def test_the_shipped_model_carries_its_figures_and_threshold():
    model = selector().model
    assert model["features"] == list(FEATURES)
    assert 0.0 < model["threshold"] < 1.0
    assert {"train", "held-out"} <= set(model["figures"])


@pytest.mark.parametrize(("probabilities", "outcomes", "expected"), [
    ([1.0, 1.0, 1.0], [1, 1, 1], 0.0),
    ([1.0, 1.0], [0, 0], 1.0),
    ([0.0, 0.0], [0, 0], 0.0),
    # one bin [0.7, 0.8): confidence 0.75, accuracy 0.5 -> 0.25
    ([0.75, 0.75, 0.75, 0.75], [1, 1, 0, 0], 0.25),
    # two bins of two: |1 - 0.95| and |0 - 0.15| weighted equally -> 0.1
    ([0.95, 0.95, 0.15, 0.15], [1, 1, 0, 0], 0.1),
])
def test_expected_calibration_error(probabilities, outcomes, expected):
    assert ece(probabilities, outcomes) == pytest.approx(expected)


def test_ece_refuses_mismatched_input():
    with pytest.raises(ValueError):
        ece([0.5], [1, 0])
    with pytest.raises(ValueError):
        ece([], [])


@pytest.mark.skipif(not (SHARED / "train" / "jaquad").is_dir(), reason="needs ../shared/train and ../shared/real")
def test_the_training_script_runs_on_a_tiny_sample(tmp_path, capsys):
    from bench.train_selector import main

    out = tmp_path / "selector.json"
    model = main(["--jaquad", "60", "--rs", "30", "--per-program", "1", "--no-dense", "--out", str(out)])
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["features"] == list(FEATURES)
    assert 0.0 <= model["figures"]["held-out"]["accuracy_at_1"] <= 1.0
    assert 0.0 <= model["figures"]["held-out"]["ece"] <= 1.0
    printed = capsys.readouterr().out
    assert "held-out" in printed and "ECE" in printed


@pytest.fixture(scope="module")
def sheet_service(embedder, tmp_path_factory):
    """A small 当初予算 PR sheet (2 programs), indexed once for this module."""
    import shutil

    from qa.service import QAService
    from tests.conftest import STYLES

    corpus = tmp_path_factory.mktemp("sheet")
    shutil.copy(STYLES / "r6-tousho-table.txt", corpus)
    return QAService.open(corpus / ".index", corpus, embedder=embedder, progress=False)


@pytest.mark.parametrize(("question", "quoted"), [
    ("観光地の多言語案内整備事業の成果目標は？", "200箇所"),
    ("観光地の多言語案内整備事業は何をする事業？", "案内アプリ"),
    ("港湾の脱炭素化実証事業って何をするの", "水素燃料"),
])
def test_a_quoted_answer_cites_the_selected_sentence_with_its_probability(sheet_service, question, quoted):
    answer = sheet_service.ask(question)
    assert not answer.abstained
    assert quoted in answer.citations[0].text
    assert answer.confidence is not None and 0.0 < answer.confidence < 1.0
