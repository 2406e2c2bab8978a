"""Tables of programs (CSV / JSON / JSON lines, optionally gzipped) read through NAME.mapping.toml.

Checked against truth tables written by hand (tests/fixtures/truth/) for three real files; every span must
quote the generated document text exactly.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.ingest import parse, parse_corpus
from qa.ingest.models import Document, Program
from qa.ingest.normalize import fold_radicals
from qa.ingest.readers import UnreadableDocument, corpus_files
from qa.ingest.records import clean, is_table, mapping_path, read_table, table_files
from tests.conftest import CORPUS, ROOT

REAL = ROOT / "tests" / "fixtures" / "real"
TRUTH = ROOT / "tests" / "fixtures" / "truth"
EXAMPLES = CORPUS / "examples"


def _corpus(tmp_path: Path, data: str, mapping: str | None = None) -> Path:
    """Copy a real data file and its example mapping into a fresh corpus folder; the data file's path."""
    target = tmp_path / data
    shutil.copyfile(REAL / data, target)
    name = (mapping or mapping_path(target).name)
    shutil.copyfile(EXAMPLES / name, tmp_path / mapping_path(target).name)
    return target


def _truth(name: str) -> dict:
    return json.loads((TRUTH / name).read_text(encoding="utf-8"))


def _check_spans(doc: Document, programs: list[Program], rows: list[dict], sections: dict[str, str]) -> None:
    """Every section and budget span quotes the document text exactly; blocks are disjoint and in order."""
    previous_end = -1
    for program in programs:
        assert previous_end < program.start < program.end <= len(doc.text)
        previous_end = program.end
        block = doc.text[program.start:program.end]
        assert block.startswith(f"[行 {program.row + 1}] 事業名：")
        row = rows[program.row]
        for section in program.sections:
            assert program.start <= section.start < section.end <= program.end
            quoted = doc.text[section.start:section.end]
            if section.name == "事業名":
                assert quoted == program.title
            elif section.name == "予算額":
                assert quoted == program.budget.amount_text == program.budget.text
                assert (section.start, section.end) == (program.budget.start, program.budget.end)
            else:
                # Values are quoted as written, radicals folded (the RS data has 急成⻑ with U+2ED1); what was spent
                # is a bare number of yen written with the budget's unit (「219,490,000円」).
                value = fold_radicals(str(row[sections[section.name]])).strip()
                assert quoted == (f"{int(value):,}円" if section.name == "執行額" and value.isdigit() else value)


# --- the three real files against the truth tables -----------------------------------------------------------

def test_mhlw_supplementary_budget_json_matches_the_truth(tmp_path):
    path = _corpus(tmp_path, "mhlw-r02-hosei2.json")
    doc, programs, warnings = read_table(path)
    truth = _truth("mhlw-r02-hosei2.json")
    assert warnings == [] and doc.kind == "table" and doc.name == "mhlw-r02-hosei2.json"
    assert len(programs) == len(truth["items"]) == 36
    by_row = {p.row: p for p in programs}
    for item in truth["items"]:
        program = by_row[item["record"]]
        assert program.id == f"mhlw-r02-hosei2-{item['id']}"
        assert program.title == item["title"]
        assert program.budget.amount_text == item["amount_text"]
        assert program.budget.yen == item["yen"]
        assert program.categories == item["categories_outer_first"]
        assert program.category == item["categories_outer_first"][-1]
        assert program.ministry == item["department"]  # the file's `department` names the ministry
        assert (program.budget.fiscal_year, program.budget.budget_kind) == (2020, "第2次補正")
        assert program.kind == "program"
    rows = json.loads(path.read_text(encoding="utf-8"))
    _check_spans(doc, programs, rows, {"概要": "description"})


