"""Quotable units of a program: sentences and list items with exact spans, short label lines kept together.

A sentence hard-wrapped over several lines (PDF text, text typed to a width) is one unit whose span includes
the line breaks; `qa.ingest.normalize.unwrap` gives the form people read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.ingest.models import Document, Program
from qa.ingest.normalize import continues, framed_cell, wrap_width

# Sections whose content is answered from structured fields, not quoted as sentences.
FIELD_SECTIONS = {"事業名", "予算額", "担当・連絡先"}
_BULLET = re.compile(r"\s*(?:[-*・]\s*)+")  # used with .match(text, pos): anchored at pos
# A sentence ends at 。 but not inside brackets, and a bracketed note right after its 。 belongs to it (the national
# review's 「…の整備を支援。(6千万円以内。補助率1/3以内)」, a PR sheet's 「…を補助。（上限50万円）」).
_SENTENCE = re.compile(r"(?:[^。（(]|[（(][^（()）]*[）)]|[（(])*(?:。(?:[ \t\u3000]*[（(][^（()）]*[）)])?|$)")


@dataclass(frozen=True)
class Unit:
    """A sentence or list item: `document.text[start:end] == text` (line breaks of a wrapped sentence included), but
    for a table cell wrapped inside its column, whose text is the cell as read (`framed_cell`)."""

    section: str
    start: int
    end: int
    text: str
    heading: str = ""  # the section's own heading line as written (「【補助率】」 of a section named 条件), when left out


def _spans_of_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of one line (or of wrapped lines read as one), bullets and surrounding spaces excluded."""
    bullet = _BULLET.match(text, start, end)
    if bullet:
        start = bullet.end()
    out = []
    for match in _SENTENCE.finditer(text, start, end):
        a, b = match.start(), match.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b - a >= 2:
            out.append((a, b))
    return out


def _rejoin_wraps(text: str, lines: list[tuple[int, int]], width: int) -> list[tuple[int, int]]:
    """Physical lines (`(start, end)`, `(-1, -1)` for a blank) merged where a sentence wraps onto the next line.

    A merged line spans from its first line's start to its last line's end, line breaks included.
    """
    merged: list[tuple[int, int]] = []
    previous = (-1, -1)  # the last physical line, whose end decides whether the next one continues it
    for a, b in lines:
        if a >= 0 and previous[0] >= 0 and continues(text[previous[0]:previous[1]], text[a:b], width):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
        previous = (a, b)
    return merged


def span_units(text: str, start: int, end: int, section: str, heading: str | None = None,
               width: int | None = None) -> list[Unit]:
    """Units of one stretch of a document's text (a section, or text outside every program).

    Consecutive short lines without a full stop (「基準利率」「中小企業事業1.16%」) form one unit, since
    they only make sense together. A line wrapped mid-sentence (`qa.ingest.normalize.continues`) is read
    together with the lines it runs on to, so that a unit is the whole sentence, not 「テムを導入…」.

    Args:
        text: the document's text; start, end: the stretch (offsets into it).
        section: the name the units carry; heading: a first line to leave out (the section's own heading).
        width: the document's wrap width (`wrap_width`), computed when not given.
    """
    width = wrap_width(text) if width is None else width
    units: list[Unit] = []
    # Blank lines are kept as (-1, -1) breaks so that only adjacent label lines are joined.
    lines: list[tuple[int, int]] = []
    offset = start
    for raw in text[start:end].split("\n"):
        lines.append((offset, offset + len(raw)) if raw.strip() else (-1, -1))
        offset += len(raw) + 1
    if heading and lines and lines[0][0] >= 0 and text[lines[0][0]:lines[0][1]].strip() == heading:
        lines = lines[1:]
    lines = _asked_with_answer(text, _rejoin_wraps(text, lines, width))
    group: list[tuple[int, int]] = []
    for a, b in lines + [(-2, -2)]:
        line = text[a:b] if a >= 0 else ""
        short_label = a >= 0 and "。" not in line and len(line.strip()) <= 30 and not _BULLET.match(line.lstrip())
        if short_label and len(group) < 12:
            group.append((a, b))
            continue
        if a == -1 and group:
            continue  # a blank line inside a block of labels (a table laid out line by line)
        if group:
            spans = _spans_of_line(text, group[0][0], group[-1][1])
            if spans:
                s, e = spans[0][0], spans[-1][1]
                units.append(Unit(section, s, e, text[s:e], heading or ""))
            group = []
        if a >= 0 and line.strip():
            units.extend(Unit(section, s, e, text[s:e], heading or "") for s, e in _spans_of_line(text, a, b))
    return units


