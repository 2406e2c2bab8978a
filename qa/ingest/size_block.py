"""A document's size block: the whole budget's figures a 説明資料 or PR document states once, before its programs.

A prefecture's 補正予算 説明資料 opens (after its table of contents) with

    補正予算の規模
    　今回の補正額　　　　65億2,500万円
    　補正前の予算額　7,128億4,000万円
    　補正後の予算額　7,193億6,500万円
    　財源の内訳：国庫支出金 51億4,200万円、県債 5億4,000万円、一般財源 8億4,300万円

and a 当初 PR document with 「予算の規模（一般会計）」 over 「令和８年度当初予算額 …」「令和７年度当初予算額 …」「前年度比 …」.
Every line of such a block is a labelled figure of the whole budget. Its labelled budget lines (「補正前の予算額」) look
like a program's, so a layout that opens programs at budget lines (`structure.find_anchors`) must pass them over, and
the block's total (今回の補正額 in a 補正: the amendment, not the whole after it; the 当初予算額 or 予算総額 in a 当初)
becomes the document's total (kind "total"), never a program.

A run of labelled figure lines is such a block when
  (a) a size heading stands right over it (「補正予算の規模」「【補正予算の総額】」: vocabulary `size.headings`), or it
      follows the document's opening straight away (the TOC's last entry, the date, the issuing office): any budget
      label counts then, no program having begun; or
  (b) its labels say by themselves that they are the whole budget's (vocabulary `size.whole` for a line alone; two lines
      or more of `size.totals`, `size.context` and `size.accounts` with a context figure among them), and the line over it
      is no program's title (a program page may set 補正前 / 補正額 / 補正後 under its own name).
A figure of the whole before or after the 補正 (「補正前予算額」「補正後の予算額」: `size.amended`) is no program's budget
line even on a program's page (`amended_figure`). Words live in data/vocabulary.toml ([size]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from qa.ingest import layout as L
from qa.ingest.amounts import AMOUNT_RE, amount_yen
from qa.ingest.lines import Line, lines_of
from qa.ingest.models import Amount, Budget, Document, Program, Section
from qa.ingest.normalize import nfkc
from qa.ingest.vocabulary import compact, flags_in, strip_markers, vocabulary
from qa.ingest.years import label_of, year_of

# How long a size line's label may be (「補正後の予算額」「令和８年度当初予算額（一般会計）」), and a size heading.
_LABEL_MAX = 24
_HEADING_MAX = 30
# A year before a label (「令和８年度当初予算額」): off before the label is compared with the vocabulary.
_YEAR_PREFIX = re.compile(r"^(?:(?:令和|平成)\s*(?:\d{1,2}|元)|(?:19|20)\d{2})\s*年度\s*")
# A closing bracketed note (「予算総額（一般会計）」「補正後の予算額（第３号まで）」).
_NOTE = re.compile(r"\s*[（(]([^（）()]*)[)）]\s*$")
# Markers and numbers opening a line (「・」「○」「◎」「１」「(1)」「①」): off before a label or heading is read.
_OPENING = re.compile(rf"^(?:[・･○◯●◎■□◆◇▼▽☆★◦•\-*]\s*|[（(]\s*\d{{1,2}}\s*[)）]\s*|\d{{1,2}}\s*[.．、\s]\s*|[{L.CIRCLED}]\s*)+")
# A note under the block's figures (「※財源は、国庫支出金…です。」): part of the block.
_NOTE_MARKS = ("※", "*", "＊")
# What joins a label to its figure: a colon, a leader of dots, a gap.
_JOIN = re.compile(rf"(?:\s*[:：]\s*|\s*{L.LEADER}\s*|\s+)$")


@dataclass
class SizeLine:
    """One labelled figure of the block: the line, its label (as written, NFKC, markers off) and its role.

    `role` is "total" (this budget's total), "account" (an account's size), "previous" (last year's figure of the
    total) or "context" (before / after the 補正, the change, the sources).
    """

    line: Line
    label: str
    role: str
    yen: int | None
    start: int  # the figure's span in the document's text
    end: int


@dataclass
class SizeBlock:
    """A size block: its heading line (None when unheaded), its labelled lines, and the lines it spans."""

    heading: Line | None
    entries: list[SizeLine] = field(default_factory=list)
    last: int = 0  # index of its last line (its last figure, or a note under it)

    @property
    def first(self) -> int:
        """Index of its first line (the heading, else the first figure)."""
        return self.heading.index if self.heading is not None else self.entries[0].line.index


@cache
def _words() -> dict[str, list[str]]:
    return vocabulary()["size"]


def _bare_label(label: str) -> tuple[str, str]:
    """A label compared with the vocabulary: compact, its year and closing note off; and the note (「一般会計」)."""
    text = compact(label)
    note = _NOTE.search(text)
    inner = note.group(1) if note else ""
    text = _YEAR_PREFIX.sub("", text[:note.start()] if note else text)
    return text, inner


def _account_in(text: str) -> str | None:
    """The account a label or note names (「一般会計」「国民健康保険特別会計」), or None."""
    for word in _words()["accounts"]:
        if text == word or (word != "合計" and text.endswith(word) and len(text) <= 16):
            return text
    return None


def amended_figure(norm: str) -> bool:
    """Whether an NFKC line is a figure of the whole before or after the 補正 (「補正前予算額　10億円」「補正後の予算額
    7,193億円」: vocabulary `size.amended`), which is no program's budget line wherever it stands."""
    amount = AMOUNT_RE.search(norm)
    if amount is None:
        return False
    bare, _ = _bare_label(_OPENING.sub("", norm[:amount.start()]).strip(" :：【】[]［］"))
    return bare.startswith(tuple(_words()["amended"]))