def test_fukuoka_city_json_matches_the_truth_and_keeps_same_title_programs_apart(tmp_path):
    path = _corpus(tmp_path, "fukuoka-r02-juyoshisaku.json")
    doc, programs, warnings = read_table(path)
    truth = _truth("fukuoka-r02-juyoshisaku.json")
    assert warnings == [] and len(programs) == 168
    by_row = {p.row: p for p in programs}
    for item in truth["items"]:
        program = by_row[item["record"]]
        assert program.id == f"fukuoka-r02-juyoshisaku-{item['id']}"
        assert (program.title, program.budget.amount_text, program.budget.yen) == (
            item["title"], item["amount_text"], item["yen"])
        assert program.categories == item["categories_outer_first"]
        assert program.department == item["department"] and program.ministry == "福岡市"
        assert (program.budget.fiscal_year, program.budget.budget_kind) == (2020, "当初")
    same = [p for p in programs if p.title == "アセットマネジメントの推進"]
    assert [(p.row, p.department, p.budget.yen) for p in same] == [(13, "財政局", 16_539_000),
                                                                  (114, "港湾空港局", 992_482_000)]
    assert len({p.id for p in programs}) == len(programs)
    rows = json.loads(path.read_text(encoding="utf-8"))
    _check_spans(doc, programs, rows, {"概要": "description"})


@pytest.fixture(scope="module")
def rs_table(tmp_path_factory):
    """The RS 2025 project list (5,794 rows, CSV in gzip), read once; with the time the read took."""
    path = _corpus(tmp_path_factory.mktemp("rs"), "rs2025-projects.csv.gz")
    started = time.perf_counter()
    doc, programs, warnings = read_table(path)
    return path, doc, programs, warnings, time.perf_counter() - started


def test_rs2025_gzipped_csv_matches_the_truth_sample(rs_table):
    _, doc, programs, warnings, seconds = rs_table
    truth = _truth("rs2025-sample.json")
    assert warnings == [] and len(programs) == truth["n_rows"] == 5794
    assert seconds < 30, f"read_table took {seconds:.1f} s on 5,794 rows"
    by_row = {p.row: p for p in programs}
    for item in truth["rows"]:
        program = by_row[item["row"]]
        assert program.id == f"rs2025-projects-{item['projectId']}"
        assert program.title == item["title"]
        assert program.ministry == item["ministry"]
        # (the department is the bureau, then the division and section the scores name; an agency's own name as
        # its bureau is said once, as the ministry)
        if item["bureau"] and item["bureau"] != item["ministry"]:
            assert program.department.split(" ")[0] == item["bureau"]
        assert program.budget.yen == item["yen"]  # 0 stays 0, a budget
        assert program.budget.amount_text == f"{item['yen']:,}円"
        assert (program.budget.fiscal_year, program.budget.label) == (2024, "令和6年度")
        purpose = program.section("目的")
        assert doc.text[purpose.start:purpose.end].startswith(item["purpose_starts"])


def test_rs2025_every_span_quotes_the_text(rs_table):
    path, doc, programs, _, _ = rs_table
    rows = list(csv.DictReader(io.StringIO(gzip.decompress(path.read_bytes()).decode("utf-8"))))
    _check_spans(doc, programs, rows, {"目的": "purpose", "現状・課題": "currentIssues", "概要": "overview",
                                       "備考": "remarks", "執行額": "execAmount_yen"})
    assert len({p.id for p in programs}) == len(programs)


# --- formats, mapping forms and amounts ----------------------------------------------------------------------

def _write_table(folder: Path, name: str, rows: list, mapping: str) -> Path:
    """Write rows as NAME (.csv/.json/.jsonl, .gz compresses) with its mapping; the data file's path."""
    path = folder / name
    base = name.removesuffix(".gz")
    if base.endswith(".csv"):
        out = io.StringIO()
        fields = list(dict.fromkeys(k for r in rows for k in r))
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
        data = out.getvalue()
    elif base.endswith(".jsonl"):
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    else:
        data = json.dumps(rows, ensure_ascii=False)
    raw = data.encode("utf-8")
    path.write_bytes(gzip.compress(raw) if name.endswith(".gz") else raw)
    mapping_path(path).write_text(mapping, encoding="utf-8")
    return path


ROWS = [
    {"no": "1", "name": "○  地域外来の整備", "yen": "1,234", "dept": "医政局", "goal": "目的の文"},
    {"no": "2", "name": "・ 検査の確保", "yen": "", "dept": "健康局", "goal": ""},
    {"no": "3", "name": "■相談の強化", "yen": "5", "dept": "健康局", "goal": "相談を\r\n強化する"},
    {"no": "4", "name": "（１）看護の支援", "yen": "0.5", "dept": "医政局", "goal": "看護"},
    {"no": "5", "name": "【１】保育の充実", "yen": "7", "dept": "子ども局", "goal": "保育"},
]
MAPPING = """id = "no"\ntitle = "name"\nbudget = "yen"\nbudget_unit = "千円"\nyear = "令和7年度当初"
department = "dept"\nministry = { value = "架空省" }\n[sections]\n"目的" = "goal"\n"""


