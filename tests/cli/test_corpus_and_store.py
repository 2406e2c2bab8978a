"""`qa corpus add/add-rs` put a table and its mapping where the next build reads them; `qa index status` and
`qa index publish` with the Milvus store: what they say, and one-line errors when the store cannot be used."""

from __future__ import annotations

import gzip

from qa.ingest import parse_corpus
from tests.cli.conftest import error_lines
from tests.cli.test_misuse import RUNTIME, USAGE, check


def test_add_rs_puts_the_national_table_and_its_mapping_in_the_corpus(invoke, tmp_path, no_heavy):
    folder = tmp_path / "corpus"
    result = invoke("corpus", "add-rs", "--corpus", str(folder))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["rs2025-projects.csv.gz", "rs2025-projects.mapping.toml"]
    assert "qaindexbuild" in "".join(result.stdout.split())
    with gzip.open(folder / "rs2025-projects.csv.gz", "rt", encoding="utf-8") as f:
        assert sum(1 for _ in f) > 5_000
    parsed = parse_corpus(folder)
    assert len(parsed.programs) == 5_794 and not parsed.skipped
    assert {p.ministry for p in parsed.programs} >= {"こども家庭庁", "文部科学省", "防衛省"}


def test_adding_a_table_with_a_file_that_is_not_a_mapping_is_a_usage_error(invoke, tmp_path, no_heavy):
    data = tmp_path / "t.csv"
    data.write_text("a,b\n1,2\n", encoding="utf-8")
    check(invoke("corpus", "add", str(data), str(data), "--corpus", str(tmp_path / "c")), USAGE, "not a mapping file")


def test_publish_without_the_milvus_store_configured_is_a_usage_error(invoke, no_heavy):
    check(invoke("index", "publish", env={"QA_STORE": "embedded"}), USAGE, "QA_STORE=milvus")


def test_status_of_an_unreachable_milvus_is_one_line_naming_it(invoke, corpus, tmp_path, no_heavy):
    result = invoke("index", "status", "--corpus", str(corpus), "--index", str(tmp_path / "i"),
                    env={"QA_STORE": "milvus", "QA_MILVUS_URI": "http://127.0.0.1:9", "QA_MILVUS_TIMEOUT_SECONDS": "1"})
    line = check(result, RUNTIME, "milvus http://127.0.0.1:9")
    assert "token" not in line.lower()


def test_status_of_an_empty_milvus_lite_says_there_is_no_index(invoke, corpus, tmp_path, no_heavy):
    result = invoke("index", "status", "--corpus", str(corpus), "--index", str(tmp_path / "i"),
                    env={"QA_STORE": "milvus", "QA_MILVUS_URI": str(tmp_path / "m.db")})
    assert result.exit_code == RUNTIME
    assert "no index in milvus lite (m.db)" in error_lines(result)[0]
