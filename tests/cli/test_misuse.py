"""Each way of misusing `qa`: one readable line on stderr, nothing on stdout, the conventional exit code
(2 for usage, 1 for runtime), and no model loaded on the way (the `no_heavy` guard fails any such import)."""

from __future__ import annotations

import socket

import pytest

from tests.cli.conftest import error_lines, write_index

USAGE, RUNTIME = 2, 1


def check(result, code: int, *phrases: str) -> str:
    lines = error_lines(result)
    assert result.exit_code == code, (result.exit_code, result.stderr, result.stdout)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), lines
    assert "Traceback" not in result.stderr
    assert result.stdout.strip() == ""
    for phrase in phrases:
        assert phrase in lines[0], lines[0]
    return lines[0]


@pytest.fixture(autouse=True)
def _guard(no_heavy):
    """Every misuse is caught before the model stack is imported."""


def test_ask_empty_question(invoke):
    check(invoke("ask", ""), USAGE, "Invalid value for 'question'", "The question is empty", "qa ask --help")


def test_ask_blank_question(invoke):
    check(invoke("ask", "  \u3000 "), USAGE, "The question is empty")


def test_ask_too_long_question(invoke):
    check(invoke("ask", "予" * 1001), USAGE, "longer than 1000 characters")


def test_ask_unknown_mode(invoke):
    check(invoke("ask", "--mode", "foo", "予算は？"), USAGE, "'--mode'", "'foo' is not one of 'bm25', 'dense', 'hybrid'")


def test_ask_missing_question(invoke):
    check(invoke("ask"), USAGE, "Missing argument 'question'")


def test_ask_unknown_option(invoke):
    check(invoke("ask", "--bogus", "予算は？"), USAGE, "No such option", "--bogus")


def test_unknown_command(invoke):
    check(invoke("nosuch"), USAGE, "No such command 'nosuch'", "qa --help")


def test_ask_missing_corpus(invoke, tmp_path):
    check(invoke("ask", "--local", "--corpus", str(tmp_path / "none"), "予算は？"), RUNTIME,
          "corpus folder", "does not exist")


def test_programs_missing_corpus(invoke):
    check(invoke("programs", "--corpus", "/nonexistent"), RUNTIME, "corpus folder /nonexistent does not exist")


def test_mcp_missing_corpus(invoke):
    check(invoke("mcp", "--corpus", "/nonexistent"), RUNTIME, "corpus folder /nonexistent does not exist")


def test_programs_empty_corpus(invoke, tmp_path):
    check(invoke("programs", "--corpus", str(tmp_path)), RUNTIME, "no readable documents in")


def test_index_status_missing_index(invoke, corpus, tmp_path):
    check(invoke("index", "status", "--index", str(tmp_path / "none"), "--corpus", str(corpus)), RUNTIME,
          "no index in", "qa index build")


def test_index_status_missing_corpus(invoke, corpus, tmp_path):
    write_index(tmp_path / "index", corpus)
    check(invoke("index", "status", "--index", str(tmp_path / "index"), "--corpus", "/nonexistent"), RUNTIME,
          "corpus folder /nonexistent does not exist")


def test_index_status_corrupt_manifest(invoke, corpus, tmp_path):
    write_index(tmp_path / "index", corpus)
    (tmp_path / "index" / "current" / "manifest.json").write_text("{not json", encoding="utf-8")
    check(invoke("index", "status", "--index", str(tmp_path / "index"), "--corpus", str(corpus)), RUNTIME,
          "index manifest unreadable", "qa index build")


def test_index_build_missing_corpus(invoke, tmp_path):
    check(invoke("index", "build", "--corpus", "/nonexistent", "--index", str(tmp_path / "index")), RUNTIME,
          "corpus folder /nonexistent does not exist")
    assert not (tmp_path / "index").exists()


def test_eval_missing_question_file(invoke, tmp_path):
    check(invoke("eval", str(tmp_path / "none.jsonl")), USAGE, "Invalid value for 'questions'", "does not exist")


@pytest.fixture
def questions(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"question": "予算は？"}\n', encoding="utf-8")
    return str(path)


def test_eval_unknown_mode(invoke, questions):
    check(invoke("eval", questions, "--mode", "hybrid", "--mode", "fast"), USAGE, "'fast' is not one of")


def test_eval_unknown_floor_metric(invoke, questions):
    check(invoke("eval", questions, "--fail-under", "acc=0.9"), USAGE, "'acc=0.9' is not METRIC=VALUE", "accuracy")


def test_eval_floor_not_a_number(invoke, questions):
    check(invoke("eval", questions, "--fail-under", "accuracy=high"), USAGE, "'high' is not a number")


def test_eval_zero_limit(invoke, questions):
    check(invoke("eval", questions, "--limit", "0"), USAGE, "'--limit'")


def test_eval_missing_corpus(invoke, questions):
    check(invoke("eval", questions, "--corpus", "/nonexistent"), RUNTIME, "corpus folder /nonexistent does not exist")


def test_serve_port_out_of_range(invoke):
    check(invoke("serve", "--port", "70000"), USAGE, "'--port'")


def test_serve_missing_corpus(invoke):
    check(invoke("serve", "--corpus", "/nonexistent"), RUNTIME, "corpus folder /nonexistent does not exist")


def test_serve_port_taken(invoke, corpus):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        check(invoke("serve", "--corpus", str(corpus), "--host", "127.0.0.1", "--port", str(port)), RUNTIME,
              f"cannot listen on 127.0.0.1:{port}", "in use")


def test_bad_setting(invoke, corpus):
    check(invoke("programs", "--corpus", str(corpus), env={"QA_PORT": "eighty"}), RUNTIME,
          "invalid setting QA_PORT")


def test_debug_adds_the_traceback(invoke, tmp_path):
    result = invoke("--debug", "index", "status", "--index", str(tmp_path / "none"))
    assert result.exit_code == RUNTIME
    assert "Traceback (most recent call last)" in result.stderr
    assert "IndexNotFound" in result.stderr
    assert error_lines(result)[-1].startswith("Error: no index in")
