"""事務事業見直し結果一覧 of a city or town (行財政改革): the programs it reviewed, each with its 見直し区分 and 効果額.

Programs stand grouped under the 部 or 課 that runs them (「（１）総務部（5事業）」「■ 総務課」「第１　企画部」) and are written
in every way an office tabulates, often several in one paper (data/review_results.toml names the fields):

- a table framed by ｜, | or │ whose header names the fields (No.｜事業名｜所管課｜事業概要｜R7予算額｜R8予算額｜見直し区分｜
  見直し内容｜効果額｜実施時期); a row opens where its number (or, without a number column, its first line after a rule)
  stands and its cells wrap onto the lines below;
- columns aligned by spaces under such a header, with labelled lines under each row (「概要：…」「見直し内容：…」);
- a block per program opened by its number (「【No.12】…」「◆1-4　…」「No.4　…（住宅課）」) over labelled lines, a
  label set off by a colon or a gap, several on one line (「効果額　3,300千円　　実施時期　令和８年10月」), the two
  budgets on one (「予算額　R7：22,600千円　→　R8：19,300千円」), a value wrapping onto indented lines below.

Each program is titled by its 事業名; its budget is this year's 予算額 (the latest year written, or the one labelled
本年度; a 「－」 of an 統合 program is none, kept as its 予算額 section), last year's its previous_year; the 見直し区分,
見直し内容, 効果額 (never the budget), 実施時期, 事業概要 and 所管課 are sections; its department the 所管課, else the
heading of its group, which is its category too. Bare figures are scaled by the paper's unit (「単位は千円」).
"""

from __future__ import annotations

from qa.ingest.labelled_records import form, read_records
from qa.ingest.lines import Line
from qa.ingest.models import Document, Program
from qa.ingest.structure import pages_from_breaks
from qa.ingest.vocabulary import compact

NAME = "review_results"
# A table of programs with their budgets is a text table too, a block's budget line a program page's: those layouts
# scoring alike is no doubt.
REFINES = ("program_pages", "text_table", "priced_items", "evaluation_sheets")
# The form's vocabulary (data/review_results.toml); the reader is `qa.ingest.labelled_records`.
FORM = "review_results"


def _read(doc: Document, lines: list[Line]) -> list[Program]:
    return read_records(form(FORM), doc, lines)


def _kind_words(program: Program, text: str) -> list[str]:
    """The review directions (data [kinds]) a program's 見直し区分 sections name, reducing ones as 「-」 + word."""
    kinds = form(FORM).data["kinds"]
    out = []
    for section in program.sections:
        if section.name != "見直し区分":
            continue
        said = compact(text[section.start:section.end])
        if any(w in said for w in kinds["reducing"]):
            out.append("-")
        elif any(w in said for w in kinds["keeping"]):
            out.append("=")
    return out


def score(doc: Document, lines: list[Line]) -> float:
    """How strongly the document is a 事務事業見直し結果一覧 (0-1): 0 unless three programs are read each with a
    見直し区分 naming a review's direction (data [kinds]) and one at least cutting or handing over a program; else 1
    (a narrow signature: it wins the tie with the layouts whose rows and budget lines its programs are)."""
    if "見直し" not in doc.text and "方向性" not in doc.text:
        return 0.0  # cheap test first
    kinds = [_kind_words(p, doc.text) for p in _read(doc, lines)]
    reviewed = [k for k in kinds if k]
    return 1.0 if len(reviewed) >= 3 and any("-" in k for k in reviewed) else 0.0


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Programs, one a reviewed 事務事業 (see the module docstring)."""
    programs = _read(doc, lines)
    if doc.page_starts:
        pages_from_breaks(doc, programs)
    return programs
