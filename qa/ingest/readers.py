"""Reading corpus files (.txt, .md, .pdf, .html, corpus.jsonl) into documents, skipping unreadable ones with a warning."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from qa.ingest.models import Document
from qa.ingest.normalize import fold_radicals

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
PDF_SUFFIXES = {".pdf"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}  # web pages, read as the text a reader sees (qa.ingest.html_text)
PASSAGE_SUFFIXES = {".jsonl"}
# Tables of programs (.csv, .tsv, .xlsx, .json, .jsonl, .xml, each optionally .gz) are documents only with a NAME.mapping.toml
# beside them (qa.ingest.records); a .jsonl without one stays a passage file.
TABLE_SUFFIXES = {".csv", ".tsv", ".xlsx", ".json", ".xml", ".gz"}
# Files of a corpus folder that configure the service, never documents: the corpus's own common names
# (`qa.retrieve.aliases`, a .tsv of 「what people say<TAB>what documents say」).
CONFIG_FILES = frozenset({"aliases.tsv"})
SUPPORTED = TEXT_SUFFIXES | PDF_SUFFIXES | HTML_SUFFIXES | PASSAGE_SUFFIXES | TABLE_SUFFIXES


class UnreadableDocument(ValueError):
    """A corpus file that cannot be read as text; the message says why."""


def corpus_files(corpus: Path) -> list[Path]:
    """Supported files of a corpus folder (or the one file given), in a stable order.

    A .csv/.json/.gz file counts only as a table with its mapping beside it (mapping files themselves are
    not documents); other data files in the folder are left alone.
    """
    from qa.ingest.records import is_table  # records imports this module

    if corpus.is_file():
        return [corpus]
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED
                  and p.name not in CONFIG_FILES
                  and visible(p, corpus) and (p.suffix.lower() not in TABLE_SUFFIXES or is_table(p)))


def visible(path: Path, corpus: Path) -> bool:
    """Whether a file of a corpus folder is no hidden file and lies in no hidden folder (an index kept inside the
    corpus, `corpus/.index/`, is not part of it)."""
    return not any(part.startswith(".") for part in path.relative_to(corpus).parts)


def _decode(data: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without BOM), falling back to Shift_JIS, which Japanese offices still use."""
    if not data.strip():
        raise UnreadableDocument(f"{path.name}: the file is empty")
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(f"{path.name}: looks binary (NUL bytes), not text")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text
    raise UnreadableDocument(f"{path.name}: not UTF-8 or Shift_JIS text")


