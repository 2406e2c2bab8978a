"""A subsidy guide's questions and answers, given to the programs they are about.

A 「○○補助金 Q&Aと事業一覧」 asks and answers its sub-programs' 補助率, 上限額, 対象者, 申請期間 and 問い合わせ先 in a Q&A
part (「Ｑ３．…」/「Ａ３．…」, 「問１２ …」/「答 …」), grouped under a heading that names a program (「〔省エネ設備導入支援
事業〕」) or with the program named in the question, and then lists the programs with their 予算額 (read by a layout).
The Q&A part stands outside every program's span, so a question asked of a program would find none of it there. Here,
once every layout has read its programs and their titles are final, each Q&A goes to the programs

- its question names (「Ｑ１１．賃上げ環境整備支援金はいくらもらえますか。」; a council's 「Ｑ　議員名」 asks on the lines
  under it), else
- the one program boxed under its answer (a 予算説明会資料's 「Ａ　…」 then 「┌ 事業名 … 予算額 …」), else
- the heading it stands under names (「〔創業スタートアップ補助金・事業承継支援補助金〕」 names two), else
- the one program its question names by a run of the title (「鳥獣被害対策の捕獲報奨金は」 of 鳥獣被害対策事業),

and to a program whose own text refers to it by number (「〔Ｑ３～Ｑ５参照〕」). A program's Q&As become one section
(named by data/vocabulary.toml [qa] section) per run of them, outside its span as a ledger's detail lines are
(`Program.whole_text` reads them). A contact list inside an answer that names a program over its office and phone
(「・省エネ設備導入支援事業」「環境エネルギー課 … ＴＥＬ ０２８２－５５－４１３０」) gives that program its contact. The
document's own contact (the 問い合わせ先 question, the 発行 line) stays outside every program span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from qa.ingest import layout as L
from qa.ingest.lines import Line, lines_of
from qa.ingest.models import Document, Program, Section
from qa.ingest.normalize import common_run, nfkc
from qa.ingest.structure import _contacts
from qa.ingest.titles import unwrapped
from qa.ingest.vocabulary import vocabulary

# How long a heading over a block of questions may be (「〔創業スタートアップ補助金・事業承継支援補助金〕」: 25).
_HEADING_CHARS = 60
# How many lines an office and its phone may take under a program's name in a contact list.
_CONTACT_LINES = 3
# The shortest tail of a program's name a question may call it by (「ＤＸ導入補助金」 of 「小規模事業者ＤＸ導入補助金」).
_SHORT_NAME_CHARS = 5


@dataclass
class QaItem:
    """One question with its answer: lines `first`..`last` (inclusive) of the document, its number when written."""

    first: int
    last: int
    number: int | None
    question: str  # the question line, NFKC
    topic: list[int] = field(default_factory=list)  # programs the heading it stands under names (indexes)


@cache
def _patterns() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]], re.Pattern[str], str]:
    qa = vocabulary()["qa"]
    return ([re.compile(p) for p in qa["questions"]], [re.compile(p) for p in qa["answers"]],
            re.compile(qa["reference"]), str(qa["section"]))


def question_mark(text: str) -> re.Match[str] | None:
    """The question mark opening a line's NFKC text without its indentation (「Q1.」「問12」「【問】」「問（中村委員）」),
    or None."""
    return next((m for p in _patterns()[0] if (m := p.match(text))), None)


def is_question(text: str) -> bool:
    """Whether a sentence is a question of a Q&A or of a council's minutes (「Ｑ６．…ですか。」「問（中村委員）…減って
    いるが。」): it asks, it states nothing an answer could quote."""
    return question_mark(nfkc(text).strip()) is not None


def answer_mark(text: str) -> re.Match[str] | None:
    """The answer mark opening a line's NFKC text without its indentation (「答（企画課長）」「Ａ１．」), or None."""
    return next((m for p in _patterns()[1] if (m := p.match(text))), None)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", nfkc(text))


