"""A town's plain-language budget guide for residents (わかりやすい予算書, 予算ガイド): its figures as totals, its Q&A and
its household analogy as passages, its 主な事業 left to the layout that read them.

Such a guide (forms26: 桜台町, 鶴見沢町) tells the budget in friendly headings:

- the general account's size (「一般会計　86億4,000万円」, or a heading 「一般会計の予算額」 over the figure alone);
- the budget per resident and per day (「町民1人あたり …… 約３７万円」, or 「一般会計の予算を町民1人あたりにすると……」
  over 「約36万8千円」 and the sum it comes from, 「（86億4,000万円 ÷ 23,480人）」);
- the pie chart's numbers as a list, by purpose, by nature and by source (「民生費　28億5,120万円（33.0％）　子育て…」,
  「３０．１％　　民生費　　１５．９億円」): rows of one amount and one share, the shares adding up to 100;
- a household analogy (「家計に例えると」: 「お給料（町税）　約12万3千円」);
- its 主な事業 with a plain explanation, an amount and 「新規」「拡充」 marks (read by the detected layout: priced items
  or program pages);
- a small Q&A (「Q. 町の借金はいくら？」 / 「A. …」) and the contact.

The layouts read the programs; figures of the whole (the size, the per-resident figures, every pie row) they read as
items or programs, or not at all. Here, once the layout has read the document, a document that shows the guide's
signature (a pie list whose shares add up to 100, with a per-resident figure or a household analogy beside it) gets
those figures as totals (kind "total", answered by name: 「民生費はいくら？」「町民1人あたりは？」), the analogy and each
Q&A as passages (kind "passage": quoted, never counted), and loses whatever a layout read from their lines. Words live
in data/vocabulary.toml [guide].
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from qa.ingest import layout as L
from qa.ingest.amounts import find_amounts
from qa.ingest.lines import Line, lines_of
from qa.ingest.models import Budget, Document, Program, Section
from qa.ingest.qa_blocks import _items as qa_items
from qa.ingest.qa_blocks import answer_mark, question_mark
from qa.ingest.structure import program_id
from qa.ingest.vocabulary import compact, is_total, vocabulary
from qa.ingest.years import label_of

# A share of the pie (「33.0%」「( 9.0%)」「……13.0%」 after NFKC): no digit or decimal digit before it (a leader may be).
_PERCENT = re.compile(r"(?<!\d)(?<!\d\.)(?P<value>\d{1,3}(?:\.\d+)?)\s*%")
# How far before and after a percentage a change word makes it a change (「前年度比 +1.8%」「3.5%の増」).
_CHANGE_BEFORE, _CHANGE_AFTER = 8, 3
# The pie's shares add up to 100 give or take rounding (each row rounded to 0.1: ten rows may be off by 0.5).
_SUM_SLACK = 1.5
_MIN_ROWS = 3
# What is left of a pie row's name cell once markers, leaders and brackets are off (「●」「……」「（」).
_FILLER = re.compile(rf"{L.LEADER}|[()（）\[\]【】:：/／|｜]")
# Marks opening a cell (「● 民生費」), taken off its start only: 「国・県支出金」 keeps its 「・」.
_CELL_MARK = re.compile(r"^[●○◎◯■□◆◇・･*※→]+")
_NAME_CHARS = 20
_HEADING_CHARS = 40
_LOOK_UP = 6  # lines a pie list's heading may stand above it (a caption, a header row, a rule between)
# A label line's words between a per-resident word and its figure (「は」「では」「にすると……」「：」).
_BETWEEN_CHARS = 8
# What may surround a figure on a line of its own (「約36万8千円」「５２億８０００万円です」「→ 約890万円」).
_BARE_REST = re.compile(rf"^(?:{L.LEADER}|[\s→⇒:：]|です|。|になります)*$")
# Per-category per-resident figures on one line (「民生費　約12万1千円　／　教育費　約4万8千円」): what separates them.
_PAIR_SEPARATOR = re.compile(r"[/／|｜、,]|\s{2,}")


@cache
def _words() -> dict[str, list[str]]:
    return vocabulary()["guide"]


@cache
def _per_resident() -> re.Pattern[str]:
    """「町民1人あたり」「村民ひとりあたり」「町民のみなさん1人あたり」「1日あたり」 (NFKC): who (optional) and what per."""
    words = _words()

    def alt(ws: list[str]) -> str:  # longest first: 「のみなさん」 before 「みなさん」
        return "|".join(map(re.escape, sorted(ws, key=len, reverse=True)))

    return re.compile(rf"(?P<who>{alt(words['residents'])})?(?:{alt(words['honorifics'])})?\s*"
                      rf"(?P<per>{alt(words['per'])})\s*(?P<word>{alt(words['per_words'])})")


@dataclass
class _Row:
    """A figure of the whole read from a line: its title, its amount's span in the folded line and its yen."""

    line: Line
    title: str
    begin: int  # the amount in `line.folded`
    stop: int
    yen: int
    approx: bool
    share: float | None = None