def _check_text(text: str, path: Path) -> str:
    """Reject text that is mostly control characters or replacement marks (a mislabelled binary)."""
    if not text.strip():
        raise UnreadableDocument(f"{path.name}: no text in the file")
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    if bad > max(8, len(text) // 50):
        raise UnreadableDocument(f"{path.name}: looks binary ({bad} control characters), not text")
    return text


def read_html_file(path: Path) -> Document:
    """A web page (.html, .htm), its text rendered as a reader sees it (`qa.ingest.html_text`), radicals folded."""
    from qa.ingest.html_text import html_to_text

    text = _check_text(html_to_text(_decode(path.read_bytes(), path)), path)
    return Document(name=path.name, path=str(path), text=fold_radicals(text))


def read_text_file(path: Path) -> Document:
    """A .txt or .md document, text kept as decoded except radicals folded (`fold_radicals`, same length) and
    two-column pages of layout-kept extraction put in reading order (`qa.ingest.page_columns`, said in a warning)."""
    from qa.ingest.page_columns import reading_order

    text, pages = reading_order(_check_text(_decode(path.read_bytes(), path), path))
    doc = Document(name=path.name, path=str(path), text=fold_radicals(text))
    if pages:
        doc.warnings.append(f"{pages} page(s) of two columns read left column first, then right")
    return doc


# PDF text extraction: pypdf, chosen by measurement against pdfminer.six 20260107 (pypdf 7.1.1, 2 cores).
# On a reportlab PDF in HeiseiKakuGo-W5/HeiseiMin-W3 (CID fonts; 21 lines over 3 pages: 12 body lines with
# full-width digits, a two-column page, a vertical UniJIS-UCS2-V page) pypdf gave 21/21 lines exact and in
# order; pdfminer 16/21: it turned full-width minus － (U+FF0D) into − (U+2212) in phone numbers, mixed the two
# columns, and gave the vertical page one character per line, columns left to right (with detect_vertical it
# reads that page right but cuts horizontal headings apart on tests/fixtures/field/10). Full-width digits:
# both 39/39. Field PDF 10 (Chrome/Skia): the same characters from both (24 radicals each, folded below), but
# pdfminer adds a blank line after every line and moves the 17 paragraph-gap lines to the page end. Speed per
# page (best of 3, 50-page copies): pypdf 20 ms (field) / 1.9 ms (reportlab), pdfminer 63 / 20 ms.
# Limit: vertical text drawn one glyph at a time comes out one character per line (columns in drawing order);
# `_join_vertical_runs` rejoins such runs, but where one column ends and the next begins is lost.
_VERTICAL_RUN = 3  # this many one-character lines in a row are a vertical run, not a list of labels


def _one_glyph(line: str) -> bool:
    """A line holding a single character (digits up to 3 too: 縦中横 「12」 sits inside a vertical column)."""
    stripped = line.strip()
    return len(stripped) == 1 or (0 < len(stripped) <= 3 and stripped.isdigit())


def _join_vertical_runs(page: str) -> str:
    r"""Vertical text as pypdf gives it (「事\n業\n概\n要」) joined into one line per run (「事業概要」).

    A run needs at least `_VERTICAL_RUN` one-glyph lines, two of them not digits, so that a column of row
    numbers (「1\n2\n3」) stays as it is.
    """
    lines = page.split("\n")
    out: list[str] = []
    run: list[str] = []
    for line in [*lines, None]:
        if line is not None and _one_glyph(line):
            run.append(line.strip())
            continue
        if len(run) >= _VERTICAL_RUN and sum(not g.isdigit() for g in run) >= 2:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if line is not None:
            out.append(line)
    return "\n".join(out)


def read_pdf(path: Path) -> Document:
    """A text PDF: pages joined by a blank line, with each page's start offset kept for citations.

    Each page's text is pypdf's, with vertical runs joined and radicals folded (see the note above).
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [fold_radicals(_join_vertical_runs(page.extract_text() or "")) for page in reader.pages]
    except (PdfReadError, ValueError, OSError, KeyError, TypeError) as exc:
        raise UnreadableDocument(f"{path.name}: not a readable PDF ({exc})") from exc
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for page in pages:
        starts.append(offset)
        parts.append(page)
        offset += len(page) + 2
    text = "\n\n".join(parts)
    if not text.strip():
        raise UnreadableDocument(f"{path.name}: the PDF has no extractable text (scanned images?)")
    return Document(name=path.name, path=str(path), text=text, page_starts=starts)


def read_passages(path: Path) -> list[Document]:
    """`{"id","title","text"}` lines: each a plain passage document without program structure (radicals folded)."""
    lines = _decode(path.read_bytes(), path).splitlines()
    first = next((line for line in lines if line.strip()), "")
    try:
        head = json.loads(first)
    except json.JSONDecodeError as exc:
        raise UnreadableDocument(f"{path.name}: not a JSON-lines passage file ({exc})") from exc
    if not isinstance(head, dict) or "text" not in head:
        raise UnreadableDocument(f"{path.name}: not a passage file (its lines have no 'text' field)")
    docs: list[Document] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            doc_id, text = str(record["id"]), str(record["text"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            log.warning("%s:%d: skipped, not a {id,title,text} line (%s)", path.name, number, exc)
            continue
        if text.strip():
            docs.append(Document(name=doc_id, path=str(path), text=fold_radicals(text),
                                 title=fold_radicals(str(record.get("title") or "")), kind="passage"))
    return docs