def size_role(label: str, headed: bool) -> str | None:
    """The role of a size line's label (see `SizeLine`), or None when the label is no whole-budget figure's.

    Args:
        label: the text before the line's figure, markers and the joining colon off.
        headed: whether a size heading stands over the line (then any budget label counts).
    """
    bare, _ = _bare_label(label)
    words = _words()
    if not bare:
        return None
    if bare.startswith(tuple(words["context"])):
        # 「前年度当初予算額」 is last year's figure of the total; 「補正前の予算額」「前年度比」「財源の内訳」 context
        return "previous" if re.search(r"予算額?$", bare) and L.PREVIOUS_LABEL.match(bare) else "context"
    if bare in words["totals"]:
        return "total"
    if _account_in(bare):
        return "account"
    if headed and L.BUDGET_LABEL_START.match(bare) and L.BUDGET_LABEL_NAME.search(bare):
        return "total"  # 「令和８年度当初予算額」 under 「予算の規模」 (an earlier year's: see `_read_block`)
    return None


def _labelled(line: Line) -> tuple[str, re.Match[str]] | None:
    """The label and the first amount of a labelled figure line (「今回の補正額　65億2,500万円」; 「財源の内訳：国庫支出金
    51億…」 labelled by the words before its colon), in the line's folded text; None for any other line."""
    folded = line.folded[0]
    amount = next((m for m in AMOUNT_RE.finditer(folded) if amount_yen(m) is not None), None)
    if amount is None:
        return None
    before = folded[:amount.start()]
    colon = re.search(r"[:：]", before)
    label = before[:colon.start()] if colon else _JOIN.sub("", before)
    label = _OPENING.sub("", nfkc(label).strip()).strip(" 【】[]［］〔〕")
    if not label or len(label) > _LABEL_MAX or "。" in label or re.search(r"\d[\d,]*\s*[円%％]", label):
        return None
    return re.sub(r"\s+", "", label), amount


def _heading_name(line: Line) -> bool:
    """Whether a line is a size heading (「補正予算の規模」「◎ 今回の補正予算の規模」「１　予算の規模（一般会計）」)."""
    if not line.norm or len(line.norm) > _HEADING_MAX or AMOUNT_RE.search(line.norm) and _labelled(line) is not None:
        return False
    text = _heading_text(line)
    words = _words()
    return text.endswith(tuple(words["headings"])) and (
        text in words["headings"] or any(w in text for w in words["heading_names"]))


def _heading_text(line: Line) -> str:
    """A size heading's words without its marker, number and closing note (「１　総　額」 -> 総額)."""
    return _NOTE.sub("", compact(_OPENING.sub("", line.norm)).strip("【】[]［］〔〕<>〈〉"))


def _heading_account(line: Line) -> str | None:
    """The account a size heading's note names (「予算の規模（一般会計）」 -> 一般会計), or None."""
    note = _NOTE.search(compact(_OPENING.sub("", line.norm)).strip("【】[]［］〔〕"))
    return _account_in(note.group(1)) if note else None


def _program_title(line: Line) -> bool:
    """Whether a line over a run of figures may name a program: its name (markers off) ends with a program's head word
    (vocabulary `prose.heads`: 「(1) 中小企業…支援金」「…事業【新規】」), or it is numbered or marked as an item is
    (「■ 河川改修」「① …」) and names no budget (「(1) 補正予算の概要」 heads the whole budget's figures)."""
    if L.TOC_ENTRY.match(line.norm):
        return False  # the table of contents' last entry over a cover block that follows it
    marked = L.TITLE_NUMBER.match(line.norm) or L.LEAD_MARK.match(line.norm) or line.norm[:1] in L.CIRCLED
    name, _ = strip_markers(L.TITLE_NUMBER.sub("", L.LEAD_MARK.sub("", line.norm)))
    name = _NOTE.sub("", name).strip()
    if name.endswith(tuple(vocabulary()["prose"]["heads"])):
        return True
    return bool(marked) and not any(w in compact(name) for w in _words()["heading_names"])