def opens_questions(lines: list[Line], i: int) -> bool:
    """Whether line i heads questions: the next line with words (blank lines passed over) is a question."""
    following = next((line for line in lines[i + 1:] if line.norm), None)
    return following is not None and question_mark(following.norm) is not None


def _heading_name(line: Line) -> str | None:
    """The words of a line that may head a block of questions: short, no sentence, in brackets (「〔共通事項〕」) or
    after a mark (「■ 省エネ設備導入支援事業について」); None for any other line."""
    text = line.norm
    if not text or "。" in text or len(text) > _HEADING_CHARS or question_mark(text) or answer_mark(text):
        return None
    inner = unwrapped(text)
    if inner != text:
        return inner
    marked = L.LEAD_MARK.sub("", text)
    return marked if marked != text else None


def _items(lines: list[Line]) -> list[QaItem]:
    """Every question of the document with the lines of its answer.

    An item runs from its question over the answer (「Ａ１．…」 or 「答 …」, after a blank line too), the lines indented
    under the question's own indentation and the lines that follow without a blank; it ends at the next question, at
    a blank line followed by anything else, and at a heading.
    """
    items: list[QaItem] = []
    i = 0
    while i < len(lines):
        mark = question_mark(lines[i].norm)
        if mark is None:
            i += 1
            continue
        number = int(mark.group("n")) if "n" in mark.groupdict() and mark.group("n") else None
        last, j, blank = i, i + 1, False
        while j < len(lines):
            line = lines[j]
            if not line.norm:
                blank = True
            elif question_mark(line.norm) or L.RULE_LINE.match(line.norm) or L.HEADING_LINE.match(line.norm) \
                    or unwrapped(line.norm) != line.norm:
                break
            elif answer_mark(line.norm) or line.indent > lines[i].indent or not blank:
                last, blank = j, False
            else:
                break
            j += 1
        items.append(QaItem(first=i, last=last, number=number, question=lines[i].norm))
        i = last + 1
    return items


def qa_lines(lines: list[Line]) -> set[int]:
    """Indexes of the lines that questions and their answers take (none when the document asks fewer than two)."""
    items = _items(lines)
    return {k for it in items for k in range(it.first, it.last + 1)} if len(items) >= 2 else set()


