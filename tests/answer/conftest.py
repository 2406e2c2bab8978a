"""Services over corpora that answer tests build: a factory for a corpus made of given files, and the real
防衛省 document that several tests read (built once per run)."""

from __future__ import annotations

import csv
import gzip
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The real national review (行政事業レビュー 2025, 5,794 rows) and the mapping the repository ships for it.
REVIEW = ROOT / "tests" / "fixtures" / "real" / "rs2025-projects.csv.gz"
REVIEW_MAPPING = ROOT / "corpus" / "examples" / "rs2025-projects.mapping.toml"


def review_rows(keep: Callable[[dict[str, str]], bool] = lambda row: True) -> list[dict[str, str]]:
    """The real review's rows that `keep` accepts, in the table's order."""
    with gzip.open(REVIEW, "rt", encoding="utf-8") as source:
        return [row for row in csv.DictReader(source) if keep(row)]


def review_csv(rows: list[dict[str, str]]) -> str:
    """Rows of the review as CSV text under the table's own header (a corpus file for `corpus_service`)."""
    table = io.StringIO(newline="")
    writer = csv.DictWriter(table, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return table.getvalue()


def documents_in(folder: Path, *suffixes: str) -> dict[str, Path]:
    """The files of a fixture folder with one of the suffixes, by name (a corpus for `corpus_service`; the writer's
    PROGRAMS.jsonl beside them is left out by its suffix)."""
    return {p.name: p for p in sorted(folder.iterdir()) if p.suffix in suffixes}


@pytest.fixture(scope="session")
def corpus_service(embedder, tmp_path_factory) -> Callable:
    """`build(name, files)`: a QAService over a fresh corpus folder `name`, where `files` maps each file name to its
    text (written as UTF-8) or to a path (copied)."""
    from qa.service import QAService

    def build(name: str, files: dict[str, str | Path]) -> QAService:
        corpus = tmp_path_factory.mktemp(name)
        for file_name, content in files.items():
            if isinstance(content, Path):
                shutil.copy(content, corpus / file_name)
            else:
                (corpus / file_name).write_text(content, encoding="utf-8")
        return QAService.open(corpus / ".index", corpus, embedder=embedder, progress=False)

    return build


@pytest.fixture(scope="session")
def mod_service(corpus_service):
    """The real 防衛省 令和５年度予算の概要 (pp. 1-33) beside the bundled PR document, as a user with both has them:
    a question about one ministry's budget is answered from its own document."""
    return corpus_service("mod", {p.name: p for p in (ROOT / "tests" / "fixtures" / "real" / "mod-r05-yosan.txt",
                                                      ROOT / "corpus" / "h29-hosei-yosan-gaiyou.txt")})


@pytest.fixture(scope="session")
def conversation() -> Callable:
    """`ask(service, questions)`: the answer (the whole `Answer`) to the last question, asked after the others in one
    chat (each earlier answer sent back as the assistant's turn); None for no question."""
    from qa.answer import Turn

    def ask(service, questions: list[str]):  # noqa: ANN202 - an Answer, or None
        history: list[Turn] = []
        answer = None
        for question in questions:
            answer = service.ask(question, history=list(history))
            history += [Turn("user", question), Turn("assistant", answer.answer)]
        return answer

    return ask


@pytest.fixture(scope="session")
def chat(conversation) -> Callable:
    """`ask(service, questions)`: the answer text to the last question of one chat (`conversation`)."""

    def ask(service, questions: list[str]) -> str:
        answer = conversation(service, questions)
        return answer.answer if answer is not None else ""

    return ask