def _cell_words(text: str) -> list[str]:
    """The words of a stretch of a line: leaders, brackets and colons are gaps, a mark opening a word is off."""
    return [w for w in (_CELL_MARK.sub("", w) for w in _FILLER.sub(" ", text).split()) if w]


def _share_row(line: Line, above: Line | None = None) -> _Row | None:
    """A pie list's row: one amount and one share on the line, named by the first cell of words (「民生費　28億5,120万円
    （33.0％）　子育て…」, 「３０．１％　　民生費　　１５．９億円　　…」, 「● 民生費　　231.4億円 (37.8%)」), or by the line
    `above` when its name was too long for the row and stands alone over it (「その他（議会費・災害復旧費など）」 over
    「　　1億1,400万円（1.7％）」); None otherwise."""
    folded = line.folded[0]
    amounts = find_amounts(folded)
    shares = list(_PERCENT.finditer(folded))
    if not amounts or len(shares) != 1 or "。" in folded:
        return None
    share = shares[0]
    near = folded[max(0, share.start() - _CHANGE_BEFORE):share.end() + _CHANGE_AFTER]
    if any(w in near for w in _words()["change"]):
        return None  # 「（前年度比 +1.8%）」: a change, no share

    def gap(found: tuple[re.Match[str], int]) -> int:
        """Characters between an amount (its leading spaces off) and the share."""
        m = found[0]
        begin = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        return max(begin - share.end(), share.start() - m.end(), 0)

    match, yen = min(amounts, key=gap)
    if any(other >= yen for m, other in amounts if m is not match):
        return None  # the row's amount is the share's neighbour; a column beside it is a part of it or nothing
    if len(amounts) > 1:
        # 「民生費　20億3,500万円（29.8％）　128,635円」 under a 「（町民１人あたり）」 caption: the row's own amount is the
        # one beside its share; the column after it (the row per resident) is no row of the pie
        folded = folded[:max(match.end(), share.end())]
    cuts = sorted([(match.start(), match.end()), (share.start(), share.end())])
    pieces = [folded[:cuts[0][0]], folded[cuts[0][1]:cuts[1][0]], folded[cuts[1][1]:]]
    for piece in pieces:
        name = _cell_words(piece)
        if name:
            title = name[0]
            if len(title) > _NAME_CHARS or re.search(r"\d", title):
                return None
            begin = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
            return _Row(line, title, begin, match.end(), yen, bool(match.group("approx")),
                        float(share.group("value")))
    if above is not None and above.norm and "。" not in above.norm and not find_amounts(above.folded[0]) \
            and not _PERCENT.search(above.folded[0]):
        name = _cell_words(above.folded[0])
        if name and len(name[0]) <= _NAME_CHARS and not re.search(r"\d", name[0]):
            begin = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
            return _Row(line, name[0], begin, match.end(), yen, bool(match.group("approx")),
                        float(share.group("value")))
    return None


def _pie_runs(lines: list[Line]) -> list[list[_Row]]:
    """Runs of pie rows (rules passed over) whose shares add up to 100, or whose 合計 row says 100%."""
    runs: list[list[_Row]] = []
    run: list[_Row] = []
    rows = [_share_row(line, lines[n - 1] if n else None) if line.norm else None for n, line in enumerate(lines)]
    for n, line in enumerate([*lines, None]):
        row = rows[n] if line is not None else None
        if row is not None:
            run.append(row)
            continue
        if line is not None and n + 1 < len(lines) and rows[n + 1] is not None and _share_row(lines[n + 1]) is None:
            continue  # the name of the row under it, too long to share its line
        if line is not None and line.norm and L.RULE_LINE.match(compact(line.norm)):
            continue
        own = [r for r in run if not is_total(r.title)]
        stated = [r for r in run if is_total(r.title)]
        if len(own) >= _MIN_ROWS and (abs(sum(r.share or 0 for r in own) - 100) <= _SUM_SLACK
                                      or any(r.share == 100 for r in stated)):
            runs.append(run)
        run = []
    return runs


def _heading_text(norm: str) -> str:
    """A heading's words without its marker or number (「■ 町のお金は…」「【４】お金の出口」 -> the words)."""
    return L.TITLE_NUMBER.sub("", L.LEAD_MARK.sub("", norm)).strip()


