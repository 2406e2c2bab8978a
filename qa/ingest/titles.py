"""The last step of reading a document: a program's title is its name alone.

Layouts read titles as the document writes them; documents of the genre put an item number before the name
(「I-1」「①」「(1)」), flags beside it (【新規】, bare 新/拡 before it) and sometimes the department in brackets after it
(「〔管財課〕」, with what the program does after it on the same line). Whatever layout read the program, these come off the title here, once, by the vocabulary in
`data/vocabulary.toml` ([titles], [markers]): the number is dropped, flags go to `flags`, a bracketed department to
`department` when none was read.
"""

from __future__ import annotations

import re
from functools import cache

from qa.ingest import layout as L
from qa.ingest.models import Program, Section
from qa.ingest.normalize import key, nfkc
from qa.ingest.vocabulary import is_grand_total, is_repeat, markers_in, strip_markers, vocabulary


@cache
def _numbering() -> list[re.Pattern[str]]:
    return [re.compile(p) for p in vocabulary()["titles"]["numbering"]]


@cache
def _department() -> re.Pattern[str]:
    pairs = vocabulary()["titles"]["department_brackets"]
    inner = "|".join(f"{re.escape(p[0])}(?P<d{n}>[^{re.escape(p)}]{{2,30}}){re.escape(p[1])}" for n, p in enumerate(pairs))
    return re.compile(f"(?:{inner})")


@cache
def _enclosing() -> list[tuple[str, str]]:
    """Bracket pairs a list may write a whole name in (data/vocabulary.toml [titles] enclosing_brackets), NFKC."""
    return [(nfkc(p[0]), nfkc(p[1])) for p in vocabulary()["titles"]["enclosing_brackets"]]


def unwrapped(text: str) -> str:
    """A name without the one bracket pair enclosing it whole (「〈賃上げ環境整備支援金〉」 -> 「賃上げ環境整備支援金」);
    any other text as it is (「【新規】…事業」, 「〔共通〕…〔県〕」: brackets that do not enclose the whole)."""
    text = text.strip()
    for open_, close in _enclosing():
        if len(text) > 2 and text.startswith(open_) and text.endswith(close):
            inner = text[len(open_):-len(close)]
            if open_ not in inner and close not in inner and inner.strip():
                return inner.strip()
    return text


_TITLE_LABEL = re.compile(r"^[【［\[〔<＜]\s*(?:事業名称?|施策名|事業の名称|件名)\s*[】］\]〕>＞]\s*[:：]?\s*"
                          r"|^(?:事業名称?|施策名)\s*[:：]\s*")


# 「- 担当課：こども家庭課」 on a line of its own, without a phone: the office after its label (a list item of a
# Markdown 議会説明資料, a field of a program sheet).
_DEPARTMENT_LABEL = re.compile(r"(?:[-*・]\s*)?(?:担当課|担当部署|担当部局|所管課|所管部署|担当)\s*[:：]\s*"
                               r"(?P<d>[^\s\d（(:：]{1,30}?(?:課|室|局|係|部|センター|事務所))")
# 「担当は産業振興課です」「（担当：福祉課）」 inside a sentence: the office it names.
_DEPARTMENT_SAID = re.compile(r"担当(?:課|部署)?\s*(?:は|:)\s*(?P<d>[^\s\d（()、。:]{1,20}?(?:課|室|局|係|センター|事務所))"
                              r"(?=\s*(?:です|でした|となります|[)）、。]|$))")
# An office in corner brackets after a name (markers such as 【新規】 are taken off before this is looked for).
_OFFICE_BRACKET = re.compile(r"\s*【(?P<office>[^【】]{1,30}?(?:課|室|局|係|部|センター|事務所))】\s*$")


def bare_title(title: str) -> tuple[str, list[str], str | None]:
    """A title without its item number, flags and bracketed department.

    Returns:
        (title, flags, department or None). A title that would be left empty is returned as it was.
    """
    text = nfkc(title).strip()
    text = L.LEAD_MARK.sub("", text, count=1).strip() or text  # 「### 1 …」: a Markdown heading's marks
    # 「【事業名】地域脱炭素推進交付金」「事業名：…」: a program sheet's field label before the name.
    text = _TITLE_LABEL.sub("", text, count=1) or text
    for pattern in _numbering():
        match = pattern.match(text)
        if match and match.end() < len(text):
            text = text[match.end():]
            break
    text, flags = strip_markers(text)
    # 「◎【新規】第２子保育料無償化事業」: a legend's mark (◎ 知事重点事業) left before the name once its flag is off
    text = L.LEAD_MARK.sub("", text, count=1).strip() or text
    # 「〈人材確保・育成支援事業〉」「《海外販路開拓支援事業》」: a list's brackets round the whole name, its mark
    text = unwrapped(text)
    department = None
    office = _OFFICE_BRACKET.search(text)
    if office and office.start() >= 2:
        # 「第２子以降保育料無償化事業　【こども未来課】」: an office in corner brackets closing the name
        return text[:office.start()].strip(), flags, office.group("office").strip()
    found = _department().search(text)
    if found and found.start() >= 2:
        # The name ends at its department; what follows it on the line (「〔管財課〕本庁舎及び…」) describes the program.
        department = next(v for v in found.groupdict().values() if v)
        text = text[:found.start()].strip()
    return (text, flags, department) if text else (title, [], None)