@pytest.mark.parametrize("name", ["t.csv", "t.csv.gz", "t.json", "t.json.gz", "t.jsonl", "t.jsonl.gz"])
def test_every_format_reads_the_same_programs_gzip_transparently(tmp_path, name):
    doc, programs, warnings = read_table(_write_table(tmp_path, name, ROWS, MAPPING))
    assert warnings == [] and doc.name == name
    assert [p.title for p in programs] == ["地域外来の整備", "検査の確保", "相談の強化", "看護の支援", "保育の充実"]
    assert [p.id for p in programs] == [f"t-{n}" for n in range(1, 6)]
    assert [p.budget and p.budget.yen for p in programs] == [1_234_000, None, 5_000, 500, 7_000]
    assert programs[0].budget.amount_text == "1,234千円" and programs[3].budget.amount_text == "0.5千円"
    assert {(p.budget.fiscal_year, p.budget.budget_kind) for p in programs if p.budget} == {(2025, "当初")}
    assert {p.ministry for p in programs} == {"架空省"} and programs[0].department == "医政局"
    assert programs[1].section("予算額") is None and programs[1].section("目的") is None
    goal = programs[2].section("目的")
    assert doc.text[goal.start:goal.end] == "相談を\n強化する"  # line breaks kept, as \n
    for program in programs:
        for section in program.sections:
            assert doc.text[section.start:section.end] == (
                program.title if section.name == "事業名" else
                program.budget.amount_text if section.name == "予算額" else
                clean(ROWS[program.row]["goal"]))


def test_written_amounts_in_every_form_are_exact(tmp_path):
    rows = [{"t": f"事業{i}", "b": b} for i, b in enumerate(
        ["２兆２，３７０億円", "7,619,000千円", "12億5,000万円", "約１，８４４億円", "八億円", "1,234百万円", "未定", None, "  "])]
    doc, programs, warnings = read_table(_write_table(tmp_path, "a.json", rows, 'title = "t"\nbudget = "b"\n'))
    assert [p.budget and p.budget.yen for p in programs] == [
        2_237_000_000_000, 7_619_000_000, 1_250_000_000, 184_400_000_000, 800_000_000, 1_234_000_000,
        None, None, None]
    assert programs[3].budget.approx and programs[6].budget.amount_text == "未定"
    assert warnings == ["a.json: 1 budget(s) in 'b' not read as an amount (yen unknown)"]
    assert [p.id for p in programs] == [f"a-{n}" for n in range(1, 10)]  # no id field: row numbers


def test_json_records_path_inner_first_categories_and_year_field(tmp_path):
    data = {"meta": {"title": "x"}, "data": {"items": [
        {"item": "○事業A", "cats": ["小分類", "大分類"], "title": "令和２年度 厚生労働省第二次補正予算（案）の概要", "b": 3},
        {"item": "事業B", "cats": "単独分類", "title": "令和7年度概算要求", "b": 4.5}]}}
    path = tmp_path / "n.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    mapping_path(path).write_text('records = "data.items"\ntitle = "item"\ncategory = "cats"\n'
                                  'category_order = "inner-first"\nyear = { field = "title" }\n'
                                  'budget = "b"\nbudget_unit = "億円"\n', encoding="utf-8")
    doc, programs, _ = read_table(path)
    assert [p.categories for p in programs] == [["大分類", "小分類"], ["単独分類"]]
    assert [p.category for p in programs] == ["小分類", "単独分類"]
    assert [(p.budget.yen, p.budget.amount_text) for p in programs] == [(300_000_000, "3億円"),
                                                                       (450_000_000, "4.5億円")]
    assert [(p.budget.fiscal_year, p.budget.budget_kind) for p in programs] == [(2020, "第2次補正"),
                                                                               (2025, "概算要求")]