def _is_heading(line: Line, figures: bool = False) -> bool:
    """A short marked or numbered line without a sentence (「■ 家計に例えると」「【６】もしも…」), and without a figure
    unless `figures` (「■ 家計簿にたとえると（月収30万円の家庭）」 names the household's income)."""
    norm = line.norm
    return (0 < len(norm) <= _HEADING_CHARS and "。" not in norm and (figures or not find_amounts(norm))
            and bool(L.LEAD_MARK.match(norm) or L.TITLE_NUMBER.match(norm) or L.HEADING_LINE.match(norm))
            and question_mark(norm) is None)


def _heading_above(lines: list[Line], first: int) -> str | None:
    """The heading a pie list stands under: the nearest heading line above it, passing over a caption, a header row and
    rules; None when a figure comes first."""
    for line in reversed(lines[max(0, first - _LOOK_UP):first]):
        if _is_heading(line):
            return _heading_text(line.norm)
        if find_amounts(line.norm):
            return None
    return None


def _family(norm: str) -> str:
    """What a heading is marked with (its marker character, or its numbering's opening), for the next of its rank."""
    if mark := L.LEAD_MARK.match(norm):
        return mark.group(0).strip()
    number = L.TITLE_NUMBER.match(norm)
    return re.sub(r"\d+", "9", number.group(0).strip()) if number else ""


def _total_row(line: Line) -> bool:
    """A table's 合計 row: its first cell of words a total's (「合計　684万円」「計」)."""
    words = _cell_words(line.folded[0]) if line.norm else []
    return bool(words) and is_total(words[0])


def _block_end(lines: list[Line], heading: int) -> int:
    """The last line of the part a heading opens: before the next heading of its family or a rule line."""
    family = _family(lines[heading].norm)
    first = heading + 1
    while first < len(lines) and (not lines[first].norm or L.RULE_LINE.match(compact(lines[first].norm))):
        first += 1  # (the rule under a heading framed by rules)
    for n in range(first, len(lines)):
        norm = lines[n].norm
        if norm and L.RULE_LINE.match(compact(norm)) and n + 1 < len(lines) and _total_row(lines[n + 1]):
            continue  # the rule over a table's 合計 row (「─────　　─────」 / 「合計　684万円　…」) is the table's
        if norm and (L.RULE_LINE.match(compact(norm)) or (_is_heading(lines[n]) and _family(norm) == family)):
            end = n - 1
            while end > heading and not lines[end].norm:
                end -= 1
            return end
    return len(lines) - 1


def _bare_figure(line: Line) -> tuple[int, int, int, bool] | None:
    """A figure on a line of its own (「約36万8千円」): (begin, stop in the folded line, yen, approx); None otherwise."""
    folded = line.folded[0]
    amounts = find_amounts(folded)
    if len(amounts) != 1:
        return None
    match, yen = amounts[0]
    if not _BARE_REST.match(folded[:match.start()] + folded[match.end():]):
        return None
    begin = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
    return begin, match.end(), yen, bool(match.group("approx"))


def _next_words(lines: list[Line], i: int, within: int = 2) -> int | None:
    """Index of the next line with words after line i with fewer than `within` blank lines between (rules under a
    framed heading passed over); None."""
    blanks = 0
    for n in range(i + 1, len(lines)):
        if not lines[n].norm:
            blanks += 1
            if blanks >= within:
                return None
        elif not L.RULE_LINE.match(compact(lines[n].norm)):
            return n
    return None