def finish_titles(programs: list[Program]) -> None:
    """Apply `bare_title` to every program's title, in place (totals too: 「I 合計」 reads as 合計)."""
    for p in programs:
        # 「熱中症対策推進事業（新規）」 read with its bracket as an alias: a marker, so a flag, not another name.
        for alias in list(p.aliases):
            rest, marked = strip_markers(f"（{alias}）")
            if marked and not rest.strip("（）() "):
                p.aliases.remove(alias)
                p.flags += [f for f in marked if f not in p.flags]
        title, flags, department = bare_title(p.title)
        if title == p.title:
            continue
        p.title = title
        p.flags += [f for f in flags if f not in p.flags]
        p.repeat = p.repeat or is_repeat(p.flags)
        if department and not p.department:
            p.department = department


def flags_opening_text(text: str, programs: list[Program]) -> None:
    """A marker opening a program's first text (a table row's 内容 cell 「【新規】電気・燃料価格の影響を受ける…」, as a
    prefecture's Markdown outline writes it): the program's flag. In place; only programs without flags."""
    for p in programs:
        if p.flags:
            continue
        first = next((s for s in sorted(p.sections, key=lambda s: s.start) if s.name not in ("事業名", "予算額")), None)
        if first is None:
            continue
        opening = text[first.start:first.end].lstrip(" \t|")[:12]
        found = markers_in(opening)
        if found and found[0].start == 0:
            p.flags += [m.flag for m in found if m.flag not in p.flags]


_LINE = re.compile(r"^\s*(\S[^\n]*?)\s*$", re.MULTILINE)


def flags_from_title(title: str, programs: list[Program]) -> int:
    """A list whose title names one marker (「令和８年度 新規事業一覧」「拡充事業調書」, not 「新規・拡充事業一覧」) lists
    programs that carry it: each program without a flag of its own gets it, so that 「新規事業は何件？」 counts its rows.
    In place; returns how many."""
    text = nfkc(title)
    named = re.search(r"(?P<flag>新規|拡充)(?:事業|施策)(?:一覧表?|調書|の概要)", text)
    # (「新規・拡充事業一覧」 names two: its rows carry either, as their own column says)
    if named is None or sum(w in text for w in ("新規", "拡充", "継続", "見直し")) != 1:
        return 0
    flags = [named.group("flag")]
    given = 0
    for program in programs:
        if program.kind == "program" and not program.flags:
            program.flags = list(flags)
            given += 1
    return given


def departments_from_headings(programs: list[Program]) -> int:
    """A program without a department, under a heading that is an office's name (a CMS page's 「## 総務課」 over its
    programs, a list grouped 「【こども家庭課】」): that office is its department. In place; returns how many.

    Only the innermost heading, and only a name that ends as an office's (課, 室, 係, 局, 部, センター…) in a few words:
    「総合戦略推進部会」 or 「安心して子どもを産み育てられる社会」 name no office."""
    given = 0
    for program in programs:
        if program.department or program.kind not in ("program", "item") or not program.categories:
            continue
        inner = nfkc(program.categories[-1]).strip(" 【】[]〔〕（）()■□◆◇●○")
        if 2 <= len(inner) <= 16 and L.OFFICE_END.search(inner) and not inner.endswith("関係") \
                and not re.search(r"[、。のをにがはで\d第]", inner):
            program.department = inner
            given += 1
    return given