def test_two_rows_with_the_same_title_stay_two_programs(tmp_path):
    rows = [{"name": "地域連携事業", "dept": "A局", "b": "1億円"}, {"name": "地域連携事業", "dept": "B局", "b": "2億円"},
            {"name": "地域連携事業", "dept": "B局", "b": "2億円"}]
    _, programs, _ = read_table(_write_table(tmp_path, "same.csv", rows,
                                             'title = "name"\ndepartment = "dept"\nbudget = "b"\n'))
    assert [(p.id, p.department) for p in programs] == [("same-1", "A局"), ("same-2", "B局"), ("same-3", "B局")]


def test_repeated_ids_stay_unique_and_are_reported(tmp_path):
    rows = [{"id": "7", "t": "甲"}, {"id": "7", "t": "乙"}, {"id": "a/b c", "t": "丙"}, {"id": "", "t": "丁"}]
    _, programs, warnings = read_table(_write_table(tmp_path, "dup.jsonl", rows, 'id = "id"\ntitle = "t"\n'))
    assert [p.id for p in programs] == ["dup-7", "dup-7-row2", "dup-a-b-c", "dup-4"]
    assert any("1 repeated value(s) of 'id'" in w for w in warnings)


def test_bad_rows_are_skipped_and_counted(tmp_path):
    rows = [{"t": "良い事業"}, "not a record", None, {"t": ""}, {"x": 1}, {"t": "○"}, {"t": "次の事業"}]
    doc, programs, warnings = read_table(_write_table(tmp_path, "bad.json", rows, 'title = "t"\n'))
    assert [(p.title, p.row) for p in programs] == [("良い事業", 0), ("次の事業", 6)]
    assert warnings == ["bad.json: 5 row(s) skipped (not a record or no title in 't')"]
    path = tmp_path / "lines.jsonl"  # a line that is not JSON is a bad row too
    path.write_text('{"t": "一"}\n{broken\n\n{"t": "二"}\n', encoding="utf-8")
    mapping_path(path).write_text('title = "t"\n', encoding="utf-8")
    _, programs, warnings = read_table(path)
    assert [p.title for p in programs] == ["一", "二"] and "1 row(s) skipped" in warnings[0]


def test_bare_numbers_without_a_unit_are_not_guessed(tmp_path):
    rows = [{"t": "事業", "b": 1000}]
    _, programs, warnings = read_table(_write_table(tmp_path, "u.json", rows, 'title = "t"\nbudget = "b"\n'))
    assert programs[0].budget.yen is None and programs[0].budget.amount_text == "1000"
    assert "set budget_unit" in warnings[0]


# --- errors ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("mapping", "message"), [
    ('title = "name"\nbudget = "amount"\n', "names field(s) no row has: amount"),
    ('title = "nom"\n', "names field(s) no row has: nom"),
    ('title = "name"\n[sections]\n"目的" = "purpose"\n', "no row has: purpose"),
    ('title = "name"\nministry = { field = "省" }\n', "no row has: 省"),
    ('titel = "name"\n', "unknown mapping key(s) titel"),
    ('budget = "yen"\n', "no 'title'"),
    ('title = "name"\nbudget = "yen"\nbudget_unit = "ドル"\n', "budget_unit 'ドル' is not one of"),
    ('title = "name"\ncategory = "dept"\ncategory_order = "middle"\n', "category_order 'middle'"),
    ('title = "name"\nyear = 2025\n', "mapping key 'year' must be"),
    ('title = "name"\nskip_rows = -1\n', "mapping key 'skip_rows' must be a whole number"),
    ('title = "name"\nskip_rows = "1"\n', "mapping key 'skip_rows' must be a whole number"),
    ('title = "name"\nrecords = "items"\n', "'records', which only applies to .json"),
    ('title = name\n', "not a readable mapping"),
])
def test_a_bad_mapping_is_unreadable_with_a_one_line_reason(tmp_path, mapping, message):
    path = _write_table(tmp_path, "m.csv", [{"name": "事業", "yen": "1", "dept": "局"}], mapping)
    with pytest.raises(UnreadableDocument) as caught:
        read_table(path)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert str(caught.value).startswith(("m.csv: ", "m.mapping.toml: "))


