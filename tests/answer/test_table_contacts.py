"""A table of programs with a `contact` field in its mapping (named NAME.csv.mapping.toml): `qa` answers who to
contact from the row's 担当 line, quoting it; a phone given alone takes the row's 部局."""

from __future__ import annotations

import pytest

CSV = """事業番号,事業名,予算額,局,担当
1,子ども食堂支援事業,"45,000千円",こども未来局,子育て支援課 092-711-4178
2,公園再整備事業,"120,000千円",住宅都市局,092-711-4424
3,図書館運営事業,"8,000千円",市民局,図書館課 092-852-0600
"""
MAPPING = 'id = "事業番号"\ntitle = "事業名"\nbudget = "予算額"\ndepartment = "局"\ncontact = "担当"\n'


@pytest.fixture(scope="module")
def contact_service(corpus_service):
    return corpus_service("contacts", {"city.csv": CSV, "city.csv.mapping.toml": MAPPING})


@pytest.mark.parametrize(("question", "dept", "phone"), [
    ("子ども食堂支援事業の担当は？", "子育て支援課", "092-711-4178"),
    ("公園再整備事業の問い合わせ先の電話番号は？", "住宅都市局", "092-711-4424"),
])
def test_the_contact_answer_quotes_the_tables_contact_field(contact_service, question, dept, phone):
    result = contact_service.ask(question)
    assert dept in result.answer and phone in result.answer, result.answer
    quoted = [c for c in result.citations if c.section == "担当・連絡先"]
    assert quoted and all(phone in c.text for c in quoted), result.citations