def _entry(line: Line, headed: bool) -> SizeLine | None:
    labelled = _labelled(line)
    if labelled is None:
        return None
    label, amount = labelled
    role = size_role(label, headed)
    if role is None:
        return None
    written = amount.group(0)
    begin = amount.start() + len(written) - len(written.lstrip())  # (the gap before the figure is no part of it)
    start, end = line.span(begin, amount.end())
    return SizeLine(line=line, label=label, role=role, yen=amount_yen(amount), start=start, end=end)


def _ratio_line(norm: str) -> bool:
    """A context figure without yen (「対前年度比　１１２．３％」「伸び率 +2.1%」): a line of the block, no figure of it."""
    match = re.match(r"^(?P<label>[^\d+＋\-△▲]{1,12}?)\s*[:：]?\s*[+＋\-△▲]?\s*\d[\d.,]*\s*[%％]", norm)
    return match is not None and size_role(match.group("label").strip(), False) == "context"


def find_size_blocks(lines: list[Line]) -> list[SizeBlock]:
    """The document's size blocks, in order (see the module docstring)."""
    blocks: list[SizeBlock] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = line if _heading_name(line) else None
        start = i + 1 if heading is not None else i
        j = start
        while j < len(lines) and not lines[j].norm:
            j += 1
        # Under a size heading, or right after the document's opening (its TOC, its date, its issuer), any budget
        # label is the whole budget's: no program has begun.
        headed = heading is not None or (j == i and _after_opening(lines, j))
        entries: list[SizeLine] = []
        k = j
        while k < len(lines):
            norm = lines[k].norm
            if not norm:
                break
            entry = _entry(lines[k], headed)
            if entry is not None:
                entries.append(entry)
            elif not (entries and (norm.startswith(_NOTE_MARKS) or _ratio_line(norm))):
                break  # (a note under the figures, 「※財源は…」, or the change as a ratio stays in the block)
            k += 1
        if entries and (headed or _whole(entries, lines, j)):
            blocks.append(SizeBlock(heading=heading, entries=entries, last=k - 1))
        # A run is judged whole: its tail is no block of its own (「補正予算額」「補正後予算額」 under a program's
        # 「補正前予算額」 stay the program's).
        i = max(k, i + 1) if entries else i + 1
    return blocks


# A date line (「令和８年２月１３日」「令和８年９月」) of a document's opening.
_DATE = re.compile(r"^(?:令和|平成)\s*(?:\d{1,2}|元)\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$")


def _after_opening(lines: list[Line], first: int) -> bool:
    """Whether the line over line `first` (blank lines passed over) closes the document's opening: the table of
    contents' last entry, the date or the issuing office (「鷹ノ巣県 総務部 財政課」), or nothing at all."""
    above = next((lines[n] for n in range(first - 1, -1, -1) if lines[n].norm), None)
    if above is None:
        return True
    norm = above.norm
    return bool(L.TOC_ENTRY.match(norm) or _DATE.match(norm) or L.OFFICE_END.search(norm.replace(" ", "")))


def _whole(entries: list[SizeLine], lines: list[Line], first: int) -> bool:
    """Whether an unheaded run of size lines is the whole budget's (see the module docstring, (b))."""
    # (a marker alone between a title and its figures, 「【新規】」, is passed over)
    above = next((lines[n] for n in range(first - 1, -1, -1)
                  if lines[n].norm and not (L.BRACKETED.match(lines[n].norm) and flags_in(lines[n].stripped))), None)
    if above is not None and _program_title(above):
        return False
    words = _words()
    if len(entries) == 1:
        return _bare_label(entries[0].label)[0] in words["whole"]
    return any(e.role in ("context", "previous") for e in entries) and any(e.role in ("total", "account")
                                                                           for e in entries)


def size_lines(lines: list[Line]) -> set[int]:
    """Indexes of the lines of every size block (headings, figures and the notes among them): never a program's."""
    return {n for block in find_size_blocks(lines) for n in range(block.first, block.last + 1)}