def _per_resident_rows(lines: list[Line], skip: set[int]) -> list[tuple[list[_Row], int, int]]:
    """Per-resident and per-day figures: (rows, first line, last line) for each label, its figure on its line or the
    next, and the notes in brackets under it (「（86億4,000万円 ÷ 23,480人）」) taken into its lines."""
    found: list[tuple[list[_Row], int, int]] = []
    for i, line in enumerate(lines):
        folded = line.folded[0]
        if i in skip or not line.norm or "。" in line.norm or answer_mark(line.norm) or question_mark(line.norm):
            continue
        label = _per_resident().search(folded)
        if label is None:
            continue
        title = f"{label.group('who') or ''}{label.group('per')}{label.group('word')}"
        rows: list[_Row] = []
        last = i
        after = next(((m, y) for m, y in find_amounts(folded) if m.start() >= label.end()), None)
        if after is not None:
            m, yen = after
            if len(_FILLER.sub("", re.sub(r"\s|は|では|で|に|すると|にすると", "", folded[label.end():m.start()]))) \
                    > _BETWEEN_CHARS:
                continue
            begin = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            rows.append(_Row(line, title, begin, m.end(), yen, bool(m.group("approx"))))
        elif find_amounts(folded[:label.start()]):
            continue  # 「民生費 約12万円（1人あたり）」: the label follows its figure; no per-resident line of its own
        elif (j := _next_words(lines, i)) is not None and j not in skip:
            below = lines[j]
            if (bare := _bare_figure(below)) is not None:
                rows.append(_Row(below, title, bare[0], bare[1], bare[2], bare[3]))
                last = j
            else:
                # one line of per-category figures or more (「民生費　約12万1千円　／　教育費　…」, 「総務費　…」)
                while (pairs := _pairs(lines[j], title)):
                    rows += pairs
                    last = j
                    if (k := _next_words(lines, j, 1)) is None:
                        break
                    j = k
        if not rows:
            continue
        # The sum it comes from, in brackets under it (「（86億4,000万円 ÷ 23,480人　※…）」), is part of it.
        while (k := _next_words(lines, last, 1)) is not None and re.match(r"^[(（].*[)）]$", lines[k].norm):
            last = k
        found.append((rows, i, last))
    return found


def _pairs(line: Line, label: str) -> list[_Row]:
    """Per-category figures on one line (「民生費　約12万1千円　／　教育費　約4万8千円」), each titled 「民生費（町民1人あたり）」;
    [] unless every figure has a short name before it."""
    folded = line.folded[0]
    amounts = find_amounts(folded)
    if len(amounts) < 2:
        return []
    rows: list[_Row] = []
    previous = 0
    for match, yen in amounts:
        name = _cell_words(_PAIR_SEPARATOR.sub(" ", folded[previous:match.start()]))
        if len(name) != 1 or len(name[0]) > _NAME_CHARS or "。" in name[0]:
            return []
        begin = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
        rows.append(_Row(line, f"{name[0]}（{label}）", begin, match.end(), yen, bool(match.group("approx"))))
        previous = match.end()
    return rows


def _account_over_figure(lines: list[Line], skip: set[int]) -> list[tuple[list[_Row], int, int]]:
    """A heading naming the general account (「令和１０年度 一般会計の予算額」) over its figure alone
    (「５２億８０００万円」): the account's total, with the sentences about it under the figure (「前年度と比べて…」)."""
    out: list[tuple[list[_Row], int, int]] = []
    accounts = [w for w in vocabulary()["size"]["accounts"] if w not in vocabulary()["size"]["collective"]
                and not is_total(w)]
    for i, line in enumerate(lines):
        text = compact(line.norm)
        word = next((w for w in accounts if w in text), None)
        if i in skip or word is None or len(line.norm) > _HEADING_CHARS or "。" in text or find_amounts(line.norm):
            continue
        j = _next_words(lines, i)
        if j is None or j in skip or (bare := _bare_figure(lines[j])) is None:
            continue
        last = j
        k = _next_words(lines, j)
        # (the paragraph under it, sentences about the figure: 「前年度（…）と比べて、…の減となりました。」)
        while k is not None and lines[k].norm.endswith("。") and not _is_heading(lines[k]):
            last, k = k, _next_words(lines, k, 1)
        out.append(([_Row(lines[j], word, bare[0], bare[1], bare[2], bare[3])], i, last))
    return out


def _analogy_blocks(lines: list[Line]) -> list[tuple[int, int]]:
    """The household analogy's parts: (heading line, last line) of each heading naming it (「家計に例えると」)."""
    out = []
    for i, line in enumerate(lines):
        if _is_heading(line, figures=True) and any(w in compact(line.norm) for w in _words()["analogy"]):
            out.append((i, _block_end(lines, i)))
    return out


def _total(doc: Document, row: _Row, first: Line, last: Line, category: str | None) -> Program:
    """A total of the guide: the row's figure as its budget, its lines as its text (quoted from a 本文 section)."""
    start, end = row.line.span(row.begin, row.stop)
    fiscal = label_of("", doc.period or doc.title)
    # (labelled 予算額 as a size table's rows are: 「一般会計」 is then the account's stated total, 「一般会計の総額は？」)
    budget = Budget(yen=row.yen, text=row.line.raw.strip(), amount_text=doc.text[start:end], label="予算額",
                    fiscal_year=fiscal.year, budget_kind=fiscal.kind, approx=row.approx, start=start, end=end)
    begin = first.start + len(first.raw) - len(first.raw.lstrip())
    stop = last.start + len(last.raw.rstrip())
    return Program(id=program_id(doc.name, f"total:{category or ''}:{row.title}:{row.line.index}"), title=row.title,
                   category=category, categories=[category] if category else [], document=doc.name, start=begin,
                   end=stop, budget=budget, kind="total",
                   sections=[Section(name="予算額", start=start, end=end), Section(name="本文", start=begin, end=stop)],
                   pages=[doc.page_at(start)] if doc.page_at(start) else [])


