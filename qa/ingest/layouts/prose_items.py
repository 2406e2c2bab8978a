"""Programs named in running prose, each with its amount in the same paragraph: a ward's 予算のあらまし for residents
(「…**「保育士等処遇改善補助」** に約4億6千万円を計上しました。」), a newsletter page, a mayor's or governor's budget
speech (施政方針, 提案説明要旨: 「…ため、出産・子育て応援給付事業費として１億８千万円を計上しております」).

A name is set off in the text, in bold (Markdown **…**) or in corner brackets (「…」『…』); its amount is the first
figure in yen after it in its paragraph, before the next name. A document that sets names in bold uses bold for its
programs, and its plain quotes are other things (「特別区税」, a resident's 「…という声」); one without bold uses the
brackets. The program is its paragraph (its text the description), under the nearest heading; 【新規】 before it is a
flag.

A speech sets nothing off: its names are read from the sentences' grammar (`qa.ingest.prose_names`), when that finds
more names than the brackets do. Its paragraphs are indented lines, its headings plain lines (「１　こどもを産み育てやす
いまちづくり」「第一　…」「【はじめに】」), and a program's text is its sentence and those after it up to the next program's
sentence, so that the 補助率, 上限 and 対象 said there are its own. The sizes of the accounts it states in a sentence
(「一般会計が６８２億４，０００万円で、前年度比３．２％の増」) become the document's totals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from qa.ingest import layout as L
from qa.ingest import prose_names
from qa.ingest.amounts import AMOUNT_RE, amount_yen
from qa.ingest.items import AMOUNT_ONLY, ROW, ROW_HEAD, wrap_width
from qa.ingest.layouts.text_table import PAGE_NUMBER
from qa.ingest.lines import Line
from qa.ingest.models import Amount, Budget, Document, Program, Section
from qa.ingest.normalize import key, nfkc, tidy_title
from qa.ingest.qa_blocks import answer_mark, question_mark
from qa.ingest.structure import _contacts, pages_from_breaks, program_id, running_lines
from qa.ingest.vocabulary import is_total, strip_markers, vocabulary
from qa.ingest.years import label_of

NAME = "prose_items"

_BOLD = re.compile(r"\*\*\s*[「『]?(?P<name>[^*「」『』。\n]{2,40}?)[」』]?\s*\*\*")
_QUOTED = re.compile(r"[「『](?P<name>[^「」『』。\n]{2,40}?)[」』]")
# A line of a box drawn with rules (┌│└): a note beside the text, never a program's paragraph.
_BOX = re.compile(r"^\s*[┌│└├┏┃┗]")
# A word that labels the program's own amount (「予算額は1,150万円」「事業費は4,620万円」), or what follows it (「…円を計上」).
_BUDGET_WORD = re.compile(r"予算|事業費|計上|経費|総額")
_BUDGET_AFTER = re.compile(r"\s*(?:(?:を|が)?\s*(?:計上|用意|予算化|措置|見込)|[（(]\s*前年度\s*[:：]?\s*\d)")
# Last year's figure said beside the budget: 「（前年度260万円）」「前年度の980万円から増えています」「昨年度は800万円」.
_PREVIOUS = re.compile(r"(?:前年度|昨年度|前年)\s*(?:の|は|:|：)?\s*$")
# What follows a name that says it is not the program but a thing said or named (「…という声」「…と呼ばれる」).
_SAID = re.compile(r"^\s*(?:という|といった|と呼ば|と言|との)")


def _plain_heading(line: Line) -> bool:
    """A heading written as a plain line (「１　こどもを…」「第一　…」「【はじめに】」「■ 福祉・子育て関係」「＜総務＞」):
    short, no sentence, no amount, and no marker alone (「【新規】」 over a name flags it)."""
    norm = line.norm.strip()
    if _BOLD.search(line.raw) or _QUOTED.fullmatch(L.LEAD_MARK.sub("", norm).strip()):
        return False  # 「**◆ささめっ子誕生祝い金**」「◆「…事業」」: a program's name set off on its line, over its text
    return (len(norm) <= 40 and not norm.endswith(("。", "、", ",")) and L.PLAIN_HEADING.match(norm) is not None
            and AMOUNT_RE.search(norm) is None and not strip_markers(norm)[1])


def _heading(line: Line, plain: bool = True) -> bool:
    """Whether a line heads the programs under it: a Markdown heading, or (every prose reading; `plain` False only
    where a caller wants Markdown headings alone) a plain heading line, whose words become their category."""
    return bool(line.level) or (plain and _plain_heading(line))


def _paragraphs(lines: list[Line], plain: bool = False) -> list[list[Line]]:
    """Runs of consecutive text lines (blank lines, rules, headings and boxes end a run).

    With `plain` (a speech), plain headings end a run too, and an indented line after a line that ends a sentence
    opens a new one: a speech writes its paragraphs one under the other, each opening with a full-width space.
    """
    out: list[list[Line]] = []
    run: list[Line] = []
    running = running_lines(lines)
    furniture = {ln.index for ln in lines if ln.norm and (key(ln.norm) in running or PAGE_NUMBER.match(ln.norm.strip()))}
    skip: set[int] = set()
    for line in lines:
        if line.index in skip:
            continue
        if not line.norm and run and not run[-1].norm.endswith("。") and (after := _past_page_break(lines, line.index,
                                                                                                 furniture)):
            # 「…令和８年度は市立小中」 at a page's foot, 「学校12校の体育館に…」 at the next page's head: one sentence,
            # the page number and running header between them passed over
            skip.update(range(line.index, after))
            continue
        if not line.norm or _heading(line) or _BOX.match(line.raw) or L.RULE_LINE.match(line.norm) \
                or line.norm.strip() in ("---", "***"):
            if run:
                out.append(run)
            run = []
            continue
        if plain and run and line.indent and run[-1].norm.endswith(("。", "」", "）")):
            out.append(run)
            run = []
        run.append(line)
    if run:
        out.append(run)
    return _announced_runs(out) if plain else out


def _past_page_break(lines: list[Line], i: int, furniture: set[int]) -> int | None:
    """The index of the first text line after blank lines and page furniture from line i on, when some furniture (a
    page number, a running header) stands among them and that line is no heading; else None."""
    j, crossed = i, False
    while j < len(lines) and (not lines[j].norm or j in furniture):
        crossed = crossed or j in furniture
        j += 1
    return j if crossed and j < len(lines) and not _heading(lines[j]) else None


def _announced_runs(paragraphs: list[list[Line]]) -> list[list[Line]]:
    """A speech's paragraphs, each one that announces a program (「1点目は、○○事業でございます。」) or an aside
    (「次に、債務負担行為の補正でございます。」) joined with the paragraphs right under it up to the next turn (「次に、」
    「以上、」, another announcement, a blank line or a heading): a 補正's 提案理由説明 prices a program a paragraph or two
    after naming it, and says its 対象 and 財源 in the paragraphs after that. A paragraph that budgets a figure of its
    own under a program already priced (「また、職員の給与改定に伴う人件費につきましては、…を計上」) is another matter."""
    out: list[list[Line]] = []
    open_ = priced = False
    for paragraph in paragraphs:
        text = nfkc("".join(ln.raw.strip(" \u3000") for ln in paragraph))
        adjacent = bool(out) and paragraph[0].index == out[-1][-1].index + 1
        budgets = prose_names.budgets(text)
        if open_ and adjacent and not prose_names.opens_turn(text) and not (priced and budgets):
            out[-1] = out[-1] + paragraph
            priced = priced or budgets
            continue
        out.append(paragraph)
        spans = prose_names.sentences(text)
        open_ = prose_names.is_aside(text) or any(prose_names.topic_in(text, s0, s1) is not None for s0, s1 in spans)
        priced = budgets
    return out


@dataclass
class _Pair:
    """A name with its amount, offsets into the document: the name, the amount, last year's amount (or None), and the
    text that describes the program (its paragraph, or in a speech its sentences)."""

    title: str
    name_start: int
    name_end: int
    a_start: int
    a_end: int
    yen: int | None
    approx: bool
    text_start: int
    text_end: int
    previous: tuple[int, int, int | None, bool] | None = None  # start, end, yen, approx


def _folded(doc: Document, paragraph: list[Line], width: int) -> tuple[str, list[int]]:
    """A paragraph's text NFKC, with each character's offset in the document (one more entry: the end).

    A line the page's width cut (`width`: the document's wrap width) runs on into the next, its break and the next
    line's indentation taken out, so that a name wrapped over two lines reads whole; a line its writer ended (a field
    of a block, 「所管課：…課」 over 「事業費（千円）：…」) ends with a line break, which ends a sentence.
    """
    chars: list[str] = []
    where: list[int] = []
    for n, line in enumerate(paragraph):
        raw = line.raw if n == 0 else line.raw.lstrip(" \u3000")
        base = line.start + len(line.raw) - len(raw)
        for k, ch in enumerate(raw):
            folded = nfkc(ch)
            chars.append(folded)
            where.extend([base + k] * len(folded))
        # (a wrapped line may end on 「、」 or 「）」 where the width fell: only 「。」 or a short line is the writer's end)
        if n + 1 < len(paragraph) and (len(line.norm) < 0.75 * width or line.norm.endswith("。")):
            chars.append("\n")
            where.append(line.end)
    where.append(paragraph[-1].end)
    return "".join(chars), where


def _spoken_pairs(doc: Document, paragraph: list[Line], width: int,
                  folded: tuple[str, list[int]] | None = None) -> list[_Pair]:
    """The names a speech's paragraph joins to amounts (`prose_names`), with their text: from the sentence naming the
    program (the paragraph's start for its first program) to the next program's sentence. `folded`: the paragraph's
    `_folded` text, when the caller made it already."""
    text, where = folded or _folded(doc, paragraph, width)
    if prose_names.is_aside(text):
        return []  # 債務負担行為, 繰越明許費, 地方債: their figures are ceilings and carried sums, no program's budget
    found = prose_names.named_amounts(text)
    if not found:
        return []
    spans = prose_names.sentences(text)
    opening = sorted({n.sentence for n in found})
    out = []
    for named in found:
        k = opening.index(named.sentence)
        begin = 0 if k == 0 and not named.topic else spans[named.sentence][0]  # (an announced one: from its announcement)
        stop = spans[opening[k + 1]][0] if k + 1 < len(opening) else len(text)
        while begin < stop and text[begin] in " \u3000\n":
            begin += 1
        while stop > begin and text[stop - 1] in " \u3000\n":
            stop -= 1
        name_start, name_end = _span(where, named.name_start, named.name_end)
        a_start, a_end = _span(where, named.amount.start(), named.amount.end())
        text_start, text_end = _span(where, begin, stop)
        title = re.sub(r"[\r\n]+[ \u3000]*", "", doc.text[name_start:name_end])  # (a name wrapped over two lines)
        out.append(_Pair(title=nfkc(title), name_start=name_start, name_end=name_end, a_start=a_start, a_end=a_end,
                         yen=named.yen, approx=bool(named.amount.group("approx")), text_start=text_start,
                         text_end=text_end))
    return out


def _span(where: list[int], begin: int, end: int) -> tuple[int, int]:
    """Document offsets of `text[begin:end]` of a folded paragraph (`_folded`'s `where`)."""
    return where[begin], (where[end - 1] + 1 if end > begin else where[begin])


def _pairs(doc: Document, paragraph: list[Line], style: str, width: int = 0,
           folded: tuple[str, list[int]] | None = None) -> list[_Pair]:
    """Each name with an amount after it in the paragraph (`style`: "bold", "quoted" or "plain", see `_style`;
    `width`: the document's wrap width, for "plain"; `folded`: its `_folded` text, when made already)."""
    if style == "plain":
        return _spoken_pairs(doc, paragraph, width, folded)
    start = paragraph[0].start
    text = doc.text[start:paragraph[-1].end]
    folded = nfkc(text)
    text = folded if len(folded) == len(text) else text  # 「８，２００万円」 read as written, offsets kept
    pattern = _BOLD if style == "bold" else _QUOTED
    # an amount set in bold (「**約1,186億円**」) is no name
    # (a quoted clause, 「…の増加により、令和10年度以降も収支不足が続く見込み」, is something said, not a name)
    names = [m for m in pattern.finditer(text) if not _SAID.match(text[m.end():]) and not AMOUNT_RE.search(m.group("name"))
             and not is_total(m.group("name")) and "、" not in m.group("name")]
    out = []
    for n, name in enumerate(names):
        if _enumerated(text, names, n):
            continue  # 「A」「B」「Cの三つを重点分野に」: a figure after a list of names is none of theirs alone
        stop = names[n + 1].start() if n + 1 < len(names) else len(text)
        amounts = [a for a in AMOUNT_RE.finditer(text, name.end(), stop) if amount_yen(a) is not None]
        # 「第1子に5万円…を贈ります。予算額は1,150万円で」: the amount a budget word labels, else the first
        labelled = [a for a in amounts if _BUDGET_WORD.search(text[max(name.end(), a.start() - 8):a.start()])
                    or _BUDGET_AFTER.match(text, a.end())]
        previous = [a for a in amounts if _PREVIOUS.search(text[max(name.end(), a.start() - 8):a.start()])]
        # (an amount no budget word labels counts only in the name's own sentence: 「「未来こども基金」を活用します。
        # ふるさと納税は、今年度、約１５億円の…」 prices something else)
        said = text.find("。", name.end(), stop)
        unlabelled = [a for a in amounts if said < 0 or a.start() < said]
        amount = next((a for a in labelled or unlabelled if a not in previous), None)
        if amount is not None:
            title = L.LEAD_MARK.sub("", name.group("name").strip()).strip()  # 「◆ささめっ子誕生祝い金」
            before = next((a for a in previous if a.start() > amount.end()), None)
            out.append(_Pair(title=title, name_start=start + name.start(), name_end=start + name.end(),
                             a_start=start + amount.start(), a_end=start + amount.end(), yen=amount_yen(amount),
                             approx=bool(amount.group("approx")), text_start=start, text_end=paragraph[-1].end,
                             previous=None if before is None else (start + before.start(), start + before.end(),
                                                                    amount_yen(before), bool(before.group("approx")))))
    return _own_sentences(text, start, out)


def _own_sentences(text: str, start: int, pairs: list[_Pair]) -> list[_Pair]:
    """The pairs of one paragraph, each described by its own sentences when the paragraph prices several programs (a
    mayor's statement run on without blank lines: 「…「産後ケア事業」では…１回５００円に引き下げます。…「中学校部活動
    地域移行事業」に…」): from the sentence naming it (the paragraph's start for the first) to the sentence naming the
    next, as a speech's are (`_spoken_pairs`), so that a 料金 or 上限 said of one is no other's. `text`: the paragraph
    from document offset `start`."""
    if len(pairs) < 2:
        return pairs

    def sentence_start(at: int) -> int:
        return start + text.rfind("。", 0, at - start) + 1
    for k, pair in enumerate(pairs):
        begin = pair.text_start if k == 0 else sentence_start(pair.name_start)
        stop = sentence_start(pairs[k + 1].name_start) if k + 1 < len(pairs) else pair.text_end
        if stop <= pair.a_end:  # the next name in the sentence of this one's amount: up to that sentence's end
            full_stop = text.find("。", pair.a_end - start)
            stop = pair.text_end if full_stop < 0 else min(pair.text_end, start + full_stop + 1)
        while begin < stop and text[begin - start] in " \u3000\n":
            begin += 1
        pair.text_start, pair.text_end = begin, max(stop, pair.a_end)
    return pairs


# What may stand between two names of one enumeration (「A」「B」「C」, 「A」、「B」及び「C」).
_BETWEEN_LISTED = re.compile(r"\s*(?:[、，,・]|と|及び|および|や|並びに)?\s*")


def _enumerated(text: str, names: list[re.Match[str]], n: int) -> bool:
    """Whether name `n` stands in a run of names with nothing but a separator between them (「A」「B」「C」)."""
    before = n > 0 and _BETWEEN_LISTED.fullmatch(text[names[n - 1].end():names[n].start()]) is not None
    after = n + 1 < len(names) and _BETWEEN_LISTED.fullmatch(text[names[n].end():names[n + 1].start()]) is not None
    return before or after


def _style(doc: Document, lines: list[Line]) -> str:
    """How the document sets its programs' names off: "bold" (three bold names with an amount or more), else "plain"
    when the sentences' grammar names more programs than corner brackets do (a speech), else "quoted"."""
    paragraphs = _paragraphs(lines)
    if sum(len(_pairs(doc, p, "bold")) for p in paragraphs) >= 3:
        return "bold"
    quoted = sum(len(_pairs(doc, p, "quoted")) for p in paragraphs)
    width = wrap_width(lines)
    plain = sum(len(_pairs(doc, p, "plain", width)) for p in _paragraphs(lines, plain=True) if _priced(doc, p))
    return "plain" if plain > quoted else "quoted"


def _priced(doc: Document, paragraph: list[Line], fold: bool = True) -> bool:
    """Whether a paragraph holds an amount in yen (read NFKC with `fold`: 「６，８４０千円」 whole)."""
    text = doc.text[paragraph[0].start:paragraph[-1].end]
    return any(amount_yen(a) is not None for a in AMOUNT_RE.finditer(nfkc(text) if fold else text))


def _list_rows(paragraph: list[Line]) -> bool:
    """Whether two or more of a paragraph's lines are list rows priced on their line or on the next."""
    rows = sum(1 for n, ln in enumerate(paragraph) if ROW.match(ln.norm) or (
        n + 1 < len(paragraph) and ROW_HEAD.match(ln.norm) and AMOUNT_ONLY.match(paragraph[n + 1].norm.strip())))
    return rows >= 2


def score(doc: Document, lines: list[Line]) -> float:
    """Share of the paragraphs with an amount in yen that name a program before it; 0 below three names."""
    style = _style(doc, lines)
    paragraphs = _paragraphs(lines, plain=style == "plain")
    # (a run of list rows, 「●子育て応援給付金 1,200万円（子育て支援課）」 with lines under each, is a list of programs,
    # however its descriptions quote a name: no prose; `priced_items` reads it)
    priced = [p for p in paragraphs if _priced(doc, p, fold=style == "plain") and not _list_rows(p)]
    if not priced:
        return 0.0
    width = wrap_width(lines)
    found = [len(_pairs(doc, p, style, width)) for p in priced]  # names with an amount, per paragraph
    if sum(found) < 3:
        return 0.0  # a name or two with a figure is any text's way of writing, not a list of programs
    return round(sum(1 for n in found if n) / len(priced), 3)


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """A program per name with its amount: its paragraph (a speech's: its sentences) as its text, its heading as its
    category; a speech's stated account sizes as totals."""
    style = _style(doc, lines)
    plain = style == "plain"
    paragraphs = _paragraphs(lines, plain=plain)
    period = doc.period or doc.title
    fiscal = label_of("", period)
    headings = [(ln.start, _heading_name(ln)) for ln in lines if _heading(ln) and ln.stripped]
    width = wrap_width(lines)
    # A speech's paragraphs folded once, for every pass over them below (parts, programs, account sizes).
    texts = [_folded(doc, paragraph, width) for paragraph in paragraphs] if plain else [None] * len(paragraphs)
    if plain:  # a speech's parts announced in a sentence (「次に、第2の柱であります…について申し上げます。」)
        headings = sorted(headings + _announced_parts(texts))
    programs: list[Program] = []
    for paragraph, folded in zip(paragraphs, texts, strict=True):
        begin = paragraph[0].start
        pairs = _pairs(doc, paragraph, style, width, folded)
        for pair in pairs:
            title, flags = strip_markers(pair.title)
            before = doc.text[begin:pair.name_start]
            flags += [f for f in strip_markers(before.strip())[1] if f not in flags] if before.lstrip().startswith(
                ("【", "[", "［", "〔")) else []
            written = doc.text[pair.a_start:pair.a_end].strip()
            budget = Budget(yen=pair.yen, text=written, amount_text=written, label="予算額",
                            year=f"令和{fiscal.year - 2018}年度" if fiscal.year and fiscal.year > 2018 else "",
                            fiscal_year=fiscal.year, budget_kind=fiscal.kind, approx=pair.approx,
                            start=pair.a_start, end=pair.a_end)
            if pair.previous is not None:
                p_start, p_end, p_yen, p_approx = pair.previous
                budget.previous_year = Amount(
                    yen=p_yen, text=doc.text[p_start:p_end].strip(), label="前年度",
                    fiscal_year=fiscal.year - 1 if fiscal.year else None, budget_kind="前年度",
                    approx=p_approx, start=p_start, end=p_end)
            said = _said_new(doc, paragraph, pair, pairs)
            flags += [said] if said and said not in flags else []
            heading = next((h for at, h in reversed(headings) if at < begin), None) or None
            category = re.sub(r"^[^\w「（(]+", "", heading).strip() if heading else None
            title = tidy_title(title)
            programs.append(Program(
                id=program_id(doc.name, f"{title}:{pair.name_start}"), title=title, document=doc.name,
                department=_answering_office(doc, paragraph, pair),
                start=pair.text_start, end=pair.text_end, budget=budget, flags=flags, category=category or None,
                categories=[category] if category else [],
                sections=[Section(name="事業名", heading="事業名", start=pair.name_start, end=pair.name_end),
                          Section(name="予算額", heading="予算額", start=pair.a_start, end=pair.a_end),
                          Section(name="概要", heading="本文", start=pair.text_start, end=pair.text_end)]))
    if plain:
        totals = stated_totals(doc, texts, fiscal.year)
        stated = {t.title for t in totals}
        programs += totals + [t for t in amended_totals(doc, texts, fiscal.year) if t.title not in stated]
    _section_contacts(lines, programs)
    if doc.page_starts:
        pages_from_breaks(doc, programs)
    return programs


def _utterances(doc: Document, paragraph: list[Line]) -> list[tuple[int, int, str]]:
    """A paragraph cut where a line opens with a question's or an answer's mark (「問（山口委員）」「答（企画課長）」):
    (start, end, "q" | "a" | ""), document offsets; a paragraph without marks is one utterance ("")."""
    out: list[tuple[int, int, str]] = []
    for line in paragraph:
        text = line.norm.strip()
        kind = "q" if question_mark(text) else "a" if answer_mark(text) else ""
        if kind or not out:
            out.append((line.start, line.end, kind))
        else:
            out[-1] = (out[-1][0], line.end, out[-1][2])
    return out


# A sentence's end in running text (a line break inside an utterance is the page's width, not the writer's).
_SENTENCE_END = re.compile(r"[。！？!?]")


def _sentence_around(doc: Document, floor: int, ceiling: int, start: int, end: int) -> tuple[int, int]:
    """Document offsets of the sentence holding `start:end`, within `floor:ceiling` (its utterance)."""
    before = [m.end() for m in _SENTENCE_END.finditer(doc.text, floor, start)]
    after = _SENTENCE_END.search(doc.text, end, ceiling)
    return (before[-1] if before else floor), (after.end() if after else ceiling)


def _compact(text: str) -> str:
    """NFKC text without spaces, line breaks and bold marks: what the `markers.said` patterns read."""
    return re.sub(r"[\s*]+", "", nfkc(text))


@cache
def _said_patterns() -> dict[str, list[re.Pattern[str]]]:
    said = vocabulary()["markers"]["said"]
    return {k: [re.compile(p) for p in v] for k, v in said.items() if isinstance(v, list)}


def _said_new(doc: Document, paragraph: list[Line], pair: _Pair, pairs: list[_Pair]) -> str | None:
    """The flag (新規) the prose says of a program where no marker stands beside its name: in the words right before
    or after its name in its sentence (never past another program's name: 「「A」は継続、新規の「B」」 flags B only),
    or, when a question naming it alone asks whether it is new (「「B」は新規か。」), in the first sentence of the answer
    right after (「答（…）新規事業です。」). None when nothing says so."""
    p = _said_patterns()
    spans = _utterances(doc, paragraph)
    k = next((n for n, (u0, u1, _) in enumerate(spans) if u0 <= pair.name_start < u1), None)
    if k is None:
        return None
    u0, u1, kind = spans[k]
    s0, s1 = _sentence_around(doc, u0, u1, pair.name_start, pair.name_end)
    others = [q for q in pairs if q is not pair and s0 <= q.name_start < s1]
    left = max([s0, *(q.name_end for q in others if q.name_end <= pair.name_start)])
    right = min([s1, *(q.name_start for q in others if q.name_start >= pair.name_end)])
    before = _compact(doc.text[left:pair.name_start]).rstrip("「『")
    after = _compact(doc.text[pair.name_end:right]).lstrip("」』")
    after = re.sub(r"^[(（][^()（）]*[)）]", "", after)  # 「○○補助金（3,000万円）を新たに設け」: past its amount
    flag = str(vocabulary()["markers"]["said"]["flag"])
    if any(r.search(before) for r in p["before"]) or any(r.match(after) for r in p["after"]):
        return flag
    if any(r.search(before) for r in p["before_created"]) and any(r.match(after) for r in p["created"]):
        return flag  # 「新たに「○○事業」を創設」
    if kind == "q" and not others and any(r.match(after) for r in p["asked"]) and k + 1 < len(spans) \
            and spans[k + 1][2] == "a":
        a0, a1, _ = spans[k + 1]
        text = nfkc(doc.text[a0:a1]).strip()
        mark = answer_mark(text)
        reply = text[mark.end():] if mark else text
        first = _SENTENCE_END.split(reply, maxsplit=1)[0]
        if any(r.match(_compact(first)) for r in p["answered"]):
            return flag
    return None


@cache
def _office_pattern() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The answer mark naming who answers, and an office's name with a title after it (see vocabulary [qa])."""
    words = vocabulary()
    endings = "|".join(map(re.escape, sorted(words["ledger"]["department_endings"], key=len, reverse=True)))
    titles = "|".join(map(re.escape, sorted(words["qa"]["titles"], key=len, reverse=True)))
    return re.compile(words["qa"]["answerer"]), re.compile(rf"^(?P<office>.+(?:{endings}))(?:{titles})*$")


def _answering_office(doc: Document, paragraph: list[Line], pair: _Pair) -> str | None:
    """The office that answers about a program in a council's minutes: named in the mark of the answer that holds its
    name, or of the answer right after the question that names it (「答（企画課長）」 -> 企画課); None elsewhere."""
    spans = _utterances(doc, paragraph)
    k = next((n for n, (u0, u1, _) in enumerate(spans) if u0 <= pair.name_start < u1), None)
    if k is None or not spans[k][2]:
        return None
    if spans[k][2] == "q":
        if k + 1 >= len(spans) or spans[k + 1][2] != "a":
            return None
        k += 1
    mark, office = _office_pattern()
    who = mark.match(nfkc(doc.text[spans[k][0]:spans[k][1]]).strip())
    found = office.match(re.sub(r"\s+", "", who.group("who"))) if who else None
    return found.group("office") if found else None


@cache
def _total_pattern() -> re.Pattern[str]:
    """An account's name, a few words naming its figure (「…当初予算案の総額」「…など4つの特別会計の合計」), the particle
    before the figure: 「一般会計が」「全会計の総額は、」."""
    words = vocabulary()["prose"]
    names = "|".join(map(re.escape, sorted([*words["accounts"], *words["whole"]], key=len, reverse=True)))
    # (「一般会計からの繰出金は…」「一般会計に積み立てる…」: a figure moved from or to the account, not its size)
    return re.compile(rf"(?P<account>{names})(?P<rest>(?:(?!から|へ|に|を)[^。、]){{0,16}}?)(?:は|が|で|[:：])\s*[、,]?\s*"
                      r"(?=約?\s*[\d〇一二三四五六七八九十百千])")


# How the figure compares with last year's: 「前年度比３．２％の増」「前年度当初予算と比べ百五十六億円、二・一パーセントの増」.
_CHANGE = re.compile(r"前年度[^。]*?(?:比|比べ|比較)[^。]*?(?P<way>増|減)(?:加|少)?")


def stated_totals(doc: Document, texts: list[tuple[str, list[int]]], fiscal_year: int | None) -> list[Program]:
    """The sizes of the accounts a speech states in its sentences, as totals (kind "total", never summed): titled by
    the account (一般会計, 特別会計, 公営企業会計) or 合計 for all of them (「全会計の総額」), each with the comparison
    with last year said after it as a section 「前年度比」 (and the change in yen when stated, 増 or 減). One per
    account, the first stated. `texts`: the speech's paragraphs as `_folded` makes them."""
    whole = tuple(vocabulary()["prose"]["whole"])
    totals: dict[str, Program] = {}
    for text, where in texts:
        found = list(_total_pattern().finditer(text))
        for n, m in enumerate(found):
            amount = AMOUNT_RE.match(text, m.end())
            yen = amount_yen(amount) if amount else None
            if amount is None or yen is None:
                continue
            title = "合計" if m.group("account").startswith(whole) else m.group("account")
            if title in totals:
                continue
            limit = found[n + 1].start() if n + 1 < len(found) else len(text)
            limit = min(limit, text.find("。", amount.end()) + 1 or len(text))
            a_start, a_end = _span(where, amount.start(), amount.end())
            written = doc.text[a_start:a_end]
            budget = Budget(yen=yen, text=written, amount_text=written, label="予算額", fiscal_year=fiscal_year,
                            approx=bool(amount.group("approx")), start=a_start, end=a_end)
            end = a_end
            sections = [Section(name="予算額", heading="予算額", start=a_start, end=a_end)]
            change = _CHANGE.search(text, amount.end(), limit)
            if change is not None and not _total_pattern().search(text, amount.end(), change.start()):
                c_start, c_end = _span(where, change.start(), change.end())
                sections.append(Section(name="前年度比", heading="前年度比", start=c_start, end=c_end))
                end = c_end
                moved = next(((a, y) for a in AMOUNT_RE.finditer(text, change.start(), change.end())
                              if (y := amount_yen(a)) is not None), None)
                if moved is not None:  # 「前年度当初予算と比べ百五十六億円、…の増」: the change in yen, as stated
                    a, y = moved
                    m_start, m_end = _span(where, a.start(), a.end())
                    budget.change = Amount(yen=-y if change.group("way") == "減" else y, text=doc.text[m_start:m_end],
                                           label="前年度比", start=m_start, end=m_end)
            begin = m.start()
            while begin > 0 and re.match(r"[一-龥ァ-ヶー]", text[begin - 1]):
                begin -= 1  # 「国民健康保険特別会計など…」: the account's whole name
            start = where[begin]
            totals[title] = Program(id=program_id(doc.name, f"{title}（予算の規模）"), title=title, document=doc.name,
                                    start=start, end=end, budget=budget, kind="total", sections=sections)
    return list(totals.values())


# A sentence announcing a part of a speech: a short lead (「まず、」「次に、」), what the part is about, 「について申し上げま
# す」; 「第1の柱であります物価高騰対策」 is about 物価高騰対策.
_PART = re.compile(r"^\s*(?:[^、。,]{1,8}[、,])?\s*(?P<subject>[^。、,]{2,40}?)\s*(?:について|につきまして|に関して)\s*"
                   r"(?:ご説明|御説明)?\s*申し上げ")
# 「次に、民生費であります。」: a 款 announced (vocabulary [prose] kan).
_KAN = re.compile(r"^\s*(?:[^、。,]{1,8}[、,])?\s*(?P<subject>" + "|".join(map(re.escape, vocabulary()["prose"]["kan"]))
                  + r")\s*(?:でございます|であります|です|について)")
_PART_LEAD = re.compile(r"^.*(?:であります|でございます|である|として)")


def _announced_parts(texts: list[tuple[str, list[int]]]) -> list[tuple[int, str]]:
    """(offset, subject) of each paragraph of a speech opening with a sentence that announces a part of it (「まず、第1
    の柱であります物価高騰対策について申し上げます。」 -> 物価高騰対策); a bill's (「議案第46号…について」) ends the part
    before it: (offset, ""). `texts`: the speech's paragraphs as `_folded` makes them."""
    out = []
    for text, where in texts:
        first = prose_names.sentences(text)[:1]
        if not first:
            continue
        sentence = text[first[0][0]:first[0][1]]
        if "議案" in sentence or "補正予算" in sentence:
            out.append((where[0], ""))
            continue
        m = _PART.match(sentence) or _KAN.match(sentence)
        if m and not AMOUNT_RE.search(m.group("subject")):
            subject = _PART_LEAD.sub("", m.group("subject")).strip()
            out.append((where[0], subject))
    return out


@cache
def _amendment_patterns() -> dict[str, re.Pattern[str]]:
    """The words of a 補正's size per account (vocabulary [prose] amendment_*, accounts) as patterns."""
    words = vocabulary()["prose"]

    def alt(name: str) -> str:
        return "|".join(map(re.escape, sorted(words[name], key=len, reverse=True)))

    return {
        # 「…議案第46号令和8年度桐ヶ丘市国民健康保険特別会計補正予算（第1号）…」: the account a bill amends
        "bill": re.compile(rf"(?P<account>[^\s、。,「」『』（）()]*?(?:{alt('accounts')}))\s*補正予算"),
        "account": re.compile(rf"(?P<account>[一-龥ァ-ヶー]*(?:{alt('accounts')}))"),
        "sides": re.compile(alt("amendment_sides")),
        "changed": re.compile(rf"\s*を\s*(?:(?P<added>{alt('amendment_added')})|(?P<reduced>{alt('amendment_reduced')}))"),
        "after": re.compile(rf"(?:{alt('amendment_after')})[^。、,]{{0,12}}?額\s*(?:を|は|が)\s*[、,]?\s*$"),
        # 「…を追加し、歳入歳出予算の総額を歳入歳出それぞれ412億…円とする」: the whole after an amount added
        "whole": re.compile(rf"総額\s*(?:を|は|が)\s*[、,]?\s*(?:{alt('amendment_sides')})?\s*(?:それぞれ)?\s*$"),
    }


def amended_totals(doc: Document, texts: list[tuple[str, list[int]]], fiscal_year: int | None) -> list[Program]:
    """The size of a 補正 per account, as a 提案理由説明 states it (「議案第45号…一般会計補正予算（第3号）について…。今回
    の補正は、歳入歳出それぞれ19億2,740万9千円を追加し、補正後の予算総額を531億7,120万9千円とするもの」): for each account,
    the amount added (taken off: negative) as a total titled by the account (「一般会計」「国民健康保険特別会計」), and the
    whole after the 補正 as one titled 「一般会計（補正後）」; kind "total", never summed. The account is the one the
    sentence names, else the one the last bill named (its year and the city before it taken off); an amount is read only
    in a sentence naming both sides of the account (歳入歳出) or an account, so a program's 「補正額は…」 stays its own.
    `texts`: the speech's paragraphs as `_folded` makes them."""
    p = _amendment_patterns()
    # The city's name before its accounts (「桐ヶ丘市一般会計」 -> 桐ヶ丘市): taken off every account a bill names.
    city = next((m.group("account")[:-len(acc)] for text, _ in texts for m in p["bill"].finditer(text)
                 for acc in vocabulary()["prose"]["accounts"] if m.group("account").endswith(acc)
                 and acc == "一般会計"), "")
    city = re.sub(r"^.*(?:年度|号)", "", city)

    def account_name(raw: str) -> str:
        name = re.sub(r"^.*(?:年度|号)", "", raw)
        return name[len(city):] if city and name.startswith(city) and len(name) > len(city) else name

    totals: dict[str, Program] = {}
    account = None
    for text, where in texts:
        for s0, s1 in prose_names.sentences(text):
            sentence = text[s0:s1]
            bills = list(p["bill"].finditer(sentence))
            if bills:
                account = account_name(bills[-1].group("account"))
                continue  # (the bill's own sentence names it; its figures follow)
            named = p["account"].search(sentence)
            current = account_name(named.group("account")) if named else account
            if current is None or not (p["sides"].search(sentence) or named):
                continue
            changed_before = False
            for m in AMOUNT_RE.finditer(text, s0, s1):
                yen = amount_yen(m)
                if yen is None:
                    continue
                if p["after"].search(text, s0, m.start()) or (changed_before and p["whole"].search(text, s0, m.start())):
                    title, label = f"{current}（補正後）", "補正後の予算総額"
                elif changed := p["changed"].match(text, m.end(), s1):
                    changed_before = True
                    title, label = current, "補正額"
                    yen = -yen if changed.group("reduced") else yen
                else:
                    continue
                if title in totals:
                    continue
                a_start, a_end = _span(where, m.start(), m.end())
                written = doc.text[a_start:a_end]
                budget = Budget(yen=yen, text=written, amount_text=written, label=label, fiscal_year=fiscal_year,
                                approx=bool(m.group("approx")), start=a_start, end=a_end)
                start, end = _span(where, s0, s1)
                totals[title] = Program(id=program_id(doc.name, f"{title}（予算の規模）"), title=title,
                                        document=doc.name, start=start, end=end, budget=budget, kind="total",
                                        sections=[Section(name="予算額", heading=label, start=a_start, end=a_end)])
    return list(totals.values())


def _heading_name(line: Line) -> str:
    """A heading's words without its number or brackets (「１　こどもを…」 -> 「こどもを…」, 「【はじめに】」 -> 「はじめに」)."""
    if line.level:
        return line.stripped
    return L.PLAIN_HEADING_NAME.sub("", line.norm.strip()).strip() or line.stripped


def _section_contacts(lines: list[Line], programs: list[Program]) -> None:
    """A 「問い合わせ　健康福祉課　☎ 0868-72-3121」 line closing a section is the contact of the programs above it,
    back to the heading or the contact line before it (a newsletter ends each page's programs so).

    A contact line at the document's foot, under the last of several headed sections with programs where no other
    section closes with a contact of its own, is the document's (「問い合わせ先　桜浜市議会事務局　議事調査課」 under a
    council's minutes): no program's.
    """
    found_at: list[tuple[int, int, int]] = []  # line index, section start, line start
    since = 0
    for i, line in enumerate(lines):
        if _heading(line):
            since = line.start
            continue
        plain = re.sub(r"^[>\s*]+", "", line.norm)
        if not (L.CONTACT_LABEL.match(plain) and L.PHONE.search(plain)):
            continue
        found_at.append((i, since, line.start))
        since = line.end
    if len(found_at) == 1:
        i, since, at = found_at[0]
        earlier = [p for p in programs if p.end <= since]
        if since and earlier and not any(p.start >= at for p in programs):
            return  # the document's contact, at its foot
    for i, since, at in found_at:
        found = _contacts(lines, [i])
        for program in programs:
            if since <= program.start and program.end <= at and not program.contacts:
                program.contacts = list(found)
