"""Entry points of ingest: one file, or a whole corpus folder with bad files skipped and reported."""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from functools import cache
from pathlib import Path

from qa.ingest.account_totals import account_totals, accounts_as_totals
from qa.ingest.coverage import assess, table_coverage
from qa.ingest.detect import read_programs
from qa.ingest.items import PAGE_MARKER, marker_pages
from qa.ingest.layout import OFFICE_END, PHONE, RULE_LINE
from qa.ingest.lines import lines_of
from qa.ingest.mentions import mention_sections
from qa.ingest.models import Document, ParsedCorpus, Program, Section, SkippedDocument
from qa.ingest.normalize import normalize, unspaced
from qa.ingest.opening_totals import opening_totals
from qa.ingest.parts import parts_in_text, rows_of_one_program
from qa.ingest.phone_lines import departments_from_contacts, phones_in_text
from qa.ingest.qa_blocks import qa_sections
from qa.ingest.readers import (
    HTML_SUFFIXES,
    PASSAGE_SUFFIXES,
    PDF_SUFFIXES,
    UnreadableDocument,
    corpus_files,
    read_html_file,
    read_passages,
    read_pdf,
    read_text_file,
)
from qa.ingest.records import is_table, read_table, unmapped_reason, unmapped_tables
from qa.ingest.resident_guide import guide_parts
from qa.ingest.size_block import size_totals
from qa.ingest.titles import (
    departments_below,
    departments_from_headings,
    finish_titles,
    flags_from_title,
    flags_opening_text,
    headings_as_totals,
    listed_again,
    listed_in_another,
)
from qa.ingest.vocabulary import compact, vocabulary
from qa.ingest.years import year_of

log = logging.getLogger(__name__)


def _passage_program(doc: Document) -> Program:
    """A plain passage as a one-section 'program', so that it indexes and cites like the rest."""
    return Program(id=doc.name, title=doc.title or doc.name, document=doc.name, start=0, end=len(doc.text),
                   sections=[Section(name="本文", start=0, end=len(doc.text))], kind="passage")


# A page's number printed at the end of the title line (「－ 39 －」「- 3 -」).
_PAGE_MARK_AFTER = re.compile(r"\s+[-－―‐−]\s*\d{1,4}\s*[-－―‐−]\s*$")
# A subtitle under a title: a short line ending as a paper's name does (一覧, 報告書, 計画, 概要, 調書…), its period after it
# in brackets (「個別施設の改修事業一覧（令和８年度～令和12年度）」); no sentence.
# (「令和10年度 桜浦市議会予算特別委員会」 over 「質疑応答要旨」: the minutes' digest is the paper)
_SUBTITLE = re.compile(r"^[^。、]{2,30}(?:一覧表?|報告書?|説明書|明細書|計画書?|概要|調書|資料|要旨|要覧|意見書|答申|あらまし|記録)"
                       r"(?:[（(][^）)]*[）)])?$")
# A line that is a date alone, and one that is a fiscal year alone (NFKC, spaces kept).
_DATE_LINE = re.compile(r"(?:令和|平成)\s*(?:\d{1,2}|元)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?")
_YEAR_LINE = re.compile(r"(?:令和|平成)\s*(?:\d{1,2}|元)\s*年度|\d{4}\s*年度")


@cache
def _document_labels() -> list[re.Pattern[str]]:
    return [re.compile(p) for p in vocabulary()["titles"]["document_labels"]]


def labels_only(line: str) -> bool:
    """Whether a line only labels its document (「資料１」「記者発表資料」; data/vocabulary.toml) or names who sends
    it (「美浦川市 企画財政部 財政課」「電話 0297-45-1111」: an office, a phone number), never what it is."""
    norm = normalize(line)
    bare = re.sub(r"[\s\u3000]+", "", norm)
    return (any(p.match(bare) for p in _document_labels()) or bool(OFFICE_END.search(bare))
            or PHONE.search(norm) is not None)