def _total(doc: Document, entry: SizeLine, title: str, label: str, period: str) -> Program:
    """A total titled `title` whose budget is a size line's figure under `label`, its year and kind from the label
    (or the document's period)."""
    from qa.ingest.structure import program_id  # structure reads the pages; imported when a block is read

    fiscal = label_of(entry.label, period)
    budget = Budget(yen=entry.yen, text=entry.line.raw.strip(), amount_text=doc.text[entry.start:entry.end],
                    label=label, fiscal_year=fiscal.year, budget_kind=fiscal.kind, start=entry.start, end=entry.end)
    return Program(id=program_id(doc.name, f"{title}（予算の規模）"), title=title, document=doc.name,
                   start=entry.line.start, end=entry.line.end, budget=budget, kind="total",
                   sections=[Section(name="予算額", start=entry.start, end=entry.end)],
                   pages=[doc.page_at(entry.start)] if doc.page_at(entry.start) else [])


def _read_block(doc: Document, lines: list[Line], block: SizeBlock) -> list[Program]:
    """A block's totals: this budget's total (with last year's figure as its previous year, when the block gives it)
    and each account's size; the whole budget before and after a 補正 as totals of their own label; the block's other
    figures stay in the total's text, no programs."""
    period = doc.period or doc.title
    account = _heading_account(block.heading) if block.heading is not None else None
    years = [y for e in block.entries if e.role == "total" and (y := year_of(e.label)) is not None]
    current = max(years) if years else None
    totals: list[Program] = []
    previous: list[SizeLine] = []
    for entry in block.entries:
        year = year_of(entry.label)
        if entry.role == "previous" or (entry.role == "total" and current and year is not None and year < current):
            previous.append(entry)
        elif entry.role == "total" or entry.role == "account" and _bare_label(entry.label)[0] not in _words()["collective"]:
            bare, note = _bare_label(entry.label)
            named = _account_in(bare) or _account_in(note) or (account if entry.role == "total" else None)
            # A budget label of any program (「令和１０年度要求額」 under 「１ 総 額」) is named by the heading it stands
            # under; a label of the vocabulary (「今回の補正額」) names the total itself.
            generic = entry.role == "total" and bare not in _words()["totals"] and block.heading is not None
            title = named or (_heading_text(block.heading) if generic and block.heading is not None
                              else _YEAR_PREFIX.sub("", entry.label))
            # (an account's size is labelled as the size tables' rows are, `account_totals`)
            totals.append(_total(doc, entry, title, "予算額" if named else entry.label, period))
    if totals and block.heading is not None:
        # 「補正前の額　3,184,000千円」「補正後の額　3,270,450千円」 beside 今回補正額: the whole budget before and after the
        # 補正, totals of their own label (asked 「補正後の額は？」), never this budget's total nor a program
        for entry in block.entries:
            bare, _ = _bare_label(entry.label)
            if entry.role == "context" and bare.startswith(tuple(_words()["amended"])) and entry.yen:
                totals.append(_total(doc, entry, bare, entry.label, period))
    if totals:
        first = totals[0]
        for entry in previous[:1]:
            fiscal = label_of(entry.label, period)
            year = fiscal.year if year_of(entry.label) is not None else (
                first.budget.fiscal_year - 1 if first.budget and first.budget.fiscal_year else None)
            first.budget.previous_year = Amount(yen=entry.yen, text=entry.line.raw.strip(), label=entry.label,
                                                fiscal_year=year, budget_kind="前年度", start=entry.start,
                                                end=entry.end)
        # The first total's text spans the block (its heading, the figures beside it, the notes): quoted and counted.
        begin, last = lines[block.first], lines[block.last]
        first.start = begin.start + len(begin.raw) - len(begin.raw.lstrip())
        first.end = last.start + len(last.raw.rstrip())
    return totals


def size_totals(doc: Document, programs: list[Program]) -> list[Program]:
    """The programs with the document's size blocks read: a program any layout read from a block's line is dropped
    (a whole-budget figure is no program), and each block's totals added unless a total of the same name and figure
    was read already (a size table's row, `account_totals`).

    Returns:
        The programs, in their order, with the blocks' totals after them (none when no program is left: a document
        that gives its size alone is read as a passage, as before).
    """
    lines = lines_of(doc)
    blocks = find_size_blocks(lines)
    if not blocks:
        return programs
    spans = [(lines[b.first].start, lines[b.last].end) for b in blocks]
    kept = [p for p in programs if p.kind == "total" or p.budget is None or p.budget.start is None
            or not any(a <= p.budget.start < b for a, b in spans)]
    if not any(p.has_budget_structure for p in kept):
        return kept  # a summary alone (its size, its sources) is no reading: the document stays a passage
    known = {(p.title, p.budget.yen if p.budget else None) for p in kept if p.kind == "total"}
    for block in blocks:
        for total in _read_block(doc, lines, block):
            if (total.title, total.budget.yen if total.budget else None) in known:
                continue  # the size table's row of that account, read already
            kept.append(total)
    return kept