@pytest.mark.parametrize(("name", "content", "message"), [
    ("j.json", b'{"a": [1,', "not a readable JSON file"),
    ("j.json", b'{"a": []}', "the top level is not a list of records"),
    ("j.json", b"[]", "no rows"),
    ("j.json.gz", b"not gzip at all", "cannot read the gzip file"),
    ("c.csv", b"", "the file is empty"),
    ("c.csv", b"\n\n  \n", "the file is empty"),
    ("c.csv", b"t\n", "no rows"),
    ("c.csv", b"t\n\"\"\n", "no usable rows"),
    ("c.csv", b"x\n1\n", "names field\\(s\\) no row has: t"),
    ("c.csv", b"t\n\x81 \n", "not UTF-8 or Shift_JIS"),
])
def test_an_unreadable_table_is_unreadable_with_a_one_line_reason(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    mapping_path(path).write_text('title = "t"\n', encoding="utf-8")
    with pytest.raises(UnreadableDocument, match=message) as caught:
        read_table(path)
    assert "\n" not in str(caught.value)


def test_records_path_that_is_not_there_is_named(tmp_path):
    path = tmp_path / "r.json"
    path.write_text('{"data": {"rows": []}}', encoding="utf-8")
    mapping_path(path).write_text('title = "t"\nrecords = "data.items"\n', encoding="utf-8")
    with pytest.raises(UnreadableDocument, match="records path 'data.items' not found"):
        read_table(path)


# --- corpus discovery ------------------------------------------------------------------------------------------

def test_corpus_finds_tables_only_with_their_mapping_and_reports_warnings(tmp_path):
    _corpus(tmp_path, "mhlw-r02-hosei2.json")
    (tmp_path / "loose.csv").write_text("a,b\n1,2\n", encoding="utf-8")  # no mapping: not a document
    (tmp_path / "other.json").write_text("{}", encoding="utf-8")
    (tmp_path / "passages.jsonl").write_text('{"id": "p1", "title": "t", "text": "本文です。"}\n', encoding="utf-8")
    _write_table(tmp_path, "rows.jsonl", [{"t": "表の事業"}, {"t": ""}], 'title = "t"\n')
    broken = tmp_path / "broken.json"
    broken.write_text("[{]", encoding="utf-8")
    mapping_path(broken).write_text('title = "t"\n', encoding="utf-8")
    names = [p.name for p in corpus_files(tmp_path)]
    assert names == ["broken.json", "mhlw-r02-hosei2.json", "passages.jsonl", "rows.jsonl"]
    assert [p.name for p in table_files(tmp_path)] == ["broken.json", "mhlw-r02-hosei2.json", "rows.jsonl"]
    assert is_table(tmp_path / "rows.jsonl") and not is_table(tmp_path / "passages.jsonl")
    parsed = parse_corpus(tmp_path)
    assert {d.name: d.kind for d in parsed.documents} == {"mhlw-r02-hosei2.json": "table", "p1": "passage",
                                                          "rows.jsonl": "table"}
    assert len([p for p in parsed.programs if p.document == "mhlw-r02-hosei2.json"]) == 36
    assert any(w.startswith("skipped broken.json: not a readable JSON file") for w in parsed.warnings)
    assert "rows.jsonl: 1 row(s) skipped (not a record or no title in 't')" in parsed.warnings
    assert {s.document: s.reason for s in parsed.skipped if s.document != "broken.json"} == {
        "loose.csv": "no mapping: looked for loose.mapping.toml or loose.csv.mapping.toml beside it",
        "other.json": "no mapping: looked for other.mapping.toml or other.json.mapping.toml beside it"}
    warnings: list[str] = []
    docs, programs = parse(tmp_path / "rows.jsonl", warnings)
    assert docs[0].kind == "table" and [p.title for p in programs] == ["表の事業"] and len(warnings) == 1


def test_the_served_corpus_does_not_pick_up_the_example_mappings():
    files = corpus_files(CORPUS)
    assert not [p for p in files if EXAMPLES in p.parents]
    assert sorted(p.name for p in EXAMPLES.iterdir()) == ["fukuoka-r02-juyoshisaku.mapping.toml",
                                                          "mhlw-r02-hosei2.mapping.toml",
                                                          "rs2025-projects.mapping.toml"]


# --- arbitrary tables never crash ------------------------------------------------------------------------------

FIELDS = ["id", "title", "budget", "dept", "cat", "text"]
VALUE = st.one_of(st.none(), st.booleans(), st.integers(-10**15, 10**15), st.floats(allow_nan=True),
                  st.sampled_from([10**25, 10**4000, 1e300, 5e-324, -0.0]),
                  st.text(max_size=12), st.sampled_from(["３６６億円", "1,234千円", "○ 事業", "（１）", "約5億円", "\r\n", "�", "1,234", "0.5", "-3"]),
                  st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
TITLE = st.one_of(st.text(max_size=10), st.sampled_from(["○  地域外来の整備", "（１）", "【２】事業", "・", " \n 事業\r\n名 "]))
# Mostly whole rows (so that most tables get read), some partial rows and some that are not records at all.
FULL_ROW = st.fixed_dictionaries({f: TITLE if f == "title" else VALUE for f in FIELDS})
ROW = st.one_of(FULL_ROW, FULL_ROW, FULL_ROW, st.dictionaries(st.sampled_from(FIELDS), VALUE, max_size=6), VALUE)
MAPPINGS = st.sampled_from([
    'title = "title"\n',
    'id = "id"\ntitle = "title"\nbudget = "budget"\nbudget_unit = "千円"\ndepartment = "dept"\n'
    'category = "cat"\ncategory_order = "inner-first"\n[sections]\n"本文" = "text"\n',
    'title = "title"\nbudget = "budget"\nyear = { field = "text" }\nministry = { value = "省" }\ncategory = "cat"\n',
])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, max_size=6), mapping=MAPPINGS, name=st.sampled_from(["h.json", "h.jsonl.gz", "h.csv"]))
def test_arbitrary_small_tables_never_crash_and_spans_quote_exactly(tmp_path, rows, mapping, name):
    folder = tmp_path / f"case-{abs(hash((str(rows), mapping, name)))}"
    folder.mkdir(exist_ok=True)
    if name == "h.csv":
        rows = [{k: clean(v) for k, v in r.items()} for r in rows if isinstance(r, dict)]
    path = _write_table(folder, name, rows, mapping)
    try:
        doc, programs, warnings = read_table(path)
    except UnreadableDocument as exc:
        assert "\n" not in str(exc)
        return
    doc.model_dump_json()  # storable: no lone surrogates
    assert programs and all(isinstance(w, str) for w in warnings)
    assert len({p.id for p in programs}) == len(programs)
    for program in programs:
        assert doc.text[program.start:program.end].startswith("[行 ")
        assert doc.text[program.section("事業名").start:program.section("事業名").end] == program.title
        for section in program.sections:
            assert 0 <= section.start <= section.end <= len(doc.text)
        if program.budget:
            assert doc.text[program.budget.start:program.budget.end] == program.budget.amount_text