def describe(doc: Document) -> None:
    """Fill a document's title (its first line of words), the label of its fiscal year and kind, and pages.

    The period label comes from the opening lines (「令和５年度予算の概要」 may stand under a title without a
    year); amounts whose own label names no year take it. `=== PAGE n ===` markers, or form feeds, give pages to text
    files.
    """
    # A PDF prints a title letter-spaced (「北 嶺 町 一 般 会 計 予 算」): read as the words it spells.
    lines = [unspaced(ln) for ln in doc.text.splitlines() if ln.strip()]
    words = [ln for ln in lines if re.search(r"\w", ln) and not PAGE_MARKER.match(normalize(ln))]
    # A press release opens on its date (「令和８年２月１０日」), a meeting's paper on its label (「資料１」), and a deck may
    # set its year on a line of its own over the title (「令和８年度」 / 「青峰県当初予算案の概要」): the title is the
    # first other line, with that year before it.
    named = [ln for ln in words[:6] if not _DATE_LINE.fullmatch(normalize(ln)) and not labels_only(ln)] or words
    first = named[0].lstrip("# ").strip() if named else ""
    first = _PAGE_MARK_AFTER.sub("", first)  # 「…予算に関する説明書　　－ 39 －」: the page's number beside it
    if _YEAR_LINE.fullmatch(normalize(first)) and len(named) > 1:
        first = f"{first} {named[1].lstrip('# ').strip()}"
        if len(named) > 2 and _SUBTITLE.search(normalize(named[2]).strip()) and len(named[2].strip()) <= 30:
            # 「令和８年度」 / 「桐ヶ沢町一般会計予算」 / 「事業別予算説明書」: a cover's three lines, the last naming
            # what this paper is (「説明書の中で一番大きいのは？」 names it)
            first = f"{first} {named[2].strip()}"
    elif (framed := _framed_title(lines)) is not None:
        first = framed
    elif len(named) > 1 and _SUBTITLE.search(normalize(named[1]).strip()) and len(named[1].strip()) <= 40:
        # 「鷺ノ原市公共施設等総合管理計画」 over 「個別施設の改修事業一覧（令和８年度～令和12年度）」: the plan's name, then
        # what this paper of it is; both name the document
        first = named[1].strip() if compact(first) in compact(named[1]) else f"{first} {named[1].strip()}"
    doc.title = first or doc.name
    # the year a line names, not the day it was released on (「令和８年２月１０日」 over 「令和８年度 …について」)
    doc.period = next((ln.lstrip("# ").strip() for ln in words[:15]
                       if year_of(ln) is not None and not _DATE_LINE.fullmatch(normalize(ln)) and not labels_only(ln)),
                      "")
    if not doc.page_starts:
        doc.page_starts = marker_pages(doc.text) or form_feed_pages(doc.text)


def _framed_title(lines: list[str]) -> str | None:
    """A title the document opens on, set in a frame of rules over two or three lines (「━━━」 / 「北浦県…補助金」 / 「Ｑ＆Ａと事業一覧
    〔令和８年度版〕」 / 「━━━」), joined with a space; None when the document does not open on such a frame."""
    rules = [n for n, ln in enumerate(lines[:6]) if RULE_LINE.match(normalize(ln).replace(" ", ""))]
    if len(rules) < 2 or rules[0] != 0 or not 2 <= rules[1] - rules[0] - 1 <= 3:
        return None
    return " ".join(ln.strip() for ln in lines[rules[0] + 1:rules[1]])


def form_feed_pages(text: str) -> list[int]:
    """Page start offsets from the form feeds PDF-to-text tools (pdftotext) put between pages; empty without any."""
    if "\f" not in text.rstrip("\f"):
        return []
    return [0] + [m.end() for m in re.finditer("\f", text.rstrip("\f"))]