def _named(text: str, names: list[str]) -> list[int]:
    """Indexes of the programs a text names: by the whole name, else by the tail of one name alone."""
    compact = _compact(text)
    whole = [n for n, name in enumerate(names) if len(name) >= 2 and name in compact]
    if whole:
        # 「事業承継支援補助金」 inside a longer name the text names is that one, not a second program
        return [n for n in whole if not any(m != n and names[n] in names[m] and names[m] in compact for m in whole)]
    tails = [n for n, name in enumerate(names)
             if any(name[k:] in compact for k in range(1, len(name) - max(_SHORT_NAME_CHARS, len(name) // 2) + 1))]
    return tails if len(tails) == 1 else []


def _topics(lines: list[Line], items: list[QaItem], names: list[str]) -> None:
    """The programs the heading over each item's block names (in place): the nearest heading line above it, as long
    as only questions, answers and blank lines stand between (a part heading 「■□■ 第２部 … ■□■」 ends a block)."""
    starts = {item.first: item for item in items}
    ends = {item.first: item.last for item in items}
    topic: list[int] = []
    i = 0
    while i < len(lines):
        if i in starts:
            starts[i].topic = topic
            i = ends[i] + 1
            continue
        line = lines[i]
        if line.norm:
            heading = _heading_name(line)
            topic = _named(heading, names) if heading is not None else []
        i += 1


def _asked(lines: list[Line], item: QaItem) -> str:
    """An item's question: its question line and the lines under it before the answer (a council's 「Ｑ　川端 誠議員」
    names who asks, the question stands on the lines below)."""
    asked = [item.question]
    for k in range(item.first + 1, item.last + 1):
        if answer_mark(lines[k].norm):
            break
        asked.append(lines[k].norm)
    return " ".join(asked)


def _loosely_named(text: str, names: list[str]) -> list[int]:
    """The one program a question names by a run of its title (「鳥獣被害対策の捕獲報奨金は」 of 鳥獣被害対策事業, 「防災備蓄
    倉庫はどこに」 of 防災備蓄倉庫整備事業): six characters, or four and half the title; [] unless one program is named
    so by a longer run than any other."""
    compact = _compact(text)
    runs = sorted(((common_run(compact, name), n) for n, name in enumerate(names)
                   if len(name) >= 4), reverse=True)
    runs = [(run, n) for run, n in runs if run >= 6 or (run >= 4 and 2 * run >= len(names[n]))]
    if not runs or (len(runs) > 1 and runs[1][0] == runs[0][0]):
        return []
    return [runs[0][1]]


def _boxed(lines: list[Line], item: QaItem, programs: list[Program]) -> list[int]:
    """The program read from a box inside an item's answer (「Ａ　…」 then 「┌ 事業名　… 予算額　… 担当課　…」: a
    予算説明会資料's answer, its program boxed under it): the one program whose span starts within the answer's lines;
    [] when none or several do."""
    start, end = lines[item.first].end, lines[item.last].end
    inside = [n for n, p in enumerate(programs) if start <= p.start < end]
    return inside if len(inside) == 1 else []


def _of_topic(lines: list[Line], item: QaItem, names: list[str]) -> list[int]:
    """The programs of an item's heading, when its answer names no other program (an answer listing every program's
    office, 「・住宅省エネリフォーム補助金」「・新婚・子育て世帯家賃補助事業」, is the whole guide's, wherever it stands)."""
    answer = " ".join(lines[k].norm for k in range(item.first + 1, item.last + 1))
    compact = _compact(answer)
    return [] if any(name in compact for n, name in enumerate(names) if n not in item.topic) else item.topic


def _references(doc: Document, program: Program) -> set[int]:
    """Question numbers a program's own text refers to (「〔Ｑ３～Ｑ５参照〕」 -> {3, 4, 5})."""
    found: set[int] = set()
    for match in _patterns()[2].finditer(nfkc(doc.text[program.start:program.end])):
        first = int(match.group("first"))
        last = int(match.group("last") or first)
        if first <= last <= first + 20:
            found.update(range(first, last + 1))
    return found


def _contact_list(lines: list[Line], items: list[QaItem], programs: list[Program], names: list[str]) -> None:
    """Contacts from an answer's list of programs each over its office and phone (in place): the lines under a line
    that is a program's name alone, down to the first phone number (three lines at most, no other name between)."""
    for item in items:
        for i in range(item.first + 1, item.last + 1):
            name = _compact(unwrapped(L.LEAD_MARK.sub("", re.sub(r"^[・･\-*]\s*", "", lines[i].norm))))
            owner = next((n for n, title in enumerate(names) if title == name), None)
            if owner is None:
                continue
            below: list[int] = []
            for j in range(i + 1, min(item.last, i + _CONTACT_LINES) + 1):
                if not lines[j].norm or _compact(lines[j].norm.lstrip("・･-* ")) in names:
                    break
                below.append(j)
                if L.PHONE.search(lines[j].norm):
                    break
            if not below or not L.PHONE.search(lines[below[-1]].norm):
                continue
            program = programs[owner]
            found = [c for c in _contacts(lines, below) if (c.phone, c.start) not in
                     {(k.phone, k.start) for k in program.contacts}]
            if found:
                program.contacts = found + program.contacts
                program.sections.append(Section(name="担当・連絡先", start=found[0].start, end=found[-1].end))


def _opening(lines: list[Line], first: int, floor: int) -> int:
    """The first line of the Q&A part whose first question is line `first`: the headings, rules and blank lines
    straight above it (「────」「２．よくあるご質問（Ｑ＆Ａ）」「────」「■生産性向上設備導入助成金について」), down to
    line `floor` at most."""
    i = first
    while i - 1 > floor:
        line = lines[i - 1]
        if line.norm and not (L.RULE_LINE.match(line.norm) or L.HEADING_LINE.match(line.norm)
                              or _heading_name(line) is not None):
            break
        i -= 1
    while i < first and not lines[i].norm:
        i += 1
    return i


def _cut_trailing_part(doc: Document, lines: list[Line], items: list[QaItem], programs: list[Program]) -> None:
    """End a listed program where a Q&A part after it begins (in place): a guide that lists its programs first and
    asks about them after reads the whole Q&A part into its last program's span otherwise. Only a part of two
    questions or more that runs to the program's end, after its budget line, is cut off; the program's sections end
    there too."""
    for program in programs:
        inside = [it for it in items if program.start <= lines[it.first].start < program.end]
        budget_at = program.budget.end if program.budget is not None else program.start
        if len(inside) < 2 or lines[inside[0].first].start <= budget_at:
            continue
        if any(lines[k].norm and not any(it.first <= k <= it.last for it in inside)
               and _heading_name(lines[k]) is None and not L.RULE_LINE.match(lines[k].norm)
               for k in range(inside[0].first, len(lines)) if lines[k].start < program.end):
            continue  # the program's text goes on after the questions: they are its own
        begin = _opening(lines, inside[0].first, next(k for k, ln in enumerate(lines) if ln.end >= budget_at))
        end = lines[begin].start
        while end > program.start and doc.text[end - 1].isspace():
            end -= 1
        program.end = end
        for section in program.sections:
            if program.start <= section.start < lines[begin].start or section.start < program.start:
                section.end = min(section.end, end) if section.start < end else section.end


def qa_sections(doc: Document, programs: list[Program]) -> int:
    """Give a document's programs the Q&As about them as sections, and their contacts from a Q&A's contact list.

    Args:
        doc: the document, its programs already read and their titles final (`titles.finish_titles`).
        programs: its programs; changed in place (sections appended, contacts added).

    Returns:
        How many Q&As went to a program (0 for a document without questions).
    """
    lines = lines_of(doc)
    items = _items(lines)
    own = [p for p in programs if p.kind in ("program", "item")]
    if len(items) < 2 or not own:
        return 0  # one 「問」 line is no Q&A part
    names = [_compact(p.title) for p in own]
    if len(own) >= 2:
        _cut_trailing_part(doc, lines, items, own)
    # Q&As inside a program's span are its text already (a program page's own 「Ｑ．…」): only those outside go
    outside = [it for it in items if not any(p.start <= lines[it.first].start < p.end for p in own)]
    _topics(lines, outside, names)
    by_number = {it.number: it for it in outside if it.number is not None}
    owners: dict[int, set[int]] = {id(it): set(_named(asked := _asked(lines, it), names) or _boxed(lines, it, own)
                                               or _of_topic(lines, it, names) or _loosely_named(asked, names))
                                   for it in outside}
    for n, program in enumerate(own):
        for number in _references(doc, program):
            if number in by_number:
                owners[id(by_number[number])].add(n)
    given = 0
    section_name = _patterns()[3]
    for n, program in enumerate(own):
        mine = [it for it in outside if n in owners[id(it)]]
        runs: list[list[QaItem]] = []
        for it in mine:
            # Q&As that follow one another (only blank lines between) are one section
            if runs and all(not lines[k].norm for k in range(runs[-1][-1].last + 1, it.first)):
                runs[-1].append(it)
            else:
                runs.append([it])
        for run in runs:
            first, last = lines[run[0].first], lines[run[-1].last]
            start = first.start + len(first.raw) - len(first.raw.lstrip())
            program.sections.append(Section(name=section_name, start=start, end=last.start + len(last.raw.rstrip())))
        given += len(mine)
    _contact_list(lines, outside, own, names)
    return given