# --- contacts, mapping names, data files without a mapping ------------------------------------------------------

CONTACT_ROWS = [
    {"no": "1", "name": "子ども食堂支援事業", "yen": "45,000千円", "bureau": "こども未来局",
     "tantou": "子育て支援課 092-711-4178", "toi": ""},
    {"no": "2", "name": "公園再整備事業", "yen": "120,000千円", "bureau": "住宅都市局", "tantou": "092-711-4424",
     "toi": "公園管理課（092-711-4400）、みどり推進課（092-711-4401）"},
    {"no": "3", "name": "図書館運営事業", "yen": "8,000千円", "bureau": "市民局", "tantou": "", "toi": ""},
]
CONTACT_MAPPING = 'id = "no"\ntitle = "name"\nbudget = "yen"\ndepartment = "bureau"\n'


@pytest.mark.parametrize(("contact", "expected"), [
    ('"tantou"', {"子ども食堂支援事業": [("子育て支援課", "092-711-4178")],
                  "公園再整備事業": [("住宅都市局", "092-711-4424")], "図書館運営事業": []}),
    ('["tantou", "toi"]', {"子ども食堂支援事業": [("子育て支援課", "092-711-4178")],
                           "公園再整備事業": [("住宅都市局", "092-711-4424"), ("公園管理課", "092-711-4400"),
                                              ("みどり推進課", "092-711-4401")],
                           "図書館運営事業": []}),
])
def test_a_contact_field_gives_contacts_read_like_a_tantou_line_with_the_department_filling_in(
        tmp_path, contact, expected):
    path = _write_table(tmp_path, "city.csv", CONTACT_ROWS, CONTACT_MAPPING + f"contact = {contact}\n")
    [doc], programs = parse(path)
    assert {p.title: [(c.dept, c.phone) for c in p.contacts] for p in programs} == expected
    for program in programs:
        for c in program.contacts:
            assert c.phone in doc.text[c.start:c.end]  # the span quotes the 担当 line as written
            assert doc.text[:c.start].endswith("担当：") or "、" in doc.text[c.start:c.end]
        if program.contacts:
            section = program.section("担当・連絡先")
            assert section is not None and section.start <= program.contacts[0].start
    assert "担当：子育て支援課 092-711-4178" in doc.text


