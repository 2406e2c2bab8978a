"""Passages as memory-mapped columns read back as the passages written; filters over them as over the objects;
programs sharing their fields sets read and dump as before."""

from __future__ import annotations

import pytest

from qa.index.passage_table import PASSAGES_DIR, PassageTable, write_passage_table
from qa.index.passages import make_passages
from qa.index.store import StoredIndex
from qa.index.stores import SearchFilter, scalar_fields
from qa.ingest.models import Program, share_fields_sets


@pytest.fixture(scope="module")
def seed_passages(seed_parsed):
    documents = {d.name: d for d in seed_parsed.documents}
    # Short runs: several passages per section, so that codes and offsets are exercised.
    return documents, make_passages(seed_parsed.programs, documents, lambda text: len(text) <= 120)


def test_the_table_reads_back_every_passage_as_written(seed_passages, tmp_path):
    documents, passages = seed_passages
    write_passage_table(tmp_path, passages, documents)
    table = PassageTable(tmp_path / PASSAGES_DIR, documents)
    assert len(table) == len(passages) > 100
    assert list(table) == passages
    assert table[-1] == passages[-1] and table[3:7] == passages[3:7]
    with pytest.raises(IndexError):
        table[len(passages)]
    assert [table.program_ids[c] for c in table.program_codes()] == [p.program_id for p in passages]


def test_a_passage_whose_text_is_not_its_span_is_refused(seed_passages, tmp_path):
    documents, passages = seed_passages
    wrong = passages[0].model_copy(update={"text": passages[0].text + "。"})
    with pytest.raises(ValueError, match="not"):
        write_passage_table(tmp_path, [wrong], documents)


def test_filters_over_columns_keep_the_passages_the_objects_keep(seed_parsed, seed_passages, tmp_path):
    documents, passages = seed_passages
    write_passage_table(tmp_path, passages, documents)
    programs = seed_parsed.programs
    by_objects = StoredIndex(tmp_path, {}, documents, programs, passages, None, None)
    by_columns = StoredIndex(tmp_path, {}, documents, programs, PassageTable(tmp_path / PASSAGES_DIR, documents),
                             None, None)
    rows = [scalar_fields(p, by_objects.programs_by_id.get(p.program_id)) for p in passages]
    wanted = [SearchFilter(ministry=m) for m in {r["ministry"] for r in rows}]
    wanted += [SearchFilter(department=d) for d in {r["department"] for r in rows}]
    wanted += [SearchFilter(document=d) for d in documents] + [SearchFilter(document="nowhere")]
    wanted += [SearchFilter(year=y) for y in {r["year"] for r in rows}]
    wanted += [SearchFilter(min_yen=10 ** 10), SearchFilter(max_yen=10 ** 9), SearchFilter(min_yen=1, max_yen=5 * 10 ** 9),
               SearchFilter(ministry="経済産業省", min_yen=10 ** 9)]
    for where in wanted:
        expected = [where.accepts(r) for r in rows]
        assert by_objects._mask(where).tolist() == expected, where
        assert by_columns._mask(where).tolist() == expected, where
    assert any(by_columns._mask(SearchFilter(min_yen=10 ** 10)))


def test_programs_sharing_their_fields_sets_read_dump_and_change_as_before(seed_parsed):
    originals = [p for p in seed_parsed.programs if p.budget is not None][:3]
    read = [share_fields_sets(Program.model_validate_json(p.model_dump_json())) for p in originals]
    assert read[0].__pydantic_fields_set__ is read[1].__pydantic_fields_set__  # one set for the class
    assert read[0].budget.__pydantic_fields_set__ is read[1].budget.__pydantic_fields_set__
    assert [p.model_dump(exclude_unset=True) for p in read] == [p.model_dump() for p in originals]
    read[0].title = "変えた"
    assert read[0].model_fields_set == read[1].model_fields_set == set(Program.model_fields)
    assert read[1].title == originals[1].title
    copied = read[1].model_copy(update={"id": "x"})
    assert copied.id == "x" and read[1].id == originals[1].id
    partial = share_fields_sets(Program(id="p", title="t", document="d", start=0, end=1))
    assert partial.model_fields_set == {"id", "title", "document", "start", "end"}  # incomplete: its own set