def _passage(doc: Document, title: str, first: Line, last: Line, section: str) -> Program:
    """A part of the guide quoted as it stands (an analogy, a Q&A): kind "passage", one section."""
    begin = first.start + len(first.raw) - len(first.raw.lstrip())
    stop = last.start + len(last.raw.rstrip())
    return Program(id=program_id(doc.name, f"passage:{title}:{first.index}"), title=title, document=doc.name,
                   start=begin, end=stop, sections=[Section(name=section, start=begin, end=stop)], kind="passage",
                   pages=[doc.page_at(begin)] if doc.page_at(begin) else [])


def guide_parts(doc: Document, programs: list[Program]) -> list[Program]:
    """The programs of a resident's budget guide with its figures as totals and its analogy and Q&A as passages (see
    the module docstring); any other document's programs as they are.

    Args:
        doc: the document, read by its layout.
        programs: what the layout and the steps before read from it (titles final, size totals added).

    Returns:
        The programs without those read from the guide's figure, analogy and Q&A lines, then the new totals (those
        not read already, by title and yen) and passages, in document order among themselves.
    """
    lines = lines_of(doc)
    pies = _pie_runs(lines)
    if not pies:
        return programs
    questions = [it for it in qa_items(lines) if it.last >= it.first]
    asked = {n for it in questions for n in range(it.first, it.last + 1)}
    per_resident = _per_resident_rows(lines, asked)
    analogies = _analogy_blocks(lines)
    if not per_resident and not analogies:
        return programs  # a pie list alone (a 予算の概要's breakdown) is no guide's signature
    in_analogy = {n for a, b in analogies for n in range(a, b + 1)}
    per_resident = [p for p in per_resident if p[1] not in in_analogy]
    figures: list[tuple[list[_Row], int, int, str | None]] = []
    for run in pies:
        heading = _heading_above(lines, run[0].line.index)
        # (a 合計 row restates the account's size, which the size lines give: its line is dropped, no total made)
        figures += [([r], r.line.index, r.line.index, heading if not is_total(r.title) else "") for r in run]
    figures += [(rows, a, b, None) for rows, a, b in per_resident]
    taken = {n for _, a, b, _ in figures for n in range(a, b + 1)} | in_analogy | asked
    figures += [(rows, a, b, None) for rows, a, b in _account_over_figure(lines, taken)]
    spans: list[tuple[int, int]] = [(lines[a].start, lines[b].end) for _, a, b, _ in figures]
    spans += [(lines[a].start, lines[b].end) for a, b in analogies]
    spans += [(lines[it.first].start, lines[it.last].end) for it in questions]

    def on_spans(p: Program) -> bool:
        at = p.budget.start if p.budget is not None else None
        return at is not None and any(a <= at < b for a, b in spans)

    def on_analogy(p: Program) -> bool:  # (the household's 合計 is no total of the town's)
        at = p.budget.start if p.budget is not None else None
        return at is not None and any(lines[a].start <= at < lines[b].end for a, b in analogies)

    kept = [p for p in programs if not on_analogy(p) and not (on_spans(p) and (
        p.kind != "total" or p.budget is None or p.title in (r.title for rows, *_ in figures for r in rows)))]
    # (a figure a layout read as a total already, the size line's 一般会計, is kept as read; 公債費 by purpose and by
    # nature are two rows of two lists)
    known = {(p.title, p.budget.yen if p.budget else None) for p in kept if p.kind == "total"}
    added: list[Program] = []
    for rows, a, b, heading in figures:
        for row in rows:
            if heading != "" and (row.title, row.yen) not in known:
                added.append(_total(doc, row, lines[a], lines[b], heading))
    for a, b in analogies:
        added.append(_passage(doc, _heading_text(lines[a].norm), lines[a], lines[b], "本文"))
    section = vocabulary()["qa"]["section"]
    owned = [(s.start, s.end) for p in kept for s in p.sections if s.name == section]
    for it in questions:
        first, last = lines[it.first], lines[it.last]
        if any(a <= first.start < b for a, b in owned):
            continue  # a Q&A about a program named in it is that program's section already (`qa_blocks`)
        mark = question_mark(first.norm)
        title = first.norm[mark.end():].strip() if mark else first.norm
        added.append(_passage(doc, title, first, last, section))
    added.sort(key=lambda p: p.start)
    return kept + added