@pytest.mark.parametrize("bad", ['contact = ""', "contact = 3", 'contact = ["tantou", 1]'])
def test_a_bad_contact_key_is_a_one_line_reason(tmp_path, bad):
    path = _write_table(tmp_path, "city.csv", CONTACT_ROWS, CONTACT_MAPPING + bad + "\n")
    with pytest.raises(UnreadableDocument, match="mapping key 'contact' must be a field name or a list"):
        parse(path)


@pytest.mark.parametrize(("data", "mapping"), [
    ("t.csv", "t.csv.mapping.toml"), ("t.json", "t.json.mapping.toml"), ("t.csv.gz", "t.csv.mapping.toml"),
    ("t.csv.gz", "t.csv.gz.mapping.toml"), ("t.jsonl", "t.jsonl.mapping.toml"),
])
def test_a_mapping_named_with_the_data_files_extension_is_found(tmp_path, data, mapping):
    path = _write_table(tmp_path, data, ROWS, MAPPING)
    mapping_path(path).rename(tmp_path / mapping)
    assert is_table(path) and mapping_path(path) == tmp_path / mapping
    parsed = parse_corpus(tmp_path)
    assert not parsed.skipped and [d.name for d in parsed.documents] == [data]
    assert len(parsed.programs) == 5


@pytest.mark.parametrize(("data", "looked_for"), [
    ("loose.csv", "loose.mapping.toml or loose.csv.mapping.toml"),
    ("loose.json", "loose.mapping.toml or loose.json.mapping.toml"),
    ("loose.csv.gz", "loose.mapping.toml or loose.csv.mapping.toml or loose.csv.gz.mapping.toml"),
    ("loose.jsonl.gz", "loose.mapping.toml or loose.jsonl.mapping.toml or loose.jsonl.gz.mapping.toml"),
])
def test_a_data_file_without_a_mapping_is_skipped_naming_the_mapping_it_looked_for(tmp_path, data, looked_for):
    path = _write_table(tmp_path, data, ROWS, MAPPING)
    mapping_path(path).unlink()
    (tmp_path / "memo.txt").write_text("会議メモ", encoding="utf-8")
    parsed = parse_corpus(tmp_path)
    assert [(s.document, s.reason) for s in parsed.skipped] == [(data, f"no mapping: looked for {looked_for} beside it")]
    assert f"skipped {data}: no mapping: looked for {looked_for} beside it" in parsed.warnings


def test_skip_rows_passes_over_lines_above_a_csv_header_even_with_a_quoted_line_break(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text('"令和８年度　主要事業\n（単位：千円）",,\nname,yen,dept\n事業A,10,局\n', encoding="utf-8")
    (tmp_path / "s.mapping.toml").write_text('title = "name"\nbudget = "yen"\nbudget_unit = "千円"\nskip_rows = 1\n',
                                              encoding="utf-8")
    _, programs, _ = read_table(path)
    assert [(p.title, p.budget.yen) for p in programs] == [("事業A", 10_000)]


@pytest.mark.parametrize(("name", "content", "reason"), [
    # a workbook that is not one (a renamed text, a cut download) is named as unreadable, not as lacking a mapping
    ("broken.xlsx", b"PK\x03\x04 not really a zip", "not a readable Excel workbook"),
    ("notes.xlsx", "事業名,予算額\n".encode(), "not a readable Excel workbook"),
    # a table without its mapping whose header names no title column still says what it looked for
    ("loose.csv", b"a,b\n1,2\n", "no mapping: looked for loose.mapping.toml or loose.csv.mapping.toml beside it"),
])
def test_a_table_that_is_not_read_is_skipped_with_the_reason_that_applies(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    parsed = parse_corpus(tmp_path)
    assert [s.document for s in parsed.skipped] == [name]
    assert parsed.skipped[0].reason.startswith(reason), parsed.skipped[0].reason