def parse(path: Path, warnings: list[str] | None = None) -> tuple[list[Document], list[Program]]:
    """Parse one corpus file.

    Args:
        path: a .txt, .md, .pdf or passage .jsonl file, or a table (.csv/.json/.jsonl, optionally .gz)
            with its NAME.mapping.toml beside it.
        warnings: where a table's warnings (rows skipped, budgets not read) are appended, when given.

    Returns:
        The documents read and their programs.

    Raises:
        UnreadableDocument: the file is empty, binary or not text.
    """
    if is_table(path):  # tables first: a .jsonl with a mapping is a table, not a passage file
        doc, programs, notes = read_table(path)
        doc.layout, doc.layout_scores = "tables", {"tables": 1.0}  # chosen by its mapping file, not detected
        table_coverage(doc)  # each row is a program: covered by construction
        for note in notes:
            log.warning(note)
        if warnings is not None:
            warnings.extend(notes)
        return [doc], programs
    suffix = path.suffix.lower()
    if suffix in PASSAGE_SUFFIXES:
        docs = list(read_passages(path))
        return docs, [_passage_program(d) for d in docs]
    doc = read_pdf(path) if suffix in PDF_SUFFIXES else read_html_file(path) if suffix in HTML_SUFFIXES \
        else read_text_file(path)
    describe(doc)
    programs = read_programs(doc)  # the detected layout (qa.ingest.detect), with fallbacks named in doc.warnings
    finish_titles(programs)  # item numbers, flags and a bracketed department off every layout's titles
    programs = rows_of_one_program(doc, programs)  # a program's cell spanning rows: one program, not one per row
    parts_in_text(doc, programs)  # 「①医学生修学資金の貸与　312,000千円」 in a row's description: the program's parts
    # A name of one character is a wrapped sentence's tail (「前年度当初予\n算（66,950,000千円）と比べて…」), no program.
    programs = [p for p in programs if len(p.title.strip()) >= 2 or p.kind == "total"]
    headings_as_totals(programs)  # a summary row repeating a heading is that heading's total
    qa_sections(doc, programs)  # a subsidy guide's Q&As about a program: a section of it, outside its span
    mention_sections(doc, programs)  # a paragraph of prose elsewhere naming a program (a speech's, a PR's): its text
    listed_again(programs)  # a program listed again with its figure (a closing summary table) is counted once
    accounts = account_totals(doc, programs)  # the budget's size by account (一般会計, 特別会計, 合計), as totals
    if accounts:
        # An account a layout took for a program (「企業会計（２会計）」 over its figure, read as a slide's title) is
        # the size table's row: the total replaces it.
        rows = {(a.title, a.budget.yen if a.budget else None) for a in accounts}
        programs = [p for p in programs if (p.title, p.budget.yen if p.budget else None) not in rows] + accounts
    accounts_as_totals(programs)  # a slide's 【一般会計】 with its figure: the account's total, no program
    # The tables of totals before the first program (「前年度比較」 by 項 or 款), whatever layout read the programs
    programs += opening_totals(doc, lines_of(doc), programs)
    # A size block on the cover (「補正予算の規模」: 今回の補正額, 補正前/補正後の予算額): the document's totals, never programs
    programs = size_totals(doc, programs)
    # A residents' budget guide: its pie list, per-resident figures and general account as totals, its household
    # analogy and Q&A as passages, never programs (none of this for any other document)
    programs = guide_parts(doc, programs)
    departments_below(doc.text, programs)  # 「〔こども未来部 こども家庭課〕」 on a line of its own under a program
    flags_opening_text(doc.text, programs)  # 「【新規】…」 opening a row's 内容 cell
    phones_in_text(doc, programs)  # 「☎ 環境部 ゼロカーボン推進課　0428-22-3111」 inside a program's text
    departments_from_contacts(programs)  # 「担当：子育て支援課　☎…」 in a block: the program's office
    departments_from_headings(programs)  # 「## 総務課」 over a CMS page's programs: their office
    flags_from_title(doc.title, programs)  # 「令和８年度 新規事業一覧」: its rows are 新規
    assess(doc, programs)  # coverage of its amount lines; a low one, or no programs, is a warning naming the layout
    if not programs:
        # No budget structure: the document still answers, as one passage.
        doc.kind = "passage"
        programs = [_passage_program(doc)]
        programs[0].id = doc.name
    return [doc], programs


def parse_corpus(corpus: Path) -> ParsedCorpus:
    """Parse every supported file of a corpus folder; a file that cannot be read or parsed is skipped and named.

    A file whose bytes equal an earlier file's (the same upload under an NFC and an NFD name, a copy) is read
    once. Document names are NFC-normalised, so names typed on macOS and elsewhere compare equal.

    Args:
        corpus: a folder (or a single file).

    A data file that looks like a table (.csv, .json, .csv.gz, ...) but has no mapping beside it is skipped too,
    named with the mapping file it looked for.

    Returns:
        Documents, programs (document order), the files skipped with their reasons, and the warnings raised on
        the way (skips included, as one line each).
    """
    result = ParsedCorpus()
    for path, mappings in unmapped_tables(corpus):
        _skip(result, unicodedata.normalize("NFC", path.name), unmapped_reason(path, mappings))
    seen: dict[str, str] = {}
    for path in corpus_files(corpus):
        name = unicodedata.normalize("NFC", path.name)
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            _skip(result, name, f"cannot be read ({exc.strerror or exc})")
            continue
        if digest in seen:
            _skip(result, name, f"same content as {seen[digest]}, read once")
            continue
        seen[digest] = name
        try:
            docs, programs = parse(path, result.warnings)
        except UnreadableDocument as exc:
            _skip(result, name, str(exc).removeprefix(f"{path.name}: "))
            continue
        except Exception as exc:  # one bad document never takes the corpus down; it is named instead
            log.debug("parse failure in %s", name, exc_info=True)
            _skip(result, name, f"could not be parsed ({type(exc).__name__}: {exc})")
            continue
        for doc in docs:
            doc.name = unicodedata.normalize("NFC", doc.name)
            result.warnings.extend(f"{doc.name}: {w}" for w in doc.warnings)
        for program in programs:
            program.document = unicodedata.normalize("NFC", program.document)
        result.documents.extend(docs)
        result.programs.extend(programs)
    listed_in_another(result.programs)  # the same program in two papers of one office is counted once
    return result


def _skip(result: ParsedCorpus, name: str, reason: str) -> None:
    message = f"skipped {name}: {reason}"
    log.warning(message)
    result.skipped.append(SkippedDocument(document=name, reason=reason))
    result.warnings.append(message)