# A question of a guide's Q&A (「💬 Q. だれが使えるの？」「Ｑ３．…」「問　…」) and the answer under it (「A. 75歳以上…」「答　…」),
# a bubble or a mark before either, a separator after the letter (「問い合わせ先」 is no question).
_QUESTION_LINE = re.compile(r"\s*(?:[^\w\s]{1,2}\s*)?(?:Q|Ｑ|問)\s*[0-9０-９]{0,2}\s*(?:[.．:：、)）]|\s)\s*\S")
_ANSWER_LINE = re.compile(r"\s*(?:[^\w\s]{1,2}\s*)?(?:A|Ａ|答)\s*[0-9０-９]{0,2}\s*(?:[.．:：、)）]|\s)\s*\S")


def _asked_with_answer(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lines (as `_rejoin_wraps` gives them) with each Q&A question joined to the answer line right under it: the
    answer says what the question asks (「だれが使えるの？」 / 「75歳以上で…です。」), so they are quoted as one."""
    out: list[tuple[int, int]] = []
    for a, b in lines:
        if out and a >= 0 and out[-1][0] >= 0 and _ANSWER_LINE.match(text, a, b) \
                and _QUESTION_LINE.match(text, out[-1][0], out[-1][1]) and "\n" not in text[out[-1][0]:out[-1][1]]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def program_units(program: Program, doc: Document) -> list[Unit]:
    """Units of every quotable section of a program (`span_units` of each), and the labelled lines of its text that
    no section covers (`labelled_lines`)."""
    width = wrap_width(doc.text)
    units = [unit for section in program.sections if section.name not in FIELD_SECTIONS
             for unit in _section_units(doc.text, section.start, section.end, section.name, section.heading, width)]
    # A name that carries its details in brackets (a ledger's 「移住支援金（単身60万円・世帯100万円）」「橋りょう定期点検
    # 委託料（52橋）」): the name is quotable too, for the figures it states.
    named = next((s for s in program.sections if s.name == "事業名"), None)
    if named is not None and _DETAILED_NAME.search(doc.text[named.start:named.end]):
        units.insert(0, Unit("事業名", named.start, named.end, doc.text[named.start:named.end]))
    return [u for u in units + labelled_lines(program, doc) if not _restates_previous(u, program)]


def _section_units(text: str, start: int, end: int, name: str, heading: str, width: int) -> list[Unit]:
    """A section's units: a table cell wrapped inside its column (`framed_cell`) is one unit whose text is the cell
    as read (its span covers the row's lines, whose other columns stand between the cell's pieces); any other
    section is split by `span_units`."""
    cell = framed_cell(text, start, end)
    if cell is not None:
        return [Unit(name, start, end, cell)] if len(cell) >= 2 else []
    return span_units(text, start, end, name, heading, width)


# A bracketed note with a figure in a name (「（単身60万円・世帯100万円）」「（52橋）」「（7月15日～8月20日）」).
_DETAILED_NAME = re.compile(r"[（(][^（()）]*\d[^（()）]*[）)]")


# What a line restating last year's figure holds besides the figure: 「（前年度　72,000）」「前年度予算額：－」.
_PREVIOUS_WORDS = re.compile(r"前年度?|昨年度|予算額?|当初|比較|増減")


def _restates_previous(unit: Unit, program: Program) -> bool:
    """Whether a unit only restates the program's last-year figure (「（前年度　　72,000）」 under an item, 「（前年度　－）」
    under a new one): the budget field already says it, and quoted it answers nothing (it was quoted for
    「何をする事業？」)."""
    previous = program.budget.previous_year if program.budget is not None else None
    text = unit.text
    if previous is not None and previous.start is not None and previous.end is not None \
            and unit.start <= previous.end and previous.start <= unit.end:
        text = text.replace(previous.text or "", "")
    elif len(text) > 40:
        return False  # (a new item's 「（前年度　－）」 has no figure the budget field read)
    return bool(_PREVIOUS_WORDS.search(text)) and _PROSE_WORD.search(_PREVIOUS_WORDS.sub("", text)) is None


# A line stating one field of a program (「- **事業期間**：令和９年度～令和12年度」「補助率：1/3」): its label and value.
_LABELLED = re.compile(r"[ \t\u3000]*(?:[-*・●○■◆]\s*)?(?:\*\*)?(?P<label>[^\s:：*|｜]{2,12}?)(?:\*\*)?\s*[:：]\s*(?=\S)")


def labelled_lines(program: Program, doc: Document) -> list[Unit]:
    """The lines of a program's own span that state a field with its label (「**補助率**：1/3」「**事業期間**：令和９年度
    ～令和12年度」 under a 概算要求's heading) and that no section of the program covers: each a unit named by its label,
    so that a question asking the period or the rate can quote it."""
    covered = [(s.start, s.end) for s in program.sections]
    units, at = [], program.start
    for line in doc.text[program.start:program.end].splitlines(keepends=True):
        start, end = at, at + len(line.rstrip("\r\n"))
        at += len(line)
        if any(a < end and start < b for a, b in covered):
            continue
        found = _LABELLED.match(line)
        if found is None or found.group("label") in FIELD_SECTIONS:
            continue
        lead = len(line) - len(line.lstrip())
        units.append(Unit(found.group("label"), start + lead, end, doc.text[start + lead:end]))
    return units


# A unit of a document's own prose says something only with a word in kanji or katakana and a figure or a verb's
# worth of text: page numbers, 「3」, 「➢」 and chart labels are left out.
_PROSE_WORD = re.compile(r"[一-龥ァ-ヴー]{2}")
# A table of contents' dot leaders (「…推進事業..... 33」): its page numbers are no figures of the budget.
_LEADER = re.compile(r"[.．・…‥]{4,}\s*\d")
# Marks that open a point of their own (○, －, ・, ➢ ...): a line starting with one is never the wrap of the last.
_POINT = "[○◯●◆◇■□・－\\-–―※➢▶►]"
_OPENS_POINT = re.compile(r"\s*" + _POINT)
_PAGE_MARK = re.compile(r"^(=+\s*PAGE\s*\d+\s*=+|=+)(\s|$)")


def _split_at_points(text: str, unit: Unit) -> list[Unit]:
    """A unit cut where one of its lines opens a point (○, －): short lines read together as labels (a title over
    「○歳出予算は、…」) are separate statements in prose."""
    cuts = [unit.start] + [unit.start + m.start() + 1 for m in re.finditer(r"\n(?=\s*" + _POINT + ")", unit.text)]
    bounds = list(zip(cuts, cuts[1:] + [unit.end], strict=True))
    return [Unit(unit.section, a, b, text[a:b]) for a, b in bounds if text[a:b].strip()]


def prose_units(doc: Document, programs: list[Program], section: str = "資料全体") -> list[Unit]:
    """Units of a document's text that stand outside every program (its opening overview, the sentences between
    areas): where a document states its own overall figures (「前年度比で1兆4,213億円（27.4％）増」).

    Args:
        doc: the document; programs: its programs (their spans and sections are what is covered).
        section: the name the units carry.
    """
    covered = sorted((s.start, s.end) for p in programs
                     for s in [p, *p.sections] if s.end > s.start)
    gaps, at = [], 0
    for a, b in covered:
        if a > at:
            gaps.append((at, a))
        at = max(at, b)
    if at < len(doc.text):
        gaps.append((at, len(doc.text)))
    text, width = doc.text, wrap_width(doc.text)
    units: list[Unit] = []
    for a, b in gaps:
        for unit in (part for whole in span_units(text, a, b, section, width=width)
                     for part in _split_at_points(text, whole)):
            if _PAGE_MARK.match(unit.text.strip()):
                continue
            previous = units[-1] if units else None
            # PDF text breaks an overview's sentences where the page did (「…対象経費として」/「7兆676億円を計上、…」),
            # and a figure opening a line is not read as a wrap: here, outside programs, a line not ended by 。
            # runs on into the next unless that one opens a point of its own (○, －, ・).
            if previous is not None and not previous.text.rstrip().endswith("。") \
                    and text[previous.end:unit.start].strip() == "" and text[previous.end:unit.start].count("\n") == 1 \
                    and not _OPENS_POINT.match(unit.text) and unit.end - previous.start <= 240:
                units[-1] = Unit(section, previous.start, unit.end, text[previous.start:unit.end])
            else:
                units.append(unit)
    return [u for u in units if len(u.text.strip()) >= 8 and _PROSE_WORD.search(u.text) and not _LEADER.search(u.text)]