def departments_below(text: str, programs: list[Program]) -> None:
    """A department on a line of its own in or under a program (「〔こども未来部 こども家庭課〕」 after its description,
    as a prefecture's 重点施策 writes it, or 「- 担当課：こども家庭課」): the program's department, quoted as its 担当 section. In place; only
    programs without a department, and only a line before the next program of the document begins.

    Args:
        text: the document's text.
        programs: the document's programs (any order).
    """
    ordered = sorted((p for p in programs if p.kind != "passage"), key=lambda p: p.start)
    for n, program in enumerate(ordered):
        if program.department:
            continue
        start = program.start
        end = max(program.end, ordered[n + 1].start if n + 1 < len(ordered) else len(text))
        own = nfkc(text[program.start:program.end])
        # (from where the program is named: a span opening on the sentence before names that one's office first)
        named_at = max(own.find(nfkc(program.title)), 0)
        said = _DEPARTMENT_SAID.search(own, named_at) or _DEPARTMENT_SAID.search(own)
        if said is not None:
            # 「…を計上します（担当：福祉課）」「担当は産業振興課です」: the office a press release names in the program's
            # own sentence (the release's closing 問い合わせ line is the document's, not each program's)
            program.department = said.group("d")
            # (NFKC keeps most texts' length; where it did not, the whole span is quoted rather than a wrong one)
            kept = len(own) == program.end - program.start
            program.sections.append(Section(name="担当・連絡先", heading="担当",
                                            start=program.start + said.start() if kept else program.start,
                                            end=program.start + said.end() if kept else program.end))
            # The release's closing 問い合わせ line, given to every program, is not this program's own office.
            program.contacts = [c for c in program.contacts if program.start <= c.start < program.end]
            continue
        for line in _LINE.finditer(text, start, end):  # each line without its surrounding white space
            found = _department().fullmatch(nfkc(line.group(1))) or _DEPARTMENT_LABEL.fullmatch(nfkc(line.group(1)))
            named = next((v for v in found.groupdict().values() if v), "") if found else ""
            # (「〔産学連携研究開発助成金〕」 over its 予算額: the program's own name in a list's brackets, no office)
            if named and not re.search(r"\d", named) and key(named) != key(program.title):  # 〔補正後 2,940百万円〕 brackets a figure, not an office
                # 〔担当課：河川課〕: the office after its label.
                program.department = re.sub(r"^(?:担当課?|所管課?|問い?合わ?せ先?)\s*[:：]\s*", "", named)
                program.sections.append(Section(name="担当・連絡先", heading="担当", start=line.start(1),
                                                end=line.end(1)))
                break


def _listed_name(title: str) -> str:
    """The key a program is listed again by: its title without a closing bracket (「（エネ特）」「（新規）」)."""
    return key(re.sub(r"[（(][^（）()]*[)）]$", "", nfkc(title).strip()))


def listed_again(programs: list[Program]) -> None:
    """A program a document lists again with the same figure (its pages, then a 「（参考）主要事業一覧」 table at the end
    naming each with 「（エネ特）」 or 「（新規）」) is a repeat: counted and summed once. In place; within each document,
    the first listing stands."""
    seen: set[tuple[str, str, int]] = set()
    for p in programs:
        if p.kind not in ("program", "item") or p.budget is None or p.budget.yen is None:
            continue
        found = (p.document, _listed_name(p.title), p.budget.yen)
        if found in seen:
            p.repeat = True
        seen.add(found)


def listed_in_another(programs: list[Program]) -> None:
    """A program that another document of the corpus lists with the same title, year, kind of budget and figure (a
    town's 予算の概要 and its 主要事業一覧 CSV of the same 15 事業) is one program: each is counted and summed once. The
    copy that says most (last year's figure, a contact, the most text in its sections) stands; the others are repeats. In place."""
    copies: dict[tuple[str, int | None, int], list[Program]] = {}
    for p in programs:
        if p.kind in ("program", "item") and not p.repeat and p.budget is not None and p.budget.yen is not None:
            copies.setdefault((_listed_name(p.title), p.budget.fiscal_year, p.budget.yen), []).append(p)
    for same in copies.values():
        # (a kind one paper does not say, a CSV's 「」 beside a 予算の概要's 当初, is no other kind; 当初 and 補正 are)
        if len({p.document for p in same}) < 2 or len({p.budget.budget_kind for p in same} - {""}) > 1:
            continue
        # Last year's figure and a contact first (a ledger's line beside an open-data row giving both), then the most
        # text in its sections (a 予算の概要's block of 財源, 内容 and 担当 lines over a CSV row's 概要 cell); max keeps
        # the first of equals: the corpus's order decides between two copies that say as much.
        kept = max(same, key=lambda p: (p.budget is not None and p.budget.previous_year is not None, bool(p.contacts),
                                        sum(s.end - s.start for s in p.sections if s.start >= 0)))
        for p in same:
            if p is not kept and p.document != kept.document:
                p.repeat = True


def headings_as_totals(programs: list[Program]) -> None:
    """A row named as a heading of the same document (the summary 「１ 安心して子どもを産み育てられる環境づくり
    27億6,905万円」 over the part that heading opens) is that heading's total: kind "total", never counted or summed
    with the programs under it. In place; for documents read from text, whose summaries repeat their headings."""
    headings = {nfkc(c).replace(" ", "") for p in programs for c in p.categories}
    for p in programs:
        # (a row named 「合計」 is the document's total whatever layout read it as a row)
        # (a row flagged 【新規】/【拡充】 is a program however its slide is titled: 「◆【新規】市制施行100周年記念事業」
        # under 「■ 市制施行100周年記念事業」; a summary repeating a heading carries no flag)
        repeated = nfkc(p.title).replace(" ", "") in headings and not p.flags
        if p.kind in ("program", "item") and (repeated or is_grand_total(p.title)):
            p.kind = "total"
