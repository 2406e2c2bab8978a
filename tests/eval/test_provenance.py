"""Every question set says where it comes from, and `qa eval` prints it above the scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.eval.provenance import UNKNOWN, provenance_path, read_provenance

FIXTURES = Path(__file__).parents[1] / "fixtures"
# Every question set: the project's own, the blind and scored rounds, the tuning decks' questions (not the writers'
# lists of programs, PROGRAMS.jsonl, nor a corpus's passages).
QUESTION_SETS = sorted(p for folder in [FIXTURES / "questions", FIXTURES / "blind", *FIXTURES.glob("scored-*"),
                                        *FIXTURES.glob("*-questions")]
                       for p in folder.rglob("*.jsonl") if p.stem != "PROGRAMS" and p.parent.name != "truth")


@pytest.mark.parametrize("questions", QUESTION_SETS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_question_set_in_the_repository_has_a_valid_provenance(questions):
    origin = read_provenance(questions)
    assert origin is not None, f"{provenance_path(questions).name} is missing"
    assert origin.saw and origin.author
    # A set that has been scored and then worked on is tuning data; only a never-scored set may say held-out.
    assert origin.role == "tuning" or origin.first_scored is None


@pytest.mark.parametrize(("sidecar", "message"), [
    ('author = "x"\nsaw = ["d"]\nrole = "secret"\nwritten = "2026-12-03"\n', "role"),
    ('author = "x"\nrole = "tuning"\nwritten = "2026-12-03"\n', "saw"),
    ('author = "x\n', "q.provenance.toml"),
])
def test_a_broken_provenance_file_is_named_with_what_is_wrong(tmp_path, sidecar, message):
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": "1", "question": "予算は？"}\n', encoding="utf-8")
    provenance_path(questions).write_text(sidecar, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_provenance(questions)


@pytest.mark.slow
@pytest.mark.parametrize("with_sidecar", [True, False])
def test_qa_eval_prints_the_provenance_line_and_keeps_it_in_the_report(seed_service, tmp_path, with_sidecar):
    from typer.testing import CliRunner

    from qa.cli import app

    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"id": "1", "question": "AIチップ開発の予算はいくら？", "type": "amount",
                                     "answers": ["17.0億円"]}, ensure_ascii=False) + "\n", encoding="utf-8")
    if with_sidecar:
        provenance_path(questions).write_text('author = "a tester"\nsaw = ["the seed document"]\nrole = "held-out"\n'
                                              'written = "2026-12-03"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(questions), "--corpus", str(seed_service.corpus), "--index",
                                      str(seed_service.index_dir), "--report", str(tmp_path / "report")],
                                env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    expected = "held-out · written 2026-12-03 by a tester" if with_sidecar else UNKNOWN[:40]
    assert expected in " ".join(result.output.split())
    metrics = json.loads((tmp_path / "report" / "metrics.json").read_text(encoding="utf-8"))
    assert (metrics["provenance"] is not None) == with_sidecar
    assert "provenance" in (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
