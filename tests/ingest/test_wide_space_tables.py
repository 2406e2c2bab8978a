"""A list of programs whose columns an office padded with full-width spaces (「事業名　　　予算額」), in any count per
row rather than to one display column: read as a table, each row's cells taken in the header's order."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.parse import parse

HEAD = "南浜町　令和８年度　当初予算　主な事業\n\n（単位：千円）\n"
ROWS = [("子ども医療費助成事業", "96,400", "子育て支援課"), ("町道舗装修繕事業", "85,500", "建設課"),
        ("地域公共交通運行支援事業", "41,200", "企画課"), ("ごみ減量推進事業", "11,400", "環境課")]


@pytest.mark.parametrize("gap", [
    lambda n: "　" * (2 + n % 3),  # full-width spaces, a different count on every row
    lambda n: "  " + " " * n,       # ASCII spaces, unaligned
], ids=["full-width", "ascii"])
def test_rows_padded_unevenly_are_read_by_the_header_order(tmp_path: Path, gap):
    lines = [f"事業名{gap(0)}予算額{gap(1)}担当課"]
    lines += [f"{title}{gap(n + 2)}{amount}{gap(n)}{office}" for n, (title, amount, office) in enumerate(ROWS)]
    path = tmp_path / "minamihama_r08_shuyo.txt"
    path.write_text(HEAD + "\n".join(lines) + "\n", encoding="utf-8")
    documents, programs = parse(path)
    assert documents[0].layout == "text_table"
    read = [(p.title, p.budget.yen if p.budget else None, p.department) for p in programs]
    assert read == [(t, int(a.replace(",", "")) * 1000, o) for t, a, o in ROWS]
